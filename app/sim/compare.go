package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/internal/jsondiff"
)

// maxDiffPaths bounds how many differing paths a comparison reports per
// module or store.
const maxDiffPaths = 20

// ModuleDiff lists the JSON paths where two exports of one module differ.
type ModuleDiff struct {
	Module string
	Paths  []string
}

// DiffAppState compares two exported app states and returns the modules
// that differ, in name order, with the differing paths (at most
// maxDiffPaths each). A module only one export has is one path, "absent"
// on the other side.
func DiffAppState(a, b []byte) ([]ModuleDiff, error) {
	var va, vb map[string]any
	if err := json.Unmarshal(a, &va); err != nil {
		return nil, fmt.Errorf("first app state: %w", err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		return nil, fmt.Errorf("second app state: %w", err)
	}
	var out []ModuleDiff
	// Paths come in key order, so each module's paths are consecutive.
	for _, p := range jsondiff.Paths("", va, vb) {
		module := p[:strings.IndexAny(p, ".[:")]
		if len(out) == 0 || out[len(out)-1].Module != module {
			out = append(out, ModuleDiff{Module: module})
		}
		out[len(out)-1].Paths = append(out[len(out)-1].Paths, p)
	}
	for i := range out {
		out[i].Paths = jsondiff.Limit(out[i].Paths, maxDiffPaths)
	}
	return out, nil
}

// DiffStores compares the committed KV stores named in two applications
// key by key and describes every difference (at most maxDiffPaths per
// store). skip, when set, leaves out keys that are not expected to survive
// an export.
func DiffStores(a, b *app.App, skip func(store string, key []byte) bool, names ...string) []string {
	var out []string
	for _, name := range names {
		sa := a.CommitMultiStore().GetKVStore(a.GetKey(name))
		sb := b.CommitMultiStore().GetKVStore(b.GetKey(name))
		keep := func(key []byte) bool { return skip == nil || !skip(name, key) }
		ka, va := dump(sa.Iterator(nil, nil), keep)
		kb, vb := dump(sb.Iterator(nil, nil), keep)
		n := 0
		report := func(s string) {
			if n < maxDiffPaths {
				out = append(out, name+": "+s)
			}
			n++
		}
		i, j := 0, 0
		for i < len(ka) || j < len(kb) {
			switch {
			case j >= len(kb) || (i < len(ka) && bytes.Compare(ka[i], kb[j]) < 0):
				report(fmt.Sprintf("key %X only in the first (prefix %#x)", ka[i], ka[i][0]))
				i++
			case i >= len(ka) || bytes.Compare(ka[i], kb[j]) > 0:
				report(fmt.Sprintf("key %X only in the second (prefix %#x)", kb[j], kb[j][0]))
				j++
			default:
				if !bytes.Equal(va[i], vb[j]) {
					report(fmt.Sprintf("key %X (prefix %#x) has different values", ka[i], ka[i][0]))
				}
				i++
				j++
			}
		}
		if n > maxDiffPaths {
			out = append(out, fmt.Sprintf("%s: … %d differences in all", name, n))
		}
	}
	return out
}

type iterator interface {
	Valid() bool
	Next()
	Key() []byte
	Value() []byte
	Close() error
}

func dump(it iterator, keep func([]byte) bool) (keys, values [][]byte) {
	defer func() { _ = it.Close() }()
	for ; it.Valid(); it.Next() {
		if !keep(it.Key()) {
			continue
		}
		keys = append(keys, slices.Clone(it.Key()))
		values = append(values, slices.Clone(it.Value()))
	}
	return keys, values
}

// NotExported leaves out of a store comparison the keys an export does not
// carry by design: x/staking's historical info, one entry per past height,
// which a chain started from an export rebuilds from its initial height.
func NotExported(store string, key []byte) bool {
	return store == stakingtypes.StoreKey && bytes.HasPrefix(key, stakingtypes.HistoricalInfoKey)
}
