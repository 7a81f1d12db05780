package sim_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/app/sim"
)

func TestDiffAppStateGroupsPathsByModule(t *testing.T) {
	a := `{"bank":{"supply":[1,2],"params":{"x":true}},"did":{"dids":[]},"gov":{}}`
	b := `{"bank":{"supply":[1,3],"params":{"x":false}},"did":{"dids":[]},"poa":{}}`
	diffs, err := sim.DiffAppState([]byte(a), []byte(b))
	require.NoError(t, err)
	require.Equal(t, []sim.ModuleDiff{
		{Module: "bank", Paths: []string{"bank.params.x: true != false", "bank.supply[1]: 2 != 3"}},
		{Module: "gov", Paths: []string{"gov: {} != absent"}},
		{Module: "poa", Paths: []string{"poa: absent != {}"}},
	}, diffs)

	same, err := sim.DiffAppState([]byte(a), []byte(a))
	require.NoError(t, err)
	require.Empty(t, same)
}

func TestDiffAppStateBoundsPathsPerModule(t *testing.T) {
	var xs, ys []string
	for i := range 30 {
		xs = append(xs, fmt.Sprint(i))
		ys = append(ys, fmt.Sprint(i+1))
	}
	a := `{"bank":{"supply":[` + strings.Join(xs, ",") + `]}}`
	b := `{"bank":{"supply":[` + strings.Join(ys, ",") + `]}}`
	diffs, err := sim.DiffAppState([]byte(a), []byte(b))
	require.NoError(t, err)
	require.Len(t, diffs, 1)
	require.Len(t, diffs[0].Paths, 21, "20 paths and a count of the rest")
	require.Equal(t, "… and 10 more", diffs[0].Paths[20])
}

func TestDiffAppStateRefusesBrokenJSON(t *testing.T) {
	_, err := sim.DiffAppState([]byte(`{`), []byte(`{}`))
	require.ErrorContains(t, err, "first app state")
	_, err = sim.DiffAppState([]byte(`{}`), []byte(`[`))
	require.ErrorContains(t, err, "second app state")
}
