package jsondiff_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/internal/jsondiff"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	return v
}

func TestPathsOfEqualDocumentsIsEmpty(t *testing.T) {
	doc := `{"a":{"b":[1,{"c":null}],"d":"x"},"e":true}`
	require.Empty(t, jsondiff.Paths("", decode(t, doc), decode(t, doc)))
}

func TestPathsNamesEveryDifferenceInSortedOrder(t *testing.T) {
	a := decode(t, `{"z":1,"list":[1,2,3],"obj":{"k":"v","gone":0,"nul":null},"kind":{"x":1}}`)
	b := decode(t, `{"z":2,"list":[1,5],"obj":{"k":"v","new":[],"nul":null},"kind":[1]}`)
	require.Equal(t, []string{
		`bank.kind: {"x":1} != [1]`,
		"bank.list: 3 elements != 2 elements",
		"bank.list[1]: 2 != 5",
		"bank.obj.gone: 0 != absent",
		"bank.obj.new: absent != []",
		"bank.z: 1 != 2",
	}, jsondiff.Paths("bank", a, b))
}

func TestPathsKeepsAMissingKeyApartFromNull(t *testing.T) {
	require.Equal(t, []string{"k: absent != null"},
		jsondiff.Paths("", decode(t, `{}`), decode(t, `{"k":null}`)))
}

func TestPathsCutsLongValues(t *testing.T) {
	long := strings.Repeat("x", 300)
	got := jsondiff.Paths("", decode(t, `{"k":"`+long+`"}`), decode(t, `{"k":"y"}`))
	require.Len(t, got, 1)
	require.True(t, strings.HasPrefix(got[0], `k: "xxx`), got[0])
	require.True(t, strings.HasSuffix(got[0], `… != "y"`), got[0])
	require.Less(t, len(got[0]), 150)
}

func TestLimit(t *testing.T) {
	diffs := []string{"a", "b", "c", "d"}
	require.Equal(t, diffs, jsondiff.Limit(diffs, 4))
	require.Equal(t, []string{"a", "b", "… and 2 more"}, jsondiff.Limit(diffs, 2))
	require.Equal(t, []string{"a", "b", "c", "d"}, diffs, "the caller's slice is not written")
}
