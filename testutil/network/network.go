// Package network starts in-process NDI networks on the SDK's
// testutil/network, for integration tests that broadcast real transactions
// and query over real gRPC and REST.
package network

import (
	"crypto/sha256"
	"fmt"
	"net"
	"testing"
	"time"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/go-bip39"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"

	pruningtypes "github.com/cosmos/cosmos-sdk/store/v2/pruning/types"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/app/params"
)

// maxValidators bounds Options.Validators.
const maxValidators = 8

// operatorMnemonic returns the fixed mnemonic of validator i's operator, so
// its account can be funded with undi in genesis before the network exists.
func operatorMnemonic(t testing.TB, i int) string {
	t.Helper()
	entropy := sha256.Sum256([]byte(fmt.Sprintf("ndi test network operator %d", i)))
	m, err := bip39.NewMnemonic(entropy[:])
	require.NoError(t, err)
	return m
}

// FeeTokens is each validator operator's genesis undi balance.
const FeeTokens = 1_000_000_000_000

// Options adjust a test network.
type Options struct {
	Validators   int           // default 4, at most maxValidators
	VotingPeriod time.Duration // default 10s
}

// DefaultConfig returns an SDK network config running the NDI app: upower
// bonds, operators hold undi for fees, and API, RPC and gRPC listen on
// 127.0.0.1.
func DefaultConfig(t testing.TB, opts Options) sdknetwork.Config {
	t.Helper()
	params.SetAddressPrefixes()
	if opts.Validators == 0 {
		opts.Validators = 4
	}
	if opts.VotingPeriod == 0 {
		opts.VotingPeriod = 10 * time.Second
	}
	require.LessOrEqual(t, opts.Validators, maxValidators)
	mnemonics := make([]string, opts.Validators)
	for i := range mnemonics {
		mnemonics[i] = operatorMnemonic(t, i)
	}

	enc := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, noOptions{})
	cdc := enc.AppCodec()
	genesis := app.WithVotingPeriod(cdc, enc.DefaultGenesis(), opts.VotingPeriod)

	var bankGen banktypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[banktypes.ModuleName], &bankGen)
	for _, m := range mnemonics {
		addr := operatorAddress(t, m)
		bankGen.Balances = append(bankGen.Balances, banktypes.Balance{
			Address: addr.String(),
			Coins:   sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(FeeTokens))),
		})
	}
	genesis[banktypes.ModuleName] = cdc.MustMarshalJSON(&bankGen)

	cfg := sdknetwork.DefaultConfig(func() sdknetwork.TestFixture {
		return sdknetwork.TestFixture{
			AppConstructor: nil,
			GenesisState:   genesis,
		}
	})
	cfg.Codec = cdc
	cfg.TxConfig = enc.TxConfig()
	cfg.LegacyAmino = enc.LegacyAmino()
	cfg.InterfaceRegistry = enc.InterfaceRegistry()
	cfg.AccountRetriever = authtypes.AccountRetriever{}
	cfg.ChainID = "ndi-itest-1"
	cfg.NumValidators = opts.Validators
	cfg.Mnemonics = mnemonics
	cfg.BondDenom = params.BondDenom
	cfg.MinGasPrices = "0.001" + params.FeeDenom
	cfg.TimeoutCommit = 500 * time.Millisecond
	cfg.APIAddress = "tcp://" + freeAddr(t)
	cfg.RPCAddress = "tcp://" + freeAddr(t)
	cfg.GRPCAddress = freeAddr(t)
	chainID := cfg.ChainID
	cfg.AppConstructor = func(val sdknetwork.ValidatorI) servertypes.Application {
		return app.New(val.GetCtx().Logger, dbm.NewMemDB(), true, noOptions{},
			baseapp.SetPruning(pruningtypes.NewPruningOptionsFromString(val.GetAppConfig().Pruning)),
			baseapp.SetMinGasPrices(val.GetAppConfig().MinGasPrices),
			baseapp.SetChainID(chainID),
		)
	}
	return cfg
}

// New starts a network and stops it when the test ends.
func New(t testing.TB, opts Options) *sdknetwork.Network {
	t.Helper()
	cfg := DefaultConfig(t, opts)
	n, err := sdknetwork.New(t, t.TempDir(), cfg)
	require.NoError(t, err)
	t.Cleanup(n.Cleanup)
	_, err = n.WaitForHeight(2)
	require.NoError(t, err)
	return n
}

func operatorAddress(t testing.TB, mnemonic string) sdk.AccAddress {
	t.Helper()
	derived, err := hd.Secp256k1.Derive()(mnemonic, keyring.DefaultBIP39Passphrase, sdk.GetConfig().GetFullBIP44Path())
	require.NoError(t, err)
	return sdk.AccAddress(hd.Secp256k1.Generate()(derived).PubKey().Address())
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return fmt.Sprintf("127.0.0.1:%d", l.Addr().(*net.TCPAddr).Port)
}

type noOptions struct{}

func (noOptions) Get(string) any { return nil }
