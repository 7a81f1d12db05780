package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
)

// versionAt returns the latest version of id written at or before t, from
// a history keyed (id, version); found is false when id had no version yet
// at t. Anchors and accreditations keep their history this way.
func versionAt[V any](ctx context.Context, history collections.Map[collections.Pair[string, uint64], V], id string, t time.Time, writtenAt func(V) time.Time) (v V, found bool, err error) {
	iter, err := history.Iterate(ctx, collections.NewPrefixedPairRange[string, uint64](id).Descending())
	if err != nil {
		return v, false, err
	}
	defer func() { _ = iter.Close() }() // read-only iterator: nothing to recover on close
	for ; iter.Valid(); iter.Next() {
		kv, err := iter.KeyValue()
		if err != nil {
			return v, false, err
		}
		if !writtenAt(kv.Value).After(t) {
			return kv.Value, true, nil
		}
	}
	return v, false, nil
}
