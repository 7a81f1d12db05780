package credential_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ndi-chain/ndi/verifier/credential"
	"github.com/ndi-chain/ndi/x/did/didsig"
)

// FuzzParse feeds Parse arbitrary input. Whatever it is given, Parse and
// Verify must not panic, every error must wrap one of the package's
// sentinels, and a credential Parse accepts must survive its own
// MarshalJSON and ParseCredential.
func FuzzParse(f *testing.F) {
	keys := keyring{}
	for _, a := range jwsAlgs {
		iss := newIssuer(f, a.key)
		keys[iss.vm] = publicKey(f, iss.key)
		compact, err := credential.SignJWT(degree(f), iss.signer)
		if err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(compact))
	}
	for _, d := range diSuites {
		iss := newIssuer(f, d.key)
		signed, err := credential.SignDataIntegrity(degree(f), d.suite, iss.signer, time.Unix(1768469467, 0))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(signed)
	}
	for _, vector := range []string{
		"vc-di-eddsa/eddsa-jcs-2022/signedJCS.json",
		"vc-di-ecdsa/ecdsa-jcs-2019-p256/signedJCSECDSAP256.json",
		"vc-di-ecdsa/ecdsa-jcs-2019-p384/signedJCSECDSAP384.json",
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "w3c", vector))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(fullCredential))
	f.Add([]byte(`eyJhbGciOiJub25lIn0.eyJ9.`))
	f.Add([]byte(`{"proof":[{}],"proof":{}}`))
	f.Add([]byte(""))

	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := credential.Parse(raw)
		if err != nil {
			if !wrapsSentinel(err) {
				t.Fatalf("Parse error wraps no sentinel: %v", err)
			}
			return
		}
		if s.Format() != credential.FormatJWT && s.Format() != credential.FormatDataIntegrity {
			t.Fatalf("unknown format %q", s.Format())
		}
		if _, err := credential.MethodDID(s.VerificationMethod()); err != nil {
			t.Fatalf("accepted verification method %q: %v", s.VerificationMethod(), err)
		}
		out, err := s.Credential().MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of an accepted credential: %v", err)
		}
		if _, err := credential.ParseCredential(out); err != nil {
			t.Fatalf("an accepted credential does not re-parse: %v\n%s", err, out)
		}
		if err := s.Verify(context.Background(), keys.resolve); err != nil && !wrapsSentinel(err) {
			t.Fatalf("Verify error wraps no sentinel: %v", err)
		}
		noKey := func(context.Context, string) (didsig.PublicKey, error) { return didsig.PublicKey{}, errNoSuchMethod }
		if err := s.Verify(context.Background(), noKey); err == nil || !wrapsSentinel(err) {
			t.Fatalf("Verify without a key: %v", err)
		}
	})
}
