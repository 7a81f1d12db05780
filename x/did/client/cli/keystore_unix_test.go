//go:build unix

package cli_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/client/cli"
	"github.com/ndi-chain/ndi/x/did/didsig"
)

// The key store writes 0600 files in a 0700 directory by itself, not by
// relying on the user's umask.
func TestNewKeyFilesAndDirectoryAreOwnerOnlyWhateverTheUmask(t *testing.T) {
	cli.UseTestKDF(t)
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })

	ks, home := encryptedStore(t)
	_, err := ks.Generate("alice", didsig.Ed25519)
	require.NoError(t, err)
	_, err = ks.GenerateUnencrypted("devnet", didsig.Ed25519)
	require.NoError(t, err)
	require.NoError(t, cli.NewKeyStore(home).WithPassphrase(cli.StaticPassphrase(passphrase)).Encrypt("devnet"))

	dir, err := os.Stat(filepath.Join(home, "did-keys"))
	require.NoError(t, err)
	require.Equal(t, fs.FileMode(0o700), dir.Mode().Perm())
	entries, err := os.ReadDir(filepath.Join(home, "did-keys"))
	require.NoError(t, err)
	require.Len(t, entries, 2, "encrypt leaves no temporary file behind")
	for _, name := range []string{"alice", "devnet"} {
		file, err := os.Stat(keyPath(home, name))
		require.NoError(t, err)
		require.Equal(t, fs.FileMode(0o600), file.Mode().Perm(), name)
	}
}

// Another local user must not read a key file (a plaintext key is the
// identity; an encrypted one invites an offline guessing attack) nor write
// one (swapping in a key of their own), nor the directory holding them.
func TestKeyFilesAndDirectoriesOthersCanAccessAreRefused(t *testing.T) {
	cli.UseTestKDF(t)
	for _, mode := range []fs.FileMode{0o640, 0o604, 0o620, 0o602, 0o660, 0o644, 0o610} {
		t.Run(fmt.Sprintf("file %04o", mode), func(t *testing.T) {
			ks, home := encryptedStore(t)
			_, err := ks.Generate("alice", didsig.Ed25519)
			require.NoError(t, err)
			path := keyPath(home, "alice")
			require.NoError(t, os.Chmod(path, mode))

			_, _, err = ks.Load("alice")
			require.ErrorIs(t, err, cli.ErrInsecurePermissions)
			require.ErrorContains(t, err, path)
			require.ErrorContains(t, err, fmt.Sprintf("mode %04o", mode))
			require.ErrorContains(t, err, "chmod 600 "+path)
			_, err = ks.Info("alice")
			require.ErrorIs(t, err, cli.ErrInsecurePermissions, "even the public part is not trusted from such a file")
		})
	}
	for _, mode := range []fs.FileMode{0o750, 0o705, 0o770, 0o707, 0o710, 0o701, 0o755} {
		t.Run(fmt.Sprintf("directory %04o", mode), func(t *testing.T) {
			ks, home := encryptedStore(t)
			_, err := ks.Generate("alice", didsig.Ed25519)
			require.NoError(t, err)
			dir := filepath.Join(home, "did-keys")
			require.NoError(t, os.Chmod(dir, mode))
			t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })

			_, _, err = ks.Load("alice")
			require.ErrorIs(t, err, cli.ErrInsecurePermissions)
			require.ErrorContains(t, err, fmt.Sprintf("%s has mode %04o", dir, mode))
			require.ErrorContains(t, err, "chmod 700 "+dir)
			_, err = ks.List()
			require.ErrorIs(t, err, cli.ErrInsecurePermissions)
			_, err = ks.Generate("bob", didsig.Ed25519)
			require.ErrorIs(t, err, cli.ErrInsecurePermissions, "no new key goes into such a directory")
			require.NoFileExists(t, keyPath(home, "bob"))
		})
	}
}

func TestPassphraseFileOthersCanReadIsRefused(t *testing.T) {
	cli.UseTestKDF(t)
	home := t.TempDir()
	path := filepath.Join(t.TempDir(), "passphrase")
	require.NoError(t, os.WriteFile(path, append(passphrase, '\n'), 0o600))
	require.NoError(t, os.Chmod(path, 0o640))
	ks := cli.KeyStoreFromCmd(cmdWithPassphraseFile(t, path), home)
	_, err := ks.Generate("alice", didsig.Ed25519)
	require.ErrorIs(t, err, cli.ErrInsecurePermissions)
	require.ErrorContains(t, err, "chmod 600 "+path)
	require.NoFileExists(t, keyPath(home, "alice"))
}
