package types

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
)

// maxDecodedListBytes bounds decoding: 2^27 bits, far above any list size.
const maxDecodedListBytes = 1 << 24

// listCompressionLevel is the GZIP level of encoded lists, chosen by
// BenchmarkEncodeListLevels (docs/benchmarks.md): on a full-size list of
// scattered bits, level 5 encodes about 4× faster than the default level 6
// and 90× faster than BestCompression, for 8% and 33% more bytes; higher
// levels switch to lazy matching, which costs far more than it saves.
const listCompressionLevel = 5

// EncodeList returns the W3C Bitstring Status List encodedList of a
// bitstring: GZIP, then base64url without padding, with the multibase
// prefix 'u'. Index 0 is the most significant bit of byte 0.
func EncodeList(bitstring []byte) (string, error) {
	return encodeListLevel(bitstring, listCompressionLevel)
}

func encodeListLevel(bitstring []byte, level int) (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(bitstring); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// DecodeList decodes an encodedList into its bitstring. It accepts the
// multibase 'u' prefix or none (some issuers omit it), and base64url with
// or without padding.
func DecodeList(encoded string) ([]byte, error) {
	s := encoded
	if len(s) > 0 && s[0] == 'u' {
		s = s[1:]
	}
	raw, err := base64.RawURLEncoding.DecodeString(trimPadding(s))
	if err != nil {
		return nil, ErrInvalidEncodedList.Wrapf("base64url: %s", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, ErrInvalidEncodedList.Wrapf("gzip: %s", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxDecodedListBytes+1))
	if err != nil {
		return nil, ErrInvalidEncodedList.Wrapf("gzip: %s", err)
	}
	if len(out) > maxDecodedListBytes {
		return nil, ErrInvalidEncodedList.Wrapf("decoded list exceeds %d bytes", maxDecodedListBytes)
	}
	return out, nil
}

func trimPadding(s string) string {
	for len(s) > 0 && s[len(s)-1] == '=' {
		s = s[:len(s)-1]
	}
	return s
}

// Bit reports bit index of a bitstring (index 0 = most significant bit of
// byte 0).
func Bit(bitstring []byte, index uint64) bool {
	return bitstring[index/8]&(0x80>>(index%8)) != 0
}

// SetBit sets or clears bit index and reports whether it changed.
func SetBit(bitstring []byte, index uint64, value bool) bool {
	mask := byte(0x80 >> (index % 8))
	old := bitstring[index/8]&mask != 0
	if old == value {
		return false
	}
	bitstring[index/8] ^= mask
	return true
}
