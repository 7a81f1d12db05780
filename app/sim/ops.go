package sim

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/ndi-chain/ndi/app"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// phase orders the transactions of a block. Every operation is generated
// and dry-run against the last committed state; the phases and the locks
// make the block deliver each one against that same state:
//
//   - phaseCreate: creations (DIDs, credential types, accreditations,
//     status lists) and status-list updates. They read DIDs, statuses and
//     anchors that only later phases change.
//   - phaseLifecycle: accreditation suspend / reinstate / revoke.
//   - phaseDID: DID updates and deactivations, last, so that every DID
//     signs the block's other operations with its committed keys.
type phase int

const (
	phaseCreate phase = iota
	phaseLifecycle
	phaseDID
)

// probe reads one record an operation targets, for checking that a refused
// transaction left it unchanged.
type probe struct {
	name string
	read func(sdk.Context) ([]byte, error)
}

// op is one transaction of a block.
type op struct {
	kind      string
	phase     phase
	msg       sdk.Msg
	submitter string
	// want is set on deliberately invalid operations: the error the
	// message must fail with.
	want *errorsmod.Error
	// locks name what the operation touches or depends on; two operations
	// of one block never share a lock.
	locks  []string
	probes []probe
	// onOK runs after the block when the transaction succeeded.
	onOK func()

	// dryErr is the outcome of running the message on the committed
	// state; the block must reproduce it.
	dryErr error
	// before holds the probes' readings before the block (refused
	// operations only).
	before [][]byte
}

type opKind struct {
	name   string
	weight int
	gen    func(*generator, sdk.Context) (*op, error)
}

// kinds are the weighted operations. The invalid ones must fail with the
// error they name, and the block must leave their targets unchanged.
var kinds = []opKind{
	{"did/create", 12, (*generator).didCreate},
	{"did/update", 9, (*generator).didUpdate},
	{"did/deactivate", 1, (*generator).didDeactivate},
	{"did/invalid", 3, (*generator).didInvalid},
	{"accreditation/register-type", 3, (*generator).typeRegister},
	{"accreditation/invalid-type", 1, (*generator).typeInvalid},
	{"accreditation/accredit", 12, (*generator).accredit},
	{"accreditation/lifecycle", 6, (*generator).lifecycle},
	{"accreditation/invalid-lifecycle", 3, (*generator).lifecycleInvalid},
	{"revocation/create-list", 5, (*generator).listCreate},
	{"revocation/update-list", 12, (*generator).listUpdate},
	{"revocation/invalid-update", 3, (*generator).listInvalid},
	{"gov/anchor-proposal", 1, (*generator).anchorProposal},
}

var allAlgs = []didsig.Algorithm{didsig.Ed25519, didsig.P256, didsig.Secp256k1}

// generator draws the operations of each block.
type generator struct {
	r          *rng
	w          *world
	a          *app.App
	submitters []string
	// voters are the validator operators: they vote on every proposal.
	voters  []string
	nextSub int
	totalW  int
}

func newGenerator(r *rng, w *world, a *app.App, submitters, voters []string) *generator {
	g := &generator{r: r, w: w, a: a, submitters: submitters, voters: voters}
	for _, k := range kinds {
		g.totalW += k.weight
	}
	return g
}

func (g *generator) submitter() string {
	s := g.submitters[g.nextSub%len(g.submitters)]
	g.nextSub++
	return s
}

func (g *generator) pickKind() opKind {
	n := g.r.IntN(g.totalW)
	for _, k := range kinds {
		if n < k.weight {
			return k
		}
		n -= k.weight
	}
	return kinds[len(kinds)-1]
}

// block draws up to n operations against the committed state in ctx,
// dry-runs each, and returns them in delivery order.
func (g *generator) block(ctx sdk.Context, n int) ([]*op, error) {
	locks := map[string]bool{}
	ops, err := g.votes(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range ops {
		if err := g.dryRun(ctx, o); err != nil {
			return nil, err
		}
	}
	n += len(ops)
	for attempts := 0; len(ops) < n && attempts < 8*n; attempts++ {
		k := g.pickKind()
		o, err := k.gen(g, ctx)
		if err != nil {
			return nil, fmt.Errorf("generate %s: %w", k.name, err)
		}
		if o == nil || slices.ContainsFunc(o.locks, func(l string) bool { return locks[l] }) {
			continue
		}
		o.kind = k.name
		if err := g.dryRun(ctx, o); err != nil {
			return nil, err
		}
		for _, l := range o.locks {
			locks[l] = true
		}
		ops = append(ops, o)
	}
	slices.SortStableFunc(ops, func(a, b *op) int { return int(a.phase) - int(b.phase) })
	return ops, nil
}

// dryRun runs the message through the app's message router on a branch of
// the committed state. A deliberately invalid message must fail with its
// error: if it does not, the chain accepts what it must refuse.
func (g *generator) dryRun(ctx sdk.Context, o *op) error {
	handler := g.a.MsgServiceRouter().Handler(o.msg)
	if handler == nil {
		return fmt.Errorf("%s: no handler for %T", o.kind, o.msg)
	}
	branch, _ := ctx.CacheContext()
	_, o.dryErr = handler(branch, o.msg)
	if o.want != nil {
		if o.dryErr == nil {
			return fmt.Errorf("%s: the chain accepted a message it must refuse with %q: %s", o.kind, o.want, o.msg)
		}
		if !errors.Is(o.dryErr, o.want) {
			return fmt.Errorf("%s: want error %q, got %v", o.kind, o.want, o.dryErr)
		}
	}
	if o.dryErr != nil {
		for _, p := range o.probes {
			bz, err := p.read(ctx)
			if err != nil {
				return fmt.Errorf("%s: probe %s: %w", o.kind, p.name, err)
			}
			o.before = append(o.before, bz)
		}
	}
	return nil
}

// ---- probes -----------------------------------------------------------

func (g *generator) marshal(msgs ...interface{ Marshal() ([]byte, error) }) ([]byte, error) {
	var out []byte
	for _, m := range msgs {
		bz, err := m.Marshal()
		if err != nil {
			return nil, err
		}
		out = append(out, bz...)
	}
	return out, nil
}

func (g *generator) didProbe(did string) probe {
	return probe{"DID " + did, func(ctx sdk.Context) ([]byte, error) {
		state, v, err := g.a.DidKeeper.Latest(ctx, did)
		if errors.Is(err, didtypes.ErrDidNotFound) {
			return []byte("absent"), nil
		} else if err != nil {
			return nil, err
		}
		return g.marshal(&state, &v)
	}}
}

func (g *generator) accProbe(id string) probe {
	return probe{"accreditation " + id, func(ctx sdk.Context) ([]byte, error) {
		a, err := g.a.AccreditationKeeper.Accreditations.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			return []byte("absent"), nil
		} else if err != nil {
			return nil, err
		}
		return g.marshal(&a)
	}}
}

func (g *generator) typeProbe(id string) probe {
	return probe{"credential type " + id, func(ctx sdk.Context) ([]byte, error) {
		ct, err := g.a.AccreditationKeeper.CredentialTypes.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			return []byte("absent"), nil
		} else if err != nil {
			return nil, err
		}
		return g.marshal(&ct)
	}}
}

func (g *generator) listProbe(id string) probe {
	return probe{"status list " + id, func(ctx sdk.Context) ([]byte, error) {
		l, err := g.a.RevocationKeeper.Lists.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			return []byte("absent"), nil
		} else if err != nil {
			return nil, err
		}
		return g.marshal(&l)
	}}
}

// ---- reading state ----------------------------------------------------

// pickIdentity tries a few random identities and returns the first that
// keep accepts and whose DID is live (deactivated: the opposite).
func (g *generator) pickIdentity(ctx sdk.Context, deactivated bool, keep func(*identity, didtypes.DidState) bool) (*identity, didtypes.DidVersion, bool, error) {
	if len(g.w.ids) == 0 {
		return nil, didtypes.DidVersion{}, false, nil
	}
	for range 8 {
		id := pick(g.r, g.w.ids)
		state, v, err := g.a.DidKeeper.Latest(ctx, id.did)
		if err != nil {
			return nil, v, false, err
		}
		if state.Deactivated != deactivated || (keep != nil && !keep(id, state)) {
			continue
		}
		return id, v, true, nil
	}
	return nil, didtypes.DidVersion{}, false, nil
}

// liveDoc returns the latest document of a DID that is not deactivated.
func (g *generator) liveDoc(ctx sdk.Context, did string) (didtypes.DidVersion, bool, error) {
	state, v, err := g.a.DidKeeper.Latest(ctx, did)
	if err != nil {
		return v, false, err
	}
	return v, !state.Deactivated, nil
}

func (g *generator) accreditation(ctx sdk.Context, id string) (accreditationtypes.Accreditation, error) {
	return g.a.AccreditationKeeper.Accreditations.Get(ctx, id)
}

// pickAccreditation tries a few random ids and returns the first record
// that keep accepts.
func (g *generator) pickAccreditation(ctx sdk.Context, ids []string, keep func(accreditationtypes.Accreditation) bool) (accreditationtypes.Accreditation, bool, error) {
	if len(ids) == 0 {
		return accreditationtypes.Accreditation{}, false, nil
	}
	for range 6 {
		a, err := g.accreditation(ctx, pick(g.r, ids))
		if err != nil {
			return a, false, err
		}
		if keep == nil || keep(a) {
			return a, true, nil
		}
	}
	return accreditationtypes.Accreditation{}, false, nil
}

// freshKey is a key no document holds, for wrong-key signatures.
func (g *generator) freshKey() (didsig.PrivateKey, error) {
	return didsig.GeneratePrivateKey(pick(g.r, allAlgs), g.r)
}

// ---- x/did --------------------------------------------------------------

func (g *generator) service(did string) didtypes.Service {
	name := g.w.name("svc")
	return didtypes.Service{
		Id: did + "#" + name, Type: []string{"LinkedDomains"},
		ServiceEndpoint: `"https://` + name + `.example.org/"`,
	}
}

func (g *generator) didCreate(_ sdk.Context) (*op, error) {
	n := g.r.between(1, 3)
	algs := make([]didsig.Algorithm, n)
	for i := range algs {
		algs[i] = pick(g.r, allAlgs)
	}
	id, doc, err := newIdentity(g.r, algs...)
	if err != nil {
		return nil, err
	}
	if g.r.chance(0.3) {
		doc.Service = append(doc.Service, g.service(doc.Id))
	}
	if g.r.chance(0.2) {
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.w.name("aka")}
	}
	payload := didtypes.CreateDidPayload{Document: doc}
	signers := []didtypes.Signer{{MethodID: methodID(doc.Id, 1), Key: id.keys[methodID(doc.Id, 1)], Source: didtypes.KEY_SOURCE_NEW}}
	if n > 1 && g.r.chance(0.5) {
		signers = append(signers, didtypes.Signer{MethodID: methodID(doc.Id, 2), Key: id.keys[methodID(doc.Id, 2)], Source: didtypes.KEY_SOURCE_NEW})
	}
	sigs, err := didtypes.Sign(ChainID, &payload, signers...)
	if err != nil {
		return nil, err
	}
	return &op{
		phase:  phaseCreate,
		msg:    &didtypes.MsgCreateDid{Submitter: g.submitter(), Payload: payload, Signatures: sigs},
		locks:  []string{"did:" + doc.Id},
		probes: []probe{g.didProbe(doc.Id)},
		onOK:   func() { g.w.addIdentity(id) },
	}, nil
}

// authorizeKey returns a key of id that may change doc, skipping skip.
func authorizeKey(id *identity, doc *didtypes.DidDocument, skip func(string) bool) (didtypes.Signer, bool) {
	return id.keyFor(doc, didtypes.RoleAuthorize, skip)
}

func removeRefs(rels []didtypes.VerificationRelationship, methodID string) []didtypes.VerificationRelationship {
	return slices.DeleteFunc(rels, func(r didtypes.VerificationRelationship) bool { return r.Reference == methodID })
}

func (g *generator) didUpdate(ctx sdk.Context) (*op, error) {
	id, v, ok, err := g.pickIdentity(ctx, false, nil)
	if err != nil || !ok {
		return nil, err
	}
	current := v.Document
	doc := current.Clone()
	var (
		signers []didtypes.Signer
		onOK    func()
		skip    func(string) bool
	)
	variant := g.r.IntN(5)
	if variant == 3 && len(doc.VerificationMethod) >= 4 || variant == 4 && len(doc.VerificationMethod) < 2 {
		variant = 1
	}
	switch variant {
	case 0: // add or drop a service
		if len(doc.Service) >= 3 || (len(doc.Service) > 0 && g.r.chance(0.4)) {
			doc.Service = doc.Service[1:]
		} else {
			doc.Service = append(doc.Service, g.service(doc.Id))
		}
	case 1: // change alsoKnownAs
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.w.name("aka")}
	case 2: // rotate a key: the old key signs from the current document, the new one from the new document
		i := g.r.IntN(len(doc.VerificationMethod))
		vm := doc.VerificationMethod[i]
		old, ok := id.keys[vm.Id]
		if !ok {
			return nil, nil
		}
		next, err := g.freshKey()
		if err != nil {
			return nil, err
		}
		pub, err := next.PublicKey()
		if err != nil {
			return nil, err
		}
		doc.VerificationMethod[i].PublicKeyMultibase = pub.Multikey()
		signers = []didtypes.Signer{
			{MethodID: vm.Id, Key: old, Source: didtypes.KEY_SOURCE_CURRENT},
			{MethodID: vm.Id, Key: next, Source: didtypes.KEY_SOURCE_NEW},
		}
		onOK = func() { id.keys[vm.Id] = next }
	case 3: // add a key
		k, err := g.freshKey()
		if err != nil {
			return nil, err
		}
		pub, err := k.PublicKey()
		if err != nil {
			return nil, err
		}
		mid := methodID(id.did, id.nextKey)
		id.nextKey++
		doc.VerificationMethod = append(doc.VerificationMethod, didtypes.VerificationMethod{
			Id: mid, Type: didsig.MethodTypeMultikey, Controller: id.did, PublicKeyMultibase: pub.Multikey(),
		})
		ref := didtypes.VerificationRelationship{Reference: mid}
		doc.Authentication = append(doc.Authentication, ref)
		doc.AssertionMethod = append(doc.AssertionMethod, ref)
		doc.CapabilityInvocation = append(doc.CapabilityInvocation, ref)
		onOK = func() { id.keys[mid] = k }
	case 4: // remove a key other than the first
		i := g.r.between(1, len(doc.VerificationMethod)-1)
		rm := doc.VerificationMethod[i].Id
		doc.VerificationMethod = slices.Delete(doc.VerificationMethod, i, i+1)
		doc.Authentication = removeRefs(doc.Authentication, rm)
		doc.AssertionMethod = removeRefs(doc.AssertionMethod, rm)
		doc.CapabilityInvocation = removeRefs(doc.CapabilityInvocation, rm)
		skip = func(m string) bool { return m == rm }
	}
	if signers == nil {
		s, ok := authorizeKey(id, &current, skip)
		if !ok {
			return nil, nil
		}
		signers = []didtypes.Signer{s}
	}
	payload := didtypes.UpdateDidPayload{Document: doc, ExpectedVersionId: v.VersionId}
	sigs, err := didtypes.Sign(ChainID, &payload, signers...)
	if err != nil {
		return nil, err
	}
	return &op{
		phase:  phaseDID,
		msg:    &didtypes.MsgUpdateDid{Submitter: g.submitter(), Payload: payload, Signatures: sigs},
		locks:  []string{"did:" + id.did},
		probes: []probe{g.didProbe(id.did)},
		onOK:   onOK,
	}, nil
}

func (g *generator) didDeactivate(ctx sdk.Context) (*op, error) {
	id, v, ok, err := g.pickIdentity(ctx, false, func(id *identity, _ didtypes.DidState) bool { return !id.anchor })
	if err != nil || !ok {
		return nil, err
	}
	s, ok := authorizeKey(id, &v.Document, nil)
	if !ok {
		return nil, nil
	}
	payload := didtypes.DeactivateDidPayload{Id: id.did, ExpectedVersionId: v.VersionId}
	sigs, err := didtypes.Sign(ChainID, &payload, s)
	if err != nil {
		return nil, err
	}
	return &op{
		phase:  phaseDID,
		msg:    &didtypes.MsgDeactivateDid{Submitter: g.submitter(), Payload: payload, Signatures: sigs},
		locks:  []string{"did:" + id.did},
		probes: []probe{g.didProbe(id.did)},
	}, nil
}

// didInvalid: an update naming a stale version, an update signed with a
// key the document does not hold, a second create of an existing DID, or
// an update of a deactivated DID.
func (g *generator) didInvalid(ctx sdk.Context) (*op, error) {
	var (
		msg  sdk.Msg
		want *errorsmod.Error
		did  string
	)
	switch g.r.IntN(4) {
	case 0:
		id, v, ok, err := g.pickIdentity(ctx, false, func(_ *identity, s didtypes.DidState) bool { return s.Versions >= 2 })
		if err != nil || !ok {
			return nil, err
		}
		first, err := g.a.DidKeeper.Versions.Get(ctx, collections.Join(id.did, uint64(0)))
		if err != nil {
			return nil, err
		}
		doc := v.Document.Clone()
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.w.name("stale")}
		s, ok := authorizeKey(id, &v.Document, nil)
		if !ok {
			return nil, nil
		}
		payload := didtypes.UpdateDidPayload{Document: doc, ExpectedVersionId: first.VersionId}
		sigs, err := didtypes.Sign(ChainID, &payload, s)
		if err != nil {
			return nil, err
		}
		msg, want, did = &didtypes.MsgUpdateDid{Submitter: g.submitter(), Payload: payload, Signatures: sigs}, didtypes.ErrVersionMismatch, id.did
	case 1:
		id, v, ok, err := g.pickIdentity(ctx, false, nil)
		if err != nil || !ok {
			return nil, err
		}
		doc := v.Document.Clone()
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.w.name("wrongkey")}
		k, err := g.freshKey()
		if err != nil {
			return nil, err
		}
		payload := didtypes.UpdateDidPayload{Document: doc, ExpectedVersionId: v.VersionId}
		sigs, err := didtypes.Sign(ChainID, &payload, didtypes.Signer{MethodID: doc.VerificationMethod[0].Id, Key: k, Source: didtypes.KEY_SOURCE_CURRENT})
		if err != nil {
			return nil, err
		}
		msg, want, did = &didtypes.MsgUpdateDid{Submitter: g.submitter(), Payload: payload, Signatures: sigs}, didtypes.ErrInvalidSignature, id.did
	case 2:
		if len(g.w.ids) == 0 {
			return nil, nil
		}
		id := pick(g.r, g.w.ids)
		first, err := g.a.DidKeeper.Versions.Get(ctx, collections.Join(id.did, uint64(0)))
		if err != nil {
			return nil, err
		}
		payload := didtypes.CreateDidPayload{Document: first.Document}
		m1 := methodID(id.did, 1)
		sigs, err := didtypes.Sign(ChainID, &payload, didtypes.Signer{MethodID: m1, Key: id.keys[m1], Source: didtypes.KEY_SOURCE_NEW})
		if err != nil {
			return nil, err
		}
		msg, want, did = &didtypes.MsgCreateDid{Submitter: g.submitter(), Payload: payload, Signatures: sigs}, didtypes.ErrDidExists, id.did
	default:
		id, v, ok, err := g.pickIdentity(ctx, true, nil)
		if err != nil || !ok {
			return nil, err
		}
		doc := v.Document.Clone()
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.w.name("dead")}
		s, ok := authorizeKey(id, &v.Document, nil)
		if !ok {
			return nil, nil
		}
		payload := didtypes.UpdateDidPayload{Document: doc, ExpectedVersionId: v.VersionId}
		sigs, err := didtypes.Sign(ChainID, &payload, s)
		if err != nil {
			return nil, err
		}
		msg, want, did = &didtypes.MsgUpdateDid{Submitter: g.submitter(), Payload: payload, Signatures: sigs}, didtypes.ErrDidDeactivated, id.did
	}
	return &op{phase: phaseDID, msg: msg, want: want, locks: []string{"did:" + did}, probes: []probe{g.didProbe(did)}}, nil
}

// ---- x/accreditation ----------------------------------------------------

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
	a := pick(g.r, g.w.anchors)
	var name string
	if a.def.AllTypes {
		name = g.w.name("t")
	} else {
		for _, typeID := range a.def.Scope {
			has, err := g.a.AccreditationKeeper.CredentialTypes.Has(ctx, typeID)
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
		onOK:   func() { g.w.types = append(g.w.types, ct.Id) },
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
	switch g.r.IntN(3) {
	case 0:
		owner = g.w.scoped
		ct, want = credentialType(owner.did, g.w.name("t")), accreditationtypes.ErrOutOfAnchorScope
	case 1:
		if len(g.w.types) == 0 {
			return nil, nil
		}
		existing, err := g.a.AccreditationKeeper.CredentialTypes.Get(ctx, pick(g.r, g.w.types))
		if err != nil {
			return nil, err
		}
		owner, ct, want = g.w.byDID[existing.OwnerDid], existing, accreditationtypes.ErrCredentialTypeExists
	default:
		id, _, ok, err := g.pickIdentity(ctx, false, func(id *identity, _ didtypes.DidState) bool { return !id.anchor })
		if err != nil || !ok {
			return nil, err
		}
		owner, ct, want = id, credentialType(id.did, g.w.name("t")), accreditationtypes.ErrNotTrustAnchor
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
	perm := g.r.Perm(len(from))
	k := g.r.between(1, min(limit, len(from)))
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
	if g.r.chance(0.4) || len(g.w.accreditors) == 0 {
		a := pick(g.r, g.w.anchors)
		accreditor, parentUntil, maxDepth = a.id.did, a.def.ValidUntil, 3
		if a.def.AllTypes {
			scopeFrom = g.w.types
		} else {
			for _, typeID := range a.def.Scope {
				if slices.Contains(g.w.types, typeID) {
					scopeFrom = append(scopeFrom, typeID)
				}
			}
		}
	} else {
		parent, ok, err := g.pickAccreditation(ctx, g.w.accreditors, func(p accreditationtypes.Accreditation) bool {
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
	acc := g.w.byDID[accreditor]
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
	if maxDepth >= 1 && g.r.chance(0.4) {
		role, depth = accreditationtypes.ROLE_ACCREDITOR, uint32(g.r.between(1, int(maxDepth)))
	}
	var until *time.Time
	if g.r.chance(0.3) {
		u := after(t, g.r.between(10, 400))
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
		AccreditorDid: accreditor, Name: g.w.name("a"), SubjectDid: subject.did, Role: role,
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
			g.w.accs = append(g.w.accs, id)
			if role == accreditationtypes.ROLE_ISSUER {
				g.w.issuers = append(g.w.issuers, id)
			} else {
				g.w.accreditors = append(g.w.accreditors, id)
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

type lifecycleAction int

const (
	actSuspend lifecycleAction = iota
	actReinstate
	actRevoke
)

// lifecycleMsg builds a suspend, reinstate or revoke signed by s.
func (g *generator) lifecycleMsg(act lifecycleAction, id, actor string, version uint64, s didtypes.Signer) (sdk.Msg, error) {
	reason := "sim " + g.w.name("reason")
	switch act {
	case actSuspend:
		p := accreditationtypes.SuspendAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: version, Reason: reason}
		sigs, err := didtypes.Sign(ChainID, &p, s)
		return &accreditationtypes.MsgSuspendAccreditation{Submitter: g.submitter(), Payload: p, Signatures: sigs}, err
	case actReinstate:
		p := accreditationtypes.ReinstateAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: version, Reason: reason}
		sigs, err := didtypes.Sign(ChainID, &p, s)
		return &accreditationtypes.MsgReinstateAccreditation{Submitter: g.submitter(), Payload: p, Signatures: sigs}, err
	default:
		p := accreditationtypes.RevokeAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: version, Reason: reason}
		sigs, err := didtypes.Sign(ChainID, &p, s)
		return &accreditationtypes.MsgRevokeAccreditation{Submitter: g.submitter(), Payload: p, Signatures: sigs}, err
	}
}

// validAction returns the action the generator takes on a record's status.
func (g *generator) validAction(s accreditationtypes.Status) lifecycleAction {
	switch {
	case g.r.chance(0.2):
		return actRevoke
	case s == accreditationtypes.STATUS_SUSPENDED:
		return actReinstate
	default:
		return actSuspend
	}
}

func (g *generator) actorSigner(ctx sdk.Context, did string) (didtypes.Signer, bool, error) {
	actor := g.w.byDID[did]
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
	a, ok, err := g.pickAccreditation(ctx, g.w.accs, func(a accreditationtypes.Accreditation) bool {
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
	if act == actReinstate {
		// Only the suspender or an accreditor above it may lift a
		// suspension (governance too, which the generator does not play).
		at := slices.Index(actors, a.SuspendedBy)
		if at < 0 {
			return nil, nil
		}
		actors = actors[at:]
	}
	actor := actors[0]
	if g.r.chance(0.3) {
		actor = pick(g.r, actors)
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
	a, ok, err := g.pickAccreditation(ctx, g.w.accs, nil)
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
	variant := g.r.IntN(5)
	switch {
	case a.Status == accreditationtypes.STATUS_REVOKED:
		want = accreditationtypes.ErrRevoked
	case variant == 4 && a.Status == accreditationtypes.STATUS_SUSPENDED && slices.Index(actors, a.SuspendedBy) > 0:
		actor, act, want = actors[slices.Index(actors, a.SuspendedBy)-1], actReinstate, accreditationtypes.ErrReinstateNotAllowed
	case variant == 0 && a.Version >= 1:
		version, want = a.Version-1, accreditationtypes.ErrVersionMismatch
	case variant == 1:
		act, want = actSuspend, accreditationtypes.ErrInvalidTransition
		if a.Status == accreditationtypes.STATUS_ACTIVE {
			act = actReinstate
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

// ---- x/revocation ------------------------------------------------------

func (g *generator) listCreate(ctx sdk.Context) (*op, error) {
	t := didtypes.BlockTime(ctx)
	a, ok, err := g.pickAccreditation(ctx, g.w.issuers, func(a accreditationtypes.Accreditation) bool {
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
	if g.r.chance(0.5) {
		purpose = revocationtypes.STATUS_PURPOSE_SUSPENSION
	}
	size := uint64(revocationtypes.MinSizeBits)
	if g.r.chance(0.2) {
		size *= 2
	}
	payload := revocationtypes.CreateStatusListPayload{IssuerDid: issuer, Name: g.w.name("l"), Purpose: purpose, SizeBits: size}
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
		onOK:   func() { g.w.lists = append(g.w.lists, id) },
	}, nil
}

// pickList returns a random status list the generator created.
func (g *generator) pickList(ctx sdk.Context, keep func(revocationtypes.StatusList) bool) (revocationtypes.StatusList, bool, error) {
	if len(g.w.lists) == 0 {
		return revocationtypes.StatusList{}, false, nil
	}
	for range 6 {
		l, err := g.a.RevocationKeeper.Lists.Get(ctx, pick(g.r, g.w.lists))
		if err != nil {
			return l, false, err
		}
		if keep == nil || keep(l) {
			return l, true, nil
		}
	}
	return revocationtypes.StatusList{}, false, nil
}

// batch draws a scattered update of l: single indices, sometimes a range,
// and on suspension lists sometimes clears of indices set before.
func (g *generator) batch(l revocationtypes.StatusList) revocationtypes.UpdateStatusListPayload {
	used := map[uint64]bool{}
	p := revocationtypes.UpdateStatusListPayload{ListId: l.Id, ExpectedSequence: l.Sequence}
	if g.r.chance(0.3) {
		start := g.r.Uint64N(l.SizeBits - 200)
		r := revocationtypes.IndexRange{Start: start, End: start + g.r.Uint64N(200)}
		p.SetRanges = append(p.SetRanges, r)
		for i := r.Start; i <= r.End; i++ {
			used[i] = true
		}
	}
	for range g.r.between(1, 40) {
		i := g.r.Uint64N(l.SizeBits)
		if !used[i] {
			used[i] = true
			p.Set = append(p.Set, i)
		}
	}
	if set := g.w.setBits[l.Id]; l.Purpose == revocationtypes.STATUS_PURPOSE_SUSPENSION && len(set) > 0 && g.r.chance(0.5) {
		for range g.r.between(1, 10) {
			i := pick(g.r, set)
			if !used[i] {
				used[i] = true
				p.Clear = append(p.Clear, i)
			}
		}
	}
	return p
}

func (g *generator) listUpdate(ctx sdk.Context) (*op, error) {
	l, ok, err := g.pickList(ctx, nil)
	if err != nil || !ok {
		return nil, err
	}
	s, ok, err := g.actorSigner(ctx, l.IssuerDid)
	if err != nil || !ok {
		return nil, err
	}
	payload := g.batch(l)
	sigs, err := didtypes.Sign(ChainID, &payload, s)
	if err != nil {
		return nil, err
	}
	return &op{
		phase:  phaseCreate,
		msg:    &revocationtypes.MsgUpdateStatusList{Submitter: g.submitter(), Payload: payload, Signatures: sigs},
		locks:  []string{"list:" + l.Id},
		probes: []probe{g.listProbe(l.Id)},
		onOK: func() {
			set := append(g.w.setBits[l.Id], payload.Set...)
			if len(set) > 2000 {
				set = set[len(set)-2000:]
			}
			g.w.setBits[l.Id] = set
		},
	}, nil
}

// listInvalid: a clear on a revocation list, a stale expected sequence, an
// index out of range, or a signature by a key the issuer does not hold.
func (g *generator) listInvalid(ctx sdk.Context) (*op, error) {
	variant := g.r.IntN(4)
	keep := func(revocationtypes.StatusList) bool { return true }
	switch variant {
	case 0:
		keep = func(l revocationtypes.StatusList) bool { return l.Purpose == revocationtypes.STATUS_PURPOSE_REVOCATION }
	case 1:
		keep = func(l revocationtypes.StatusList) bool { return l.Sequence >= 1 }
	}
	l, ok, err := g.pickList(ctx, keep)
	if err != nil || !ok {
		return nil, err
	}
	s, ok, err := g.actorSigner(ctx, l.IssuerDid)
	if err != nil || !ok {
		return nil, err
	}
	payload := revocationtypes.UpdateStatusListPayload{ListId: l.Id, ExpectedSequence: l.Sequence, Set: []uint64{g.r.Uint64N(l.SizeBits)}}
	var want *errorsmod.Error
	switch variant {
	case 0:
		payload.Clear, want = []uint64{(payload.Set[0] + 1) % l.SizeBits}, revocationtypes.ErrClearOnRevocation
	case 1:
		payload.ExpectedSequence, want = l.Sequence-1, revocationtypes.ErrSequenceMismatch
	case 2:
		payload.Set, want = append(payload.Set, l.SizeBits+g.r.Uint64N(8)), revocationtypes.ErrIndexOutOfRange
	default:
		if s.Key, err = g.freshKey(); err != nil {
			return nil, err
		}
		want = didtypes.ErrInvalidSignature
	}
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

// ---- governance: trust anchors ------------------------------------------

// anchorProposal submits a governance proposal that registers a DID as a
// trust anchor or removes an anchor governance registered earlier. The
// validators vote on it in the next block (see votes); it passes or fails
// in the EndBlocker when the voting period ends.
func (g *generator) anchorProposal(ctx sdk.Context) (*op, error) {
	authority := g.a.AccreditationKeeper.Authority()
	var govAnchors []anchorDef
	for _, a := range g.w.anchors {
		if a.gov {
			govAnchors = append(govAnchors, a)
		}
	}
	var (
		inner sdk.Msg
		did   string
		onOK  func()
	)
	if len(govAnchors) > 0 && g.r.chance(0.3) {
		a := pick(g.r, govAnchors)
		did = a.id.did
		inner = &accreditationtypes.MsgRemoveTrustAnchor{Authority: authority, Did: did, Reason: "sim " + g.w.name("removal")}
	} else {
		id, _, ok, err := g.pickIdentity(ctx, false, func(id *identity, _ didtypes.DidState) bool {
			return !id.anchor && !slices.ContainsFunc(g.w.pending, func(p pendingAnchor) bool { return p.id == id })
		})
		if err != nil || !ok {
			return nil, err
		}
		did = id.did
		def := accreditationtypes.TrustAnchor{Did: did, AllTypes: true, Description: "sim " + g.w.name("anchor")}
		if len(g.w.types) > 0 && g.r.chance(0.4) {
			def.AllTypes, def.Scope = false, g.subset(g.w.types, 4)
		}
		if g.r.chance(0.3) {
			until := after(didtypes.BlockTime(ctx), g.r.between(60, 400))
			def.ValidUntil = &until
		}
		inner = &accreditationtypes.MsgRegisterTrustAnchor{Authority: authority, Anchor: def}
		height := ctx.BlockHeight()
		onOK = func() { g.w.pending = append(g.w.pending, pendingAnchor{id: id, height: height}) }
	}
	params, err := g.a.GovKeeper.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	// x/poa lets only validator operators submit proposals.
	msg, err := govv1.NewMsgSubmitProposal([]sdk.Msg{inner}, params.MinDeposit, pick(g.r, g.voters), "",
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
	err := g.a.GovKeeper.Proposals.Walk(ctx, nil, func(id uint64, p govv1.Proposal) (bool, error) {
		if p.Status != govv1.StatusVotingPeriod {
			return false, nil
		}
		for _, voter := range g.voters {
			addr, err := sdk.AccAddressFromBech32(voter)
			if err != nil {
				return true, err
			}
			voted, err := g.a.GovKeeper.Votes.Has(ctx, collections.Join(id, addr))
			if err != nil {
				return true, err
			}
			if voted {
				continue
			}
			option := govv1.OptionYes
			if g.r.chance(0.15) {
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
		n, err := g.a.AccreditationKeeper.TrustAnchors.Get(ctx, did)
		if errors.Is(err, collections.ErrNotFound) {
			return accreditationtypes.TrustAnchorVersion{}, false, nil
		} else if err != nil {
			return accreditationtypes.TrustAnchorVersion{}, false, err
		}
		v, err := g.a.AccreditationKeeper.TrustAnchorVersions.Get(ctx, collections.Join(did, n-1))
		return v, err == nil, err
	}
	anchors := g.w.anchors[:0]
	for _, a := range g.w.anchors {
		if a.gov {
			v, found, err := latest(a.id.did)
			if err != nil {
				return err
			}
			if !found || v.Removed {
				g.w.govRemoved++
				continue
			}
			a.def = v.Anchor
		}
		anchors = append(anchors, a)
	}
	g.w.anchors = anchors
	pending := g.w.pending[:0]
	for _, p := range g.w.pending {
		v, found, err := latest(p.id.did)
		if err != nil {
			return err
		}
		switch {
		case found && !v.Removed:
			p.id.anchor = true
			g.w.govAdded++
			g.w.anchors = append(g.w.anchors, anchorDef{id: p.id, def: v.Anchor, gov: true})
		case ctx.BlockHeight()-p.height <= 8:
			pending = append(pending, p)
		}
	}
	g.w.pending = pending
	return nil
}
