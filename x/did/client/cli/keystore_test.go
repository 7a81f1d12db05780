package cli_test

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/client/cli"
	"github.com/ndi-chain/ndi/x/did/didsig"
)

var passphrase = []byte("correct horse battery staple")

func encryptedStore(t *testing.T) (cli.KeyStore, string) {
	t.Helper()
	home := t.TempDir()
	return cli.NewKeyStore(home).WithPassphrase(cli.StaticPassphrase(passphrase)), home
}

func keyPath(home, name string) string {
	return filepath.Join(home, "did-keys", name+".json")
}

func readKeyJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(bz, &m))
	return m
}

func writeKeyJSON(t *testing.T, path string, m map[string]any) {
	t.Helper()
	bz, err := json.Marshal(m)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, bz, 0o600))
}

// secretEncodings are the forms a private key could leak in.
func secretEncodings(priv didsig.PrivateKey) []string {
	return []string{
		hex.EncodeToString(priv.Bytes),
		strings.ToUpper(hex.EncodeToString(priv.Bytes)),
		base64.StdEncoding.EncodeToString(priv.Bytes),
		base64.RawStdEncoding.EncodeToString(priv.Bytes),
		base64.RawURLEncoding.EncodeToString(priv.Bytes),
	}
}

func requireNoSecret(t *testing.T, text string, priv didsig.PrivateKey) {
	t.Helper()
	for _, enc := range secretEncodings(priv) {
		require.NotContains(t, text, enc)
	}
}

func TestEncryptedKeyRoundTripsForEveryAlgorithm(t *testing.T) {
	cli.UseTestKDF(t)
	for _, alg := range []didsig.Algorithm{didsig.Ed25519, didsig.P256, didsig.Secp256k1} {
		t.Run(alg.String(), func(t *testing.T) {
			ks, home := encryptedStore(t)
			pub, err := ks.Generate("alice", alg)
			require.NoError(t, err)

			priv, loaded, err := ks.Load("alice")
			require.NoError(t, err)
			require.True(t, loaded.Equal(pub))
			derived, err := priv.PublicKey()
			require.NoError(t, err)
			require.True(t, derived.Equal(pub))

			file := readKeyJSON(t, keyPath(home, "alice"))
			require.EqualValues(t, 2, file["version"])
			require.NotContains(t, file, "private_key", "an encrypted file holds no clear private key")
			bz, err := os.ReadFile(keyPath(home, "alice"))
			require.NoError(t, err)
			requireNoSecret(t, string(bz), priv)

			info, err := cli.NewKeyStore(home).Info("alice")
			require.NoError(t, err, "public information needs no passphrase")
			require.True(t, info.Encrypted)
			require.True(t, info.PublicKey.Equal(pub))
		})
	}
}

func TestNewKeysRecordTheDefaultKDFParametersAndOpenWithThem(t *testing.T) {
	// The production profile, not the test one: the default must lie within
	// the bounds a reader accepts.
	ks, home := encryptedStore(t)
	pub, err := ks.Generate("anchor", didsig.Ed25519)
	require.NoError(t, err)
	crypto := readKeyJSON(t, keyPath(home, "anchor"))["crypto"].(map[string]any)
	require.Equal(t, "argon2id", crypto["kdf"])
	require.Equal(t, "xchacha20-poly1305", crypto["cipher"])
	params := crypto["kdf_params"].(map[string]any)
	require.EqualValues(t, cli.DefaultKDFTime, params["time"])
	require.EqualValues(t, cli.DefaultKDFMemoryKiB, params["memory_kib"])
	require.EqualValues(t, cli.DefaultKDFThreads, params["threads"])
	require.EqualValues(t, 3, params["time"])
	require.EqualValues(t, 64*1024, params["memory_kib"])
	salt, err := base64.StdEncoding.DecodeString(crypto["salt"].(string))
	require.NoError(t, err)
	require.Len(t, salt, 16)
	nonce, err := base64.StdEncoding.DecodeString(crypto["nonce"].(string))
	require.NoError(t, err)
	require.Len(t, nonce, 24)

	_, loaded, err := ks.Load("anchor")
	require.NoError(t, err)
	require.True(t, loaded.Equal(pub))
}

func TestEncryptedKeyRefusesAWrongOrMissingPassphrase(t *testing.T) {
	cli.UseTestKDF(t)
	ks, home := encryptedStore(t)
	_, err := ks.Generate("alice", didsig.Ed25519)
	require.NoError(t, err)

	_, _, err = cli.NewKeyStore(home).WithPassphrase(cli.StaticPassphrase([]byte("correct horse battery stapler"))).Load("alice")
	require.ErrorIs(t, err, cli.ErrWrongPassphrase)
	require.Contains(t, err.Error(), keyPath(home, "alice"))

	_, _, err = cli.NewKeyStore(home).WithPassphrase(cli.StaticPassphrase(nil)).Load("alice")
	require.ErrorIs(t, err, cli.ErrPassphraseLength)

	_, _, err = cli.NewKeyStore(home).Load("alice")
	require.ErrorIs(t, err, cli.ErrPassphraseRequired)
}

func TestNewKeyNeedsAPassphraseOfAtLeast12Bytes(t *testing.T) {
	cli.UseTestKDF(t)
	home := t.TempDir()
	_, err := cli.NewKeyStore(home).WithPassphrase(cli.StaticPassphrase([]byte("short-pass1"))).Generate("alice", didsig.Ed25519)
	require.ErrorIs(t, err, cli.ErrPassphraseLength)
	_, err = cli.NewKeyStore(home).Generate("alice", didsig.Ed25519)
	require.ErrorIs(t, err, cli.ErrPassphraseRequired)
	names, err := cli.NewKeyStore(home).List()
	require.NoError(t, err)
	require.Empty(t, names, "a refused key leaves no file")
}

func TestGenerateRefusesATakenOrInvalidName(t *testing.T) {
	cli.UseTestKDF(t)
	ks, home := encryptedStore(t)
	pub, err := ks.Generate("alice", didsig.Ed25519)
	require.NoError(t, err)
	_, err = ks.Generate("alice", didsig.P256)
	require.ErrorIs(t, err, cli.ErrKeyExists)
	_, err = ks.GenerateUnencrypted("alice", didsig.P256)
	require.ErrorIs(t, err, cli.ErrKeyExists)
	_, loaded, err := ks.Load("alice")
	require.NoError(t, err)
	require.True(t, loaded.Equal(pub), "the first key is untouched")

	for _, name := range []string{"", "../alice", ".hidden", "a/b", strings.Repeat("a", 65)} {
		_, err = ks.Generate(name, didsig.Ed25519)
		require.ErrorIs(t, err, cli.ErrInvalidKeyName, name)
	}
	_, err = ks.Info("nobody")
	require.ErrorIs(t, err, cli.ErrKeyNotFound)
	_, err = cli.NewKeyStore(t.TempDir()).Info("nobody")
	require.ErrorIs(t, err, cli.ErrKeyNotFound)
	require.NoFileExists(t, filepath.Join(home, "alice.json"), "a name cannot leave the key directory")
}

// An attacker who can write a key file (a backup, a shared disk) but does
// not know the passphrase alters it; the key store must not hand out a key
// that differs from what was sealed.
func TestTamperedEncryptedKeyFileIsRefused(t *testing.T) {
	cli.UseTestKDF(t)
	ks, home := encryptedStore(t)
	_, err := ks.Generate("alice", didsig.Ed25519)
	require.NoError(t, err)
	mallory, err := ks.Generate("mallory", didsig.P256)
	require.NoError(t, err)
	original := readKeyJSON(t, keyPath(home, "alice"))
	other := readKeyJSON(t, keyPath(home, "mallory"))

	flip := func(field string, at int) func(m map[string]any) {
		return func(m map[string]any) {
			c := m["crypto"].(map[string]any)
			raw, err := base64.StdEncoding.DecodeString(c[field].(string))
			require.NoError(t, err)
			if at < 0 {
				at += len(raw)
			}
			raw[at] ^= 0x01
			c[field] = base64.StdEncoding.EncodeToString(raw)
		}
	}
	for _, tc := range []struct {
		name   string
		tamper func(m map[string]any)
		want   error
	}{
		{"a flipped ciphertext byte", flip("ciphertext", 0), cli.ErrWrongPassphrase},
		{"a flipped tag byte", flip("ciphertext", -1), cli.ErrWrongPassphrase},
		{"a flipped nonce byte", flip("nonce", 0), cli.ErrWrongPassphrase},
		{"a flipped salt byte", flip("salt", 0), cli.ErrWrongPassphrase},
		{"a truncated ciphertext", func(m map[string]any) {
			c := m["crypto"].(map[string]any)
			raw, _ := base64.StdEncoding.DecodeString(c["ciphertext"].(string))
			c["ciphertext"] = base64.StdEncoding.EncodeToString(raw[:len(raw)-1])
		}, cli.ErrWrongPassphrase},
		{"another key's public key and algorithm in the header", func(m map[string]any) {
			m["algorithm"], m["public_key_multibase"] = "p256", mallory.Multikey()
		}, cli.ErrWrongPassphrase},
		{"another key's sealed key under this header", func(m map[string]any) {
			m["crypto"] = other["crypto"]
		}, cli.ErrWrongPassphrase},
		{"a changed KDF cost", func(m map[string]any) {
			m["crypto"].(map[string]any)["kdf_params"].(map[string]any)["time"] = 2
		}, cli.ErrWrongPassphrase},
		{"an algorithm that does not match the public key", func(m map[string]any) { m["algorithm"] = "secp256k1" }, cli.ErrKeyFileFormat},
		{"an unknown version", func(m map[string]any) { m["version"] = 3 }, cli.ErrKeyFileFormat},
		{"an unknown KDF", func(m map[string]any) { m["crypto"].(map[string]any)["kdf"] = "pbkdf2" }, cli.ErrKeyFileFormat},
		{"an unknown cipher", func(m map[string]any) { m["crypto"].(map[string]any)["cipher"] = "aes-256-gcm" }, cli.ErrKeyFileFormat},
		{"a KDF cost below the floor", func(m map[string]any) {
			m["crypto"].(map[string]any)["kdf_params"].(map[string]any)["time"] = 0
		}, cli.ErrKeyFileFormat},
		{"a KDF memory above the ceiling", func(m map[string]any) {
			m["crypto"].(map[string]any)["kdf_params"].(map[string]any)["memory_kib"] = cli.MaxKDFMemoryKiB + 1
		}, cli.ErrKeyFileFormat},
		{"a short nonce", func(m map[string]any) {
			m["crypto"].(map[string]any)["nonce"] = base64.StdEncoding.EncodeToString(make([]byte, 12))
		}, cli.ErrKeyFileFormat},
		{"a clear private key beside the sealed one", func(m map[string]any) {
			m["private_key"] = base64.StdEncoding.EncodeToString(make([]byte, 32))
		}, cli.ErrKeyFileFormat},
		{"the version field removed, making it a plaintext file without a key", func(m map[string]any) { delete(m, "version") }, cli.ErrKeyFileFormat},
		{"an unknown field", func(m map[string]any) { m["hint"] = "x" }, cli.ErrKeyFileFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			bz, _ := json.Marshal(original)
			require.NoError(t, json.Unmarshal(bz, &m))
			tc.tamper(m)
			writeKeyJSON(t, keyPath(home, "alice"), m)
			_, _, err := ks.Load("alice")
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// Key files written before encryption existed have no version field and a
// base64 private_key; they keep loading, and `encrypt` seals them.
func TestPlaintextKeyFilesOfEarlierReleasesLoadAndCanBeEncrypted(t *testing.T) {
	cli.UseTestKDF(t)
	home := t.TempDir()
	priv, err := didsig.GeneratePrivateKey(didsig.Secp256k1, nil)
	require.NoError(t, err)
	pub, err := priv.PublicKey()
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(home, "did-keys"), 0o700))
	legacy := "{\n  \"name\": \"ministry\",\n  \"algorithm\": \"secp256k1\",\n  \"private_key\": \"" +
		base64.StdEncoding.EncodeToString(priv.Bytes) + "\",\n  \"public_key_multibase\": \"" + pub.Multikey() + "\"\n}"
	require.NoError(t, os.WriteFile(keyPath(home, "ministry"), []byte(legacy), 0o600))

	loaded, loadedPub, err := cli.NewKeyStore(home).Load("ministry")
	require.NoError(t, err, "no passphrase is needed for a plaintext key")
	require.Equal(t, priv.Bytes, loaded.Bytes)
	require.True(t, loadedPub.Equal(pub))
	info, err := cli.NewKeyStore(home).Info("ministry")
	require.NoError(t, err)
	require.False(t, info.Encrypted)

	ks := cli.NewKeyStore(home).WithPassphrase(cli.StaticPassphrase(passphrase))
	require.NoError(t, ks.Encrypt("ministry"))
	bz, err := os.ReadFile(keyPath(home, "ministry"))
	require.NoError(t, err)
	requireNoSecret(t, string(bz), priv)
	_, _, err = cli.NewKeyStore(home).Load("ministry")
	require.ErrorIs(t, err, cli.ErrPassphraseRequired)
	loaded, _, err = ks.Load("ministry")
	require.NoError(t, err)
	require.Equal(t, priv.Bytes, loaded.Bytes)

	// A plaintext file whose private key is not the recorded public key's
	// is refused, not used under the wrong identity.
	other, err := didsig.GeneratePrivateKey(didsig.Secp256k1, nil)
	require.NoError(t, err)
	mismatched := strings.Replace(legacy, base64.StdEncoding.EncodeToString(priv.Bytes), base64.StdEncoding.EncodeToString(other.Bytes), 1)
	require.NoError(t, os.WriteFile(keyPath(home, "swapped"), []byte(mismatched), 0o600))
	_, _, err = cli.NewKeyStore(home).Load("swapped")
	require.ErrorIs(t, err, cli.ErrKeyFileFormat)
	requireNoSecret(t, err.Error(), other)

	// A damaged plaintext file is reported by position, without quoting the
	// key: here the base64 private key loses its closing quote.
	encoded := base64.StdEncoding.EncodeToString(priv.Bytes)
	for _, damaged := range []string{
		strings.Replace(legacy, encoded+`"`, encoded, 1),
		strings.Replace(legacy, `"private_key": "`, `"private_key": `, 1),
		legacy[:strings.Index(legacy, encoded)+20],
	} {
		require.NoError(t, os.WriteFile(keyPath(home, "damaged"), []byte(damaged), 0o600))
		_, _, err = cli.NewKeyStore(home).Load("damaged")
		require.ErrorIs(t, err, cli.ErrKeyFileFormat)
		// encoding/json would quote the offending character of the file.
		require.NotContains(t, err.Error(), "invalid character")
		require.NotContains(t, err.Error(), encoded[:4])
	}
}

func TestUnencryptedKeysAreMarkedAsSuch(t *testing.T) {
	home := t.TempDir()
	pub, err := cli.NewKeyStore(home).GenerateUnencrypted("devnet", didsig.Ed25519)
	require.NoError(t, err)
	file := readKeyJSON(t, keyPath(home, "devnet"))
	require.EqualValues(t, 1, file["version"])
	require.NotContains(t, file, "crypto")
	info, err := cli.NewKeyStore(home).Info("devnet")
	require.NoError(t, err)
	require.False(t, info.Encrypted)
	require.True(t, info.PublicKey.Equal(pub))
}
