// Package cmd builds the ndid command tree: the node (init, start, export,
// snapshots), the client (keys, tx, query through autocli) and the local
// network generator (testnet init-files).
package cmd

import (
	"os"

	cmtcfg "github.com/cometbft/cometbft/config"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/spf13/cobra"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
	"github.com/cosmos/cosmos-sdk/server"
	serverconfig "github.com/cosmos/cosmos-sdk/server/config"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/app/params"
)

// NewRootCmd returns the ndid root command.
func NewRootCmd() *cobra.Command {
	params.SetAddressPrefixes()

	// A throwaway app gives the codecs and the autocli module list; it never
	// touches disk.
	tempApp := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, noAppOptions{})
	initClientCtx := client.Context{}.
		WithCodec(tempApp.AppCodec()).
		WithInterfaceRegistry(tempApp.InterfaceRegistry()).
		WithTxConfig(tempApp.TxConfig()).
		WithLegacyAmino(tempApp.LegacyAmino()).
		WithInput(os.Stdin).
		WithAccountRetriever(authtypes.AccountRetriever{}).
		WithHomeDir(app.DefaultNodeHome).
		WithViper("")

	rootCmd := &cobra.Command{
		Use:           "ndid",
		Short:         "NDI Chain node and client: DIDs, accreditations and credential status for national digital identity",
		SilenceErrors: true,
		// An error names what to fix; the full usage would bury it.
		SilenceUsage: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.OutOrStdout())
			cmd.SetErr(cmd.ErrOrStderr())

			clientCtx := initClientCtx.WithCmdContext(cmd.Context())
			clientCtx, err := client.ReadPersistentCommandFlags(clientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			clientCtx, err = config.ReadFromClientConfig(clientCtx)
			if err != nil {
				return err
			}
			if err := client.SetCmdClientContextHandler(clientCtx, cmd); err != nil {
				return err
			}
			appTemplate, appConfig := initAppConfig()
			return server.InterceptConfigsPreRunHandler(cmd, appTemplate, appConfig, initCometConfig())
		},
	}

	addCommands(rootCmd, tempApp)

	autoCliOpts := tempApp.AutoCliOpts()
	autoCliOpts.ClientCtx = initClientCtx
	if err := autoCliOpts.EnhanceRootCommand(rootCmd); err != nil {
		panic(err)
	}
	return rootCmd
}

// initAppConfig sets NDI's app.toml defaults: a minimum gas price in undi,
// so a fresh node refuses free spam.
func initAppConfig() (string, any) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = "0.001" + params.FeeDenom
	return serverconfig.DefaultConfigTemplate, cfg
}

func initCometConfig() *cmtcfg.Config {
	return cmtcfg.DefaultConfig()
}

// noAppOptions is the empty option set of the throwaway app.
type noAppOptions struct{}

func (noAppOptions) Get(string) any { return nil }
