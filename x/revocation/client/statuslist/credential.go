// Package statuslist renders a status list as a W3C
// BitstringStatusListCredential (VC Data Model 2.0 shape) and plugs it into
// the DID Resolution HTTP binding, so `GET /1.0/identifiers/<did>/status/<name>`
// answers what standard status-list libraries read.
package statuslist

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
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

// Cache-Control of the answers. The latest list changes with each update,
// so a cache may keep it but must revalidate it (the ETag makes that a
// 304). A past version is final once a later version exists: nothing can
// then be written at or before the time asked, so it never changes.
const (
	CacheControlLatest = "no-cache"
	CacheControlFinal  = "public, max-age=31536000, immutable"
)

// JSONContentType is served to clients that ask for plain JSON.
const JSONContentType = "application/json"

// Dereferencer answers did:ndi:…/status/<name> (with the DID parameter
// versionTime for a past state) with the list's credential, as
// application/vc+ld+json or application/json (406 for anything else), with
// a strong ETag and a Cache-Control (CacheControlLatest or
// CacheControlFinal). Status lists have no version ids, so versionId is
// refused rather than ignored.
func Dereferencer(q types.QueryClient) resolver.PathDereferencer {
	return func(ctx context.Context, r resolver.PathRequest) (resolver.PathContent, error) {
		if r.VersionID != "" {
			return resolver.PathContent{}, status.Error(codes.InvalidArgument, "status lists have no versionId; ask with versionTime")
		}
		contentType, err := r.Negotiate(ContentType, JSONContentType)
		if err != nil {
			return resolver.PathContent{}, err
		}
		listID := types.ListID(r.DID, strings.TrimPrefix(r.Path, PathPrefix))
		cacheControl := CacheControlLatest
		var latest uint64
		if r.VersionTime != nil {
			// The latest sequence, read before the answer: if the answer's
			// sequence is below it, a later version was already written,
			// after the time asked, so the answer is final. (Index 0's
			// status carries the list's sequence without the whole list.)
			st, err := q.CredentialStatus(ctx, types.NewQueryCredentialStatusRequest(listID, 0, nil))
			if err != nil {
				return resolver.PathContent{}, err
			}
			latest = st.Sequence
		}
		res, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: listID, AtTime: r.VersionTime})
		if err != nil {
			return resolver.PathContent{}, err
		}
		if r.VersionTime != nil && res.Sequence < latest {
			cacheControl = CacheControlFinal
		}
		body, err := json.Marshal(NewCredential(res))
		if err != nil {
			return resolver.PathContent{}, err
		}
		return resolver.PathContent{ContentType: contentType, Body: body, ETag: ETag(contentType, body), CacheControl: cacheControl}, nil
	}
}

// ETag is the strong entity tag of body served as contentType: a hash of
// both, so it changes with the list's sequence (the body carries validFrom
// and the encodedList) and never names two different answers.
func ETag(contentType string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(contentType))
	h.Write([]byte{0})
	h.Write(body)
	return `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18]) + `"`
}
