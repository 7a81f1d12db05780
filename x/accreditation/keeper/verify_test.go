package keeper_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ndi-chain/ndi/x/accreditation/types"
)

func TestVerifyIssuerTravelsInTime(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	t1 := s.advance(time.Hour)
	t2 := s.advance(time.Hour)
	s.mustAct(types.LifecycleRevoke, c.universityID, c.regional)

	before := s.verify(c.university.DID(), c.degree, at(t1))
	require.True(t, before.Accredited, "accredited at t1: %s", before.Reason)
	require.Equal(t, t1, before.AtTime)

	after := s.verify(c.university.DID(), c.degree, at(t2))
	require.False(t, after.Accredited)
	require.Equal(t, c.universityID+" is REVOKED at "+types.FormatTime(t2), after.Reason)
	require.False(t, after.Chain[0].ValidAtTime)
	require.Equal(t, types.STATUS_REVOKED, after.Chain[0].Status)
	require.Equal(t, uint64(1), after.Chain[0].Version, "the link is shown as it stood then")
	require.True(t, after.Chain[1].ValidAtTime, "the links above stay valid")

	now := s.verify(c.university.DID(), c.degree, nil)
	require.False(t, now.Accredited)
	require.Equal(t, s.now, now.AtTime, "no at_time: the block time")

	created := s.record(c.universityID).Created
	early := s.verify(c.university.DID(), c.degree, at(created.Add(-time.Second)))
	require.False(t, early.Accredited, "before the accreditation existed")
	require.Contains(t, early.Reason, "held no ISSUER accreditation")
}

func TestVerifyIssuerFindsTheFailingLink(t *testing.T) {
	cases := []struct {
		name string
		// breakChain changes the registry after the chain was built and
		// returns the reason VerifyIssuer must give.
		breakChain func(s *suite, c trustChain) string
		badLinks   []int // the links marked invalid; the reason is the first's
	}{
		{"a suspended middle link", func(s *suite, c trustChain) string {
			s.mustAct(types.LifecycleSuspend, c.regionalID, c.anchor)
			return c.regionalID + " is SUSPENDED at " + types.FormatTime(s.now)
		}, []int{1}},
		{"a revoked middle link", func(s *suite, c trustChain) string {
			s.mustAct(types.LifecycleRevoke, c.regionalID, c.anchor)
			return c.regionalID + " is REVOKED at " + types.FormatTime(s.now)
		}, []int{1}},
		{"a removed trust anchor", func(s *suite, c trustChain) string {
			s.removeAnchor(c.anchor)
			return "trust anchor " + c.anchor.DID() + " was removed at " + types.FormatTime(s.now)
		}, []int{2}},
		{"a deactivated accreditor DID up the chain", func(s *suite, c trustChain) string {
			s.deactivate(c.regional)
			return c.regional.DID() + " (accreditor of " + c.universityID + ") deactivated at or before " + types.FormatTime(s.now)
		}, []int{0, 1}},
		{"a deactivated trust anchor DID", func(s *suite, c trustChain) string {
			s.deactivate(c.anchor)
			return c.anchor.DID() + " (accreditor of " + c.regionalID + ") deactivated at or before " + types.FormatTime(s.now)
		}, []int{1, 2}},
		{"a deactivated issuer DID", func(s *suite, c trustChain) string {
			s.deactivate(c.university)
			return c.university.DID() + " (subject of " + c.universityID + ") deactivated at or before " + types.FormatTime(s.now)
		}, []int{0}},
		{"an anchor whose scope no longer holds the type", func(s *suite, c trustChain) string {
			other := types.CredentialTypeID(c.anchor.DID(), "other")
			_, err := s.srv.RegisterTrustAnchor(s.ctx(), &types.MsgRegisterTrustAnchor{Authority: s.gov(),
				Anchor: types.TrustAnchor{Did: c.anchor.DID(), Scope: []string{other}}})
			require.NoError(s.t, err)
			return "credential type " + c.degree + " not in scope of trust anchor " + c.anchor.DID()
		}, []int{2}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" invalidates every issuer below it", func(t *testing.T) {
			s := newSuite(t)
			c := s.newTrustChain()
			second := s.newDID()
			secondID := s.mustAccredit(issuer(c.regional, second, "second", c.degree).under(c.regionalID))
			s.advance(time.Minute)
			want := tc.breakChain(s, c) // the reason as of now, when VerifyIssuer asks

			res := s.verify(c.university.DID(), c.degree, nil)
			require.False(t, res.Accredited)
			require.Equal(t, want, res.Reason)
			require.Len(t, res.Chain, 3, "the whole chain is shown, up to the anchor")
			for i, l := range res.Chain {
				require.Equal(t, !slices.Contains(tc.badLinks, i), l.ValidAtTime, "link %d: %s", i, l.Problem)
			}
			require.Equal(t, want, res.Chain[tc.badLinks[0]].Problem)

			if tc.badLinks[0] > 0 {
				other := s.verify(second.DID(), c.degree, nil)
				require.False(t, other.Accredited, "%s is below the same link", secondID)
			}
			err := s.k.CheckActiveIssuer(s.ctx(), c.university.DID())
			require.ErrorIs(t, err, types.ErrNotAccreditedIssuer)
		})
	}
}

func TestVerifyIssuerWindowsAndScope(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	transcript := s.mustRegisterType(c.anchor, "transcript")
	from := s.now.Add(time.Hour)
	until := s.now.Add(48 * time.Hour)
	temp := s.newDID()
	g := issuer(c.regional, temp, "temp", c.degree).under(c.regionalID)
	g.validFrom, g.validUntil = &from, &until
	tempID := s.mustAccredit(g)

	res := s.verify(temp.DID(), c.degree, at(from.Add(-time.Second)))
	require.False(t, res.Accredited)
	require.Contains(t, res.Reason, tempID+" window starts "+types.FormatTime(from))
	require.True(t, s.verify(temp.DID(), c.degree, at(from)).Accredited, "valid_from is inclusive")
	require.True(t, s.verify(temp.DID(), c.degree, at(until.Add(-time.Second))).Accredited)
	res = s.verify(temp.DID(), c.degree, at(until))
	require.False(t, res.Accredited, "valid_until is exclusive: an expired window")
	require.Equal(t, tempID+" window ends "+types.FormatTime(until)+", not after "+types.FormatTime(until), res.Reason)

	t.Run("a type outside the issuer's scope has no candidate", func(t *testing.T) {
		res := s.verify(c.university.DID(), transcript, nil)
		require.False(t, res.Accredited)
		require.Empty(t, res.Chain)
		require.Contains(t, res.Reason, "held no ISSUER accreditation for "+transcript)
	})
	t.Run("an accreditor is not an issuer", func(t *testing.T) {
		res := s.verify(c.regional.DID(), c.degree, nil)
		require.False(t, res.Accredited)
		require.Empty(t, res.Chain)
	})
	t.Run("an unknown credential type is NotFound", func(t *testing.T) {
		_, err := s.q.VerifyIssuer(s.ctx(), &types.QueryVerifyIssuerRequest{IssuerDid: c.university.DID(), CredentialTypeId: c.anchor.DID() + "/types/nope"})
		require.Equal(t, codes.NotFound, status.Code(err))
	})
	t.Run("a malformed issuer DID is InvalidArgument", func(t *testing.T) {
		_, err := s.q.VerifyIssuer(s.ctx(), &types.QueryVerifyIssuerRequest{IssuerDid: "did:web:x", CredentialTypeId: c.degree})
		require.Equal(t, codes.InvalidArgument, status.Code(err))
	})
	t.Run("a second, valid accreditation makes the issuer accredited again", func(t *testing.T) {
		s.mustAct(types.LifecycleSuspend, c.universityID, c.regional)
		require.False(t, s.verify(c.university.DID(), c.degree, nil).Accredited)
		direct := s.mustAccredit(issuer(c.anchor, c.university, "uni-direct", c.degree))
		res := s.verify(c.university.DID(), c.degree, nil)
		require.True(t, res.Accredited, res.Reason)
		require.Equal(t, direct, res.Chain[0].AccreditationId)
	})
}

func TestCheckActiveIssuer(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	require.NoError(t, s.k.CheckActiveIssuer(s.ctx(), c.university.DID()))
	require.ErrorIs(t, s.k.CheckActiveIssuer(s.ctx(), c.regional.DID()), types.ErrNotAccreditedIssuer, "an accreditor is not an issuer")
	require.ErrorIs(t, s.k.CheckActiveIssuer(s.ctx(), s.newDID().DID()), types.ErrNotAccreditedIssuer)
	require.ErrorIs(t, s.k.CheckActiveIssuer(s.ctx(), "not-a-did"), types.ErrInvalidDid)
	s.mustAct(types.LifecycleSuspend, c.regionalID, c.anchor)
	err := s.k.CheckActiveIssuer(s.ctx(), c.university.DID())
	require.ErrorIs(t, err, types.ErrNotAccreditedIssuer)
	require.Contains(t, err.Error(), c.regionalID+" is SUSPENDED")
}
