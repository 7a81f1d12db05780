package keeper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ndi-chain/ndi/x/accreditation/types"
)

// TestQueriesRequireTheirInputs: a query missing a field it needs answers
// InvalidArgument (REST: 400), never the answer for a zero value.
func TestQueriesRequireTheirInputs(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	ctx := s.ctx()
	cases := []struct {
		name string
		call func() error
	}{
		{"VerifyIssuer without a request", func() error { _, err := s.q.VerifyIssuer(ctx, nil); return err }},
		{"VerifyIssuer without issuer_did", func() error {
			_, err := s.q.VerifyIssuer(ctx, &types.QueryVerifyIssuerRequest{CredentialTypeId: c.degree})
			return err
		}},
		{"VerifyIssuer without credential_type_id", func() error {
			_, err := s.q.VerifyIssuer(ctx, &types.QueryVerifyIssuerRequest{IssuerDid: c.university.DID()})
			return err
		}},
		{"Accreditation without a request", func() error { _, err := s.q.Accreditation(ctx, nil); return err }},
		{"Accreditation without id", func() error {
			_, err := s.q.Accreditation(ctx, &types.QueryAccreditationRequest{})
			return err
		}},
		{"AccreditationHistory without a request", func() error { _, err := s.q.AccreditationHistory(ctx, nil); return err }},
		{"AccreditationHistory without id", func() error {
			_, err := s.q.AccreditationHistory(ctx, &types.QueryAccreditationHistoryRequest{})
			return err
		}},
		{"AccreditationsBySubject without a request", func() error { _, err := s.q.AccreditationsBySubject(ctx, nil); return err }},
		{"AccreditationsBySubject without did", func() error {
			_, err := s.q.AccreditationsBySubject(ctx, &types.QueryAccreditationsBySubjectRequest{})
			return err
		}},
		{"AccreditationsByAccreditor without a request", func() error { _, err := s.q.AccreditationsByAccreditor(ctx, nil); return err }},
		{"AccreditationsByAccreditor without did", func() error {
			_, err := s.q.AccreditationsByAccreditor(ctx, &types.QueryAccreditationsByAccreditorRequest{})
			return err
		}},
		{"TrustAnchor without a request", func() error { _, err := s.q.TrustAnchor(ctx, nil); return err }},
		{"TrustAnchor without did", func() error {
			_, err := s.q.TrustAnchor(ctx, &types.QueryTrustAnchorRequest{})
			return err
		}},
		{"TrustAnchors without a request", func() error { _, err := s.q.TrustAnchors(ctx, nil); return err }},
		{"CredentialType without a request", func() error { _, err := s.q.CredentialType(ctx, nil); return err }},
		{"CredentialType without id", func() error {
			_, err := s.q.CredentialType(ctx, &types.QueryCredentialTypeRequest{})
			return err
		}},
		{"CredentialTypes without a request", func() error { _, err := s.q.CredentialTypes(ctx, nil); return err }},
		{"Params without a request", func() error { _, err := s.q.Params(ctx, nil); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is InvalidArgument", func(t *testing.T) {
			err := tc.call()
			require.Error(t, err)
			require.Equal(t, codes.InvalidArgument, status.Code(err), err.Error())
		})
	}
}

// TestListQueriesCapThePage: every list query answers at most
// types.MaxPageLimit entries, whatever limit is asked, with a next_key to
// go on; without a limit it answers the SDK's default page.
func TestListQueriesCapThePage(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	ctx := s.ctx()
	// More of everything than one page may hold, written straight to the
	// store: what is under test is the read, not how the records came about.
	const n = types.MaxPageLimit + 50
	record := s.record(c.universityID)
	for i := range n {
		name := fmt.Sprintf("bulk-%03d", i)
		a := record
		a.Id, a.Name = types.AccreditationID(c.regional.DID(), name), name
		require.NoError(t, s.k.Accreditations.Set(ctx, a.Id, a))

		ct := credentialType(c.anchor, name)
		ct.Id = types.CredentialTypeID(c.anchor.DID(), name)
		require.NoError(t, s.k.CredentialTypes.Set(ctx, ct.Id, ct))

		v := types.AccreditationVersion{Record: record, Time: record.Updated, Height: 1}
		v.Record.Version = uint64(i + 1)
		require.NoError(t, s.k.AccreditationVersions.Set(ctx, collections.Join(c.universityID, v.Record.Version), v))

		anchorDID := fmt.Sprintf("%s%03d", c.anchor.DID(), i)
		require.NoError(t, s.k.TrustAnchorVersions.Set(ctx, collections.Join(anchorDID, uint64(0)),
			types.TrustAnchorVersion{Anchor: types.TrustAnchor{Did: anchorDID, AllTypes: true}, Time: record.Created}))
		require.NoError(t, s.k.TrustAnchors.Set(ctx, anchorDID, 1))
	}

	lists := []struct {
		name string
		list func(page *query.PageRequest) (int, *query.PageResponse)
	}{
		{"AccreditationHistory", func(page *query.PageRequest) (int, *query.PageResponse) {
			res, err := s.q.AccreditationHistory(ctx, &types.QueryAccreditationHistoryRequest{Id: c.universityID, Pagination: page})
			require.NoError(t, err)
			return len(res.Versions), res.Pagination
		}},
		{"AccreditationsBySubject", func(page *query.PageRequest) (int, *query.PageResponse) {
			res, err := s.q.AccreditationsBySubject(ctx, &types.QueryAccreditationsBySubjectRequest{Did: c.university.DID(), Pagination: page})
			require.NoError(t, err)
			return len(res.Accreditations), res.Pagination
		}},
		{"AccreditationsByAccreditor", func(page *query.PageRequest) (int, *query.PageResponse) {
			res, err := s.q.AccreditationsByAccreditor(ctx, &types.QueryAccreditationsByAccreditorRequest{Did: c.regional.DID(), Pagination: page})
			require.NoError(t, err)
			return len(res.Accreditations), res.Pagination
		}},
		{"TrustAnchors", func(page *query.PageRequest) (int, *query.PageResponse) {
			res, err := s.q.TrustAnchors(ctx, &types.QueryTrustAnchorsRequest{Pagination: page})
			require.NoError(t, err)
			return len(res.Anchors), res.Pagination
		}},
		{"CredentialTypes", func(page *query.PageRequest) (int, *query.PageResponse) {
			res, err := s.q.CredentialTypes(ctx, &types.QueryCredentialTypesRequest{Pagination: page})
			require.NoError(t, err)
			return len(res.CredentialTypes), res.Pagination
		}},
	}
	for _, l := range lists {
		t.Run(l.name+" answers at most the cap for limit 1,000,000", func(t *testing.T) {
			req := &query.PageRequest{Limit: 1_000_000}
			got, page := l.list(req)
			require.Equal(t, types.MaxPageLimit, got)
			require.NotEmpty(t, page.NextKey, "the rest is one request away")
			require.Equal(t, uint64(1_000_000), req.Limit, "the caller's request is not modified")
			rest, _ := l.list(&query.PageRequest{Key: page.NextKey, Limit: 1_000_000})
			require.GreaterOrEqual(t, got+rest, n, "paging on reaches every entry")
		})
		t.Run(l.name+" answers the SDK's default page without a limit", func(t *testing.T) {
			got, _ := l.list(nil)
			require.Equal(t, int(query.DefaultLimit), got)
		})
	}
}
