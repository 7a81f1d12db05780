package app_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/apptest"
	poatypes "github.com/ndi-chain/ndi/x/poa/types"
)

func rotateMsg(t *testing.T, operator sdk.AccAddress) *stakingtypes.MsgRotateConsPubKey {
	t.Helper()
	msg, err := stakingtypes.NewMsgRotateConsPubKey(sdk.ValAddress(operator).String(), ed25519.GenPrivKey().PubKey())
	require.NoError(t, err)
	return msg
}

func rotate(t *testing.T, f *apptest.Fixture, ctx sdk.Context, msg *stakingtypes.MsgRotateConsPubKey) error {
	t.Helper()
	// As baseapp does, a refused message leaves nothing behind.
	cctx, write := ctx.CacheContext()
	if _, err := f.App.MsgServiceRouter().Handler(msg)(cctx, msg); err != nil {
		return err
	}
	write()
	return nil
}

// nextBlocks commits n blocks.
func nextBlocks(t *testing.T, f *apptest.Fixture, n int) {
	t.Helper()
	for range n {
		f.NextBlock(t)
	}
}

func TestRotateConsPubKeyChargesUndi(t *testing.T) {
	f := apptest.Setup(t, 4, 0)
	ctx := f.Ctx()
	op := f.Operators[0]
	valAddr := sdk.ValAddress(op.Address)
	fee, err := f.App.StakingKeeper.KeyRotationFee(ctx)
	require.NoError(t, err)
	require.Equal(t, params.BondDenom, fee.Denom)
	supplyBefore := f.App.BankKeeper.GetSupply(ctx, params.BondDenom)
	before, err := f.App.StakingKeeper.GetValidator(ctx, valAddr)
	require.NoError(t, err)

	msg := rotateMsg(t, op.Address)
	require.NoError(t, rotate(t, f, ctx, msg))

	require.Equal(t, sdkmath.NewInt(apptest.FeeTokens).Sub(fee.Amount),
		f.App.BankKeeper.GetBalance(ctx, op.Address, params.FeeDenom).Amount, "the operator pays key_rotation_fee's amount in undi")
	require.True(t, f.App.BankKeeper.GetBalance(ctx, op.Address, params.BondDenom).IsZero(), "no upower is left with the operator")
	require.Equal(t, supplyBefore, f.App.BankKeeper.GetSupply(ctx, params.BondDenom), "the upower supply is unchanged")
	// x/staking swaps the key ConsensusUpdateDelay (2) blocks after the
	// block of the message, when CometBFT starts using it.
	nextBlocks(t, f, 1+int(stakingtypes.ConsensusUpdateDelay))

	after, err := f.App.StakingKeeper.GetValidator(f.Ctx(), valAddr)
	require.NoError(t, err)
	newPk, ok := msg.NewPubkey.GetCachedValue().(interface{ Bytes() []byte })
	require.True(t, ok)
	require.Equal(t, newPk.Bytes(), after.ConsensusPubkey.Value[2:], "the new key is the validator's after the block")
	require.Equal(t, before.Tokens, after.Tokens, "the bond is unchanged")
}

func TestRotateConsPubKeyOncePerUnbondingPeriod(t *testing.T) {
	f := apptest.Setup(t, 4, 0)
	op := f.Operators[0]
	require.NoError(t, rotate(t, f, f.Ctx(), rotateMsg(t, op.Address)))
	f.NextBlock(t)
	ctx := f.Ctx()
	undi := f.App.BankKeeper.GetBalance(ctx, op.Address, params.FeeDenom)
	require.ErrorIs(t, rotate(t, f, ctx, rotateMsg(t, op.Address)), stakingtypes.ErrExceedingMaxConsPubKeyRotations)
	require.Equal(t, undi, f.App.BankKeeper.GetBalance(ctx, op.Address, params.FeeDenom), "a refused rotation charges nothing")
}

func TestRotateConsPubKeyWithinPowerBound(t *testing.T) {
	// Each of 4 validators holds a quarter of the power; x/poa's default
	// bound lets at most a third move in a block, so one rotation fits
	// and a second one in the same block does not.
	f := apptest.Setup(t, 4, 0)
	ctx := f.Ctx()
	require.NoError(t, rotate(t, f, ctx, rotateMsg(t, f.Operators[0].Address)))
	require.ErrorIs(t, rotate(t, f, ctx, rotateMsg(t, f.Operators[1].Address)), poatypes.ErrPowerChangeTooLarge)
	f.NextBlock(t)
	require.NoError(t, rotate(t, f, f.Ctx(), rotateMsg(t, f.Operators[1].Address)), "the next block has a fresh budget")
}

func TestRotateConsPubKeyRefusesNonValidator(t *testing.T) {
	// An account that operates no validator names itself.
	f := apptest.Setup(t, 4, 1)
	require.ErrorIs(t, rotate(t, f, f.Ctx(), rotateMsg(t, f.Users[0].Address)), stakingtypes.ErrNoValidatorFound)
}

func TestRotateConsPubKeyRefusesAnotherSigner(t *testing.T) {
	// An attacker names a validator it does not operate and signs with its
	// own key: the message's signer is the validator's operator, so the
	// signature does not belong to the signer and the tx is refused before
	// any fee or key changes.
	f := apptest.Setup(t, 4, 1)
	attacker := f.Users[0]
	victim := sdk.ValAddress(f.Operators[0].Address)
	acc := f.App.AccountKeeper.GetAccount(f.Ctx(), attacker.Address)
	tx := signTx(t, f.App.TxConfig(), attacker, acc.GetAccountNumber(), acc.GetSequence(), rotateMsg(t, f.Operators[0].Address))
	res, err := f.App.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
	require.NoError(t, err)
	require.Equal(t, sdkerrors.ErrInvalidPubKey.Codespace(), res.Codespace, res.Log)
	require.Equal(t, sdkerrors.ErrInvalidPubKey.ABCICode(), res.Code, res.Log)
	f.NextBlock(t)
	ctx := f.Ctx()
	require.Equal(t, sdkmath.NewInt(apptest.FeeTokens), f.App.BankKeeper.GetBalance(ctx, victim.Bytes(), params.FeeDenom).Amount)
	has, err := f.App.StakingKeeper.HasConsKeyRotationInUnbondingWindow(ctx, victim)
	require.NoError(t, err)
	require.False(t, has, "no rotation is recorded for the victim")
}
