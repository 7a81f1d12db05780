package didsig

import errorsmod "cosmossdk.io/errors"

// codespace is shared with x/did/types, which owns codes 2–99; this package
// owns codes 100–119.
const codespace = "did"

var (
	// ErrUnsupportedKeyType is returned for an algorithm or verification-method
	// type this package does not know.
	ErrUnsupportedKeyType = errorsmod.Register(codespace, 100, "unsupported key type")
	// ErrInvalidMultibase is returned when publicKeyMultibase is not base58btc
	// multibase ('z' prefix, base58 alphabet, bounded length).
	ErrInvalidMultibase = errorsmod.Register(codespace, 101, "invalid multibase")
	// ErrInvalidMulticodec is returned when a Multikey's multicodec prefix is
	// unknown or not minimally encoded.
	ErrInvalidMulticodec = errorsmod.Register(codespace, 102, "invalid multicodec")
	// ErrInvalidPublicKey is returned for key bytes of the wrong length or a
	// point that is not on the curve.
	ErrInvalidPublicKey = errorsmod.Register(codespace, 103, "invalid public key")
	// ErrInvalidJWK is returned for a JSON Web Key with the wrong kty, crv or
	// coordinate encoding.
	ErrInvalidJWK = errorsmod.Register(codespace, 104, "invalid JWK")
	// ErrKeyTypeMismatch is returned when a verification-method type does not
	// allow the algorithm of the key it carries.
	ErrKeyTypeMismatch = errorsmod.Register(codespace, 105, "key type mismatch")
	// ErrInvalidKeyMaterial is returned when a verification method does not
	// carry exactly the one key representation its type requires.
	ErrInvalidKeyMaterial = errorsmod.Register(codespace, 106, "invalid key material")
	// ErrInvalidSignature is returned for a signature of the wrong length or
	// encoding, or one that does not verify.
	ErrInvalidSignature = errorsmod.Register(codespace, 107, "invalid signature")
	// ErrHighS is returned for a secp256k1 signature whose s is above n/2.
	ErrHighS = errorsmod.Register(codespace, 108, "signature s value is not low")
	// ErrInvalidPrivateKey is returned for a private key of the wrong length or
	// a scalar outside [1, n-1].
	ErrInvalidPrivateKey = errorsmod.Register(codespace, 109, "invalid private key")
)
