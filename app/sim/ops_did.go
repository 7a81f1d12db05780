package sim

import (
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/did/didsig"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// x/did operations: create, update, deactivate, and invalid variants.

func (g *generator) service(did string) didtypes.Service {
	name := g.world.name("svc")
	return didtypes.Service{
		Id: did + "#" + name, Type: []string{"LinkedDomains"},
		ServiceEndpoint: `"https://` + name + `.example.org/"`,
	}
}

func (g *generator) didCreate(_ sdk.Context) (*op, error) {
	n := g.rng.between(1, 3)
	algs := make([]didsig.Algorithm, n)
	for i := range algs {
		algs[i] = pick(g.rng, allAlgs)
	}
	id, doc, err := newIdentity(g.rng, algs...)
	if err != nil {
		return nil, err
	}
	if g.rng.chance(0.3) {
		doc.Service = append(doc.Service, g.service(doc.Id))
	}
	if g.rng.chance(0.2) {
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.world.name("aka")}
	}
	payload := didtypes.CreateDidPayload{Document: doc}
	signers := []didtypes.Signer{{MethodID: methodID(doc.Id, 1), Key: id.keys[methodID(doc.Id, 1)], Source: didtypes.KEY_SOURCE_NEW}}
	if n > 1 && g.rng.chance(0.5) {
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
		onOK:   func() { g.world.addIdentity(id) },
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
	variant := g.rng.IntN(5)
	if variant == 3 && len(doc.VerificationMethod) >= 4 || variant == 4 && len(doc.VerificationMethod) < 2 {
		variant = 1
	}
	switch variant {
	case 0: // add or drop a service
		if len(doc.Service) >= 3 || (len(doc.Service) > 0 && g.rng.chance(0.4)) {
			doc.Service = doc.Service[1:]
		} else {
			doc.Service = append(doc.Service, g.service(doc.Id))
		}
	case 1: // change alsoKnownAs
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.world.name("aka")}
	case 2: // rotate a key: the old key signs from the current document, the new one from the new document
		i := g.rng.IntN(len(doc.VerificationMethod))
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
		i := g.rng.between(1, len(doc.VerificationMethod)-1)
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
	switch g.rng.IntN(4) {
	case 0:
		id, v, ok, err := g.pickIdentity(ctx, false, func(_ *identity, s didtypes.DidState) bool { return s.Versions >= 2 })
		if err != nil || !ok {
			return nil, err
		}
		first, err := g.app.DidKeeper.Versions.Get(ctx, collections.Join(id.did, uint64(0)))
		if err != nil {
			return nil, err
		}
		doc := v.Document.Clone()
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.world.name("stale")}
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
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.world.name("wrongkey")}
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
		if len(g.world.ids) == 0 {
			return nil, nil
		}
		id := pick(g.rng, g.world.ids)
		first, err := g.app.DidKeeper.Versions.Get(ctx, collections.Join(id.did, uint64(0)))
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
		doc.AlsoKnownAs = []string{"https://aka.example.org/" + g.world.name("dead")}
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
