package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
)

// versionAt returns the latest of versions 0…n-1 of id written at or
// before t, from a history keyed (id, version) written in time order;
// found is false when id had no version yet at t. Anchors and
// accreditations keep their history this way. Callers answer for the
// present from their head record first, so this is the past-time path: a
// binary search by point reads, O(log n) reads and no iterator, so that
// every read can be proven against an app hash (a proof covers a key or
// its absence, not a reverse scan).
func versionAt[V any](ctx context.Context, history collections.Map[collections.Pair[string, uint64], V], id string, n uint64, t time.Time, writtenAt func(V) time.Time) (v V, found bool, err error) {
	// Invariant: versions below lo were written by t, versions from hi on
	// after it; v holds version lo-1 once found.
	lo, hi := uint64(0), n
	for lo < hi {
		mid := lo + (hi-lo)/2
		probe, err := history.Get(ctx, collections.Join(id, mid))
		if err != nil {
			return v, false, err
		}
		if writtenAt(probe).After(t) {
			hi = mid
		} else {
			v, found, lo = probe, true, mid+1
		}
	}
	return v, found, nil
}
