package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// latency is a closed-loop query load: `concurrency` clients each sending
// the next request when the previous answers, for a fixed duration.
type latency struct {
	requests    int
	errors      int
	qps         float64
	p50, p99    time.Duration
	concurrency int
	firstError  error
}

func runLoad(ctx context.Context, concurrency int, d time.Duration, call func(ctx context.Context, r *rand.Rand) error) latency {
	var (
		mu      sync.Mutex
		samples []time.Duration
		errs    int
		first   error
		wg      sync.WaitGroup
	)
	loadCtx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	for w := range concurrency {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, seed+1))
			local := make([]time.Duration, 0, 4096)
			localErrs := 0
			for loadCtx.Err() == nil {
				t0 := time.Now()
				err := call(loadCtx, r)
				if loadCtx.Err() != nil {
					break
				}
				if err != nil {
					localErrs++
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					continue
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			samples = append(samples, local...)
			errs += localErrs
			mu.Unlock()
		}(uint64(w))
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(samples)
	l := latency{requests: len(samples), errors: errs, firstError: first, concurrency: concurrency, qps: float64(len(samples)) / elapsed.Seconds()}
	if len(samples) > 0 {
		l.p50 = samples[len(samples)*50/100]
		l.p99 = samples[min(len(samples)-1, len(samples)*99/100)]
	}
	return l
}

type queryLoads struct {
	status, resolve, httpResolve latency
}

func loadQueries(ctx context.Context, cfg config, concurrency int, listID string, listSize uint64, dids []string) (queryLoads, error) {
	conn, err := grpc.NewClient(cfg.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return queryLoads{}, err
	}
	defer func() { _ = conn.Close() }()
	rev := revtypes.NewQueryClient(conn)
	did := didtypes.NewQueryClient(conn)
	if _, err := rev.CredentialStatus(ctx, revtypes.NewQueryCredentialStatusRequest(listID, 0, nil)); err != nil {
		return queryLoads{}, fmt.Errorf("gRPC at %s: %w", cfg.grpcAddr, err)
	}
	var out queryLoads
	logf("gRPC CredentialStatus: %d clients for %s", concurrency, cfg.queryDuration)
	out.status = runLoad(ctx, concurrency, cfg.queryDuration, func(ctx context.Context, r *rand.Rand) error {
		_, err := rev.CredentialStatus(ctx, revtypes.NewQueryCredentialStatusRequest(listID, r.Uint64N(listSize), nil))
		return err
	})
	logf("gRPC Did resolve: %d clients for %s", concurrency, cfg.queryDuration)
	out.resolve = runLoad(ctx, concurrency, cfg.queryDuration, func(ctx context.Context, r *rand.Rand) error {
		_, err := did.Did(ctx, &didtypes.QueryDidRequest{Id: dids[r.IntN(len(dids))]})
		return err
	})
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: concurrency}}
	logf("HTTP DID resolution: %d clients for %s", concurrency, cfg.queryDuration)
	out.httpResolve = runLoad(ctx, concurrency, cfg.queryDuration, func(ctx context.Context, r *rand.Rand) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.apiURL+"/1.0/identifiers/"+dids[r.IntN(len(dids))], nil)
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
			return fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		return nil
	})
	return out, nil
}
