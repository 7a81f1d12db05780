package procnet

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSetConfigChangesTheKeyOfItsSectionOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	const before = "moniker = \"n\"\n\n[rpc]\nenable = false\n\n[statesync]\n# comment kept\nenable = false\nrpc_servers = \"\"\n"
	require.NoError(t, os.WriteFile(path, []byte(before), 0o600))

	require.NoError(t, SetConfig(path, "statesync", "enable", "true"))
	require.NoError(t, SetConfig(path, "statesync", "rpc_servers", `"http://a,http://b"`))
	require.NoError(t, SetConfig(path, "", "moniker", `"m"`))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "moniker = \"m\"\n\n[rpc]\nenable = false\n\n[statesync]\n# comment kept\nenable = true\nrpc_servers = \"http://a,http://b\"\n", string(got))

	err = SetConfig(path, "rpc", "trust_height", "5")
	require.ErrorContains(t, err, `no key "trust_height" in [rpc]`)
	unchanged, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, got, unchanged, "a failed SetConfig changed the file")
}
