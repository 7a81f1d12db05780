package network

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
)

// MakeTrustAnchor has governance register did as a trust anchor for every
// credential type (PassProposal, with title as the proposal's title) and
// requires that the chain then answers it is an active one.
func MakeTrustAnchor(t testing.TB, n *sdknetwork.Network, did, title string) {
	t.Helper()
	gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	PassProposal(t, n, title, "root of trust: "+did, &accreditationtypes.MsgRegisterTrustAnchor{
		Authority: gov, Anchor: accreditationtypes.TrustAnchor{Did: did, AllTypes: true},
	})
	res, err := accreditationtypes.NewQueryClient(n.Validators[0].ClientCtx).TrustAnchor(context.Background(),
		&accreditationtypes.QueryTrustAnchorRequest{Did: did})
	require.NoError(t, err)
	require.True(t, res.Active, "%s is not an active trust anchor", did)
}

// DegreeType is the credential type "degree" of owner, the type the
// integration tests accredit issuers for.
func DegreeType(owner string) accreditationtypes.CredentialType {
	return accreditationtypes.CredentialType{
		OwnerDid: owner, Name: "degree", VcTypes: []string{"VerifiableCredential", "UniversityDegreeCredential"},
		SchemaUri:    "https://schemas.example.gov/degree.json",
		SchemaDigest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
}
