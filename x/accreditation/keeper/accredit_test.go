package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

func TestAccreditationChainFromAnchorToIssuer(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()

	regional := s.record(c.regionalID)
	require.Equal(t, c.anchor.DID()+"/accreditations/regional", regional.Id)
	require.Empty(t, regional.ParentId, "an anchor's accreditation has no parent accreditation")
	require.Equal(t, c.anchor.DID(), regional.AnchorDid)
	require.Equal(t, types.STATUS_ACTIVE, regional.Status)
	require.Zero(t, regional.Version)
	require.Equal(t, regional.Created, regional.ValidFrom, "valid_from defaults to the block time")

	uni := s.record(c.universityID)
	require.Equal(t, c.regionalID, uni.ParentId, "the issuer's parent is the accreditor's accreditation")
	require.Empty(t, uni.AnchorDid)
	require.Equal(t, types.ROLE_ISSUER, uni.Role)

	res := s.verify(c.university.DID(), c.degree, nil)
	require.True(t, res.Accredited, res.Reason)
	require.Empty(t, res.Reason)
	require.Len(t, res.Chain, 3)
	require.Equal(t, c.universityID, res.Chain[0].AccreditationId, "the issuer's link comes first")
	require.Equal(t, c.regionalID, res.Chain[1].AccreditationId)
	require.Equal(t, types.TrustAnchorLinkID(c.anchor.DID()), res.Chain[2].AccreditationId)
	require.True(t, res.Chain[2].TrustAnchor)
	for _, l := range res.Chain {
		require.True(t, l.ValidAtTime, l.Problem)
		require.Equal(t, types.STATUS_ACTIVE, l.Status)
	}

	t.Run("an anchor may also accredit an issuer directly", func(t *testing.T) {
		direct := s.newDID()
		id := s.mustAccredit(issuer(c.anchor, direct, "direct", c.degree))
		res := s.verify(direct.DID(), c.degree, nil)
		require.True(t, res.Accredited, res.Reason)
		require.Len(t, res.Chain, 2)
		require.Equal(t, id, res.Chain[0].AccreditationId)
	})
	t.Run("the parent is the one the accreditor names, never one the node picks", func(t *testing.T) {
		// sub holds two accreditations from the anchor: "a-narrow" (first in
		// id order, without the new type) and "b-wide".
		other := s.mustRegisterType(c.anchor, "transcript")
		sub := s.newDID()
		narrow := s.mustAccredit(accreditor(c.anchor, sub, "a-narrow", 2, c.degree))
		wide := s.mustAccredit(accreditor(c.anchor, sub, "b-wide", 2, c.degree, other))
		require.Less(t, narrow, wide)
		child := s.mustAccredit(issuer(sub, s.newDID(), "child", c.degree).under(wide))
		require.Equal(t, wide, s.record(child).ParentId, "both qualify: the named one is the parent")
		_, err := s.accredit(issuer(sub, s.newDID(), "child2", other).under(narrow))
		require.ErrorIs(t, err, types.ErrScopeNotCovered, "a named parent that does not cover is refused, not replaced by one that does")
	})
}

func TestAccreditRefusals(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	anchor, regional, uni := c.anchor, c.regional, c.university
	regionalID, uniID := c.regionalID, c.universityID
	transcript := s.mustRegisterType(anchor, "transcript")
	deprecated := s.mustRegisterType(anchor, "old")
	ct, err := s.k.CredentialTypes.Get(s.ctx(), deprecated)
	require.NoError(t, err)
	ct.Deprecated = true
	require.NoError(t, s.k.CredentialTypes.Set(s.ctx(), deprecated, ct))

	deactivatedDID := s.newDID()
	s.deactivate(deactivatedDID)
	unknownDID := didtest.NewIdentity(t, ns)
	stranger := s.newDID()

	// A narrow accreditor: scope degree only, depth 1, window ends in 30 days.
	narrowUntil := s.now.Add(30 * 24 * time.Hour)
	narrow := s.newDID()
	g := accreditor(anchor, narrow, "narrow", 1, c.degree)
	g.validUntil = &narrowUntil
	narrowID := s.mustAccredit(g)
	narrowFrom := s.record(narrowID).ValidFrom

	// Accreditors whose own standing has lapsed.
	suspended, revoked, expired, orphan := s.newDID(), s.newDID(), s.newDID(), s.newDID()
	suspendedID := s.mustAccredit(accreditor(anchor, suspended, "suspended", 2, c.degree))
	s.mustAct(types.LifecycleSuspend, suspendedID, anchor)
	revokedID := s.mustAccredit(accreditor(anchor, revoked, "revoked", 2, c.degree))
	s.mustAct(types.LifecycleRevoke, revokedID, anchor)
	shortUntil := s.now.Add(time.Hour)
	g = accreditor(anchor, expired, "expired", 2, c.degree)
	g.validUntil = &shortUntil
	expiredID := s.mustAccredit(g)
	// notYet's accreditation starts tomorrow.
	notYet := s.newDID()
	tomorrow := s.now.Add(24 * time.Hour)
	g = accreditor(anchor, notYet, "not-yet", 2, c.degree)
	g.validFrom = &tomorrow
	notYetID := s.mustAccredit(g)
	// orphan's parent is fine, but the parent's own parent is suspended.
	middle := s.newDID()
	middleID := s.mustAccredit(accreditor(anchor, middle, "middle", 3, c.degree))
	orphanID := s.mustAccredit(accreditor(middle, orphan, "orphan", 2, c.degree).under(middleID))
	s.mustAct(types.LifecycleSuspend, middleID, anchor)

	// An anchor limited to degree, expiring in 60 days.
	limitedAnchor := s.newDID()
	limitedUntil := s.now.Add(60 * 24 * time.Hour)
	_, err = s.srv.RegisterTrustAnchor(s.ctx(), &types.MsgRegisterTrustAnchor{Authority: s.gov(),
		Anchor: types.TrustAnchor{Did: limitedAnchor.DID(), Scope: []string{c.degree}, ValidUntil: &limitedUntil}})
	require.NoError(t, err)
	removedAnchor := s.newDID()
	s.registerAnchor(removedAnchor)
	s.removeAnchor(removedAnchor)

	s.advance(2 * time.Hour) // expired's window has ended

	sub := func() *didtest.Identity { return s.newDID() }
	withWindow := func(g grant, from, until *time.Time) grant {
		g.validFrom, g.validUntil = from, until
		return g
	}
	past := s.now.Add(-time.Minute)
	future := s.now.Add(time.Hour)
	fraction := s.now.Add(time.Hour + 500*time.Millisecond)
	beyondNarrow := narrowUntil.Add(time.Second)
	beforeNarrow := narrowUntil.Add(-time.Hour)
	beforeNarrowFrom := narrowFrom.Add(-time.Hour)
	withinLimited := limitedUntil.Add(-time.Hour)
	beyondLimited := limitedUntil.Add(time.Hour)

	cases := []struct {
		name  string
		grant grant
		want  error
	}{
		{"a subject DID that does not exist is refused", issuer(regional, unknownDID, "x1", c.degree).under(regionalID), types.ErrDidNotFound},
		{"a deactivated subject DID is refused", issuer(regional, deactivatedDID, "x2", c.degree).under(regionalID), types.ErrDidDeactivated},
		{"an accreditor DID that does not exist is refused", issuer(unknownDID, sub(), "x3", c.degree), types.ErrDidNotFound},
		{"an empty scope is refused", issuer(regional, sub(), "x5").under(regionalID), types.ErrInvalidScope},
		{"a scope naming an unregistered type is refused", issuer(regional, sub(), "x6", anchor.DID()+"/types/nope").under(regionalID), types.ErrCredentialTypeNotFound},
		{"a scope listing a type twice is refused", issuer(regional, sub(), "x7", c.degree, c.degree).under(regionalID), types.ErrInvalidScope},
		{"a deprecated credential type cannot be granted", issuer(anchor, sub(), "x8", deprecated), types.ErrCredentialTypeDeprecated},
		{"valid_from not before valid_until is refused", withWindow(issuer(regional, sub(), "x9", c.degree).under(regionalID), &future, &future), types.ErrInvalidWindow},
		{"a valid_until already past is refused", withWindow(issuer(regional, sub(), "x10", c.degree).under(regionalID), nil, &past), types.ErrInvalidWindow},
		{"a time with a fraction of a second is refused", withWindow(issuer(regional, sub(), "x11", c.degree).under(regionalID), nil, &fraction), types.ErrInvalidWindow},
		{"an unspecified role is refused", grant{by: regional, to: sub(), name: "x12", scope: []string{c.degree}, parent: regionalID}, types.ErrInvalidRole},
		{"an issuer with max_depth above 0 is refused", grant{by: regional, to: sub(), name: "x13", role: types.ROLE_ISSUER, scope: []string{c.degree}, maxDepth: 1, parent: regionalID}, types.ErrInvalidMaxDepth},
		{"an accreditor with max_depth 0 is refused", accreditor(anchor, sub(), "x14", 0, c.degree), types.ErrInvalidMaxDepth},
		{"an accreditor with max_depth above max_chain_depth is refused", accreditor(anchor, sub(), "x15", types.DefaultMaxChainDepth+1, c.degree), types.ErrInvalidMaxDepth},
		{"a name outside [a-z0-9._-]{1,64} is refused", issuer(regional, sub(), "Uni/2", c.degree).under(regionalID), types.ErrInvalidName},
		{"a malformed subject DID is refused", grant{by: regional, name: "x16", role: types.ROLE_ISSUER, scope: []string{c.degree}, parent: regionalID}, types.ErrInvalidDid},
		{"a DID accrediting itself is refused", issuer(regional, regional, "self", c.degree).under(regionalID), types.ErrSelfAccreditation},
		{"a name used before by the same accreditor is refused", issuer(regional, sub(), "uni", c.degree).under(regionalID), types.ErrAccreditationExists},
		{"a DID that is no trust anchor cannot act as one", issuer(stranger, sub(), "x17", c.degree), types.ErrNotTrustAnchor},
		{"an accredited DID that is no trust anchor cannot act as one", issuer(regional, sub(), "x17b", c.degree), types.ErrNotTrustAnchor},
		{"a removed anchor cannot act as one", issuer(removedAnchor, sub(), "x31", c.degree), types.ErrNotTrustAnchor},
		{"a malformed parent id is refused", issuer(regional, sub(), "x34", c.degree).under("regional"), types.ErrInvalidID},
		{"a parent that does not exist is refused", issuer(regional, sub(), "x35", c.degree).under(anchor.DID() + "/accreditations/nope"), types.ErrParentNotFound},
		{"a parent held by another DID is refused", issuer(regional, sub(), "x36", c.degree).under(narrowID), types.ErrParentNotHeld},
		{"a parent the accreditor granted, not holds, is refused", issuer(regional, sub(), "x37", c.degree).under(uniID), types.ErrParentNotHeld},
		{"a DID with no accreditation cannot name someone else's", issuer(stranger, sub(), "x38", c.degree).under(regionalID), types.ErrParentNotHeld},
		{"an issuer trying to accredit is refused", issuer(uni, sub(), "x18", c.degree).under(uniID), types.ErrIssuerCannotAccredit},
		{"a child widening the scope is refused", issuer(regional, sub(), "x19", c.degree, transcript).under(regionalID), types.ErrScopeNotCovered},
		{"a child outliving its parent's window is refused", withWindow(issuer(narrow, sub(), "x20", c.degree).under(narrowID), nil, &beyondNarrow), types.ErrWindowNotCovered},
		{"an open-ended child of a bounded parent is refused", issuer(narrow, sub(), "x21", c.degree).under(narrowID), types.ErrWindowNotCovered},
		{"a child starting before its parent is refused", withWindow(issuer(narrow, sub(), "x22", c.degree).under(narrowID), &beforeNarrowFrom, &beforeNarrow), types.ErrWindowNotCovered},
		{"a child as deep as its parent is refused", withWindow(accreditor(narrow, sub(), "x23", 1, c.degree).under(narrowID), nil, &beforeNarrow), types.ErrDepthExhausted},
		{"a suspended parent cannot be stood on", issuer(suspended, sub(), "x24", c.degree).under(suspendedID), types.ErrAccreditorInactive},
		{"a revoked parent cannot be stood on", issuer(revoked, sub(), "x25", c.degree).under(revokedID), types.ErrAccreditorInactive},
		{"an expired parent cannot be stood on", issuer(expired, sub(), "x26", c.degree).under(expiredID), types.ErrAccreditorInactive},
		{"a parent not yet in force cannot be stood on", withWindow(issuer(notYet, sub(), "x39", c.degree).under(notYetID), &tomorrow, nil), types.ErrAccreditorInactive},
		{"a parent whose own chain is broken cannot be stood on", issuer(orphan, sub(), "x27", c.degree).under(orphanID), types.ErrParentChainInvalid},
		{"an anchor cannot grant outside its scope", withWindow(issuer(limitedAnchor, sub(), "x28", transcript), nil, &withinLimited), types.ErrScopeNotCovered},
		{"an expiring anchor's grant must end by its expiry", issuer(limitedAnchor, sub(), "x29", c.degree), types.ErrWindowNotCovered},
		{"an expiring anchor's grant cannot outlive it", withWindow(issuer(limitedAnchor, sub(), "x30", c.degree), nil, &beyondLimited), types.ErrWindowNotCovered},
		{"an issuer cannot accredit, not even back up its own chain", accreditor(uni, regional, "x32", 1, c.degree).under(uniID), types.ErrIssuerCannotAccredit},
		{"accrediting one's own accreditor closes a cycle", issuer(regional, anchor, "x33", c.degree).under(regionalID), types.ErrCycle},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := s.stored(t)
			_, err := s.accredit(tc.grant)
			require.ErrorIs(t, err, tc.want)
			require.Equal(t, before, s.stored(t), "a refused accreditation writes nothing")
		})
	}

	t.Run("an accreditation within an expiring anchor's window is accepted", func(t *testing.T) {
		_, err := s.accredit(withWindow(issuer(limitedAnchor, sub(), "ok", c.degree), nil, &withinLimited))
		require.NoError(t, err)
	})
	t.Run("a deactivated accreditor is refused", func(t *testing.T) {
		gone := s.newDID()
		goneID := s.mustAccredit(accreditor(anchor, gone, "gone", 2, c.degree))
		s.deactivate(gone)
		_, err := s.accredit(issuer(gone, sub(), "x", c.degree).under(goneID))
		require.ErrorIs(t, err, types.ErrDidDeactivated)
	})
	t.Run("a deeper cycle through the anchor is refused", func(t *testing.T) {
		// anchor → regional → deep (accreditor): deep may not accredit the anchor.
		deep := s.newDID()
		deepID := s.mustAccredit(accreditor(regional, deep, "deep", 1, c.degree).under(regionalID))
		_, err := s.accredit(issuer(deep, anchor, "loop", c.degree).under(deepID))
		require.ErrorIs(t, err, types.ErrCycle)
		_, err = s.accredit(issuer(deep, regional, "loop2", c.degree).under(deepID))
		require.ErrorIs(t, err, types.ErrCycle)
	})
	t.Run("a signature with the wrong key is refused", func(t *testing.T) {
		p := issuer(regional, sub(), "wrong-key", c.degree).under(regionalID).payload()
		sigs := didtest.Sign(t, apptest.ChainID, &p, didtest.Signer{MethodID: regional.MethodID(1), Key: stranger.Keys[0], Source: didtypes.KEY_SOURCE_CURRENT})
		_, err := s.accreditSigned(p, sigs)
		require.ErrorIs(t, err, didtypes.ErrInvalidSignature)
	})
	t.Run("a signature by the subject instead of the accreditor is refused", func(t *testing.T) {
		subject := sub()
		p := issuer(regional, subject, "self-signed", c.degree).under(regionalID).payload()
		_, err := s.accreditSigned(p, didtest.Sign(t, apptest.ChainID, &p, subject.With(1, didtypes.KEY_SOURCE_CURRENT)))
		require.ErrorIs(t, err, didtypes.ErrMissingSignature)
	})
	t.Run("a signature over another chain-id is refused", func(t *testing.T) {
		p := issuer(regional, sub(), "other-chain", c.degree).under(regionalID).payload()
		_, err := s.accreditSigned(p, didtest.Sign(t, "ndi-other-1", &p, regional.With(1, didtypes.KEY_SOURCE_CURRENT)))
		require.ErrorIs(t, err, didtypes.ErrInvalidSignature)
	})
	t.Run("the parent is signed: a relayer cannot swap it", func(t *testing.T) {
		// two holds a suspended accreditation and an active one; a payload
		// signed naming the active one cannot be resubmitted naming another.
		two := s.newDID()
		first := s.mustAccredit(accreditor(anchor, two, "a-first", 2, c.degree))
		s.mustAct(types.LifecycleSuspend, first, anchor)
		second := s.mustAccredit(accreditor(anchor, two, "b-second", 2, c.degree))
		p := issuer(two, sub(), "swapped", c.degree).under(second).payload()
		sigs := didtest.Sign(t, apptest.ChainID, &p, two.With(1, didtypes.KEY_SOURCE_CURRENT))
		p.Parent = first
		_, err := s.accreditSigned(p, sigs)
		require.ErrorIs(t, err, didtypes.ErrInvalidSignature)
		_, err = s.accredit(issuer(two, sub(), "on-suspended", c.degree).under(first))
		require.ErrorIs(t, err, types.ErrAccreditorInactive, "a suspended named parent is refused even when another would qualify")
	})
	t.Run("an anchor that is also accredited chooses where it stands", func(t *testing.T) {
		// limitedAnchor is an anchor for degree only; accredited for transcript
		// by the all-types anchor, it grants transcript only by naming that.
		heldID := s.mustAccredit(accreditor(anchor, limitedAnchor, "limited", 2, transcript))
		_, err := s.accredit(withWindow(issuer(limitedAnchor, sub(), "y1", transcript), nil, &withinLimited))
		require.ErrorIs(t, err, types.ErrScopeNotCovered, "as an anchor it does not cover transcript")
		id := s.mustAccredit(issuer(limitedAnchor, sub(), "y2", transcript).under(heldID))
		require.Equal(t, heldID, s.record(id).ParentId)
		require.Empty(t, s.record(id).AnchorDid)
	})
}

// TestPeerCannotHijackParent is the attack of issue 9 item 3 from the
// attacker's side: a peer accreditor accredits the victim accreditor under
// an id that sorts before the victim's real accreditation. Were the parent
// picked implicitly (first qualifying in id order), the peer would become
// the parent of everything the victim accredits and could suspend it all.
func TestPeerCannotHijackParent(t *testing.T) {
	s := newSuite(t)
	anchor := s.newDID()
	s.registerAnchor(anchor)
	degree := s.mustRegisterType(anchor, "degree")
	// The peer's DID must sort before the anchor's, so that its
	// accreditation of the victim comes first in the victim's list.
	peerIdentity := didtest.NewIdentity(t, ns)
	for peerIdentity.DID() >= anchor.DID() {
		peerIdentity = didtest.NewIdentity(t, ns)
	}
	peer := s.createDID(peerIdentity)
	victim := s.newDID()

	realID := s.mustAccredit(accreditor(anchor, victim, "victim", 3, degree))
	peerID := s.mustAccredit(accreditor(anchor, peer, "peer", 4, degree))
	hijackID := s.mustAccredit(accreditor(peer, victim, "a", 3, degree).under(peerID))
	held, err := s.q.AccreditationsBySubject(s.ctx(), &types.QueryAccreditationsBySubjectRequest{Did: victim.DID()})
	require.NoError(t, err)
	require.Equal(t, hijackID, held.Accreditations[0].Id, "the peer's accreditation sorts first: an implicit pick would take it")

	university := s.newDID()
	uniID := s.mustAccredit(issuer(victim, university, "uni", degree).under(realID))
	require.Equal(t, realID, s.record(uniID).ParentId, "the parent is the one the victim named")

	_, err = s.act(action{kind: types.LifecycleSuspend, id: uniID, actor: peer})
	require.ErrorIs(t, err, types.ErrActorNotAuthorized, "the peer is not above the victim's accreditation")
	_, err = s.act(action{kind: types.LifecycleRevoke, id: uniID, actor: peer})
	require.ErrorIs(t, err, types.ErrActorNotAuthorized)
	require.Equal(t, types.STATUS_ACTIVE, s.record(uniID).Status)
	res := s.verify(university.DID(), degree, nil)
	require.True(t, res.Accredited, res.Reason)
	require.Equal(t, realID, res.Chain[1].AccreditationId)

	// Suspending the hijack link touches nothing the victim made elsewhere.
	s.mustAct(types.LifecycleSuspend, hijackID, peer)
	res = s.verify(university.DID(), degree, nil)
	require.True(t, res.Accredited, res.Reason)
}

func TestAccreditAfterParamsLowered(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	_, err := s.srv.UpdateParams(s.ctx(), &types.MsgUpdateParams{Authority: s.submitter(), Params: types.Params{MaxChainDepth: 1}})
	require.ErrorIs(t, err, types.ErrUnauthorized, "only the authority changes params")
	_, err = s.srv.UpdateParams(s.ctx(), &types.MsgUpdateParams{Authority: s.gov(), Params: types.Params{MaxChainDepth: 0}})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	_, err = s.srv.UpdateParams(s.ctx(), &types.MsgUpdateParams{Authority: s.gov(), Params: types.Params{MaxChainDepth: 1}})
	require.NoError(t, err)
	_, err = s.accredit(accreditor(c.anchor, s.newDID(), "deep", 2, c.degree))
	require.ErrorIs(t, err, types.ErrInvalidMaxDepth, "max_depth is bounded by the new max_chain_depth")
	res := s.verify(c.university.DID(), c.degree, nil)
	require.True(t, res.Accredited, "a two-link chain fits max_chain_depth 1: an issuer and one accreditor")
}
