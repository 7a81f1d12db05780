package cmd_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/cmd/ndid/cmd"
)

// docs/security.md, "No block gas limit": every genesis NDI's tools write
// caps block gas, so no block can ask unbounded work of a validator.
func TestGenesesCapBlockGas(t *testing.T) {
	run := func(args ...string) {
		t.Helper()
		root := cmd.NewRootCmd()
		root.SetArgs(args)
		require.NoError(t, svrcmd.Execute(root, "NDID", app.DefaultNodeHome))
	}
	requireCapped := func(genFile string) {
		t.Helper()
		genesis, err := genutiltypes.AppGenesisFromFile(genFile)
		require.NoError(t, err)
		require.Equal(t, int64(app.DefaultBlockMaxGas), genesis.Consensus.Params.Block.MaxGas, genFile)
	}

	out := t.TempDir()
	run("testnet", "init-files", "--validator-count", "2", "--full-node-count", "1", "--output-dir", out)
	for _, node := range []string{"node0", "node1", "node2"} {
		requireCapped(filepath.Join(out, node, "config", "genesis.json"))
	}

	home := t.TempDir()
	run("init", "solo", "--home", home, "--chain-id", "ndi-solo")
	requireCapped(filepath.Join(home, "config", "genesis.json"))
}
