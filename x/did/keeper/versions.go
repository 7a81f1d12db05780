package keeper

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/did/types"
)

// Latest returns a DID's state and its latest version.
func (k Keeper) Latest(ctx context.Context, did string) (types.DidState, types.DidVersion, error) {
	state, err := k.Dids.Get(ctx, did)
	if errors.Is(err, collections.ErrNotFound) {
		return state, types.DidVersion{}, types.ErrDidNotFound.Wrap(did)
	} else if err != nil {
		return state, types.DidVersion{}, err
	}
	v, err := k.Versions.Get(ctx, collections.Join(did, state.Versions-1))
	return state, v, err
}

// CurrentDocument returns the latest document of a DID and whether it is
// deactivated. Other modules read DIDs through this.
func (k Keeper) CurrentDocument(ctx context.Context, did string) (types.DidDocument, bool, error) {
	state, v, err := k.Latest(ctx, did)
	if err != nil {
		return types.DidDocument{}, false, err
	}
	return v.Document, state.Deactivated, nil
}

// appendVersion stores doc as the DID's next version at the block's time
// and returns its version id.
func (k Keeper) appendVersion(ctx context.Context, doc types.DidDocument, deactivated bool) (string, error) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	state, err := k.Dids.Get(ctx, doc.Id)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return "", err
	}
	seq := state.Versions
	versionID := deriveVersionID(sdkCtx.TxBytes(), doc.Id, seq)
	v := types.DidVersion{
		Document:    doc,
		VersionId:   versionID,
		Time:        types.BlockTime(sdkCtx),
		Height:      sdkCtx.BlockHeight(),
		Deactivated: deactivated,
	}
	if err := k.setVersion(ctx, doc.Id, seq, v); err != nil {
		return "", err
	}
	return versionID, k.Dids.Set(ctx, doc.Id, types.DidState{Versions: seq + 1, Deactivated: deactivated})
}

func (k Keeper) setVersion(ctx context.Context, did string, seq uint64, v types.DidVersion) error {
	if err := k.Versions.Set(ctx, collections.Join(did, seq), v); err != nil {
		return err
	}
	return k.VersionIndex.Set(ctx, collections.Join(did, v.VersionId), seq)
}

// deriveVersionID makes a version id from the transaction that writes the
// version: stable (every node computes the same) and unique per DID even
// when one transaction changes a DID twice.
func deriveVersionID(txBytes []byte, did string, seq uint64) string {
	txHash := sha256.Sum256(txBytes)
	h := sha256.New()
	h.Write([]byte("ndi/did/version/v1"))
	h.Write(txHash[:])
	h.Write([]byte(did))
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], seq)
	h.Write(n[:])
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// StateAt tells whether did existed at time t and whether it was
// deactivated by then. x/accreditation asks this for every DID up an
// accreditation chain when it answers for a past time. Versions are written
// in time order and only the last can be a deactivation, so the first
// version's time says whether the DID existed and the last one's whether
// its deactivation had happened: two point reads at most, which a verifier
// can prove one by one against an app hash.
func (k Keeper) StateAt(ctx context.Context, did string, t time.Time) (exists, deactivated bool, err error) {
	state, err := k.Dids.Get(ctx, did)
	if errors.Is(err, collections.ErrNotFound) {
		return false, false, nil
	} else if err != nil {
		return false, false, err
	}
	first, err := k.Versions.Get(ctx, collections.Join(did, uint64(0)))
	if err != nil || writtenAfter(first, t) {
		return false, false, err
	}
	if !state.Deactivated {
		return true, false, nil
	}
	last := first
	if state.Versions > 1 {
		if last, err = k.Versions.Get(ctx, collections.Join(did, state.Versions-1)); err != nil {
			return false, false, err
		}
	}
	return true, !writtenAfter(last, t), nil
}

// writtenAfter tells whether version v was written after t, at the
// resolution of the time lookups: whole Unix seconds.
func writtenAfter(v types.DidVersion, t time.Time) bool {
	return v.Time.Unix() > t.Unix()
}

// SeqAt returns the sequence of did's version in force at t: the last one
// written at or before t (by whole Unix second), found false when the DID
// did not exist yet. state is the DID's head record. Versions are numbered
// 0…state.Versions-1 in time order, so the answer is the latest version
// when it was written by t (one read: the path of every question about
// the present) and otherwise a binary search by point reads of the
// versions, O(log versions) reads and no iterator, so that every read can
// be proven against an app hash.
func (k Keeper) SeqAt(ctx context.Context, did string, state types.DidState, t time.Time) (seq uint64, found bool, err error) {
	if state.Versions == 0 {
		return 0, false, nil
	}
	latest := state.Versions - 1
	v, err := k.Versions.Get(ctx, collections.Join(did, latest))
	if err != nil || !writtenAfter(v, t) {
		return latest, err == nil, err
	}
	// Invariant: versions below lo were written by t, versions from hi on after it.
	lo, hi := uint64(0), latest
	for lo < hi {
		mid := lo + (hi-lo)/2
		if v, err = k.Versions.Get(ctx, collections.Join(did, mid)); err != nil {
			return 0, false, err
		}
		if writtenAfter(v, t) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo == 0 {
		return 0, false, nil
	}
	return lo - 1, true, nil
}
