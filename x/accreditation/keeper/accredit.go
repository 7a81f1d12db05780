package keeper

import (
	"context"
	"errors"
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
// credential types, and the parent the accreditor named in the signed
// payload must cover the new accreditation (see checkParent). A subject may
// not sit above itself in the chain.
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
	if err := k.didKeeper.AuthorizeAssertion(ctx, payload.AccreditorDid, &payload, sigs); err != nil {
		return types.Accreditation{}, err
	}

	now := didtypes.BlockTime(ctx)
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
	if payload.Parent == "" {
		if err := k.checkAnchorParent(ctx, a, now); err != nil {
			return a, err
		}
		a.AnchorDid = a.AccreditorDid
	} else {
		if err := k.checkParent(ctx, payload.Parent, a, now, maxLinks); err != nil {
			return a, err
		}
		a.ParentId = payload.Parent
	}
	if err := k.checkNoCycle(ctx, a, maxLinks); err != nil {
		return a, err
	}
	return a, k.writeVersion(ctx, a)
}

// checkAnchorParent checks an accreditor acting as a trust anchor (the
// payload names no parent): it must be a trust anchor now whose scope and
// expiry cover a. Being accredited by someone else does not make it one.
func (k Keeper) checkAnchorParent(ctx context.Context, a types.Accreditation, now time.Time) error {
	v, _, problem, err := k.anchorProblem(ctx, a.AccreditorDid, now, nil)
	if err != nil {
		return err
	}
	if problem != "" {
		return types.ErrNotTrustAnchor.Wrapf("parent is empty, so %s must act as a trust anchor: %s; name the accreditation it holds in parent instead", a.AccreditorDid, problem)
	}
	anchor := v.Anchor
	switch {
	case anchor.ValidUntil != nil && a.ValidUntil == nil:
		return types.ErrWindowNotCovered.Wrapf(
			"trust anchor %s expires %s: valid_until is required and must not be later", anchor.Did, types.FormatTime(*anchor.ValidUntil))
	case anchor.ValidUntil != nil && a.ValidUntil.After(*anchor.ValidUntil):
		return types.ErrWindowNotCovered.Wrapf(
			"valid_until %s is later than trust anchor %s's expiry %s", types.FormatTime(*a.ValidUntil), anchor.Did, types.FormatTime(*anchor.ValidUntil))
	}
	if !anchor.AllTypes {
		if missing, ok := types.Missing(anchor.Scope, a.Scope); ok {
			return types.ErrScopeNotCovered.Wrapf("credential type %s is not in the scope of trust anchor %s", missing, anchor.Did)
		}
	}
	return nil
}

// checkParent checks the one accreditation the accreditor named as the
// parent of a: it exists, the accreditor is its subject, and now it is an
// ACTIVE ACCREDITOR accreditation in its window whose window and scope
// cover a's, whose max_depth exceeds a's, and whose own chain is valid.
func (k Keeper) checkParent(ctx context.Context, parentID string, a types.Accreditation, now time.Time, maxLinks int) error {
	parent, err := k.Accreditations.Get(ctx, parentID)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ErrParentNotFound.Wrapf("parent %s does not exist", parentID)
	} else if err != nil {
		return err
	}
	if parent.SubjectDid != a.AccreditorDid {
		return types.ErrParentNotHeld.Wrapf("parent %s accredits %s, not the accreditor %s", parent.Id, parent.SubjectDid, a.AccreditorDid)
	}
	if parent.Role != types.ROLE_ACCREDITOR {
		return types.ErrIssuerCannotAccredit.Wrapf("parent %s makes %s an issuer, which cannot accredit", parent.Id, a.AccreditorDid)
	}
	switch {
	case parent.Status != types.STATUS_ACTIVE:
		return types.ErrAccreditorInactive.Wrapf("parent %s is %s", parent.Id, statusName(parent.Status))
	case !parent.InWindow(now):
		return types.ErrAccreditorInactive.Wrapf("parent %s is outside its window %s at %s", parent.Id, windowString(parent), types.FormatTime(now))
	case a.ValidFrom.Before(parent.ValidFrom):
		return types.ErrWindowNotCovered.Wrapf(
			"valid_from %s is before parent %s's valid_from %s", types.FormatTime(a.ValidFrom), parent.Id, types.FormatTime(parent.ValidFrom))
	case parent.ValidUntil != nil && a.ValidUntil == nil:
		return types.ErrWindowNotCovered.Wrapf(
			"parent %s ends %s: valid_until is required and must not be later", parent.Id, types.FormatTime(*parent.ValidUntil))
	case parent.ValidUntil != nil && a.ValidUntil.After(*parent.ValidUntil):
		return types.ErrWindowNotCovered.Wrapf(
			"valid_until %s is later than parent %s's valid_until %s", types.FormatTime(*a.ValidUntil), parent.Id, types.FormatTime(*parent.ValidUntil))
	}
	if missing, ok := types.Missing(parent.Scope, a.Scope); ok {
		return types.ErrScopeNotCovered.Wrapf("credential type %s is not in the scope of parent %s", missing, parent.Id)
	}
	if parent.MaxDepth <= a.MaxDepth {
		return types.ErrDepthExhausted.Wrapf(
			"parent %s has max_depth %d: the new accreditation's max_depth must be below it, got %d", parent.Id, parent.MaxDepth, a.MaxDepth)
	}
	chain, err := k.walkChain(ctx, parent.Id, now, a.Scope, maxLinks)
	if err != nil {
		return err
	}
	if !chain.valid() {
		return types.ErrParentChainInvalid.Wrapf("parent %s: %s", parent.Id, chain.problem)
	}
	return nil
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
