package cmd_test

import (
	"bytes"
	"fmt"
	"testing"

	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/cmd/ndid/cmd"
)

var errKeyNotFound = errorsmod.Register("ndi-cmd-test", 2, "key not found")

// errorsmod's %v names the wrapping frame's source file, directly or baked
// into a message by fmt.Errorf("%w"); PrintError prints the message alone.
func TestPrintErrorOmitsSourcePaths(t *testing.T) {
	wrapped := errorsmod.Wrap(errKeyNotFound, "nosuch.info")
	require.Contains(t, fmt.Sprintf("%v", wrapped), ".go:", "errorsmod's %v format names a source file")
	baked := fmt.Errorf("failed to convert address field to address: %w", wrapped)
	require.Contains(t, baked.Error(), ".go:", "fmt.Errorf bakes the frame into the message")

	for err, want := range map[error]string{
		wrapped: "nosuch.info: key not found\n",
		baked:   "failed to convert address field to address: nosuch.info: key not found\n",
		fmt.Errorf("document [did:ndi:local:abc] at key-1.go:5 stays"): "document [did:ndi:local:abc] at key-1.go:5 stays\n",
	} {
		var out bytes.Buffer
		cmd.PrintError(&out, err)
		require.Equal(t, want, out.String())
	}
}
