package types_test

import (
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

func FuzzDocument(f *testing.F) {
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/did/v1"],"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","verificationMethod":[{"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#key-1","type":"Multikey","controller":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","publicKeyMultibase":"z6MkgSKa37ZrAFaahdaBP1gWaGzxfNT5zaVdSBthvUBvpQmK"}],"authentication":["did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#key-1"]}`))
	f.Add([]byte(`{"@context":"https://www.w3.org/ns/did/v1","id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","controller":"did:ndi:local:VNZFjaiHSYd2KUv5ivm6jV","service":[{"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF#s","type":["A","B"],"serviceEndpoint":{"b":[1,2],"a":"x"}}]}`))
	f.Add([]byte(`{"id":"did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF","verificationMethod":[{"id":"x","type":"JsonWebKey2020","controller":"y","publicKeyJwk":{"kty":"EC","crv":"P-256","x":"AA","y":"BB"}}],"assertionMethod":[{"id":"e","type":"Multikey"}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"@context":[1]}`))
	f.Fuzz(func(t *testing.T, bz []byte) {
		doc, err := types.UnmarshalDIDCore(bz)
		if err != nil {
			return
		}
		_ = types.ValidateDocument(&doc, types.DefaultParams())
		_ = types.CheckSelfCertifying(&doc)
		out, err := doc.MarshalDIDCore()
		if err != nil {
			return
		}
		again, err := types.UnmarshalDIDCore(out)
		if err != nil {
			t.Fatalf("rendered document does not parse: %v\n%s", err, out)
		}
		out2, err := again.MarshalDIDCore()
		if err != nil || string(out2) != string(out) {
			t.Fatalf("DID Core JSON does not round-trip:\n%s\n%s", out, out2)
		}
	})
}
