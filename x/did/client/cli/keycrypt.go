package cli

import (
	"crypto/rand"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// The names a version-2 key file gives its KDF and cipher. A reader refuses
// any other name rather than guess.
const (
	kdfArgon2id             = "argon2id"
	cipherXChaCha20Poly1305 = "xchacha20-poly1305"

	saltSize          = 16 // RFC 9106 §3.1: 128 bits
	derivedKeySize    = chacha20poly1305.KeySize
	minPassphraseSize = 12 // bytes, for a new encryption; an existing file opens with any non-empty passphrase
	maxPassphraseSize = 1024
)

// argon2Params are the Argon2id cost parameters, stored in every key file so
// a file opens with the parameters it was sealed with, whatever today's
// default is.
type argon2Params struct {
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
}

var (
	// defaultArgon2 is RFC 9106's second recommended option (§4): 3 passes
	// over 64 MiB with 4 lanes, about a tenth of a second per key on a
	// server core, which makes each guess of an offline attacker as dear.
	defaultArgon2 = argon2Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

	// minArgon2 is the weakest cost a key file may carry (OWASP's Argon2id
	// minimum: 2 passes over 19 MiB). A file below it is refused, so a weak
	// file cannot pass for a protected one.
	minArgon2 = argon2Params{Time: 2, MemoryKiB: 19 * 1024, Threads: 1}

	// maxArgon2 bounds what a key file may ask for, so a corrupted or hostile
	// file cannot make the CLI allocate gigabytes or spin for minutes.
	maxArgon2 = argon2Params{Time: 16, MemoryKiB: 1024 * 1024, Threads: 16}
)

// check refuses parameters outside [minArgon2, maxArgon2].
func (p argon2Params) check() error {
	if p.Time < minArgon2.Time || p.Time > maxArgon2.Time {
		return ErrKeyFileFormat.Wrapf("kdf_params.time %d: want %d to %d", p.Time, minArgon2.Time, maxArgon2.Time)
	}
	if p.MemoryKiB < minArgon2.MemoryKiB || p.MemoryKiB > maxArgon2.MemoryKiB {
		return ErrKeyFileFormat.Wrapf("kdf_params.memory_kib %d: want %d to %d", p.MemoryKiB, minArgon2.MemoryKiB, maxArgon2.MemoryKiB)
	}
	if p.Threads < minArgon2.Threads || p.Threads > maxArgon2.Threads {
		return ErrKeyFileFormat.Wrapf("kdf_params.threads %d: want %d to %d", p.Threads, minArgon2.Threads, maxArgon2.Threads)
	}
	return nil
}

// sealedKey is the encrypted private key of a version-2 key file.
type sealedKey struct {
	KDF        string       `json:"kdf"`
	KDFParams  argon2Params `json:"kdf_params"`
	Salt       []byte       `json:"salt"` // base64 in JSON
	Cipher     string       `json:"cipher"`
	Nonce      []byte       `json:"nonce"`
	Ciphertext []byte       `json:"ciphertext"` // private key bytes, then the 16-byte Poly1305 tag
}

// associatedData is what the AEAD authenticates besides the ciphertext: the
// file's clear-text header. Changing the algorithm, the public key or the
// KDF parameters of a file makes it fail to open, exactly as a changed
// ciphertext does. The key name is left out so a file may be renamed.
func associatedData(algorithm, publicKeyMultibase string, s sealedKey) []byte {
	return fmt.Appendf(nil, "ndi-did-key/v%d\nalgorithm=%s\npublic_key_multibase=%s\nkdf=%s time=%d memory_kib=%d threads=%d\ncipher=%s",
		versionEncrypted, algorithm, publicKeyMultibase, s.KDF, s.KDFParams.Time, s.KDFParams.MemoryKiB, s.KDFParams.Threads, s.Cipher)
}

// seal encrypts secret under passphrase with fresh salt and nonce.
func seal(passphrase, secret []byte, algorithm, publicKeyMultibase string) (sealedKey, error) {
	if len(passphrase) < minPassphraseSize || len(passphrase) > maxPassphraseSize {
		return sealedKey{}, ErrPassphraseLength.Wrapf("%d bytes; a new key needs %d to %d", len(passphrase), minPassphraseSize, maxPassphraseSize)
	}
	s := sealedKey{
		KDF: kdfArgon2id, KDFParams: defaultArgon2, Cipher: cipherXChaCha20Poly1305,
		Salt: make([]byte, saltSize), Nonce: make([]byte, chacha20poly1305.NonceSizeX),
	}
	if _, err := rand.Read(s.Salt); err != nil {
		return sealedKey{}, err
	}
	// XChaCha20's 192-bit nonce makes random nonces safe however many files
	// are sealed (no birthday bound worth counting).
	if _, err := rand.Read(s.Nonce); err != nil {
		return sealedKey{}, err
	}
	key := deriveKey(passphrase, s)
	defer clear(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return sealedKey{}, err
	}
	s.Ciphertext = aead.Seal(nil, s.Nonce, secret, associatedData(algorithm, publicKeyMultibase, s))
	return s, nil
}

// open decrypts s. A wrong passphrase and an altered file (ciphertext,
// nonce, salt or clear-text header) fail alike, with ErrWrongPassphrase: the
// AEAD cannot tell them apart, and neither should an attacker.
func (s sealedKey) open(passphrase []byte, algorithm, publicKeyMultibase string) ([]byte, error) {
	if s.KDF != kdfArgon2id {
		return nil, ErrKeyFileFormat.Wrapf("kdf %q: want %q", s.KDF, kdfArgon2id)
	}
	if err := s.KDFParams.check(); err != nil {
		return nil, err
	}
	if s.Cipher != cipherXChaCha20Poly1305 {
		return nil, ErrKeyFileFormat.Wrapf("cipher %q: want %q", s.Cipher, cipherXChaCha20Poly1305)
	}
	if len(s.Salt) != saltSize {
		return nil, ErrKeyFileFormat.Wrapf("salt: %d bytes, want %d", len(s.Salt), saltSize)
	}
	if len(s.Nonce) != chacha20poly1305.NonceSizeX {
		return nil, ErrKeyFileFormat.Wrapf("nonce: %d bytes, want %d", len(s.Nonce), chacha20poly1305.NonceSizeX)
	}
	if len(passphrase) == 0 || len(passphrase) > maxPassphraseSize {
		return nil, ErrPassphraseLength.Wrapf("%d bytes; want 1 to %d", len(passphrase), maxPassphraseSize)
	}
	key := deriveKey(passphrase, s)
	defer clear(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	secret, err := aead.Open(nil, s.Nonce, s.Ciphertext, associatedData(algorithm, publicKeyMultibase, s))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return secret, nil
}

func deriveKey(passphrase []byte, s sealedKey) []byte {
	return argon2.IDKey(passphrase, s.Salt, s.KDFParams.Time, s.KDFParams.MemoryKiB, s.KDFParams.Threads, derivedKeySize)
}
