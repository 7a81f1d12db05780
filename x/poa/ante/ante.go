// Package ante holds the x/poa ante decorator: the gate that keeps the
// validator set and governance in the hands of the governed validator set.
package ante

import (
	"context"
	"errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"cosmossdk.io/core/address"

	"github.com/ndi-chain/ndi/x/poa/types"
)

// maxExecDepth bounds how deeply authz MsgExec may nest before the
// decorator refuses to look further (and refuses the tx).
const maxExecDepth = 6

// StakingKeeper is what the decorator reads from x/staking.
type StakingKeeper interface {
	GetValidator(ctx context.Context, addr sdk.ValAddress) (stakingtypes.Validator, error)
}

// PermissionedValidatorsDecorator refuses, outside genesis:
//   - staking messages that move stake or create validators (only x/poa,
//     driven by governance, does that);
//   - governance proposals whose proposer is not the operator of a bonded,
//     unjailed validator;
//
// looking inside authz MsgExec as well, so a grant cannot route around it.
//
// MsgEditValidator, MsgUnjail and MsgRotateConsPubKey pass on purpose: none
// moves power between institutions, and a rotation is charged in undi and
// counted against the per-block power bound by the app (app/keyrotation.go).
type PermissionedValidatorsDecorator struct {
	addressCodec address.Codec
	staking      StakingKeeper
}

// NewPermissionedValidatorsDecorator returns the decorator; ac decodes
// account addresses.
func NewPermissionedValidatorsDecorator(ac address.Codec, sk StakingKeeper) PermissionedValidatorsDecorator {
	return PermissionedValidatorsDecorator{addressCodec: ac, staking: sk}
}

// AnteHandle implements sdk.AnteDecorator.
func (d PermissionedValidatorsDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	// Genesis transactions (gentxs) are delivered during InitChain, at
	// height 0; they are how the first validators come to exist.
	if ctx.BlockHeight() == 0 {
		return next(ctx, tx, simulate)
	}
	for _, msg := range tx.GetMsgs() {
		if err := d.check(ctx, msg, 0); err != nil {
			return ctx, err
		}
	}
	return next(ctx, tx, simulate)
}

func (d PermissionedValidatorsDecorator) check(ctx sdk.Context, msg sdk.Msg, depth int) error {
	switch m := msg.(type) {
	case *stakingtypes.MsgCreateValidator, *stakingtypes.MsgDelegate, *stakingtypes.MsgUndelegate,
		*stakingtypes.MsgBeginRedelegate, *stakingtypes.MsgCancelUnbondingDelegation:
		return types.ErrStakingMsgNotAllowed.Wrapf("%s is refused; validators are added and re-weighted by governance through x/poa", sdk.MsgTypeURL(msg))
	case *govv1.MsgSubmitProposal:
		return d.checkProposer(ctx, m.Proposer)
	case *govv1beta1.MsgSubmitProposal:
		return d.checkProposer(ctx, m.Proposer)
	case *authz.MsgExec:
		if depth >= maxExecDepth {
			return types.ErrNestedMsgTooDeep.Wrapf("MsgExec nested more than %d levels", maxExecDepth)
		}
		inner, err := m.GetMessages()
		if err != nil {
			return err
		}
		for _, im := range inner {
			if err := d.check(ctx, im, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d PermissionedValidatorsDecorator) checkProposer(ctx sdk.Context, proposer string) error {
	// An account operates a validator when the validator's operator address
	// is the same bytes as the account address.
	bz, err := d.addressCodec.StringToBytes(proposer)
	if err != nil {
		return types.ErrInvalidAddress.Wrapf("proposer %q: %s", proposer, err)
	}
	v, err := d.staking.GetValidator(ctx, sdk.ValAddress(bz))
	if errors.Is(err, stakingtypes.ErrNoValidatorFound) {
		return types.ErrProposerNotValidator.Wrapf("%s operates no validator", proposer)
	} else if err != nil {
		return err
	}
	if v.Jailed {
		return types.ErrProposerNotValidator.Wrapf("%s operates validator %s, which is jailed", proposer, v.OperatorAddress)
	}
	if !v.IsBonded() {
		return types.ErrProposerNotValidator.Wrapf("%s operates validator %s, which is %s", proposer, v.OperatorAddress, v.Status)
	}
	return nil
}
