package resolver_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/mux"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ndi-chain/ndi/x/did/client/resolver"
	"github.com/ndi-chain/ndi/x/did/types"
)

const (
	activeDID      = "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk"
	deactivatedDID = "did:ndi:local:7mKx2Qh9VPrTfNbW1cZe3A"
	missingDID     = "did:ndi:local:9zzzzzzzzzzzzzzzzzzzzz"
	otherNetDID    = "did:ndi:othernet:4dUAbYW3DMvHnmmRCjuhzk"
	brokenDID      = "did:ndi:local:Boom"

	prefix = resolver.IdentifiersPath

	problemContentType = "application/problem+json"
	resolutionType     = "application/did-resolution"
	derefType          = "application/did-url-dereferencing"
	ldResolutionType   = `application/ld+json;profile="https://w3id.org/did-resolution"`
)

func fixtureDocument(did string) types.DidDocument {
	return types.DidDocument{
		Context: []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"},
		Id:      did,
		VerificationMethod: []types.VerificationMethod{{
			Id: did + "#key-1", Type: "Multikey", Controller: did,
			PublicKeyMultibase: "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
		}},
		Authentication: []types.VerificationRelationship{{Reference: did + "#key-1"}},
		KeyAgreement: []types.VerificationRelationship{{Embedded: &types.VerificationMethod{
			Id: did + "#agree-1", Type: "JsonWebKey", Controller: did,
			PublicKeyJwk: &types.Jwk{Kty: "EC", Crv: "P-256", X: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", Y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
		}}},
		Service: []types.Service{
			{Id: "#hub", Type: []string{"DIDCommMessaging"}, ServiceEndpoint: `{"uri":"https://hub.example.com/?a=1&b=2"}`},
			{Id: did + "#files", Type: []string{"LinkedDomains"}, ServiceEndpoint: `"https://files.example.com/users/alice/?v=1&w=2"`},
			{Id: "#anchored", Type: []string{"LinkedDomains"}, ServiceEndpoint: `"https://files.example.com/page#top"`},
			{Id: "#mail", Type: []string{"Contact"}, ServiceEndpoint: `"mailto:alice@example.com"`},
		},
	}
}

// The fixtures' DID Core JSON, written out by hand.
const (
	activeDocumentJSON = `{
		"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
		"id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",
		"verificationMethod": [` + activeKey1JSON + `],
		"authentication": ["did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-1"],
		"keyAgreement": [` + activeAgree1JSON + `],
		"service": [` + hubServiceJSON + `, ` + filesServiceJSON + `, ` + anchoredServiceJSON + `, ` + mailServiceJSON + `]
	}`
	activeKey1JSON = `{
		"id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-1", "type": "Multikey",
		"controller": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",
		"publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	}`
	activeAgree1JSON = `{
		"id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#agree-1", "type": "JsonWebKey",
		"controller": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",
		"publicKeyJwk": {"kty": "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
	}`
	hubServiceJSON      = `{"id": "#hub", "type": "DIDCommMessaging", "serviceEndpoint": {"uri": "https://hub.example.com/?a=1&b=2"}}`
	filesServiceJSON    = `{"id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#files", "type": "LinkedDomains", "serviceEndpoint": "https://files.example.com/users/alice/?v=1&w=2"}`
	anchoredServiceJSON = `{"id": "#anchored", "type": "LinkedDomains", "serviceEndpoint": "https://files.example.com/page#top"}`
	mailServiceJSON     = `{"id": "#mail", "type": "Contact", "serviceEndpoint": "mailto:alice@example.com"}`
	activeMetadataJSON  = `{"created": "2026-01-02T03:04:05Z", "updated": "2026-02-03T04:05:06Z", "versionId": "v2"}`
)

// fakeQuery answers Did from fixtures and remembers the last request. Every
// other QueryClient method panics (nil embedded interface).
type fakeQuery struct {
	types.QueryClient
	last *types.QueryDidRequest
}

func (f *fakeQuery) Did(_ context.Context, in *types.QueryDidRequest, _ ...grpc.CallOption) (*types.QueryDidResponse, error) {
	f.last = in
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	updated := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	switch in.Id {
	case activeDID:
		return &types.QueryDidResponse{
			Document: fixtureDocument(activeDID),
			Metadata: types.DidDocumentMetadata{Created: created, Updated: &updated, VersionId: "v2"},
		}, nil
	case deactivatedDID:
		return &types.QueryDidResponse{
			Document: fixtureDocument(deactivatedDID),
			Metadata: types.DidDocumentMetadata{Created: created, Updated: &updated, VersionId: "v3", Deactivated: true},
		}, nil
	case otherNetDID:
		return nil, status.Error(codes.InvalidArgument, "namespace othernet is not served by this chain")
	case brokenDID:
		return nil, errors.New("store: corrupted version index")
	}
	return nil, status.Errorf(codes.NotFound, "DID %s not found", in.Id)
}

// resolutionBody is the expected DID resolution result.
func resolutionBody(document, metadata string) string {
	return `{"didDocument": ` + document + `, "didResolutionMetadata": {"contentType": "application/did+ld+json"}, "didDocumentMetadata": ` + metadata + `}`
}

// dereferencingBody is the expected DID URL dereferencing result of
// content from a DID document.
func dereferencingBody(content, metadata string) string {
	return dereferencingBodyOf("application/did+ld+json", content, metadata)
}

// dereferencingBodyOf is the expected DID URL dereferencing result of
// content of the given media type.
func dereferencingBodyOf(contentType, content, metadata string) string {
	return `{"@context": "https://w3id.org/did-resolution/v1", "dereferencingMetadata": {"contentType": "` + contentType + `"},` +
		` "contentStream": ` + content + `, "contentMetadata": ` + metadata + `}`
}

// problemJSON is the problem object of a DID Resolution error (detail is
// checked separately).
func problemJSON(name string, httpStatus int) map[string]any {
	titles := map[string]string{
		"INVALID_DID": "Invalid DID", "INVALID_DID_URL": "Invalid DID URL", "NOT_FOUND": "Not found",
		"REPRESENTATION_NOT_SUPPORTED": "Representation not supported",
		"METHOD_NOT_SUPPORTED":         "DID method not supported", "INTERNAL_ERROR": "Internal error",
	}
	return map[string]any{"type": "https://www.w3.org/ns/did#" + name, "title": titles[name], "status": float64(httpStatus)}
}

type errorShape int

const (
	bareProblem errorShape = iota + 1
	inResolutionResult
	inDereferencingResult
)

func serve(t *testing.T, h http.Handler, method, target string, accept []string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for _, a := range accept {
		req.Header.Add("Accept", a)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// requireError checks an error answer: status, Content-Type, the problem
// object (with a non-empty detail) and the shape around it.
func requireError(t *testing.T, rec *httptest.ResponseRecorder, shape errorShape, contentType, name string, httpStatus int) {
	t.Helper()
	require.Equal(t, httpStatus, rec.Code, rec.Body.String())
	require.Equal(t, contentType, rec.Header().Get("Content-Type"))
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())

	var p map[string]any
	switch shape {
	case bareProblem:
		p = body
	case inResolutionResult:
		require.Len(t, body, 3, rec.Body.String())
		require.Contains(t, body, "didDocument")
		require.Nil(t, body["didDocument"])
		require.Equal(t, map[string]any{}, body["didDocumentMetadata"])
		resolutionMetadata := body["didResolutionMetadata"].(map[string]any)
		require.Len(t, resolutionMetadata, 1, "only the error")
		p = resolutionMetadata["error"].(map[string]any)
	case inDereferencingResult:
		require.Len(t, body, 4, rec.Body.String())
		require.Equal(t, "https://w3id.org/did-resolution/v1", body["@context"])
		require.Contains(t, body, "contentStream")
		require.Nil(t, body["contentStream"])
		require.Equal(t, map[string]any{}, body["contentMetadata"])
		dereferencingMetadata := body["dereferencingMetadata"].(map[string]any)
		require.Len(t, dereferencingMetadata, 1, "only the error")
		p = dereferencingMetadata["error"].(map[string]any)
	}
	detail, ok := p["detail"].(string)
	require.True(t, ok, "problem has a detail: %v", p)
	require.NotEmpty(t, detail)
	delete(p, "detail")
	require.Equal(t, problemJSON(name, httpStatus), p)
}

func TestResolveDIDAnswersTheNegotiatedRepresentation(t *testing.T) {
	resolution := resolutionBody(activeDocumentJSON, activeMetadataJSON)
	tests := []struct {
		name            string
		accept          []string
		wantContentType string
		wantBody        string
	}{
		{"no Accept header gets the resolution result", nil, resolutionType, resolution},
		{"application/did-resolution gets the resolution result", []string{"application/did-resolution"}, resolutionType, resolution},
		{"*/* gets the resolution result", []string{"*/*"}, resolutionType, resolution},
		{"a browser's Accept gets the resolution result", []string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, resolutionType, resolution},
		{"the ld+json did-resolution profile gets the result under that media type", []string{`application/ld+json;profile="https://w3id.org/did-resolution"`}, ldResolutionType, resolution},
		{"application/did+json gets the bare document", []string{"application/did+json"}, "application/did+json", activeDocumentJSON},
		{"application/did+ld+json gets the bare document", []string{"application/did+ld+json"}, "application/did+ld+json", activeDocumentJSON},
		{"the highest quality wins", []string{"application/did+json;q=0.5, application/did-resolution;q=0.9"}, resolutionType, resolution},
		{"q=0 refuses a type", []string{"application/did-resolution;q=0, application/did+ld+json;q=0.2"}, "application/did+ld+json", activeDocumentJSON},
		{"a specific type outranks */*", []string{"*/*;q=0.1", "application/did+json"}, "application/did+json", activeDocumentJSON},
		{"application/did (DID v1.1) gets the bare document", []string{"application/did"}, "application/did", activeDocumentJSON},
		{
			"application/did-url-dereferencing gets the document as a dereferencing result",
			[]string{"application/did-url-dereferencing"}, derefType, dereferencingBody(activeDocumentJSON, activeMetadataJSON),
		},
	}
	q := &fakeQuery{}
	h := resolver.NewHandler(q)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodGet, prefix+activeDID, tc.accept)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			require.Equal(t, tc.wantContentType, rec.Header().Get("Content-Type"))
			require.JSONEq(t, tc.wantBody, rec.Body.String())
			require.Equal(t, &types.QueryDidRequest{Id: activeDID}, q.last)
		})
	}
}

func TestResolveErrorsMapToDIDResolutionProblems(t *testing.T) {
	tests := []struct {
		name            string
		target          string
		accept          []string
		shape           errorShape
		wantContentType string
		wantError       string
		wantStatus      int
	}{
		{"unsupported representation is 406", prefix + activeDID, []string{"text/html"}, bareProblem, problemContentType, "REPRESENTATION_NOT_SUPPORTED", 406},
		{"plain application/ld+json is not offered", prefix + activeDID, []string{"application/ld+json"}, bareProblem, problemContentType, "REPRESENTATION_NOT_SUPPORTED", 406},
		{"another DID method is 501", prefix + "did:web:example.com", nil, inResolutionResult, resolutionType, "METHOD_NOT_SUPPORTED", 501},
		{"another DID method asked as did+json is a bare problem", prefix + "did:web:example.com", []string{"application/did+json"}, bareProblem, problemContentType, "METHOD_NOT_SUPPORTED", 501},
		{"not a DID is 400", prefix + "not-a-did", nil, inResolutionResult, resolutionType, "INVALID_DID", 400},
		{"nothing after the prefix is 400", prefix, nil, inResolutionResult, resolutionType, "INVALID_DID", 400},
		{"did:ndi without unique-id is 400", prefix + "did:ndi:local", nil, inResolutionResult, resolutionType, "INVALID_DID", 400},
		{"did:ndi with an uppercase namespace is 400", prefix + "did:ndi:Local:4dUAbYW3DMvHnmmRCjuhzk", nil, inResolutionResult, resolutionType, "INVALID_DID", 400},
		{"did:ndi with a non-base58 unique-id is 400", prefix + "did:ndi:local:0OIl", []string{"application/did+ld+json"}, bareProblem, problemContentType, "INVALID_DID", 400},
		{"query InvalidArgument is 400 INVALID_DID", prefix + otherNetDID, nil, inResolutionResult, resolutionType, "INVALID_DID", 400},
		{"query NotFound is 404", prefix + missingDID, nil, inResolutionResult, resolutionType, "NOT_FOUND", 404},
		{"query NotFound in the ld+json profile", prefix + missingDID, []string{ldResolutionType}, inResolutionResult, ldResolutionType, "NOT_FOUND", 404},
		{"query NotFound asked as did+json is a bare problem", prefix + missingDID, []string{"application/did+json"}, bareProblem, problemContentType, "NOT_FOUND", 404},
		{"any other query error is 500", prefix + brokenDID, nil, inResolutionResult, resolutionType, "INTERNAL_ERROR", 500},
		{"malformed versionTime is 400 INVALID_DID_URL", prefix + activeDID + "?versionTime=yesterday", nil, inResolutionResult, resolutionType, "INVALID_DID_URL", 400},
		{"versionId twice is 400 INVALID_DID_URL", prefix + activeDID + "?versionId=v1&versionId=v2", nil, inResolutionResult, resolutionType, "INVALID_DID_URL", 400},
		{"empty versionId is 400 INVALID_DID_URL", prefix + activeDID + "?versionId=", nil, inResolutionResult, resolutionType, "INVALID_DID_URL", 400},
		{"bad percent-encoding is 400 INVALID_DID_URL", prefix + activeDID + "?versionId=%zz", nil, inResolutionResult, resolutionType, "INVALID_DID_URL", 400},
		{"an empty fragment is 400 INVALID_DID_URL", prefix + activeDID + "%23", nil, inResolutionResult, resolutionType, "INVALID_DID_URL", 400},
		{"unknown fragment is 404 in a dereferencing result", prefix + activeDID + "%23nope", nil, inDereferencingResult, derefType, "NOT_FOUND", 404},
		{"a fragment asked as a resolution result is 406: it is not a resolution", prefix + activeDID + "%23key-1", []string{"application/did-resolution"}, bareProblem, problemContentType, "REPRESENTATION_NOT_SUPPORTED", 406},
		{"a fragment asked in the ld+json resolution profile is 406", prefix + activeDID + "%23key-1", []string{ldResolutionType}, bareProblem, problemContentType, "REPRESENTATION_NOT_SUPPORTED", 406},
		{"unknown fragment asked as did+json is a bare problem", prefix + activeDID + "%23nope", []string{"application/did+json"}, bareProblem, problemContentType, "NOT_FOUND", 404},
		{"fragment of a missing DID is 404 in a dereferencing result", prefix + missingDID + "%23key-1", nil, inDereferencingResult, derefType, "NOT_FOUND", 404},
		{"an unknown DID parameter is 400, not ignored", prefix + activeDID + "?hl=zQmWvQxTqbG2Z9HPJgG57jjwR154cKhbtJenbyYTWkjgF3e", nil, inResolutionResult, resolutionType, "INVALID_DID_URL", 400},
		{"an unknown DID parameter inside the DID URL is 400", prefix + activeDID + "%3FtransformKey%3DJsonWebKey", nil, inResolutionResult, resolutionType, "INVALID_DID_URL", 400},
		{"an unknown DID parameter asked as a dereferencing result", prefix + activeDID + "?serviceType=LinkedDomains", []string{derefType}, inDereferencingResult, derefType, "INVALID_DID_URL", 400},
		{"an unknown DID parameter on a path is 400, shaped as the path's answer", prefix + activeDID + "/status/1?hl=x", nil, bareProblem, problemContentType, "INVALID_DID_URL", 400},
		{"an unknown DID parameter on a path asked as a dereferencing result", prefix + activeDID + "/status/1?hl=x", []string{derefType}, inDereferencingResult, derefType, "INVALID_DID_URL", 400},
		{"relativeRef without service is 400", prefix + activeDID + "?relativeRef=%2Fx", nil, bareProblem, problemContentType, "INVALID_DID_URL", 400},
		{"a malformed service asked as a dereferencing result", prefix + activeDID + "?service=a&service=b", []string{derefType}, inDereferencingResult, derefType, "INVALID_DID_URL", 400},
		{"another DID method's DID URL is never labelled a resolution", prefix + "did:web:example.com%23key-1", nil, inDereferencingResult, derefType, "METHOD_NOT_SUPPORTED", 501},
		{"an unknown service is 404", prefix + activeDID + "?service=nope", nil, bareProblem, problemContentType, "NOT_FOUND", 404},
		{"an unknown service asked as a dereferencing result", prefix + activeDID + "?service=nope", []string{derefType}, inDereferencingResult, derefType, "NOT_FOUND", 404},
		{"a service of a missing DID is 404", prefix + missingDID + "?service=files", nil, bareProblem, problemContentType, "NOT_FOUND", 404},
		{"a map serviceEndpoint has no URL to go to: 404", prefix + activeDID + "?service=hub", nil, bareProblem, problemContentType, "NOT_FOUND", 404},
		{"relativeRef against an opaque endpoint is 400", prefix + activeDID + "?service=mail&relativeRef=x", nil, bareProblem, problemContentType, "INVALID_DID_URL", 400},
		{"a fragment cannot replace the endpoint's own", prefix + activeDID + "%3Fservice%3Danchored%23intro", nil, bareProblem, problemContentType, "INVALID_DID_URL", 400},
		{"relativeRef asked as a DID document is 406", prefix + activeDID + "?service=files&relativeRef=%2Fx", []string{"application/did"}, bareProblem, problemContentType, "REPRESENTATION_NOT_SUPPORTED", 406},
		{"a service with a fragment asked as a DID document is 406", prefix + activeDID + "%3Fservice%3Dfiles%23intro", []string{"application/did+json"}, bareProblem, problemContentType, "REPRESENTATION_NOT_SUPPORTED", 406},
		{"a service asked as a resolution result is 406", prefix + activeDID + "?service=files", []string{"application/did-resolution"}, bareProblem, problemContentType, "REPRESENTATION_NOT_SUPPORTED", 406},
		{"a service with a path is 400", prefix + activeDID + "/status/1?service=files", nil, bareProblem, problemContentType, "INVALID_DID_URL", 400},
		{"a path without a dereferencer is 404", prefix + activeDID + "/status/1", nil, bareProblem, problemContentType, "NOT_FOUND", 404},
	}
	h := resolver.NewHandler(&fakeQuery{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodGet, tc.target, tc.accept)
			requireError(t, rec, tc.shape, tc.wantContentType, tc.wantError, tc.wantStatus)
		})
	}
}

func TestProblemObjectIsRFC9457(t *testing.T) {
	h := resolver.NewHandler(&fakeQuery{})
	rec := serve(t, h, http.MethodGet, prefix+missingDID, []string{"application/did+json"})
	require.Equal(t, http.StatusNotFound, rec.Code)
	require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
	require.JSONEq(t, `{
		"type": "https://www.w3.org/ns/did#NOT_FOUND",
		"title": "Not found",
		"status": 404,
		"detail": "DID did:ndi:local:9zzzzzzzzzzzzzzzzzzzzz not found"
	}`, rec.Body.String(), "the gRPC status message is the detail, without the rpc error prefix")

	rec = serve(t, h, http.MethodGet, prefix+missingDID, nil)
	require.Equal(t, http.StatusNotFound, rec.Code)
	require.JSONEq(t, `{
		"didDocument": null,
		"didResolutionMetadata": {"error": {
			"type": "https://www.w3.org/ns/did#NOT_FOUND",
			"title": "Not found",
			"status": 404,
			"detail": "DID did:ndi:local:9zzzzzzzzzzzzzzzzzzzzz not found"
		}},
		"didDocumentMetadata": {}
	}`, rec.Body.String())
}

func TestDeactivatedDIDAnswers410WithItsDocument(t *testing.T) {
	deactivatedDocument, err := fixtureDocument(deactivatedDID).MarshalDIDCore()
	require.NoError(t, err)
	metadata := `{"created": "2026-01-02T03:04:05Z", "updated": "2026-02-03T04:05:06Z", "versionId": "v3", "deactivated": true}`
	key1 := `{"id": "` + deactivatedDID + `#key-1", "type": "Multikey", "controller": "` + deactivatedDID + `",
		"publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}`

	tests := []struct {
		name            string
		target          string
		accept          []string
		wantContentType string
		wantBody        string
	}{
		{"resolution result carries deactivated: true", prefix + deactivatedDID, nil, resolutionType, resolutionBody(string(deactivatedDocument), metadata)},
		{"bare document", prefix + deactivatedDID, []string{"application/did+json"}, "application/did+json", string(deactivatedDocument)},
		{"a method of a deactivated DID", prefix + deactivatedDID + "%23key-1", nil, derefType, dereferencingBody(key1, metadata)},
		{"a method of a deactivated DID bare", prefix + deactivatedDID + "%23key-1", []string{"application/did"}, "application/did", key1},
		{
			"a service of a deactivated DID is not followed: no 303",
			prefix + deactivatedDID + "?service=files&relativeRef=x", nil, derefType,
			dereferencingBodyOf("text/uri-list", `"https://files.example.com/users/alice/x"`, metadata),
		},
	}
	h := resolver.NewHandler(&fakeQuery{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodGet, tc.target, tc.accept)
			require.Equal(t, http.StatusGone, rec.Code)
			require.Equal(t, tc.wantContentType, rec.Header().Get("Content-Type"))
			require.JSONEq(t, tc.wantBody, rec.Body.String())
		})
	}
}

func TestFragmentDereferencesMethodOrService(t *testing.T) {
	tests := []struct {
		name            string
		target          string
		accept          []string
		wantContentType string
		wantBody        string
	}{
		{"verification method in a dereferencing result", prefix + activeDID + "%23key-1", nil, derefType, dereferencingBody(activeKey1JSON, activeMetadataJSON)},
		{"*/* gets the dereferencing result", prefix + activeDID + "%23key-1", []string{"*/*"}, derefType, dereferencingBody(activeKey1JSON, activeMetadataJSON)},
		{"a browser's Accept gets the dereferencing result", prefix + activeDID + "%23key-1", []string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, derefType, dereferencingBody(activeKey1JSON, activeMetadataJSON)},
		{"application/did-url-dereferencing", prefix + activeDID + "%23key-1", []string{derefType}, derefType, dereferencingBody(activeKey1JSON, activeMetadataJSON)},
		{"verification method as application/did", prefix + activeDID + "%23key-1", []string{"application/did"}, "application/did", activeKey1JSON},
		{"verification method bare", prefix + activeDID + "%23key-1", []string{"application/did+json"}, "application/did+json", activeKey1JSON},
		{"verification method bare JSON-LD", prefix + activeDID + "%23key-1", []string{"application/did+ld+json"}, "application/did+ld+json", activeKey1JSON},
		{"method embedded in keyAgreement", prefix + activeDID + "%23agree-1", nil, derefType, dereferencingBody(activeAgree1JSON, activeMetadataJSON)},
		{"service with a relative id", prefix + activeDID + "%23hub", []string{"application/did+json"}, "application/did+json", hubServiceJSON},
		{"an encoded DID with lowercase escapes", prefix + "did%3andi%3alocal%3a4dUAbYW3DMvHnmmRCjuhzk%23hub", nil, derefType, dereferencingBody(hubServiceJSON, activeMetadataJSON)},
		{"service with an absolute id", prefix + activeDID + "%23files", []string{"application/did+json"}, "application/did+json", filesServiceJSON},
	}
	h := resolver.NewHandler(&fakeQuery{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodGet, tc.target, tc.accept)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			require.Equal(t, tc.wantContentType, rec.Header().Get("Content-Type"))
			require.JSONEq(t, tc.wantBody, rec.Body.String())
		})
	}
}

func TestDIDParametersReachTheQuery(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		target string
		want   *types.QueryDidRequest
	}{
		{"versionId in the HTTP query", prefix + activeDID + "?versionId=v1", &types.QueryDidRequest{Id: activeDID, VersionId: "v1"}},
		{"versionTime in UTC", prefix + activeDID + "?versionTime=2026-01-02T03:04:05Z", &types.QueryDidRequest{Id: activeDID, VersionTime: &at}},
		{"versionTime with a literal + offset", prefix + activeDID + "?versionTime=2026-01-02T05:04:05+02:00", &types.QueryDidRequest{Id: activeDID, VersionTime: &at}},
		{"versionTime with an encoded + offset", prefix + activeDID + "?versionTime=2026-01-02T05:04:05%2B02:00", &types.QueryDidRequest{Id: activeDID, VersionTime: &at}},
		{"versionId inside the encoded DID URL", prefix + activeDID + "%3FversionId%3Dv1", &types.QueryDidRequest{Id: activeDID, VersionId: "v1"}},
		{"versionTime with a service selection", prefix + activeDID + "?service=files&versionTime=2026-01-02T03:04:05Z", &types.QueryDidRequest{Id: activeDID, VersionTime: &at}},
		{"versionId with a fragment", prefix + activeDID + "%3FversionId%3Dv1%23key-1", &types.QueryDidRequest{Id: activeDID, VersionId: "v1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := &fakeQuery{}
			rec := serve(t, resolver.NewHandler(q), http.MethodGet, tc.target, []string{derefType})
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			require.Equal(t, tc.want, q.last)
		})
	}
}

func TestPathsGoToTheirDereferencer(t *testing.T) {
	type call struct{ did, path, accept string }
	var calls []call
	statusLists := func(_ context.Context, req resolver.PathRequest) (resolver.PathContent, error) {
		calls = append(calls, call{req.DID, req.Path, req.HTTP.Header.Get("Accept")})
		if req.Path == "/status/missing" {
			return resolver.PathContent{}, status.Error(codes.NotFound, "no status list missing")
		}
		if req.Path == "/status/broken" {
			return resolver.PathContent{}, errors.New("disk on fire")
		}
		return resolver.PathContent{ContentType: "application/vc+jwt", Body: []byte("eyJhbGciOi.list")}, nil
	}
	other := func(context.Context, resolver.PathRequest) (resolver.PathContent, error) {
		return resolver.PathContent{ContentType: "text/plain", Body: []byte("other")}, nil
	}
	h := resolver.NewHandler(&fakeQuery{},
		resolver.WithPathDereferencer("/", other),
		resolver.WithPathDereferencer("/status/", statusLists))

	rec := serve(t, h, http.MethodGet, prefix+activeDID+"/status/1", []string{"application/vc+jwt"})
	require.Equal(t, http.StatusOK, rec.Code, "the dereferencer negotiates its own content: no 406")
	require.Equal(t, "application/vc+jwt", rec.Header().Get("Content-Type"))
	require.Equal(t, "eyJhbGciOi.list", rec.Body.String())
	require.Equal(t, []call{{activeDID, "/status/1", "application/vc+jwt"}}, calls, "longest prefix wins")

	var got resolver.PathRequest
	h2 := resolver.NewHandler(&fakeQuery{}, resolver.WithPathDereferencer("/status/", func(_ context.Context, req resolver.PathRequest) (resolver.PathContent, error) {
		got = req
		return resolver.PathContent{ContentType: "application/json", Body: []byte("{}")}, nil
	}))
	rec = serve(t, h2, http.MethodGet, prefix+activeDID+"/status/1?versionTime=2026-01-02T03:04:05%2B01:00", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	require.NotNil(t, got.VersionTime, "DID parameters reach the dereferencer parsed")
	require.Equal(t, "2026-01-02T02:04:05Z", got.VersionTime.Format(time.RFC3339))
	rec = serve(t, h2, http.MethodGet, prefix+activeDID+"/status/1%3FversionId%3Dv7", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "v7", got.VersionID, "parameters inside the DID URL count too")

	rec = serve(t, h, http.MethodGet, prefix+activeDID+"/about", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "other", rec.Body.String())

	rec = serve(t, h, http.MethodGet, prefix+activeDID+"/status/missing", nil)
	requireError(t, rec, bareProblem, problemContentType, "NOT_FOUND", 404)

	rec = serve(t, h, http.MethodGet, prefix+activeDID+"/status/broken", nil)
	requireError(t, rec, bareProblem, problemContentType, "INTERNAL_ERROR", 500)

	rec = serve(t, h, http.MethodGet, prefix+"did:web:example.com/status/1", nil)
	requireError(t, rec, bareProblem, problemContentType, "METHOD_NOT_SUPPORTED", 501)
}

func TestOnlyGETAndHEADAreAnswered(t *testing.T) {
	rec := serve(t, resolver.NewHandler(&fakeQuery{}), http.MethodPost, prefix+activeDID, nil)
	require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	require.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))
	require.Equal(t, problemContentType, rec.Header().Get("Content-Type"))
}

func TestRegisterRoutesServesTheBindingOnAMuxRouter(t *testing.T) {
	router := mux.NewRouter()
	resolver.RegisterRoutes(router, &fakeQuery{},
		resolver.WithPathDereferencer("/status/", func(context.Context, resolver.PathRequest) (resolver.PathContent, error) {
			return resolver.PathContent{ContentType: "application/json", Body: []byte(`{"list":1}`)}, nil
		}))
	srv := httptest.NewServer(router)
	defer srv.Close()

	get := func(target, accept string) (*http.Response, map[string]any) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+target, nil)
		require.NoError(t, err)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		var body map[string]any
		require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
		return res, body
	}

	res, body := get(prefix+activeDID, "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, activeDID, body["didDocument"].(map[string]any)["id"])

	res, body = get(prefix+activeDID+"%23key-1", "application/did+json")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, activeDID+"#key-1", body["id"])

	res, body = get(prefix+activeDID+"/status/7", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, map[string]any{"list": float64(1)}, body)

	res, _ = get(prefix+"did:web:example.com", "")
	require.Equal(t, http.StatusNotImplemented, res.StatusCode)
}

func TestServiceParameterSelectsTheServiceEndpoint(t *testing.T) {
	const files = "https://files.example.com/users/alice/?v=1&w=2"
	docWithFiles := `{
		"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
		"id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",
		"verificationMethod": [` + activeKey1JSON + `],
		"authentication": ["did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-1"],
		"keyAgreement": [` + activeAgree1JSON + `],
		"service": [` + filesServiceJSON + `]
	}`
	tests := []struct {
		name            string
		target          string
		accept          []string
		wantStatus      int
		wantLocation    string
		wantContentType string
		wantBody        string // JSON; "" for an empty body
	}{
		{"no Accept redirects to the endpoint", prefix + activeDID + "?service=files", nil, http.StatusSeeOther, files, "", ""},
		{"*/* redirects", prefix + activeDID + "?service=files", []string{"*/*"}, http.StatusSeeOther, files, "", ""},
		{"text/uri-list redirects", prefix + activeDID + "?service=files", []string{"text/uri-list"}, http.StatusSeeOther, files, "", ""},
		{"service named #fragment", prefix + activeDID + "?service=%23files", nil, http.StatusSeeOther, files, "", ""},
		{"service named by its absolute id", prefix + activeDID + "?service=" + activeDID + "%23files", nil, http.StatusSeeOther, files, "", ""},
		{
			"an absolute-path relativeRef replaces the endpoint's path and query",
			prefix + activeDID + "?service=files&relativeRef=%2Fresume.pdf%3Fversion%3Dlatest", nil,
			http.StatusSeeOther, "https://files.example.com/resume.pdf?version=latest", "", "",
		},
		{
			"a relative-path relativeRef resolves against the endpoint's directory",
			prefix + activeDID + "?service=files&relativeRef=cv%2Fdoc.pdf", nil,
			http.StatusSeeOther, "https://files.example.com/users/alice/cv/doc.pdf", "", "",
		},
		{
			"dot segments cannot climb above the endpoint's host",
			prefix + activeDID + "?service=files&relativeRef=..%2F..%2F..%2Fetc", nil,
			http.StatusSeeOther, "https://files.example.com/etc", "", "",
		},
		{
			"the whole DID URL encoded in the path, with a fragment the endpoint inherits",
			prefix + activeDID + "%3Fservice%3Dfiles%26relativeRef%3D%252Fmyresume%252Fdoc%253Fversion%253Dlatest%23intro", nil,
			http.StatusSeeOther, "https://files.example.com/myresume/doc?version=latest#intro", "", "",
		},
		{
			"application/did-url-dereferencing gets the URL as a text/uri-list result",
			prefix + activeDID + "?service=files&relativeRef=%2Fa%3Fb%3D1%26c%3D2", []string{derefType},
			http.StatusOK, "", derefType, dereferencingBodyOf("text/uri-list", `"https://files.example.com/a?b=1&c=2"`, activeMetadataJSON),
		},
		{
			"a map endpoint without relativeRef, as a DID document with only that service",
			prefix + activeDID + "?service=files", []string{"application/did"},
			http.StatusOK, "", "application/did", docWithFiles,
		},
		{
			"the DID document with only that service as did+json",
			prefix + activeDID + "?service=files", []string{"application/did+json"},
			http.StatusOK, "", "application/did+json", docWithFiles,
		},
	}
	h := resolver.NewHandler(&fakeQuery{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodGet, tc.target, tc.accept)
			require.Equal(t, tc.wantStatus, rec.Code, rec.Body.String())
			require.Equal(t, tc.wantLocation, rec.Header().Get("Location"))
			require.Equal(t, tc.wantContentType, rec.Header().Get("Content-Type"))
			if tc.wantBody == "" {
				require.Empty(t, rec.Body.String())
				return
			}
			require.JSONEq(t, tc.wantBody, rec.Body.String())
		})
	}
}

// An attacker who can get a victim to open a link on the chain's resolver
// tries to turn its 303 into an open redirect to a host of their choosing.
func TestRelativeRefCannotRedirectToAnotherHost(t *testing.T) {
	h := resolver.NewHandler(&fakeQuery{})
	for _, relativeRef := range []string{
		"https:%2F%2Fevil.example%2Fphish",
		"%2F%2Fevil.example%2Fphish",
		"%5C%5Cevil.example",
		"javascript:alert(1)",
		"HTTPS:evil.example",
		"%2Fx%0D%0ALocation:%20https:%2F%2Fevil.example",
	} {
		t.Run(relativeRef, func(t *testing.T) {
			rec := serve(t, h, http.MethodGet, prefix+activeDID+"?service=files&relativeRef="+relativeRef, nil)
			if rec.Code == http.StatusSeeOther {
				location := rec.Header().Get("Location")
				require.True(t, strings.HasPrefix(location, "https://files.example.com/"), "redirected to %q", location)
				return
			}
			requireError(t, rec, bareProblem, problemContentType, "INVALID_DID_URL", 400)
			require.Empty(t, rec.Header().Get("Location"))
		})
	}
}

func TestPathAsADereferencingResult(t *testing.T) {
	var sawAccept []string
	h := resolver.NewHandler(&fakeQuery{},
		resolver.WithPathDereferencer("/status/", func(_ context.Context, req resolver.PathRequest) (resolver.PathContent, error) {
			sawAccept = append(sawAccept, req.HTTP.Header.Get("Accept"))
			switch req.Path {
			case "/status/missing":
				return resolver.PathContent{}, status.Error(codes.NotFound, "no status list missing")
			case "/status/jwt":
				return resolver.PathContent{ContentType: "application/vc+jwt", Body: []byte("eyJhbGciOi.list")}, nil
			}
			return resolver.PathContent{ContentType: "application/vc+ld+json", Body: []byte(`{"type":["VerifiableCredential"],"url":"https://x.example/?a=1&b=2"}`)}, nil
		}))
	tests := []struct {
		name            string
		target          string
		accept          []string
		wantStatus      int
		wantContentType string
		wantBody        string
	}{
		{
			"JSON content is the contentStream itself", prefix + activeDID + "/status/1", []string{derefType},
			200, derefType, dereferencingBodyOf("application/vc+ld+json", `{"type":["VerifiableCredential"],"url":"https://x.example/?a=1&b=2"}`, "{}"),
		},
		{
			"other content is a JSON string", prefix + activeDID + "/status/jwt", []string{derefType},
			200, derefType, dereferencingBodyOf("application/vc+jwt", `"eyJhbGciOi.list"`, "{}"),
		},
		{
			"a preferred concrete type goes to the dereferencer", prefix + activeDID + "/status/1", []string{derefType + ";q=0.5, application/vc+ld+json"},
			200, "application/vc+ld+json", `{"type":["VerifiableCredential"],"url":"https://x.example/?a=1&b=2"}`,
		},
		{
			"*/* goes to the dereferencer", prefix + activeDID + "/status/1", []string{"*/*"},
			200, "application/vc+ld+json", `{"type":["VerifiableCredential"],"url":"https://x.example/?a=1&b=2"}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodGet, tc.target, tc.accept)
			require.Equal(t, tc.wantStatus, rec.Code, rec.Body.String())
			require.Equal(t, tc.wantContentType, rec.Header().Get("Content-Type"))
			require.JSONEq(t, tc.wantBody, rec.Body.String())
		})
	}
	require.Equal(t, []string{"", "", derefType + ";q=0.5, application/vc+ld+json", "*/*"}, sawAccept,
		"asked for a result, the dereferencer is asked without an Accept header")

	rec := serve(t, h, http.MethodGet, prefix+activeDID+"/status/missing", []string{derefType})
	requireError(t, rec, inDereferencingResult, derefType, "NOT_FOUND", 404)
	rec = serve(t, h, http.MethodGet, prefix+activeDID+"/nothing-here", []string{derefType})
	requireError(t, rec, inDereferencingResult, derefType, "NOT_FOUND", 404)
}
