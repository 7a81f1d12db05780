// Package lightsource is the verifier's Source that trusts no node: the
// modules' own query code (verifier/proof) run over reads proven against
// the app hash of a header the CometBFT light client (verifier/light)
// verified. It is apart from package verifier so that the node's API
// server, which imports verifier, does not link the light client.
package lightsource

import (
	"context"
	"fmt"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/ndi-chain/ndi/verifier"
	"github.com/ndi-chain/ndi/verifier/light"
	"github.com/ndi-chain/ndi/verifier/proof"
)

// Source is a verifier.Source that trusts no node: the modules' own query code
// run over reads proven (ICS23) against the app hash of a header the
// CometBFT light client verified from the trust root.
type Source struct {
	*proof.Source
	trust verifier.Trust
}

// New verifies the newest header lc can and proves every read
// against it, querying the light client's primary.
func New(ctx context.Context, lc *light.Client) (*Source, error) {
	rpc, err := rpchttp.New(lc.Primary(), "/websocket")
	if err != nil {
		return nil, fmt.Errorf("primary %s: %w", lc.Primary(), err)
	}
	return NewWith(ctx, lc, rpc)
}

// NewWith is New with the ABCI queries sent to q.
func NewWith(ctx context.Context, lc *light.Client, q proof.ABCIQuerier) (*Source, error) {
	root, err := lc.Root(ctx)
	if err != nil {
		return nil, fmt.Errorf("light client: %w", err)
	}
	src, err := proof.NewSource(q, proof.Root(root))
	if err != nil {
		return nil, err
	}
	trustHeight, _, trustSource := lc.TrustSource()
	return &Source{Source: src, trust: verifier.Trust{
		Mode: verifier.TrustLight, Node: lc.Primary(), Height: root.Height, Time: root.Time.UTC(),
		Note: fmt.Sprintf("an answer is believed only once proven (ICS23) against the app hash in header %d, which the CometBFT light client verified from the trust root at height %d (%s); a check whose answers did not prove is undecided",
			root.Height+1, trustHeight, trustSource),
		Warnings: lc.Warnings(),
	}}, nil
}

// Trust implements verifier.Source.
func (s *Source) Trust() verifier.Trust { return s.trust }
