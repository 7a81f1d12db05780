package light

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/lyingproxy"
)

// genesisSpec describes a test genesis file in the shape `ndid testnet
// init-files` writes.
type genesisSpec struct {
	chainID       string
	time          time.Time
	genTxs        []map[string]any // MsgCreateValidator messages
	consensusVals []cmttypes.GenesisValidator
	stakingVals   []map[string]any
	maxValidators int
}

func createValidatorMsg(keyType string, key []byte, denom, amount string) map[string]any {
	return map[string]any{
		"@type":             createValidator,
		"validator_address": "ndivaloper1test",
		"pubkey":            map[string]any{"@type": keyType, "key": base64.StdEncoding.EncodeToString(key)},
		"value":             map[string]any{"denom": denom, "amount": amount},
	}
}

// genTxsOf returns one MsgCreateValidator per validator of set, bonding
// its power in upower.
func genTxsOf(set *cmttypes.ValidatorSet) []map[string]any {
	var msgs []map[string]any
	for _, v := range set.Validators {
		msgs = append(msgs, createValidatorMsg(ed25519KeyType, v.PubKey.Bytes(), "upower", itoa(v.VotingPower*1_000_000)))
	}
	return msgs
}

func itoa(n int64) string {
	bz, _ := json.Marshal(n)
	return string(bz)
}

func writeGenesis(t *testing.T, spec genesisSpec) string {
	t.Helper()
	var txs []map[string]any
	for _, m := range spec.genTxs {
		txs = append(txs, map[string]any{"body": map[string]any{"messages": []any{m}}})
	}
	if spec.maxValidators == 0 {
		spec.maxValidators = 100
	}
	consensus := map[string]any{}
	if len(spec.consensusVals) > 0 {
		bz, err := cmtjson.Marshal(spec.consensusVals)
		require.NoError(t, err)
		consensus["validators"] = json.RawMessage(bz)
	}
	doc := map[string]any{
		"app_name":       "ndid",
		"genesis_time":   spec.time.UTC().Format(time.RFC3339Nano),
		"chain_id":       spec.chainID,
		"initial_height": 1,
		"app_state": map[string]any{
			"genutil": map[string]any{"gen_txs": txs},
			"staking": map[string]any{
				"params": map[string]any{
					"bond_denom": "upower", "max_validators": spec.maxValidators, "unbonding_time": "1814400s",
				},
				"validators": spec.stakingVals,
			},
			"poa": map[string]any{"params": map[string]any{"max_power_change_per_block": "0.333333333333333333"}},
		},
		"consensus": consensus,
	}
	bz, err := json.MarshalIndent(doc, "", " ")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "genesis.json")
	require.NoError(t, os.WriteFile(path, bz, 0o600))
	return path
}

func fakeChain(t *testing.T, blocks int) *lyingproxy.FakeChain {
	t.Helper()
	// Blocks end a few seconds before now: recent enough for Root, and
	// never in the future.
	chain, err := lyingproxy.NewFakeChain("fake-1", 3, blocks, time.Now().Add(-time.Duration(blocks+5)*lyingproxy.BlockInterval))
	require.NoError(t, err)
	return chain
}

func TestGenesisValidatorsFromGenTxsAreTheFirstBlocksValidators(t *testing.T) {
	chain := fakeChain(t, 3)
	g, err := ReadGenesis(writeGenesis(t, genesisSpec{chainID: "fake-1", time: chain.GenesisTime(), genTxs: genTxsOf(chain.ValidatorSet())}))
	require.NoError(t, err)
	require.Equal(t, chain.ValidatorSet().Hash(), g.Validators.Hash())
	require.Equal(t, 21*24*time.Hour, g.UnbondingTime)
	require.Len(t, g.FileSHA256, 32)
	require.NoError(t, g.CheckFirstBlock(chain.LightBlock(1), time.Now(), DefaultTrustingPeriod))
}

func TestGenesisConsensusValidatorsTakePrecedenceOverGenTxs(t *testing.T) {
	chain := fakeChain(t, 3)
	var vals []cmttypes.GenesisValidator
	for _, v := range chain.ValidatorSet().Validators {
		vals = append(vals, cmttypes.GenesisValidator{PubKey: v.PubKey, Power: v.VotingPower})
	}
	other := fakeChain(t, 1)
	g, err := ReadGenesis(writeGenesis(t, genesisSpec{chainID: "fake-1", time: chain.GenesisTime(), consensusVals: vals, genTxs: genTxsOf(other.ValidatorSet())}))
	require.NoError(t, err)
	require.Equal(t, chain.ValidatorSet().Hash(), g.Validators.Hash())
}

func TestGenesisPowerIsTheSelfBondOverOneMillionAndBelowOneUnitCountsNothing(t *testing.T) {
	chain := fakeChain(t, 1)
	vals := chain.ValidatorSet().Validators
	msgs := []map[string]any{
		createValidatorMsg(ed25519KeyType, vals[0].PubKey.Bytes(), "upower", "10999999"),
		createValidatorMsg(ed25519KeyType, vals[1].PubKey.Bytes(), "upower", "999999"),
	}
	g, err := ReadGenesis(writeGenesis(t, genesisSpec{chainID: "fake-1", time: chain.GenesisTime(), genTxs: msgs}))
	require.NoError(t, err)
	require.Equal(t, 1, g.Validators.Size())
	require.Equal(t, int64(10), g.Validators.Validators[0].VotingPower)
}

func TestGenesisTheFirstValidatorSetCannotBeDerivedFromIsRefused(t *testing.T) {
	chain := fakeChain(t, 1)
	key := chain.ValidatorSet().Validators[0].PubKey.Bytes()
	cases := []struct {
		name string
		spec genesisSpec
		msg  string
	}{
		{"no validators", genesisSpec{}, "names no validator"},
		{"all below one power unit", genesisSpec{genTxs: []map[string]any{createValidatorMsg(ed25519KeyType, key, "upower", "5")}}, "names no validator"},
		{"a message other than MsgCreateValidator", genesisSpec{genTxs: []map[string]any{{"@type": "/cosmos.bank.v1beta1.MsgSend"}}}, "not /cosmos.staking.v1beta1.MsgCreateValidator"},
		{"a bond in another denom", genesisSpec{genTxs: []map[string]any{createValidatorMsg(ed25519KeyType, key, "undi", "100000000")}}, "not the bond denom upower"},
		{"an unsupported key type", genesisSpec{genTxs: []map[string]any{createValidatorMsg("/cosmos.crypto.bls12381.PubKey", key, "upower", "100000000")}}, "not supported"},
		{"a key of the wrong size", genesisSpec{genTxs: []map[string]any{createValidatorMsg(ed25519KeyType, key[:31], "upower", "100000000")}}, "31 bytes"},
		{"a bad amount", genesisSpec{genTxs: []map[string]any{createValidatorMsg(ed25519KeyType, key, "upower", "lots")}}, "not a token amount"},
		{"one key twice", genesisSpec{genTxs: []map[string]any{
			createValidatorMsg(ed25519KeyType, key, "upower", "100000000"), createValidatorMsg(ed25519KeyType, key, "upower", "100000000"),
		}}, "twice"},
		{"more gen_txs than max_validators", genesisSpec{maxValidators: 1, genTxs: genTxsOf(chain.ValidatorSet())}, "more than max_validators"},
		{"staking validators without consensus validators", genesisSpec{stakingVals: []map[string]any{{"operator_address": "ndivaloper1x"}}}, "cannot be derived"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.chainID, tc.spec.time = "fake-1", chain.GenesisTime()
			_, err := ReadGenesis(writeGenesis(t, tc.spec))
			require.ErrorIs(t, err, ErrTrustRoot)
			require.ErrorContains(t, err, tc.msg)
		})
	}

	_, err := ReadGenesis(filepath.Join(t.TempDir(), "missing.json"))
	require.ErrorIs(t, err, ErrTrustRoot)
}

func TestAFirstBlockThatDoesNotMatchTheGenesisIsRefused(t *testing.T) {
	chain := fakeChain(t, 3)
	genesisFor := func(spec genesisSpec) *Genesis {
		if spec.chainID == "" {
			spec.chainID = "fake-1"
		}
		if spec.time.IsZero() {
			spec.time = chain.GenesisTime()
		}
		if spec.genTxs == nil {
			spec.genTxs = genTxsOf(chain.ValidatorSet())
		}
		g, err := ReadGenesis(writeGenesis(t, spec))
		require.NoError(t, err)
		return g
	}
	vals := chain.ValidatorSet().Validators
	cases := []struct {
		name string
		g    *Genesis
		lb   *cmttypes.LightBlock
		now  time.Time
		msg  string
	}{
		{"another chain id", genesisFor(genesisSpec{chainID: "other-1"}), chain.LightBlock(1), time.Now(), "malformed for chain other-1"},
		{"not the initial height", genesisFor(genesisSpec{}), chain.LightBlock(2), time.Now(), "has height 2, genesis initial_height is 1"},
		{"before the genesis time", genesisFor(genesisSpec{time: chain.GenesisTime().Add(time.Second)}), chain.LightBlock(1), time.Now(), "is before genesis_time"},
		{"another validator set", genesisFor(genesisSpec{genTxs: genTxsOf(cmttypes.NewValidatorSet([]*cmttypes.Validator{vals[0], vals[1]}))}), chain.LightBlock(1), time.Now(), "is not the hash"},
		{"older than the trusting period", genesisFor(genesisSpec{}), chain.LightBlock(1), chain.GenesisTime().Add(DefaultTrustingPeriod), "older than the trusting period"},
		{"empty", genesisFor(genesisSpec{}), &cmttypes.LightBlock{}, time.Now(), "first block is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.g.CheckFirstBlock(tc.lb, tc.now, DefaultTrustingPeriod)
			require.ErrorIs(t, err, ErrTrustRoot)
			require.ErrorContains(t, err, tc.msg)
		})
	}
}

func TestAFirstBlockNotSignedByTheGenesisValidatorsIsRefused(t *testing.T) {
	chain := fakeChain(t, 2)
	impostor := fakeChain(t, 2) // same chain id, other keys
	g, err := ReadGenesis(writeGenesis(t, genesisSpec{chainID: "fake-1", time: chain.GenesisTime(), genTxs: genTxsOf(chain.ValidatorSet())}))
	require.NoError(t, err)

	// The impostor's block claims the genesis validators but carries the
	// impostor's signatures.
	forged := *impostor.LightBlock(1)
	header := *forged.Header
	header.ValidatorsHash = chain.ValidatorSet().Hash()
	commit := *forged.Commit
	commit.BlockID.Hash = header.Hash()
	forged.SignedHeader = &cmttypes.SignedHeader{Header: &header, Commit: &commit}
	forged.ValidatorSet = chain.ValidatorSet()
	err = g.CheckFirstBlock(&forged, time.Now(), DefaultTrustingPeriod)
	require.ErrorIs(t, err, ErrTrustRoot)
	require.ErrorContains(t, err, "not signed by more than 2/3 of the genesis validators")
}
