package types_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/types"
)

const sampleDID = "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk"

// sampleDocument uses every DID Core member the proto holds: both key
// encodings, references and embedded methods, one- and many-typed services
// with string, map and array endpoints.
func sampleDocument() types.DidDocument {
	return types.DidDocument{
		Context:    []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"},
		Id:         sampleDID,
		Controller: []string{sampleDID},
		VerificationMethod: []types.VerificationMethod{
			{
				Id:                 sampleDID + "#key-1",
				Type:               "Multikey",
				Controller:         sampleDID,
				PublicKeyMultibase: "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
			},
			{
				Id:           sampleDID + "#key-2",
				Type:         "JsonWebKey2020",
				Controller:   sampleDID,
				PublicKeyJwk: &types.Jwk{Kty: "OKP", Crv: "Ed25519", X: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
			},
		},
		Authentication: []types.VerificationRelationship{{Reference: sampleDID + "#key-1"}},
		AssertionMethod: []types.VerificationRelationship{
			{Reference: sampleDID + "#key-1"},
			{Reference: sampleDID + "#key-2"},
		},
		KeyAgreement: []types.VerificationRelationship{{Embedded: &types.VerificationMethod{
			Id:         sampleDID + "#agree-1",
			Type:       "JsonWebKey",
			Controller: sampleDID,
			PublicKeyJwk: &types.Jwk{
				Kty: "EC", Crv: "P-256",
				X: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
				Y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
			},
		}}},
		CapabilityInvocation: []types.VerificationRelationship{{Reference: sampleDID + "#key-1"}},
		Service: []types.Service{
			{Id: sampleDID + "#linked-domain", Type: []string{"LinkedDomains"}, ServiceEndpoint: `"https://example.com/?a=1&b=2"`},
			{Id: sampleDID + "#hub", Type: []string{"DIDCommMessaging", "Hub"}, ServiceEndpoint: `{"accept":["didcomm/v2"],"uri":"https://hub.example.com"}`},
			{Id: sampleDID + "#mirrors", Type: []string{"Mirror"}, ServiceEndpoint: `["https://a.example.com",{"uri":"https://b.example.com"}]`},
		},
		AlsoKnownAs: []string{"https://example.com/alice"},
	}
}

const sampleDocumentJSON = `{
  "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
  "id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",
  "controller": ["did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk"],
  "alsoKnownAs": ["https://example.com/alice"],
  "verificationMethod": [
    {
      "id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-1",
      "type": "Multikey",
      "controller": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",
      "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    },
    {
      "id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-2",
      "type": "JsonWebKey2020",
      "controller": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",
      "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    }
  ],
  "authentication": ["did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-1"],
  "assertionMethod": [
    "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-1",
    "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-2"
  ],
  "keyAgreement": [
    {
      "id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#agree-1",
      "type": "JsonWebKey",
      "controller": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",
      "publicKeyJwk": {
        "kty": "EC", "crv": "P-256",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
      }
    }
  ],
  "capabilityInvocation": ["did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-1"],
  "service": [
    {
      "id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#linked-domain",
      "type": "LinkedDomains",
      "serviceEndpoint": "https://example.com/?a=1&b=2"
    },
    {
      "id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#hub",
      "type": ["DIDCommMessaging", "Hub"],
      "serviceEndpoint": {"accept": ["didcomm/v2"], "uri": "https://hub.example.com"}
    },
    {
      "id": "did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#mirrors",
      "type": "Mirror",
      "serviceEndpoint": ["https://a.example.com", {"uri": "https://b.example.com"}]
    }
  ]
}`

func jsonObject(t *testing.T, bz []byte) map[string]any {
	t.Helper()
	var out map[string]any
	require.NoError(t, json.Unmarshal(bz, &out), string(bz))
	return out
}

// topLevelKeys lists an object's keys in the order they were written.
func topLevelKeys(t *testing.T, bz []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(bz))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func TestDocumentRendersExactDIDCoreJSON(t *testing.T) {
	bz, err := sampleDocument().MarshalDIDCore()
	require.NoError(t, err)
	require.Equal(t, jsonObject(t, []byte(sampleDocumentJSON)), jsonObject(t, bz))

	require.Equal(t, []string{
		"@context", "id", "controller", "alsoKnownAs", "verificationMethod", "authentication",
		"assertionMethod", "keyAgreement", "capabilityInvocation", "service",
	}, topLevelKeys(t, bz), "key order is fixed")

	again, err := sampleDocument().MarshalDIDCore()
	require.NoError(t, err)
	require.Equal(t, bz, again, "rendering is deterministic")

	require.NotContains(t, string(bz), `\u0026`, "'&' in URLs is not HTML-escaped")
	for _, protoName := range []string{"verification_method", "public_key", "also_known_as", "service_endpoint", "reference", "embedded", "Id"} {
		require.NotContains(t, string(bz), `"`+protoName, "proto field names do not leak")
	}
}

func TestCompactJSONKeepsURLBytesAndHasNoNewline(t *testing.T) {
	bz, err := types.CompactJSON(map[string]any{"url": "https://x.example/?a=1&b=<2>", "n": []int{1, 2}})
	require.NoError(t, err)
	require.Equal(t, `{"n":[1,2],"url":"https://x.example/?a=1&b=<2>"}`, string(bz))

	_, err = types.CompactJSON(func() {})
	require.Error(t, err, "a value JSON cannot hold is refused, not rendered")
}

func TestDocumentDIDCoreRoundTrip(t *testing.T) {
	doc := sampleDocument()
	bz, err := doc.MarshalDIDCore()
	require.NoError(t, err)
	back, err := types.UnmarshalDIDCore(bz)
	require.NoError(t, err)
	require.Equal(t, doc, back)

	fromSpec, err := types.UnmarshalDIDCore([]byte(sampleDocumentJSON))
	require.NoError(t, err)
	require.Equal(t, doc, fromSpec, "the hand-written DID Core JSON reads as the sample document")
}

func TestDocumentOmitsEmptyMembers(t *testing.T) {
	doc := types.DidDocument{
		Context:              []string{"https://www.w3.org/ns/did/v1"},
		Id:                   sampleDID,
		Controller:           []string{},
		VerificationMethod:   []types.VerificationMethod{{Id: sampleDID + "#key-1", Type: "JsonWebKey", Controller: sampleDID, PublicKeyJwk: &types.Jwk{Kty: "OKP", Crv: "Ed25519", X: "abc"}}},
		Authentication:       []types.VerificationRelationship{},
		AssertionMethod:      nil,
		KeyAgreement:         []types.VerificationRelationship{},
		CapabilityInvocation: []types.VerificationRelationship{},
		CapabilityDelegation: []types.VerificationRelationship{},
		Service:              []types.Service{},
		AlsoKnownAs:          []string{},
	}
	bz, err := doc.MarshalDIDCore()
	require.NoError(t, err)
	require.Equal(t,
		`{"@context":["https://www.w3.org/ns/did/v1"],"id":"did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk",`+
			`"verificationMethod":[{"id":"did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk#key-1","type":"JsonWebKey",`+
			`"controller":"did:ndi:local:4dUAbYW3DMvHnmmRCjuhzk","publicKeyJwk":{"kty":"OKP","crv":"Ed25519","x":"abc"}}]}`,
		string(bz))
	require.NotContains(t, string(bz), "[]")
	require.NotContains(t, string(bz), `""`)
}

func TestUnmarshalDIDCoreAcceptsEveryDIDCoreForm(t *testing.T) {
	tests := []struct {
		name string
		json string
		want types.DidDocument
	}{
		{
			name: "@context and controller as strings",
			json: `{"@context":"https://www.w3.org/ns/did/v1","id":"did:ndi:local:a","controller":"did:ndi:local:b"}`,
			want: types.DidDocument{Context: []string{"https://www.w3.org/ns/did/v1"}, Id: "did:ndi:local:a", Controller: []string{"did:ndi:local:b"}},
		},
		{
			name: "@context and controller as arrays",
			json: `{"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],"id":"did:ndi:local:a","controller":["did:ndi:local:a","did:ndi:local:b"]}`,
			want: types.DidDocument{Context: []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"}, Id: "did:ndi:local:a", Controller: []string{"did:ndi:local:a", "did:ndi:local:b"}},
		},
		{
			name: "null and empty members read as absent",
			json: `{"id":"did:ndi:local:a","controller":null,"authentication":[],"service":null}`,
			want: types.DidDocument{Id: "did:ndi:local:a"},
		},
		{
			name: "service type as a one-element array reads like a string",
			json: `{"id":"did:ndi:local:a","service":[{"id":"#s","type":["LinkedDomains"],"serviceEndpoint":"https://example.com"}]}`,
			want: types.DidDocument{Id: "did:ndi:local:a", Service: []types.Service{{Id: "#s", Type: []string{"LinkedDomains"}, ServiceEndpoint: `"https://example.com"`}}},
		},
		{
			name: "service endpoint map is stored compact with sorted keys at every depth",
			json: `{"id":"did:ndi:local:a","service":[{"id":"#s","type":"T","serviceEndpoint":{ "uri" : "https://x.example/?a=1&b=<2>", "accept": [ "b", "a" ], "routing": {"z": 1.50, "a": null} }}]}`,
			want: types.DidDocument{Id: "did:ndi:local:a", Service: []types.Service{{Id: "#s", Type: []string{"T"},
				ServiceEndpoint: `{"accept":["b","a"],"routing":{"a":null,"z":1.50},"uri":"https://x.example/?a=1&b=<2>"}`}}},
		},
		{
			name: "service endpoint array of strings and maps",
			json: `{"id":"did:ndi:local:a","service":[{"id":"#s","type":"T","serviceEndpoint":[ "https://a.example", {"b":2,"a":1} ]}]}`,
			want: types.DidDocument{Id: "did:ndi:local:a", Service: []types.Service{{Id: "#s", Type: []string{"T"},
				ServiceEndpoint: `["https://a.example",{"a":1,"b":2}]`}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := types.UnmarshalDIDCore([]byte(tc.json))
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestUnmarshalDIDCoreRefusesWhatTheDocumentCannotHold(t *testing.T) {
	tests := []struct {
		name string
		json string
	}{
		{"not an object", `["did:ndi:local:a"]`},
		{"trailing data", `{"id":"did:ndi:local:a"} {}`},
		{"unknown top-level property is not silently dropped", `{"id":"did:ndi:local:a","services":[]}`},
		{"unknown verification method property", `{"id":"did:ndi:local:a","verificationMethod":[{"id":"#k","type":"Multikey","publicKeyBase58":"abc"}]}`},
		{"unknown embedded method property", `{"id":"did:ndi:local:a","authentication":[{"id":"#k","type":"Multikey","publicKeyHex":"00"}]}`},
		{"relationship entry that is neither string nor object", `{"id":"did:ndi:local:a","authentication":[1]}`},
		{"controller that is a number", `{"id":"did:ndi:local:a","controller":7}`},
		{"@context with an embedded context object", `{"@context":["https://www.w3.org/ns/did/v1",{"@vocab":"x"}],"id":"did:ndi:local:a"}`},
		{"service endpoint that is a number", `{"id":"a","service":[{"id":"#s","type":"T","serviceEndpoint":42}]}`},
		{"service endpoint that is an empty string", `{"id":"a","service":[{"id":"#s","type":"T","serviceEndpoint":""}]}`},
		{"service endpoint that is an empty array", `{"id":"a","service":[{"id":"#s","type":"T","serviceEndpoint":[]}]}`},
		{"service endpoint array holding a number", `{"id":"a","service":[{"id":"#s","type":"T","serviceEndpoint":["https://a.example",3]}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := types.UnmarshalDIDCore([]byte(tc.json))
			require.ErrorIs(t, err, types.ErrInvalidDocument)
		})
	}
}

func TestMarshalDIDCoreRefusesUnrenderableEntries(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*types.DidDocument)
	}{
		{"relationship entry with both a reference and an embedded method", func(d *types.DidDocument) {
			d.Authentication = []types.VerificationRelationship{{Reference: "#key-1", Embedded: &types.VerificationMethod{Id: "#key-9"}}}
		}},
		{"relationship entry with neither", func(d *types.DidDocument) {
			d.CapabilityDelegation = []types.VerificationRelationship{{}}
		}},
		{"service endpoint that is not JSON", func(d *types.DidDocument) {
			d.Service[0].ServiceEndpoint = "https://example.com"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := sampleDocument()
			tc.mutate(&doc)
			_, err := doc.MarshalDIDCore()
			require.ErrorIs(t, err, types.ErrInvalidDocument)
		})
	}
}

func TestMethodAndServiceRenderAsInTheDocument(t *testing.T) {
	doc := sampleDocument()
	docJSON := jsonObject(t, []byte(sampleDocumentJSON))

	bz, err := doc.VerificationMethod[1].MarshalDIDCore()
	require.NoError(t, err)
	require.Equal(t, docJSON["verificationMethod"].([]any)[1], any(jsonObject(t, bz)))

	bz, err = doc.Service[1].MarshalDIDCore()
	require.NoError(t, err)
	require.Equal(t, docJSON["service"].([]any)[1], any(jsonObject(t, bz)))
}

func TestMetadataRendersDIDCoreMetadata(t *testing.T) {
	local := time.FixedZone("UTC+2", 2*60*60)
	updated := time.Date(2026, 3, 4, 7, 8, 9, 999_000_000, local)
	next := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

	tests := []struct {
		name string
		meta types.DidDocumentMetadata
		want string
	}{
		{
			name: "every member, times in UTC whole seconds",
			meta: types.DidDocumentMetadata{
				Created:       time.Date(2026, 1, 2, 3, 4, 5, 600_000_000, time.UTC),
				Updated:       &updated,
				VersionId:     "v2",
				NextUpdate:    &next,
				NextVersionId: "v3",
				Deactivated:   true,
			},
			want: `{"created":"2026-01-02T03:04:05Z","updated":"2026-03-04T05:08:09Z","nextUpdate":"2026-05-06T07:08:09Z",` +
				`"versionId":"v2","nextVersionId":"v3","deactivated":true}`,
		},
		{
			name: "latest active version omits next*, updated and deactivated",
			meta: types.DidDocumentMetadata{Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), VersionId: "v1"},
			want: `{"created":"2026-01-02T03:04:05Z","versionId":"v1"}`,
		},
		{
			name: "nothing known renders as an empty object",
			meta: types.DidDocumentMetadata{Updated: &time.Time{}},
			want: `{}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bz, err := tc.meta.MarshalDIDCore()
			require.NoError(t, err)
			require.Equal(t, tc.want, string(bz))
		})
	}
}

func TestCanonicalServiceEndpoint(t *testing.T) {
	got, err := types.CanonicalServiceEndpoint([]byte(` { "b" : { "d":1, "c":[ {"f":true,"e":"x&y"} ] }, "a" : "u" } `))
	require.NoError(t, err)
	require.Equal(t, `{"a":"u","b":{"c":[{"e":"x&y","f":true}],"d":1}}`, got)

	again, err := types.CanonicalServiceEndpoint([]byte(got))
	require.NoError(t, err)
	require.Equal(t, got, again, "canonical form is a fixed point")

	for _, bad := range []string{``, `nul`, `true`, `null`, `"a" "b"`} {
		_, err := types.CanonicalServiceEndpoint([]byte(bad))
		require.Error(t, err, bad)
	}
}
