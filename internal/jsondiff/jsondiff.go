// Package jsondiff lists where two decoded JSON documents differ, path by
// path. Export comparisons (a genesis file against the next, an app state
// against its re-export) use it, so that a failure names the fields that
// changed instead of printing two large documents that look alike.
package jsondiff

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
)

// Paths returns "path: a != b" for every place where a and b differ. Both
// are values as encoding/json decodes into any (objects, arrays, strings,
// numbers, bools, nil). A path is root followed by dot-separated object
// keys and [i] array indices; at the top level of an empty root it is the
// bare key. Object keys are visited in sorted order, so the list is the
// same on every run. A key that only one side has shows as "absent" on the
// other, which keeps a missing field apart from an explicit null; arrays
// of different lengths say so and are then compared over the shorter one.
func Paths(root string, a, b any) []string {
	var out []string
	diff(root, a, b, &out)
	return out
}

// Limit cuts diffs to max entries, the last of them saying how many more
// there were, so a wholly different document does not bury a test log.
func Limit(diffs []string, max int) []string {
	if len(diffs) <= max {
		return diffs
	}
	return append(diffs[:max:max], fmt.Sprintf("… and %d more", len(diffs)-max))
}

func diff(path string, a, b any, out *[]string) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: %s != %s", path, brief(a), brief(b)))
			return
		}
		keys := make([]string, 0, len(av)+len(bv))
		for k := range av {
			keys = append(keys, k)
		}
		for k := range bv {
			if _, ok := av[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			x, inA := av[k]
			y, inB := bv[k]
			if !inA || !inB {
				*out = append(*out, fmt.Sprintf("%s: %s != %s", p, present(x, inA), present(y, inB)))
				continue
			}
			diff(p, x, y, out)
		}
	case []any:
		bv, ok := b.([]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: %s != %s", path, brief(a), brief(b)))
			return
		}
		if len(av) != len(bv) {
			*out = append(*out, fmt.Sprintf("%s: %d elements != %d elements", path, len(av), len(bv)))
		}
		for i := range min(len(av), len(bv)) {
			diff(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i], out)
		}
	default:
		if !reflect.DeepEqual(a, b) {
			*out = append(*out, fmt.Sprintf("%s: %s != %s", path, brief(a), brief(b)))
		}
	}
}

// present is brief(v), or "absent" for a key the object does not have.
func present(v any, ok bool) string {
	if !ok {
		return "absent"
	}
	return brief(v)
}

// briefMax bounds one value in a diff line; the path already says where to
// look.
const briefMax = 120

// brief is v as JSON, cut at briefMax bytes.
func brief(v any) string {
	bz, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	if len(bz) > briefMax {
		return string(bz[:briefMax]) + "…"
	}
	return string(bz)
}
