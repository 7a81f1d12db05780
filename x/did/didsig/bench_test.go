package didsig_test

import (
	"testing"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// benchmarkVerify measures one full verification as x/did performs it per
// signature, including key decompression for ECDSA.
func benchmarkVerify(b *testing.B, alg didsig.Algorithm) {
	priv, pub := testKey(b, alg, "bench")
	sig, err := priv.Sign(testMessage)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := pub.Verify(testMessage, sig); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyEd25519(b *testing.B)   { benchmarkVerify(b, didsig.Ed25519) }
func BenchmarkVerifyP256(b *testing.B)      { benchmarkVerify(b, didsig.P256) }
func BenchmarkVerifySecp256k1(b *testing.B) { benchmarkVerify(b, didsig.Secp256k1) }
