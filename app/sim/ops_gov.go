package sim

import (
	"errors"
	"fmt"
	"slices"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// Governance: trust-anchor proposals and the validators' votes on them.

// anchorProposal submits a governance proposal that registers a DID as a
// trust anchor or removes an anchor governance registered earlier. The
// validators vote on it in the next block (see votes); it passes or fails
// in the EndBlocker when the voting period ends.
func (g *generator) anchorProposal(ctx sdk.Context) (*op, error) {
	authority := g.app.AccreditationKeeper.Authority()
	var govAnchors []anchorDef
	for _, a := range g.world.anchors {
		if a.gov {
			govAnchors = append(govAnchors, a)
		}
	}
	var (
		inner sdk.Msg
		did   string
		onOK  func()
	)
	if len(govAnchors) > 0 && g.rng.chance(0.3) {
		a := pick(g.rng, govAnchors)
		did = a.id.did
		inner = &accreditationtypes.MsgRemoveTrustAnchor{Authority: authority, Did: did, Reason: "sim " + g.world.name("removal")}
	} else {
		id, _, ok, err := g.pickIdentity(ctx, false, func(id *identity, _ didtypes.DidState) bool {
			return !id.anchor && !slices.ContainsFunc(g.world.pending, func(p pendingAnchor) bool { return p.id == id })
		})
		if err != nil || !ok {
			return nil, err
		}
		did = id.did
		def := accreditationtypes.TrustAnchor{Did: did, AllTypes: true, Description: "sim " + g.world.name("anchor")}
		if len(g.world.types) > 0 && g.rng.chance(0.4) {
			def.AllTypes, def.Scope = false, g.subset(g.world.types, 4)
		}
		if g.rng.chance(0.3) {
			until := after(didtypes.BlockTime(ctx), g.rng.between(60, 400))
			def.ValidUntil = &until
		}
		inner = &accreditationtypes.MsgRegisterTrustAnchor{Authority: authority, Anchor: def}
		height := ctx.BlockHeight()
		onOK = func() { g.world.pending = append(g.world.pending, pendingAnchor{id: id, height: height}) }
	}
	params, err := g.app.GovKeeper.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	// x/poa lets only validator operators submit proposals.
	msg, err := govv1.NewMsgSubmitProposal([]sdk.Msg{inner}, params.MinDeposit, pick(g.rng, g.voters), "",
		"sim trust anchor "+did, "A simulated trust-anchor change.", false)
	if err != nil {
		return nil, err
	}
	return &op{phase: phaseCreate, msg: msg, locks: []string{"proposal:" + did}, onOK: onOK}, nil
}

// votes has every validator operator vote on every proposal in its voting
// period that it has not voted on yet: mostly yes, sometimes no (with two
// validators of equal power a single no defeats the proposal).
func (g *generator) votes(ctx sdk.Context) ([]*op, error) {
	var out []*op
	err := g.app.GovKeeper.Proposals.Walk(ctx, nil, func(id uint64, p govv1.Proposal) (bool, error) {
		if p.Status != govv1.StatusVotingPeriod {
			return false, nil
		}
		for _, voter := range g.voters {
			addr, err := sdk.AccAddressFromBech32(voter)
			if err != nil {
				return true, err
			}
			voted, err := g.app.GovKeeper.Votes.Has(ctx, collections.Join(id, addr))
			if err != nil {
				return true, err
			}
			if voted {
				continue
			}
			option := govv1.OptionYes
			if g.rng.chance(0.15) {
				option = govv1.OptionNo
			}
			out = append(out, &op{
				kind: "gov/vote", phase: phaseCreate,
				msg:   govv1.NewMsgVote(addr, id, option, ""),
				locks: []string{fmt.Sprintf("vote:%d:%s", id, voter)},
			})
		}
		return false, nil
	})
	return out, err
}

// refreshAnchors learns, after a block, which proposed DIDs became trust
// anchors and which governance anchors were removed or changed.
func (g *generator) refreshAnchors(ctx sdk.Context) error {
	latest := func(did string) (accreditationtypes.TrustAnchorVersion, bool, error) {
		n, err := g.app.AccreditationKeeper.TrustAnchors.Get(ctx, did)
		if errors.Is(err, collections.ErrNotFound) {
			return accreditationtypes.TrustAnchorVersion{}, false, nil
		} else if err != nil {
			return accreditationtypes.TrustAnchorVersion{}, false, err
		}
		v, err := g.app.AccreditationKeeper.TrustAnchorVersions.Get(ctx, collections.Join(did, n-1))
		return v, err == nil, err
	}
	anchors := g.world.anchors[:0]
	for _, a := range g.world.anchors {
		if a.gov {
			v, found, err := latest(a.id.did)
			if err != nil {
				return err
			}
			if !found || v.Removed {
				g.world.govRemoved++
				continue
			}
			a.def = v.Anchor
		}
		anchors = append(anchors, a)
	}
	g.world.anchors = anchors
	pending := g.world.pending[:0]
	for _, p := range g.world.pending {
		v, found, err := latest(p.id.did)
		if err != nil {
			return err
		}
		switch {
		case found && !v.Removed:
			p.id.anchor = true
			g.world.govAdded++
			g.world.anchors = append(g.world.anchors, anchorDef{id: p.id, def: v.Anchor, gov: true})
		case ctx.BlockHeight()-p.height <= 8:
			pending = append(pending, p)
		}
	}
	g.world.pending = pending
	return nil
}
