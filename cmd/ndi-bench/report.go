package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/ndi-chain/ndi/testutil/procnet"
	revtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// report holds every run of every load.
type report struct {
	started    time.Time
	runs       int
	didCreates []throughput
	status     []throughput
	batchSize  int
	maxGas     int64
	listNode   string
	listBits   uint64
	lists      []listFetches
	// queries[node name] holds one queryLoads per run.
	nodes   []string
	queries map[string][]queryLoads
	rate    int
	batches map[string]float64 // ms/batch of BenchmarkBatchesPerBlock, by sub-benchmark
}

func run(ctx context.Context, cfg config) (*report, error) {
	r := &report{started: time.Now(), runs: cfg.runs, rate: cfg.rate, queries: map[string][]queryLoads{}}
	if cfg.batchesBench != "" {
		var err error
		if r.batches, err = parseBatchesBench(cfg.batchesBench); err != nil {
			return nil, err
		}
	}
	senders, chainID, err := newSenders(ctx, cfg)
	if err != nil {
		return nil, err
	}
	const namespace = "local"
	logf("chain %s, %d senders", chainID, len(senders))
	queryNodes := []endpoint{cfg.validator0}
	listNode := cfg.validator0
	if cfg.queryNode != nil {
		queryNodes = append(queryNodes, *cfg.queryNode)
		listNode = *cfg.queryNode
	} else {
		logf("no full node under the localnet directory: queries go to validator 0 only (start it with LOCALNET_FULL_NODES=1)")
	}
	for _, n := range queryNodes {
		r.nodes = append(r.nodes, n.name)
	}
	r.listNode = listNode.name

	setup, err := setupIssuer(ctx, cfg, senders, chainID, namespace)
	if err != nil {
		return nil, fmt.Errorf("set up an accredited issuer: %w", err)
	}
	logf("issuer %s has list %s", setup.issuer.doc.Id, setup.listID)
	r.listBits = setup.size

	for _, s := range senders {
		if err := s.Refresh(); err != nil {
			return nil, err
		}
	}
	nodes := make([]*procnet.Node, len(senders))
	for i, s := range senders {
		nodes[i] = s.Node()
	}
	loadSenders, err := fundLoadAccounts(ctx, senders[0], nodes, cfg.loadAccounts)
	if err != nil {
		return nil, err
	}
	logf("funded %d load accounts", len(loadSenders))

	if r.maxGas, err = blockMaxGas(ctx, cfg.rpcs[0]); err != nil {
		return nil, err
	}
	r.batchSize = cfg.batchSize
	if r.batchSize == 0 {
		if r.batchSize, err = maxIndicesPerUpdate(ctx, cfg.validator0.grpcAddr); err != nil {
			return nil, err
		}
	}
	if err := senders[0].Refresh(); err != nil {
		return nil, err
	}
	status := newStatusLoad(senders[0], chainID, setup, r.batchSize)
	if err := status.calibrate(ctx, r.maxGas); err != nil {
		return nil, fmt.Errorf("status changes: %w", err)
	}
	batches := cfg.statusBatches
	// Fresh indices are drawn at random; keep the list at most 3/4 set so
	// drawing them stays cheap.
	if maxBatches := int(setup.size*3/4/uint64(r.batchSize)-4) / cfg.runs; batches > maxBatches {
		logf("status changes: %d updates per run would fill the list; sending %d", batches, maxBatches)
		batches = max(1, maxBatches)
	}

	var dids []string
	for run := 1; run <= cfg.runs; run++ {
		logf("run %d of %d", run, cfg.runs)
		for _, s := range loadSenders {
			if err := s.Refresh(); err != nil {
				return nil, err
			}
		}
		creates, committed, err := loadDidCreates(ctx, loadSenders, chainID, namespace, cfg.dids)
		if err != nil {
			return nil, fmt.Errorf("DID creates: %w", err)
		}
		dids = append(dids, committed...)
		r.didCreates = append(r.didCreates, creates)
		logf("DID creates: %d in %.1fs of blocks (%.0f/s), %.1fs end to end", creates.committed, creates.seconds, creates.perSecond(), creates.wallSeconds)

		changes, err := status.run(ctx, batches)
		if err != nil {
			return nil, fmt.Errorf("status changes: %w", err)
		}
		r.status = append(r.status, changes)
		logf("status changes: %d in %.1fs end to end (%.0f/s) over %d blocks", changes.committed, changes.wallSeconds,
			float64(changes.committed)/changes.wallSeconds, changes.blocks)

		list, err := fetchList(ctx, cfg, listNode, setup.listID, status.nextSeq)
		if err != nil {
			return nil, fmt.Errorf("whole list: %w", err)
		}
		r.lists = append(r.lists, list)

		for _, n := range queryNodes {
			q, err := loadQueries(ctx, cfg, n, setup.listID, setup.size, dids)
			if err != nil {
				return nil, fmt.Errorf("queries on %s: %w", n.name, err)
			}
			r.queries[n.name] = append(r.queries[n.name], q)
		}
	}
	return r, nil
}

// maxIndicesPerUpdate reads the chain's batch limit.
func maxIndicesPerUpdate(ctx context.Context, grpcAddr string) (int, error) {
	conn, err := grpc.NewClient(grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return 0, err
	}
	defer func() { _ = conn.Close() }()
	res, err := revtypes.NewQueryClient(conn).Params(ctx, &revtypes.QueryParamsRequest{})
	if err != nil {
		return 0, fmt.Errorf("x/revocation params: %w", err)
	}
	return int(res.Params.MaxIndicesPerUpdate), nil
}

// spread is the median and range of one row's runs.
type spread struct{ med, lo, hi float64 }

func spreadOf(vals []float64) spread {
	if len(vals) == 0 {
		return spread{}
	}
	v := slices.Clone(vals)
	slices.Sort(v)
	med := v[len(v)/2]
	if len(v)%2 == 0 {
		med = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return spread{med: med, lo: v[0], hi: v[len(v)-1]}
}

func each[T any](xs []T, f func(T) float64) spread {
	vals := make([]float64, len(xs))
	for i, x := range xs {
		vals[i] = f(x)
	}
	return spreadOf(vals)
}

// f formats a spread with the given verb and unit: "median (min–max)".
func (s spread) f(verb, unit string) string {
	return fmt.Sprintf(verb+"%s ("+verb+"–"+verb+")", s.med, unit, s.lo, s.hi)
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\nNDI Chain load on a 4-validator localnet + %s (%d CPUs, %s, %s); each figure is the median of %d runs, min–max in brackets\n\n",
		r.listNode, runtime.NumCPU(), runtime.GOOS+"/"+runtime.GOARCH, r.started.UTC().Format(time.RFC3339), r.runs)
	fmt.Fprintf(w, "| measure | median (min–max) |\n| --- | --- |\n")
	didRate := each(r.didCreates, throughput.perSecond)
	didE2E := each(r.didCreates, func(t throughput) float64 { return float64(t.committed) / t.wallSeconds })
	failed := each(r.didCreates, func(t throughput) float64 { return float64(t.failed) })
	fmt.Fprintf(w, "| DID-create tx/s (%d txs a run, over the span of their blocks) | %s; end to end %s; failed %s |\n",
		r.didCreates[0].committed+r.didCreates[0].failed, didRate.f("%.0f", ""), didE2E.f("%.0f", ""), failed.f("%.0f", ""))
	fmt.Fprintf(w, "| block time under DID load | avg %s, max %s |\n",
		each(r.didCreates, func(t throughput) float64 { return t.avgBlockSec }).f("%.2f", " s"),
		each(r.didCreates, func(t throughput) float64 { return t.maxBlockSec }).f("%.2f", " s"))
	statusE2E := each(r.status, func(t throughput) float64 { return float64(t.committed) / t.wallSeconds })
	fmt.Fprintf(w, "| status changes/s end to end (%d packed updates of %d scattered indices a run; gas limits %s to %s M each, block max gas %d) | %s; in block time %s; %s blocks |\n",
		r.status[0].committed/r.batchSize, r.batchSize,
		each(r.status, func(t throughput) float64 { return float64(t.minGasLimit) / 1e6 }).f("%.0f", ""),
		each(r.status, func(t throughput) float64 { return float64(t.maxGasLimit) / 1e6 }).f("%.0f", ""), r.maxGas, statusE2E.f("%.0f", ""),
		each(r.status, throughput.perSecond).f("%.0f", ""), each(r.status, func(t throughput) float64 { return float64(t.blocks) }).f("%.0f", ""))
	fmt.Fprintf(w, "| block time under status load | avg %s, max %s |\n",
		each(r.status, func(t throughput) float64 { return t.avgBlockSec }).f("%.2f", " s"),
		each(r.status, func(t throughput) float64 { return t.maxBlockSec }).f("%.2f", " s"))
	for _, node := range r.nodes {
		qs := r.queries[node]
		for _, k := range []struct {
			name string
			get  func(queryLoads) latency
		}{
			{"gRPC status check", func(q queryLoads) latency { return q.status }},
			{"REST status check", func(q queryLoads) latency { return q.httpStatus }},
			{"gRPC DID resolve", func(q queryLoads) latency { return q.resolve }},
			{"HTTP DID resolution", func(q queryLoads) latency { return q.httpResolve }},
		} {
			fmt.Fprintf(w, "| %s, %s, %d q/s offered | answered %s q/s, p50 %s, p99 %s, errors %s |\n", k.name, node, r.rate,
				each(qs, func(q queryLoads) float64 { return k.get(q).achieved }).f("%.0f", ""),
				each(qs, func(q queryLoads) float64 { return msOf(k.get(q).p50) }).f("%.2f", " ms"),
				each(qs, func(q queryLoads) float64 { return msOf(k.get(q).p99) }).f("%.2f", " ms"),
				each(qs, func(q queryLoads) float64 { return float64(k.get(q).errors) }).f("%.0f", ""))
		}
	}
	fmt.Fprintf(w, "| whole %d-entry list over HTTP, %s, first GET after an update | %s (%s bytes) |\n", r.listSize(), r.listNode,
		each(r.lists, func(l listFetches) float64 { return msOf(l.first) }).f("%.0f", " ms"),
		each(r.lists, func(l listFetches) float64 { return float64(l.bytes) }).f("%.0f", ""))
	fmt.Fprintf(w, "| whole list, %s, the next %d GETs (cache warm) | p50 %s, p99 %s |\n", r.listNode, r.lists[0].cached.requests,
		each(r.lists, func(l listFetches) float64 { return msOf(l.cached.p50) }).f("%.1f", " ms"),
		each(r.lists, func(l listFetches) float64 { return msOf(l.cached.p99) }).f("%.1f", " ms"))
	r.printTargets(w, statusE2E, didRate)
}

func (r *report) listSize() uint64 { return r.listBits }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", msOf(d)) }

func metOr(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}

// printTargets prints the target table of issue 10.
func (r *report) printTargets(w io.Writer, statusE2E, didRate spread) {
	fmt.Fprintf(w, "\n| measure (issue 10) | target | measured (median of %d; min–max) | |\n| --- | --- | --- | --- |\n", r.runs)
	fmt.Fprintf(w, "| status changes, end to end | ≥ 200,000 /s (median) | %s /s | %s |\n", statusE2E.f("%.0f", ""), metOr(statusE2E.med >= 200_000))
	fmt.Fprintf(w, "| DID creates | ≥ 800 tx/s (median) | %s tx/s | %s |\n", didRate.f("%.0f", ""), metOr(didRate.med >= 800))
	qs := r.queries[r.nodes[len(r.nodes)-1]]
	achieved := each(qs, func(q queryLoads) float64 { return q.status.achieved })
	p99 := each(qs, func(q queryLoads) float64 { return msOf(q.status.p99) })
	fmt.Fprintf(w, "| status check on the query node (gRPC, %s) | p99 ≤ 5 ms at ≥ 5,000 q/s | p99 %s at %d q/s offered, %s q/s answered | %s |\n",
		r.nodes[len(r.nodes)-1], p99.f("%.2f", " ms"), r.rate, achieved.f("%.0f", ""), metOr(r.rate >= 5000 && achieved.med >= 0.98*float64(r.rate) && p99.med <= 5))
	cached := each(r.lists, func(l listFetches) float64 { return msOf(l.cached.p99) })
	fmt.Fprintf(w, "| whole %d-entry list over HTTP, cached | p99 ≤ 20 ms | p99 %s | %s |\n", r.listSize(), cached.f("%.1f", " ms"), metOr(cached.med <= 20))
	first := each(r.lists, func(l listFetches) float64 { return msOf(l.first) })
	fmt.Fprintf(w, "| whole list, first fetch after an update | ≤ 300 ms | %s | %s |\n", first.f("%.0f", " ms"), metOr(first.med <= 300))
	if r.batches == nil {
		fmt.Fprintf(w, "| 16 large batches in one block | ≤ 1.5× the time per batch of one | not run (-batches-bench) | |\n")
		return
	}
	var parts []string
	ok := true
	for _, mode := range []string{"txs", "one-tx"} {
		k1, k4, k16 := r.batches["K=1/"+mode], r.batches["K=4/"+mode], r.batches["K=16/"+mode]
		if k1 == 0 || k16 == 0 {
			parts = append(parts, mode+": missing from the benchmark output")
			ok = false
			continue
		}
		ratio := k16 / k1
		ok = ok && ratio <= 1.5
		parts = append(parts, fmt.Sprintf("%s: %.0f / %.0f / %.0f ms per batch at K = 1 / 4 / 16, ratio %.2f×", mode, k1, k4, k16, ratio))
	}
	fmt.Fprintf(w, "| 16 large batches in one block (Go benchmark, 65,536 scattered indices each) | ≤ 1.5× the time per batch of one | %s | %s |\n", strings.Join(parts, "; "), metOr(ok))
}

// parseBatchesBench reads the ms/batch metric of each
// BenchmarkBatchesPerBlock sub-benchmark ("K=16/txs") from `go test
// -bench` output.
func parseBatchesBench(path string) (map[string]float64, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(bz), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 || !strings.HasPrefix(fields[0], "BenchmarkBatchesPerBlock/") {
			continue
		}
		name := strings.TrimPrefix(fields[0], "BenchmarkBatchesPerBlock/")
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i] // the GOMAXPROCS suffix
		}
		for i := 1; i+1 < len(fields); i++ {
			if fields[i+1] == "ms/batch" {
				var v float64
				if _, err := fmt.Sscanf(fields[i], "%g", &v); err != nil {
					return nil, fmt.Errorf("%s: %q: %w", path, line, err)
				}
				out[name] = v
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no BenchmarkBatchesPerBlock ms/batch figures", path)
	}
	return out, nil
}
