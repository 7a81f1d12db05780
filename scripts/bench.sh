#!/usr/bin/env bash
# make bench: measure NDI Chain on this machine and print one table.
#
# 1. runs the Go benchmark of K = 1, 4, 16 large status-list batches in one
#    block (BenchmarkBatchesPerBlock, -benchtime 3x) while the machine is idle;
# 2. starts a fresh localnet of 4 validators and 1 non-validator query node
#    (governance voting 10s, so the benchmark's trust anchor passes quickly)
#    and runs cmd/ndi-bench against it: DID creates and status changes
#    through real transactions, block time under load, gRPC and HTTP query
#    latency at 5,000 q/s offered on validator 0 and on the query node, and
#    the whole status list over HTTP. Each load runs three times; every row
#    gives the median and the spread (min–max). It ends with the issue-10
#    target table (target, measured, met or missed);
# 3. stops the localnet (also on failure) and runs the Go benchmarks of the
#    hot paths.
# Output: the tables on stdout, also written to build/bench/report.md.
# BENCH_ARGS passes flags to cmd/ndi-bench (go run ./cmd/ndi-bench -h).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/build/bench"
mkdir -p "$OUT"
began=$SECONDS

echo "==> Go benchmark: K large batches in one block"
go test -run '^$' -bench 'BatchesPerBlock' -benchtime 3x -benchmem ./x/revocation/keeper/ | tee "$OUT/batches.txt"

bash scripts/localnet.sh stop >/dev/null 2>&1 || true
trap 'bash scripts/localnet.sh stop >/dev/null 2>&1 || true' EXIT
echo "==> starting a fresh localnet: 4 validators and 1 query node"
LOCALNET_VOTING_PERIOD=10s LOCALNET_FULL_NODES=1 bash scripts/localnet.sh start >"$OUT/localnet.log"
echo "==> load, 3 runs of each (progress on stderr)"
go build -o build/ndi-bench ./cmd/ndi-bench
# shellcheck disable=SC2086 # BENCH_ARGS is a list of flags
build/ndi-bench -batches-bench "$OUT/batches.txt" ${BENCH_ARGS:-} | tee "$OUT/load.md"
bash scripts/localnet.sh stop >/dev/null
trap - EXIT

echo "==> Go benchmarks of the hot paths"
go test -run '^$' -bench . -benchtime "${GO_BENCHTIME:-200x}" -benchmem \
	./x/did/didsig/ ./x/did/keeper/ ./x/accreditation/keeper/ >"$OUT/go-bench.txt"
go test -run '^$' -bench 'UpdateScattered1$|UpdateScattered1000$|CredentialStatus|StatusListEncoded' -benchtime 200x -benchmem \
	./x/revocation/keeper/ >>"$OUT/go-bench.txt"
go test -run '^$' -bench 'UpdateScattered65536$' -benchtime 5x -benchmem ./x/revocation/keeper/ >>"$OUT/go-bench.txt"
# A whole verdict on a real node, trusting it and in light mode (issue 11).
go test -run '^$' -bench 'BenchmarkVerify$' -benchtime 20x -benchmem ./verifier/ >>"$OUT/go-bench.txt"
{
	echo
	echo "| Go benchmark | ns/op | B/op | allocs/op |"
	echo "| --- | --- | --- | --- |"
	awk '/^Benchmark/ { name=$1; ns=""; b=""; a="";
		for (i = 2; i <= NF; i++) { if ($(i+1) == "ns/op") ns=$i; if ($(i+1) == "B/op") b=$i; if ($(i+1) == "allocs/op") a=$i }
		printf "| %s | %s | %s | %s |\n", name, ns, b, a }' "$OUT/go-bench.txt"
} | tee "$OUT/go-bench.md"
cat "$OUT/load.md" "$OUT/go-bench.md" >"$OUT/report.md"
echo
echo "make bench took $(((SECONDS - began) / 60)) min $(((SECONDS - began) % 60)) s. Report: build/bench/report.md"
