// Package params holds the chain's fixed names: address prefixes and denoms.
// They are constants of the network, not governance parameters.
package params

import (
	"os"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	// AppName is the name the application reports over ABCI.
	AppName = "ndi"

	// Bech32PrefixAccAddr is the account address prefix (ndi1...).
	Bech32PrefixAccAddr = "ndi"
	// Bech32PrefixAccPub is the account public key prefix.
	Bech32PrefixAccPub = Bech32PrefixAccAddr + "pub"
	// Bech32PrefixValAddr is the validator operator address prefix.
	Bech32PrefixValAddr = Bech32PrefixAccAddr + "valoper"
	// Bech32PrefixValPub is the validator operator public key prefix.
	Bech32PrefixValPub = Bech32PrefixAccAddr + "valoperpub"
	// Bech32PrefixConsAddr is the consensus node address prefix.
	Bech32PrefixConsAddr = Bech32PrefixAccAddr + "valcons"
	// Bech32PrefixConsPub is the consensus node public key prefix.
	Bech32PrefixConsPub = Bech32PrefixAccAddr + "valconspub"

	// FeeDenom is the transferable denom that pays for gas.
	FeeDenom = "undi"
	// BondDenom is the staking denom. Only x/poa mints or burns it and bank
	// refuses to send it, so validator power follows governance, not money.
	BondDenom = "upower"
)

// SetAddressPrefixes writes the ndi prefixes into the SDK's process-wide
// config. The SDK still reads that config in a few places (CLI, genesis
// helpers, and every account address it renders), so the binary and tests
// call this once before anything else.
//
// It first names the config's scope (COSMOS_SDK_CONFIG_SCOPE) unless the
// environment already does: without a name, every sdk.GetConfig call
// derives one from os.Executable and os.Hostname — a readlink and a file
// read per call, several times per transaction (BaseAccount.GetAddress),
// about 6% of a DID create's cost in BenchmarkDidCreateTx. The scope only
// keys the SDK's registry of configs; one process still has one config.
func SetAddressPrefixes() {
	if os.Getenv(sdk.EnvConfigScope) == "" {
		if err := os.Setenv(sdk.EnvConfigScope, AppName); err != nil {
			panic(err)
		}
	}
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount(Bech32PrefixAccAddr, Bech32PrefixAccPub)
	cfg.SetBech32PrefixForValidator(Bech32PrefixValAddr, Bech32PrefixValPub)
	cfg.SetBech32PrefixForConsensusNode(Bech32PrefixConsAddr, Bech32PrefixConsPub)
}
