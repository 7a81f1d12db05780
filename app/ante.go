package app

import (
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"

	poaante "github.com/ndi-chain/ndi/x/poa/ante"
)

// HandlerOptions are what the NDI ante handler needs beyond the SDK's.
type HandlerOptions struct {
	ante.HandlerOptions
	StakingKeeper poaante.StakingKeeper
	// sigCache holds the account signatures already verified (see
	// sigCache); nil gives the handler a cache of its own.
	sigCache *sigCache
}

// NewAnteHandler is the SDK's standard ante chain with the x/poa gate placed
// right after context setup, so a refused staking message or proposal fails
// before any fee is charged or signature checked. Account signatures are
// verified through a bounded cache, so a transaction verified in CheckTx is
// not verified again in FinalizeBlock (cachedSigVerificationDecorator).
func NewAnteHandler(options HandlerOptions) (sdk.AnteHandler, error) {
	if options.AccountKeeper == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "account keeper is required for the ante handler")
	}
	if options.BankKeeper == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "bank keeper is required for the ante handler")
	}
	if options.SignModeHandler == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "sign mode handler is required for the ante handler")
	}
	if options.StakingKeeper == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "staking keeper is required for the ante handler")
	}

	cache := options.sigCache
	if cache == nil {
		cache = newSigCache(DefaultSigCacheSize)
	}
	decorators := []sdk.AnteDecorator{
		ante.NewSetUpContextDecorator(),
		poaante.NewPermissionedValidatorsDecorator(options.AccountKeeper.AddressCodec(), options.StakingKeeper),
		ante.NewExtensionOptionsDecorator(options.ExtensionOptionChecker),
		ante.NewValidateBasicDecorator(),
		ante.NewTxTimeoutHeightDecorator(),
		ante.NewValidateMemoDecorator(options.AccountKeeper),
		ante.NewConsumeGasForTxSizeDecorator(options.AccountKeeper),
		ante.NewDeductFeeDecorator(options.AccountKeeper, options.BankKeeper, options.FeegrantKeeper, options.TxFeeChecker),
		ante.NewSetPubKeyDecorator(options.AccountKeeper),
		ante.NewValidateSigCountDecorator(options.AccountKeeper),
		ante.NewSigGasConsumeDecorator(options.AccountKeeper, options.SigGasConsumer),
		newCachedSigVerificationDecorator(options.AccountKeeper, options.SignModeHandler, cache, options.SigVerifyOptions...),
		ante.NewIncrementSequenceDecorator(options.AccountKeeper),
	}
	return sdk.ChainAnteDecorators(decorators...), nil
}
