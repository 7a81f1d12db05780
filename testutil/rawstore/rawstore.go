// Package rawstore reads a module's KV store below the collections layer,
// for tests that must see what is physically stored (e.g. that nothing is
// left under a retired prefix), which no collection can show.
package rawstore

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
)

// KeysUnder returns, hex-encoded and in store order, every key of store
// that starts with prefix.
func KeysUnder(t testing.TB, store storetypes.KVStore, prefix []byte) []string {
	t.Helper()
	iter := storetypes.KVStorePrefixIterator(store, prefix)
	defer func() { require.NoError(t, iter.Close()) }()
	var keys []string
	for ; iter.Valid(); iter.Next() {
		keys = append(keys, fmt.Sprintf("%x", iter.Key()))
	}
	return keys
}
