package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/ndi-chain/ndi/x/did/client/resolver"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// latency is one open-loop query load: requests are due at a fixed rate
// whether or not earlier ones have answered, and each latency is counted
// from when its request was due, so a slow server's queueing shows in the
// tail instead of slowing the load down (no coordinated omission).
type latency struct {
	offered  int     // q/s
	achieved float64 // answered q/s
	requests int
	errors   int
	p50, p99 time.Duration
	first    error
}

// runRate offers `rate` requests a second for d through up to `workers`
// concurrent clients. Requests still unsent 2·d after the start are
// dropped, so an overloaded node bounds the run's length, and show as a
// lower achieved rate.
func runRate(ctx context.Context, rate, workers int, d time.Duration, call func(ctx context.Context, r *rand.Rand) error) latency {
	n := int64(float64(rate) * d.Seconds())
	interval := time.Second / time.Duration(rate)
	var (
		mu      sync.Mutex
		samples []time.Duration
		errs    int
		first   error
		next    atomic.Int64
		wg      sync.WaitGroup
	)
	start := time.Now().Add(10 * time.Millisecond)
	cutoff := start.Add(2 * d)
	for w := range workers {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, seed+1))
			local := make([]time.Duration, 0, int(n)/workers+1)
			var localErr error
			localErrs := 0
			for ctx.Err() == nil {
				k := next.Add(1) - 1
				if k >= n {
					break
				}
				due := start.Add(time.Duration(k) * interval)
				if time.Now().After(cutoff) {
					break
				}
				if wait := time.Until(due); wait > 0 {
					time.Sleep(wait)
				}
				if err := call(ctx, r); err != nil {
					localErrs++
					if localErr == nil {
						localErr = err
					}
					continue
				}
				local = append(local, time.Since(due))
			}
			mu.Lock()
			samples = append(samples, local...)
			errs += localErrs
			if first == nil {
				first = localErr
			}
			mu.Unlock()
		}(uint64(w))
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(samples)
	l := latency{offered: rate, requests: len(samples), errors: errs, first: first, achieved: float64(len(samples)) / elapsed.Seconds()}
	if len(samples) > 0 {
		l.p50 = samples[len(samples)*50/100]
		l.p99 = samples[min(len(samples)-1, len(samples)*99/100)]
	}
	return l
}

// queryLoads is one run of the query loads against one node.
type queryLoads struct {
	status, httpStatus, resolve, httpResolve latency
}

// loadQueries offers cfg.rate q/s of each query kind to one node: the
// status check over gRPC and over REST, DID resolution over gRPC and over
// the W3C HTTP binding.
func loadQueries(ctx context.Context, cfg config, node endpoint, listID string, listSize uint64, dids []string) (queryLoads, error) {
	conn, err := grpc.NewClient(node.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return queryLoads{}, err
	}
	defer func() { _ = conn.Close() }()
	rev := revtypes.NewQueryClient(conn)
	did := didtypes.NewQueryClient(conn)
	if _, err := rev.CredentialStatus(ctx, revtypes.NewQueryCredentialStatusRequest(listID, 0, nil)); err != nil {
		return queryLoads{}, fmt.Errorf("gRPC at %s: %w", node.grpcAddr, err)
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.workers}}
	defer client.CloseIdleConnections()
	get := func(ctx context.Context, u string) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: HTTP %d", u, resp.StatusCode)
		}
		return nil
	}
	statusURL := node.apiURL + "/ndi/revocation/v1/credential-status?list_id=" + url.QueryEscape(listID) + "&index="
	var out queryLoads
	loads := []struct {
		name string
		into *latency
		call func(ctx context.Context, r *rand.Rand) error
	}{
		{"gRPC CredentialStatus", &out.status, func(ctx context.Context, r *rand.Rand) error {
			_, err := rev.CredentialStatus(ctx, revtypes.NewQueryCredentialStatusRequest(listID, r.Uint64N(listSize), nil))
			return err
		}},
		{"REST credential-status", &out.httpStatus, func(ctx context.Context, r *rand.Rand) error {
			return get(ctx, statusURL+strconv.FormatUint(r.Uint64N(listSize), 10))
		}},
		{"gRPC Did resolve", &out.resolve, func(ctx context.Context, r *rand.Rand) error {
			_, err := did.Did(ctx, &didtypes.QueryDidRequest{Id: dids[r.IntN(len(dids))]})
			return err
		}},
		{"HTTP DID resolution", &out.httpResolve, func(ctx context.Context, r *rand.Rand) error {
			return get(ctx, node.apiURL+resolver.IdentifiersPath+dids[r.IntN(len(dids))])
		}},
	}
	for _, l := range loads {
		*l.into = runRate(ctx, cfg.rate, cfg.workers, cfg.queryDuration, l.call)
		logf("%s, %s: offered %d q/s, answered %.0f q/s, p50 %s, p99 %s, %d errors", node.name, l.name,
			cfg.rate, l.into.achieved, ms(l.into.p50), ms(l.into.p99), l.into.errors)
		if l.into.first != nil {
			logf("  first error: %v", l.into.first)
		}
	}
	return out, nil
}

// listFetches is one run of whole-list fetches from one node: the first
// GET after an update committed, then cfg.listGets more.
type listFetches struct {
	first  time.Duration
	cached latency
	bytes  int
}

// fetchList waits until the node has committed the list's sequence seq
// (the update just sent), GETs the whole status list credential once, then
// cfg.listGets times more.
func fetchList(ctx context.Context, cfg config, node endpoint, listID string, seq uint64) (listFetches, error) {
	conn, err := grpc.NewClient(node.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return listFetches{}, err
	}
	defer func() { _ = conn.Close() }()
	if err := waitListSequence(ctx, revtypes.NewQueryClient(conn), listID, seq); err != nil {
		return listFetches{}, fmt.Errorf("%s: %w", node.name, err)
	}
	client := &http.Client{Timeout: 60 * time.Second}
	defer client.CloseIdleConnections()
	u := node.apiURL + resolver.IdentifiersPath + listID
	get := func() (time.Duration, int, error) {
		t0 := time.Now()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return 0, 0, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, 0, err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return 0, 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, 0, fmt.Errorf("GET %s: HTTP %d", u, resp.StatusCode)
		}
		return time.Since(t0), int(n), nil
	}
	var out listFetches
	if out.first, out.bytes, err = get(); err != nil {
		return listFetches{}, err
	}
	// The cached figure: plain GETs of the same list version, bounded by
	// count and by 30 s so an uncached node still ends the run.
	var samples []time.Duration
	deadline := time.Now().Add(30 * time.Second)
	start := time.Now()
	for len(samples) < cfg.listGets && time.Now().Before(deadline) {
		d, _, err := get()
		if err != nil {
			return listFetches{}, err
		}
		samples = append(samples, d)
	}
	slices.Sort(samples)
	out.cached = latency{requests: len(samples), achieved: float64(len(samples)) / time.Since(start).Seconds(),
		p50: samples[len(samples)/2], p99: samples[min(len(samples)-1, len(samples)*99/100)]}
	logf("%s whole list (%d bytes): first GET after the update %s; then %d GETs p50 %s p99 %s", node.name, out.bytes,
		ms(out.first), len(samples), ms(out.cached.p50), ms(out.cached.p99))
	return out, nil
}

// waitListSequence polls a node's gRPC until the list's sequence has
// reached seq, i.e. the node has committed the update that produced it.
func waitListSequence(ctx context.Context, rev revtypes.QueryClient, listID string, seq uint64) error {
	for {
		res, err := rev.CredentialStatus(ctx, revtypes.NewQueryCredentialStatusRequest(listID, 0, nil))
		if err == nil && res.Sequence >= seq {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for list sequence %d: %w", seq, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}
