package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSpreadIsTheMedianAndRangeOfTheRuns(t *testing.T) {
	require.Equal(t, spread{med: 5, lo: 1, hi: 9}, spreadOf([]float64{9, 1, 5}))
	require.Equal(t, spread{med: 3, lo: 1, hi: 9}, spreadOf([]float64{9, 1, 5, 1}))
	require.Equal(t, spread{med: 7, lo: 7, hi: 7}, spreadOf([]float64{7}))
	require.Equal(t, "5 ms (1–9)", spreadOf([]float64{9, 1, 5}).f("%.0f", " ms"))
}

func TestParseBatchesBenchReadsMsPerBatchOfEachSubBenchmark(t *testing.T) {
	path := filepath.Join(t.TempDir(), "batches.txt")
	out := "goos: linux\n" +
		"BenchmarkBatchesPerBlock/K=1/txs-2         \t       3\t 401234567 ns/op\t       133.7 ms/batch\t    490000 indices/s\t 1 B/op\n" +
		"BenchmarkBatchesPerBlock/K=16/one-tx-2     \t       3\t 4012345678 ns/op\t       150.2 ms/batch\t    436000 indices/s\n" +
		"BenchmarkUpdateScattered1-2 \t 200\t 96986 ns/op\n" +
		"PASS\n"
	require.NoError(t, os.WriteFile(path, []byte(out), 0o600))
	got, err := parseBatchesBench(path)
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"K=1/txs": 133.7, "K=16/one-tx": 150.2}, got)

	require.NoError(t, os.WriteFile(path, []byte("PASS\n"), 0o600))
	_, err = parseBatchesBench(path)
	require.ErrorContains(t, err, "no BenchmarkBatchesPerBlock ms/batch figures")
}

func TestSpanLevelIsTheTrailingOnesOfTheSequence(t *testing.T) {
	for seq, want := range map[uint64]int{0: 0, 1: 1, 2: 0, 3: 2, 5: 1, 7: 3, 15: 4} {
		require.Equal(t, want, spanLevel(seq), "sequence %d", seq)
	}
}

func TestLimitForPredictsFromTheLevelOrAboveTheHighestSeen(t *testing.T) {
	l := &statusLoad{maxGas: 300_000_000, gasByLevel: map[int]uint64{0: 100_000_000, 1: 140_000_000}}
	require.Equal(t, uint64(110_000_000), l.limitFor(2))
	require.Equal(t, uint64(154_000_000), l.limitFor(5))
	require.Equal(t, uint64(175_000_000), l.limitFor(3)) // level 2 unseen: 25% over level 1
	l.gasByLevel[3] = 290_000_000
	require.Equal(t, uint64(300_000_000), l.limitFor(7)) // capped at the block's gas
}
