package procnet

import (
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"

	"github.com/ndi-chain/ndi/internal/ports"
)

// Offsets are searched in [minOffset, maxPort-...] so every port stays below
// Linux's ephemeral range (32768+), where outgoing connections could
// already hold them, and clear of a default localnet (offset 0).
const (
	minOffset = 1000
	maxPort   = 32767
)

// pickPortOffset returns an offset, a multiple of 100, at which all ports of
// n nodes can be bound on 127.0.0.1 right now. It starts at a random
// candidate so parallel test processes rarely race for the same block.
func pickPortOffset(n int) (int, error) {
	if n < 1 {
		return 0, fmt.Errorf("pick ports: need at least one node, got %d", n)
	}
	width := (ports.Step*n + 99) / 100 * 100
	maxOffset := maxPort - ports.For(0, n-1).Prometheus
	count := (maxOffset-minOffset)/width + 1
	if maxOffset < minOffset || count < 1 {
		return 0, fmt.Errorf("pick ports: %d nodes do not fit below port %d", n, maxPort)
	}
	first := rand.IntN(count)
	for j := range count {
		k := minOffset + ((first+j)%count)*width
		if portsFree(k, n) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("pick ports: no free block of ports for %d nodes (tried %d offsets from %d)", n, count, minOffset)
}

func portsFree(k, n int) bool {
	var held []net.Listener
	defer func() {
		for _, l := range held {
			_ = l.Close()
		}
	}()
	for i := range n {
		for _, p := range ports.For(k, i).All() {
			l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
			if err != nil {
				return false
			}
			held = append(held, l)
		}
	}
	return true
}
