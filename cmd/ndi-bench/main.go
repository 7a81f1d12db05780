// Command ndi-bench measures NDI Chain against a running 4-validator
// localnet (`make localnet`): DID creates and status changes through real
// transactions signed ahead of time, block time under load, and gRPC and
// HTTP query latency at fixed concurrency. Everything is bounded in count
// and time and talks to 127.0.0.1 only. `make bench` runs it and prints
// one table together with the Go benchmarks of the hot paths.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ndi-chain/ndi/internal/ports"
)

type config struct {
	homes          []string
	rpcs           []string // host:port of each node's CometBFT RPC
	grpcAddr       string
	apiURL         string
	dids           int
	loadAccounts   int
	statusBatches  int
	batchSize      int
	queryDuration  time.Duration
	concurrency    []int
	votingWait     time.Duration
	overallTimeout time.Duration
}

func main() {
	cfg := config{}
	home := flag.String("localnet", "build/localnet", "localnet directory (node homes node0..node3)")
	flag.IntVar(&cfg.dids, "dids", 2000, "DID-create transactions to send")
	flag.IntVar(&cfg.loadAccounts, "accounts", 100, "funded accounts the DID creates are spread over")
	flag.IntVar(&cfg.statusBatches, "status-batches", 8, "status-list updates to send")
	flag.IntVar(&cfg.batchSize, "batch-size", 65536, "scattered indices per status-list update")
	flag.DurationVar(&cfg.queryDuration, "query-duration", 10*time.Second, "how long each query load runs")
	concurrency := flag.String("concurrency", "8,32", "concurrent query clients; each comma-separated level is a run")
	flag.DurationVar(&cfg.votingWait, "voting-wait", 90*time.Second, "how long to wait for the trust-anchor proposal")
	flag.DurationVar(&cfg.overallTimeout, "timeout", 15*time.Minute, "the whole run's time bound")
	flag.StringVar(&cfg.grpcAddr, "grpc", fmt.Sprintf("127.0.0.1:%d", ports.GRPC), "node0 gRPC address")
	flag.StringVar(&cfg.apiURL, "api", fmt.Sprintf("http://127.0.0.1:%d", ports.API), "node0 REST/API address")
	flag.Parse()
	for _, c := range strings.Split(*concurrency, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "ndi-bench: -concurrency %q: want positive integers\n", *concurrency)
			os.Exit(2)
		}
		cfg.concurrency = append(cfg.concurrency, n)
	}
	for i := range 4 {
		cfg.homes = append(cfg.homes, fmt.Sprintf("%s/node%d", *home, i))
		cfg.rpcs = append(cfg.rpcs, fmt.Sprintf("127.0.0.1:%d", ports.For(0, i).RPC))
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.overallTimeout)
	defer cancel()
	report, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ndi-bench:", err)
		os.Exit(1)
	}
	report.print(os.Stdout)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
