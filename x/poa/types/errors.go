package types

import errorsmod "cosmossdk.io/errors"

// x/poa errors. Codes are stable: clients match on them.
var (
	ErrUnauthorized         = errorsmod.Register(ModuleName, 2, "signer is not the x/poa authority")
	ErrInvalidPower         = errorsmod.Register(ModuleName, 3, "invalid validator power")
	ErrValidatorExists      = errorsmod.Register(ModuleName, 4, "validator already exists")
	ErrUnknownValidator     = errorsmod.Register(ModuleName, 5, "unknown validator")
	ErrPowerChangeTooLarge  = errorsmod.Register(ModuleName, 6, "power change exceeds the per-block bound")
	ErrInvalidParams        = errorsmod.Register(ModuleName, 7, "invalid x/poa params")
	ErrStakingMsgNotAllowed = errorsmod.Register(ModuleName, 8, "staking message not allowed: the validator set is decided by governance")
	ErrProposerNotValidator = errorsmod.Register(ModuleName, 9, "only active validator operators may submit governance proposals")
	ErrInvalidAddress       = errorsmod.Register(ModuleName, 10, "invalid address")
	ErrInvalidConsensusKey  = errorsmod.Register(ModuleName, 11, "invalid consensus public key")
	ErrNestedMsgTooDeep     = errorsmod.Register(ModuleName, 12, "authz messages nested too deeply")
	ErrInvalidMoniker       = errorsmod.Register(ModuleName, 13, "invalid moniker")
)
