//go:build e2e

package procnet_test

import (
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/privval"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/testutil/procnet"
)

// TestConsensusKeyRotation follows the runbook of docs/operations.md §2: an
// operator rotates its validator's consensus key with MsgRotateConsPubKey,
// and once the rotation is in force restarts the node with the new key
// file (keeping data/priv_validator_state.json). The validator then signs
// with the new address and the old one signs nothing.
func TestConsensusKeyRotation(t *testing.T) {
	net := procnet.Start(t, procnet.Options{Validators: 4})
	require.NoError(t, net.WaitForHeight(3, blockTimeout))
	v := net.Nodes[1]
	oldAddr, err := v.ConsensusAddress()
	require.NoError(t, err)

	// The new key is made off the node, as an operator would on a clean
	// machine; only its public half goes on chain.
	dir := t.TempDir()
	newKeyFile := filepath.Join(dir, "priv_validator_key.json")
	pv := privval.GenFilePV(newKeyFile, filepath.Join(dir, "priv_validator_state.json"))
	pv.Key.Save()
	newAddr := strings.ToUpper(hex.EncodeToString(pv.Key.Address))

	kr, err := procnet.Keyring(v.Home)
	require.NoError(t, err)
	operator, err := procnet.NewSender(kr, procnet.OperatorKey, v)
	require.NoError(t, err)
	msg, err := stakingtypes.NewMsgRotateConsPubKey(sdk.ValAddress(operator.Address()).String(), &ed25519.PubKey{Key: pv.Key.PubKey.Bytes()})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	h, err := operator.SendAndWait(ctx, 500_000, msg)
	require.NoError(t, err)
	t.Logf("rotation committed at height %d", h)

	// CometBFT uses the validator update of block h from h+2: from then on
	// the old key is out of the set and the node, still holding it, cannot
	// sign. The other three hold 3/4 of the power and go on.
	applied := h + stakingtypes.ConsensusUpdateDelay
	require.NoError(t, net.WaitForHeight(applied+2, blockTimeout))
	for hh := applied; hh <= applied+1; hh++ {
		signers, err := net.Nodes[0].Signers(ctx, hh)
		require.NoError(t, err)
		require.NotContains(t, signers, oldAddr, "the old key signs no block after the rotation is in force (height %d)", hh)
	}

	require.NoError(t, v.Stop())
	raw, err := os.ReadFile(newKeyFile)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(v.Home, "config", "priv_validator_key.json"), raw, 0o600))
	require.NoError(t, v.Start())
	got, err := v.ConsensusAddress()
	require.NoError(t, err)
	require.Equal(t, newAddr, got)

	restarted := height(t, net)
	require.True(t, signedAny(t, net, v, restarted+1, restarted+15), "%s signs with the new key after its restart", v.Name)
	last := height(t, net) - 1
	for hh := applied; hh <= last; hh++ {
		signers, err := net.Nodes[0].Signers(ctx, hh)
		require.NoError(t, err)
		require.False(t, slices.Contains(signers, oldAddr), "the old key signed block %d", hh)
	}
}
