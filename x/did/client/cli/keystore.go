package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// keyStoreDir is where DID keys live under the node/client home. DID keys
// are not account keys: they sign DID payloads, never transactions.
const keyStoreDir = "did-keys"

// Key file versions. Version 1 (written without a version field before
// encryption existed) holds the private key in clear; version 2 holds it
// sealed under a passphrase. docs/did-keys.md describes both.
const (
	versionPlaintext = 1
	versionEncrypted = 2

	// maxKeyFileSize bounds what is read from a key file: a version-2 file is
	// under 1 KiB.
	maxKeyFileSize = 64 << 10
)

var keyNameSyntax = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// keyFile is a DID key file, readable and writable by its owner only (0600)
// in a directory only its owner may enter (0700).
type keyFile struct {
	Version            int        `json:"version,omitempty"` // absent in version-1 files of earlier releases
	Name               string     `json:"name"`
	Algorithm          string     `json:"algorithm"`
	PublicKeyMultibase string     `json:"public_key_multibase"`
	PrivateKey         []byte     `json:"private_key,omitempty"` // version 1 only, base64, in clear
	Crypto             *sealedKey `json:"crypto,omitempty"`      // version 2 only
}

func (f keyFile) version() int {
	if f.Version == 0 {
		return versionPlaintext
	}
	return f.Version
}

// Passphrase supplies the passphrase of the DID key named keyName. confirm
// is set when the passphrase will seal a new file, so a prompt asks twice.
// The key store clears the returned slice after use.
type Passphrase func(keyName string, confirm bool) ([]byte, error)

// StaticPassphrase always answers p, for programs and tests that hold the
// passphrase already.
func StaticPassphrase(p []byte) Passphrase {
	return func(string, bool) ([]byte, error) { return bytes.Clone(p), nil }
}

// KeyStore keeps DID private keys in files under <home>/did-keys.
type KeyStore struct {
	dir        string
	passphrase Passphrase // nil: encrypted keys can be listed, not opened or made
}

// KeyInfo is what the key store tells about a key without its passphrase.
type KeyInfo struct {
	Name      string
	PublicKey didsig.PublicKey
	Encrypted bool
}

// NewKeyStore opens the key store of home, without a passphrase source: it
// lists keys and loads unencrypted ones. See WithPassphrase.
func NewKeyStore(home string) KeyStore {
	return KeyStore{dir: filepath.Join(home, keyStoreDir)}
}

// WithPassphrase returns the key store with a passphrase source for opening
// and creating encrypted keys.
func (ks KeyStore) WithPassphrase(p Passphrase) KeyStore {
	ks.passphrase = p
	return ks
}

// Dir is the directory of the key files.
func (ks KeyStore) Dir() string { return ks.dir }

func (ks KeyStore) path(name string) (string, error) {
	if !keyNameSyntax.MatchString(name) {
		return "", ErrInvalidKeyName.Wrapf("%q: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return filepath.Join(ks.dir, name+".json"), nil
}

// Generate creates a key sealed under a passphrase from the key store's
// source; it refuses to overwrite a key.
func (ks KeyStore) Generate(name string, alg didsig.Algorithm) (didsig.PublicKey, error) {
	return ks.generate(name, alg, true)
}

// GenerateUnencrypted creates a key stored in clear, for test networks and
// tests whose keys guard nothing; it refuses to overwrite a key.
func (ks KeyStore) GenerateUnencrypted(name string, alg didsig.Algorithm) (didsig.PublicKey, error) {
	return ks.generate(name, alg, false)
}

func (ks KeyStore) generate(name string, alg didsig.Algorithm, encrypt bool) (didsig.PublicKey, error) {
	path, err := ks.path(name)
	if err != nil {
		return didsig.PublicKey{}, err
	}
	if err := ks.ensureDir(); err != nil {
		return didsig.PublicKey{}, err
	}
	if _, err := os.Lstat(path); err == nil {
		return didsig.PublicKey{}, ErrKeyExists.Wrapf("%q in %s; choose another name", name, ks.dir)
	}
	priv, err := didsig.GeneratePrivateKey(alg, nil)
	if err != nil {
		return didsig.PublicKey{}, err
	}
	defer clear(priv.Bytes)
	pub, err := priv.PublicKey()
	if err != nil {
		return didsig.PublicKey{}, err
	}
	f := keyFile{Version: versionPlaintext, Name: name, Algorithm: alg.String(), PublicKeyMultibase: pub.Multikey()}
	if encrypt {
		if f.Crypto, err = ks.seal(name, f, priv.Bytes); err != nil {
			return didsig.PublicKey{}, err
		}
		f.Version = versionEncrypted
	} else {
		f.PrivateKey = priv.Bytes
	}
	if err := writeKeyFile(path, f, false); err != nil {
		return didsig.PublicKey{}, err
	}
	return pub, nil
}

// seal encrypts secret as the private key of f under the passphrase the
// source gives for name.
func (ks KeyStore) seal(name string, f keyFile, secret []byte) (*sealedKey, error) {
	if ks.passphrase == nil {
		return nil, ErrPassphraseRequired.Wrapf("DID key %q is to be encrypted and no passphrase source is set", name)
	}
	passphrase, err := ks.passphrase(name, true)
	if err != nil {
		return nil, err
	}
	defer clear(passphrase)
	sealed, err := seal(passphrase, secret, f.Algorithm, f.PublicKeyMultibase)
	if err != nil {
		return nil, fmt.Errorf("DID key %q: %w", name, err)
	}
	return &sealed, nil
}

// Load returns a stored key, decrypting it with the key store's passphrase
// source when it is encrypted.
func (ks KeyStore) Load(name string) (didsig.PrivateKey, didsig.PublicKey, error) {
	path, f, err := ks.read(name)
	if err != nil {
		return didsig.PrivateKey{}, didsig.PublicKey{}, err
	}
	pub, err := f.publicKey(path)
	if err != nil {
		return didsig.PrivateKey{}, didsig.PublicKey{}, err
	}
	raw := f.PrivateKey
	if f.version() == versionEncrypted {
		if ks.passphrase == nil {
			return didsig.PrivateKey{}, didsig.PublicKey{}, ErrPassphraseRequired.Wrapf("DID key %q is encrypted and no passphrase source is set", name)
		}
		passphrase, err := ks.passphrase(name, false)
		if err != nil {
			return didsig.PrivateKey{}, didsig.PublicKey{}, err
		}
		raw, err = f.Crypto.open(passphrase, f.Algorithm, f.PublicKeyMultibase)
		clear(passphrase)
		if err != nil {
			return didsig.PrivateKey{}, didsig.PublicKey{}, fmt.Errorf("DID key %q (%s): %w", name, path, err)
		}
	}
	priv := didsig.PrivateKey{Algorithm: pub.Algorithm, Bytes: raw}
	derived, err := priv.PublicKey()
	if err != nil {
		return didsig.PrivateKey{}, didsig.PublicKey{}, ErrKeyFileFormat.Wrapf("%s: private key: %v", path, err)
	}
	if !derived.Equal(pub) {
		return didsig.PrivateKey{}, didsig.PublicKey{}, ErrKeyFileFormat.Wrapf("%s: the private key does not match public_key_multibase", path)
	}
	return priv, pub, nil
}

// Info returns a stored key's public key and whether it is encrypted,
// without its passphrase.
func (ks KeyStore) Info(name string) (KeyInfo, error) {
	path, f, err := ks.read(name)
	if err != nil {
		return KeyInfo{}, err
	}
	pub, err := f.publicKey(path)
	if err != nil {
		return KeyInfo{}, err
	}
	return KeyInfo{Name: name, PublicKey: pub, Encrypted: f.version() == versionEncrypted}, nil
}

// Encrypt seals an unencrypted key under a passphrase from the key store's
// source, replacing its file.
func (ks KeyStore) Encrypt(name string) error {
	path, f, err := ks.read(name)
	if err != nil {
		return err
	}
	if f.version() == versionEncrypted {
		return fmt.Errorf("DID key %q is already encrypted", name)
	}
	priv, _, err := ks.Load(name)
	if err != nil {
		return err
	}
	defer clear(priv.Bytes)
	if f.Crypto, err = ks.seal(name, f, priv.Bytes); err != nil {
		return err
	}
	f.Version, f.PrivateKey = versionEncrypted, nil
	return writeKeyFile(path, f, true)
}

// List returns the names of the stored keys, sorted.
func (ks KeyStore) List() ([]string, error) {
	if err := ks.checkDir(); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(ks.dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".json"); ok && !e.IsDir() && keyNameSyntax.MatchString(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, nil
}

// read opens the key file of name after checking that only its owner may
// access it and its directory.
func (ks KeyStore) read(name string) (string, keyFile, error) {
	path, err := ks.path(name)
	if err != nil {
		return "", keyFile{}, err
	}
	if err := ks.checkDir(); errors.Is(err, fs.ErrNotExist) {
		return "", keyFile{}, ErrKeyNotFound.Wrapf("%q: no key store at %s (create a key with: ndid did keys generate %s)", name, ks.dir, name)
	} else if err != nil {
		return "", keyFile{}, err
	}
	bz, err := readPrivateFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", keyFile{}, ErrKeyNotFound.Wrapf("%q in %s (create one with: ndid did keys generate %s)", name, ks.dir, name)
	} else if err != nil {
		return "", keyFile{}, err
	}
	var f keyFile
	dec := json.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return "", keyFile{}, ErrKeyFileFormat.Wrapf("%s: %s", path, decodeError(err))
	}
	switch f.version() {
	case versionPlaintext:
		if len(f.PrivateKey) == 0 || f.Crypto != nil {
			return "", keyFile{}, ErrKeyFileFormat.Wrapf("%s: a version-1 file holds private_key and no crypto", path)
		}
	case versionEncrypted:
		if len(f.PrivateKey) != 0 || f.Crypto == nil {
			return "", keyFile{}, ErrKeyFileFormat.Wrapf("%s: a version-2 file holds crypto and no private_key", path)
		}
	default:
		return "", keyFile{}, ErrKeyFileFormat.Wrapf("%s: version %d; this ndid reads versions %d and %d", path, f.Version, versionPlaintext, versionEncrypted)
	}
	return path, f, nil
}

// decodeError describes a JSON decoding error by position and field only. A
// syntax error's own message quotes the offending character, which in a
// damaged plaintext file could be part of the private key.
func decodeError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("malformed JSON at byte %d", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %s: want %s", typ.Field, typ.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated JSON"
	default:
		// Unknown fields and bad base64 are reported by name and offset.
		return err.Error()
	}
}

// publicKey is the file's public key, of the file's algorithm.
func (f keyFile) publicKey(path string) (didsig.PublicKey, error) {
	alg, err := didsig.ParseAlgorithm(f.Algorithm)
	if err != nil {
		return didsig.PublicKey{}, ErrKeyFileFormat.Wrapf("%s: %v", path, err)
	}
	pub, err := didsig.DecodeMultikey(f.PublicKeyMultibase)
	if err != nil {
		return didsig.PublicKey{}, ErrKeyFileFormat.Wrapf("%s: public_key_multibase: %v", path, err)
	}
	if pub.Algorithm != alg {
		return didsig.PublicKey{}, ErrKeyFileFormat.Wrapf("%s: public_key_multibase is a %s key, algorithm says %s", path, pub.Algorithm, alg)
	}
	return pub, nil
}

// ensureDir creates the key directory (0700) if needed and checks it.
func (ks KeyStore) ensureDir() error {
	if err := os.MkdirAll(ks.dir, 0o700); err != nil {
		return err
	}
	return ks.checkDir()
}

// checkDir refuses a key directory others may enter: they could read key
// files, or swap them for keys of their own.
func (ks KeyStore) checkDir() error {
	info, err := os.Stat(ks.dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a directory", ks.dir)
	}
	return checkOwnerOnly(ks.dir, info.Mode(), "700")
}

// checkOwnerOnly refuses a mode giving group or others any access. Windows
// has no such bits; its ACLs are the operator's to set.
func checkOwnerOnly(path string, mode fs.FileMode, fix string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if perm := mode.Perm(); perm&0o077 != 0 {
		return ErrInsecurePermissions.Wrapf("%s has mode %04o, open to group or others; run: chmod %s %s", path, perm, fix, path)
	}
	return nil
}

// readPrivateFile reads a regular file only its owner may access, checking
// the mode of the file it opened (not of a path that could change between a
// check and the read).
func readPrivateFile(path string) ([]byte, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = file.Close() }()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if err := checkOwnerOnly(path, info.Mode(), "600"); err != nil {
		return nil, err
	}
	bz, err := io.ReadAll(io.LimitReader(file, maxKeyFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(bz) > maxKeyFileSize {
		return nil, fmt.Errorf("%s is over %d bytes", path, maxKeyFileSize)
	}
	return bz, nil
}

// writeKeyFile writes f to path with mode 0600. A new key never replaces a
// file (O_EXCL); replace writes a temporary file and renames it over path,
// so a crash leaves the old file or the new one, never half of either.
func writeKeyFile(path string, f keyFile, replace bool) error {
	bz, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	bz = append(bz, '\n')
	if !replace {
		file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return ErrKeyExists.Wrapf("%s", path)
		} else if err != nil {
			return err
		}
		if err := writeAndClose(file, bz); err != nil {
			_ = os.Remove(path)
			return err
		}
		return nil
	}
	file, err := os.CreateTemp(filepath.Dir(path), ".key-*.tmp") // CreateTemp makes it 0600
	if err != nil {
		return err
	}
	if err := writeAndClose(file, bz); err != nil {
		_ = os.Remove(file.Name())
		return err
	}
	if err := os.Rename(file.Name(), path); err != nil {
		_ = os.Remove(file.Name())
		return err
	}
	return nil
}

func writeAndClose(file *os.File, bz []byte) error {
	_, werr := file.Write(bz)
	if werr == nil {
		werr = file.Sync()
	}
	if cerr := file.Close(); werr == nil {
		werr = cerr
	}
	return werr
}
