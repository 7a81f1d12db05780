package app

import (
	"encoding/json"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app/params"
)

// GenesisState is the app state of a genesis file, one entry per module.
type GenesisState = map[string]json.RawMessage

// NewDefaultGenesisState returns the genesis every new NDI network starts
// from: the modules' defaults with NDI's denoms (see ndiGenesisDefaults).
func NewDefaultGenesisState(cdc codec.JSONCodec, basics module.BasicManager) GenesisState {
	return basics.DefaultGenesis(cdc)
}

// ndiGenesisDefaults wraps a module's basic so its default genesis carries
// NDI's denoms. Wrapping the basics (rather than patching a genesis file
// afterwards) makes `ndid init`, `ndid testnet init-files` and the test
// networks all start from the same state.
type ndiGenesisDefaults struct {
	module.AppModuleBasic
	patch func(cdc codec.JSONCodec, bz json.RawMessage) json.RawMessage
}

// DefaultGenesis returns the wrapped module's default, patched.
func (m ndiGenesisDefaults) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	return m.patch(cdc, m.AppModuleBasic.(module.HasGenesisBasics).DefaultGenesis(cdc))
}

// ValidateGenesis delegates to the wrapped module.
func (m ndiGenesisDefaults) ValidateGenesis(cdc codec.JSONCodec, txCfg client.TxEncodingConfig, bz json.RawMessage) error {
	return m.AppModuleBasic.(module.HasGenesisBasics).ValidateGenesis(cdc, txCfg, bz)
}

// withNDIGenesisDefaults replaces the staking, bank and gov basics so that
// staking bonds upower, bank refuses to send upower, and deposits are paid
// in undi.
func withNDIGenesisDefaults(basics module.BasicManager) {
	basics[stakingtypes.ModuleName] = ndiGenesisDefaults{basics[stakingtypes.ModuleName], func(cdc codec.JSONCodec, bz json.RawMessage) json.RawMessage {
		var gs stakingtypes.GenesisState
		cdc.MustUnmarshalJSON(bz, &gs)
		gs.Params.BondDenom = params.BondDenom
		// x/staking requires the consensus-key rotation fee in the bond denom;
		// NDI charges its amount in undi instead (app/keyrotation.go).
		gs.Params.KeyRotationFee = sdk.NewCoin(params.BondDenom, gs.Params.KeyRotationFee.Amount)
		return cdc.MustMarshalJSON(&gs)
	}}
	basics[banktypes.ModuleName] = ndiGenesisDefaults{basics[banktypes.ModuleName], func(cdc codec.JSONCodec, bz json.RawMessage) json.RawMessage {
		var gs banktypes.GenesisState
		cdc.MustUnmarshalJSON(bz, &gs)
		gs.SendEnabled = upsertSendEnabled(gs.SendEnabled, params.BondDenom, false)
		gs.DenomMetadata = append(gs.DenomMetadata, denomMetadata()...)
		return cdc.MustMarshalJSON(&gs)
	}}
	basics[govtypes.ModuleName] = ndiGenesisDefaults{basics[govtypes.ModuleName], func(cdc codec.JSONCodec, bz json.RawMessage) json.RawMessage {
		var gs govv1.GenesisState
		cdc.MustUnmarshalJSON(bz, &gs)
		gs.Params.MinDeposit = sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(10_000_000)))
		gs.Params.ExpeditedMinDeposit = sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(50_000_000)))
		return cdc.MustMarshalJSON(&gs)
	}}
}

// DefaultBlockMaxGas is the block gas limit of every genesis NDI's tools
// write (consensus params block.max_gas; CometBFT's default, -1, is no
// limit at all). It admits the largest legitimate message — a full
// 65,536-index scattered status-list update over all 1,024 chunks of a
// maximum-size list, about 255 million gas (docs/revocation.md) — with
// room to spare, while bounding the work any block can ask of a validator.
const DefaultBlockMaxGas = 300_000_000

// DefaultConsensusParams are CometBFT's defaults with the block gas limit
// set to DefaultBlockMaxGas.
func DefaultConsensusParams() *cmttypes.ConsensusParams {
	params := cmttypes.DefaultConsensusParams()
	params.Block.MaxGas = DefaultBlockMaxGas
	return params
}

// WithVotingPeriod returns gs with governance voting (and expedited voting)
// shortened, for local networks where a proposal should pass in a minute.
func WithVotingPeriod(cdc codec.JSONCodec, gs GenesisState, voting time.Duration) GenesisState {
	var gov govv1.GenesisState
	cdc.MustUnmarshalJSON(gs[govtypes.ModuleName], &gov)
	expedited := voting / 2
	gov.Params.VotingPeriod = &voting
	gov.Params.ExpeditedVotingPeriod = &expedited
	gs[govtypes.ModuleName] = cdc.MustMarshalJSON(&gov)
	return gs
}

func upsertSendEnabled(entries []banktypes.SendEnabled, denom string, enabled bool) []banktypes.SendEnabled {
	for i := range entries {
		if entries[i].Denom == denom {
			entries[i].Enabled = enabled
			return entries
		}
	}
	return append(entries, banktypes.SendEnabled{Denom: denom, Enabled: enabled})
}

func denomMetadata() []banktypes.Metadata {
	return []banktypes.Metadata{
		{
			Description: "NDI Chain fee token",
			Base:        params.FeeDenom,
			Display:     "ndi",
			Name:        "NDI",
			Symbol:      "NDI",
			DenomUnits: []*banktypes.DenomUnit{
				{Denom: params.FeeDenom, Exponent: 0},
				{Denom: "ndi", Exponent: 6},
			},
		},
		{
			Description: "NDI Chain validator power; minted and burned only by x/poa, never transferable",
			Base:        params.BondDenom,
			Display:     "power",
			Name:        "NDI validator power",
			Symbol:      "POWER",
			DenomUnits: []*banktypes.DenomUnit{
				{Denom: params.BondDenom, Exponent: 0},
				{Denom: "power", Exponent: 6},
			},
		},
	}
}
