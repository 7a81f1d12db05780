package sim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/app/sim"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// The short run (the default, part of `go test ./...`): 40 blocks of about
// 10 transactions. `make sim-long` sets NDI_SIM_BLOCKS, NDI_SIM_OPS and
// NDI_SIM_SEED (a list: "1,2,3" or "1-3").
const (
	defaultBlocks = 40
	defaultOps    = 10
	defaultSeed   = 1
)

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	require.NoError(t, err, "%s=%q", name, v)
	require.Positive(t, n, "%s must be positive", name)
	return n
}

func seeds(t *testing.T) []uint64 {
	t.Helper()
	v := os.Getenv("NDI_SIM_SEED")
	if v == "" {
		return []uint64{defaultSeed}
	}
	var out []uint64
	for _, part := range strings.Split(v, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.ParseUint(lo, 10, 64)
		require.NoError(t, err, "NDI_SIM_SEED=%q", v)
		b := a
		if isRange {
			b, err = strconv.ParseUint(hi, 10, 64)
			require.NoError(t, err, "NDI_SIM_SEED=%q", v)
		}
		for s := a; s <= b; s++ {
			out = append(out, s)
		}
	}
	return out
}

func run(t *testing.T, seed uint64, blocks, ops int, verbose bool) *sim.Runner {
	t.Helper()
	cfg := sim.Config{Seed: seed, Blocks: blocks, OpsPerBlock: ops}
	if verbose {
		// Progress goes to stdout as it happens: a long run is silent under
		// t.Logf until its test ends.
		cfg.Logf = func(format string, args ...any) { fmt.Printf(format+"\n", args...) }
	}
	r, err := sim.NewRunner(cfg)
	require.NoError(t, err)
	require.NoError(t, r.Run(), "seed %d", seed)
	return r
}

// TestDeterminism runs the simulation twice per seed on two fresh
// applications and requires the same app hash after every block; then it
// exports the final state, imports it into a fresh application, exports
// again and requires the same state, module by module and key by key.
func TestDeterminism(t *testing.T) {
	blocks := envInt(t, "NDI_SIM_BLOCKS", defaultBlocks)
	ops := envInt(t, "NDI_SIM_OPS", defaultOps)
	verbose := os.Getenv("NDI_SIM_BLOCKS") != ""
	finals := map[uint64][]sim.BlockRecord{}
	for _, seed := range seeds(t) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			start := time.Now()
			first := run(t, seed, blocks, ops, verbose)
			second := run(t, seed, blocks, ops, verbose)
			require.Empty(t, sim.FirstDivergence(first.Blocks, second.Blocks), "seed %d: the same seed gave different chains", seed)
			last := first.Blocks[len(first.Blocks)-1]
			finals[seed] = first.Blocks
			t.Logf("seed %d: %d blocks, identical app hash at every height, final %X (two runs in %s)\n%s",
				seed, len(first.Blocks), last.AppHash, time.Since(start).Round(time.Millisecond), first.StatsTable())
			requireEveryModuleExercised(t, first)
			requireExportImportRoundTrip(t, first)
		})
	}
	t.Run("another seed gives another chain", func(t *testing.T) {
		final := func(b []sim.BlockRecord) []byte { return b[len(b)-1].AppHash }
		if len(finals) > 1 {
			for a, ba := range finals {
				for b, bb := range finals {
					require.True(t, a == b || !bytes.Equal(final(ba), final(bb)), "seeds %d and %d end on the same app hash", a, b)
				}
			}
			return
		}
		for seed, blocks1 := range finals {
			other := run(t, seed+1, blocks, ops, verbose)
			require.NotEqual(t, final(blocks1), final(other.Blocks), "seeds %d and %d end on the same app hash", seed, seed+1)
			// The comparison that finds nothing between runs of one seed
			// does find where runs of two seeds part.
			where := sim.FirstDivergence(blocks1, other.Blocks)
			require.NotEmpty(t, where)
			t.Logf("seeds %d and %d part at %s", seed, seed+1, where)
		}
	})
}

// requireEveryModuleExercised checks that the run did real work in each
// module: accepted operations, refused invalid ones, and exported entries.
func requireEveryModuleExercised(t *testing.T, r *sim.Runner) {
	t.Helper()
	accepted, invalid := map[string]int{}, map[string]int{}
	for _, s := range r.Stats() {
		module, _, _ := strings.Cut(s.Kind, "/")
		accepted[module] += s.Accepted
		invalid[module] += s.Invalid
	}
	for _, m := range []string{"did", "accreditation", "revocation"} {
		require.Positive(t, accepted[m], "no %s operation succeeded", m)
		require.Positive(t, invalid[m], "no invalid %s operation was tried", m)
	}

	exp, err := r.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	var state map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exp.AppState, &state))
	cdc := r.App.AppCodec()

	var dids didtypes.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(state[didtypes.ModuleName], &dids))
	updated := 0
	for _, d := range dids.Dids {
		if len(d.Versions) > 1 {
			updated++
		}
	}
	require.Greater(t, len(dids.Dids), 3, "DIDs beyond the genesis anchors")
	require.Positive(t, updated, "DIDs with more than one version")

	var accr accreditationtypes.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(state[accreditationtypes.ModuleName], &accr))
	require.NotEmpty(t, accr.CredentialTypes, "credential types")
	require.NotEmpty(t, accr.Accreditations, "accreditations")
	changed := 0
	for _, a := range accr.Accreditations {
		if len(a.Versions) > 1 {
			changed++
		}
	}
	require.Positive(t, changed, "accreditations with a lifecycle change")

	var rev revocationtypes.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(state[revocationtypes.ModuleName], &rev))
	require.NotEmpty(t, rev.Lists, "status lists")
	written := 0
	for _, l := range rev.Lists {
		if len(l.Chunks) > 0 {
			written++
		}
	}
	require.Positive(t, written, "status lists with bits set")
	t.Logf("exported: %d DIDs (%d updated), %d credential types, %d accreditations (%d changed), %d status lists (%d written)",
		len(dids.Dids), updated, len(accr.CredentialTypes), len(accr.Accreditations), changed, len(rev.Lists), written)
}

// requireExportImportRoundTrip exports the chain, starts a fresh chain from
// the export at the exported height, and requires that exporting it again
// gives the same app state and validators, and that every store holds
// exactly the same keys and values (x/staking's per-height historical info
// aside).
func requireExportImportRoundTrip(t *testing.T, r *sim.Runner) {
	t.Helper()
	exp, err := r.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	imported, err := sim.Import(exp)
	require.NoError(t, err)
	again, err := imported.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)

	diffs, err := sim.DiffAppState(exp.AppState, again.AppState)
	require.NoError(t, err)
	for _, d := range diffs {
		t.Errorf("export → import → export changed module %s:\n  %s", d.Module, strings.Join(d.Paths, "\n  "))
	}
	require.Len(t, again.Validators, len(exp.Validators))
	for i := range exp.Validators {
		require.Equal(t, exp.Validators[i].Address, again.Validators[i].Address)
		require.Equal(t, exp.Validators[i].Power, again.Validators[i].Power)
	}
	// The imported chain has committed one (empty) block more than the
	// exported one; no module of this app changes state in an empty block
	// after an empty block, so every store must match key for key.
	for _, d := range sim.DiffStores(r.App, imported, sim.NotExported, sim.StoreNames...) {
		t.Errorf("imported store differs: %s", d)
	}
}
