package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
)

// clientConfigKeys are the settings of config/client.toml.
var clientConfigKeys = []string{"chain-id", "keyring-backend", "output", "node", "broadcast-mode"}

// newConfigCmd reads and writes the client settings in <home>/config/client.toml,
// the defaults for --chain-id, --keyring-backend, --output, --node and
// --broadcast-mode.
func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Read or change client defaults (chain-id, keyring-backend, output, node, broadcast-mode)",
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:   "get [key]",
			Short: "Print one client setting, or all of them",
			Args:  cobra.MaximumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				settings, _, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				if len(args) == 1 {
					if err := checkClientConfigKey(args[0]); err != nil {
						return err
					}
					cmd.Println(settings[args[0]])
					return nil
				}
				keys := make([]string, 0, len(settings))
				for k := range settings {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					cmd.Printf("%s = %v\n", k, settings[k])
				}
				return nil
			},
		},
		&cobra.Command{
			Use:     "set [key] [value]",
			Short:   "Change one client setting",
			Example: "ndid config set chain-id ndi-localnet-1",
			Args:    cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				if err := checkClientConfigKey(args[0]); err != nil {
					return err
				}
				settings, path, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				settings[args[0]] = args[1]
				bz, err := toml.Marshal(settings)
				if err != nil {
					return err
				}
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					return err
				}
				return os.WriteFile(path, bz, 0o644)
			},
		},
	)
	return cmd
}

func checkClientConfigKey(key string) error {
	for _, k := range clientConfigKeys {
		if k == key {
			return nil
		}
	}
	return fmt.Errorf("unknown client setting %q; known: %v", key, clientConfigKeys)
}

func readClientConfig(cmd *cobra.Command) (map[string]any, string, error) {
	clientCtx := client.GetClientContextFromCmd(cmd)
	path := filepath.Join(clientCtx.HomeDir, "config", "client.toml")
	settings := map[string]any{}
	bz, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return settings, path, nil
	}
	if err != nil {
		return nil, "", err
	}
	if err := toml.Unmarshal(bz, &settings); err != nil {
		return nil, "", fmt.Errorf("read %s: %w", path, err)
	}
	return settings, path, nil
}
