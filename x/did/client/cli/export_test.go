package cli

import "testing"

// UseTestKDF makes key files cheap to seal and open (Argon2id, one pass over
// 64 KiB) for the rest of t. It exists only in this package's tests: no
// binary and no flag can weaken the key derivation.
func UseTestKDF(t testing.TB) {
	t.Helper()
	def, floor := defaultArgon2, minArgon2
	cheap := argon2Params{Time: 1, MemoryKiB: 64, Threads: 1}
	defaultArgon2, minArgon2 = cheap, cheap
	t.Cleanup(func() { defaultArgon2, minArgon2 = def, floor })
}

// KDF parameter profiles, for tests that check what files record.
var (
	DefaultKDFTime, DefaultKDFMemoryKiB, DefaultKDFThreads = defaultArgon2.Time, defaultArgon2.MemoryKiB, defaultArgon2.Threads
	MaxKDFMemoryKiB                                        = maxArgon2.MemoryKiB
)
