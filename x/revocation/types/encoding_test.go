package types_test

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

type statusListVectors struct {
	Vectors []struct {
		Name        string   `json:"name"`
		EncodedList string   `json:"encodedList"`
		LengthBits  int      `json:"lengthBits"`
		SetIndices  []uint64 `json:"setIndices"`
	} `json:"vectors"`
}

// The shared W3C / independent-library vectors decode to exactly the listed
// bits, and our encoding of those bits decodes back to the same bits (GZIP
// output differs between encoders, so encoded strings are never compared).
func TestSharedStatusListVectors(t *testing.T) {
	raw, err := os.ReadFile("testdata/bitstring-status-list.json")
	require.NoError(t, err)
	var v statusListVectors
	require.NoError(t, json.Unmarshal(raw, &v))
	require.NotEmpty(t, v.Vectors)
	for _, vec := range v.Vectors {
		t.Run(vec.Name, func(t *testing.T) {
			bits, err := types.DecodeList(vec.EncodedList)
			require.NoError(t, err)
			require.Len(t, bits, vec.LengthBits/8)
			require.Equal(t, vec.SetIndices, setIndices(bits))

			ours, err := types.EncodeList(bits)
			require.NoError(t, err)
			require.True(t, strings.HasPrefix(ours, "u"), "multibase base64url prefix")
			again, err := types.DecodeList(ours)
			require.NoError(t, err)
			require.Equal(t, bits, again)
		})
	}
}

func TestBitOrderIsMostSignificantFirst(t *testing.T) {
	bits := make([]byte, 2)
	require.True(t, types.SetBit(bits, 0, true))
	require.True(t, types.SetBit(bits, 9, true))
	require.Equal(t, []byte{0x80, 0x40}, bits)
	require.False(t, types.SetBit(bits, 0, true), "setting a set bit changes nothing")
	require.True(t, types.Bit(bits, 9))
	require.True(t, types.SetBit(bits, 9, false))
	require.False(t, types.Bit(bits, 9))
}

func TestDecodeListRejectsGarbage(t *testing.T) {
	for _, s := range []string{"u!!!", "uAAAA", "", "u" + strings.Repeat("A", 10)} {
		_, err := types.DecodeList(s)
		require.ErrorIs(t, err, types.ErrInvalidEncodedList, s)
	}
}

func TestParseIndexSpecAndFiles(t *testing.T) {
	r, err := types.ParseIndexSpec("42")
	require.NoError(t, err)
	require.Equal(t, types.IndexRange{Start: 42, End: 42}, r)
	r, err = types.ParseIndexSpec(" 100-199 ")
	require.NoError(t, err)
	require.Equal(t, types.IndexRange{Start: 100, End: 199}, r)
	for _, bad := range []string{"", "-1", "a", "5-4", "1-", "1-2-3", "18446744073709551616"} {
		_, err := types.ParseIndexSpec(bad)
		require.ErrorIs(t, err, types.ErrInvalidRange, bad)
	}
	got, err := types.ReadIndexFile(strings.NewReader("# revoked 2026-03\n1\n\n 7 \n10-12\n"))
	require.NoError(t, err)
	require.Equal(t, []types.IndexRange{{Start: 1, End: 1}, {Start: 7, End: 7}, {Start: 10, End: 12}}, got)
	_, err = types.ReadIndexFile(strings.NewReader("1\nx\n"))
	require.ErrorIs(t, err, types.ErrInvalidRange)
	require.Contains(t, err.Error(), "line 2")
}

func TestSplitIntoBatches(t *testing.T) {
	batches := types.SplitIntoBatches([]types.IndexRange{{Start: 0, End: 0}, {Start: 10, End: 14}, {Start: 20, End: 20}}, 3)
	require.Equal(t, [][]types.IndexRange{
		{{Start: 0, End: 0}, {Start: 10, End: 11}},
		{{Start: 12, End: 14}},
		{{Start: 20, End: 20}},
	}, batches)
	require.Len(t, types.SplitIntoBatches([]types.IndexRange{{Start: 0, End: 65535}}, 65536), 1)
	require.Len(t, types.SplitIntoBatches([]types.IndexRange{{Start: 0, End: 65536}}, 65536), 2)
	require.PanicsWithValue(t, "SplitIntoBatches: max must be positive", func() {
		types.SplitIntoBatches([]types.IndexRange{{Start: 0, End: 0}}, 0)
	})
}

// TestCheckRangesFit holds the CLI's check of typed indices against the
// list: out of the list, reversed or given twice is refused with the exact
// error, naming the index or range, before any work proportional to what
// was typed.
func TestCheckRangesFit(t *testing.T) {
	const size = 1024
	require.NoError(t, types.CheckRangesFit([]types.IndexRange{{Start: 1023, End: 1023}, {Start: 0, End: 9}, {Start: 10, End: 10}}, size))
	require.NoError(t, types.CheckRangesFit(nil, size))
	for _, c := range []struct {
		name   string
		ranges []types.IndexRange
		want   error
		text   string
	}{
		{"index at the size", []types.IndexRange{{Start: 1024, End: 1024}}, types.ErrIndexOutOfRange, "index 1024: the list has 1024 entries (0-1023)"},
		{"range past the size", []types.IndexRange{{Start: 0, End: 18446744073709551614}}, types.ErrIndexOutOfRange, "range 0-18446744073709551614: the list has 1024 entries"},
		{"reversed", []types.IndexRange{{Start: 5, End: 4}}, types.ErrInvalidRange, "5-4: start > end"},
		{"same index twice", []types.IndexRange{{Start: 7, End: 7}, {Start: 3, End: 3}, {Start: 7, End: 7}}, types.ErrDuplicateIndex, "index 7 given twice (in 7 and 7)"},
		{"overlapping ranges", []types.IndexRange{{Start: 50, End: 60}, {Start: 0, End: 100}}, types.ErrDuplicateIndex, "index 50 given twice (in 0-100 and 50-60)"},
		{"an index inside a range", []types.IndexRange{{Start: 10, End: 20}, {Start: 20, End: 20}}, types.ErrDuplicateIndex, "index 20 given twice (in 10-20 and 20)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := types.CheckRangesFit(c.ranges, size)
			require.ErrorIs(t, err, c.want)
			require.ErrorContains(t, err, c.text)
		})
	}
}

func setIndices(bits []byte) []uint64 {
	out := []uint64{}
	for i := range uint64(len(bits) * 8) {
		if types.Bit(bits, i) {
			out = append(out, i)
		}
	}
	return out
}

func FuzzParseIndexSpec(f *testing.F) {
	for _, s := range []string{"0", "42", "100-199", "5-4", "-", "1-2-3", "18446744073709551615", " 7 ", "9-9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := types.ParseIndexSpec(s)
		if err == nil && r.Start > r.End {
			t.Fatalf("%q parsed to a reversed range %v", s, r)
		}
	})
}

// FuzzReadIndexFile reads index files as the CLI does: ReadIndexFile, then
// CheckRangesFit against a list, then SplitIntoBatches. The batches must
// hold exactly the indices read, in order, each at most the batch limit.
// The list bounds the work: a file naming a range beyond it (the seed
// 0-707000000 once made the splitter build 10^8 batches) is refused first.
func FuzzReadIndexFile(f *testing.F) {
	f.Add("1\n2\n3-5\n")
	f.Add("# comment\n\n  42  \n")
	f.Add("x\n")
	f.Add("0-707000000\n")
	f.Add("4095\n0-4094\n")
	const size, batchLimit = 4096, 7
	f.Fuzz(func(t *testing.T, s string) {
		ranges, err := types.ReadIndexFile(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, r := range ranges {
			if r.Start > r.End {
				t.Fatalf("reversed range %v from %q", r, s)
			}
		}
		if err := types.CheckRangesFit(ranges, size); err != nil {
			if !errors.Is(err, types.ErrIndexOutOfRange) && !errors.Is(err, types.ErrDuplicateIndex) {
				t.Fatalf("ranges from %q refused with %v, want ErrIndexOutOfRange or ErrDuplicateIndex", s, err)
			}
			return
		}
		var read, batched []uint64
		for _, r := range ranges {
			for i := r.Start; i <= r.End; i++ {
				read = append(read, i)
			}
		}
		for _, b := range types.SplitIntoBatches(ranges, batchLimit) {
			var n uint64
			for _, r := range b {
				n += r.End - r.Start + 1
				for i := r.Start; i <= r.End; i++ {
					batched = append(batched, i)
				}
			}
			if n == 0 || n > batchLimit {
				t.Fatalf("batch of %d indices (limit %d) from %q", n, batchLimit, s)
			}
		}
		if !slices.Equal(read, batched) {
			t.Fatalf("batches of %q hold %v, want %v", s, batched, read)
		}
	})
}

func FuzzDecodeList(f *testing.F) {
	f.Add("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")
	f.Add("H4sIAAAAAAAA_-zOQQ0AAAgEIC-6zc3gy81BAroAAAAAAAAAAAAAAPgm1wEAAAAAtjIBAAD__xvnP0YAQAAA")
	f.Add("u")
	f.Add("uAAAA====")
	f.Fuzz(func(t *testing.T, s string) {
		bits, err := types.DecodeList(s)
		if err != nil {
			return
		}
		enc, err := types.EncodeList(bits)
		if err != nil {
			t.Fatal(err)
		}
		again, err := types.DecodeList(enc)
		if err != nil || string(again) != string(bits) {
			t.Fatalf("re-encoding does not round-trip")
		}
	})
}
