package types

import (
	"slices"
)

// Batch is a validated update: the indices to set and to clear, each sorted
// and unique, and no index in both.
type Batch struct {
	Set   []uint64
	Clear []uint64
}

// ValidateUpdate checks an update against the list's size and purpose and
// the batch limit, and returns it as sorted index sets. Any bad entry fails
// the whole update, so nothing is ever half-applied.
func (p UpdateStatusListPayload) ValidateUpdate(list StatusList, maxIndices uint64) (Batch, error) {
	if len(p.Clear) > 0 && list.Purpose == STATUS_PURPOSE_REVOCATION {
		return Batch{}, ErrClearOnRevocation.Wrapf("list %s is a revocation list: clear %d indices refused", list.Id, len(p.Clear))
	}
	total := uint64(len(p.Set)) + uint64(len(p.Clear))
	for i, r := range p.SetRanges {
		if r.Start > r.End {
			return Batch{}, ErrInvalidRange.Wrapf("set_ranges[%d]: start %d > end %d", i, r.Start, r.End)
		}
		if r.End >= list.SizeBits {
			return Batch{}, ErrIndexOutOfRange.Wrapf("set_ranges[%d]: end %d ≥ size %d", i, r.End, list.SizeBits)
		}
		total += r.End - r.Start + 1
		if total > maxIndices {
			break
		}
	}
	if total > maxIndices {
		return Batch{}, ErrBatchTooLarge.Wrapf("%d+ indices, limit max_indices_per_update is %d", total, maxIndices)
	}
	if total == 0 {
		return Batch{}, ErrEmptyUpdate.Wrap("give set, clear or set_ranges")
	}
	set := make([]uint64, 0, total)
	set = append(set, p.Set...)
	for _, r := range p.SetRanges {
		for i := r.Start; ; i++ {
			set = append(set, i)
			if i == r.End {
				break
			}
		}
	}
	clear := slices.Clone(p.Clear)
	slices.Sort(set)
	slices.Sort(clear)
	if err := checkSorted("set", set, list.SizeBits); err != nil {
		return Batch{}, err
	}
	if err := checkSorted("clear", clear, list.SizeBits); err != nil {
		return Batch{}, err
	}
	// Sorted sets: one merge pass finds an index in both.
	for i, j := 0, 0; i < len(set) && j < len(clear); {
		switch {
		case set[i] == clear[j]:
			return Batch{}, ErrDuplicateIndex.Wrapf("index %d is both set and cleared", set[i])
		case set[i] < clear[j]:
			i++
		default:
			j++
		}
	}
	return Batch{Set: set, Clear: clear}, nil
}

func checkSorted(field string, idx []uint64, size uint64) error {
	for i, v := range idx {
		if v >= size {
			return ErrIndexOutOfRange.Wrapf("%s: index %d ≥ size %d", field, v, size)
		}
		if i > 0 && idx[i-1] == v {
			return ErrDuplicateIndex.Wrapf("%s: index %d given twice (in set, set_ranges or clear)", field, v)
		}
	}
	return nil
}
