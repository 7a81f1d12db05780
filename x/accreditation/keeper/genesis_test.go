package keeper_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ndi-chain/ndi/x/accreditation/types"
)

// registry builds a registry with history: anchors registered and removed,
// types, and accreditations suspended, reinstated and revoked.
func (s *suite) registry() trustChain {
	c := s.newTrustChain()
	s.mustRegisterType(c.anchor, "transcript")
	s.advance(time.Hour)
	s.mustAct(types.LifecycleSuspend, c.universityID, c.regional)
	s.advance(time.Hour)
	s.mustAct(types.LifecycleReinstate, c.universityID, c.anchor)
	other := s.newDID()
	s.registerAnchor(other, c.degree)
	otherID := s.mustAccredit(issuer(other, s.newDID(), "x", c.degree))
	s.mustAct(types.LifecycleRevoke, otherID, other)
	s.removeAnchor(other)
	// Governance suspends the regional authority: the suspension, and who
	// imposed it, must survive export and import.
	_, err := s.act(action{kind: types.LifecycleSuspend, id: c.regionalID, expected: s.record(c.regionalID).Version, submitter: s.gov()})
	require.NoError(s.t, err)
	return c
}

func TestGenesisRoundTrip(t *testing.T) {
	s := newSuite(t)
	c := s.registry()
	exported, err := s.k.ExportGenesis(s.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.TrustAnchors, 2)
	require.Len(t, exported.CredentialTypes, 2)
	require.Len(t, exported.Accreditations, 3)

	fresh := newSuite(t)
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx(), exported))
	again, err := fresh.k.ExportGenesis(fresh.ctx())
	require.NoError(t, err)
	cdc := s.f.App.AppCodec()
	require.JSONEq(t, string(cdc.MustMarshalJSON(exported)), string(cdc.MustMarshalJSON(again)), "export is the exact inverse of init")

	// The imported registry answers history questions as the original did.
	history, err := fresh.q.AccreditationHistory(fresh.ctx(), &types.QueryAccreditationHistoryRequest{Id: c.universityID})
	require.NoError(t, err)
	require.Len(t, history.Versions, 3)
	bySubject, err := fresh.q.AccreditationsBySubject(fresh.ctx(), &types.QueryAccreditationsBySubjectRequest{Did: c.university.DID()})
	require.NoError(t, err)
	require.Len(t, bySubject.Accreditations, 1, "indexes are rebuilt on import")

	// Who suspended survives, and so does the precedence it decides.
	regional, err := fresh.k.Accreditation(fresh.ctx(), c.regionalID)
	require.NoError(t, err)
	require.Equal(t, types.STATUS_SUSPENDED, regional.Status)
	require.Equal(t, s.gov(), regional.SuspendedBy)
	_, err = fresh.act(action{kind: types.LifecycleReinstate, id: c.regionalID, actor: c.anchor, expected: regional.Version})
	require.ErrorIs(t, err, types.ErrReinstateNotAllowed, "after import only governance lifts a governance suspension")
}

func TestGenesisValidation(t *testing.T) {
	s := newSuite(t)
	s.registry()
	good, err := s.k.ExportGenesis(s.ctx())
	require.NoError(t, err)
	cdc := s.f.App.AppCodec()
	clone := func() *types.GenesisState {
		var gs types.GenesisState
		cdc.MustUnmarshalJSON(cdc.MustMarshalJSON(good), &gs)
		return &gs
	}
	require.NoError(t, types.DefaultGenesis().Validate())

	cases := []struct {
		name   string
		mutate func(gs *types.GenesisState)
		want   error
	}{
		{"invalid params are refused", func(gs *types.GenesisState) { gs.Params.MaxChainDepth = 0 }, types.ErrInvalidParams},
		{"an anchor listed twice is refused", func(gs *types.GenesisState) { gs.TrustAnchors = append(gs.TrustAnchors, gs.TrustAnchors[0]) }, types.ErrInvalidGenesis},
		{"an anchor version for another DID is refused", func(gs *types.GenesisState) { gs.TrustAnchors[0].Versions[0].Anchor.Did = gs.TrustAnchors[1].Did }, types.ErrInvalidGenesis},
		{"an anchor without versions is refused", func(gs *types.GenesisState) { gs.TrustAnchors[0].Versions = nil }, types.ErrInvalidGenesis},
		{"a credential type listed twice is refused", func(gs *types.GenesisState) {
			gs.CredentialTypes = append(gs.CredentialTypes, gs.CredentialTypes[0])
		}, types.ErrInvalidGenesis},
		{"a bad credential type is refused", func(gs *types.GenesisState) { gs.CredentialTypes[0].SchemaDigest = "x" }, types.ErrInvalidGenesis},
		{"an accreditation listed twice is refused", func(gs *types.GenesisState) {
			gs.Accreditations = append(gs.Accreditations, gs.Accreditations[0])
		}, types.ErrInvalidGenesis},
		{"versions out of sequence are refused", func(gs *types.GenesisState) { gs.Accreditations[0].Versions[0].Record.Version = 5 }, types.ErrInvalidGenesis},
		{"a version changing the grant is refused", func(gs *types.GenesisState) {
			a := withVersions(gs, 2)
			a.Versions[1].Record.MaxDepth++
		}, types.ErrInvalidGenesis},
		{"a version after revocation is refused", func(gs *types.GenesisState) {
			a := withVersions(gs, 2)
			a.Versions[0].Record.Status = types.STATUS_REVOKED
		}, types.ErrInvalidGenesis},
		{"a parent missing from genesis is refused", func(gs *types.GenesisState) {
			a := withParent(gs)
			for i := range a.Versions {
				a.Versions[i].Record.ParentId = gs.TrustAnchors[0].Did + "/accreditations/missing"
			}
		}, types.ErrInvalidGenesis},
		{"a scope type missing from genesis is refused", func(gs *types.GenesisState) { gs.CredentialTypes = gs.CredentialTypes[1:] }, types.ErrInvalidGenesis},
		{"a parent not held by the accreditor is refused", func(gs *types.GenesisState) {
			a := withParent(gs)
			other := firstWhere(gs, func(r types.Accreditation) bool { return r.SubjectDid != a.Versions[0].Record.AccreditorDid })
			setGrant(a, func(r *types.Accreditation) { r.ParentId = other.Id })
		}, types.ErrInvalidGenesis},
		{"a child as deep as its parent is refused", func(gs *types.GenesisState) {
			a := withParent(gs)
			parent := byID(gs, a.Versions[0].Record.ParentId)
			setGrant(a, func(r *types.Accreditation) {
				r.Role, r.MaxDepth = types.ROLE_ACCREDITOR, parent.Versions[0].Record.MaxDepth
			})
		}, types.ErrInvalidGenesis},
		{"a child wider than its parent is refused", func(gs *types.GenesisState) {
			a := withParent(gs)
			setGrant(a, func(r *types.Accreditation) {
				r.Scope = []string{gs.CredentialTypes[0].Id, gs.CredentialTypes[1].Id}
			})
		}, types.ErrInvalidGenesis},
		{"a parent never ACTIVE when the child was created is refused", func(gs *types.GenesisState) {
			a := withParent(gs)
			parent := byID(gs, a.Versions[0].Record.ParentId)
			for i := range parent.Versions {
				r := &parent.Versions[i].Record
				r.Status, r.SuspendedBy = types.STATUS_SUSPENDED, r.AccreditorDid
			}
		}, types.ErrInvalidGenesis},
		{"an anchor link whose accreditor was no trust anchor is refused", func(gs *types.GenesisState) {
			a := withParent(gs)
			parent := byID(gs, a.Versions[0].Record.ParentId)
			anchor := parent.Versions[0].Record.AnchorDid
			gs.TrustAnchors = slices.DeleteFunc(gs.TrustAnchors, func(ga types.GenesisTrustAnchor) bool { return ga.Did == anchor })
		}, types.ErrInvalidGenesis},
		{"a suspended version without suspended_by is refused", func(gs *types.GenesisState) {
			suspendedVersion(gs).SuspendedBy = ""
		}, types.ErrInvalidGenesis},
		{"suspended_by on a version not suspended is refused", func(gs *types.GenesisState) {
			gs.Accreditations[0].Versions[0].Record.SuspendedBy = gs.Accreditations[0].Versions[0].Record.AccreditorDid
		}, types.ErrInvalidGenesis},
		{"suspended_by naming a DID outside the chain is refused", func(gs *types.GenesisState) {
			r := suspendedVersion(gs)
			r.SuspendedBy = r.SubjectDid
		}, types.ErrInvalidGenesis},
	}
	fresh := newSuite(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs := clone()
			tc.mutate(gs)
			require.ErrorIs(t, gs.Validate(), tc.want)
			require.ErrorIs(t, fresh.k.InitGenesis(fresh.ctx(), gs), tc.want, "InitGenesis validates first")
		})
	}
}

func withVersions(gs *types.GenesisState, n int) *types.GenesisAccreditation {
	for i := range gs.Accreditations {
		if len(gs.Accreditations[i].Versions) >= n {
			return &gs.Accreditations[i]
		}
	}
	panic("no accreditation with enough versions")
}

// firstWhere returns the first accreditation whose grant satisfies keep.
func firstWhere(gs *types.GenesisState, keep func(types.Accreditation) bool) types.Accreditation {
	for _, a := range gs.Accreditations {
		if keep(a.Versions[0].Record) {
			return a.Versions[0].Record
		}
	}
	panic("no such accreditation")
}

func byID(gs *types.GenesisState, id string) *types.GenesisAccreditation {
	for i := range gs.Accreditations {
		if gs.Accreditations[i].Id == id {
			return &gs.Accreditations[i]
		}
	}
	panic("no accreditation " + id)
}

// setGrant changes what an accreditation grants in every version alike, so
// only the rule under test is broken.
func setGrant(a *types.GenesisAccreditation, change func(*types.Accreditation)) {
	for i := range a.Versions {
		change(&a.Versions[i].Record)
	}
}

// suspendedVersion returns a version that records a suspension by a DID.
func suspendedVersion(gs *types.GenesisState) *types.Accreditation {
	for i := range gs.Accreditations {
		for j := range gs.Accreditations[i].Versions {
			r := &gs.Accreditations[i].Versions[j].Record
			if r.Status == types.STATUS_SUSPENDED && strings.HasPrefix(r.SuspendedBy, "did:") {
				return r
			}
		}
	}
	panic("no version suspended by a DID")
}

func withParent(gs *types.GenesisState) *types.GenesisAccreditation {
	for i := range gs.Accreditations {
		if gs.Accreditations[i].Versions[0].Record.ParentId != "" {
			return &gs.Accreditations[i]
		}
	}
	panic("no accreditation with a parent")
}

func TestListQueries(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	var issuers []string
	for _, name := range []string{"c", "a", "b"} {
		issuers = append(issuers, s.mustAccredit(issuer(c.regional, s.newDID(), name, c.degree).under(c.regionalID)))
	}
	byAccreditor, err := s.q.AccreditationsByAccreditor(s.ctx(), &types.QueryAccreditationsByAccreditorRequest{
		Did: c.regional.DID(), Pagination: &query.PageRequest{Limit: 2, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, byAccreditor.Accreditations, 2)
	require.Equal(t, uint64(4), byAccreditor.Pagination.Total)
	require.Equal(t, c.regional.DID()+"/accreditations/a", byAccreditor.Accreditations[0].Id, "id order")
	next, err := s.q.AccreditationsByAccreditor(s.ctx(), &types.QueryAccreditationsByAccreditorRequest{
		Did: c.regional.DID(), Pagination: &query.PageRequest{Key: byAccreditor.Pagination.NextKey}})
	require.NoError(t, err)
	require.Len(t, next.Accreditations, 2)
	require.Equal(t, c.universityID, next.Accreditations[1].Id)

	bySubject, err := s.q.AccreditationsBySubject(s.ctx(), &types.QueryAccreditationsBySubjectRequest{Did: c.regional.DID()})
	require.NoError(t, err)
	require.Len(t, bySubject.Accreditations, 1)
	require.Equal(t, c.regionalID, bySubject.Accreditations[0].Id)

	_, err = s.q.AccreditationsBySubject(s.ctx(), &types.QueryAccreditationsBySubjectRequest{Did: "bad"})
	require.Error(t, err)

	params, err := s.q.Params(s.ctx(), &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, uint32(types.DefaultMaxChainDepth), params.Params.MaxChainDepth)

	current, err := s.q.Accreditation(s.ctx(), &types.QueryAccreditationRequest{Id: issuers[0]})
	require.NoError(t, err)
	require.Equal(t, issuers[0], current.Accreditation.Id)
}
