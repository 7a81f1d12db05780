// Package apptest starts the real NDI application in memory, with a bonded
// validator set, for keeper and ante tests that need x/staking, x/bank and
// x/poa working together rather than fakes of them.
package apptest

import (
	"encoding/json"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/app/params"
)

// ValidatorPower is the consensus power of each genesis validator.
const ValidatorPower = 100

// FeeTokens is what every genesis account holds in undi.
const FeeTokens = 1_000_000_000_000

// ChainID is the chain id of the in-memory chain.
const ChainID = "ndi-test-1"

// Account is a key and the address it controls.
type Account struct {
	Key     cryptotypes.PrivKey
	Address sdk.AccAddress
}

// Fixture is a running in-memory chain after its first block.
type Fixture struct {
	App        *app.App
	Operators  []Account // operators of the genesis validators, in creation order
	Users      []Account // funded accounts that operate nothing
	GovAddress string
}

// Setup starts a chain with validators genesis validators of ValidatorPower
// each, and users funded accounts, and commits its first block.
func Setup(t testing.TB, validators, users int) *Fixture {
	t.Helper()
	params.SetAddressPrefixes()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, emptyOptions{}, baseapp.SetChainID(ChainID))
	cdc := a.AppCodec()
	f := &Fixture{App: a, GovAddress: authtypes.NewModuleAddress("gov").String()}

	genesis := a.DefaultGenesis()
	var (
		accounts    []authtypes.GenesisAccount
		balances    []banktypes.Balance
		vals        []stakingtypes.Validator
		delegations []stakingtypes.Delegation
	)
	bond := sdk.DefaultPowerReduction.MulRaw(ValidatorPower)
	feeCoins := sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(FeeTokens)))
	for range validators {
		op := newAccount()
		f.Operators = append(f.Operators, op)
		accounts = append(accounts, authtypes.NewBaseAccount(op.Address, nil, 0, 0))
		balances = append(balances, banktypes.Balance{Address: op.Address.String(), Coins: feeCoins})
		pkAny, err := codectypes.NewAnyWithValue(ed25519.GenPrivKey().PubKey())
		require.NoError(t, err)
		valAddr := sdk.ValAddress(op.Address).String()
		vals = append(vals, stakingtypes.Validator{
			OperatorAddress:   valAddr,
			ConsensusPubkey:   pkAny,
			Status:            stakingtypes.Bonded,
			Tokens:            bond,
			DelegatorShares:   sdkmath.LegacyNewDecFromInt(bond),
			Description:       stakingtypes.NewDescription("validator", "", "", "", ""),
			UnbondingTime:     time.Unix(0, 0).UTC(),
			Commission:        stakingtypes.NewCommission(sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()),
			MinSelfDelegation: sdkmath.OneInt(),
		})
		delegations = append(delegations, stakingtypes.NewDelegation(op.Address.String(), valAddr, sdkmath.LegacyNewDecFromInt(bond)))
	}
	for range users {
		u := newAccount()
		f.Users = append(f.Users, u)
		accounts = append(accounts, authtypes.NewBaseAccount(u.Address, nil, 0, 0))
		balances = append(balances, banktypes.Balance{Address: u.Address.String(), Coins: feeCoins})
	}
	balances = append(balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String(),
		Coins:   sdk.NewCoins(sdk.NewCoin(params.BondDenom, bond.MulRaw(int64(validators)))),
	})

	var authGen authtypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[authtypes.ModuleName], &authGen)
	packed, err := authtypes.PackAccounts(accounts)
	require.NoError(t, err)
	authGen.Accounts = packed
	genesis[authtypes.ModuleName] = cdc.MustMarshalJSON(&authGen)

	var stakingGen stakingtypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[stakingtypes.ModuleName], &stakingGen)
	stakingGen.Validators = vals
	stakingGen.Delegations = delegations
	genesis[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&stakingGen)

	var bankGen banktypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[banktypes.ModuleName], &bankGen)
	bankGen.Balances = banktypes.SanitizeGenesisBalances(balances)
	genesis[banktypes.ModuleName] = cdc.MustMarshalJSON(&bankGen)

	stateBytes, err := json.Marshal(genesis)
	require.NoError(t, err)
	_, err = a.InitChain(&abci.RequestInitChain{
		ChainId:         ChainID,
		Time:            time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		ConsensusParams: consensusParams(),
		AppStateBytes:   stateBytes,
		InitialHeight:   1,
	})
	require.NoError(t, err)
	f.NextBlock(t)
	return f
}

// NextBlock finalizes and commits an empty block.
func (f *Fixture) NextBlock(t testing.TB) {
	t.Helper()
	h := f.App.LastBlockHeight() + 1
	_, err := f.App.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: h,
		Time:   time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * 5 * time.Second),
	})
	require.NoError(t, err)
	_, err = f.App.Commit()
	require.NoError(t, err)
}

// Ctx returns a context for the next block, writing straight to the
// committed store so a test sees every change it makes.
func (f *Fixture) Ctx() sdk.Context {
	h := f.App.LastBlockHeight() + 1
	// Uncached on purpose: keeper tests read back what they wrote, and the
	// next NextBlock commits it. NewNextBlockContext would route writes
	// through the finalize state that FinalizeBlock replaces.
	return f.App.NewUncachedContext(false, cmtproto.Header{ //nolint:staticcheck // see above
		ChainID: ChainID,
		Height:  h,
		Time:    time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * 5 * time.Second),
	})
}

func newAccount() Account {
	k := secp256k1.GenPrivKey()
	return Account{Key: k, Address: sdk.AccAddress(k.PubKey().Address())}
}

func consensusParams() *cmtproto.ConsensusParams {
	return &cmtproto.ConsensusParams{
		Block:     &cmtproto.BlockParams{MaxBytes: 22020096, MaxGas: app.DefaultBlockMaxGas},
		Evidence:  &cmtproto.EvidenceParams{MaxAgeNumBlocks: 302400, MaxAgeDuration: 504 * time.Hour, MaxBytes: 1048576},
		Validator: &cmtproto.ValidatorParams{PubKeyTypes: []string{"ed25519"}},
	}
}

type emptyOptions struct{}

func (emptyOptions) Get(string) any { return nil }
