package sim

import (
	"slices"
	"time"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// x/accreditation operations: credential types, accreditations and their
// lifecycle (suspend, reinstate, revoke), and invalid variants.

func credentialType(owner, name string) accreditationtypes.CredentialType {
	return accreditationtypes.CredentialType{
		Id: accreditationtypes.CredentialTypeID(owner, name), OwnerDid: owner, Name: name,
		VcTypes:      []string{"VerifiableCredential", "SimCredential"},
		SchemaUri:    "https://schemas.example.org/" + name + ".json",
		SchemaDigest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Description:  "simulated type " + name,
	}
}

func (g *generator) registerTypeMsg(ctx sdk.Context, owner *identity, ct accreditationtypes.CredentialType) (sdk.Msg, bool, error) {
	v, live, err := g.liveDoc(ctx, owner.did)
	if err != nil || !live {
		return nil, false, err
	}
	s, ok := owner.assertKey(&v.Document)
	if !ok {
		return nil, false, nil
	}
	payload := accreditationtypes.RegisterCredentialTypePayload{CredentialType: ct}
	sigs, err := didtypes.Sign(ChainID, &payload, s)
	if err != nil {
		return nil, false, err
	}
	return &accreditationtypes.MsgRegisterCredentialType{Submitter: g.submitter(), Payload: payload, Signatures: sigs}, true, nil
}

func (g *generator) typeRegister(ctx sdk.Context) (*op, error) {
	a := pick(g.rng, g.world.anchors)
	var name string
	if a.def.AllTypes {
		name = g.world.name("t")
	} else {
		for _, typeID := range a.def.Scope {
			has, err := g.app.AccreditationKeeper.CredentialTypes.Has(ctx, typeID)
			if err != nil {
				return nil, err
			}
			if !has {
				_, name, _ = accreditationtypes.ParseCredentialTypeID(typeID)
				break
			}
		}
		if name == "" {
			return nil, nil
		}
	}
	ct := credentialType(a.id.did, name)
	msg, ok, err := g.registerTypeMsg(ctx, a.id, ct)
	if err != nil || !ok {
		return nil, err
	}
	return &op{
		phase:  phaseCreate,
		msg:    msg,
		locks:  []string{"type:" + ct.Id},
		probes: []probe{g.typeProbe(ct.Id)},
		onOK:   func() { g.world.types = append(g.world.types, ct.Id) },
	}, nil
}

// typeInvalid: a type outside a scoped anchor's scope, a type registered
// twice, or a type defined by a DID that is no trust anchor.
func (g *generator) typeInvalid(ctx sdk.Context) (*op, error) {
	var (
		owner *identity
		ct    accreditationtypes.CredentialType
		want  *errorsmod.Error
	)
	switch g.rng.IntN(3) {
	case 0:
		owner = g.world.scoped
		ct, want = credentialType(owner.did, g.world.name("t")), accreditationtypes.ErrOutOfAnchorScope
	case 1:
		if len(g.world.types) == 0 {
			return nil, nil
		}
		existing, err := g.app.AccreditationKeeper.CredentialTypes.Get(ctx, pick(g.rng, g.world.types))
		if err != nil {
			return nil, err
		}
		owner, ct, want = g.world.byDID[existing.OwnerDid], existing, accreditationtypes.ErrCredentialTypeExists
	default:
		id, _, ok, err := g.pickIdentity(ctx, false, func(id *identity, _ didtypes.DidState) bool { return !id.anchor })
		if err != nil || !ok {
			return nil, err
		}
		owner, ct, want = id, credentialType(id.did, g.world.name("t")), accreditationtypes.ErrNotTrustAnchor
	}
	msg, ok, err := g.registerTypeMsg(ctx, owner, ct)
	if err != nil || !ok {
		return nil, err
	}
	return &op{phase: phaseCreate, msg: msg, want: want, locks: []string{"type:" + ct.Id}, probes: []probe{g.typeProbe(ct.Id)}}, nil
}

// subset returns 1 to max distinct entries of from, sorted.
func (g *generator) subset(from []string, limit int) []string {
	if len(from) == 0 {
		return nil
	}
	perm := g.rng.Perm(len(from))
	k := g.rng.between(1, min(limit, len(from)))
	out := make([]string, k)
	for i := range out {
		out[i] = from[perm[i]]
	}
	slices.Sort(out)
	return out
}

// accredit: an anchor or an accredited accreditor accredits a DID as an
// accreditor or an issuer, within its own scope, window and depth.
func (g *generator) accredit(ctx sdk.Context) (*op, error) {
	t := didtypes.BlockTime(ctx)
	var (
		accreditor  string
		parentID    string // empty when the accreditor acts as a trust anchor
		scopeFrom   []string
		parentUntil *time.Time
		maxDepth    uint32 // the largest max_depth a new accreditor may get
	)
	if g.rng.chance(0.4) || len(g.world.accreditors) == 0 {
		a := pick(g.rng, g.world.anchors)
		accreditor, parentUntil, maxDepth = a.id.did, a.def.ValidUntil, 3
		if a.def.AllTypes {
			scopeFrom = g.world.types
		} else {
			for _, typeID := range a.def.Scope {
				if slices.Contains(g.world.types, typeID) {
					scopeFrom = append(scopeFrom, typeID)
				}
			}
		}
	} else {
		parent, ok, err := g.pickAccreditation(ctx, g.world.accreditors, func(p accreditationtypes.Accreditation) bool {
			return p.Status == accreditationtypes.STATUS_ACTIVE && p.InWindow(t)
		})
		if err != nil || !ok {
			return nil, err
		}
		accreditor, parentID, scopeFrom, parentUntil, maxDepth = parent.SubjectDid, parent.Id, parent.Scope, parent.ValidUntil, parent.MaxDepth-1
	}
	if len(scopeFrom) == 0 {
		return nil, nil
	}
	acc := g.world.byDID[accreditor]
	v, live, err := g.liveDoc(ctx, accreditor)
	if err != nil || !live {
		return nil, err
	}
	subject, _, ok, err := g.pickIdentity(ctx, false, func(id *identity, _ didtypes.DidState) bool {
		return id.did != accreditor && !id.anchor
	})
	if err != nil || !ok {
		return nil, err
	}
	role, depth := accreditationtypes.ROLE_ISSUER, uint32(0)
	if maxDepth >= 1 && g.rng.chance(0.4) {
		role, depth = accreditationtypes.ROLE_ACCREDITOR, uint32(g.rng.between(1, int(maxDepth)))
	}
	var until *time.Time
	if g.rng.chance(0.3) {
		u := after(t, g.rng.between(10, 400))
		until = &u
	}
	if parentUntil != nil && (until == nil || until.After(*parentUntil)) {
		u := *parentUntil
		until = &u
	}
	if until != nil && !until.After(t) {
		return nil, nil
	}
	s, ok := acc.assertKey(&v.Document)
	if !ok {
		return nil, nil
	}
	payload := accreditationtypes.AccreditPayload{
		AccreditorDid: accreditor, Name: g.world.name("a"), SubjectDid: subject.did, Role: role,
		Scope: g.subset(scopeFrom, 3), ValidUntil: until, MaxDepth: depth, Parent: parentID,
	}
	sigs, err := didtypes.Sign(ChainID, &payload, s)
	if err != nil {
		return nil, err
	}
	id := accreditationtypes.AccreditationID(accreditor, payload.Name)
	return &op{
		phase:  phaseCreate,
		msg:    &accreditationtypes.MsgAccredit{Submitter: g.submitter(), Payload: payload, Signatures: sigs},
		locks:  []string{"acc:" + id, "chain:" + accreditor, "chain:" + subject.did},
		probes: []probe{g.accProbe(id)},
		onOK: func() {
			g.world.accs = append(g.world.accs, id)
			if role == accreditationtypes.ROLE_ISSUER {
				g.world.issuers = append(g.world.issuers, id)
			} else {
				g.world.accreditors = append(g.world.accreditors, id)
			}
		},
	}, nil
}

// actors returns the accreditor of a and of every link above it.
func (g *generator) actors(ctx sdk.Context, a accreditationtypes.Accreditation) ([]string, error) {
	out := []string{a.AccreditorDid}
	for link := a; link.ParentId != "" && len(out) <= int(accreditationtypes.MaxChainDepthLimit); {
		var err error
		if link, err = g.accreditation(ctx, link.ParentId); err != nil {
			return nil, err
		}
		out = append(out, link.AccreditorDid)
	}
	return out, nil
}

// lifecycleMsg builds a suspend, reinstate or revoke signed by s.
func (g *generator) lifecycleMsg(act accreditationtypes.LifecycleAction, id, actor string, version uint64, s didtypes.Signer) (sdk.Msg, error) {
	p := act.Payload(id, actor, version, "sim "+g.world.name("reason"))
	sigs, err := didtypes.Sign(ChainID, p, s)
	return p.Msg(g.submitter(), sigs), err
}

// validAction returns the action the generator takes on a record's status.
func (g *generator) validAction(s accreditationtypes.Status) accreditationtypes.LifecycleAction {
	switch {
	case g.rng.chance(0.2):
		return accreditationtypes.LifecycleRevoke
	case s == accreditationtypes.STATUS_SUSPENDED:
		return accreditationtypes.LifecycleReinstate
	default:
		return accreditationtypes.LifecycleSuspend
	}
}

func (g *generator) actorSigner(ctx sdk.Context, did string) (didtypes.Signer, bool, error) {
	actor := g.world.byDID[did]
	if actor == nil {
		return didtypes.Signer{}, false, nil
	}
	v, live, err := g.liveDoc(ctx, did)
	if err != nil || !live {
		return didtypes.Signer{}, false, err
	}
	s, ok := actor.assertKey(&v.Document)
	return s, ok, nil
}

// lifecycle: the accreditor of an accreditation, or of a link above it,
// suspends, reinstates or revokes it.
func (g *generator) lifecycle(ctx sdk.Context) (*op, error) {
	a, ok, err := g.pickAccreditation(ctx, g.world.accs, func(a accreditationtypes.Accreditation) bool {
		return a.Status != accreditationtypes.STATUS_REVOKED
	})
	if err != nil || !ok {
		return nil, err
	}
	actors, err := g.actors(ctx, a)
	if err != nil {
		return nil, err
	}
	act := g.validAction(a.Status)
	if act == accreditationtypes.LifecycleReinstate {
		// Only the suspender or an accreditor above it may lift a
		// suspension (governance too, which the generator does not play).
		at := slices.Index(actors, a.SuspendedBy)
		if at < 0 {
			return nil, nil
		}
		actors = actors[at:]
	}
	actor := actors[0]
	if g.rng.chance(0.3) {
		actor = pick(g.rng, actors)
	}
	s, ok, err := g.actorSigner(ctx, actor)
	if err != nil || !ok {
		return nil, err
	}
	msg, err := g.lifecycleMsg(act, a.Id, actor, a.Version, s)
	if err != nil {
		return nil, err
	}
	return &op{phase: phaseLifecycle, msg: msg, locks: []string{"acc:" + a.Id}, probes: []probe{g.accProbe(a.Id)}}, nil
}

// lifecycleInvalid: a change of a revoked accreditation, a stale expected
// version, a transition the status does not allow, an actor outside the
// chain, a signature by a key the actor does not hold, or a reinstatement
// by an accreditor below the one that suspended.
func (g *generator) lifecycleInvalid(ctx sdk.Context) (*op, error) {
	a, ok, err := g.pickAccreditation(ctx, g.world.accs, nil)
	if err != nil || !ok {
		return nil, err
	}
	actors, err := g.actors(ctx, a)
	if err != nil {
		return nil, err
	}
	actor, version, act := a.AccreditorDid, a.Version, g.validAction(a.Status)
	var want *errorsmod.Error
	wrongKey := false
	variant := g.rng.IntN(5)
	switch {
	case a.Status == accreditationtypes.STATUS_REVOKED:
		want = accreditationtypes.ErrRevoked
	case variant == 4 && a.Status == accreditationtypes.STATUS_SUSPENDED && slices.Index(actors, a.SuspendedBy) > 0:
		actor, act, want = actors[slices.Index(actors, a.SuspendedBy)-1], accreditationtypes.LifecycleReinstate, accreditationtypes.ErrReinstateNotAllowed
	case variant == 0 && a.Version >= 1:
		version, want = a.Version-1, accreditationtypes.ErrVersionMismatch
	case variant == 1:
		act, want = accreditationtypes.LifecycleSuspend, accreditationtypes.ErrInvalidTransition
		if a.Status == accreditationtypes.STATUS_ACTIVE {
			act = accreditationtypes.LifecycleReinstate
		}
	case variant == 2:
		outsider, _, ok, err := g.pickIdentity(ctx, false, func(id *identity, _ didtypes.DidState) bool {
			return !slices.Contains(actors, id.did)
		})
		if err != nil || !ok {
			return nil, err
		}
		actor, want = outsider.did, accreditationtypes.ErrActorNotAuthorized
	default:
		wrongKey, want = true, didtypes.ErrInvalidSignature
	}
	s, ok, err := g.actorSigner(ctx, actor)
	if err != nil || !ok {
		return nil, err
	}
	if wrongKey {
		if s.Key, err = g.freshKey(); err != nil {
			return nil, err
		}
	}
	msg, err := g.lifecycleMsg(act, a.Id, actor, version, s)
	if err != nil {
		return nil, err
	}
	return &op{phase: phaseLifecycle, msg: msg, want: want, locks: []string{"acc:" + a.Id}, probes: []probe{g.accProbe(a.Id)}}, nil
}
