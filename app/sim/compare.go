package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app"
)

// maxDiffPaths bounds how many differing paths a comparison reports per
// module or store.
const maxDiffPaths = 20

// ModuleDiff lists the JSON paths where two exports of one module differ.
type ModuleDiff struct {
	Module string
	Paths  []string
}

// DiffAppState compares two exported app states module by module and
// returns the modules that differ, with the differing paths.
func DiffAppState(a, b []byte) ([]ModuleDiff, error) {
	var ma, mb map[string]json.RawMessage
	if err := json.Unmarshal(a, &ma); err != nil {
		return nil, fmt.Errorf("first app state: %w", err)
	}
	if err := json.Unmarshal(b, &mb); err != nil {
		return nil, fmt.Errorf("second app state: %w", err)
	}
	names := make([]string, 0, len(ma)+len(mb))
	for name := range ma {
		names = append(names, name)
	}
	for name := range mb {
		if _, ok := ma[name]; !ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []ModuleDiff
	for _, name := range names {
		ra, okA := ma[name]
		rb, okB := mb[name]
		if !okA || !okB {
			out = append(out, ModuleDiff{Module: name, Paths: []string{fmt.Sprintf("(module present in first export: %t, in second: %t)", okA, okB)}})
			continue
		}
		var va, vb any
		if err := json.Unmarshal(ra, &va); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := json.Unmarshal(rb, &vb); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		var paths []string
		jsonDiff(name, va, vb, &paths)
		if len(paths) > 0 {
			out = append(out, ModuleDiff{Module: name, Paths: paths})
		}
	}
	return out, nil
}

func jsonDiff(path string, a, b any, out *[]string) {
	if len(*out) >= maxDiffPaths {
		return
	}
	switch va := a.(type) {
	case map[string]any:
		vb, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: object vs %T", path, b))
			return
		}
		keys := make([]string, 0, len(va)+len(vb))
		for k := range va {
			keys = append(keys, k)
		}
		for k := range vb {
			if _, ok := va[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			x, okA := va[k]
			y, okB := vb[k]
			if !okA || !okB {
				*out = append(*out, fmt.Sprintf("%s.%s: present %t vs %t", path, k, okA, okB))
				continue
			}
			jsonDiff(path+"."+k, x, y, out)
		}
	case []any:
		vb, ok := b.([]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: array vs %T", path, b))
			return
		}
		if len(va) != len(vb) {
			*out = append(*out, fmt.Sprintf("%s: %d vs %d entries", path, len(va), len(vb)))
		}
		for i := range min(len(va), len(vb)) {
			jsonDiff(fmt.Sprintf("%s[%d]", path, i), va[i], vb[i], out)
		}
	default:
		if fmt.Sprint(a) != fmt.Sprint(b) || fmt.Sprintf("%T", a) != fmt.Sprintf("%T", b) {
			*out = append(*out, fmt.Sprintf("%s: %s vs %s", path, short(a), short(b)))
		}
	}
}

func short(v any) string {
	s := fmt.Sprintf("%v", v)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
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
