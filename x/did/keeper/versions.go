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
	if err := k.VersionTimes.Set(ctx, collections.Join(did, v.Time.Unix()), seq); err != nil {
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
// accreditation chain when it answers for a past time.
func (k Keeper) StateAt(ctx context.Context, did string, t time.Time) (exists, deactivated bool, err error) {
	state, err := k.Dids.Get(ctx, did)
	if errors.Is(err, collections.ErrNotFound) {
		return false, false, nil
	} else if err != nil {
		return false, false, err
	}
	seq, found, err := k.SeqAt(ctx, did, t)
	if err != nil || !found {
		return false, false, err
	}
	// Only the last version can be a deactivation.
	return true, state.Deactivated && seq == state.Versions-1, nil
}

// SeqAt returns the sequence of did's version in force at t (the last one
// written at or before t) with one read of the time index.
func (k Keeper) SeqAt(ctx context.Context, did string, t time.Time) (seq uint64, found bool, err error) {
	rng := collections.NewPrefixedPairRange[string, int64](did).EndInclusive(t.Unix()).Descending()
	iter, err := k.VersionTimes.Iterate(ctx, rng)
	if err != nil {
		return 0, false, err
	}
	defer func() { _ = iter.Close() }() // read-only iterator: nothing to recover on close
	if !iter.Valid() {
		return 0, false, nil
	}
	seq, err = iter.Value()
	return seq, err == nil, err
}
