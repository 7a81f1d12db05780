package didsig

import (
	"encoding/base64"
)

// JWK holds the public members of a JSON Web Key (RFC 7517) that name a
// signature key: kty "OKP" with crv "Ed25519" (RFC 8037), or kty "EC" with
// crv "P-256" or "secp256k1" (RFC 7518, RFC 8812). Coordinates are base64url
// without padding.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y,omitempty"`
}

// JWK key-type and curve names.
const (
	jwkKtyOKP          = "OKP"
	jwkKtyEC           = "EC"
	jwkCrvEd25519      = "Ed25519"
	jwkCrvP256         = "P-256"
	jwkCrvSecp256k1    = "secp256k1"
	jwkCoordinateChars = 43 // base64url of 32 bytes, unpadded
)

// DecodeJWK reads a public JWK: OKP/Ed25519 with a 32-byte x and no y, or
// EC/P-256 and EC/secp256k1 with 32-byte x and y naming a point on the curve.
func DecodeJWK(j JWK) (PublicKey, error) {
	switch j.Kty {
	case jwkKtyOKP:
		if j.Crv != jwkCrvEd25519 {
			return PublicKey{}, ErrInvalidJWK.Wrapf("crv %q with kty OKP: want %s", j.Crv, jwkCrvEd25519)
		}
		if j.Y != "" {
			return PublicKey{}, ErrInvalidJWK.Wrap("y must be absent for an Ed25519 key")
		}
		x, err := decodeCoordinate("x", j.X)
		if err != nil {
			return PublicKey{}, err
		}
		return NewPublicKey(Ed25519, x)
	case jwkKtyEC:
		var alg Algorithm
		switch j.Crv {
		case jwkCrvP256:
			alg = P256
		case jwkCrvSecp256k1:
			alg = Secp256k1
		default:
			return PublicKey{}, ErrInvalidJWK.Wrapf("crv %q with kty EC: want %s or %s", j.Crv, jwkCrvP256, jwkCrvSecp256k1)
		}
		x, err := decodeCoordinate("x", j.X)
		if err != nil {
			return PublicKey{}, err
		}
		y, err := decodeCoordinate("y", j.Y)
		if err != nil {
			return PublicKey{}, err
		}
		return NewPublicKey(alg, append(append([]byte{0x04}, x...), y...))
	default:
		return PublicKey{}, ErrInvalidJWK.Wrapf("kty %q: want %s or %s", j.Kty, jwkKtyOKP, jwkKtyEC)
	}
}

// JWK encodes k as a public JWK. k must be a key returned by this package;
// for any other key the result is the zero JWK.
func (k PublicKey) JWK() JWK {
	switch k.Algorithm {
	case Ed25519:
		if len(k.Bytes) != ed25519KeySize {
			return JWK{}
		}
		return JWK{Kty: jwkKtyOKP, Crv: jwkCrvEd25519, X: encodeCoordinate(k.Bytes)}
	case P256:
		uncompressed, err := p256Uncompressed(k.Bytes)
		if err != nil {
			return JWK{}
		}
		return ecJWK(jwkCrvP256, uncompressed)
	case Secp256k1:
		pub, err := secp256k1PublicKey(k.Bytes)
		if err != nil {
			return JWK{}
		}
		return ecJWK(jwkCrvSecp256k1, pub.SerializeUncompressed())
	default:
		return JWK{}
	}
}

func ecJWK(crv string, uncompressed []byte) JWK {
	return JWK{
		Kty: jwkKtyEC,
		Crv: crv,
		X:   encodeCoordinate(uncompressed[1 : 1+coordinateSize]),
		Y:   encodeCoordinate(uncompressed[1+coordinateSize:]),
	}
}

// decodeCoordinate reads a 32-byte base64url value. Only the canonical
// encoding is accepted (no padding, no line breaks, zero trailing bits), so
// every key has exactly one JWK spelling.
func decodeCoordinate(field, encoded string) ([]byte, error) {
	if encoded == "" {
		return nil, ErrInvalidJWK.Wrapf("%s is missing", field)
	}
	if len(encoded) != jwkCoordinateChars {
		return nil, ErrInvalidJWK.Wrapf("%s must be %d bytes (%d base64url characters), got %d characters",
			field, coordinateSize, jwkCoordinateChars, len(encoded))
	}
	decoded, err := base64.RawURLEncoding.Strict().DecodeString(encoded)
	if err != nil || len(decoded) != coordinateSize || encodeCoordinate(decoded) != encoded {
		return nil, ErrInvalidJWK.Wrapf("%s is not canonical unpadded base64url of %d bytes", field, coordinateSize)
	}
	return decoded, nil
}

func encodeCoordinate(b []byte) string {
	return base64.RawURLEncoding.EncodeToString(b)
}
