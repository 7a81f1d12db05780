package types

import "encoding/binary"

// The packed index form (UpdateStatusListPayload.set_packed and
// clear_packed): strictly ascending indices as unsigned LEB128 varints, the
// first index itself and then each gap minus one. A gap of g costs
// ⌈log₁₂₈(g)⌉ bytes, so 65,536 indices scattered over 16,777,216 entries
// (gaps near 256) take about 128 KB, a quarter of the repeated-uint64 form.

// PackIndices encodes strictly ascending indices in the packed form.
func PackIndices(ascending []uint64) ([]byte, error) {
	out := make([]byte, 0, 2*len(ascending))
	for i, v := range ascending {
		d := v
		if i > 0 {
			if v <= ascending[i-1] {
				return nil, ErrInvalidPacked.Wrapf("indices must be strictly ascending: %d after %d", v, ascending[i-1])
			}
			d = v - ascending[i-1] - 1
		}
		out = binary.AppendUvarint(out, d)
	}
	return out, nil
}

// walkPacked decodes a packed field and calls fn with each index, stopping
// at the first index ≥ size or malformed varint. It allocates nothing, so
// counting a field this way costs what the message's bytes already paid for.
func walkPacked(field string, enc []byte, size uint64, fn func(uint64)) error {
	var prev uint64
	for pos, n := 0, 0; pos < len(enc); n++ {
		d, w := binary.Uvarint(enc[pos:])
		if w <= 0 {
			return ErrInvalidPacked.Wrapf("%s: malformed varint at byte %d", field, pos)
		}
		pos += w
		v := d
		if n > 0 {
			// prev < size ≤ MaxSizeBitsCeiling, so the sum overflows only
			// when d alone is beyond any list, which the size check catches.
			if d >= size {
				return ErrIndexOutOfRange.Wrapf("%s: gap %d after index %d passes size %d", field, d+1, prev, size)
			}
			v = prev + d + 1
		}
		if v >= size {
			return ErrIndexOutOfRange.Wrapf("%s: index %d (entry %d) ≥ size %d", field, v, n, size)
		}
		fn(v)
		prev = v
	}
	return nil
}

// UnpackIndices decodes a packed field against a list of size entries.
func UnpackIndices(enc []byte, size uint64) ([]uint64, error) {
	var out []uint64
	err := walkPacked("packed", enc, size, func(v uint64) { out = append(out, v) })
	return out, err
}

// PackedLen is how many indices a well-formed packed field holds: one per
// byte whose continuation bit is clear.
func PackedLen(enc []byte) uint64 {
	var n uint64
	for _, b := range enc {
		if b < 0x80 {
			n++
		}
	}
	return n
}
