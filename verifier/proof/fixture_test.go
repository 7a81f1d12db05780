package proof

import (
	"context"
	"sync"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/testutil/apptest"
	accreditationkeeper "github.com/ndi-chain/ndi/x/accreditation/keeper"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didkeeper "github.com/ndi-chain/ndi/x/did/keeper"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationkeeper "github.com/ndi-chain/ndi/x/revocation/keeper"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// chain is a real app in memory holding what a verifier asks about: a DID
// updated once, an anchor → accreditor → issuer chain for a credential
// type, and a revocation list with revoked bits. Every step is its own
// committed block, so past heights and times are real.
type chain struct {
	f *apptest.Fixture

	holder              *didtest.Identity
	anchor, accreditor  *didtest.Identity
	issuer              *didtest.Identity
	credentialType      string
	accreditorID        string
	issuerAccreditation string
	listID              string
	revoked             []uint64
	pastTime            time.Time // after everything was created, before the DID update and the revocations
	pastHeight          int64     // the height committed at pastTime
	didSrv              didtypes.MsgServer
	accreditationSrv    accreditationtypes.MsgServer
	revocationSrv       revocationtypes.MsgServer
	didQuery            didtypes.QueryServer
	accreditationQuery  accreditationtypes.QueryServer
	revocationQuery     revocationtypes.QueryServer
}

func newChain(t *testing.T) *chain {
	f := apptest.Setup(t, 1, 1)
	ac := f.App.AccountKeeper.AddressCodec()
	c := &chain{
		f:                  f,
		didSrv:             didkeeper.NewMsgServerImpl(f.App.DidKeeper, ac),
		accreditationSrv:   accreditationkeeper.NewMsgServerImpl(f.App.AccreditationKeeper, ac),
		revocationSrv:      revocationkeeper.NewMsgServerImpl(f.App.RevocationKeeper, ac),
		didQuery:           didkeeper.NewQueryServerImpl(f.App.DidKeeper),
		accreditationQuery: accreditationkeeper.NewQueryServerImpl(f.App.AccreditationKeeper),
		revocationQuery:    revocationkeeper.NewQueryServerImpl(f.App.RevocationKeeper),
	}
	const ns = didtypes.DefaultNamespace
	c.holder = c.createDID(t, didtest.NewIdentity(t, ns))
	c.anchor = c.createDID(t, didtest.NewIdentity(t, ns))
	c.accreditor = c.createDID(t, didtest.NewIdentity(t, ns))
	c.issuer = c.createDID(t, didtest.NewIdentity(t, ns))

	c.block(t, func(ctx sdk.Context) error {
		_, err := c.accreditationSrv.RegisterTrustAnchor(ctx, &accreditationtypes.MsgRegisterTrustAnchor{
			Authority: f.GovAddress, Anchor: accreditationtypes.TrustAnchor{Did: c.anchor.DID(), AllTypes: true}})
		return err
	})
	c.block(t, func(ctx sdk.Context) error {
		p := accreditationtypes.RegisterCredentialTypePayload{CredentialType: accreditationtypes.CredentialType{
			OwnerDid: c.anchor.DID(), Name: "degree",
			VcTypes:      []string{"VerifiableCredential", "UniversityDegreeCredential"},
			SchemaUri:    "https://schemas.example.gov/degree.json",
			SchemaDigest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		}}
		res, err := c.accreditationSrv.RegisterCredentialType(ctx, &accreditationtypes.MsgRegisterCredentialType{
			Submitter: c.submitter(), Payload: p, Signatures: c.sign(t, &p, c.anchor)})
		if err == nil {
			c.credentialType = res.Id
		}
		return err
	})
	c.accreditorID = c.accredit(t, accreditationtypes.AccreditPayload{
		AccreditorDid: c.anchor.DID(), SubjectDid: c.accreditor.DID(), Name: "regional",
		Role: accreditationtypes.ROLE_ACCREDITOR, Scope: []string{c.credentialType}, MaxDepth: 1,
	}, c.anchor)
	c.issuerAccreditation = c.accredit(t, accreditationtypes.AccreditPayload{
		AccreditorDid: c.accreditor.DID(), SubjectDid: c.issuer.DID(), Name: "university",
		Role: accreditationtypes.ROLE_ISSUER, Scope: []string{c.credentialType}, Parent: c.accreditorID,
	}, c.accreditor)
	c.block(t, func(ctx sdk.Context) error {
		p := revocationtypes.CreateStatusListPayload{IssuerDid: c.issuer.DID(), Name: "degrees",
			Purpose: revocationtypes.STATUS_PURPOSE_REVOCATION, SizeBits: revocationtypes.MinSizeBits}
		res, err := c.revocationSrv.CreateStatusList(ctx, &revocationtypes.MsgCreateStatusList{
			Submitter: c.submitter(), Payload: p, Signatures: c.sign(t, &p, c.issuer)})
		if err == nil {
			c.listID = res.ListId
		}
		return err
	})
	c.pastHeight, c.pastTime = c.committed()
	c.f.NextBlock(t)

	// After the past time: the holder rotates its key, and the issuer
	// revokes some credentials, in two updates.
	c.block(t, func(ctx sdk.Context) error {
		doc := c.holder.Doc.Clone()
		priv, err := didsig.GeneratePrivateKey(didsig.Ed25519, nil)
		require.NoError(t, err)
		pub, err := priv.PublicKey()
		require.NoError(t, err)
		doc.VerificationMethod[0].PublicKeyMultibase = pub.Multikey()
		latest, err := c.didQuery.Did(ctx, &didtypes.QueryDidRequest{Id: c.holder.DID()})
		require.NoError(t, err)
		p := didtypes.UpdateDidPayload{Document: doc, ExpectedVersionId: latest.Metadata.VersionId}
		_, err = c.didSrv.UpdateDid(ctx, &didtypes.MsgUpdateDid{Submitter: c.submitter(), Payload: p,
			Signatures: didtest.Sign(t, apptest.ChainID, &p, c.holder.With(1, didtypes.KEY_SOURCE_CURRENT),
				didtest.Signer{MethodID: c.holder.MethodID(1), Key: priv, Source: didtypes.KEY_SOURCE_NEW})})
		return err
	})
	c.revoked = []uint64{3, 17, 4096, revocationtypes.MinSizeBits - 1}
	for i, set := range [][]uint64{c.revoked[:2], c.revoked[2:]} {
		c.block(t, func(ctx sdk.Context) error {
			p := revocationtypes.UpdateStatusListPayload{ListId: c.listID, ExpectedSequence: uint64(i), Set: set}
			_, err := c.revocationSrv.UpdateStatusList(ctx, &revocationtypes.MsgUpdateStatusList{
				Submitter: c.submitter(), Payload: p, Signatures: c.sign(t, &p, c.issuer)})
			return err
		})
	}
	return c
}

func (c *chain) submitter() string { return c.f.Users[0].Address.String() }

// block runs one write in the next block and commits it.
func (c *chain) block(t *testing.T, write func(sdk.Context) error) {
	t.Helper()
	require.NoError(t, write(c.f.Ctx()))
	c.f.NextBlock(t)
}

func (c *chain) sign(t *testing.T, payload proto.Message, by *didtest.Identity) []didtypes.DidSignature {
	return didtest.Sign(t, apptest.ChainID, payload, by.With(1, didtypes.KEY_SOURCE_CURRENT))
}

func (c *chain) createDID(t *testing.T, id *didtest.Identity) *didtest.Identity {
	c.block(t, func(ctx sdk.Context) error {
		p := didtypes.CreateDidPayload{Document: id.Doc}
		_, err := c.didSrv.CreateDid(ctx, &didtypes.MsgCreateDid{Submitter: c.submitter(), Payload: p,
			Signatures: didtest.Sign(t, apptest.ChainID, &p, id.With(1, didtypes.KEY_SOURCE_NEW))})
		return err
	})
	return id
}

func (c *chain) accredit(t *testing.T, p accreditationtypes.AccreditPayload, by *didtest.Identity) string {
	var id string
	c.block(t, func(ctx sdk.Context) error {
		res, err := c.accreditationSrv.Accredit(ctx, &accreditationtypes.MsgAccredit{
			Submitter: c.submitter(), Payload: p, Signatures: c.sign(t, &p, by)})
		if err == nil {
			id = res.Id
		}
		return err
	})
	return id
}

// committed returns the last committed height and its block time. The
// time is one block before the next block's: apptest's blocks are five
// seconds apart.
func (c *chain) committed() (int64, time.Time) {
	return c.f.App.LastBlockHeight(), c.f.Ctx().BlockTime().Add(-5 * time.Second)
}

// root is the proof root of the last committed state.
func (c *chain) root() Root {
	h, tm := c.committed()
	return Root{ChainID: apptest.ChainID, Height: h, AppHash: c.f.App.LastCommitID().Hash, Time: tm}
}

// nodeContext is the context the node's own query servers answer in at
// the root: the committed state, that block's height and time.
func (c *chain) nodeContext(r Root) sdk.Context {
	return c.f.App.NewUncachedContext(false, cmtproto.Header{ChainID: r.ChainID, Height: r.Height, Time: r.Time}) //nolint:staticcheck // reads only
}

// appQuerier serves ABCI queries from the app itself, as a node's RPC
// would, counting them.
type appQuerier struct {
	c *chain

	mu      sync.Mutex
	queries int
}

func (q *appQuerier) ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error) {
	q.mu.Lock()
	q.queries++
	q.mu.Unlock()
	res, err := q.c.f.App.Query(ctx, &abci.RequestQuery{Path: path, Data: data, Height: opts.Height, Prove: opts.Prove})
	if err != nil {
		return nil, err
	}
	return &coretypes.ResultABCIQuery{Response: *res}, nil
}

// lyingQuerier alters some honest answers.
type lyingQuerier struct {
	honest *appQuerier
	lie    func(path string, key []byte, opts rpcclient.ABCIQueryOptions, res *abci.ResponseQuery)
}

func (q lyingQuerier) ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error) {
	res, err := q.honest.ABCIQueryWithOptions(ctx, path, data, opts)
	if err != nil {
		return nil, err
	}
	q.lie(path, data, opts, &res.Response)
	return res, nil
}

// failingQuerier answers every query with err.
type failingQuerier struct{ err error }

func (q failingQuerier) ABCIQueryWithOptions(context.Context, string, cmtbytes.HexBytes, rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error) {
	return nil, q.err
}
