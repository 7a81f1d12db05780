package ante_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/x/poa/ante"
	"github.com/ndi-chain/ndi/x/poa/types"
)

func runDecorator(t *testing.T, f *apptest.Fixture, ctx sdk.Context, msgs ...sdk.Msg) error {
	t.Helper()
	builder := f.App.TxConfig().NewTxBuilder()
	require.NoError(t, builder.SetMsgs(msgs...))
	handler := sdk.ChainAnteDecorators(ante.NewPermissionedValidatorsDecorator(f.App.AccountKeeper.AddressCodec(), f.App.StakingKeeper))
	_, err := handler(ctx, builder.GetTx(), false)
	return err
}

func power(n int64) sdk.Coin {
	return sdk.NewCoin(params.BondDenom, sdk.DefaultPowerReduction.MulRaw(n))
}

func proposal(t *testing.T, proposer sdk.AccAddress) *govv1.MsgSubmitProposal {
	t.Helper()
	msg, err := govv1.NewMsgSubmitProposal(nil, sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(10_000_000))),
		proposer.String(), "", "add the health ministry", "add it", false)
	require.NoError(t, err)
	return msg
}

func exec(t *testing.T, grantee sdk.AccAddress, msgs ...sdk.Msg) *authz.MsgExec {
	t.Helper()
	m := authz.NewMsgExec(grantee, msgs)
	return &m
}

func TestPermissionedValidatorsDecorator(t *testing.T) {
	f := apptest.Setup(t, 2, 2)
	operator := f.Operators[0].Address
	user := f.Users[0].Address
	otherUser := f.Users[1].Address
	val0 := sdk.ValAddress(operator).String()
	val1 := sdk.ValAddress(f.Operators[1].Address).String()
	pk, err := codectypes.NewAnyWithValue(ed25519.GenPrivKey().PubKey())
	require.NoError(t, err)

	createValidator := &stakingtypes.MsgCreateValidator{
		Description:       stakingtypes.NewDescription("rogue", "", "", "", ""),
		Commission:        stakingtypes.NewCommissionRates(sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()),
		MinSelfDelegation: sdkmath.OneInt(), ValidatorAddress: sdk.ValAddress(user).String(), Pubkey: pk, Value: power(1),
	}
	delegate := stakingtypes.NewMsgDelegate(user.String(), val0, power(1))
	operatorDelegate := stakingtypes.NewMsgDelegate(operator.String(), val1, power(1))
	undelegate := stakingtypes.NewMsgUndelegate(operator.String(), val0, power(1))
	redelegate := stakingtypes.NewMsgBeginRedelegate(operator.String(), val0, val1, power(1))
	cancel := stakingtypes.NewMsgCancelUnbondingDelegation(operator.String(), val0, 10, power(1))
	rotate, err := stakingtypes.NewMsgRotateConsPubKey(val0, ed25519.GenPrivKey().PubKey())
	require.NoError(t, err)
	legacyProposal, err := govv1beta1.NewMsgSubmitProposal(govv1beta1.NewTextProposal("t", "d"), nil, user)
	require.NoError(t, err)

	deep := sdk.Msg(delegate)
	for range 7 {
		deep = exec(t, otherUser, deep)
	}

	cases := []struct {
		name string
		msgs []sdk.Msg
		want error // nil: passes
	}{
		{"a user creating a validator is refused", []sdk.Msg{createValidator}, types.ErrStakingMsgNotAllowed},
		{"a user delegating is refused", []sdk.Msg{delegate}, types.ErrStakingMsgNotAllowed},
		{"an operator delegating to another validator is refused", []sdk.Msg{operatorDelegate}, types.ErrStakingMsgNotAllowed},
		{"undelegating is refused", []sdk.Msg{undelegate}, types.ErrStakingMsgNotAllowed},
		{"redelegating is refused", []sdk.Msg{redelegate}, types.ErrStakingMsgNotAllowed},
		{"cancelling an unbonding is refused", []sdk.Msg{cancel}, types.ErrStakingMsgNotAllowed},
		{"a delegation nested in authz MsgExec is refused", []sdk.Msg{exec(t, otherUser, delegate)}, types.ErrStakingMsgNotAllowed},
		{"a create-validator nested two levels deep is refused", []sdk.Msg{exec(t, otherUser, exec(t, user, createValidator))}, types.ErrStakingMsgNotAllowed},
		{"a staking message after an innocent one is refused", []sdk.Msg{banktypes.NewMsgSend(user, otherUser, sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 1))), undelegate}, types.ErrStakingMsgNotAllowed},
		{"MsgExec nested beyond the limit is refused", []sdk.Msg{deep}, types.ErrNestedMsgTooDeep},
		{"a proposal from a non-operator is refused", []sdk.Msg{proposal(t, user)}, types.ErrProposerNotValidator},
		{"a legacy v1beta1 proposal from a non-operator is refused", []sdk.Msg{legacyProposal}, types.ErrProposerNotValidator},
		{"a non-operator's proposal nested in MsgExec is refused", []sdk.Msg{exec(t, operator, proposal(t, user))}, types.ErrProposerNotValidator},
		{"a proposal from an active operator passes", []sdk.Msg{proposal(t, operator)}, nil},
		{"an operator's proposal executed by a grantee passes", []sdk.Msg{exec(t, user, proposal(t, operator))}, nil},
		{"an operator editing its description passes", []sdk.Msg{stakingtypes.NewMsgEditValidator(val0, stakingtypes.NewDescription("ministry of health", "", "", "", ""), nil, nil)}, nil},
		{"an operator rotating its consensus key passes (x/staking checks the signer and the key)", []sdk.Msg{rotate}, nil},
		{"a consensus-key rotation executed by a grantee passes", []sdk.Msg{exec(t, user, rotate)}, nil},
		{"a bank send passes the gate (bank rules still apply)", []sdk.Msg{banktypes.NewMsgSend(user, otherUser, sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 1)))}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := runDecorator(t, f, f.Ctx(), tc.msgs...)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func TestGenesisTransactionsPass(t *testing.T) {
	f := apptest.Setup(t, 1, 1)
	pk, err := codectypes.NewAnyWithValue(ed25519.GenPrivKey().PubKey())
	require.NoError(t, err)
	user := f.Users[0].Address
	gentx := &stakingtypes.MsgCreateValidator{
		Description:       stakingtypes.NewDescription("genesis", "", "", "", ""),
		Commission:        stakingtypes.NewCommissionRates(sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()),
		MinSelfDelegation: sdkmath.OneInt(), ValidatorAddress: sdk.ValAddress(user).String(), Pubkey: pk, Value: power(1),
	}
	genesisCtx := f.Ctx().WithBlockHeight(0)
	require.NoError(t, runDecorator(t, f, genesisCtx, gentx), "gentxs at height 0 create the first validators")
	require.ErrorIs(t, runDecorator(t, f, f.Ctx().WithBlockHeight(1), gentx), types.ErrStakingMsgNotAllowed, "from block 1 on the gate is shut")
}

func TestProposalFromJailedOperatorIsRefused(t *testing.T) {
	f := apptest.Setup(t, 2, 0)
	ctx := f.Ctx()
	operator := f.Operators[1].Address
	consAddr, err := mustValidator(t, f, ctx, operator).GetConsAddr()
	require.NoError(t, err)
	require.NoError(t, f.App.StakingKeeper.Jail(ctx, consAddr))
	require.ErrorIs(t, runDecorator(t, f, ctx, proposal(t, operator)), types.ErrProposerNotValidator)
}

func mustValidator(t *testing.T, f *apptest.Fixture, ctx sdk.Context, operator sdk.AccAddress) stakingtypes.Validator {
	t.Helper()
	v, err := f.App.StakingKeeper.GetValidator(ctx, sdk.ValAddress(operator))
	require.NoError(t, err)
	return v
}
