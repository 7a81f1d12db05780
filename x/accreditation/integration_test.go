package accreditation_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	clitestutil "github.com/cosmos/cosmos-sdk/testutil/cli"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/network"
	"github.com/ndi-chain/ndi/x/accreditation/client/cli"
	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// One in-process network serves the whole story: the SDK allows one per
// process, and starting it is the slow part.
func TestMinistryAccreditsUniversityAndVerifierSeesTheChain(t *testing.T) {
	n := network.New(t, network.Options{Validators: 1, VotingPeriod: 4 * time.Second})
	val := n.Validators[0]
	chainID := n.Config.ChainID
	submitter := val.Address.String()
	q := types.NewQueryClient(val.ClientCtx)
	ctx := context.Background()

	// The ministry's key lives in the validator's DID key store, so the CLI
	// can sign with it (--key ministry) as an operator would.
	ministry := network.KeyStoreIdentity(t, val, "ministry", didtypes.DefaultNamespace)
	college := didtest.NewIdentity(t, didtypes.DefaultNamespace)
	regional := didtest.NewIdentity(t, didtypes.DefaultNamespace)
	university := didtest.NewIdentity(t, didtypes.DefaultNamespace)
	degree := types.CredentialTypeID(ministry.DID(), "degree")
	regionalID := types.AccreditationID(ministry.DID(), "regional")
	universityID := types.AccreditationID(regional.DID(), "uni")

	t.Run("the ministry, a regional authority, a university and a college create their DIDs", func(t *testing.T) {
		network.RequireOK(t, network.CreateDIDs(t, n, val, ministry, regional, university, college))
	})

	t.Run("governance makes the ministry a trust anchor", func(t *testing.T) {
		network.MakeTrustAnchor(t, n, ministry.DID(), "Ministry of Education")
	})

	t.Run("the ministry defines the degree type and accredits down to the university", func(t *testing.T) {
		typePayload := types.RegisterCredentialTypePayload{CredentialType: network.DegreeType(ministry.DID())}
		network.RequireOK(t, network.Broadcast(t, n, val, &types.MsgRegisterCredentialType{Submitter: submitter, Payload: typePayload,
			Signatures: didtest.Sign(t, chainID, &typePayload, ministry.With(1, didtypes.KEY_SOURCE_CURRENT))}))

		toRegional := types.AccreditPayload{AccreditorDid: ministry.DID(), Name: "regional", SubjectDid: regional.DID(),
			Role: types.ROLE_ACCREDITOR, Scope: []string{degree}, MaxDepth: 1}
		network.RequireOK(t, network.Broadcast(t, n, val, &types.MsgAccredit{Submitter: submitter, Payload: toRegional,
			Signatures: didtest.Sign(t, chainID, &toRegional, ministry.With(1, didtypes.KEY_SOURCE_CURRENT))}))

		toUniversity := types.AccreditPayload{AccreditorDid: regional.DID(), Name: "uni", SubjectDid: university.DID(),
			Role: types.ROLE_ISSUER, Scope: []string{degree}, Parent: regionalID}
		network.RequireOK(t, network.Broadcast(t, n, val, &types.MsgAccredit{Submitter: submitter, Payload: toUniversity,
			Signatures: didtest.Sign(t, chainID, &toUniversity, regional.With(1, didtypes.KEY_SOURCE_CURRENT))}))
	})

	var accreditedAt time.Time
	t.Run("a verifier sees the university accredited over gRPC, with the chain", func(t *testing.T) {
		res, err := q.VerifyIssuer(ctx, &types.QueryVerifyIssuerRequest{IssuerDid: university.DID(), CredentialTypeId: degree})
		require.NoError(t, err)
		require.True(t, res.Accredited, res.Reason)
		require.Len(t, res.Chain, 3)
		require.Equal(t, universityID, res.Chain[0].AccreditationId)
		require.Equal(t, regionalID, res.Chain[1].AccreditationId)
		require.Equal(t, types.TrustAnchorLinkID(ministry.DID()), res.Chain[2].AccreditationId)
		accreditedAt = res.AtTime
	})

	t.Run("the ministry suspends the regional authority; a replay of the signed suspend is refused", func(t *testing.T) {
		require.False(t, accreditedAt.IsZero(), "needs the accredited answer")
		time.Sleep(time.Until(accreditedAt.Add(1500 * time.Millisecond))) // a later whole second
		suspend := types.LifecycleSuspend
		payload := suspend.Payload(regionalID, ministry.DID(), 0, suspend.ExampleReason())
		msg := payload.Msg(submitter, didtest.Sign(t, chainID, payload, ministry.With(1, didtypes.KEY_SOURCE_CURRENT)))
		network.RequireOK(t, network.Broadcast(t, n, val, msg))
		network.RequireRefused(t, network.Broadcast(t, n, val, msg), types.ModuleName, types.ErrVersionMismatch)
	})

	t.Run("the verifier now sees the university not accredited, naming the suspended link", func(t *testing.T) {
		res, err := q.VerifyIssuer(ctx, &types.QueryVerifyIssuerRequest{IssuerDid: university.DID(), CredentialTypeId: degree})
		require.NoError(t, err)
		require.False(t, res.Accredited)
		require.Contains(t, res.Reason, regionalID+" is SUSPENDED at ")
		require.False(t, res.Chain[1].ValidAtTime)

		past, err := q.VerifyIssuer(ctx, &types.QueryVerifyIssuerRequest{IssuerDid: university.DID(), CredentialTypeId: degree, AtTime: &accreditedAt})
		require.NoError(t, err)
		require.True(t, past.Accredited, "at the earlier time the chain was valid: %s", past.Reason)
	})

	t.Run("the verifier gets the same answer over REST", func(t *testing.T) {
		var body struct {
			Accredited bool   `json:"accredited"`
			Reason     string `json:"reason"`
			Chain      []struct {
				AccreditationID string `json:"accreditation_id"`
				Status          string `json:"status"`
				ValidAtTime     bool   `json:"valid_at_time"`
			} `json:"chain"`
		}
		network.GetJSON(t, val.APIAddress+"/ndi/accreditation/v1/verify_issuer/"+university.DID()+"/"+degree, "", http.StatusOK, &body)
		require.False(t, body.Accredited)
		require.Contains(t, body.Reason, regionalID+" is SUSPENDED")
		require.Len(t, body.Chain, 3)
		require.Equal(t, "STATUS_SUSPENDED", body.Chain[1].Status)

		var ct struct {
			CredentialType struct {
				ID string `json:"id"`
			} `json:"credential_type"`
		}
		network.GetJSON(t, val.APIAddress+"/ndi/accreditation/v1/credential_types/"+degree, "", http.StatusOK, &ct)
		require.Equal(t, degree, ct.CredentialType.ID, "an id with slashes is one path parameter")
		var list struct {
			CredentialTypes []json.RawMessage `json:"credential_types"`
		}
		network.GetJSON(t, val.APIAddress+"/ndi/accreditation/v1/credential_types", "", http.StatusOK, &list)
		require.Len(t, list.CredentialTypes, 1, "the list route is not taken for a credential type with an empty id")
	})

	t.Run("a verifier leaving out a required input gets 400, not an answer", func(t *testing.T) {
		for _, path := range []string{
			"/ndi/accreditation/v1/verify_issuer/" + university.DID() + "/",
			"/ndi/accreditation/v1/subjects/not-a-did/accreditations",
			"/ndi/accreditation/v1/accreditors/not-a-did/accreditations",
			"/ndi/accreditation/v1/trust_anchors/not-a-did",
			"/ndi/accreditation/v1/accreditations/not-an-id",
			"/ndi/accreditation/v1/history/not-an-id",
		} {
			code, _, body := network.Get(t, val.APIAddress+path, "")
			require.Equal(t, http.StatusBadRequest, code, "GET %s: %s", path, body)
		}
	})

	txFlags := []string{
		"--from", val.Moniker, "--chain-id", chainID, "--fees", "1000" + params.FeeDenom,
		"--yes", "--broadcast-mode", "sync", "--output", "json",
	}
	runTx := func(t *testing.T, args ...string) {
		t.Helper()
		network.RequireOK(t, network.ExecTx(t, n, cli.GetTxCmd(), append(args, txFlags...)...))
	}

	t.Run("the ministry reinstates the regional authority and accredits a college from the CLI", func(t *testing.T) {
		reinstate := types.LifecycleReinstate
		runTx(t, reinstate.Verb(), regionalID, "--reason", reinstate.ExampleReason(), "--key", "ministry")
		runTx(t, "accredit", ministry.DID(), "college", college.DID(), "--role", "issuer", "--scope", degree, "--as-anchor", "--key", "ministry")
		res, err := q.Accreditation(ctx, &types.QueryAccreditationRequest{Id: regionalID})
		require.NoError(t, err)
		require.Equal(t, types.STATUS_ACTIVE, res.Accreditation.Status)
		require.Equal(t, uint64(2), res.Accreditation.Version, "the CLI read the expected version from the chain")
	})

	t.Run("the CLI builds a trust-anchor proposal from repeated --scope flags", func(t *testing.T) {
		other := types.CredentialTypeID(college.DID(), "transcript")
		out, err := clitestutil.ExecTestCLICmd(val.ClientCtx, cli.GetTxCmd(), []string{
			"register-trust-anchor-proposal", college.DID(), "--scope", degree, "--scope", other,
			"--title", "College", "--summary", "anchor for transcripts", "--deposit", "10000000" + params.FeeDenom,
			"--from", val.Moniker, "--chain-id", chainID, "--generate-only",
		})
		require.NoError(t, err, out.String())
		tx, err := val.ClientCtx.TxConfig.TxJSONDecoder()(out.Bytes())
		require.NoError(t, err, out.String())
		proposal, ok := tx.GetMsgs()[0].(*govv1.MsgSubmitProposal)
		require.True(t, ok)
		msgs, err := proposal.GetMsgs()
		require.NoError(t, err)
		register, ok := msgs[0].(*types.MsgRegisterTrustAnchor)
		require.True(t, ok)
		require.Equal(t, authtypes.NewModuleAddress("gov").String(), register.Authority)
		require.Equal(t, []string{degree, other}, register.Anchor.Scope)
		require.False(t, register.Anchor.AllTypes)
	})

	t.Run("verify-issuer from the CLI prints the chain one link a line", func(t *testing.T) {
		out, err := clitestutil.ExecTestCLICmd(val.ClientCtx, cli.GetQueryCmd(), []string{"verify-issuer", university.DID(), degree})
		require.NoError(t, err, out.String())
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		require.Len(t, lines, 4, out.String())
		require.True(t, strings.HasPrefix(lines[0], "ACCREDITED: "), lines[0])
		require.Contains(t, lines[1], "1. ACTIVE")
		require.Contains(t, lines[1], universityID)
		require.Contains(t, lines[2], regionalID+" (v2)")
		require.Contains(t, lines[3], "trust anchor "+ministry.DID())

		out, err = clitestutil.ExecTestCLICmd(val.ClientCtx, cli.GetQueryCmd(), []string{"verify-issuer", college.DID(), degree})
		require.NoError(t, err, out.String())
		require.True(t, strings.HasPrefix(out.String(), "ACCREDITED: "), out.String())
	})
}
