// Command ndi-bench measures NDI Chain against a running localnet (`make
// localnet`, 4 validators, with LOCALNET_FULL_NODES=1 a non-validator query
// node as well): DID creates and status changes through real transactions
// signed ahead of time, block time under load, gRPC and HTTP query latency
// at a fixed offered rate on validator 0 and on the query node, and the
// whole status list over HTTP. Each load runs -runs times (3 by default)
// and the report gives the median and the spread (min–max) of each row,
// then the issue-10 target table with met or missed. Everything is bounded
// in count and time and talks to 127.0.0.1 only. `make bench` runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ndi-chain/ndi/internal/ports"
)

// validators is the localnet's validator count; node homes after them are
// full nodes (`ndid testnet init-files --full-node-count`).
const validators = 4

type config struct {
	homes         []string // validator homes, node0..node3
	rpcs          []string // host:port of each validator's CometBFT RPC
	queryNode     *endpoint
	validator0    endpoint
	runs          int
	dids          int
	loadAccounts  int
	statusBatches int
	batchSize     int
	rate          int
	workers       int
	queryDuration time.Duration
	listGets      int
	batchesBench  string
	votingWait    time.Duration
	timeout       time.Duration
}

// endpoint is one node's query ports.
type endpoint struct {
	name     string
	rpc      string // host:port
	grpcAddr string // host:port
	apiURL   string
}

func nodeEndpoint(name string, i int) endpoint {
	p := ports.For(0, i)
	return endpoint{
		name:     name,
		rpc:      fmt.Sprintf("127.0.0.1:%d", p.RPC),
		grpcAddr: fmt.Sprintf("127.0.0.1:%d", p.GRPC),
		apiURL:   fmt.Sprintf("http://127.0.0.1:%d", p.API),
	}
}

func main() {
	cfg := config{}
	home := flag.String("localnet", "build/localnet", "localnet directory (validator homes node0..node3, full nodes after them)")
	flag.IntVar(&cfg.runs, "runs", 3, "times each load runs; the report gives the median and min–max")
	flag.IntVar(&cfg.dids, "dids", 2000, "DID-create transactions per run")
	flag.IntVar(&cfg.loadAccounts, "accounts", 100, "funded accounts the DID creates are spread over")
	flag.IntVar(&cfg.statusBatches, "status-batches", 6, "status-list updates per run")
	flag.IntVar(&cfg.batchSize, "batch-size", 0, "scattered indices per status-list update (0: the chain's max_indices_per_update)")
	flag.IntVar(&cfg.rate, "rate", 5000, "offered query rate (q/s) of each query load")
	flag.IntVar(&cfg.workers, "workers", 64, "concurrent clients available to each query load")
	flag.DurationVar(&cfg.queryDuration, "query-duration", 5*time.Second, "how long each query load offers its rate")
	flag.IntVar(&cfg.listGets, "list-gets", 40, "whole-list GETs per run after the first (the cached figure)")
	flag.StringVar(&cfg.batchesBench, "batches-bench", "", "output of `go test -bench BatchesPerBlock` to report in the target table")
	flag.DurationVar(&cfg.votingWait, "voting-wait", 90*time.Second, "how long to wait for the trust-anchor proposal")
	flag.DurationVar(&cfg.timeout, "timeout", 16*time.Minute, "the whole run's time bound")
	queryNode := flag.Int("query-node", -1, "node index of the query node (-1: the first full node under -localnet, if any)")
	flag.Parse()
	if cfg.runs < 1 || cfg.dids < 1 || cfg.statusBatches < 1 || cfg.loadAccounts < 1 || cfg.rate < 1 || cfg.workers < 1 || cfg.listGets < 1 {
		fmt.Fprintln(os.Stderr, "ndi-bench: -runs, -dids, -status-batches, -accounts, -rate, -workers and -list-gets must be positive")
		os.Exit(2)
	}
	for i := range validators {
		cfg.homes = append(cfg.homes, filepath.Join(*home, fmt.Sprintf("node%d", i)))
		cfg.rpcs = append(cfg.rpcs, nodeEndpoint("", i).rpc)
	}
	cfg.validator0 = nodeEndpoint("validator 0", 0)
	if *queryNode < 0 {
		if st, err := os.Stat(filepath.Join(*home, fmt.Sprintf("node%d", validators))); err == nil && st.IsDir() {
			*queryNode = validators
		}
	}
	if *queryNode >= 0 {
		q := nodeEndpoint(fmt.Sprintf("query node (node%d)", *queryNode), *queryNode)
		cfg.queryNode = &q
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
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
