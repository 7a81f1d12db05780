package cli_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/revocation/client/cli"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

func TestEachVerbActsOnlyOnItsPurpose(t *testing.T) {
	rev := types.StatusList{Id: "did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF/status/degrees", Purpose: types.STATUS_PURPOSE_REVOCATION}
	sus := types.StatusList{Id: "did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF/status/held", Purpose: types.STATUS_PURPOSE_SUSPENSION}
	require.NoError(t, cli.CheckVerbMatchesList("revoke", rev))
	require.NoError(t, cli.CheckVerbMatchesList("suspend", sus))
	require.NoError(t, cli.CheckVerbMatchesList("unsuspend", sus))

	err := cli.CheckVerbMatchesList("suspend", rev)
	require.EqualError(t, err, rev.Id+` is a revocation list, but "suspend" acts on suspension lists: nothing was signed or sent (use revoke)`)
	err = cli.CheckVerbMatchesList("unsuspend", rev)
	require.ErrorContains(t, err, "is a revocation list")
	err = cli.CheckVerbMatchesList("revoke", sus)
	require.EqualError(t, err, sus.Id+` is a suspension list, but "revoke" acts on revocation lists: nothing was signed or sent (use suspend or unsuspend)`)
}
