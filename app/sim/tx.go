package sim

import (
	"context"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"

	"github.com/ndi-chain/ndi/app/params"
)

const (
	txGasLimit = 5_000_000
	txFee      = 5_000
)

// signTx builds the transaction of one message from acc, signed in
// SIGN_MODE_DIRECT at acc's current sequence, and returns its bytes. Every
// signature here is deterministic (secp256k1 with RFC 6979 nonces).
func signTx(txCfg client.TxConfig, acc *account, msg sdk.Msg) ([]byte, error) {
	return signTxInMode(txCfg, acc, msg, signing.SignMode_SIGN_MODE_DIRECT)
}

// signTxInMode is signTx in another sign mode: SIGN_MODE_LEGACY_AMINO_JSON
// is what Ledger and Keplr users sign.
func signTxInMode(txCfg client.TxConfig, acc *account, msg sdk.Msg, mode signing.SignMode) ([]byte, error) {
	b := txCfg.NewTxBuilder()
	if err := b.SetMsgs(msg); err != nil {
		return nil, err
	}
	b.SetGasLimit(txGasLimit)
	b.SetFeeAmount(sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, txFee)))
	pub := acc.key.PubKey()
	// First round: the signer info, so the sign bytes cover it.
	if err := b.SetSignatures(signing.SignatureV2{
		PubKey: pub, Data: &signing.SingleSignatureData{SignMode: mode}, Sequence: acc.seq,
	}); err != nil {
		return nil, err
	}
	sig, err := clienttx.SignWithPrivKey(context.Background(), mode, authsigning.SignerData{
		Address: acc.addr.String(), ChainID: ChainID, AccountNumber: acc.num, Sequence: acc.seq, PubKey: pub,
	}, b, acc.key, txCfg, acc.seq)
	if err != nil {
		return nil, err
	}
	if err := b.SetSignatures(sig); err != nil {
		return nil, err
	}
	return txCfg.TxEncoder()(b.GetTx())
}
