// Package didsig is the one place where DID signatures are verified.
//
// It turns the public-key material of a DID verification method
// (publicKeyMultibase or publicKeyJwk, under the rules of the method's type)
// into a normalised PublicKey, and checks signatures made with it. x/did,
// x/accreditation and x/revocation all verify through this package, so a
// signature that one module accepts is accepted by all of them.
//
// Three algorithms are supported:
//
//   - Ed25519: a 64-byte signature over the message itself (RFC 8032);
//   - ECDSA P-256 and ECDSA secp256k1: a 64-byte r‖s signature (big-endian,
//     32 bytes each) over SHA-256 of the message. For secp256k1 a high-S
//     signature is refused rather than normalised, so every signature has
//     exactly one accepted encoding.
//
// ECDSA public keys are always held as 33-byte compressed points, whatever
// form they arrived in, so that two encodings of the same key compare equal
// and derive the same DID.
//
// Verification is pure and deterministic: no state, no maps iterated, no
// floating point, no clock. The signing side (PrivateKey) exists for the CLI
// key store and for tests; only verification is consensus-critical.
package didsig
