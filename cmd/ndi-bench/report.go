package main

import (
	"context"
	"fmt"
	"io"

	"os"
	"runtime"
	"time"

	"github.com/ndi-chain/ndi/testutil/procnet"
)

type report struct {
	started    time.Time
	didCreates throughput
	status     throughput
	batchSize  int
	queries    []queryLoads
}

func run(ctx context.Context, cfg config) (*report, error) {
	r := &report{started: time.Now(), batchSize: cfg.batchSize}
	senders, chainID, err := newSenders(ctx, cfg)
	if err != nil {
		return nil, err
	}
	const namespace = "local"
	logf("chain %s, %d senders", chainID, len(senders))

	setup, err := setupIssuer(ctx, cfg, senders, chainID, namespace)
	if err != nil {
		return nil, fmt.Errorf("set up an accredited issuer: %w", err)
	}
	logf("issuer %s has list %s", setup.issuer.doc.Id, setup.listID)

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
	var dids []string
	r.didCreates, dids, err = loadDidCreates(ctx, loadSenders, chainID, namespace, cfg.dids)
	if err != nil {
		return nil, fmt.Errorf("DID creates: %w", err)
	}
	logf("DID creates: %d in %.1fs over %d blocks", r.didCreates.committed, r.didCreates.seconds, r.didCreates.blocks)

	if err := senders[0].Refresh(); err != nil {
		return nil, err
	}
	r.status, err = loadStatusChanges(ctx, senders[0], chainID, setup, cfg.statusBatches, cfg.batchSize)
	if err != nil {
		return nil, fmt.Errorf("status changes: %w", err)
	}
	logf("status changes: %d in %.1fs over %d blocks", r.status.committed, r.status.seconds, r.status.blocks)

	for _, c := range cfg.concurrency {
		q, err := loadQueries(ctx, cfg, c, setup.listID, setup.size, dids)
		if err != nil {
			return nil, fmt.Errorf("queries: %w", err)
		}
		r.queries = append(r.queries, q)
	}
	return r, nil
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\nNDI Chain load on a 4-validator localnet (%d CPUs, %s, %s)\n\n", runtime.NumCPU(), runtime.GOOS+"/"+runtime.GOARCH, r.started.UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "| measure | result | target (DESIGN §9) |\n| --- | --- | --- |\n")
	fmt.Fprintf(w, "| DID-create tx/s | %.0f (%d txs in %.1fs of blocks, %d blocks; %d failed; %.1fs client wall time after sending) | ≥ 500 |\n", r.didCreates.perSecond(), r.didCreates.committed, r.didCreates.seconds, r.didCreates.blocks, r.didCreates.failed, r.didCreates.wallSeconds)
	fmt.Fprintf(w, "| block time under DID load | avg %.2fs, max %.2fs | |\n", r.didCreates.avgBlockSec, r.didCreates.maxBlockSec)
	fmt.Fprintf(w, "| status changes/s (batches of %d scattered indices) | %.0f in block time (%d indices in %.1fs of blocks, %d blocks); %.0f end to end (%.1fs from first send to last commit) | ≥ 50,000 |\n", r.batchSize, r.status.perSecond(), r.status.committed, r.status.seconds, r.status.blocks, float64(r.status.committed)/r.status.wallSeconds, r.status.wallSeconds)
	fmt.Fprintf(w, "| block time under status load | avg %.2fs, max %.2fs | |\n", r.status.avgBlockSec, r.status.maxBlockSec)
	for _, q := range r.queries {
		fmt.Fprintf(w, "| gRPC status check, %d clients | %.0f q/s, p50 %s, p99 %s (%d errors) | p99 ≤ 5 ms at ≥ 5,000 q/s |\n", q.status.concurrency, q.status.qps, ms(q.status.p50), ms(q.status.p99), q.status.errors)
		fmt.Fprintf(w, "| gRPC DID resolve, %d clients | %.0f q/s, p50 %s, p99 %s (%d errors) | |\n", q.resolve.concurrency, q.resolve.qps, ms(q.resolve.p50), ms(q.resolve.p99), q.resolve.errors)
		fmt.Fprintf(w, "| HTTP DID resolve, %d clients | %.0f q/s, p50 %s, p99 %s (%d errors) | |\n", q.httpResolve.concurrency, q.httpResolve.qps, ms(q.httpResolve.p50), ms(q.httpResolve.p99), q.httpResolve.errors)
		printErrors(os.Stderr, q)
	}
}

// printErrors names the first failure of each load that had any.
func printErrors(w io.Writer, q queryLoads) {
	for _, l := range []struct {
		name string
		l    latency
	}{{"status check", q.status}, {"gRPC resolve", q.resolve}, {"HTTP resolve", q.httpResolve}} {
		if l.l.firstError != nil {
			fmt.Fprintf(w, "first %s error (%d clients): %v\n", l.name, l.l.concurrency, l.l.firstError)
		}
	}
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}
