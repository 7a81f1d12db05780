package didsig

import errorsmod "cosmossdk.io/errors"

// Verification-method types accepted in a DID document.
const (
	MethodTypeMultikey                          = "Multikey"
	MethodTypeEd25519VerificationKey2020        = "Ed25519VerificationKey2020"
	MethodTypeJSONWebKey2020                    = "JsonWebKey2020"
	MethodTypeJSONWebKey                        = "JsonWebKey"
	MethodTypeEcdsaSecp256k1VerificationKey2019 = "EcdsaSecp256k1VerificationKey2019"
)

// KeyFromMethod reads the public key of a verification method under the
// rules of its type:
//
//   - Multikey: publicKeyMultibase, any algorithm;
//   - Ed25519VerificationKey2020: publicKeyMultibase holding an Ed25519 Multikey;
//   - JsonWebKey2020, JsonWebKey: publicKeyJwk, any algorithm;
//   - EcdsaSecp256k1VerificationKey2019: a secp256k1 key, as exactly one of
//     publicKeyJwk or publicKeyMultibase.
//
// An empty publicKeyMultibase and a nil jwk mean "absent"; a representation
// the type does not take is refused, not ignored.
func KeyFromMethod(methodType, publicKeyMultibase string, jwk *JWK) (PublicKey, error) {
	hasMultibase, hasJWK := publicKeyMultibase != "", jwk != nil
	switch methodType {
	case MethodTypeMultikey, MethodTypeEd25519VerificationKey2020:
		if hasJWK {
			return PublicKey{}, ErrInvalidKeyMaterial.Wrapf("%s takes publicKeyMultibase, not publicKeyJwk", methodType)
		}
		if !hasMultibase {
			return PublicKey{}, ErrInvalidKeyMaterial.Wrapf("%s requires publicKeyMultibase", methodType)
		}
		key, err := decodeMethodMultikey(methodType, publicKeyMultibase)
		if err != nil {
			return PublicKey{}, err
		}
		if methodType == MethodTypeEd25519VerificationKey2020 {
			return requireAlgorithm(methodType, key, Ed25519)
		}
		return key, nil

	case MethodTypeJSONWebKey2020, MethodTypeJSONWebKey:
		if hasMultibase {
			return PublicKey{}, ErrInvalidKeyMaterial.Wrapf("%s takes publicKeyJwk, not publicKeyMultibase", methodType)
		}
		if !hasJWK {
			return PublicKey{}, ErrInvalidKeyMaterial.Wrapf("%s requires publicKeyJwk", methodType)
		}
		return decodeMethodJWK(methodType, *jwk)

	case MethodTypeEcdsaSecp256k1VerificationKey2019:
		var key PublicKey
		var err error
		switch {
		case hasMultibase && hasJWK:
			return PublicKey{}, ErrInvalidKeyMaterial.Wrapf("%s takes exactly one of publicKeyMultibase or publicKeyJwk, got both", methodType)
		case hasMultibase:
			key, err = decodeMethodMultikey(methodType, publicKeyMultibase)
		case hasJWK:
			key, err = decodeMethodJWK(methodType, *jwk)
		default:
			return PublicKey{}, ErrInvalidKeyMaterial.Wrapf("%s takes exactly one of publicKeyMultibase or publicKeyJwk, got neither", methodType)
		}
		if err != nil {
			return PublicKey{}, err
		}
		return requireAlgorithm(methodType, key, Secp256k1)

	default:
		return PublicKey{}, ErrUnsupportedKeyType.Wrapf("verification method type %q: want %s, %s, %s, %s or %s", methodType,
			MethodTypeMultikey, MethodTypeEd25519VerificationKey2020, MethodTypeJSONWebKey2020,
			MethodTypeJSONWebKey, MethodTypeEcdsaSecp256k1VerificationKey2019)
	}
}

func decodeMethodMultikey(methodType, multibase string) (PublicKey, error) {
	key, err := DecodeMultikey(multibase)
	if err != nil {
		return PublicKey{}, errorsmod.Wrapf(err, "%s publicKeyMultibase", methodType)
	}
	return key, nil
}

func decodeMethodJWK(methodType string, jwk JWK) (PublicKey, error) {
	key, err := DecodeJWK(jwk)
	if err != nil {
		return PublicKey{}, errorsmod.Wrapf(err, "%s publicKeyJwk", methodType)
	}
	return key, nil
}

func requireAlgorithm(methodType string, key PublicKey, want Algorithm) (PublicKey, error) {
	if key.Algorithm != want {
		return PublicKey{}, ErrKeyTypeMismatch.Wrapf("%s requires a %s key, got %s", methodType, want, key.Algorithm)
	}
	return key, nil
}
