package poa_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/network"
	"github.com/ndi-chain/ndi/x/poa/types"
)

// One in-process network serves every scenario: the SDK allows one per
// process, and starting it is the slow part.
func TestPermissionedValidatorSetOverRealTransactions(t *testing.T) {
	n := network.New(t, network.Options{Validators: 4, VotingPeriod: 6 * time.Second})
	val0, val1 := n.Validators[0], n.Validators[1]
	valAddr1 := sdk.ValAddress(val1.Address).String()
	power := func(p int64) sdk.Coin {
		return sdk.NewCoin(params.BondDenom, sdk.DefaultPowerReduction.MulRaw(p))
	}

	t.Run("an operator delegating is refused at CheckTx", func(t *testing.T) {
		res := network.Broadcast(t, n, val0, stakingtypes.NewMsgDelegate(val0.Address.String(), valAddr1, power(1)))
		require.Equal(t, types.ModuleName, res.Codespace)
		require.Equal(t, types.ErrStakingMsgNotAllowed.ABCICode(), res.Code)
	})

	t.Run("an undelegation wrapped in authz MsgExec is refused", func(t *testing.T) {
		inner := stakingtypes.NewMsgUndelegate(val1.Address.String(), valAddr1, power(1))
		exec := authz.NewMsgExec(val0.Address, []sdk.Msg{inner})
		res := network.Broadcast(t, n, val0, &exec)
		require.Equal(t, types.ModuleName, res.Codespace)
		require.Equal(t, types.ErrStakingMsgNotAllowed.ABCICode(), res.Code)
	})

	t.Run("sending upower is refused by bank", func(t *testing.T) {
		// Validators hold unbonded upower from genesis; it must stay put.
		res := network.Broadcast(t, n, val0, banktypes.NewMsgSend(val0.Address, val1.Address, sdk.NewCoins(power(1))))
		require.Equal(t, banktypes.ModuleName, res.Codespace)
		require.Equal(t, banktypes.ErrSendDisabled.ABCICode(), res.Code)
	})

	t.Run("sending undi still works", func(t *testing.T) {
		res := network.Broadcast(t, n, val0, banktypes.NewMsgSend(val0.Address, val1.Address, sdk.NewCoins(sdk.NewInt64Coin(params.FeeDenom, 5))))
		require.Zero(t, res.Code, res.RawLog)
	})

	t.Run("a governance proposal from a validator operator passes and re-weights a validator", func(t *testing.T) {
		gov := authtypes.NewModuleAddress("gov").String()
		network.PassProposal(t, n, "raise node1", "node1 takes on the health ministry's load",
			&types.MsgSetValidatorPower{Authority: gov, Operator: val1.Address.String(), Power: 120})

		poaQuery := types.NewQueryClient(val0.ClientCtx)
		resp, err := poaQuery.Validators(context.Background(), &types.QueryValidatorsRequest{})
		require.NoError(t, err)
		var got int64
		for _, v := range resp.Validators {
			if v.Operator == valAddr1 {
				got = v.Power
			}
		}
		require.Equal(t, int64(120), got)
		require.Equal(t, int64(420), resp.TotalPower)
	})

	t.Run("a proposal from an account that operates no validator is refused", func(t *testing.T) {
		// A proposal signed by val0 but naming an outsider as proposer, routed
		// through authz MsgExec as a grantee would: the gate reads the
		// proposer inside the MsgExec and refuses before any grant lookup.
		outsider := sdk.AccAddress("outsider-address-20b")
		proposal, err := govv1.NewMsgSubmitProposal(nil,
			sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(10_000_000))),
			outsider.String(), "", "t", "s", false)
		require.NoError(t, err)
		exec := authz.NewMsgExec(val0.Address, []sdk.Msg{proposal})
		res := network.Broadcast(t, n, val0, &exec)
		require.Equal(t, types.ModuleName, res.Codespace)
		require.Equal(t, types.ErrProposerNotValidator.ABCICode(), res.Code)
	})
}
