package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

// The chunk store. Each chunk of a list has numbered versions (ordinals
// 1, 2, … in the order written) and a head naming the latest, so:
//   - an update finds a chunk's latest version with two direct reads and
//     writes two keys per chunk it changes, however many bits: no iterator
//     (whose creation makes the SDK's cache store re-sort every key the
//     block has written) and no key per index;
//   - the version in force at a past sequence is a binary search over the
//     ordinals, O(log versions) reads;
//   - the last change of a bit at or before a version is a descent of a
//     Fenwick tree whose nodes are the versions' spans (the union of the
//     changed bits of the versions a node covers): O(log versions) reads
//     while no covering span marks the bit, O(log² versions) in the worst
//     case.

// lowbit is the lowest set bit of n: ordinal n's Fenwick node covers the
// ordinals (n - lowbit(n), n].
func lowbit(n uint64) uint64 { return n & -n }

// chunkHead returns chunk c's head, or ok false when it was never written.
func (k Keeper) chunkHead(ctx context.Context, list types.StatusList, c uint64) (types.ChunkHead, bool, error) {
	head, err := k.ChunkHeads.Get(ctx, collections.Join(list.Number, c))
	if errors.Is(err, collections.ErrNotFound) {
		return types.ChunkHead{}, false, nil
	}
	return head, err == nil, err
}

func (k Keeper) chunkRecord(ctx context.Context, list types.StatusList, c, ordinal uint64) (types.ChunkRecord, error) {
	rec, err := k.ChunkRecords.Get(ctx, collections.Join3(list.Number, c, ordinal))
	if err != nil {
		return rec, fmt.Errorf("list %s chunk %d version %d: %w", list.Id, c, ordinal, err)
	}
	return rec, nil
}

// latestChunk returns chunk c's head and latest record (zero values when
// it was never written).
func (k Keeper) latestChunk(ctx context.Context, list types.StatusList, c uint64) (types.ChunkHead, types.ChunkRecord, error) {
	head, ok, err := k.chunkHead(ctx, list, c)
	if err != nil || !ok {
		return head, types.ChunkRecord{}, err
	}
	rec, err := k.chunkRecord(ctx, list, c, head.Ordinal)
	return head, rec, err
}

// writeChunk stores the next version of chunk c, its bits after update seq,
// given its head and the record the head names (zero values for a chunk
// never written) and returns the record written. Its span unions the
// changed bits of the versions its Fenwick node covers: its own and the
// spans of at most log₂(lowbit(ordinal)) earlier nodes, one on average; the
// first of those is prev, which is not read again.
func (k Keeper) writeChunk(ctx context.Context, list types.StatusList, c uint64, head types.ChunkHead, prev types.ChunkRecord, seq uint64, after []byte) (types.ChunkRecord, error) {
	n := head.Ordinal + 1
	changed := make([]byte, len(after))
	if head.Ordinal == 0 {
		copy(changed, after)
	} else {
		for i := range after {
			changed[i] = prev.Bits[i] ^ after[i]
		}
	}
	rec := types.ChunkRecord{Sequence: seq, Bits: after, Changed: types.EncodeChangedBits(changed)}
	if lowbit(n) > 1 {
		span := changed
		for j := n - 1; j > n-lowbit(n); j -= lowbit(j) {
			covered := prev
			if j != head.Ordinal {
				var err error
				if covered, err = k.chunkRecord(ctx, list, c, j); err != nil {
					return rec, err
				}
			}
			if err := types.MergeChangedBits(span, spanOf(covered)); err != nil {
				return rec, fmt.Errorf("list %s chunk %d version %d: %w", list.Id, c, j, err)
			}
		}
		rec.Span = types.EncodeChangedBits(span)
	}
	if err := k.ChunkRecords.Set(ctx, collections.Join3(list.Number, c, n), rec); err != nil {
		return rec, err
	}
	return rec, k.ChunkHeads.Set(ctx, collections.Join(list.Number, c), types.ChunkHead{Ordinal: n, Sequence: seq})
}

// chunkAppender writes a list's chunk versions given in (chunk, sequence)
// order (genesis import, the 1→2 migration), each as the version after the
// one before it, so changed bits and spans are computed as updates compute
// them.
type chunkAppender struct {
	k     Keeper
	list  types.StatusList
	chunk uint64
	head  types.ChunkHead
	prev  types.ChunkRecord
}

func (a *chunkAppender) append(ctx context.Context, c, seq uint64, bits []byte) error {
	if len(bits) != types.ChunkLen(a.list.SizeBits, c) {
		return fmt.Errorf("chunk %d at sequence %d holds %d bytes, want %d", c, seq, len(bits), types.ChunkLen(a.list.SizeBits, c))
	}
	if a.head.Ordinal == 0 || a.chunk != c {
		a.chunk, a.head, a.prev = c, types.ChunkHead{}, types.ChunkRecord{}
	}
	rec, err := a.k.writeChunk(ctx, a.list, c, a.head, a.prev, seq, bits)
	if err != nil {
		return err
	}
	a.head, a.prev = types.ChunkHead{Ordinal: a.head.Ordinal + 1, Sequence: seq}, rec
	return nil
}

// spanOf is a record's Fenwick span; odd ordinals store none, their span
// being their own changed bits.
func spanOf(rec types.ChunkRecord) []byte {
	if len(rec.Span) == 0 {
		return rec.Changed
	}
	return rec.Span
}

// chunkVersionAt returns the ordinal and record of chunk c's version in
// force after update seq, or ordinal 0 when the chunk was not written yet.
func (k Keeper) chunkVersionAt(ctx context.Context, list types.StatusList, c, seq uint64) (uint64, types.ChunkRecord, error) {
	head, ok, err := k.chunkHead(ctx, list, c)
	if err != nil || !ok {
		return 0, types.ChunkRecord{}, err
	}
	if head.Sequence <= seq {
		rec, err := k.chunkRecord(ctx, list, c, head.Ordinal)
		return head.Ordinal, rec, err
	}
	// Sequences grow with ordinals: find the last ordinal written at or
	// before seq in [1, head.Ordinal).
	var found uint64
	var foundRec types.ChunkRecord
	lo, hi := uint64(1), head.Ordinal-1
	for lo <= hi {
		mid := lo + (hi-lo)/2
		rec, err := k.chunkRecord(ctx, list, c, mid)
		if err != nil {
			return 0, rec, err
		}
		if rec.Sequence <= seq {
			found, foundRec, lo = mid, rec, mid+1
		} else {
			hi = mid - 1
		}
	}
	return found, foundRec, nil
}

// chunkAt returns chunk c as it was after update seq (zeros if unwritten).
func (k Keeper) chunkAt(ctx context.Context, list types.StatusList, c, seq uint64) ([]byte, error) {
	ordinal, rec, err := k.chunkVersionAt(ctx, list, c, seq)
	if err != nil || ordinal == 0 {
		return make([]byte, types.ChunkLen(list.SizeBits, c)), err
	}
	return rec.Bits, nil
}

// indexStatus says whether index was set after update seq and the sequence
// of its last change at or before seq (changed false when it never did).
func (k Keeper) indexStatus(ctx context.Context, list types.StatusList, index, seq uint64) (set bool, changedAt uint64, changed bool, err error) {
	c, off := index/types.ChunkBits, index%types.ChunkBits
	ordinal, rec, err := k.chunkVersionAt(ctx, list, c, seq)
	if err != nil || ordinal == 0 {
		return false, 0, false, err
	}
	set = types.Bit(rec.Bits, off)
	chunkLen := types.ChunkLen(list.SizeBits, c)
	// Walk the Fenwick nodes covering (0, ordinal] from the top; the first
	// whose span marks the bit holds the last change, and its own range is
	// searched the same way.
	for j := ordinal; j > 0; {
		if types.ChangedBitsHas(spanOf(rec), chunkLen, off) {
			if types.ChangedBitsHas(rec.Changed, chunkLen, off) {
				return set, rec.Sequence, true, nil
			}
			j--
		} else {
			j -= lowbit(j)
		}
		if j == 0 {
			break
		}
		if rec, err = k.chunkRecord(ctx, list, c, j); err != nil {
			return false, 0, false, err
		}
	}
	return set, 0, false, nil
}
