package types_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/ndi-chain/ndi/x/did/types"
)

func FuzzParseDID(f *testing.F) {
	for _, s := range []string{
		"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF", "did:ndi:mainnet:VNZFjaiHSYd2KUv5ivm6jV", "did:ndi:local:0OIl",
		"did:web:example.com", "did:ndi:Local:9PqXGvX2ZGKKg2x3GgQAMF", "did:ndi::", "did:ndi:local:9PqX:extra", "",
		"did:ndi:local:\u0100", "did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#key-1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := types.ParseDID(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDID(%q) accepted but renders as %q", s, d.String())
		}
		if _, err := types.ParseDID(d.String()); err != nil {
			t.Fatalf("rendered DID %q does not parse: %v", d.String(), err)
		}
	})
}

// fuzzBaseDocument is a valid document (under DefaultParams) with one
// service, whose endpoint FuzzDocument fills in (withEndpoint).
const fuzzBaseDocument = `{"@context":["https://www.w3.org/ns/did/v1"],"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","verificationMethod":[{"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#key-1","type":"Multikey","controller":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","publicKeyMultibase":"z6MkgSKa37ZrAFaahdaBP1gWaGzxfNT5zaVdSBthvUBvpQmK"}],"authentication":["did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#key-1"],"service":[{"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#s","type":"X"%s}]}`

// FuzzDocument checks the two properties docs/did-method.md §2 promises:
//
//   - round trip: any DID Core JSON the parser accepts renders, and the
//     rendering parses back to the same proto document and renders to the
//     same bytes (DID Core JSON → proto → DID Core JSON → proto);
//   - accepted ⇔ canonical: a proto document whose serviceEndpoint is fuzzed
//     text is accepted only when it is the canonical form, i.e. a fixed
//     point of proto → DID Core JSON → proto; a non-canonical one is refused
//     with ErrInvalidDocument; and a canonical one is accepted exactly when
//     the same endpoint, written by any producer as DID Core JSON, is.
func FuzzDocument(f *testing.F) {
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/did/v1"],"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","verificationMethod":[{"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#key-1","type":"Multikey","controller":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","publicKeyMultibase":"z6MkgSKa37ZrAFaahdaBP1gWaGzxfNT5zaVdSBthvUBvpQmK"}],"authentication":["did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#key-1"]}`), `"https://a.example/?a=1&b=2"`)
	f.Add([]byte(`{"@context":"https://www.w3.org/ns/did/v1","id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","controller":"did:ndi:local:VNZFjaiHSYd2KUv5ivm6jV","service":[{"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#s","type":["A","B"],"serviceEndpoint":{"b":[1,2],"a":"x"}}]}`), `{"b":[1,2],"a":"x"}`)
	f.Add([]byte(`{"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","verificationMethod":[{"id":"x","type":"JsonWebKey2020","controller":"y","publicKeyJwk":{"kty":"EC","crv":"P-256","x":"AA","y":"BB"}}],"assertionMethod":[{"id":"e","type":"Multikey"}]}`), `"https://a.example/\u0026"`)
	f.Add([]byte(`[]`), `["https://a.example", {"a":"https://b.example"}]`)
	f.Add([]byte(`{"@context":[1]}`), `{"a":"https://b.example","a":"https://c.example"}`)
	f.Add([]byte(`{}`), `"relative/path"`)
	f.Add([]byte(`{}`), ` "https://a.example" `)
	f.Fuzz(func(t *testing.T, bz []byte, endpoint string) {
		// Round trip of whatever DID Core JSON parses.
		if doc, err := types.UnmarshalDIDCore(bz); err == nil {
			_ = types.CheckSelfCertifying(&doc) // must not panic on any parsed document
			out, err := doc.MarshalDIDCore()
			if err != nil {
				t.Fatalf("a parsed document does not render: %v\n%s", err, bz)
			}
			again, err := types.UnmarshalDIDCore(out)
			if err != nil {
				t.Fatalf("rendered DID Core JSON does not parse: %v\n%s", err, out)
			}
			if !sameProto(t, &doc, &again) {
				t.Fatalf("DID Core JSON → proto → DID Core JSON → proto changed the document:\n%s\n%s", bz, out)
			}
			out2, err := again.MarshalDIDCore()
			if err != nil || !bytes.Equal(out, out2) {
				t.Fatalf("DID Core JSON does not round-trip (%v):\n%s\n%s", err, out, out2)
			}
		}

		// Accepted ⇔ canonical, for a proto document with this endpoint.
		base, err := types.UnmarshalDIDCore(withEndpoint(`"https://a.example"`))
		if err != nil {
			t.Fatalf("base document: %v", err)
		}
		base.Service[0].ServiceEndpoint = endpoint
		verr := types.ValidateDocument(&base, types.DefaultParams())
		canonical := isDIDCoreFixedPoint(t, base)
		if verr == nil && !canonical {
			t.Fatalf("a non-canonical serviceEndpoint %q was accepted", endpoint)
		}
		if !canonical && !errors.Is(verr, types.ErrInvalidDocument) {
			t.Fatalf("a non-canonical serviceEndpoint %q was refused with %v, want ErrInvalidDocument", endpoint, verr)
		}
		if !canonical {
			return
		}
		// The same endpoint arriving as DID Core JSON, from any producer,
		// parses to this very document and is judged the same.
		fromJSON, err := types.UnmarshalDIDCore(withEndpoint(endpoint))
		if err != nil {
			t.Fatalf("canonical serviceEndpoint %q does not parse as DID Core JSON: %v", endpoint, err)
		}
		if !sameProto(t, &base, &fromJSON) {
			t.Fatalf("serviceEndpoint %q: DID Core JSON parses to %q", endpoint, fromJSON.Service[0].ServiceEndpoint)
		}
		if jErr := types.ValidateDocument(&fromJSON, types.DefaultParams()); (verr == nil) != (jErr == nil) {
			t.Fatalf("serviceEndpoint %q: proto document %v, DID Core JSON %v", endpoint, verr, jErr)
		}
	})
}

// withEndpoint is fuzzBaseDocument with endpoint as the service's
// serviceEndpoint; the empty endpoint (an empty proto field) is the absent
// member.
func withEndpoint(endpoint string) []byte {
	if endpoint == "" {
		return []byte(fmt.Sprintf(fuzzBaseDocument, ""))
	}
	return []byte(fmt.Sprintf(fuzzBaseDocument, `,"serviceEndpoint":`+endpoint))
}

// isDIDCoreFixedPoint reports whether doc survives proto → DID Core JSON →
// proto unchanged: the canonical form. A document that does not render, or
// whose rendering does not parse, is not canonical.
func isDIDCoreFixedPoint(t *testing.T, doc types.DidDocument) bool {
	t.Helper()
	out, err := doc.MarshalDIDCore()
	if err != nil {
		return false
	}
	again, err := types.UnmarshalDIDCore(out)
	if err != nil {
		return false
	}
	return sameProto(t, &doc, &again)
}

// sameProto compares two documents by their protobuf encoding, the bytes
// the chain stores and signs.
func sameProto(t *testing.T, a, b *types.DidDocument) bool {
	t.Helper()
	abz, err := a.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	bbz, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(abz, bbz)
}
