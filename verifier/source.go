package verifier

import (
	"context"
	"fmt"
	"time"

	gogogrpc "github.com/cosmos/gogoproto/grpc"

	acctypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// Source answers the chain questions a verdict needs. The method
// signatures are the modules' own query services, so a Source is either a
// node's gRPC clients (NodeSource: trusted, unproven) or the modules' query
// code run over proven state (verifier/proof: trusted by nobody).
type Source interface {
	Did(ctx context.Context, req *didtypes.QueryDidRequest) (*didtypes.QueryDidResponse, error)
	VerifyIssuer(ctx context.Context, req *acctypes.QueryVerifyIssuerRequest) (*acctypes.QueryVerifyIssuerResponse, error)
	CredentialType(ctx context.Context, req *acctypes.QueryCredentialTypeRequest) (*acctypes.QueryCredentialTypeResponse, error)
	StatusList(ctx context.Context, req *revtypes.QueryStatusListRequest) (*revtypes.QueryStatusListResponse, error)
	CredentialStatus(ctx context.Context, req *revtypes.QueryCredentialStatusRequest) (*revtypes.QueryCredentialStatusResponse, error)
	// Trust says whose word the answers are, and as of which block.
	Trust() Trust
}

// Trust describes the answers a verdict rests on.
type Trust struct {
	// Mode is TrustLight (every answer proven against a header the light
	// client verified) or TrustNode (the node's word).
	Mode string `json:"mode"`
	// Node is the endpoint the answers came from.
	Node string `json:"node,omitempty"`
	// Height and Time are the block the answers are as of; Time is the
	// "now" of the verdict.
	Height int64     `json:"height"`
	Time   time.Time `json:"time"`
	// Note says in words what the mode does and does not establish.
	Note string `json:"note"`
	// Warnings are the light client's caveats (for example no independent
	// witness).
	Warnings []string `json:"warnings,omitempty"`
}

const (
	// TrustLight: answers proven by ICS23 against light-client-verified headers.
	TrustLight = "light"
	// TrustNode: answers taken on the node's word (--trust-node).
	TrustNode = "node"
)

// NodeSource is a Source that believes a node: its gRPC query services.
type NodeSource struct {
	did   didtypes.QueryClient
	acc   acctypes.QueryClient
	rev   revtypes.QueryClient
	trust Trust
}

// NewNodeSource takes answers from conn without proof. height and at are the
// node's latest block, the verdict's "now".
func NewNodeSource(conn gogogrpc.ClientConn, node string, height int64, at time.Time) *NodeSource {
	return &NodeSource{
		did: didtypes.NewQueryClient(conn),
		acc: acctypes.NewQueryClient(conn),
		rev: revtypes.NewQueryClient(conn),
		trust: Trust{
			Mode: TrustNode, Node: node, Height: height, Time: at.UTC(),
			Note: fmt.Sprintf("answers were taken on the word of %s and not proven: a node that lies can change this verdict", node),
		},
	}
}

// Did implements Source.
func (s *NodeSource) Did(ctx context.Context, req *didtypes.QueryDidRequest) (*didtypes.QueryDidResponse, error) {
	return s.did.Did(ctx, req)
}

// VerifyIssuer implements Source.
func (s *NodeSource) VerifyIssuer(ctx context.Context, req *acctypes.QueryVerifyIssuerRequest) (*acctypes.QueryVerifyIssuerResponse, error) {
	return s.acc.VerifyIssuer(ctx, req)
}

// CredentialType implements Source.
func (s *NodeSource) CredentialType(ctx context.Context, req *acctypes.QueryCredentialTypeRequest) (*acctypes.QueryCredentialTypeResponse, error) {
	return s.acc.CredentialType(ctx, req)
}

// StatusList implements Source.
func (s *NodeSource) StatusList(ctx context.Context, req *revtypes.QueryStatusListRequest) (*revtypes.QueryStatusListResponse, error) {
	return s.rev.StatusList(ctx, req)
}

// CredentialStatus implements Source.
func (s *NodeSource) CredentialStatus(ctx context.Context, req *revtypes.QueryCredentialStatusRequest) (*revtypes.QueryCredentialStatusResponse, error) {
	return s.rev.CredentialStatus(ctx, req)
}

// Trust implements Source.
func (s *NodeSource) Trust() Trust { return s.trust }
