package network

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	sdk "github.com/cosmos/cosmos-sdk/types"

	didcli "github.com/ndi-chain/ndi/x/did/client/cli"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// KeyStoreIdentity makes a DID in namespace ns whose Ed25519 key is stored,
// unencrypted, as name in val's DID key store, so a test signs for it both
// in Go and through the CLI (--key name), as an operator would.
func KeyStoreIdentity(t testing.TB, val *sdknetwork.Validator, name, ns string) *didtest.Identity {
	t.Helper()
	keyStore := didcli.NewKeyStore(val.ClientCtx.HomeDir)
	pub, err := keyStore.GenerateUnencrypted(name, didsig.Ed25519)
	require.NoError(t, err)
	key, _, err := keyStore.Load(name)
	require.NoError(t, err)
	doc, err := didtypes.NewDocument(ns, pub)
	require.NoError(t, err)
	return &didtest.Identity{Doc: doc, Keys: []didsig.PrivateKey{key}}
}

// CreateDIDs creates the DIDs of ids in one transaction submitted by from,
// each signed with its first key as the new document's, and returns the
// block result.
func CreateDIDs(t testing.TB, n *sdknetwork.Network, from *sdknetwork.Validator, ids ...*didtest.Identity) *sdk.TxResponse {
	t.Helper()
	msgs := make([]sdk.Msg, len(ids))
	for i, id := range ids {
		payload := didtypes.CreateDidPayload{Document: id.Doc}
		msgs[i] = &didtypes.MsgCreateDid{Submitter: from.Address.String(), Payload: payload,
			Signatures: didtest.Sign(t, n.Config.ChainID, &payload, id.With(1, didtypes.KEY_SOURCE_NEW))}
	}
	return Broadcast(t, n, from, msgs...)
}
