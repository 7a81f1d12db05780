package apptest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// StoreContents lists every key and value of one module's KV store, in key
// order, so a test saying a refused message "changed nothing" compares the
// whole module state — every collection, present and future — rather than
// one record or one query that could fail for another reason.
func StoreContents(t testing.TB, ctx sdk.Context, key storetypes.StoreKey) []string {
	t.Helper()
	iter := ctx.KVStore(key).Iterator(nil, nil)
	defer func() { require.NoError(t, iter.Close()) }()
	var out []string
	for ; iter.Valid(); iter.Next() {
		out = append(out, fmt.Sprintf("%x = %x", iter.Key(), iter.Value()))
	}
	return out
}
