package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/x/poa/keeper"
	"github.com/ndi-chain/ndi/x/poa/types"
)

func addValidatorMsg(t *testing.T, authority string, operator sdk.AccAddress, power int64) *types.MsgAddValidator {
	t.Helper()
	pk, err := codectypes.NewAnyWithValue(ed25519.GenPrivKey().PubKey())
	require.NoError(t, err)
	return &types.MsgAddValidator{
		Authority: authority, Operator: operator.String(), ConsensusPubkey: pk, Moniker: "ministry", Power: power,
	}
}

func newOperator() sdk.AccAddress {
	return sdk.AccAddress(secp256k1.GenPrivKey().PubKey().Address())
}

func TestAddValidatorMintsPowerAndBondsIt(t *testing.T) {
	f := apptest.Setup(t, 4, 0)
	ctx := f.Ctx()
	srv := keeper.NewMsgServerImpl(f.App.PoaKeeper)
	op := newOperator()
	supplyBefore := f.App.BankKeeper.GetSupply(ctx, params.BondDenom).Amount

	_, err := srv.AddValidator(ctx, addValidatorMsg(t, f.GovAddress, op, 50))
	require.NoError(t, err)

	v, err := f.App.StakingKeeper.GetValidator(ctx, sdk.ValAddress(op))
	require.NoError(t, err)
	require.Equal(t, int64(50), v.PotentialConsensusPower(sdk.DefaultPowerReduction))
	require.Equal(t, "ministry", v.Description.Moniker)
	require.Equal(t, supplyBefore.Add(sdk.DefaultPowerReduction.MulRaw(50)), f.App.BankKeeper.GetSupply(ctx, params.BondDenom).Amount)
	require.True(t, f.App.BankKeeper.GetBalance(ctx, op, params.BondDenom).IsZero(), "all minted power is bonded")

	updates, err := f.App.StakingKeeper.EndBlocker(ctx)
	require.NoError(t, err)
	require.Len(t, updates, 1)
	require.Equal(t, int64(50), updates[0].Power)
}

func TestRemoveValidatorBurnsItsPowerAndDropsIt(t *testing.T) {
	f := apptest.Setup(t, 4, 0)
	ctx := f.Ctx()
	srv := keeper.NewMsgServerImpl(f.App.PoaKeeper)
	op := f.Operators[3].Address
	supplyBefore := f.App.BankKeeper.GetSupply(ctx, params.BondDenom).Amount

	_, err := srv.RemoveValidator(ctx, &types.MsgRemoveValidator{Authority: f.GovAddress, Operator: op.String()})
	require.NoError(t, err)

	require.Equal(t, supplyBefore.Sub(sdk.DefaultPowerReduction.MulRaw(apptest.ValidatorPower)),
		f.App.BankKeeper.GetSupply(ctx, params.BondDenom).Amount, "removed power is burned, not returned")
	require.True(t, f.App.BankKeeper.GetBalance(ctx, op, params.BondDenom).IsZero())
	updates, err := f.App.StakingKeeper.EndBlocker(ctx)
	require.NoError(t, err)
	require.Len(t, updates, 1)
	require.Equal(t, int64(0), updates[0].Power, "the validator leaves the consensus set")
	v, err := f.App.StakingKeeper.GetValidator(ctx, sdk.ValAddress(op))
	require.NoError(t, err)
	require.True(t, v.Jailed)
}

func TestSetValidatorPowerRaisesAndLowers(t *testing.T) {
	f := apptest.Setup(t, 4, 0)
	srv := keeper.NewMsgServerImpl(f.App.PoaKeeper)
	op := f.Operators[0].Address

	ctx := f.Ctx()
	_, err := srv.SetValidatorPower(ctx, &types.MsgSetValidatorPower{Authority: f.GovAddress, Operator: op.String(), Power: 130})
	require.NoError(t, err)
	v, err := f.App.StakingKeeper.GetValidator(ctx, sdk.ValAddress(op))
	require.NoError(t, err)
	require.Equal(t, int64(130), v.PotentialConsensusPower(sdk.DefaultPowerReduction))
	f.NextBlock(t)

	ctx = f.Ctx()
	_, err = srv.SetValidatorPower(ctx, &types.MsgSetValidatorPower{Authority: f.GovAddress, Operator: op.String(), Power: 40})
	require.NoError(t, err)
	v, err = f.App.StakingKeeper.GetValidator(ctx, sdk.ValAddress(op))
	require.NoError(t, err)
	require.Equal(t, int64(40), v.PotentialConsensusPower(sdk.DefaultPowerReduction))
	require.False(t, v.Jailed)
	require.Equal(t, sdk.DefaultPowerReduction.MulRaw(100*3+40), f.App.BankKeeper.GetSupply(ctx, params.BondDenom).Amount)
}

func TestPoaMessagesRefused(t *testing.T) {
	f := apptest.Setup(t, 4, 1)
	srv := keeper.NewMsgServerImpl(f.App.PoaKeeper)
	existing := f.Operators[1].Address
	outsider := f.Users[0].Address.String()

	cases := []struct {
		name string
		run  func(ctx sdk.Context) error
		want error
	}{
		{"add from a non-authority account is refused", func(ctx sdk.Context) error {
			_, err := srv.AddValidator(ctx, addValidatorMsg(t, outsider, newOperator(), 10))
			return err
		}, types.ErrUnauthorized},
		{"remove from a non-authority account is refused", func(ctx sdk.Context) error {
			_, err := srv.RemoveValidator(ctx, &types.MsgRemoveValidator{Authority: outsider, Operator: existing.String()})
			return err
		}, types.ErrUnauthorized},
		{"set power from a non-authority account is refused", func(ctx sdk.Context) error {
			_, err := srv.SetValidatorPower(ctx, &types.MsgSetValidatorPower{Authority: outsider, Operator: existing.String(), Power: 10})
			return err
		}, types.ErrUnauthorized},
		{"params from a non-authority account are refused", func(ctx sdk.Context) error {
			_, err := srv.UpdateParams(ctx, &types.MsgUpdateParams{Authority: outsider, Params: types.DefaultParams()})
			return err
		}, types.ErrUnauthorized},
		{"removing an unknown operator is refused", func(ctx sdk.Context) error {
			_, err := srv.RemoveValidator(ctx, &types.MsgRemoveValidator{Authority: f.GovAddress, Operator: newOperator().String()})
			return err
		}, types.ErrUnknownValidator},
		{"setting power of an unknown operator is refused", func(ctx sdk.Context) error {
			_, err := srv.SetValidatorPower(ctx, &types.MsgSetValidatorPower{Authority: f.GovAddress, Operator: newOperator().String(), Power: 10})
			return err
		}, types.ErrUnknownValidator},
		{"adding an operator that already runs a validator is refused", func(ctx sdk.Context) error {
			_, err := srv.AddValidator(ctx, addValidatorMsg(t, f.GovAddress, existing, 10))
			return err
		}, types.ErrValidatorExists},
		{"adding more than a third of the power in one block is refused", func(ctx sdk.Context) error {
			_, err := srv.AddValidator(ctx, addValidatorMsg(t, f.GovAddress, newOperator(), 134))
			return err
		}, types.ErrPowerChangeTooLarge},
		{"raising a validator by more than the bound is refused", func(ctx sdk.Context) error {
			_, err := srv.SetValidatorPower(ctx, &types.MsgSetValidatorPower{Authority: f.GovAddress, Operator: existing.String(), Power: 100 + 134})
			return err
		}, types.ErrPowerChangeTooLarge},
		{"zero power is refused", func(ctx sdk.Context) error {
			_, err := srv.AddValidator(ctx, addValidatorMsg(t, f.GovAddress, newOperator(), 0))
			return err
		}, types.ErrInvalidPower},
		{"negative power is refused", func(ctx sdk.Context) error {
			_, err := srv.SetValidatorPower(ctx, &types.MsgSetValidatorPower{Authority: f.GovAddress, Operator: existing.String(), Power: -5})
			return err
		}, types.ErrInvalidPower},
		{"power above the maximum is refused", func(ctx sdk.Context) error {
			_, err := srv.AddValidator(ctx, addValidatorMsg(t, f.GovAddress, newOperator(), types.MaxPower+1))
			return err
		}, types.ErrInvalidPower},
		{"a malformed operator address is refused", func(ctx sdk.Context) error {
			msg := addValidatorMsg(t, f.GovAddress, newOperator(), 10)
			msg.Operator = "ndi1notanaddress"
			_, err := srv.AddValidator(ctx, msg)
			return err
		}, types.ErrInvalidAddress},
		{"a missing consensus key is refused", func(ctx sdk.Context) error {
			msg := addValidatorMsg(t, f.GovAddress, newOperator(), 10)
			msg.ConsensusPubkey = nil
			_, err := srv.AddValidator(ctx, msg)
			return err
		}, types.ErrInvalidConsensusKey},
		{"an empty moniker is refused", func(ctx sdk.Context) error {
			msg := addValidatorMsg(t, f.GovAddress, newOperator(), 10)
			msg.Moniker = ""
			_, err := srv.AddValidator(ctx, msg)
			return err
		}, types.ErrInvalidMoniker},
		{"a consensus key another validator uses is refused by x/staking", func(ctx sdk.Context) error {
			v, err := f.App.StakingKeeper.GetValidator(ctx, sdk.ValAddress(existing))
			require.NoError(t, err)
			msg := addValidatorMsg(t, f.GovAddress, newOperator(), 10)
			msg.ConsensusPubkey = v.ConsensusPubkey
			_, err = srv.AddValidator(ctx, msg)
			return err
		}, stakingtypes.ErrValidatorPubKeyExists},
		{"params with a zero bound are refused", func(ctx sdk.Context) error {
			p := types.DefaultParams()
			p.MaxPowerChangePerBlock = p.MaxPowerChangePerBlock.Sub(p.MaxPowerChangePerBlock)
			_, err := srv.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.GovAddress, Params: p})
			return err
		}, types.ErrInvalidParams},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, _ := f.Ctx().CacheContext() // each case starts from the same state
			supply := f.App.BankKeeper.GetSupply(ctx, params.BondDenom)
			vals, err := f.App.StakingKeeper.GetAllValidators(ctx)
			require.NoError(t, err)

			// Like baseapp, run the message on a branch kept only on success.
			msgCtx, write := ctx.CacheContext()
			err = tc.run(msgCtx)
			require.ErrorIs(t, err, tc.want)
			if err == nil {
				write()
			}

			require.Equal(t, supply, f.App.BankKeeper.GetSupply(ctx, params.BondDenom), "a refused message mints or burns nothing")
			after, err := f.App.StakingKeeper.GetAllValidators(ctx)
			require.NoError(t, err)
			require.Len(t, after, len(vals), "a refused message adds no validator")
		})
	}
}

func TestPowerBoundAccumulatesWithinABlock(t *testing.T) {
	f := apptest.Setup(t, 4, 0)
	srv := keeper.NewMsgServerImpl(f.App.PoaKeeper)
	ctx := f.Ctx()
	// Total power 400: a third is 133. Two additions of 60 fit; a third does not.
	_, err := srv.AddValidator(ctx, addValidatorMsg(t, f.GovAddress, newOperator(), 60))
	require.NoError(t, err)
	_, err = srv.AddValidator(ctx, addValidatorMsg(t, f.GovAddress, newOperator(), 60))
	require.NoError(t, err)
	_, err = srv.RemoveValidator(ctx, &types.MsgRemoveValidator{Authority: f.GovAddress, Operator: f.Operators[0].Address.String()})
	require.ErrorIs(t, err, types.ErrPowerChangeTooLarge, "removal counts against the same block's budget")
}

func TestPowerBoundResetsEveryBlock(t *testing.T) {
	f := apptest.Setup(t, 4, 0)
	srv := keeper.NewMsgServerImpl(f.App.PoaKeeper)
	ctx := f.Ctx()
	_, err := srv.AddValidator(ctx, addValidatorMsg(t, f.GovAddress, newOperator(), 130))
	require.NoError(t, err)
	_, err = srv.AddValidator(ctx, addValidatorMsg(t, f.GovAddress, newOperator(), 10))
	require.ErrorIs(t, err, types.ErrPowerChangeTooLarge)

	f.NextBlock(t)
	_, err = srv.AddValidator(f.Ctx(), addValidatorMsg(t, f.GovAddress, newOperator(), 10))
	require.NoError(t, err, "the next block has a fresh budget")
}

func TestValidatorsQueryListsPowers(t *testing.T) {
	f := apptest.Setup(t, 3, 0)
	ctx := f.Ctx()
	q := keeper.NewQueryServerImpl(f.App.PoaKeeper)
	resp, err := q.Validators(ctx, &types.QueryValidatorsRequest{})
	require.NoError(t, err)
	require.Len(t, resp.Validators, 3)
	require.Equal(t, int64(300), resp.TotalPower)
	for _, v := range resp.Validators {
		require.Equal(t, int64(apptest.ValidatorPower), v.Power)
		require.Equal(t, stakingtypes.Bonded.String(), v.Status)
	}
}

func TestGenesisRoundTrip(t *testing.T) {
	f := apptest.Setup(t, 1, 0)
	ctx := f.Ctx()
	p := types.DefaultParams()
	p.MaxPowerChangePerBlock = p.MaxPowerChangePerBlock.QuoInt64(2)
	require.NoError(t, f.App.PoaKeeper.InitGenesis(ctx, &types.GenesisState{Params: p}))
	got, err := f.App.PoaKeeper.ExportGenesis(ctx)
	require.NoError(t, err)
	require.Equal(t, p.MaxPowerChangePerBlock.String(), got.Params.MaxPowerChangePerBlock.String())
	require.ErrorIs(t, f.App.PoaKeeper.InitGenesis(ctx, &types.GenesisState{Params: types.Params{MaxPowerChangePerBlock: p.MaxPowerChangePerBlock.Neg()}}), types.ErrInvalidParams)
}
