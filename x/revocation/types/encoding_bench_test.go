package types

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"testing"
)

// scatteredList is a 16,777,216-entry list with 65,536 distinct set bits at
// seeded pseudo-random places: a full-size list after heavy use, the common
// whole-list fetch of DESIGN §5. Random places are the hard case for GZIP
// (a regular pattern compresses far better).
func scatteredList() []byte {
	const sizeBits, setBits = 1 << 24, 1 << 16
	bits := make([]byte, sizeBits/8)
	r := rand.New(rand.NewPCG(1, 2))
	for set := 0; set < setBits; {
		if SetBit(bits, r.Uint64N(sizeBits), true) {
			set++
		}
	}
	return bits
}

// BenchmarkEncodeListLevels measures encodedList size (bytes, reported as
// the "bytes" metric) against encoding time for each GZIP level considered.
func BenchmarkEncodeListLevels(b *testing.B) {
	bits := scatteredList()
	for _, level := range []int{gzip.BestSpeed, 2, 3, 4, 5, 6, 7, 8, gzip.BestCompression, gzip.HuffmanOnly} {
		b.Run(fmt.Sprintf("level=%d", level), func(b *testing.B) {
			var encoded string
			for b.Loop() {
				var err error
				if encoded, err = encodeListLevel(bits, level); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(encoded)), "bytes")
		})
	}
}

// The chosen level's output of a full-size list decodes to the same bits.
func TestEncodedScatteredListRoundTrips(t *testing.T) {
	bits := scatteredList()
	encoded, err := EncodeList(bits)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := DecodeList(encoded)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bits, decoded) {
		t.Fatal("decoded bits differ from the encoded ones")
	}
}
