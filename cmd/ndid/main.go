// Command ndid is the NDI Chain node and command-line client.
package main

import (
	"errors"
	"os"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/cmd/ndid/cmd"
)

// exitCoder is an error that chooses the exit code, as `ndid credential
// verify` does (0 valid, 1 invalid, 2 undecided).
type exitCoder interface{ ExitCode() int }

func main() {
	rootCmd := cmd.NewRootCmd()
	if err := svrcmd.Execute(rootCmd, "", app.DefaultNodeHome); err != nil {
		code := 1
		var coded exitCoder
		if errors.As(err, &coded) {
			code = coded.ExitCode()
		}
		if err.Error() != "" {
			cmd.PrintError(rootCmd.OutOrStderr(), err)
		}
		os.Exit(code)
	}
}
