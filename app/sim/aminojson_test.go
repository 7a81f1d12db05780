package sim

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"

	"github.com/ndi-chain/ndi/x/did/didsig"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// TestRelayerAltersAminoSignedDidDocumentAndIsRefused is the blind-signing
// attack: a wallet signs MsgCreateDid in amino JSON (as Ledger and Keplr
// do), and whoever relays the tx swaps in a document of their own, keeping
// the account signature. The account signature covers the document, so
// the altered tx is refused — at CheckTx and in a block — with the SDK's
// signature-verification error, and the tx as signed is accepted.
func TestRelayerAltersAminoSignedDidDocumentAndIsRefused(t *testing.T) {
	run, err := NewRunner(Config{Seed: 7, Validators: 1, Submitters: 1})
	require.NoError(t, err)
	a, txCfg := run.App, run.App.TxConfig()
	acc := run.accounts[run.gen.submitters[0]]

	id, doc, err := newIdentity(run.r, didsig.Ed25519)
	require.NoError(t, err)
	payload := didtypes.CreateDidPayload{Document: doc}
	first := methodID(doc.Id, 1)
	sigs, err := didtypes.Sign(ChainID, &payload, didtypes.Signer{MethodID: first, Key: id.keys[first], Source: didtypes.KEY_SOURCE_NEW})
	require.NoError(t, err)
	msg := &didtypes.MsgCreateDid{Submitter: acc.addr.String(), Payload: payload, Signatures: sigs}
	signed, err := signTxInMode(txCfg, acc, msg, signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON)
	require.NoError(t, err)

	// The relayer's tx: the same signatures, a service endpoint of theirs in
	// the document.
	decoded, err := txCfg.TxDecoder()(signed)
	require.NoError(t, err)
	b, err := txCfg.WrapTxBuilder(decoded)
	require.NoError(t, err)
	altered := *msg
	altered.Payload.Document = doc.Clone()
	altered.Payload.Document.Service = append(altered.Payload.Document.Service, didtypes.Service{
		Id: doc.Id + "#relayer", Type: []string{"LinkedDomains"}, ServiceEndpoint: `"https://relayer.example.org/"`,
	})
	require.NoError(t, b.SetMsgs(&altered))
	tampered, err := txCfg.TxEncoder()(b.GetTx())
	require.NoError(t, err)

	requireUnauthorized := func(t *testing.T, codespace string, code uint32, log string) {
		t.Helper()
		require.Equal(t, sdkerrors.ErrUnauthorized.Codespace(), codespace, log)
		require.Equal(t, sdkerrors.ErrUnauthorized.ABCICode(), code, log)
	}
	res, err := a.CheckTx(&abci.RequestCheckTx{Tx: tampered, Type: abci.CheckTxType_New})
	require.NoError(t, err)
	requireUnauthorized(t, res.Codespace, res.Code, res.Log)

	// A proposer who includes it anyway gets the same answer in the block.
	block, err := finalizeAndCommit(a, [][]byte{tampered})
	require.NoError(t, err)
	require.Len(t, block.TxResults, 1)
	requireUnauthorized(t, block.TxResults[0].Codespace, block.TxResults[0].Code, block.TxResults[0].Log)

	res, err = a.CheckTx(&abci.RequestCheckTx{Tx: signed, Type: abci.CheckTxType_New})
	require.NoError(t, err)
	require.Zero(t, res.Code, "the tx as signed is refused: %s", res.Log)
}
