package cli

import (
	"bytes"
	"crypto/subtle"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

const (
	flagPassphraseFile = "passphrase-file"
	flagUnencrypted    = "unencrypted"

	// EnvPassphraseFile names a passphrase file for scripts, which cannot
	// add --passphrase-file to every command that happens to load a DID key.
	// It names a file rather than holding the passphrase: the environment is
	// inherited by every child process and easily logged.
	EnvPassphraseFile = "NDID_DID_KEY_PASSPHRASE_FILE"
)

// AddPassphraseFlag registers --passphrase-file on a command that loads or
// creates DID keys; KeyStoreFromCmd reads it.
func AddPassphraseFlag(cmd *cobra.Command) {
	cmd.Flags().String(flagPassphraseFile, "",
		"file holding the passphrase of encrypted DID keys, on one line, mode 0600 (default: $"+EnvPassphraseFile+", else a prompt on the terminal)")
}

// KeyStoreFromCmd opens the key store of home with the passphrase of cmd's
// invocation: --passphrase-file, else the file named by
// $NDID_DID_KEY_PASSPHRASE_FILE, else a prompt without echo when stdin is a
// terminal. The passphrase is asked for only when an encrypted key is opened
// or a key is encrypted; listing keys and reading public keys need none.
func KeyStoreFromCmd(cmd *cobra.Command, home string) KeyStore {
	return NewKeyStore(home).WithPassphrase(func(name string, confirm bool) ([]byte, error) {
		if path, _ := cmd.Flags().GetString(flagPassphraseFile); path != "" {
			return readPassphraseFile(path)
		}
		if path := os.Getenv(EnvPassphraseFile); path != "" {
			return readPassphraseFile(path)
		}
		fd, ok := terminal(cmd.InOrStdin())
		if !ok {
			what := "is encrypted"
			if confirm {
				what = "is to be encrypted"
			}
			return nil, ErrPassphraseRequired.Wrapf("DID key %q %s and stdin is not a terminal: give --%s <file> or set %s",
				name, what, flagPassphraseFile, EnvPassphraseFile)
		}
		return promptPassphrase(cmd.ErrOrStderr(), fd, name, confirm)
	})
}

// terminal returns the file descriptor of in when it is a terminal.
func terminal(in io.Reader) (int, bool) {
	file, ok := in.(*os.File)
	if !ok {
		return 0, false
	}
	fd := int(file.Fd()) //nolint:gosec // a file descriptor fits an int
	return fd, term.IsTerminal(fd)
}

// readPassphraseFile reads a passphrase from a file only its owner may
// access: a passphrase others can read protects nothing. The file holds one
// line; one trailing newline (LF or CRLF) is not part of the passphrase.
func readPassphraseFile(path string) ([]byte, error) {
	bz, err := readPrivateFile(path)
	if err != nil {
		return nil, fmt.Errorf("passphrase file: %w", err)
	}
	line := bytes.TrimSuffix(bytes.TrimSuffix(bz, []byte("\n")), []byte("\r"))
	if bytes.ContainsAny(line, "\r\n") {
		clear(bz)
		return nil, ErrPassphraseLength.Wrapf("passphrase file %s holds more than one line", path)
	}
	if len(line) == 0 {
		return nil, ErrPassphraseLength.Wrapf("passphrase file %s is empty", path)
	}
	return line, nil
}

// promptPassphrase asks on the terminal without echo, twice when confirm is
// set so a typing error cannot seal a key for good.
func promptPassphrase(w io.Writer, fd int, name string, confirm bool) ([]byte, error) {
	prompt := fmt.Sprintf("Passphrase for DID key %q: ", name)
	if confirm {
		prompt = fmt.Sprintf("New passphrase for DID key %q (at least %d characters): ", name, minPassphraseSize)
	}
	_, _ = fmt.Fprint(w, prompt)
	first, err := term.ReadPassword(fd)
	_, _ = fmt.Fprintln(w)
	if err != nil {
		return nil, fmt.Errorf("read passphrase: %w", err)
	}
	if !confirm {
		return first, nil
	}
	_, _ = fmt.Fprint(w, "Repeat the passphrase: ")
	second, err := term.ReadPassword(fd)
	_, _ = fmt.Fprintln(w)
	defer clear(second)
	if err != nil {
		clear(first)
		return nil, fmt.Errorf("read passphrase: %w", err)
	}
	if subtle.ConstantTimeCompare(first, second) != 1 {
		clear(first)
		return nil, ErrPassphraseRequired.Wrap("the two passphrases differ")
	}
	return first, nil
}
