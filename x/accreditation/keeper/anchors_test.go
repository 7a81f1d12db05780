package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

func TestTrustAnchorRegistrationIsGovernanceOnly(t *testing.T) {
	s := newSuite(t)
	ministry := s.newDID()
	typeID := types.CredentialTypeID(ministry.DID(), "degree")
	deactivated := s.newDID()
	s.deactivate(deactivated)
	past := start.Add(-time.Hour)

	cases := []struct {
		name      string
		authority string
		anchor    types.TrustAnchor
		want      error
	}{
		{"a registration not from the authority is refused", s.submitter(), types.TrustAnchor{Did: ministry.DID(), AllTypes: true}, types.ErrUnauthorized},
		{"an anchor DID that does not exist is refused", s.gov(), types.TrustAnchor{Did: didtest.NewIdentity(t, ns).DID(), AllTypes: true}, types.ErrDidNotFound},
		{"a deactivated anchor DID is refused", s.gov(), types.TrustAnchor{Did: deactivated.DID(), AllTypes: true}, types.ErrDidDeactivated},
		{"a malformed anchor DID is refused", s.gov(), types.TrustAnchor{Did: "did:web:example.com", AllTypes: true}, types.ErrInvalidDid},
		{"all_types with a scope list is refused", s.gov(), types.TrustAnchor{Did: ministry.DID(), AllTypes: true, Scope: []string{typeID}}, types.ErrInvalidTrustAnchor},
		{"an anchor with neither all_types nor a scope is refused", s.gov(), types.TrustAnchor{Did: ministry.DID()}, types.ErrInvalidScope},
		{"a scope entry that is not a credential type id is refused", s.gov(), types.TrustAnchor{Did: ministry.DID(), Scope: []string{"degree"}}, types.ErrInvalidScope},
		{"a scope entry listed twice is refused", s.gov(), types.TrustAnchor{Did: ministry.DID(), Scope: []string{typeID, typeID}}, types.ErrInvalidScope},
		{"an expiry already past is refused", s.gov(), types.TrustAnchor{Did: ministry.DID(), AllTypes: true, ValidUntil: &past}, types.ErrInvalidTrustAnchor},
		{"a description over the limit is refused", s.gov(), types.TrustAnchor{Did: ministry.DID(), AllTypes: true, Description: string(make([]byte, types.MaxDescriptionLength+1))}, types.ErrInvalidDescription},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := s.stored(t)
			_, err := s.srv.RegisterTrustAnchor(s.ctx(), &types.MsgRegisterTrustAnchor{Authority: tc.authority, Anchor: tc.anchor})
			require.ErrorIs(t, err, tc.want)
			require.Equal(t, before, s.stored(t), "a refused registration writes nothing")
		})
	}

	t.Run("removal not from the authority is refused", func(t *testing.T) {
		s.registerAnchor(ministry)
		_, err := s.srv.RemoveTrustAnchor(s.ctx(), &types.MsgRemoveTrustAnchor{Authority: s.submitter(), Did: ministry.DID()})
		require.ErrorIs(t, err, types.ErrUnauthorized)
	})
	t.Run("removing a DID that is no anchor is refused", func(t *testing.T) {
		_, err := s.srv.RemoveTrustAnchor(s.ctx(), &types.MsgRemoveTrustAnchor{Authority: s.gov(), Did: s.newDID().DID()})
		require.ErrorIs(t, err, types.ErrTrustAnchorNotFound)
	})
	t.Run("removing an anchor twice is refused", func(t *testing.T) {
		s.removeAnchor(ministry)
		_, err := s.srv.RemoveTrustAnchor(s.ctx(), &types.MsgRemoveTrustAnchor{Authority: s.gov(), Did: ministry.DID()})
		require.ErrorIs(t, err, types.ErrTrustAnchorNotFound)
	})
}

func TestTrustAnchorHistoryAnswersForAnyTime(t *testing.T) {
	s := newSuite(t)
	ministry, health := s.newDID(), s.newDID()
	t0 := s.advance(time.Minute)
	s.registerAnchor(ministry)
	degree := types.CredentialTypeID(ministry.DID(), "degree")
	t1 := s.advance(time.Hour)
	s.registerAnchor(health, degree) // narrower scope
	t2 := s.advance(time.Hour)
	s.removeAnchor(ministry)
	t3 := s.advance(time.Hour)

	anchorsAt := func(tm time.Time) []string {
		res, err := s.q.TrustAnchors(s.ctx(), &types.QueryTrustAnchorsRequest{AtTime: at(tm)})
		require.NoError(t, err)
		var dids []string
		for _, a := range res.Anchors {
			dids = append(dids, a.Anchor.Did)
		}
		return dids
	}
	require.Empty(t, anchorsAt(t0.Add(-time.Second)), "before any registration")
	require.Equal(t, []string{ministry.DID()}, anchorsAt(t0))
	require.ElementsMatch(t, []string{ministry.DID(), health.DID()}, anchorsAt(t1))
	require.Equal(t, []string{health.DID()}, anchorsAt(t2), "removed at t2")
	require.Equal(t, []string{health.DID()}, anchorsAt(t3))

	res, err := s.q.TrustAnchor(s.ctx(), &types.QueryTrustAnchorRequest{Did: ministry.DID(), AtTime: at(t1)})
	require.NoError(t, err)
	require.True(t, res.Active, "ministry was an anchor at t1")
	require.True(t, res.Version.Anchor.AllTypes)
	require.Equal(t, t0, res.Version.Time)

	res, err = s.q.TrustAnchor(s.ctx(), &types.QueryTrustAnchorRequest{Did: ministry.DID()})
	require.NoError(t, err)
	require.False(t, res.Active, "ministry is no anchor since t2")
	require.True(t, res.Version.Removed)
	require.Equal(t, t2, res.Version.Time)

	_, err = s.q.TrustAnchor(s.ctx(), &types.QueryTrustAnchorRequest{Did: health.DID(), AtTime: at(t0)})
	require.Equal(t, codes.NotFound, status.Code(err), "health was not registered yet at t0")

	t.Run("an anchor's expiry ends its standing at that time", func(t *testing.T) {
		until := s.now.Add(24 * time.Hour)
		_, err := s.srv.RegisterTrustAnchor(s.ctx(), &types.MsgRegisterTrustAnchor{Authority: s.gov(),
			Anchor: types.TrustAnchor{Did: health.DID(), AllTypes: true, ValidUntil: &until}})
		require.NoError(t, err, "registering again replaces scope and expiry")
		res, err := s.q.TrustAnchor(s.ctx(), &types.QueryTrustAnchorRequest{Did: health.DID(), AtTime: at(until.Add(-time.Second))})
		require.NoError(t, err)
		require.True(t, res.Active)
		res, err = s.q.TrustAnchor(s.ctx(), &types.QueryTrustAnchorRequest{Did: health.DID(), AtTime: at(until)})
		require.NoError(t, err)
		require.False(t, res.Active, "valid_until is exclusive")
	})
}

func TestCredentialTypeRegistration(t *testing.T) {
	s := newSuite(t)
	ministry, health, stranger, removed := s.newDID(), s.newDID(), s.newDID(), s.newDID()
	s.registerAnchor(ministry)
	s.registerAnchor(health, types.CredentialTypeID(health.DID(), "vaccination"))
	s.registerAnchor(removed)
	s.removeAnchor(removed)
	soon := s.now.Add(time.Hour)
	expiring := s.newDID()
	_, err := s.srv.RegisterTrustAnchor(s.ctx(), &types.MsgRegisterTrustAnchor{Authority: s.gov(),
		Anchor: types.TrustAnchor{Did: expiring.DID(), AllTypes: true, ValidUntil: &soon}})
	require.NoError(t, err)

	id, err := s.registerTypeAs(credentialType(ministry, "degree"), ministry.With(1, didtypes.KEY_SOURCE_CURRENT))
	require.NoError(t, err)
	require.Equal(t, ministry.DID()+"/types/degree", id, "the id is derived from owner and name")
	got, err := s.q.CredentialType(s.ctx(), &types.QueryCredentialTypeRequest{Id: id})
	require.NoError(t, err)
	require.Equal(t, id, got.CredentialType.Id)
	require.Equal(t, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", got.CredentialType.SchemaDigest)

	_, err = s.registerTypeAs(credentialType(health, "vaccination"), health.With(1, didtypes.KEY_SOURCE_CURRENT))
	require.NoError(t, err, "a type listed in the anchor's scope")

	s.advance(2 * time.Hour) // expiring's registration has ended
	mutate := func(owner *didtest.Identity, name string, f func(*types.CredentialType)) types.CredentialType {
		ct := credentialType(owner, name)
		f(&ct)
		return ct
	}
	same := func(*types.CredentialType) {}
	cases := []struct {
		name   string
		ct     types.CredentialType
		signer didtest.Signer
		want   error
	}{
		{"re-registering an existing id is refused", credentialType(ministry, "degree"), ministry.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrCredentialTypeExists},
		{"a DID that is no trust anchor cannot define a type", credentialType(stranger, "degree"), stranger.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrNotTrustAnchor},
		{"a removed anchor cannot define a type", credentialType(removed, "degree"), removed.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrNotTrustAnchor},
		{"an expired anchor cannot define a type", credentialType(expiring, "degree"), expiring.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrNotTrustAnchor},
		{"a type outside the anchor's scope is refused", credentialType(health, "passport"), health.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrOutOfAnchorScope},
		{"a signature by another DID is refused", credentialType(ministry, "diploma"), stranger.With(1, didtypes.KEY_SOURCE_CURRENT), didtypes.ErrMissingSignature},
		{"a signature with the wrong key is refused", credentialType(ministry, "diploma"),
			didtest.Signer{MethodID: ministry.MethodID(1), Key: stranger.Keys[0], Source: didtypes.KEY_SOURCE_CURRENT}, didtypes.ErrInvalidSignature},
		{"a schema digest that is not 64 hex digits is refused", mutate(ministry, "d1", func(c *types.CredentialType) { c.SchemaDigest = "abc" }), ministry.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrInvalidSchemaDigest},
		{"an upper-case schema digest is refused", mutate(ministry, "d2", func(c *types.CredentialType) {
			c.SchemaDigest = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"
		}), ministry.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrInvalidSchemaDigest},
		{"a type without vc_types is refused", mutate(ministry, "d3", func(c *types.CredentialType) { c.VcTypes = nil }), ministry.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrInvalidCredentialType},
		{"a relative schema_uri is refused", mutate(ministry, "d4", func(c *types.CredentialType) { c.SchemaUri = "degree.json" }), ministry.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrInvalidCredentialType},
		{"a name outside [a-z0-9._-] is refused", mutate(ministry, "Degree", same), ministry.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrInvalidName},
		{"an id other than <owner>/types/<name> is refused", mutate(ministry, "d5", func(c *types.CredentialType) { c.Id = ministry.DID() + "/types/other" }), ministry.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrInvalidID},
		{"a malformed owner DID is refused", mutate(ministry, "d6", func(c *types.CredentialType) { c.OwnerDid = "did:ndi:local:0OIl" }), ministry.With(1, didtypes.KEY_SOURCE_CURRENT), types.ErrInvalidDid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := s.stored(t)
			_, err := s.registerTypeAs(tc.ct, tc.signer)
			require.ErrorIs(t, err, tc.want)
			require.Equal(t, before, s.stored(t), "a refused registration writes nothing")
		})
	}
	list, err := s.q.CredentialTypes(s.ctx(), &types.QueryCredentialTypesRequest{})
	require.NoError(t, err)
	require.Len(t, list.CredentialTypes, 2)

	t.Run("a signature over another chain-id is refused", func(t *testing.T) {
		payload := types.RegisterCredentialTypePayload{CredentialType: credentialType(ministry, "other-chain")}
		_, err := s.srv.RegisterCredentialType(s.ctx(), &types.MsgRegisterCredentialType{
			Submitter: s.submitter(), Payload: payload,
			Signatures: didtest.Sign(t, "ndi-other-1", &payload, ministry.With(1, didtypes.KEY_SOURCE_CURRENT)),
		})
		require.ErrorIs(t, err, didtypes.ErrInvalidSignature)
	})
	t.Run("a submitter that is not an address is refused", func(t *testing.T) {
		_, err := s.srv.RegisterCredentialType(s.ctx(), &types.MsgRegisterCredentialType{Submitter: "nobody"})
		require.ErrorIs(t, err, types.ErrInvalidSubmitter)
	})
}
