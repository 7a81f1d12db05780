package keeper

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// Accreditation returns the current record of an accreditation.
func (k Keeper) Accreditation(ctx context.Context, id string) (types.Accreditation, error) {
	a, err := k.Accreditations.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return a, types.ErrAccreditationNotFound.Wrapf("%s does not exist", id)
	}
	return a, err
}

// AccreditationAt returns the version of an accreditation in force at t:
// the latest written at or before t. found is false when it did not exist
// yet at t (or at all).
func (k Keeper) AccreditationAt(ctx context.Context, id string, t time.Time) (v types.AccreditationVersion, found bool, err error) {
	current, err := k.Accreditations.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return v, false, nil
	} else if err != nil {
		return v, false, err
	}
	if !t.Before(current.Updated) {
		// Nothing was written after t: the current record is in force. This
		// is the path of every question about the present.
		v, err = k.AccreditationVersions.Get(ctx, collections.Join(id, current.Version))
		return v, err == nil, err
	}
	// The search includes the current version: t before current.Updated
	// says the record changed after t, and the version's own time decides.
	return versionAt(ctx, k.AccreditationVersions, id, current.Version+1, t, func(v types.AccreditationVersion) time.Time { return v.Time })
}

// accreditationChain is a walk from one accreditation up to its trust
// anchor at one time: every link as it stood then, and the first problem
// found going up (empty when the whole chain was valid).
type accreditationChain struct {
	links   []types.ChainLink
	problem string
}

func (c *accreditationChain) add(link types.ChainLink) {
	link.ValidAtTime = link.Problem == ""
	if c.problem == "" {
		c.problem = link.Problem
	}
	c.links = append(c.links, link)
}

// valid reports whether every link was valid.
func (c accreditationChain) valid() bool { return c.problem == "" }

// walkChain walks from accreditation startID up through parent_id links to
// the trust anchor, reading each link's version in force at t. Every link
// must then be ACTIVE, have t inside its window, list every type in
// typeIDs, and have a subject and an accreditor DID that existed and were
// not deactivated at t; the anchor at the top must have been registered,
// not removed and not expired at t, with the types in its scope. The walk
// is bounded (maxLinks accreditations, a visited set), and goes on past a
// bad link so the verifier sees the whole chain.
func (k Keeper) walkChain(ctx context.Context, startID string, t time.Time, typeIDs []string, maxLinks int) (accreditationChain, error) {
	var chain accreditationChain
	visited := map[string]bool{}
	id := startID
	for {
		if visited[id] {
			chain.add(types.ChainLink{AccreditationId: id, Problem: fmt.Sprintf("%s appears twice in its own chain", id)})
			return chain, nil
		}
		if len(chain.links) == maxLinks {
			chain.add(types.ChainLink{AccreditationId: id, Problem: fmt.Sprintf(
				"chain is longer than %d accreditations (max_chain_depth + 1); %s is beyond it", maxLinks, id)})
			return chain, nil
		}
		visited[id] = true
		v, found, err := k.AccreditationAt(ctx, id, t)
		if err != nil {
			return chain, err
		}
		if !found {
			chain.add(types.ChainLink{AccreditationId: id, Problem: fmt.Sprintf("%s did not exist at %s", id, types.FormatTime(t))})
			return chain, nil
		}
		r := v.Record
		link := types.ChainLink{
			AccreditationId: r.Id, AccreditorDid: r.AccreditorDid, SubjectDid: r.SubjectDid,
			Role: r.Role, Status: r.Status, ValidFrom: timePtr(r.ValidFrom), ValidUntil: r.ValidUntil, Version: r.Version,
		}
		if link.Problem, err = k.linkProblem(ctx, r, t, typeIDs); err != nil {
			return chain, err
		}
		chain.add(link)
		if !r.IsTopLink() {
			id = r.ParentId
			continue
		}
		top := types.ChainLink{AccreditationId: types.TrustAnchorLinkID(r.AnchorDid), SubjectDid: r.AnchorDid, Role: types.ROLE_ACCREDITOR, TrustAnchor: true}
		av, found, problem, err := k.anchorProblem(ctx, r.AnchorDid, t, typeIDs)
		if err != nil {
			return chain, err
		}
		if found {
			// A registration in force shows since when; a removal shows as REVOKED.
			top.ValidUntil = av.Anchor.ValidUntil
			top.Status = types.STATUS_REVOKED
			if !av.Removed {
				top.ValidFrom = timePtr(av.Time)
				top.Status = types.STATUS_ACTIVE
			}
		}
		if problem == "" {
			if problem, err = k.didProblem(ctx, r.AnchorDid, "trust anchor", top.AccreditationId, t); err != nil {
				return chain, err
			}
		}
		top.Problem = problem
		chain.add(top)
		return chain, nil
	}
}

// linkProblem says why accreditation r was not a valid link at t for the
// types, or returns "".
func (k Keeper) linkProblem(ctx context.Context, r types.Accreditation, t time.Time, typeIDs []string) (string, error) {
	at := types.FormatTime(t)
	if r.Status != types.STATUS_ACTIVE {
		return fmt.Sprintf("%s is %s at %s", r.Id, statusName(r.Status), at), nil
	}
	if t.Before(r.ValidFrom) {
		return fmt.Sprintf("%s window starts %s, after %s", r.Id, types.FormatTime(r.ValidFrom), at), nil
	}
	if r.ValidUntil != nil && !t.Before(*r.ValidUntil) {
		return fmt.Sprintf("%s window ends %s, not after %s", r.Id, types.FormatTime(*r.ValidUntil), at), nil
	}
	for _, id := range typeIDs {
		if !types.Contains(r.Scope, id) {
			return fmt.Sprintf("credential type %s not in scope of %s", id, r.Id), nil
		}
	}
	for _, d := range []struct{ role, did string }{{"subject", r.SubjectDid}, {"accreditor", r.AccreditorDid}} {
		if problem, err := k.didProblem(ctx, d.did, d.role, r.Id, t); problem != "" || err != nil {
			return problem, err
		}
	}
	return "", nil
}

// didProblem says why did, holding role in link, was not live at t, or
// returns "". x/did answers whether the DID was deactivated by t, not when.
func (k Keeper) didProblem(ctx context.Context, did, role, link string, t time.Time) (string, error) {
	exists, deactivated, err := k.didKeeper.StateAt(ctx, did, t)
	switch {
	case err != nil:
		return "", err
	case !exists:
		return fmt.Sprintf("%s (%s of %s) did not exist at %s", did, role, link, types.FormatTime(t)), nil
	case deactivated:
		return fmt.Sprintf("%s (%s of %s) deactivated at or before %s", did, role, link, types.FormatTime(t)), nil
	}
	return "", nil
}

// statusName is a status without its STATUS_ prefix: ACTIVE, SUSPENDED, REVOKED.
func statusName(s types.Status) string {
	return strings.TrimPrefix(s.String(), "STATUS_")
}

// maxLinks is how many accreditations a valid chain can hold: an issuer
// and up to max_chain_depth accreditors above it.
func (k Keeper) maxLinks(ctx context.Context) (int, error) {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	return int(p.MaxChainDepth) + 1, nil
}

// VerifyIssuer answers whether issuerDID was accredited to issue
// credential type typeID at time at (the block time when nil). The
// candidates are the issuer's ISSUER accreditations, in id order, that
// existed at that time and list the type; the first whose whole chain was
// valid makes the answer true, with that chain. Otherwise the answer is
// false, with the first candidate's chain and the reason naming its
// failing link.
func (k Keeper) VerifyIssuer(ctx context.Context, issuerDID, typeID string, at *time.Time) (*types.QueryVerifyIssuerResponse, error) {
	if err := types.ValidateDID("issuer_did", issuerDID); err != nil {
		return nil, err
	}
	if _, _, err := types.ParseCredentialTypeID(typeID); err != nil {
		return nil, err
	}
	if _, err := k.credentialType(ctx, typeID); err != nil {
		return nil, err
	}
	t := didtypes.BlockTime(ctx)
	if at != nil {
		t = at.UTC()
	}
	maxLinks, err := k.maxLinks(ctx)
	if err != nil {
		return nil, err
	}
	res := &types.QueryVerifyIssuerResponse{AtTime: t}
	ids, err := k.subjectAccreditationIDs(ctx, issuerDID)
	if err != nil {
		return nil, err
	}
	var first *accreditationChain
	for _, id := range ids {
		v, found, err := k.AccreditationAt(ctx, id, t)
		if err != nil {
			return nil, err
		}
		if !found || v.Record.Role != types.ROLE_ISSUER || !types.Contains(v.Record.Scope, typeID) {
			continue
		}
		chain, err := k.walkChain(ctx, id, t, []string{typeID}, maxLinks)
		if err != nil {
			return nil, err
		}
		if chain.valid() {
			res.Accredited, res.Chain = true, chain.links
			return res, nil
		}
		if first == nil {
			first = &chain
		}
	}
	if first == nil {
		res.Reason = fmt.Sprintf("%s held no ISSUER accreditation for %s at %s", issuerDID, typeID, types.FormatTime(t))
		return res, nil
	}
	res.Chain, res.Reason = first.links, first.problem
	return res, nil
}

// CheckActiveIssuer returns nil when issuerDID holds, now, an ISSUER
// accreditation whose chain is valid for at least one credential type in
// its scope; otherwise ErrNotAccreditedIssuer with the reason. x/revocation
// asks this before an issuer creates a status list.
func (k Keeper) CheckActiveIssuer(ctx context.Context, issuerDID string) error {
	if err := types.ValidateDID("issuer_did", issuerDID); err != nil {
		return err
	}
	now := didtypes.BlockTime(ctx)
	maxLinks, err := k.maxLinks(ctx)
	if err != nil {
		return err
	}
	ids, err := k.subjectAccreditationIDs(ctx, issuerDID)
	if err != nil {
		return err
	}
	reason := ""
	for _, id := range ids {
		a, err := k.Accreditations.Get(ctx, id)
		if err != nil {
			return err
		}
		if a.Role != types.ROLE_ISSUER {
			continue
		}
		for _, typeID := range a.Scope {
			chain, err := k.walkChain(ctx, id, now, []string{typeID}, maxLinks)
			if err != nil {
				return err
			}
			if chain.valid() {
				return nil
			}
			if reason == "" {
				reason = chain.problem
			}
		}
	}
	if reason == "" {
		reason = fmt.Sprintf("%s holds no ISSUER accreditation", issuerDID)
	}
	return types.ErrNotAccreditedIssuer.Wrapf("%s at %s: %s", issuerDID, types.FormatTime(now), reason)
}

// subjectAccreditationIDs lists the ids of the accreditations held by did,
// in id order.
func (k Keeper) subjectAccreditationIDs(ctx context.Context, did string) ([]string, error) {
	iter, err := k.Accreditations.Indexes.BySubject.MatchExact(ctx, did)
	if err != nil {
		return nil, err
	}
	defer func() { _ = iter.Close() }() // read-only iterator: nothing to recover on close
	return iter.PrimaryKeys()
}

func timePtr(t time.Time) *time.Time { return &t }
