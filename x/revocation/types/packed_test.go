package types_test

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

func scatteredIndices(n int, size uint64, seed uint64) []uint64 {
	r := rand.New(rand.NewPCG(seed, 1))
	seen := map[uint64]bool{}
	var out []uint64
	for len(out) < n {
		if i := r.Uint64N(size); !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

func TestPackedIndicesRoundTripAndSize(t *testing.T) {
	const size = 16_777_216
	idx := scatteredIndices(65_536, size, 1)
	enc, err := types.PackIndices(idx)
	require.NoError(t, err)
	// The bound: 65,536 scattered indices in ~160 KB at most.
	require.LessOrEqual(t, len(enc), 160_000)
	require.Equal(t, uint64(len(idx)), types.PackedLen(enc))
	got, err := types.UnpackIndices(enc, size)
	require.NoError(t, err)
	require.Equal(t, idx, got)

	for _, edge := range [][]uint64{{0}, {0, 1, 2}, {size - 1}, {0, size - 1}} {
		enc, err := types.PackIndices(edge)
		require.NoError(t, err)
		got, err := types.UnpackIndices(enc, size)
		require.NoError(t, err)
		require.Equal(t, edge, got)
	}
}

func TestPackedIndicesRefusals(t *testing.T) {
	_, err := types.PackIndices([]uint64{5, 5})
	require.ErrorIs(t, err, types.ErrInvalidPacked)
	_, err = types.PackIndices([]uint64{6, 5})
	require.ErrorIs(t, err, types.ErrInvalidPacked)

	// A varint cut short, and one longer than ten bytes.
	_, err = types.UnpackIndices([]byte{0x80}, 100)
	require.ErrorIs(t, err, types.ErrInvalidPacked)
	_, err = types.UnpackIndices(slices.Repeat([]byte{0xff}, 11), 100)
	require.ErrorIs(t, err, types.ErrInvalidPacked)

	// An index, or a gap, past the list's end; a gap that would overflow.
	_, err = types.UnpackIndices(binary.AppendUvarint(nil, 100), 100)
	require.ErrorIs(t, err, types.ErrIndexOutOfRange)
	_, err = types.UnpackIndices(binary.AppendUvarint(binary.AppendUvarint(nil, 10), 89), 100)
	require.ErrorIs(t, err, types.ErrIndexOutOfRange)
	_, err = types.UnpackIndices(binary.AppendUvarint(binary.AppendUvarint(nil, 10), ^uint64(0)), 100)
	require.ErrorIs(t, err, types.ErrIndexOutOfRange)
}

func TestChangedBitsEncodingTakesTheShorterForm(t *testing.T) {
	bitmap := make([]byte, types.ChunkBytes)
	require.Empty(t, types.EncodeChangedBits(bitmap), "nothing changed: nothing stored")
	for _, i := range []uint64{0, 7, 8, 9000, types.ChunkBits - 1} {
		types.SetBit(bitmap, i, true)
	}
	enc := types.EncodeChangedBits(bitmap)
	require.Len(t, enc, 10, "five offsets")
	for _, i := range []uint64{0, 7, 8, 9000, types.ChunkBits - 1} {
		require.True(t, types.ChangedBitsHas(enc, types.ChunkBytes, i), "bit %d", i)
	}
	for _, i := range []uint64{1, 6, 9, 8999, types.ChunkBits - 2} {
		require.False(t, types.ChangedBitsHas(enc, types.ChunkBytes, i), "bit %d", i)
	}
	dec, err := types.DecodeChangedBits(enc, types.ChunkBytes)
	require.NoError(t, err)
	require.Equal(t, bitmap, dec)

	// Dense: the raw bitmap, decoded as itself.
	for i := range uint64(2000) {
		types.SetBit(bitmap, i*7, true)
	}
	enc = types.EncodeChangedBits(bitmap)
	require.Equal(t, bitmap, enc)
	require.True(t, types.ChangedBitsHas(enc, types.ChunkBytes, 7*1999))
	dec, err = types.DecodeChangedBits(enc, types.ChunkBytes)
	require.NoError(t, err)
	require.Equal(t, bitmap, dec)

	// A short last chunk (list sizes are multiples of 8, not of a chunk).
	short := make([]byte, 10)
	types.SetBit(short, 79, true)
	enc = types.EncodeChangedBits(short)
	dec, err = types.DecodeChangedBits(enc, 10)
	require.NoError(t, err)
	require.Equal(t, short, dec)
}

func TestChangedBitsDecodingRefusesMalformedRecords(t *testing.T) {
	for name, enc := range map[string][]byte{
		"odd length":       {0, 1, 2},
		"descending":       {0, 9, 0, 8},
		"repeated":         {0, 8, 0, 8},
		"beyond the chunk": {0, 80},
	} {
		_, err := types.DecodeChangedBits(enc, 10)
		require.Error(t, err, name)
	}
}

// The CLI's payload for a batch declares exactly the batch's indices,
// packed when there are many single ones.
func TestNewUpdatePayloadDeclaresTheBatch(t *testing.T) {
	list := types.StatusList{Id: "l", Purpose: types.STATUS_PURPOSE_SUSPENSION, SizeBits: types.MinSizeBits}
	expand := func(ranges []types.IndexRange) []uint64 {
		var out []uint64
		for _, r := range ranges {
			for i := r.Start; i <= r.End; i++ {
				out = append(out, i)
			}
		}
		slices.Sort(out)
		return out
	}
	var many []types.IndexRange
	for _, i := range scatteredIndices(1000, types.MinSizeBits, 2) {
		many = append(many, types.IndexRange{Start: i, End: i})
	}
	for name, tc := range map[string]struct {
		ranges     []types.IndexRange
		set        bool
		wantPacked bool
	}{
		"a few to set":     {[]types.IndexRange{{Start: 9, End: 9}, {Start: 3, End: 3}}, true, false},
		"a range to set":   {[]types.IndexRange{{Start: 100, End: 199}, {Start: 5, End: 5}}, true, false},
		"many to set":      {many, true, true},
		"a range to clear": {[]types.IndexRange{{Start: 100, End: 199}}, false, true},
		"a few to clear":   {[]types.IndexRange{{Start: 7, End: 7}}, false, false},
		"many to clear":    {many, false, true},
		"ranges and many":  {append([]types.IndexRange{{Start: 0, End: 1}}, many[1:]...), true, true},
	} {
		p, err := types.NewUpdatePayload("l", 4, tc.set, tc.ranges)
		require.NoError(t, err, name)
		require.Equal(t, uint64(4), p.ExpectedSequence)
		require.Equal(t, tc.wantPacked, len(p.SetPacked)+len(p.ClearPacked) > 0, name)
		b, err := p.ValidateUpdate(list, types.DefaultMaxIndicesPerUpdate)
		require.NoError(t, err, name)
		if tc.set {
			require.Equal(t, expand(tc.ranges), b.Set, name)
			require.Empty(t, b.Clear, name)
		} else {
			require.Equal(t, expand(tc.ranges), b.Clear, name)
			require.Empty(t, b.Set, name)
		}
	}
	_, err := types.NewUpdatePayload("l", 0, true, []types.IndexRange{{Start: 5, End: 5}, {Start: 5, End: 5}})
	require.ErrorIs(t, err, types.ErrDuplicateIndex)
}
