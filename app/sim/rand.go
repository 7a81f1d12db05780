package sim

import (
	"encoding/binary"
	"math/rand/v2"
)

// rng is the run's only source of randomness: a PCG seeded from the run
// seed. Keys, choices and payloads are all drawn from it, in a fixed order,
// so a seed fixes the whole run.
type rng struct {
	*rand.Rand
}

func newRNG(seed uint64) *rng {
	return &rng{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Read fills p from the generator: an io.Reader for key generation.
func (r *rng) Read(p []byte) (int, error) {
	var buf [8]byte
	for i := 0; i < len(p); i += 8 {
		binary.LittleEndian.PutUint64(buf[:], r.Uint64())
		copy(p[i:], buf[:])
	}
	return len(p), nil
}

// bytes returns n random bytes.
func (r *rng) bytes(n int) []byte {
	b := make([]byte, n)
	_, _ = r.Read(b)
	return b
}

// chance is true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// between returns an int in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// pick returns a random element of s; s must not be empty.
func pick[T any](r *rng, s []T) T { return s[r.IntN(len(s))] }
