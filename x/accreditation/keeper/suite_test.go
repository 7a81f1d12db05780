package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/x/accreditation/keeper"
	"github.com/ndi-chain/ndi/x/accreditation/types"
	didkeeper "github.com/ndi-chain/ndi/x/did/keeper"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

const ns = didtypes.DefaultNamespace

// start is the block time of the first write in every test; tests move the
// clock forward with advance, never back.
var start = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)

// suite is the real app in memory with a clock the test controls, so
// history and windows can be tested at exact times.
type suite struct {
	t      testing.TB
	f      *apptest.Fixture
	k      keeper.Keeper
	srv    types.MsgServer
	q      types.QueryServer
	didSrv didtypes.MsgServer
	now    time.Time
	height int64
	// didVersions holds the latest version id of each DID the suite created.
	didVersions map[string]string
}

func newSuite(t testing.TB) *suite {
	f := apptest.Setup(t, 1, 1)
	k := f.App.AccreditationKeeper
	return &suite{
		t: t, f: f, k: k,
		srv:         keeper.NewMsgServerImpl(k, f.App.AccountKeeper.AddressCodec()),
		q:           keeper.NewQueryServerImpl(k),
		didSrv:      didkeeper.NewMsgServerImpl(f.App.DidKeeper, f.App.AccountKeeper.AddressCodec()),
		now:         start,
		height:      f.App.LastBlockHeight() + 1,
		didVersions: map[string]string{},
	}
}

// ctx is a context at the suite's clock; every call is a new block.
func (s *suite) ctx() sdk.Context {
	s.height++
	return s.f.Ctx().WithBlockTime(s.now).WithBlockHeight(s.height)
}

// advance moves the clock forward.
func (s *suite) advance(d time.Duration) time.Time {
	s.now = s.now.Add(d)
	return s.now
}

func (s *suite) submitter() string { return s.f.Users[0].Address.String() }
func (s *suite) gov() string       { return s.f.GovAddress }

// newDID creates a DID on chain through x/did and returns its identity.
func (s *suite) newDID() *didtest.Identity {
	return s.createDID(didtest.NewIdentity(s.t, ns))
}

// createDID creates id's DID on chain through x/did.
func (s *suite) createDID(id *didtest.Identity) *didtest.Identity {
	payload := didtypes.CreateDidPayload{Document: id.Doc}
	res, err := s.didSrv.CreateDid(s.ctx(), &didtypes.MsgCreateDid{
		Submitter: s.submitter(), Payload: payload,
		Signatures: didtest.Sign(s.t, apptest.ChainID, &payload, id.With(1, didtypes.KEY_SOURCE_NEW)),
	})
	require.NoError(s.t, err)
	s.didVersions[id.DID()] = res.VersionId
	return id
}

// deactivate deactivates a DID the suite created.
func (s *suite) deactivate(id *didtest.Identity) {
	payload := didtypes.DeactivateDidPayload{Id: id.DID(), ExpectedVersionId: s.didVersions[id.DID()]}
	_, err := s.didSrv.DeactivateDid(s.ctx(), &didtypes.MsgDeactivateDid{
		Submitter: s.submitter(), Payload: payload,
		Signatures: didtest.Sign(s.t, apptest.ChainID, &payload, id.With(1, didtypes.KEY_SOURCE_CURRENT)),
	})
	require.NoError(s.t, err)
}

// registerAnchor makes id a trust anchor through governance: for all types
// when scope is empty.
func (s *suite) registerAnchor(id *didtest.Identity, scope ...string) {
	anchor := types.TrustAnchor{Did: id.DID(), AllTypes: len(scope) == 0, Scope: scope}
	_, err := s.srv.RegisterTrustAnchor(s.ctx(), &types.MsgRegisterTrustAnchor{Authority: s.gov(), Anchor: anchor})
	require.NoError(s.t, err)
}

func (s *suite) removeAnchor(id *didtest.Identity) {
	_, err := s.srv.RemoveTrustAnchor(s.ctx(), &types.MsgRemoveTrustAnchor{Authority: s.gov(), Did: id.DID(), Reason: "test"})
	require.NoError(s.t, err)
}

// credentialType returns a valid credential type of owner.
func credentialType(owner *didtest.Identity, name string) types.CredentialType {
	return types.CredentialType{
		OwnerDid: owner.DID(), Name: name,
		VcTypes:      []string{"VerifiableCredential", "UniversityDegreeCredential"},
		SchemaUri:    "https://schemas.example.gov/" + name + ".json",
		SchemaDigest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
}

// registerTypeAs submits a credential type signed by signers.
func (s *suite) registerTypeAs(ct types.CredentialType, signers ...didtest.Signer) (string, error) {
	payload := types.RegisterCredentialTypePayload{CredentialType: ct}
	res, err := s.srv.RegisterCredentialType(s.ctx(), &types.MsgRegisterCredentialType{
		Submitter: s.submitter(), Payload: payload, Signatures: didtest.Sign(s.t, apptest.ChainID, &payload, signers...),
	})
	if err != nil {
		return "", err
	}
	return res.Id, nil
}

// mustRegisterType defines owner's credential type name.
func (s *suite) mustRegisterType(owner *didtest.Identity, name string) string {
	id, err := s.registerTypeAs(credentialType(owner, name), owner.With(1, didtypes.KEY_SOURCE_CURRENT))
	require.NoError(s.t, err)
	return id
}

// grant describes an accreditation to make. parent is empty when the
// accreditor acts as a trust anchor; under names it.
type grant struct {
	by, to     *didtest.Identity
	name       string
	role       types.Role
	scope      []string
	maxDepth   uint32
	validFrom  *time.Time
	validUntil *time.Time
	parent     string
}

// under names the accreditation the accreditor stands on.
func (g grant) under(parentID string) grant {
	g.parent = parentID
	return g
}

func (g grant) payload() types.AccreditPayload {
	var accreditor, subject string
	if g.by != nil {
		accreditor = g.by.DID()
	}
	if g.to != nil {
		subject = g.to.DID()
	}
	return types.AccreditPayload{
		AccreditorDid: accreditor, Name: g.name, SubjectDid: subject, Role: g.role, Scope: g.scope,
		ValidFrom: g.validFrom, ValidUntil: g.validUntil, MaxDepth: g.maxDepth, Parent: g.parent,
	}
}

// accredit submits g signed with key 1 of the accreditor.
func (s *suite) accredit(g grant) (string, error) {
	p := g.payload()
	return s.accreditSigned(p, didtest.Sign(s.t, apptest.ChainID, &p, g.by.With(1, didtypes.KEY_SOURCE_CURRENT)))
}

func (s *suite) accreditSigned(p types.AccreditPayload, sigs []didtypes.DidSignature) (string, error) {
	res, err := s.srv.Accredit(s.ctx(), &types.MsgAccredit{Submitter: s.submitter(), Payload: p, Signatures: sigs})
	if err != nil {
		return "", err
	}
	return res.Id, nil
}

func (s *suite) mustAccredit(g grant) string {
	id, err := s.accredit(g)
	require.NoError(s.t, err)
	return id
}

func issuer(by, to *didtest.Identity, name string, scope ...string) grant {
	return grant{by: by, to: to, name: name, role: types.ROLE_ISSUER, scope: scope}
}

func accreditor(by, to *didtest.Identity, name string, maxDepth uint32, scope ...string) grant {
	return grant{by: by, to: to, name: name, role: types.ROLE_ACCREDITOR, scope: scope, maxDepth: maxDepth}
}

// stored is the whole x/accreditation store (apptest.StoreContents).
func (s *suite) stored(t testing.TB) []string {
	t.Helper()
	return apptest.StoreContents(t, s.f.Ctx(), s.f.App.GetKey(types.StoreKey))
}

// record returns an accreditation's current record.
func (s *suite) record(id string) types.Accreditation {
	a, err := s.k.Accreditation(s.ctx(), id)
	require.NoError(s.t, err)
	return a
}

// action is a lifecycle action, signed with key 1 of actor (no signature
// when actor is nil).
type action struct {
	kind     types.LifecycleAction
	id       string
	actor    *didtest.Identity
	expected uint64
	// signer overrides who signs (default: the actor's key 1).
	signer *didtest.Signer
	// submitter overrides the submitter (default: a user account).
	submitter string
	// reason overrides the reason (default: the action's example reason).
	reason string
}

func (s *suite) act(a action) (uint64, error) {
	actorDID := ""
	if a.actor != nil {
		actorDID = a.actor.DID()
	}
	submitter := a.submitter
	if submitter == "" {
		submitter = s.submitter()
	}
	reason := a.reason
	if reason == "" {
		reason = a.kind.ExampleReason()
	}
	var signers []didtest.Signer
	if a.signer != nil {
		signers = append(signers, *a.signer)
	} else if a.actor != nil {
		signers = append(signers, a.actor.With(1, didtypes.KEY_SOURCE_CURRENT))
	}
	p := a.kind.Payload(a.id, actorDID, a.expected, reason)
	msg := p.Msg(submitter, didtest.Sign(s.t, apptest.ChainID, p, signers...))
	// The app's router delivers it to the same MsgServer as s.srv, without
	// a switch over the three message types.
	res, err := s.f.App.MsgServiceRouter().Handler(msg)(s.ctx(), msg)
	if err != nil {
		return 0, err
	}
	require.Len(s.t, res.MsgResponses, 1)
	out, ok := res.MsgResponses[0].GetCachedValue().(interface{ GetVersion() uint64 })
	require.True(s.t, ok, "%s answers with a version", msg)
	return out.GetVersion(), nil
}

// mustAct applies a lifecycle action by the accreditation's own accreditor
// at its current version.
func (s *suite) mustAct(kind types.LifecycleAction, id string, actor *didtest.Identity) {
	_, err := s.act(action{kind: kind, id: id, actor: actor, expected: s.record(id).Version})
	require.NoError(s.t, err)
}

// verify asks VerifyIssuer through the query service; at nil means now.
func (s *suite) verify(issuerDID, typeID string, at *time.Time) *types.QueryVerifyIssuerResponse {
	res, err := s.q.VerifyIssuer(s.ctx(), &types.QueryVerifyIssuerRequest{IssuerDid: issuerDID, CredentialTypeId: typeID, AtTime: at})
	require.NoError(s.t, err)
	return res
}

// trustChain is the usual registry: anchor A (all types) defines type
// degree and accredits R as an accreditor (max depth 2), which accredits U
// as an issuer.
type trustChain struct {
	anchor, regional, university *didtest.Identity
	degree                       string
	regionalID, universityID     string
}

func (s *suite) newTrustChain() trustChain {
	c := trustChain{anchor: s.newDID(), regional: s.newDID(), university: s.newDID()}
	s.registerAnchor(c.anchor)
	c.degree = s.mustRegisterType(c.anchor, "degree")
	c.regionalID = s.mustAccredit(accreditor(c.anchor, c.regional, "regional", 2, c.degree))
	c.universityID = s.mustAccredit(issuer(c.regional, c.university, "uni", c.degree).under(c.regionalID))
	return c
}

func at(t time.Time) *time.Time { return &t }
