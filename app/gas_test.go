package app_test

import (
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/testutil/apptest"
	accreditationkeeper "github.com/ndi-chain/ndi/x/accreditation/keeper"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didkeeper "github.com/ndi-chain/ndi/x/did/keeper"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationkeeper "github.com/ndi-chain/ndi/x/revocation/keeper"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// TestMessageGas measures the gas the x/did and x/revocation message
// handlers consume, in the real app with the SDK's default KV gas prices,
// for a DID create, a DID update and a one-index status-list update by an
// accredited issuer (docs/benchmarks.md). It is the handler's own gas: the
// ante handler's transaction-size and account-signature gas come on top
// and do not depend on the module. Each message runs in its own block on a
// fresh gas meter; the figures are pinned and logged (go test -v -run
// TestMessageGas).
func TestMessageGas(t *testing.T) {
	f := apptest.Setup(t, 1, 1)
	ac := f.App.AccountKeeper.AddressCodec()
	didSrv := didkeeper.NewMsgServerImpl(f.App.DidKeeper, ac)
	accSrv := accreditationkeeper.NewMsgServerImpl(f.App.AccreditationKeeper, ac)
	revSrv := revocationkeeper.NewMsgServerImpl(f.App.RevocationKeeper, ac)
	submitter := f.Users[0].Address.String()
	// Gas is charged per byte, so every DID here has the same length (most
	// random ones are 36 bytes; a few 35): the figures repeat run to run.
	newIdentity := func() *didtest.Identity {
		for {
			if id := didtest.NewIdentity(t, didtypes.DefaultNamespace); len(id.DID()) == 36 {
				return id
			}
		}
	}
	sign := func(p proto.Message, by *didtest.Identity) []didtypes.DidSignature {
		return didtest.Sign(t, apptest.ChainID, p, by.With(1, didtypes.KEY_SOURCE_CURRENT))
	}
	// measured runs one message in the next block on a fresh gas meter and
	// returns the gas it consumed.
	measured := func(run func(sdk.Context) error) uint64 {
		t.Helper()
		ctx := f.Ctx()
		ctx = ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
		require.NoError(t, run(ctx))
		gas := ctx.GasMeter().GasConsumed()
		f.NextBlock(t)
		return gas
	}
	createDID := func(id *didtest.Identity) uint64 {
		return measured(func(ctx sdk.Context) error {
			p := didtypes.CreateDidPayload{Document: id.Doc}
			_, err := didSrv.CreateDid(ctx, &didtypes.MsgCreateDid{Submitter: submitter, Payload: p,
				Signatures: didtest.Sign(t, apptest.ChainID, &p, id.With(1, didtypes.KEY_SOURCE_NEW))})
			return err
		})
	}

	alice := newIdentity()
	createGas := createDID(alice)
	updateGas := measured(func(ctx sdk.Context) error {
		_, latest, err := f.App.DidKeeper.Latest(ctx, alice.DID())
		require.NoError(t, err)
		doc := alice.Doc.Clone()
		doc.AlsoKnownAs = []string{"https://alice.example"}
		p := didtypes.UpdateDidPayload{Document: doc, ExpectedVersionId: latest.VersionId}
		_, err = didSrv.UpdateDid(ctx, &didtypes.MsgUpdateDid{Submitter: submitter, Payload: p, Signatures: sign(&p, alice)})
		return err
	})

	// An anchor that accredits an issuer directly, and the issuer's list.
	anchor, issuer := newIdentity(), newIdentity()
	createDID(anchor)
	createDID(issuer)
	measured(func(ctx sdk.Context) error {
		_, err := accSrv.RegisterTrustAnchor(ctx, &accreditationtypes.MsgRegisterTrustAnchor{
			Authority: f.GovAddress, Anchor: accreditationtypes.TrustAnchor{Did: anchor.DID(), AllTypes: true}})
		return err
	})
	var credentialType string
	measured(func(ctx sdk.Context) error {
		p := accreditationtypes.RegisterCredentialTypePayload{CredentialType: accreditationtypes.CredentialType{
			OwnerDid: anchor.DID(), Name: "degree",
			VcTypes:      []string{"VerifiableCredential", "UniversityDegreeCredential"},
			SchemaUri:    "https://schemas.example.gov/degree.json",
			SchemaDigest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		}}
		res, err := accSrv.RegisterCredentialType(ctx, &accreditationtypes.MsgRegisterCredentialType{
			Submitter: submitter, Payload: p, Signatures: sign(&p, anchor)})
		if err == nil {
			credentialType = res.Id
		}
		return err
	})
	measured(func(ctx sdk.Context) error {
		p := accreditationtypes.AccreditPayload{AccreditorDid: anchor.DID(), SubjectDid: issuer.DID(), Name: "university",
			Role: accreditationtypes.ROLE_ISSUER, Scope: []string{credentialType}}
		_, err := accSrv.Accredit(ctx, &accreditationtypes.MsgAccredit{Submitter: submitter, Payload: p, Signatures: sign(&p, anchor)})
		return err
	})
	var listID string
	createListGas := measured(func(ctx sdk.Context) error {
		p := revocationtypes.CreateStatusListPayload{IssuerDid: issuer.DID(), Name: "degrees",
			Purpose: revocationtypes.STATUS_PURPOSE_REVOCATION, SizeBits: revocationtypes.MinSizeBits}
		res, err := revSrv.CreateStatusList(ctx, &revocationtypes.MsgCreateStatusList{Submitter: submitter, Payload: p, Signatures: sign(&p, issuer)})
		if err == nil {
			listID = res.ListId
		}
		return err
	})
	updateListGas := measured(func(ctx sdk.Context) error {
		p := revocationtypes.UpdateStatusListPayload{ListId: listID, Set: []uint64{7}}
		_, err := revSrv.UpdateStatusList(ctx, &revocationtypes.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: sign(&p, issuer)})
		return err
	})

	t.Logf("DID %s (%d bytes), list %s", alice.DID(), len(alice.DID()), listID)
	// Gas is part of consensus: a change here changes what every
	// validator charges. The figures are pinned so that no change slips in
	// unnoticed; when one is meant, update them together with the gas table
	// in docs/benchmarks.md and say why in the commit.
	for _, c := range []struct {
		msg       string
		got, want uint64
	}{
		{"MsgCreateDid", createGas, 29_291},
		{"MsgUpdateDid", updateGas, 36_119},
		{"MsgCreateStatusList", createListGas, 47_013},
		{"MsgUpdateStatusList (1 index)", updateListGas, 87_701},
	} {
		t.Logf("gas %s %d", c.msg, c.got)
		require.Equal(t, c.want, c.got, "handler gas of %s", c.msg)
	}
}
