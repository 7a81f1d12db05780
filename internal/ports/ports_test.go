package ports_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/internal/ports"
)

func TestPlan(t *testing.T) {
	require.Equal(t, ports.Node{P2P: 26656, RPC: 26657, Prometheus: 26660, GRPC: 9090, API: 1317}, ports.For(0, 0))
	require.Equal(t, ports.Node{P2P: 27686, RPC: 27687, Prometheus: 27690, GRPC: 10120, API: 2347}, ports.For(1000, 3))
	seen := map[int]bool{}
	for i := range 8 {
		for _, p := range ports.For(0, i).All() {
			require.False(t, seen[p], "port %d used twice", p)
			seen[p] = true
		}
	}
	rpc, ok := ports.For(0, 2).Named("rpc")
	require.True(t, ok)
	require.Equal(t, 26677, rpc)
	_, ok = ports.For(0, 0).Named("ssh")
	require.False(t, ok)
}
