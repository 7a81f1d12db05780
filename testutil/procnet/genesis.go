package procnet

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Genesis is a genesis file, e.g. one `ndid export` wrote: whole, as
// generic JSON for DiffGenesis, and the fields a test checks.
type Genesis struct {
	Raw           map[string]any
	ChainID       string
	InitialHeight int64
	AppState      map[string]json.RawMessage // by module
}

// ReadGenesis reads and decodes the genesis file at path; it must have an
// app_state.
func ReadGenesis(path string) (*Genesis, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read genesis: %w", err)
	}
	g := &Genesis{}
	if err := json.Unmarshal(bz, &g.Raw); err != nil {
		return nil, fmt.Errorf("genesis %s: %w", path, err)
	}
	var typed struct {
		ChainID       string                     `json:"chain_id"`
		InitialHeight json.Number                `json:"initial_height"`
		AppState      map[string]json.RawMessage `json:"app_state"`
	}
	if err := json.Unmarshal(bz, &typed); err != nil {
		return nil, fmt.Errorf("genesis %s: %w", path, err)
	}
	g.ChainID, g.AppState = typed.ChainID, typed.AppState
	g.InitialHeight, err = strconv.ParseInt(strings.Trim(typed.InitialHeight.String(), `"`), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("genesis %s: initial_height %q: %w", path, typed.InitialHeight, err)
	}
	if len(g.AppState) == 0 {
		return nil, fmt.Errorf("genesis %s: %w", path, errNoAppState)
	}
	return g, nil
}

var errNoAppState = errors.New("no app_state")

// maxDiffsShown bounds what DiffGenesis lists, so a wholly different file
// does not bury the test log.
const maxDiffsShown = 60

// DiffGenesis lists the JSON paths where a and b differ, each with both
// values: diffs are those not ignored, skipped those ignored ([*] in an
// ignored path matches any array index). Past 60 diffs it says how many
// more there are.
func DiffGenesis(a, b map[string]any, ignored []string) (diffs, skipped []string) {
	var all []string
	diffJSON("", a, b, &all)
	for _, d := range all {
		path, _, _ := strings.Cut(d, ": ")
		if slices.Contains(ignored, arrayIndex.ReplaceAllString(path, "[*]")) {
			skipped = append(skipped, d)
		} else {
			diffs = append(diffs, d)
		}
	}
	if len(diffs) > maxDiffsShown {
		diffs = append(diffs[:maxDiffsShown], fmt.Sprintf("… and %d more", len(diffs)-maxDiffsShown))
	}
	return diffs, skipped
}

var arrayIndex = regexp.MustCompile(`\[\d+\]`)

// diffJSON appends to out "path: a != b" for every place where a and b,
// decoded JSON, differ; object keys are visited in sorted order.
func diffJSON(path string, a, b any, out *[]string) {
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
			diffJSON(p, av[k], bv[k], out)
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
			diffJSON(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i], out)
		}
	default:
		if !reflect.DeepEqual(a, b) {
			*out = append(*out, fmt.Sprintf("%s: %s != %s", path, brief(a), brief(b)))
		}
	}
}

// brief is v as JSON, cut at 120 bytes.
func brief(v any) string {
	bz, _ := json.Marshal(v)
	if len(bz) > 120 {
		return string(bz[:120]) + "…"
	}
	return string(bz)
}
