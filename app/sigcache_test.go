package app

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
)

func TestSigCacheHitAndMissAgree(t *testing.T) {
	key := secp256k1.GenPrivKeyFromSecret([]byte("sig cache"))
	msg := []byte("sign bytes A")
	sig, err := key.Sign(msg)
	require.NoError(t, err)
	c := newSigCache(8)

	require.True(t, c.verify(key.PubKey(), msg, sig), "miss")
	require.Equal(t, 1, c.len(), "a signature that verified is remembered")
	require.True(t, c.verify(key.PubKey(), msg, sig), "hit")
	require.Equal(t, 1, c.len())

	bad := append([]byte(nil), sig...)
	bad[10] ^= 1
	require.False(t, c.verify(key.PubKey(), msg, bad))
	require.False(t, c.verify(key.PubKey(), msg, bad), "a failure is not remembered as a success")
	require.Equal(t, 1, c.len(), "failures are never cached")
}

// A cached signature answers only for its exact (key, bytes, signature):
// the same signature over other bytes, by another key, or altered, is
// verified afresh and refused.
func TestSigCacheNeverAcceptsForgery(t *testing.T) {
	key := secp256k1.GenPrivKeyFromSecret([]byte("signer"))
	other := secp256k1.GenPrivKeyFromSecret([]byte("someone else"))
	a, b := []byte("sign bytes A"), []byte("sign bytes B")
	sigA, err := key.Sign(a)
	require.NoError(t, err)
	c := newSigCache(8)
	require.True(t, c.verify(key.PubKey(), a, sigA))

	require.False(t, c.verify(key.PubKey(), b, sigA), "valid for A, presented for B")
	require.False(t, c.verify(other.PubKey(), a, sigA), "valid for one key, presented for another")
	altered := append([]byte(nil), sigA...)
	altered[0] ^= 0x80
	require.False(t, c.verify(key.PubKey(), a, altered))
	require.Equal(t, 1, c.len())

	// Keys of different types with the same bytes never share an entry.
	edKey := ed25519.GenPrivKeyFromSecret([]byte("ed"))
	edSig, err := edKey.Sign(a)
	require.NoError(t, err)
	require.NotEqual(t, sigCacheKey(key.PubKey(), a, sigA), sigCacheKey(edKey.PubKey(), a, sigA))
	require.True(t, c.verify(edKey.PubKey(), a, edSig))
	require.Equal(t, 2, c.len())
}

func TestSigCacheBound(t *testing.T) {
	const size = 4
	key := secp256k1.GenPrivKeyFromSecret([]byte("bound"))
	c := newSigCache(size)
	type signed struct{ msg, sig []byte }
	var all []signed
	for i := range 3 * size {
		msg := fmt.Appendf(nil, "sign bytes %d", i)
		sig, err := key.Sign(msg)
		require.NoError(t, err)
		all = append(all, signed{msg, sig})
		require.True(t, c.verify(key.PubKey(), msg, sig))
		require.LessOrEqual(t, c.len(), size)
	}
	require.Equal(t, size, c.len())
	// First in, first out: the last size entries are held, the rest are not.
	for i, s := range all {
		_, held := c.entries[sigCacheKey(key.PubKey(), s.msg, s.sig)]
		require.Equal(t, i >= len(all)-size, held, "entry %d", i)
	}
	// An evicted signature still verifies: eviction costs time, never a result.
	require.True(t, c.verify(key.PubKey(), all[0].msg, all[0].sig))
	require.Equal(t, size, c.len())
}

// CheckTx and FinalizeBlock may run at once; the cache stays consistent
// (run with -race to check the locking).
func TestSigCacheConcurrentUse(t *testing.T) {
	const size = 16
	key := secp256k1.GenPrivKeyFromSecret([]byte("concurrent"))
	type signed struct{ msg, sig []byte }
	var all []signed
	for i := range 2 * size {
		msg := fmt.Appendf(nil, "sign bytes %d", i)
		sig, err := key.Sign(msg)
		require.NoError(t, err)
		all = append(all, signed{msg, sig})
	}
	c := newSigCache(size)
	var wg sync.WaitGroup
	results := make([][]bool, 4)
	for w := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range all {
				results[w] = append(results[w], c.verify(key.PubKey(), s.msg, s.sig))
			}
		}()
	}
	wg.Wait()
	for _, r := range results {
		require.NotContains(t, r, false)
	}
	require.Equal(t, size, c.len())
	require.Len(t, c.order, size)
}
