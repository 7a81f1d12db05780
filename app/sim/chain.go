package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"

	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/app/params"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

const (
	// ChainID is the chain id of every simulated chain. DID signatures bind it.
	ChainID = "ndi-sim-1"
	// BlockInterval is the time between two simulated blocks.
	BlockInterval = 5 * time.Second

	validatorPower = 100
	feeTokens      = 1_000_000_000_000
)

// GenesisTime is the genesis time of every simulated chain; block h is at
// GenesisTime + h·BlockInterval, so block times depend only on the height.
var GenesisTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// BlockTime returns the time of block h.
func BlockTime(h int64) time.Time { return GenesisTime.Add(time.Duration(h) * BlockInterval) }

// account is a funded account that submits transactions.
type account struct {
	key      *secp256k1.PrivKey
	addr     sdk.AccAddress
	num, seq uint64
}

// NewApp returns a fresh NDI application on an in-memory database.
func NewApp() *app.App {
	params.SetAddressPrefixes()
	return app.New(log.NewNopLogger(), dbm.NewMemDB(), true, emptyOptions{}, baseapp.SetChainID(ChainID))
}

type emptyOptions struct{}

func (emptyOptions) Get(string) any { return nil }

// consensusParams are the consensus parameters of a new simulated chain.
func consensusParams() *cmtproto.ConsensusParams {
	return &cmtproto.ConsensusParams{
		Block:     &cmtproto.BlockParams{MaxBytes: 22020096, MaxGas: -1},
		Evidence:  &cmtproto.EvidenceParams{MaxAgeNumBlocks: 302400, MaxAgeDuration: 504 * time.Hour, MaxBytes: 1048576},
		Validator: &cmtproto.ValidatorParams{PubKeyTypes: []string{"ed25519"}},
	}
}

// genesisSpec is what the generator puts into genesis besides the module
// defaults: validators, funded submitters, and trust-anchor DIDs (trust
// anchors belong to governance, so the run starts with some registered).
type genesisSpec struct {
	// operators operate the genesis validators; they vote on proposals.
	operators  []*account
	submitters []*account
	anchors    []*identity
	anchorDefs []accreditationtypes.TrustAnchor
}

// buildGenesis returns the app state of a new chain: the approach of
// testutil/apptest, with every key drawn from r so that a seed fixes the
// genesis too.
func buildGenesis(a *app.App, r *rng, spec genesisSpec) ([]byte, error) {
	cdc := a.AppCodec()
	genesis := a.DefaultGenesis()
	var (
		accounts    []authtypes.GenesisAccount
		balances    []banktypes.Balance
		vals        []stakingtypes.Validator
		delegations []stakingtypes.Delegation
	)
	bond := sdk.DefaultPowerReduction.MulRaw(validatorPower)
	feeCoins := sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(feeTokens)))
	for _, op := range spec.operators {
		opAddr := op.addr
		accounts = append(accounts, authtypes.NewBaseAccount(opAddr, nil, 0, 0))
		balances = append(balances, banktypes.Balance{Address: opAddr.String(), Coins: feeCoins})
		pkAny, err := codectypes.NewAnyWithValue(ed25519.GenPrivKeyFromSecret(r.bytes(32)).PubKey())
		if err != nil {
			return nil, err
		}
		valAddr := sdk.ValAddress(opAddr).String()
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
		delegations = append(delegations, stakingtypes.NewDelegation(opAddr.String(), valAddr, sdkmath.LegacyNewDecFromInt(bond)))
	}
	for _, s := range spec.submitters {
		accounts = append(accounts, authtypes.NewBaseAccount(s.addr, nil, 0, 0))
		balances = append(balances, banktypes.Balance{Address: s.addr.String(), Coins: feeCoins})
	}
	balances = append(balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String(),
		Coins:   sdk.NewCoins(sdk.NewCoin(params.BondDenom, bond.MulRaw(int64(len(spec.operators))))),
	})

	var authGen authtypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[authtypes.ModuleName], &authGen)
	packed, err := authtypes.PackAccounts(accounts)
	if err != nil {
		return nil, err
	}
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

	// The trust anchors' DIDs, each with one version written at genesis.
	var didGen didtypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[didtypes.ModuleName], &didGen)
	for _, id := range spec.anchors {
		didGen.Dids = append(didGen.Dids, didtypes.GenesisDid{Id: id.did, Versions: []didtypes.DidVersion{{
			Document:  id.genesisDoc,
			VersionId: fmt.Sprintf("%x", r.bytes(16)),
			Time:      GenesisTime,
		}}})
	}
	genesis[didtypes.ModuleName] = cdc.MustMarshalJSON(&didGen)

	var accGen accreditationtypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[accreditationtypes.ModuleName], &accGen)
	for _, def := range spec.anchorDefs {
		accGen.TrustAnchors = append(accGen.TrustAnchors, accreditationtypes.GenesisTrustAnchor{
			Did: def.Did, Versions: []accreditationtypes.TrustAnchorVersion{{Anchor: def, Time: GenesisTime}},
		})
	}
	genesis[accreditationtypes.ModuleName] = cdc.MustMarshalJSON(&accGen)

	// Governance decides in three blocks, so anchor proposals pass within a run.
	genesis = app.WithVotingPeriod(cdc, genesis, 3*BlockInterval)
	return json.Marshal(genesis)
}

// initChain starts a on appState and commits its first, empty block.
func initChain(a *app.App, appState []byte) error {
	if _, err := a.InitChain(&abci.RequestInitChain{
		ChainId:         ChainID,
		Time:            GenesisTime,
		ConsensusParams: consensusParams(),
		AppStateBytes:   appState,
		InitialHeight:   1,
	}); err != nil {
		return fmt.Errorf("init chain: %w", err)
	}
	_, err := finalizeAndCommit(a, nil)
	return err
}

// finalizeAndCommit delivers txs as the next block and commits it. It
// checks that the app hash FinalizeBlock reported is the one committed.
func finalizeAndCommit(a *app.App, txs [][]byte) (*abci.ResponseFinalizeBlock, error) {
	return finalizeAndCommitAt(a, a.LastBlockHeight()+1, txs)
}

// finalizeAndCommitAt is finalizeAndCommit for block h: the first block of
// a chain started at an initial height above 1 has no committed block
// before it.
func finalizeAndCommitAt(a *app.App, h int64, txs [][]byte) (*abci.ResponseFinalizeBlock, error) {
	res, err := a.FinalizeBlock(&abci.RequestFinalizeBlock{Height: h, Time: BlockTime(h), Txs: txs})
	if err != nil {
		return nil, fmt.Errorf("finalize block %d: %w", h, err)
	}
	if _, err := a.Commit(); err != nil {
		return nil, fmt.Errorf("commit block %d: %w", h, err)
	}
	if got := a.LastCommitID().Hash; !bytes.Equal(got, res.AppHash) {
		return nil, fmt.Errorf("block %d: FinalizeBlock reported app hash %X, Commit stored %X", h, res.AppHash, got)
	}
	return res, nil
}

// queryContext is a context on the last committed state, with the header
// of the next block: what the generator reads and dry-runs against.
func queryContext(a *app.App) sdk.Context {
	h := a.LastBlockHeight() + 1
	return a.NewContextLegacy(true, cmtproto.Header{ChainID: ChainID, Height: h, Time: BlockTime(h)})
}

// Import starts a fresh application from an export, the way a network is
// restarted from `ndid export`: InitChain with the exported app state,
// validators and consensus parameters at initial height = exported height,
// then one empty block at that height so the imported state is committed.
func Import(exp servertypes.ExportedApp) (*app.App, error) {
	b := NewApp()
	vals := make([]abci.ValidatorUpdate, len(exp.Validators))
	for i, v := range exp.Validators {
		vals[i] = cmttypes.TM2PB.NewValidatorUpdate(v.PubKey, v.Power)
	}
	cp := exp.ConsensusParams
	if _, err := b.InitChain(&abci.RequestInitChain{
		ChainId:         ChainID,
		Time:            BlockTime(exp.Height),
		ConsensusParams: &cp,
		Validators:      vals,
		AppStateBytes:   exp.AppState,
		InitialHeight:   exp.Height,
	}); err != nil {
		return nil, fmt.Errorf("init chain from export: %w", err)
	}
	if _, err := finalizeAndCommitAt(b, exp.Height, nil); err != nil {
		return nil, err
	}
	if b.LastBlockHeight() != exp.Height {
		return nil, fmt.Errorf("imported chain is at height %d, want %d", b.LastBlockHeight(), exp.Height)
	}
	return b, nil
}
