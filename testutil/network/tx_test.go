package network_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	abci "github.com/cometbft/cometbft/abci/types"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/testutil/network"
)

func TestEventValuesInOrderAcrossEvents(t *testing.T) {
	res := &sdk.TxResponse{Events: []abci.Event{
		{Type: "transfer", Attributes: []abci.EventAttribute{{Key: "id", Value: "no"}}},
		{Type: "create", Attributes: []abci.EventAttribute{{Key: "id", Value: "a"}, {Key: "other", Value: "x"}}},
		{Type: "create", Attributes: []abci.EventAttribute{{Key: "id", Value: "b"}}},
	}}
	require.Equal(t, []string{"a", "b"}, network.EventValues(res, "create", "id"))
	require.Empty(t, network.EventValues(res, "create", "missing"))
	require.Empty(t, network.EventValues(res, "missing", "id"))
}
