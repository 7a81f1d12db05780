package proof

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// verdictQueries are the five queries a verdict uses, now and at the
// chain's past time, each run on the node's own query servers and on a
// Source; they return the answer or the error.
func verdictQueries(c *chain) []struct {
	name string
	node func() (any, error)
	src  func(*Source) (any, error)
} {
	type query = struct {
		name string
		node func() (any, error)
		src  func(*Source) (any, error)
	}
	r := c.root()
	node := c.nodeContext(r)
	bg := context.Background()
	var out []query
	for _, at := range []struct {
		label string
		time  *time.Time
	}{{"now", nil}, {"past", &c.pastTime}} {
		did := &didtypes.QueryDidRequest{Id: c.holder.DID(), VersionTime: at.time}
		if at.time == nil {
			now := r.Time
			did.VersionTime = &now
		}
		verify := &accreditationtypes.QueryVerifyIssuerRequest{IssuerDid: c.issuer.DID(), CredentialTypeId: c.credentialType, AtTime: at.time}
		list := &revocationtypes.QueryStatusListRequest{ListId: c.listID, AtTime: at.time}
		status := revocationtypes.NewQueryCredentialStatusRequest(c.listID, c.revoked[2], at.time)
		out = append(out,
			query{"Did " + at.label,
				func() (any, error) { return c.didQuery.Did(node, did) },
				func(s *Source) (any, error) { return s.Did(bg, did) }},
			query{"VerifyIssuer " + at.label,
				func() (any, error) { return c.accreditationQuery.VerifyIssuer(node, verify) },
				func(s *Source) (any, error) { return s.VerifyIssuer(bg, verify) }},
			query{"StatusList " + at.label,
				func() (any, error) { return c.revocationQuery.StatusList(node, list) },
				func(s *Source) (any, error) { return s.StatusList(bg, list) }},
			query{"CredentialStatus " + at.label,
				func() (any, error) { return c.revocationQuery.CredentialStatus(node, status) },
				func(s *Source) (any, error) { return s.CredentialStatus(bg, status) }},
		)
	}
	ct := &accreditationtypes.QueryCredentialTypeRequest{Id: c.credentialType}
	return append(out, query{"CredentialType",
		func() (any, error) { return c.accreditationQuery.CredentialType(node, ct) },
		func(s *Source) (any, error) { return s.CredentialType(bg, ct) }})
}

func TestASourceAnswersExactlyAsTheNodeDoes(t *testing.T) {
	c := newChain(t)
	honest := &appQuerier{c: c}
	src, err := NewSource(honest, c.root())
	require.NoError(t, err)
	for _, q := range verdictQueries(c) {
		want, err := q.node()
		require.NoError(t, err, q.name)
		got, err := q.src(src)
		require.NoError(t, err, q.name)
		require.Equal(t, want, got, q.name)
	}
}

// The answers compared above say what the chain holds: accredited now and
// then, revoked now, not yet revoked at the past time, the DID's second
// version now and its first then. The log shows how many proven store
// queries each query costs on a fresh Source (no reads cached).
func TestTheComparedAnswersAreTheChainsFacts(t *testing.T) {
	c := newChain(t)
	for _, q := range verdictQueries(c) {
		honest := &appQuerier{c: c}
		src, err := NewSource(honest, c.root())
		require.NoError(t, err)
		res, err := q.src(src)
		require.NoError(t, err, q.name)
		t.Logf("%-22s %3d ABCI queries", q.name, honest.queries)
		require.Equal(t, honest.queries, src.QueryCount(), q.name)
		switch res := res.(type) {
		case *didtypes.QueryDidResponse:
			require.Equal(t, strings.HasSuffix(q.name, "now"), res.Metadata.Updated != nil, q.name)
		case *accreditationtypes.QueryVerifyIssuerResponse:
			require.True(t, res.Accredited, "%s: %s", q.name, res.Reason)
			require.Len(t, res.Chain, 3, q.name)
		case *revocationtypes.QueryStatusListResponse:
			bits, err := revocationtypes.DecodeList(res.EncodedList)
			require.NoError(t, err)
			for _, i := range c.revoked {
				require.Equal(t, strings.HasSuffix(q.name, "now"), revocationtypes.Bit(bits, i), "%s: bit %d", q.name, i)
			}
		case *revocationtypes.QueryCredentialStatusResponse:
			require.Equal(t, strings.HasSuffix(q.name, "now"), res.Set, q.name)
		case *accreditationtypes.QueryCredentialTypeResponse:
			require.Equal(t, c.credentialType, res.CredentialType.Id)
		default:
			t.Fatalf("%s: unexpected answer %T", q.name, res)
		}
	}
}

// A key is asked once per Source: the same root gives the same answer.
func TestASourceAsksEachKeyOnce(t *testing.T) {
	c := newChain(t)
	honest := &appQuerier{c: c}
	src, err := NewSource(honest, c.root())
	require.NoError(t, err)
	req := &accreditationtypes.QueryVerifyIssuerRequest{IssuerDid: c.issuer.DID(), CredentialTypeId: c.credentialType}
	first, err := src.VerifyIssuer(context.Background(), req)
	require.NoError(t, err)
	asked := honest.queries
	require.Positive(t, asked)
	again, err := src.VerifyIssuer(context.Background(), req)
	require.NoError(t, err)
	require.Equal(t, first, again)
	require.Equal(t, asked, honest.queries, "the second answer came from verified reads already held")
}

func TestARootThatCannotAnchorProofsIsRefused(t *testing.T) {
	good := Root{ChainID: "ndi-test-1", Height: 5, AppHash: []byte{1}, Time: time.Unix(1, 0)}
	q := failingQuerier{}
	for name, r := range map[string]func(Root) Root{
		"no chain id":   func(r Root) Root { r.ChainID = ""; return r },
		"height zero":   func(r Root) Root { r.Height = 0; return r },
		"no app hash":   func(r Root) Root { r.AppHash = nil; return r },
		"no block time": func(r Root) Root { r.Time = time.Time{}; return r },
	} {
		_, err := NewSource(q, r(good))
		require.ErrorIs(t, err, ErrInvalidRoot, name)
	}
	_, err := NewSource(nil, good)
	require.ErrorIs(t, err, ErrInvalidRoot, "no querier")
	src, err := NewSource(q, good)
	require.NoError(t, err)
	require.Equal(t, good, src.Root())
}
