// Command ndid is the NDI Chain node and command-line client.
package main

import (
	"os"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/cmd/ndid/cmd"
)

func main() {
	rootCmd := cmd.NewRootCmd()
	if err := svrcmd.Execute(rootCmd, "", app.DefaultNodeHome); err != nil {
		cmd.PrintError(rootCmd.OutOrStderr(), err)
		os.Exit(1)
	}
}
