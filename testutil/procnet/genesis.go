package procnet

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ndi-chain/ndi/internal/jsondiff"
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
// values (jsondiff.Paths): diffs are those not ignored, skipped those
// ignored ([*] in an ignored path matches any array index). Past 60 diffs
// it says how many more there are.
func DiffGenesis(a, b map[string]any, ignored []string) (diffs, skipped []string) {
	for _, d := range jsondiff.Paths("", a, b) {
		path, _, _ := strings.Cut(d, ": ")
		if slices.Contains(ignored, arrayIndex.ReplaceAllString(path, "[*]")) {
			skipped = append(skipped, d)
		} else {
			diffs = append(diffs, d)
		}
	}
	return jsondiff.Limit(diffs, maxDiffsShown), skipped
}

var arrayIndex = regexp.MustCompile(`\[\d+\]`)
