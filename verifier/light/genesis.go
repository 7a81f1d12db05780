package light

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"time"

	cmtcrypto "github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/crypto/secp256k1"
	cmttypes "github.com/cometbft/cometbft/types"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
)

// Genesis is what a genesis file says about the chain's first block.
type Genesis struct {
	ChainID       string
	InitialHeight int64
	Time          time.Time
	// Validators is the validator set of the first block, computed from the
	// file alone (see ReadGenesis).
	Validators *cmttypes.ValidatorSet
	// UnbondingTime is x/staking's unbonding time (0 if the file has none).
	UnbondingTime time.Duration
	// FileSHA256 is the hash of the file's bytes, to compare with the
	// published one.
	FileSHA256 []byte
}

// Consensus key types a MsgCreateValidator may carry, as x/staking names
// them in JSON.
const (
	ed25519KeyType   = "/cosmos.crypto.ed25519.PubKey"
	secp256k1KeyType = "/cosmos.crypto.secp256k1.PubKey"
	createValidator  = "/cosmos.staking.v1beta1.MsgCreateValidator"
)

// genesisAppState is the part of app_state the first validator set comes
// from.
type genesisAppState struct {
	Genutil struct {
		GenTxs []genTx `json:"gen_txs"`
	} `json:"genutil"`
	Staking struct {
		Params struct {
			BondDenom     string `json:"bond_denom"`
			MaxValidators uint32 `json:"max_validators"`
			UnbondingTime string `json:"unbonding_time"`
		} `json:"params"`
		Validators []json.RawMessage `json:"validators"`
	} `json:"staking"`
}

type genTx struct {
	Body struct {
		Messages []struct {
			Type             string `json:"@type"`
			ValidatorAddress string `json:"validator_address"`
			Pubkey           struct {
				Type string `json:"@type"`
				Key  string `json:"key"`
			} `json:"pubkey"`
			Value struct {
				Denom  string `json:"denom"`
				Amount string `json:"amount"`
			} `json:"value"`
		} `json:"messages"`
	} `json:"body"`
}

// ReadGenesis reads a genesis file (the SDK's AppGenesis, which `ndid init`
// and `ndid testnet init-files` write, or a CometBFT genesis document) and
// computes the first block's validator set from it:
//
//   - consensus.validators (validators in a CometBFT genesis), when
//     present: an exported genesis carries the set there, and CometBFT and
//     the SDK both insist InitChain returns that same set;
//   - otherwise the gen_txs: each MsgCreateValidator contributes its
//     consensus key with power = self-bond / 10^6 (sdk.DefaultPowerReduction,
//     which NDI keeps) in the staking bond denom; a self-bond under one power
//     unit gives no consensus power, as in x/staking. x/poa's genesis holds
//     only parameters and adds no validators.
//
// A genesis whose staking state already holds validators but no
// consensus.validators, or with more gen_txs than max_validators, is
// refused: the set would depend on x/staking's ordering rules, which this
// reader does not reproduce.
func ReadGenesis(path string) (*Genesis, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: genesis: %w", ErrTrustRoot, err)
	}
	ag, err := genutiltypes.AppGenesisFromReader(bytes.NewReader(bz))
	if err != nil {
		return nil, fmt.Errorf("%w: genesis %s: %w", ErrTrustRoot, path, err)
	}
	if err := ag.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("%w: genesis %s: %w", ErrTrustRoot, path, err)
	}
	sum := sha256.Sum256(bz)
	g := &Genesis{ChainID: ag.ChainID, InitialHeight: ag.InitialHeight, Time: ag.GenesisTime, FileSHA256: sum[:]}

	var app genesisAppState
	if len(ag.AppState) > 0 {
		if err := json.Unmarshal(ag.AppState, &app); err != nil {
			return nil, fmt.Errorf("%w: genesis app_state: %w", ErrTrustRoot, err)
		}
	}
	if s := app.Staking.Params.UnbondingTime; s != "" {
		if g.UnbondingTime, err = time.ParseDuration(s); err != nil {
			return nil, fmt.Errorf("%w: genesis staking unbonding_time %q: %w", ErrTrustRoot, s, err)
		}
	}

	var vals []*cmttypes.Validator
	switch {
	case ag.Consensus != nil && len(ag.Consensus.Validators) > 0:
		for _, v := range ag.Consensus.Validators {
			vals = append(vals, cmttypes.NewValidator(v.PubKey, v.Power))
		}
	case len(app.Staking.Validators) > 0:
		return nil, fmt.Errorf("%w: genesis has staking validators but no consensus.validators: its first validator set cannot be derived from the file; use a trusted header", ErrTrustRoot)
	default:
		if vals, err = genTxValidators(app); err != nil {
			return nil, err
		}
	}
	if g.Validators, err = newValidatorSet(vals); err != nil {
		return nil, err
	}
	return g, nil
}

// genTxValidators computes the validators the gen_txs bond.
func genTxValidators(app genesisAppState) ([]*cmttypes.Validator, error) {
	denom := app.Staking.Params.BondDenom
	if denom == "" {
		return nil, fmt.Errorf("%w: genesis staking params have no bond_denom", ErrTrustRoot)
	}
	if maxVals := app.Staking.Params.MaxValidators; maxVals > 0 && len(app.Genutil.GenTxs) > int(maxVals) {
		return nil, fmt.Errorf("%w: genesis has %d gen_txs, more than max_validators %d: which are bonded depends on x/staking's ordering; use a trusted header", ErrTrustRoot, len(app.Genutil.GenTxs), maxVals)
	}
	var vals []*cmttypes.Validator
	for i, tx := range app.Genutil.GenTxs {
		for j, msg := range tx.Body.Messages {
			where := fmt.Sprintf("gen_txs[%d] message %d", i, j)
			if msg.Type != createValidator {
				return nil, fmt.Errorf("%w: genesis %s is %s, not %s", ErrTrustRoot, where, msg.Type, createValidator)
			}
			pub, err := consensusKey(msg.Pubkey.Type, msg.Pubkey.Key)
			if err != nil {
				return nil, fmt.Errorf("%w: genesis %s (%s) pubkey: %w", ErrTrustRoot, where, msg.ValidatorAddress, err)
			}
			if msg.Value.Denom != denom {
				return nil, fmt.Errorf("%w: genesis %s (%s) bonds %s, not the bond denom %s", ErrTrustRoot, where, msg.ValidatorAddress, msg.Value.Denom, denom)
			}
			tokens, ok := sdkmath.NewIntFromString(msg.Value.Amount)
			if !ok || tokens.IsNegative() {
				return nil, fmt.Errorf("%w: genesis %s (%s) value amount %q is not a token amount", ErrTrustRoot, where, msg.ValidatorAddress, msg.Value.Amount)
			}
			power := tokens.Quo(sdk.DefaultPowerReduction)
			if !power.IsInt64() || power.Int64() > cmttypes.MaxTotalVotingPower {
				return nil, fmt.Errorf("%w: genesis %s (%s) power %s is too large", ErrTrustRoot, where, msg.ValidatorAddress, power)
			}
			if power.IsZero() {
				continue // bonded, but below one unit of consensus power
			}
			vals = append(vals, cmttypes.NewValidator(pub, power.Int64()))
		}
	}
	return vals, nil
}

func consensusKey(typ, b64 string) (cmtcrypto.PubKey, error) {
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("key is not base64: %w", err)
	}
	switch typ {
	case ed25519KeyType:
		if len(key) != ed25519.PubKeySize {
			return nil, fmt.Errorf("ed25519 key has %d bytes, want %d", len(key), ed25519.PubKeySize)
		}
		return ed25519.PubKey(key), nil
	case secp256k1KeyType:
		if len(key) != secp256k1.PubKeySize {
			return nil, fmt.Errorf("secp256k1 key has %d bytes, want %d", len(key), secp256k1.PubKeySize)
		}
		return secp256k1.PubKey(key), nil
	default:
		return nil, fmt.Errorf("consensus key type %q is not supported", typ)
	}
}

// newValidatorSet checks what cmttypes.NewValidatorSet would panic on.
func newValidatorSet(vals []*cmttypes.Validator) (*cmttypes.ValidatorSet, error) {
	if len(vals) == 0 {
		return nil, fmt.Errorf("%w: genesis names no validator with voting power", ErrTrustRoot)
	}
	var total int64
	seen := map[string]bool{}
	for _, v := range vals {
		if seen[string(v.Address)] {
			return nil, fmt.Errorf("%w: genesis names consensus key %X twice", ErrTrustRoot, v.Address)
		}
		seen[string(v.Address)] = true
		if v.VotingPower <= 0 {
			return nil, fmt.Errorf("%w: genesis validator %X has power %d", ErrTrustRoot, v.Address, v.VotingPower)
		}
		total += v.VotingPower
		if total > cmttypes.MaxTotalVotingPower {
			return nil, fmt.Errorf("%w: genesis voting power exceeds %d", ErrTrustRoot, cmttypes.MaxTotalVotingPower)
		}
	}
	return cmttypes.NewValidatorSet(slices.Clone(vals)), nil
}

// CheckFirstBlock checks the primary's first block against the genesis
// file; only a block that passes may become the trust root:
//
//  1. the light block is well formed for the genesis chain id (the commit is
//     for this header, the validator set served hashes to the header's);
//  2. its height is the genesis initial height;
//  3. its time is not before the genesis time (CometBFT gives the first
//     block exactly the genesis time);
//  4. its ValidatorsHash is the hash of the validator set computed from the
//     genesis file, not merely of the set the primary served;
//  5. more than 2/3 of that genesis set's voting power signed its commit;
//  6. it is younger than the trusting period at now: an older first block
//     could be signed by validators who have since left, at no risk.
func (g *Genesis) CheckFirstBlock(lb *cmttypes.LightBlock, now time.Time, trustingPeriod time.Duration) error {
	if lb == nil || lb.SignedHeader == nil || lb.Header == nil || lb.Commit == nil {
		return fmt.Errorf("%w: first block is empty", ErrTrustRoot)
	}
	if err := lb.ValidateBasic(g.ChainID); err != nil {
		return fmt.Errorf("%w: first block (height %d) is malformed for chain %s: %w", ErrTrustRoot, lb.Height, g.ChainID, err)
	}
	if lb.Height != g.InitialHeight {
		return fmt.Errorf("%w: first block has height %d, genesis initial_height is %d", ErrTrustRoot, lb.Height, g.InitialHeight)
	}
	if lb.Time.Before(g.Time) {
		return fmt.Errorf("%w: first block time %s is before genesis_time %s", ErrTrustRoot, lb.Time.UTC().Format(time.RFC3339Nano), g.Time.UTC().Format(time.RFC3339Nano))
	}
	if want := g.Validators.Hash(); !bytes.Equal(lb.ValidatorsHash, want) {
		return fmt.Errorf("%w: first block's validators hash %X is not the hash %X of the genesis validators", ErrTrustRoot, lb.ValidatorsHash, want)
	}
	if err := g.Validators.VerifyCommitLight(g.ChainID, lb.Commit.BlockID, lb.Height, lb.Commit); err != nil {
		return fmt.Errorf("%w: first block is not signed by more than 2/3 of the genesis validators' power: %w", ErrTrustRoot, err)
	}
	if expires := lb.Time.Add(trustingPeriod); !now.Before(expires) {
		return fmt.Errorf("%w: first block (time %s) is older than the trusting period %s: trust from genesis no longer holds; use --trust-height/--trust-hash from a source you trust", ErrTrustRoot, lb.Time.UTC().Format(time.RFC3339), trustingPeriod)
	}
	return nil
}
