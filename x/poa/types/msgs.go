package types

import (
	"cosmossdk.io/core/address"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// MaxPower bounds a single validator's power so power × reduction stays far
// inside int64 and sdk.Int arithmetic never saturates.
const MaxPower int64 = 1 << 40

var (
	_ sdk.Msg                            = (*MsgAddValidator)(nil)
	_ sdk.Msg                            = (*MsgRemoveValidator)(nil)
	_ sdk.Msg                            = (*MsgSetValidatorPower)(nil)
	_ sdk.Msg                            = (*MsgUpdateParams)(nil)
	_ codectypes.UnpackInterfacesMessage = (*MsgAddValidator)(nil)
)

// UnpackInterfaces lets the codec resolve the consensus key Any.
func (m *MsgAddValidator) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	var pk cryptotypes.PubKey
	return unpacker.UnpackAny(m.ConsensusPubkey, &pk)
}

// ValidatePower checks a requested validator power.
func ValidatePower(power int64) error {
	if power <= 0 || power > MaxPower {
		return ErrInvalidPower.Wrapf("power must be in [1, %d], got %d", MaxPower, power)
	}
	return nil
}

// ValidateBasic checks the message without reading state.
func (m *MsgAddValidator) ValidateBasic(ac address.Codec) error {
	if _, err := ac.StringToBytes(m.Operator); err != nil {
		return ErrInvalidAddress.Wrapf("operator %q: %s", m.Operator, err)
	}
	if m.ConsensusPubkey == nil {
		return ErrInvalidConsensusKey.Wrap("consensus_pubkey is required")
	}
	if _, ok := m.ConsensusPubkey.GetCachedValue().(cryptotypes.PubKey); !ok {
		return ErrInvalidConsensusKey.Wrapf("consensus_pubkey must be a public key, got %s", m.ConsensusPubkey.TypeUrl)
	}
	if m.Moniker == "" || len(m.Moniker) > stakingtypes.MaxMonikerLength {
		return ErrInvalidMoniker.Wrapf("moniker must be 1 to %d bytes, got %d", stakingtypes.MaxMonikerLength, len(m.Moniker))
	}
	return ValidatePower(m.Power)
}

// ValidateBasic checks the message without reading state.
func (m *MsgRemoveValidator) ValidateBasic(ac address.Codec) error {
	if _, err := ac.StringToBytes(m.Operator); err != nil {
		return ErrInvalidAddress.Wrapf("operator %q: %s", m.Operator, err)
	}
	return nil
}

// ValidateBasic checks the message without reading state.
func (m *MsgSetValidatorPower) ValidateBasic(ac address.Codec) error {
	if _, err := ac.StringToBytes(m.Operator); err != nil {
		return ErrInvalidAddress.Wrapf("operator %q: %s", m.Operator, err)
	}
	return ValidatePower(m.Power)
}
