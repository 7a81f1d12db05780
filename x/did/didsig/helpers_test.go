package didsig_test

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// allAlgorithms lists every supported algorithm in a fixed order.
var allAlgorithms = []didsig.Algorithm{didsig.Ed25519, didsig.P256, didsig.Secp256k1}

// seededReader is a deterministic byte stream (iterated SHA-256), so keys and
// therefore every expected value in these tests are the same on each run.
type seededReader struct {
	block [sha256.Size]byte
	used  int
}

func newSeededReader(seed string) *seededReader {
	return &seededReader{block: sha256.Sum256([]byte(seed))}
}

func (r *seededReader) Read(p []byte) (int, error) {
	for i := range p {
		if r.used == len(r.block) {
			r.block = sha256.Sum256(r.block[:])
			r.used = 0
		}
		p[i] = r.block[r.used]
		r.used++
	}
	return len(p), nil
}

// testKey returns a fixed private key and its public key for alg; a different
// seed gives a different key.
func testKey(t testing.TB, alg didsig.Algorithm, seed string) (didsig.PrivateKey, didsig.PublicKey) {
	t.Helper()
	priv, err := didsig.GeneratePrivateKey(alg, newSeededReader(alg.String()+"/"+seed))
	require.NoError(t, err)
	pub, err := priv.PublicKey()
	require.NoError(t, err)
	return priv, pub
}

// offCurvePoint returns a 33-byte compressed encoding whose x coordinate has
// no point on alg's curve: the smallest such x.
func offCurvePoint(t testing.TB, alg didsig.Algorithm) []byte {
	t.Helper()
	for x := byte(1); x < 255; x++ {
		point := make([]byte, 33)
		point[0], point[32] = 0x02, x
		if _, err := didsig.NewPublicKey(alg, point); err != nil {
			require.ErrorIs(t, err, didsig.ErrInvalidPublicKey)
			return point
		}
	}
	t.Fatalf("no off-curve x below 255 for %s", alg)
	return nil
}

func fmtSprintf(format string, arg any) string { return fmt.Sprintf(format, arg) }
