package cli

import errorsmod "cosmossdk.io/errors"

// The key store's errors share the "did" codespace with x/did/types (codes
// 2–99) and x/did/didsig (100–119); this package owns codes 120–139. They
// never cross ABCI, but registered values let callers and tests match them
// with errors.Is whatever context wraps them.
var (
	// ErrInvalidKeyName is returned for a key name outside the allowed syntax.
	ErrInvalidKeyName = errorsmod.Register(codespace, 120, "invalid DID key name")
	// ErrKeyNotFound is returned when no key file has the name.
	ErrKeyNotFound = errorsmod.Register(codespace, 121, "DID key not found")
	// ErrKeyExists is returned when generating a key under a name in use.
	ErrKeyExists = errorsmod.Register(codespace, 122, "DID key already exists")
	// ErrInsecurePermissions is returned for a key file, key directory or
	// passphrase file that users other than its owner may access.
	ErrInsecurePermissions = errorsmod.Register(codespace, 123, "DID key file or directory accessible by other users")
	// ErrPassphraseRequired is returned when a key must be encrypted or
	// decrypted and no passphrase can be had.
	ErrPassphraseRequired = errorsmod.Register(codespace, 124, "passphrase required")
	// ErrPassphraseLength is returned for an empty or overlong passphrase, or
	// one too short to seal a new key.
	ErrPassphraseLength = errorsmod.Register(codespace, 125, "passphrase length")
	// ErrWrongPassphrase is returned when an encrypted key does not open: the
	// passphrase is wrong or the file was altered.
	ErrWrongPassphrase = errorsmod.Register(codespace, 126, "wrong passphrase, or the key file was altered")
	// ErrKeyFileFormat is returned for a key file this release cannot read:
	// malformed JSON, an unknown version, KDF or cipher, parameters out of
	// bounds, or a private key that does not match the stored public key.
	ErrKeyFileFormat = errorsmod.Register(codespace, 127, "unreadable DID key file")
)

// codespace is x/did's (see x/did/didsig/errors.go).
const codespace = "did"
