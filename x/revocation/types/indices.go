package types

import (
	"bufio"
	"io"
	"slices"
	"strconv"
	"strings"
)

// maxIndexLine bounds one line of an index file.
const maxIndexLine = 64

// ParseIndexSpec parses one command-line index argument: "42" or an
// inclusive range "100-199".
func ParseIndexSpec(s string) (IndexRange, error) {
	s = strings.TrimSpace(s)
	lo, hi, isRange := strings.Cut(s, "-")
	start, err := strconv.ParseUint(lo, 10, 64)
	if err != nil {
		return IndexRange{}, ErrInvalidRange.Wrapf("%q: want an index (42) or an inclusive range (100-199)", s)
	}
	if !isRange {
		return IndexRange{Start: start, End: start}, nil
	}
	end, err := strconv.ParseUint(hi, 10, 64)
	if err != nil || end < start {
		return IndexRange{}, ErrInvalidRange.Wrapf("%q: want an inclusive range start-end with start ≤ end", s)
	}
	return IndexRange{Start: start, End: end}, nil
}

// ReadIndexFile reads one index (or inclusive range) per line; blank lines
// and lines starting with '#' are skipped. Errors name the line.
func ReadIndexFile(r io.Reader) ([]IndexRange, error) {
	var out []IndexRange
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxIndexLine)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		r, err := ParseIndexSpec(text)
		if err != nil {
			return nil, ErrInvalidRange.Wrapf("line %d: %s", line, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, ErrInvalidRange.Wrapf("line %d: %s (lines are at most %d bytes)", line+1, err, maxIndexLine)
	}
	return out, nil
}

// CheckRangesFit checks indices given to the CLI (arguments and an index
// file, in any order) against the list they are for, before anything is
// split, signed or sent: every range well formed and below the list's size,
// and no index given twice. After it the work of batching and building
// payloads is bounded by the list's size, not by what was typed: a range
// such as 0-18446744073709551614 is refused here instead of being split
// into ~10^14 batches.
func CheckRangesFit(ranges []IndexRange, sizeBits uint64) error {
	for _, r := range ranges {
		if r.Start > r.End {
			return ErrInvalidRange.Wrapf("%d-%d: start > end", r.Start, r.End)
		}
		if r.End >= sizeBits {
			if r.Start == r.End {
				return ErrIndexOutOfRange.Wrapf("index %d: the list has %d entries (0-%d)", r.End, sizeBits, sizeBits-1)
			}
			return ErrIndexOutOfRange.Wrapf("range %d-%d: the list has %d entries (0-%d)", r.Start, r.End, sizeBits, sizeBits-1)
		}
	}
	sorted := slices.Clone(ranges)
	slices.SortFunc(sorted, func(a, b IndexRange) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
	for i := 1; i < len(sorted); i++ {
		if prev, r := sorted[i-1], sorted[i]; r.Start <= prev.End {
			return ErrDuplicateIndex.Wrapf("index %d given twice (in %s and %s)", r.Start, rangeString(prev), rangeString(r))
		}
	}
	return nil
}

func rangeString(r IndexRange) string {
	if r.Start == r.End {
		return strconv.FormatUint(r.Start, 10)
	}
	return strconv.FormatUint(r.Start, 10) + "-" + strconv.FormatUint(r.End, 10)
}

// SplitIntoBatches packs ranges, in order, into batches of at most max
// indices each, splitting a range where a batch fills up. Single indices go
// to set (or clear); longer ranges stay ranges. The work is proportional to
// the indices given: check them with CheckRangesFit first. max must be
// positive (max_indices_per_update is at least 1).
func SplitIntoBatches(ranges []IndexRange, max uint64) [][]IndexRange {
	if max == 0 {
		panic("SplitIntoBatches: max must be positive")
	}
	var batches [][]IndexRange
	var cur []IndexRange
	var n uint64
	for _, r := range ranges {
		for {
			room := max - n
			size := r.End - r.Start + 1
			if size <= room {
				cur = append(cur, r)
				n += size
				break
			}
			cur = append(cur, IndexRange{Start: r.Start, End: r.Start + room - 1})
			batches = append(batches, cur)
			cur, n = nil, 0
			r.Start += room
		}
		if n == max {
			batches = append(batches, cur)
			cur, n = nil, 0
		}
	}
	if len(cur) > 0 {
		batches = append(batches, cur)
	}
	return batches
}

// packedFrom is the number of single indices from which NewUpdatePayload
// sends them packed: below it the repeated-uint64 form is as short and
// easier to read in a transaction.
const packedFrom = 16

// NewUpdatePayload builds the update of one batch: to set (set true) or to
// clear the indices of ranges. Ranges longer than one index are sent as
// set_ranges when setting; single indices (and, when clearing, every index)
// go in the packed form once there are packedFrom of them, so a large
// scattered batch travels in about two bytes per index. An index given
// twice is refused here, as the chain would refuse it.
func NewUpdatePayload(listID string, expectedSequence uint64, set bool, ranges []IndexRange) (UpdateStatusListPayload, error) {
	p := UpdateStatusListPayload{ListId: listID, ExpectedSequence: expectedSequence}
	var single []uint64
	for _, r := range ranges {
		if set && r.Start != r.End {
			p.SetRanges = append(p.SetRanges, r)
			continue
		}
		for i := r.Start; ; i++ {
			single = append(single, i)
			if i == r.End {
				break
			}
		}
	}
	slices.Sort(single)
	for i := 1; i < len(single); i++ {
		if single[i] == single[i-1] {
			return p, ErrDuplicateIndex.Wrapf("index %d given twice", single[i])
		}
	}
	switch {
	case len(single) < packedFrom && set:
		p.Set = single
	case len(single) < packedFrom:
		p.Clear = single
	default:
		packed, err := PackIndices(single)
		if err != nil {
			return p, err
		}
		if set {
			p.SetPacked = packed
		} else {
			p.ClearPacked = packed
		}
	}
	return p, nil
}
