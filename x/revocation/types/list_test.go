package types_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

func TestW3CPurposesRoundTripAndOthersAreRefused(t *testing.T) {
	for _, p := range []types.StatusPurpose{types.STATUS_PURPOSE_REVOCATION, types.STATUS_PURPOSE_SUSPENSION} {
		got, err := types.ParseW3CPurpose(p.W3CPurpose())
		require.NoError(t, err)
		require.Equal(t, p, got)
	}
	for _, s := range []string{"", "refresh", "message", "Revocation"} {
		_, err := types.ParseW3CPurpose(s)
		require.ErrorIs(t, err, types.ErrInvalidPurpose, s)
		require.Contains(t, err.Error(), fmt.Sprintf("statusPurpose must be revocation or suspension, got %q", s))
	}
	require.Equal(t, "valid", types.STATUS_PURPOSE_REVOCATION.StatusWord(false))
	require.Equal(t, "revoked", types.STATUS_PURPOSE_REVOCATION.StatusWord(true))
	require.Equal(t, "suspended", types.STATUS_PURPOSE_SUSPENSION.StatusWord(true))
}
