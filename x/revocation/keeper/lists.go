package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	didtypes "github.com/ndi-chain/ndi/x/did/types"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

// Gas charged per index of an update and per chunk touched, on top of the
// store's own read and write costs: both grow with the work done. The
// per-index charge is consumed, for the declared count, after the signature
// check and before ranges are expanded; the per-chunk charge before any
// chunk is read.
const (
	gasPerIndex = 10
	gasPerChunk = 1_000

	// GasDescriptorIndices and GasDescriptorChunks name the charges in an
	// out-of-gas error.
	GasDescriptorIndices = "status list update: indices"
	GasDescriptorChunks  = "status list update: chunks"
)

// CreateStatusList creates an empty list. The issuer must sign with an
// assertionMethod key and hold an ISSUER accreditation valid now.
func (k Keeper) CreateStatusList(ctx context.Context, payload types.CreateStatusListPayload, sigs []didtypes.DidSignature) (types.StatusList, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.StatusList{}, err
	}
	if err := payload.ValidateCreate(params); err != nil {
		return types.StatusList{}, err
	}
	id := types.ListID(payload.IssuerDid, payload.Name)
	if has, err := k.Lists.Has(ctx, id); err != nil {
		return types.StatusList{}, err
	} else if has {
		return types.StatusList{}, types.ErrListExists.Wrapf("%s exists; choose another name", id)
	}
	if err := k.didKeeper.AuthorizeAssertion(ctx, payload.IssuerDid, &payload, sigs); err != nil {
		return types.StatusList{}, err
	}
	if err := k.accreditationKeeper.CheckActiveIssuer(ctx, payload.IssuerDid); err != nil {
		return types.StatusList{}, errorsmod.Wrapf(err, "%s may not create status lists", payload.IssuerDid)
	}
	number, err := k.ListNumbers.Next(ctx)
	if err != nil {
		return types.StatusList{}, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := didtypes.BlockTime(sdkCtx)
	list := types.StatusList{
		Id: id, IssuerDid: payload.IssuerDid, Name: payload.Name, Purpose: payload.Purpose,
		SizeBits: payload.SizeBits, Number: number,
		Created: now, CreatedHeight: sdkCtx.BlockHeight(), Updated: now, UpdatedHeight: sdkCtx.BlockHeight(),
	}
	if err := k.Lists.Set(ctx, id, list); err != nil {
		return types.StatusList{}, err
	}
	if err := k.ListsByIssuer.Set(ctx, collections.Join(list.IssuerDid, id)); err != nil {
		return types.StatusList{}, err
	}
	if err := k.recordVersion(ctx, list, types.ListVersion{Sequence: 0, Time: now, Height: sdkCtx.BlockHeight()}); err != nil {
		return types.StatusList{}, err
	}
	return list, nil
}

// UpdateResult says what an update changed.
type UpdateResult struct {
	List                   types.StatusList
	SetCount, ClearedCount uint64
	ChunksWritten          uint64
	FirstIndex, LastIndex  uint64
}

// UpdateStatusList applies a batch of set and clear operations. Every
// entry is checked before anything is written; issuers keep the power to
// update their lists after their accreditation lapses, so only the DID
// signature is required. Order: cheap checks on the message as sent, the
// signature, gas for the declared indices, then the work they declare.
func (k Keeper) UpdateStatusList(ctx context.Context, payload types.UpdateStatusListPayload, sigs []didtypes.DidSignature) (UpdateResult, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return UpdateResult{}, err
	}
	list, err := k.getList(ctx, payload.ListId)
	if err != nil {
		return UpdateResult{}, err
	}
	if payload.ExpectedSequence != list.Sequence {
		return UpdateResult{}, types.ErrSequenceMismatch.Wrapf("expected_sequence %d, list %s is at %d: fetch it again and re-sign",
			payload.ExpectedSequence, list.Id, list.Sequence)
	}
	// Only checks that walk the message's own entries run before the
	// signature: a range of a million indices is a few bytes, so expanding
	// it (or sorting, or allocating for it) before the issuer has signed
	// and the sender has paid would be free work for anyone.
	total, err := payload.CountIndices(list, params.MaxIndicesPerUpdate)
	if err != nil {
		return UpdateResult{}, err
	}
	if err := k.didKeeper.AuthorizeAssertion(ctx, list.IssuerDid, &payload, sigs); err != nil {
		return UpdateResult{}, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	sdkCtx.GasMeter().ConsumeGas(gasPerIndex*total, GasDescriptorIndices)
	batch, err := payload.ValidateUpdate(list, params.MaxIndicesPerUpdate)
	if err != nil {
		return UpdateResult{}, err
	}

	seq := list.Sequence + 1
	res := UpdateResult{FirstIndex: firstIndex(batch), LastIndex: lastIndex(batch)}
	chunks := touchedChunks(batch)
	sdkCtx.GasMeter().ConsumeGas(gasPerChunk*uint64(len(chunks)), GasDescriptorChunks)
	for _, c := range chunks {
		head, prev, err := k.latestChunk(ctx, list, c)
		if err != nil {
			return UpdateResult{}, err
		}
		bits := make([]byte, types.ChunkLen(list.SizeBits, c))
		copy(bits, prev.Bits)
		start, end := c*types.ChunkBits, (c+1)*types.ChunkBits
		changed := false
		for _, i := range indicesIn(batch.Set, start, end) {
			if types.SetBit(bits, i-start, true) {
				res.SetCount++
				changed = true
			}
		}
		for _, i := range indicesIn(batch.Clear, start, end) {
			if types.SetBit(bits, i-start, false) {
				res.ClearedCount++
				changed = true
			}
		}
		if changed {
			if _, err := k.writeChunk(ctx, list, c, head, prev, seq, bits); err != nil {
				return UpdateResult{}, err
			}
			res.ChunksWritten++
		}
	}

	now := didtypes.BlockTime(sdkCtx)
	list.Sequence, list.Updated, list.UpdatedHeight = seq, now, sdkCtx.BlockHeight()
	if err := k.Lists.Set(ctx, list.Id, list); err != nil {
		return UpdateResult{}, err
	}
	err = k.recordVersion(ctx, list, types.ListVersion{
		Sequence: seq, Time: now, Height: sdkCtx.BlockHeight(), SetCount: res.SetCount, ClearedCount: res.ClearedCount,
	})
	res.List = list
	return res, err
}

func (k Keeper) recordVersion(ctx context.Context, list types.StatusList, v types.ListVersion) error {
	return k.Versions.Set(ctx, collections.Join(list.Number, v.Sequence), v)
}

func (k Keeper) getList(ctx context.Context, id string) (types.StatusList, error) {
	list, err := k.Lists.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return list, types.ErrListNotFound.Wrap(id)
	}
	return list, err
}

// versionAt returns the sequence and version of the list in force at t
// (the last update at or before t, by whole Unix second), or false when the list did not exist
// yet. Versions 0…list.Sequence are written in time order, so the answer
// is the latest version when it was written by t (one read) and otherwise
// a binary search by point reads, O(log versions) reads and no iterator,
// so that every read can be proven against an app hash.
func (k Keeper) versionAt(ctx context.Context, list types.StatusList, t time.Time) (uint64, types.ListVersion, bool, error) {
	at := t.Unix()
	v, err := k.Versions.Get(ctx, collections.Join(list.Number, list.Sequence))
	if err != nil || v.Time.Unix() <= at {
		return list.Sequence, v, err == nil, err
	}
	// Invariant: versions below lo were written by t, versions from hi on
	// after it; found holds version lo-1 once there is one.
	var found types.ListVersion
	lo, hi := uint64(0), list.Sequence
	for lo < hi {
		mid := lo + (hi-lo)/2
		if v, err = k.Versions.Get(ctx, collections.Join(list.Number, mid)); err != nil {
			return 0, v, false, err
		}
		if v.Time.Unix() > at {
			hi = mid
		} else {
			found, lo = v, mid+1
		}
	}
	if lo == 0 {
		return 0, found, false, nil
	}
	return lo - 1, found, true, nil
}

// bitstringAt assembles the whole list as it was after update seq.
func (k Keeper) bitstringAt(ctx context.Context, list types.StatusList, seq uint64) ([]byte, error) {
	out := make([]byte, 0, list.SizeBits/8)
	for c := range types.ChunkCount(list.SizeBits) {
		bits, err := k.chunkAt(ctx, list, c, seq)
		if err != nil {
			return nil, err
		}
		out = append(out, bits...)
	}
	return out, nil
}

// touchedChunks lists, ascending, the chunks a batch touches.
func touchedChunks(b types.Batch) []uint64 {
	var chunks []uint64
	add := func(idx []uint64) {
		for _, i := range idx {
			c := i / types.ChunkBits
			if n := len(chunks); n == 0 || chunks[n-1] != c {
				chunks = append(chunks, c)
			}
		}
	}
	add(b.Set)
	setChunks := chunks
	chunks = nil
	add(b.Clear)
	return mergeSorted(setChunks, chunks)
}

func mergeSorted(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return out
}

// indicesIn returns the sub-slice of sorted idx within [start, end).
func indicesIn(idx []uint64, start, end uint64) []uint64 {
	lo := lowerBound(idx, start)
	hi := lowerBound(idx, end)
	return idx[lo:hi]
}

func lowerBound(idx []uint64, v uint64) int {
	lo, hi := 0, len(idx)
	for lo < hi {
		mid := (lo + hi) / 2
		if idx[mid] < v {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

func firstIndex(b types.Batch) uint64 {
	switch {
	case len(b.Set) == 0:
		return b.Clear[0]
	case len(b.Clear) == 0 || b.Set[0] < b.Clear[0]:
		return b.Set[0]
	default:
		return b.Clear[0]
	}
}

func lastIndex(b types.Batch) uint64 {
	switch {
	case len(b.Set) == 0:
		return b.Clear[len(b.Clear)-1]
	case len(b.Clear) == 0 || b.Set[len(b.Set)-1] > b.Clear[len(b.Clear)-1]:
		return b.Set[len(b.Set)-1]
	default:
		return b.Clear[len(b.Clear)-1]
	}
}
