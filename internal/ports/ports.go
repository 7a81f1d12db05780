// Package ports is the port plan of NDI nodes sharing one machine, defined
// once for `ndid testnet init-files`, the localnet script (through `ndid
// testnet ports`), the process test harness and the load generator: node 0
// of a network at offset 0 listens on the standard ports, and node i adds
// Step·i to each, plus the network's offset.
package ports

// The standard ports of one node (DESIGN §1).
const (
	P2P        = 26656
	RPC        = 26657
	Prometheus = 26660
	GRPC       = 9090
	API        = 1317
	// Step separates consecutive nodes; it exceeds the span of one node's
	// CometBFT ports (26656–26660) so no two nodes collide.
	Step = 10
)

// Node holds the ports of one node.
type Node struct {
	P2P, RPC, Prometheus, GRPC, API int
}

// For returns the ports of node i in a network at offset.
func For(offset, i int) Node {
	d := offset + Step*i
	return Node{P2P: P2P + d, RPC: RPC + d, Prometheus: Prometheus + d, GRPC: GRPC + d, API: API + d}
}

// All lists the node's ports.
func (n Node) All() []int { return []int{n.P2P, n.RPC, n.Prometheus, n.GRPC, n.API} }

// Named returns the port called name (p2p, rpc, prometheus, grpc, api).
func (n Node) Named(name string) (int, bool) {
	switch name {
	case "p2p":
		return n.P2P, true
	case "rpc":
		return n.RPC, true
	case "prometheus":
		return n.Prometheus, true
	case "grpc":
		return n.GRPC, true
	case "api":
		return n.API, true
	default:
		return 0, false
	}
}
