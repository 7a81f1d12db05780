package procnet

import (
	"context"
	"fmt"
	"time"
)

// WaitCommitted polls the node's RPC /tx until the transaction is in a
// block, whatever its result code, for at most timeout or until ctx ends.
// A node that does not answer is asked again: it may be restarting.
func (n *Node) WaitCommitted(ctx context.Context, hash string, timeout time.Duration) (*CommittedTx, error) {
	deadline := time.Now().Add(timeout)
	for {
		callCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		c, err := n.CommittedTx(callCtx, hash)
		cancel()
		if err == nil {
			return c, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("tx %s not committed after %s: %w", hash, timeout, err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("tx %s: %w", hash, ctx.Err())
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// WaitCaughtUp polls the node's RPC /status until it has left block sync
// (catching_up is false).
func (n *Node) WaitCaughtUp(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		st, err := n.Status(ctx)
		cancel()
		if err == nil && !st.CatchingUp {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s still catching up after %s (last error %v)", n.Name, timeout, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// MaxHeight returns the highest latest height among nodes; every one of
// them must answer.
func MaxHeight(ctx context.Context, nodes []*Node) (int64, error) {
	var top int64
	for _, n := range nodes {
		h, err := n.Height(ctx)
		if err != nil {
			return 0, err
		}
		top = max(top, h)
	}
	return top, nil
}
