#!/usr/bin/env bash
# make bench: measure NDI Chain on this machine and print one table.
#
# 1. starts a fresh 4-validator localnet (governance voting 10s, so the
#    benchmark's trust anchor passes quickly) and runs cmd/ndi-bench against
#    it: DID creates and status changes through real transactions, block
#    time under load, gRPC and HTTP query latency at fixed concurrency;
# 2. runs the Go benchmarks of the hot paths;
# 3. stops the localnet (also on failure).
# Output: the tables on stdout, also written to build/bench/report.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/build/bench"
mkdir -p "$OUT"

bash scripts/localnet.sh stop >/dev/null 2>&1 || true
trap 'bash scripts/localnet.sh stop >/dev/null 2>&1 || true' EXIT
echo "==> starting a fresh localnet"
LOCALNET_VOTING_PERIOD=10s bash scripts/localnet.sh start >"$OUT/localnet.log"
echo "==> load (progress on stderr)"
go build -o build/ndi-bench ./cmd/ndi-bench
build/ndi-bench ${BENCH_ARGS:-} | tee "$OUT/load.md"
bash scripts/localnet.sh stop >/dev/null
trap - EXIT

echo "==> Go benchmarks of the hot paths"
go test -run '^$' -bench . -benchtime "${GO_BENCHTIME:-200x}" -benchmem \
	./x/did/didsig/ ./x/did/keeper/ ./x/accreditation/keeper/ >"$OUT/go-bench.txt"
go test -run '^$' -bench 'UpdateScattered1$|UpdateScattered1000$|CredentialStatus|StatusListEncoded' -benchtime 200x -benchmem \
	./x/revocation/keeper/ >>"$OUT/go-bench.txt"
go test -run '^$' -bench 'UpdateScattered65536$' -benchtime 5x -benchmem ./x/revocation/keeper/ >>"$OUT/go-bench.txt"
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
echo "Report: build/bench/report.md"
