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
	t.Run("the parent is the first qualifying accreditation in id order", func(t *testing.T) {
		// sub holds two accreditations from the anchor: "a-narrow" (first in
		// id order, but without the new type) and "b-wide".
		other := s.mustRegisterType(c.anchor, "transcript")
		sub := s.newDID()
		narrow := s.mustAccredit(accreditor(c.anchor, sub, "a-narrow", 2, c.degree))
		wide := s.mustAccredit(accreditor(c.anchor, sub, "b-wide", 2, c.degree, other))
		require.Less(t, narrow, wide)
		child := s.mustAccredit(issuer(sub, s.newDID(), "child", other))
		require.Equal(t, wide, s.record(child).ParentId)
		first := s.mustAccredit(issuer(sub, s.newDID(), "child2", c.degree))
		require.Equal(t, narrow, s.record(first).ParentId, "both qualify: the first in id order wins")
	})
}

func TestAccreditRefusals(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	anchor, regional, uni := c.anchor, c.regional, c.university
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
	narrowFrom := s.record(s.mustAccredit(g)).ValidFrom

	// Accreditors whose own standing has lapsed.
	suspended, revoked, expired, orphan := s.newDID(), s.newDID(), s.newDID(), s.newDID()
	suspendedID := s.mustAccredit(accreditor(anchor, suspended, "suspended", 2, c.degree))
	s.mustAct(actSuspend, suspendedID, anchor)
	revokedID := s.mustAccredit(accreditor(anchor, revoked, "revoked", 2, c.degree))
	s.mustAct(actRevoke, revokedID, anchor)
	shortUntil := s.now.Add(time.Hour)
	g = accreditor(anchor, expired, "expired", 2, c.degree)
	g.validUntil = &shortUntil
	s.mustAccredit(g)
	// orphan's parent is fine, but the parent's own parent is suspended.
	middle := s.newDID()
	middleID := s.mustAccredit(accreditor(anchor, middle, "middle", 3, c.degree))
	s.mustAccredit(accreditor(middle, orphan, "orphan", 2, c.degree))
	s.mustAct(actSuspend, middleID, anchor)

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
		{"a subject DID that does not exist is refused", issuer(regional, unknownDID, "x1", c.degree), types.ErrDidNotFound},
		{"a deactivated subject DID is refused", issuer(regional, deactivatedDID, "x2", c.degree), types.ErrDidDeactivated},
		{"an accreditor DID that does not exist is refused", issuer(unknownDID, sub(), "x3", c.degree), types.ErrDidNotFound},
		{"an empty scope is refused", issuer(regional, sub(), "x5"), types.ErrInvalidScope},
		{"a scope naming an unregistered type is refused", issuer(regional, sub(), "x6", anchor.DID()+"/types/nope"), types.ErrCredentialTypeNotFound},
		{"a scope listing a type twice is refused", issuer(regional, sub(), "x7", c.degree, c.degree), types.ErrInvalidScope},
		{"a deprecated credential type cannot be granted", issuer(anchor, sub(), "x8", deprecated), types.ErrCredentialTypeDeprecated},
		{"valid_from not before valid_until is refused", withWindow(issuer(regional, sub(), "x9", c.degree), &future, &future), types.ErrInvalidWindow},
		{"a valid_until already past is refused", withWindow(issuer(regional, sub(), "x10", c.degree), nil, &past), types.ErrInvalidWindow},
		{"a time with a fraction of a second is refused", withWindow(issuer(regional, sub(), "x11", c.degree), nil, &fraction), types.ErrInvalidWindow},
		{"an unspecified role is refused", grant{by: regional, to: sub(), name: "x12", scope: []string{c.degree}}, types.ErrInvalidRole},
		{"an issuer with max_depth above 0 is refused", grant{by: regional, to: sub(), name: "x13", role: types.ROLE_ISSUER, scope: []string{c.degree}, maxDepth: 1}, types.ErrInvalidMaxDepth},
		{"an accreditor with max_depth 0 is refused", accreditor(anchor, sub(), "x14", 0, c.degree), types.ErrInvalidMaxDepth},
		{"an accreditor with max_depth above max_chain_depth is refused", accreditor(anchor, sub(), "x15", types.DefaultMaxChainDepth+1, c.degree), types.ErrInvalidMaxDepth},
		{"a name outside [a-z0-9._-]{1,64} is refused", issuer(regional, sub(), "Uni/2", c.degree), types.ErrInvalidName},
		{"a malformed subject DID is refused", grant{by: regional, name: "x16", role: types.ROLE_ISSUER, scope: []string{c.degree}}, types.ErrInvalidDid},
		{"a DID accrediting itself is refused", issuer(regional, regional, "self", c.degree), types.ErrSelfAccreditation},
		{"a name used before by the same accreditor is refused", issuer(regional, sub(), "uni", c.degree), types.ErrAccreditationExists},
		{"an accreditor neither anchor nor accredited is refused", issuer(stranger, sub(), "x17", c.degree), types.ErrNoParent},
		{"an issuer trying to accredit is refused", issuer(uni, sub(), "x18", c.degree), types.ErrIssuerCannotAccredit},
		{"a child widening the scope is refused", issuer(regional, sub(), "x19", c.degree, transcript), types.ErrScopeNotCovered},
		{"a child outliving its parent's window is refused", withWindow(issuer(narrow, sub(), "x20", c.degree), nil, &beyondNarrow), types.ErrWindowNotCovered},
		{"an open-ended child of a bounded parent is refused", issuer(narrow, sub(), "x21", c.degree), types.ErrWindowNotCovered},
		{"a child starting before its parent is refused", withWindow(issuer(narrow, sub(), "x22", c.degree), &beforeNarrowFrom, &beforeNarrow), types.ErrWindowNotCovered},
		{"a child as deep as its parent is refused", withWindow(accreditor(narrow, sub(), "x23", 1, c.degree), nil, &beforeNarrow), types.ErrDepthExhausted},
		{"a suspended accreditor cannot accredit", issuer(suspended, sub(), "x24", c.degree), types.ErrAccreditorInactive},
		{"a revoked accreditor cannot accredit", issuer(revoked, sub(), "x25", c.degree), types.ErrAccreditorInactive},
		{"an expired accreditor cannot accredit", issuer(expired, sub(), "x26", c.degree), types.ErrAccreditorInactive},
		{"an accreditor whose own chain is broken cannot accredit", issuer(orphan, sub(), "x27", c.degree), types.ErrParentChainInvalid},
		{"an anchor cannot grant outside its scope", withWindow(issuer(limitedAnchor, sub(), "x28", transcript), nil, &withinLimited), types.ErrScopeNotCovered},
		{"an expiring anchor's grant must end by its expiry", issuer(limitedAnchor, sub(), "x29", c.degree), types.ErrWindowNotCovered},
		{"an expiring anchor's grant cannot outlive it", withWindow(issuer(limitedAnchor, sub(), "x30", c.degree), nil, &beyondLimited), types.ErrWindowNotCovered},
		{"a removed anchor cannot accredit", issuer(removedAnchor, sub(), "x31", c.degree), types.ErrAccreditorInactive},
		{"an issuer cannot accredit, not even back up its own chain", accreditor(uni, regional, "x32", 1, c.degree), types.ErrIssuerCannotAccredit},
		{"accrediting one's own accreditor closes a cycle", issuer(regional, anchor, "x33", c.degree), types.ErrCycle},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.accredit(tc.grant)
			require.ErrorIs(t, err, tc.want)
			p := tc.grant.payload()
			has, err := s.k.Accreditations.Has(s.ctx(), types.AccreditationID(p.AccreditorDid, p.Name))
			require.NoError(t, err)
			if tc.want != types.ErrAccreditationExists {
				require.False(t, has, "a refused accreditation writes nothing")
			}
		})
	}

	t.Run("an accreditation within an expiring anchor's window is accepted", func(t *testing.T) {
		_, err := s.accredit(withWindow(issuer(limitedAnchor, sub(), "ok", c.degree), nil, &withinLimited))
		require.NoError(t, err)
	})
	t.Run("a deactivated accreditor is refused", func(t *testing.T) {
		gone := s.newDID()
		s.mustAccredit(accreditor(anchor, gone, "gone", 2, c.degree))
		s.deactivate(gone)
		_, err := s.accredit(issuer(gone, sub(), "x", c.degree))
		require.ErrorIs(t, err, types.ErrDidDeactivated)
	})
	t.Run("a deeper cycle through the anchor is refused", func(t *testing.T) {
		// anchor → regional → deep (accreditor): deep may not accredit the anchor.
		deep := s.newDID()
		s.mustAccredit(accreditor(regional, deep, "deep", 1, c.degree))
		_, err := s.accredit(issuer(deep, anchor, "loop", c.degree))
		require.ErrorIs(t, err, types.ErrCycle)
		_, err = s.accredit(issuer(deep, regional, "loop2", c.degree))
		require.ErrorIs(t, err, types.ErrCycle)
	})
	t.Run("a signature with the wrong key is refused", func(t *testing.T) {
		p := issuer(regional, sub(), "wrong-key", c.degree).payload()
		sigs := didtest.Sign(t, apptest.ChainID, &p, didtest.Signer{MethodID: regional.MethodID(1), Key: stranger.Keys[0], Source: didtypes.KEY_SOURCE_CURRENT})
		_, err := s.accreditSigned(p, sigs)
		require.ErrorIs(t, err, didtypes.ErrInvalidSignature)
	})
	t.Run("a signature by the subject instead of the accreditor is refused", func(t *testing.T) {
		subject := sub()
		p := issuer(regional, subject, "self-signed", c.degree).payload()
		_, err := s.accreditSigned(p, didtest.Sign(t, apptest.ChainID, &p, subject.With(1, didtypes.KEY_SOURCE_CURRENT)))
		require.ErrorIs(t, err, didtypes.ErrMissingSignature)
	})
	t.Run("a signature over another chain-id is refused", func(t *testing.T) {
		p := issuer(regional, sub(), "other-chain", c.degree).payload()
		_, err := s.accreditSigned(p, didtest.Sign(t, "ndi-other-1", &p, regional.With(1, didtypes.KEY_SOURCE_CURRENT)))
		require.ErrorIs(t, err, didtypes.ErrInvalidSignature)
	})
	t.Run("a refusal names the closest candidate's failure", func(t *testing.T) {
		// two holds a suspended accreditation and an active one without the
		// type: the scope failure got further than the suspension.
		two := s.newDID()
		first := s.mustAccredit(accreditor(anchor, two, "a-first", 2, c.degree))
		s.mustAct(actSuspend, first, anchor)
		s.mustAccredit(accreditor(anchor, two, "b-second", 2, transcript))
		_, err := s.accredit(issuer(two, sub(), "x", c.degree))
		require.ErrorIs(t, err, types.ErrScopeNotCovered)
	})
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
