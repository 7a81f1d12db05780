package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// Accredit creates the accreditation <accreditor>/accreditations/<name>,
// signed by the accreditor with an assertionMethod key. Both DIDs must
// exist and be live, the scope must name registered (not deprecated)
// credential types, and the accreditor must stand on a parent that covers
// the new accreditation (see resolveParent). A subject may not sit above
// itself in the chain.
func (k Keeper) Accredit(ctx context.Context, payload types.AccreditPayload, sigs []didtypes.DidSignature) (types.Accreditation, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Accreditation{}, err
	}
	if err := payload.Validate(params.MaxChainDepth); err != nil {
		return types.Accreditation{}, err
	}
	id := types.AccreditationID(payload.AccreditorDid, payload.Name)
	if has, err := k.Accreditations.Has(ctx, id); err != nil {
		return types.Accreditation{}, err
	} else if has {
		return types.Accreditation{}, types.ErrAccreditationExists.Wrapf("%s exists; an accreditor uses a name once (revoke it and choose another name)", id)
	}
	if err := k.requireLiveDID(ctx, "accreditor_did", payload.AccreditorDid); err != nil {
		return types.Accreditation{}, err
	}
	if err := k.requireLiveDID(ctx, "subject_did", payload.SubjectDid); err != nil {
		return types.Accreditation{}, err
	}
	bz, err := signBytes(ctx, &payload)
	if err != nil {
		return types.Accreditation{}, err
	}
	if err := k.didKeeper.AuthorizeAssertion(ctx, payload.AccreditorDid, bz, sigs); err != nil {
		return types.Accreditation{}, err
	}

	now := blockTime(ctx)
	a := types.Accreditation{
		Id: id, AccreditorDid: payload.AccreditorDid, Name: payload.Name, SubjectDid: payload.SubjectDid,
		Role: payload.Role, Scope: payload.Scope, ValidFrom: now, ValidUntil: payload.ValidUntil,
		MaxDepth: payload.MaxDepth, Status: types.STATUS_ACTIVE, ChangedBy: payload.AccreditorDid,
		Created: now, Updated: now,
	}
	if payload.ValidFrom != nil {
		a.ValidFrom = payload.ValidFrom.UTC()
	}
	if a.ValidUntil != nil {
		until := a.ValidUntil.UTC()
		a.ValidUntil = &until
		if !now.Before(until) {
			return a, types.ErrInvalidWindow.Wrapf("valid_until %s is not after the block time %s", types.FormatTime(until), types.FormatTime(now))
		}
		if !a.ValidFrom.Before(until) {
			return a, types.ErrInvalidWindow.Wrapf("valid_from %s must be before valid_until %s", types.FormatTime(a.ValidFrom), types.FormatTime(until))
		}
	}
	for i, typeID := range a.Scope {
		ct, err := k.credentialType(ctx, typeID)
		if err != nil {
			return a, errorsmod.Wrapf(err, "scope[%d]", i)
		}
		if ct.Deprecated {
			return a, types.ErrCredentialTypeDeprecated.Wrapf("scope[%d]: %s is deprecated; new accreditations cannot name it", i, typeID)
		}
	}
	maxLinks := int(params.MaxChainDepth) + 1
	if err := k.resolveParent(ctx, &a, maxLinks); err != nil {
		return a, err
	}
	if err := k.checkNoCycle(ctx, a, maxLinks); err != nil {
		return a, err
	}
	return a, k.writeVersion(ctx, a)
}

// Stages a parent candidate passes in order. A refusal reports the
// candidate that got furthest: its failure is the one the accreditor can
// most likely fix.
const (
	stageRole = iota
	stageActive
	stageWindow
	stageScope
	stageDepth
	stageChain
	stageQualified
)

// parentCandidate is one possible parent and how far it got.
type parentCandidate struct {
	stage int
	err   error
}

// resolveParent sets the parent of a: the accreditor as a trust anchor when
// it is one now and its scope and expiry cover a; otherwise the first (in
// id order) of the accreditor's own accreditations that is an ACTIVE
// ACCREDITOR now, whose window and scope cover a's, whose max_depth exceeds
// a's, and whose own chain is valid now. When none qualifies, the reason of
// the closest candidate is returned.
func (k Keeper) resolveParent(ctx context.Context, a *types.Accreditation, maxLinks int) error {
	now := blockTime(ctx)
	best := parentCandidate{stage: -1}
	consider := func(c parentCandidate) {
		if c.stage > best.stage {
			best = c
		}
	}

	anchorCandidate, err := k.anchorAsParent(ctx, *a, now)
	if err != nil {
		return err
	}
	if anchorCandidate != nil {
		if anchorCandidate.stage == stageQualified {
			a.AnchorDid = a.AccreditorDid
			return nil
		}
		consider(*anchorCandidate)
	}

	ids, err := k.subjectAccreditationIDs(ctx, a.AccreditorDid)
	if err != nil {
		return err
	}
	for _, id := range ids {
		parent, err := k.Accreditations.Get(ctx, id)
		if err != nil {
			return err
		}
		c, err := k.accreditationAsParent(ctx, parent, *a, now, maxLinks)
		if err != nil {
			return err
		}
		if c.stage == stageQualified {
			a.ParentId = parent.Id
			return nil
		}
		consider(c)
	}
	if best.err == nil {
		return types.ErrNoParent.Wrapf("%s is neither a trust anchor nor the subject of any accreditation", a.AccreditorDid)
	}
	return best.err
}

// anchorAsParent judges the accreditor as a trust anchor; nil when it has
// never been registered.
func (k Keeper) anchorAsParent(ctx context.Context, a types.Accreditation, now time.Time) (*parentCandidate, error) {
	v, found, problem, err := k.anchorProblem(ctx, a.AccreditorDid, now, nil)
	if err != nil || !found {
		return nil, err
	}
	anchor := v.Anchor
	switch {
	case problem != "":
		return &parentCandidate{stageActive, types.ErrAccreditorInactive.Wrap(problem)}, nil
	case anchor.ValidUntil != nil && a.ValidUntil == nil:
		return &parentCandidate{stageWindow, types.ErrWindowNotCovered.Wrapf(
			"trust anchor %s expires %s: valid_until is required and must not be later", anchor.Did, types.FormatTime(*anchor.ValidUntil))}, nil
	case anchor.ValidUntil != nil && a.ValidUntil.After(*anchor.ValidUntil):
		return &parentCandidate{stageWindow, types.ErrWindowNotCovered.Wrapf(
			"valid_until %s is later than trust anchor %s's expiry %s", types.FormatTime(*a.ValidUntil), anchor.Did, types.FormatTime(*anchor.ValidUntil))}, nil
	}
	if !anchor.AllTypes {
		if missing, ok := types.Missing(anchor.Scope, a.Scope); ok {
			return &parentCandidate{stageScope, types.ErrScopeNotCovered.Wrapf(
				"credential type %s is not in the scope of trust anchor %s", missing, anchor.Did)}, nil
		}
	}
	return &parentCandidate{stage: stageQualified}, nil
}

// accreditationAsParent judges one of the accreditor's accreditations as
// the parent of a.
func (k Keeper) accreditationAsParent(ctx context.Context, parent, a types.Accreditation, now time.Time, maxLinks int) (parentCandidate, error) {
	if parent.Role != types.ROLE_ACCREDITOR {
		return parentCandidate{stageRole, types.ErrIssuerCannotAccredit.Wrapf(
			"%s makes %s an issuer, which cannot accredit", parent.Id, a.AccreditorDid)}, nil
	}
	switch {
	case parent.Status != types.STATUS_ACTIVE:
		return parentCandidate{stageActive, types.ErrAccreditorInactive.Wrapf("%s is %s", parent.Id, statusName(parent.Status))}, nil
	case !parent.InWindow(now):
		return parentCandidate{stageActive, types.ErrAccreditorInactive.Wrapf("%s is outside its window %s at %s", parent.Id, windowString(parent), types.FormatTime(now))}, nil
	case a.ValidFrom.Before(parent.ValidFrom):
		return parentCandidate{stageWindow, types.ErrWindowNotCovered.Wrapf(
			"valid_from %s is before %s's valid_from %s", types.FormatTime(a.ValidFrom), parent.Id, types.FormatTime(parent.ValidFrom))}, nil
	case parent.ValidUntil != nil && a.ValidUntil == nil:
		return parentCandidate{stageWindow, types.ErrWindowNotCovered.Wrapf(
			"%s ends %s: valid_until is required and must not be later", parent.Id, types.FormatTime(*parent.ValidUntil))}, nil
	case parent.ValidUntil != nil && a.ValidUntil.After(*parent.ValidUntil):
		return parentCandidate{stageWindow, types.ErrWindowNotCovered.Wrapf(
			"valid_until %s is later than %s's valid_until %s", types.FormatTime(*a.ValidUntil), parent.Id, types.FormatTime(*parent.ValidUntil))}, nil
	}
	if missing, ok := types.Missing(parent.Scope, a.Scope); ok {
		return parentCandidate{stageScope, types.ErrScopeNotCovered.Wrapf("credential type %s is not in the scope of %s", missing, parent.Id)}, nil
	}
	if parent.MaxDepth <= a.MaxDepth {
		return parentCandidate{stageDepth, types.ErrDepthExhausted.Wrapf(
			"%s has max_depth %d: the new accreditation's max_depth must be below it, got %d", parent.Id, parent.MaxDepth, a.MaxDepth)}, nil
	}
	chain, err := k.walkChain(ctx, parent.Id, now, a.Scope, maxLinks)
	if err != nil {
		return parentCandidate{}, err
	}
	if !chain.valid() {
		return parentCandidate{stageChain, types.ErrParentChainInvalid.Wrapf("%s: %s", parent.Id, chain.problem)}, nil
	}
	return parentCandidate{stage: stageQualified}, nil
}

// checkNoCycle refuses a subject that already sits above a in its chain:
// the accreditor or any DID up the parent links, the anchor included.
func (k Keeper) checkNoCycle(ctx context.Context, a types.Accreditation, maxLinks int) error {
	if a.SubjectDid == a.AccreditorDid {
		return types.ErrCycle.Wrapf("subject_did %s is the accreditor", a.SubjectDid)
	}
	visited := map[string]bool{}
	for id := a.ParentId; id != "" && len(visited) < maxLinks && !visited[id]; {
		visited[id] = true
		parent, err := k.Accreditation(ctx, id)
		if err != nil {
			return err
		}
		if a.SubjectDid == parent.AccreditorDid || a.SubjectDid == parent.SubjectDid {
			return types.ErrCycle.Wrapf("subject_did %s already sits above this accreditation in the chain, at %s", a.SubjectDid, parent.Id)
		}
		id = parent.ParentId
	}
	return nil
}

// writeVersion stores a as the current record and as version a.Version.
func (k Keeper) writeVersion(ctx context.Context, a types.Accreditation) error {
	if err := k.Accreditations.Set(ctx, a.Id, a); err != nil {
		return err
	}
	return k.AccreditationVersions.Set(ctx, collections.Join(a.Id, a.Version), types.AccreditationVersion{
		Record: a, Time: a.Updated, Height: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	})
}

func windowString(a types.Accreditation) string {
	until := "open-ended"
	if a.ValidUntil != nil {
		until = types.FormatTime(*a.ValidUntil)
	}
	return fmt.Sprintf("[%s, %s)", types.FormatTime(a.ValidFrom), until)
}
