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

// CountIndices checks an update against the list's size and purpose and the
// batch limit, and returns how many indices it declares (set + clear + the
// packed fields + every index of every range). It allocates nothing and walks only the message's
// own entries, so it is safe to run before the issuer's signature is
// checked: what it costs was paid for by the transaction's size. Duplicates
// are found later, by ValidateUpdate, once the work is authorized and paid.
func (p UpdateStatusListPayload) CountIndices(list StatusList, maxIndices uint64) (uint64, error) {
	if (len(p.Clear) > 0 || len(p.ClearPacked) > 0) && list.Purpose == STATUS_PURPOSE_REVOCATION {
		return 0, ErrClearOnRevocation.Wrapf("list %s is a revocation list: clear and clear_packed are refused", list.Id)
	}
	total := uint64(len(p.Set)) + uint64(len(p.Clear)) + PackedLen(p.SetPacked) + PackedLen(p.ClearPacked)
	if total > maxIndices {
		return 0, ErrBatchTooLarge.Wrapf("%d+ indices, limit max_indices_per_update is %d", total, maxIndices)
	}
	for i, r := range p.SetRanges {
		if r.Start > r.End {
			return 0, ErrInvalidRange.Wrapf("set_ranges[%d]: start %d > end %d", i, r.Start, r.End)
		}
		if r.End >= list.SizeBits {
			return 0, ErrIndexOutOfRange.Wrapf("set_ranges[%d]: end %d ≥ size %d", i, r.End, list.SizeBits)
		}
		// r.End < SizeBits ≤ MaxSizeBitsCeiling, so neither the length nor
		// the running total (checked against maxIndices each step) overflows.
		total += r.End - r.Start + 1
		if total > maxIndices {
			return 0, ErrBatchTooLarge.Wrapf("%d+ indices, limit max_indices_per_update is %d", total, maxIndices)
		}
	}
	if err := checkBelow("set", p.Set, list.SizeBits); err != nil {
		return 0, err
	}
	if err := checkBelow("clear", p.Clear, list.SizeBits); err != nil {
		return 0, err
	}
	if err := walkPacked("set_packed", p.SetPacked, list.SizeBits, func(uint64) {}); err != nil {
		return 0, err
	}
	if err := walkPacked("clear_packed", p.ClearPacked, list.SizeBits, func(uint64) {}); err != nil {
		return 0, err
	}
	if total == 0 {
		return 0, ErrEmptyUpdate.Wrap("give set, clear, set_ranges, set_packed or clear_packed")
	}
	return total, nil
}

// ValidateUpdate checks an update (CountIndices, then duplicates) and
// returns it as sorted index sets. It expands ranges and sorts, work and
// memory proportional to the declared count: call it only after the
// issuer's signature is checked and gas for that count is consumed. Any bad
// entry fails the whole update, so nothing is ever half-applied.
func (p UpdateStatusListPayload) ValidateUpdate(list StatusList, maxIndices uint64) (Batch, error) {
	total, err := p.CountIndices(list, maxIndices)
	if err != nil {
		return Batch{}, err
	}
	nClear := uint64(len(p.Clear)) + PackedLen(p.ClearPacked)
	set := make([]uint64, 0, total-nClear)
	set = append(set, p.Set...)
	// CountIndices has walked the packed fields already: they are well formed.
	_ = walkPacked("set_packed", p.SetPacked, list.SizeBits, func(i uint64) { set = append(set, i) })
	for _, r := range p.SetRanges {
		for i := r.Start; ; i++ {
			set = append(set, i)
			if i == r.End {
				break
			}
		}
	}
	clear := make([]uint64, 0, nClear)
	clear = append(clear, p.Clear...)
	_ = walkPacked("clear_packed", p.ClearPacked, list.SizeBits, func(i uint64) { clear = append(clear, i) })
	// Sorting input that is already sorted (the packed form) is one pass.
	slices.Sort(set)
	slices.Sort(clear)
	if err := checkUnique("set", set); err != nil {
		return Batch{}, err
	}
	if err := checkUnique("clear", clear); err != nil {
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

func checkBelow(field string, idx []uint64, size uint64) error {
	for i, v := range idx {
		if v >= size {
			return ErrIndexOutOfRange.Wrapf("%s[%d]: index %d ≥ size %d", field, i, v, size)
		}
	}
	return nil
}

func checkUnique(field string, sorted []uint64) error {
	for i := 1; i < len(sorted); i++ {
		if sorted[i-1] == sorted[i] {
			return ErrDuplicateIndex.Wrapf("%s: index %d given twice (in set, set_ranges, set_packed, clear or clear_packed)", field, sorted[i])
		}
	}
	return nil
}
