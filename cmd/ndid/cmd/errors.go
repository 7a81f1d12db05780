package cmd

import (
	"fmt"
	"io"
	"regexp"
)

// sourceFrame matches the " [<file>.go:<line>]" that cosmossdk.io/errors
// appends when a wrapped error is formatted with %v, such as
// " [cosmos/cosmos-sdk@v0.55.0/crypto/keyring/keyring.go:549]" (or a
// /root/go/pkg/mod/... path for modules not hosted on github.com).
var sourceFrame = regexp.MustCompile(` \[[^\[\]\s]+\.go:[0-9]+\]`)

// PrintError writes err's message for the user without source locations.
// Printing err.Error() rather than err avoids the frame errorsmod adds to
// %v; but SDK code that wraps with fmt.Errorf("...: %w", err) bakes the
// frame into the message itself, so it is cut out of the text too. It
// tells an operator nothing and leaks the build machine's paths.
func PrintError(w io.Writer, err error) {
	_, _ = fmt.Fprintln(w, sourceFrame.ReplaceAllString(err.Error(), ""))
}
