// Package statuslist renders a status list as a W3C
// BitstringStatusListCredential (VC Data Model 2.0 shape) and plugs it into
// the DID Resolution HTTP binding, so `GET /1.0/identifiers/<did>/status/<name>`
// answers what standard status-list libraries read.
package statuslist

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ndi-chain/ndi/x/did/client/resolver"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

// PathPrefix is the DID URL path under which status lists are dereferenced.
const PathPrefix = "/status/"

// ContentType of the credential: an unsecured VC (the chain, not a proof,
// vouches for it; a verifier that wants proof queries a node it trusts or
// checks the ABCI proof).
const ContentType = "application/vc+ld+json"

// Credential is a BitstringStatusListCredential.
type Credential struct {
	Context           []string `json:"@context"`
	ID                string   `json:"id"`
	Type              []string `json:"type"`
	Issuer            string   `json:"issuer"`
	ValidFrom         string   `json:"validFrom"`
	CredentialSubject Subject  `json:"credentialSubject"`
}

// Subject is the BitstringStatusList credential subject.
type Subject struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	StatusPurpose string `json:"statusPurpose"`
	EncodedList   string `json:"encodedList"`
}

// NewCredential renders the answer of a StatusList query.
func NewCredential(res *types.QueryStatusListResponse) Credential {
	return Credential{
		Context:   []string{"https://www.w3.org/ns/credentials/v2"},
		ID:        res.List.Id,
		Type:      []string{"VerifiableCredential", "BitstringStatusListCredential"},
		Issuer:    res.List.IssuerDid,
		ValidFrom: res.AsOf.UTC().Format(time.RFC3339),
		CredentialSubject: Subject{
			ID:            res.List.Id + "#list",
			Type:          "BitstringStatusList",
			StatusPurpose: res.List.Purpose.W3CPurpose(),
			EncodedList:   res.EncodedList,
		},
	}
}

// Dereferencer answers did:ndi:…/status/<name> (with the DID parameter
// versionTime for a past state) with the list's credential. Status lists
// have no version ids, so versionId is refused rather than ignored.
func Dereferencer(q types.QueryClient) resolver.PathDereferencer {
	return func(ctx context.Context, r resolver.PathRequest) (string, []byte, error) {
		if r.VersionID != "" {
			return "", nil, status.Error(codes.InvalidArgument, "status lists have no versionId; ask with versionTime")
		}
		name := strings.TrimPrefix(r.Path, PathPrefix)
		req := &types.QueryStatusListRequest{ListId: types.ListID(r.DID, name), AtTime: r.VersionTime}
		res, err := q.StatusList(ctx, req)
		if err != nil {
			return "", nil, err
		}
		body, err := json.Marshal(NewCredential(res))
		return ContentType, body, err
	}
}
