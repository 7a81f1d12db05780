package types

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"sort"
)

// Changed bits are stored per chunk version in whichever of two forms is
// shorter: the raw bitmap (as long as the chunk), or the offsets of its set
// bits as big-endian uint16s. A typical scattered update flips a few dozen
// bits of a chunk's 16,384, so its record costs bytes, not a 2 KiB bitmap.
// The two forms never have the same length, so the length tells them apart.

// EncodeChangedBits encodes bitmap (a chunk-sized bitmap) in the shorter form.
func EncodeChangedBits(bitmap []byte) []byte {
	n := 0
	for _, b := range bitmap {
		n += bits.OnesCount8(b)
	}
	if 2*n >= len(bitmap) {
		return append([]byte(nil), bitmap...)
	}
	out := make([]byte, 0, 2*n)
	for i, b := range bitmap {
		// Bit 0 of a byte is its most significant, as in the W3C bitstring.
		for b != 0 {
			bit := bits.LeadingZeros8(b)
			out = binary.BigEndian.AppendUint16(out, uint16(i*8+bit))
			b &^= 0x80 >> bit
		}
	}
	return out
}

// DecodeChangedBits returns the bitmap of chunkLen bytes that enc encodes.
func DecodeChangedBits(enc []byte, chunkLen int) ([]byte, error) {
	out := make([]byte, chunkLen)
	return out, MergeChangedBits(out, enc)
}

// MergeChangedBits sets in bitmap every bit enc marks (bitmap's length is
// the chunk's). Offsets must be strictly ascending, as EncodeChangedBits
// writes them.
func MergeChangedBits(bitmap, enc []byte) error {
	chunkLen := len(bitmap)
	if len(enc) == chunkLen {
		for i, b := range enc {
			bitmap[i] |= b
		}
		return nil
	}
	if len(enc)%2 != 0 || len(enc) > chunkLen {
		return fmt.Errorf("changed bits: %d bytes is neither a %d-byte bitmap nor a shorter list of offsets", len(enc), chunkLen)
	}
	prev := -1
	for i := 0; i < len(enc); i += 2 {
		off := int(binary.BigEndian.Uint16(enc[i:]))
		if off <= prev || off >= chunkLen*8 {
			return fmt.Errorf("changed bits: offset %d after %d in a %d-byte chunk: want ascending offsets within the chunk", off, prev, chunkLen)
		}
		prev = off
		bitmap[off/8] |= 0x80 >> (off % 8)
	}
	return nil
}

// ChangedBitsHas reports whether enc (either form) marks bit off, without
// decoding it.
func ChangedBitsHas(enc []byte, chunkLen int, off uint64) bool {
	if len(enc) == chunkLen {
		return Bit(enc, off)
	}
	// Offsets are written in ascending order.
	n := len(enc) / 2
	i := sort.Search(n, func(i int) bool { return uint64(binary.BigEndian.Uint16(enc[2*i:])) >= off })
	return i < n && uint64(binary.BigEndian.Uint16(enc[2*i:])) == off
}
