package cli

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/ndi-chain/ndi/x/did/didsig"
)

// keyStoreDir is where DID keys live under the node/client home. DID keys
// are not account keys: they sign DID payloads, never transactions.
const keyStoreDir = "did-keys"

var keyNameSyntax = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// storedKey is a DID key file: readable only by its owner (0600).
type storedKey struct {
	Name               string `json:"name"`
	Algorithm          string `json:"algorithm"`
	PrivateKey         string `json:"private_key"` // base64
	PublicKeyMultibase string `json:"public_key_multibase"`
}

// KeyStore keeps DID private keys in files under <home>/did-keys.
type KeyStore struct {
	dir string
}

// NewKeyStore opens the key store of home.
func NewKeyStore(home string) KeyStore {
	return KeyStore{dir: filepath.Join(home, keyStoreDir)}
}

func (ks KeyStore) path(name string) (string, error) {
	if !keyNameSyntax.MatchString(name) {
		return "", fmt.Errorf("key name %q: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return filepath.Join(ks.dir, name+".json"), nil
}

// Generate creates and stores a new key; it refuses to overwrite one.
func (ks KeyStore) Generate(name string, alg didsig.Algorithm) (didsig.PublicKey, error) {
	path, err := ks.path(name)
	if err != nil {
		return didsig.PublicKey{}, err
	}
	if _, err := os.Stat(path); err == nil {
		return didsig.PublicKey{}, fmt.Errorf("a DID key named %q already exists in %s; choose another name", name, ks.dir)
	}
	priv, err := didsig.GeneratePrivateKey(alg, nil)
	if err != nil {
		return didsig.PublicKey{}, err
	}
	pub, err := priv.PublicKey()
	if err != nil {
		return didsig.PublicKey{}, err
	}
	bz, err := json.MarshalIndent(storedKey{
		Name: name, Algorithm: alg.String(),
		PrivateKey:         base64.StdEncoding.EncodeToString(priv.Bytes),
		PublicKeyMultibase: pub.Multikey(),
	}, "", "  ")
	if err != nil {
		return didsig.PublicKey{}, err
	}
	if err := os.MkdirAll(ks.dir, 0o700); err != nil {
		return didsig.PublicKey{}, err
	}
	if err := os.WriteFile(path, bz, 0o600); err != nil {
		return didsig.PublicKey{}, err
	}
	return pub, nil
}

// Load returns a stored key.
func (ks KeyStore) Load(name string) (didsig.PrivateKey, didsig.PublicKey, error) {
	path, err := ks.path(name)
	if err != nil {
		return didsig.PrivateKey{}, didsig.PublicKey{}, err
	}
	bz, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return didsig.PrivateKey{}, didsig.PublicKey{}, fmt.Errorf("no DID key named %q in %s (create one with: ndid did keys generate %s)", name, ks.dir, name)
	} else if err != nil {
		return didsig.PrivateKey{}, didsig.PublicKey{}, err
	}
	var sk storedKey
	if err := json.Unmarshal(bz, &sk); err != nil {
		return didsig.PrivateKey{}, didsig.PublicKey{}, fmt.Errorf("read %s: %w", path, err)
	}
	alg, err := didsig.ParseAlgorithm(sk.Algorithm)
	if err != nil {
		return didsig.PrivateKey{}, didsig.PublicKey{}, fmt.Errorf("read %s: %w", path, err)
	}
	raw, err := base64.StdEncoding.DecodeString(sk.PrivateKey)
	if err != nil {
		return didsig.PrivateKey{}, didsig.PublicKey{}, fmt.Errorf("read %s: private_key: %w", path, err)
	}
	priv := didsig.PrivateKey{Algorithm: alg, Bytes: raw}
	pub, err := priv.PublicKey()
	if err != nil {
		return didsig.PrivateKey{}, didsig.PublicKey{}, fmt.Errorf("read %s: %w", path, err)
	}
	return priv, pub, nil
}

// List returns the names of the stored keys, sorted.
func (ks KeyStore) List() ([]string, error) {
	entries, err := os.ReadDir(ks.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".json"); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, nil
}
