package keeper

import (
	"context"
	"slices"
	"strings"

	errorsmod "cosmossdk.io/errors"
	"github.com/cosmos/gogoproto/proto"

	"github.com/ndi-chain/ndi/internal/authority"
	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// statusChange is one lifecycle action: which statuses it applies to and
// the status it leads to.
type statusChange struct {
	verb string
	from []types.Status
	to   types.Status
}

var (
	suspend   = statusChange{"suspend", []types.Status{types.STATUS_ACTIVE}, types.STATUS_SUSPENDED}
	reinstate = statusChange{"reinstate", []types.Status{types.STATUS_SUSPENDED}, types.STATUS_ACTIVE}
	revoke    = statusChange{"revoke", []types.Status{types.STATUS_ACTIVE, types.STATUS_SUSPENDED}, types.STATUS_REVOKED}
)

// lifecycleRequest is what the three lifecycle payloads share; payload is
// the signed message itself, so each action has its own sign bytes.
type lifecycleRequest struct {
	submitter       string
	accreditationID string
	actorDID        string
	expectedVersion uint64
	reason          string
	payload         proto.Message
}

// SuspendAccreditation moves an ACTIVE accreditation to SUSPENDED and
// returns its new version.
func (k Keeper) SuspendAccreditation(ctx context.Context, submitter string, p types.SuspendAccreditationPayload, sigs []didtypes.DidSignature) (types.Accreditation, error) {
	return k.changeStatus(ctx, suspend, lifecycleRequest{submitter, p.AccreditationId, p.ActorDid, p.ExpectedVersion, p.Reason, &p}, sigs)
}

// ReinstateAccreditation moves a SUSPENDED accreditation back to ACTIVE.
func (k Keeper) ReinstateAccreditation(ctx context.Context, submitter string, p types.ReinstateAccreditationPayload, sigs []didtypes.DidSignature) (types.Accreditation, error) {
	return k.changeStatus(ctx, reinstate, lifecycleRequest{submitter, p.AccreditationId, p.ActorDid, p.ExpectedVersion, p.Reason, &p}, sigs)
}

// RevokeAccreditation revokes an ACTIVE or SUSPENDED accreditation for good.
func (k Keeper) RevokeAccreditation(ctx context.Context, submitter string, p types.RevokeAccreditationPayload, sigs []didtypes.DidSignature) (types.Accreditation, error) {
	return k.changeStatus(ctx, revoke, lifecycleRequest{submitter, p.AccreditationId, p.ActorDid, p.ExpectedVersion, p.Reason, &p}, sigs)
}

// changeStatus applies a lifecycle action. The actor must be the
// accreditor of the accreditation or of a link above it (the trust anchor
// included) and sign with an assertionMethod key; the module authority may
// act with no actor and no signature. The actor must have seen the current
// version, so a stale or replayed request fails. A suspension records who
// imposed it, and only that actor, an ancestor above it, or governance may
// lift it: a lower accreditor cannot undo what a higher one decided.
func (k Keeper) changeStatus(ctx context.Context, change statusChange, req lifecycleRequest, sigs []didtypes.DidSignature) (types.Accreditation, error) {
	if _, _, err := types.ParseAccreditationID(req.accreditationID); err != nil {
		return types.Accreditation{}, err
	}
	if err := types.ValidateReason(req.reason); err != nil {
		return types.Accreditation{}, err
	}
	governance := req.actorDID == ""
	if governance {
		if err := authority.Check(ctx, k.authority, req.submitter, types.ErrUnauthorized); err != nil {
			return types.Accreditation{}, errorsmod.Wrapf(err,
				"actor_did is empty: only the module authority may %s without a DID signature", change.verb)
		}
	} else if err := types.ValidateDID("actor_did", req.actorDID); err != nil {
		return types.Accreditation{}, err
	}
	a, err := k.Accreditation(ctx, req.accreditationID)
	if err != nil {
		return a, err
	}
	if a.Status == types.STATUS_REVOKED {
		return a, types.ErrRevoked.Wrapf("%s was revoked at %s; revocation is final", a.Id, types.FormatTime(a.Updated))
	}
	if req.expectedVersion != a.Version {
		return a, types.ErrVersionMismatch.Wrapf("expected_version %d, current is %d: read %s again and re-sign", req.expectedVersion, a.Version, a.Id)
	}
	if !statusIn(a.Status, change.from) {
		return a, types.ErrInvalidTransition.Wrapf("%s is %s; %s applies to %s", a.Id, statusName(a.Status), change.verb, statusNames(change.from))
	}
	changedBy := req.submitter
	if !governance {
		actors, err := k.chainActors(ctx, a)
		if err != nil {
			return a, err
		}
		rank := slices.Index(actors, req.actorDID)
		if rank < 0 {
			return a, types.ErrActorNotAuthorized.Wrapf("%s is not the accreditor of %s nor of any link above it", req.actorDID, a.Id)
		}
		if change.to == types.STATUS_ACTIVE {
			if err := requireReinstateStanding(a, actors, rank); err != nil {
				return a, err
			}
		}
		if err := k.didKeeper.AuthorizeAssertion(ctx, req.actorDID, req.payload, sigs); err != nil {
			return a, err
		}
		changedBy = req.actorDID
	}
	a.Status = change.to
	a.Version++
	a.Reason = req.reason
	a.ChangedBy = changedBy
	a.Updated = didtypes.BlockTime(ctx)
	// suspended_by is set exactly while the accreditation is suspended.
	a.SuspendedBy = ""
	if a.Status == types.STATUS_SUSPENDED {
		a.SuspendedBy = changedBy
	}
	return a, k.writeVersion(ctx, a)
}

// chainActors lists who may act on a: its accreditor, then the accreditor
// of each link above it up to the trust anchor, lowest first. Standing
// comes from the position in the chain, not from the actor's own status: a
// lapsed accreditor can still suspend or revoke below it, and what it
// reinstates stays invalid while its own link is not.
func (k Keeper) chainActors(ctx context.Context, a types.Accreditation) ([]string, error) {
	// The walk is bounded by the largest depth the parameter may ever
	// have, not the current one: lowering the parameter does not strip
	// ancestors of their standing.
	const maxLinks = types.MaxChainDepthLimit + 1
	actors := []string{a.AccreditorDid}
	visited := map[string]bool{}
	for link := a; !link.IsTopLink() && !visited[link.ParentId] && len(visited) < maxLinks; {
		visited[link.ParentId] = true
		var err error
		if link, err = k.Accreditation(ctx, link.ParentId); err != nil {
			return nil, err
		}
		actors = append(actors, link.AccreditorDid)
	}
	return actors, nil
}

// requireReinstateStanding checks that the actor at rank in actors (see
// chainActors) may lift a's suspension: it imposed it, or it sits above
// whoever did. A suspension by governance, or by anyone no longer found in
// the chain, is lifted only by governance.
func requireReinstateStanding(a types.Accreditation, actors []string, rank int) error {
	suspender := slices.Index(actors, a.SuspendedBy)
	if suspender < 0 {
		return types.ErrReinstateNotAllowed.Wrapf("%s was suspended by %q, which is no accreditor in its chain (governance acted): only governance may reinstate it", a.Id, a.SuspendedBy)
	}
	if rank < suspender {
		return types.ErrReinstateNotAllowed.Wrapf("%s was suspended by %s, above %s in its chain: only %s, an ancestor above it, or governance may reinstate it",
			a.Id, a.SuspendedBy, actors[rank], a.SuspendedBy)
	}
	return nil
}

func statusIn(s types.Status, set []types.Status) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func statusNames(set []types.Status) string {
	names := make([]string, len(set))
	for i, s := range set {
		names[i] = statusName(s)
	}
	return strings.Join(names, " or ")
}
