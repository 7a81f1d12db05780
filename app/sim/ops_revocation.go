package sim

import (
	errorsmod "cosmossdk.io/errors"
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// x/revocation operations: status-list creation and updates, and invalid
// updates.

func (g *generator) listCreate(ctx sdk.Context) (*op, error) {
	t := didtypes.BlockTime(ctx)
	a, ok, err := g.pickAccreditation(ctx, g.world.issuers, func(a accreditationtypes.Accreditation) bool {
		return a.Status == accreditationtypes.STATUS_ACTIVE && a.InWindow(t)
	})
	if err != nil || !ok {
		return nil, err
	}
	issuer := a.SubjectDid
	s, ok, err := g.actorSigner(ctx, issuer)
	if err != nil || !ok {
		return nil, err
	}
	purpose := revocationtypes.STATUS_PURPOSE_REVOCATION
	if g.rng.chance(0.5) {
		purpose = revocationtypes.STATUS_PURPOSE_SUSPENSION
	}
	size := uint64(revocationtypes.MinSizeBits)
	if g.rng.chance(0.2) {
		size *= 2
	}
	payload := revocationtypes.CreateStatusListPayload{IssuerDid: issuer, Name: g.world.name("l"), Purpose: purpose, SizeBits: size}
	sigs, err := didtypes.Sign(ChainID, &payload, s)
	if err != nil {
		return nil, err
	}
	id := revocationtypes.ListID(issuer, payload.Name)
	return &op{
		phase:  phaseCreate,
		msg:    &revocationtypes.MsgCreateStatusList{Submitter: g.submitter(), Payload: payload, Signatures: sigs},
		locks:  []string{"list:" + id, "chain:" + issuer},
		probes: []probe{g.listProbe(id)},
		onOK:   func() { g.world.lists = append(g.world.lists, id) },
	}, nil
}

// pickList returns a random status list the generator created.
func (g *generator) pickList(ctx sdk.Context, keep func(revocationtypes.StatusList) bool) (revocationtypes.StatusList, bool, error) {
	if len(g.world.lists) == 0 {
		return revocationtypes.StatusList{}, false, nil
	}
	for range 6 {
		l, err := g.app.RevocationKeeper.Lists.Get(ctx, pick(g.rng, g.world.lists))
		if err != nil {
			return l, false, err
		}
		if keep == nil || keep(l) {
			return l, true, nil
		}
	}
	return revocationtypes.StatusList{}, false, nil
}

// pickSignedList is pickList and a signer among the assertion keys of the
// list's issuer, as every update of a list needs; ok is false when there is
// no such list or the issuer cannot sign.
func (g *generator) pickSignedList(ctx sdk.Context, keep func(revocationtypes.StatusList) bool) (revocationtypes.StatusList, didtypes.Signer, bool, error) {
	l, ok, err := g.pickList(ctx, keep)
	if err != nil || !ok {
		return l, didtypes.Signer{}, false, err
	}
	s, ok, err := g.actorSigner(ctx, l.IssuerDid)
	return l, s, ok, err
}

// batch draws a scattered update of l: single indices, sometimes a range,
// and on suspension lists sometimes clears of indices set before.
func (g *generator) batch(l revocationtypes.StatusList) revocationtypes.UpdateStatusListPayload {
	used := map[uint64]bool{}
	p := revocationtypes.UpdateStatusListPayload{ListId: l.Id, ExpectedSequence: l.Sequence}
	if g.rng.chance(0.3) {
		start := g.rng.Uint64N(l.SizeBits - 200)
		r := revocationtypes.IndexRange{Start: start, End: start + g.rng.Uint64N(200)}
		p.SetRanges = append(p.SetRanges, r)
		for i := r.Start; i <= r.End; i++ {
			used[i] = true
		}
	}
	for range g.rng.between(1, 40) {
		i := g.rng.Uint64N(l.SizeBits)
		if !used[i] {
			used[i] = true
			p.Set = append(p.Set, i)
		}
	}
	if set := g.world.setBits[l.Id]; l.Purpose == revocationtypes.STATUS_PURPOSE_SUSPENSION && len(set) > 0 && g.rng.chance(0.5) {
		for range g.rng.between(1, 10) {
			i := pick(g.rng, set)
			if !used[i] {
				used[i] = true
				p.Clear = append(p.Clear, i)
			}
		}
	}
	// Half the batches travel in the packed form, so both forms meet every
	// other operation.
	if g.rng.chance(0.5) {
		slices.Sort(p.Set)
		slices.Sort(p.Clear)
		var err error
		if p.SetPacked, err = revocationtypes.PackIndices(p.Set); err != nil {
			panic(err) // distinct by construction
		}
		if p.ClearPacked, err = revocationtypes.PackIndices(p.Clear); err != nil {
			panic(err)
		}
		p.Set, p.Clear = nil, nil
	}
	return p
}

func (g *generator) listUpdate(ctx sdk.Context) (*op, error) {
	l, s, ok, err := g.pickSignedList(ctx, nil)
	if err != nil || !ok {
		return nil, err
	}
	payload := g.batch(l)
	o, err := g.updateOp(l, payload, s, nil)
	if err != nil {
		return nil, err
	}
	o.onOK = func() {
		set := append(g.world.setBits[l.Id], payload.Set...)
		if len(set) > 2000 {
			set = set[len(set)-2000:]
		}
		g.world.setBits[l.Id] = set
	}
	return o, nil
}

// updateOp is payload, an update of l, signed by s: an operation that must
// fail with want, or succeed when want is nil.
func (g *generator) updateOp(l revocationtypes.StatusList, payload revocationtypes.UpdateStatusListPayload, s didtypes.Signer, want *errorsmod.Error) (*op, error) {
	sigs, err := didtypes.Sign(ChainID, &payload, s)
	if err != nil {
		return nil, err
	}
	return &op{
		phase:  phaseCreate,
		msg:    &revocationtypes.MsgUpdateStatusList{Submitter: g.submitter(), Payload: payload, Signatures: sigs},
		want:   want,
		locks:  []string{"list:" + l.Id},
		probes: []probe{g.listProbe(l.Id)},
	}, nil
}

// listInvalid: a clear on a revocation list, a stale expected sequence, an
// index out of range, or a signature by a key the issuer does not hold.
func (g *generator) listInvalid(ctx sdk.Context) (*op, error) {
	variant := g.rng.IntN(4)
	keep := func(revocationtypes.StatusList) bool { return true }
	switch variant {
	case 0:
		keep = func(l revocationtypes.StatusList) bool { return l.Purpose == revocationtypes.STATUS_PURPOSE_REVOCATION }
	case 1:
		keep = func(l revocationtypes.StatusList) bool { return l.Sequence >= 1 }
	}
	l, s, ok, err := g.pickSignedList(ctx, keep)
	if err != nil || !ok {
		return nil, err
	}
	payload := revocationtypes.UpdateStatusListPayload{ListId: l.Id, ExpectedSequence: l.Sequence, Set: []uint64{g.rng.Uint64N(l.SizeBits)}}
	var want *errorsmod.Error
	switch variant {
	case 0:
		payload.Clear, want = []uint64{(payload.Set[0] + 1) % l.SizeBits}, revocationtypes.ErrClearOnRevocation
	case 1:
		payload.ExpectedSequence, want = l.Sequence-1, revocationtypes.ErrSequenceMismatch
	case 2:
		payload.Set, want = append(payload.Set, l.SizeBits+g.rng.Uint64N(8)), revocationtypes.ErrIndexOutOfRange
	default:
		if s.Key, err = g.freshKey(); err != nil {
			return nil, err
		}
		want = didtypes.ErrInvalidSignature
	}
	return g.updateOp(l, payload, s, want)
}
