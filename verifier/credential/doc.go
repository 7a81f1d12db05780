// Package credential reads, issues and verifies the W3C Verifiable
// Credentials (VC Data Model 2.0) NDI Chain deals in, in two securing
// formats:
//
//   - vc+jwt (VC-JOSE-COSE, media type application/vc+jwt): a compact JWS
//     whose payload is the credential's JSON itself, not wrapped in a "vc"
//     claim. The protected header is {alg, kid, typ: "vc+jwt", cty: "vc"};
//     kid is the verification method's DID URL. alg is EdDSA (Ed25519), ES256
//     (P-256) or ES256K (secp256k1); "none" and every other alg are refused,
//     as are a missing kid, a typ other than vc+jwt (the "application/"
//     prefix and letter case are ignored; an absent typ is refused, so a JWS
//     made for another purpose is never read as a credential), a cty other
//     than vc, and any crit or b64 header. ES256K signatures with a high S are
//     accepted (JOSE does not require low S, and common libraries emit it);
//     SignJWT always writes low S.
//   - Data Integrity (https://www.w3.org/TR/vc-data-integrity/): a JSON
//     credential with one proof {type: DataIntegrityProof, cryptosuite,
//     created, verificationMethod, proofPurpose: assertionMethod, @context,
//     proofValue: multibase base58btc}, with the cryptosuites eddsa-jcs-2022
//     (Ed25519) and ecdsa-jcs-2019 (P-256; P-384 is refused). hashData is
//     SHA-256(JCS(proof options)) ‖ SHA-256(JCS(credential)); Ed25519 signs
//     it, ECDSA signs its SHA-256. W3C defines no JCS suite for secp256k1,
//     so such keys are refused here and issue vc+jwt instead. Proof sets,
//     proof chains and expiring proofs are refused. The document's @context
//     must equal the proof's (the suites allow it to extend it; with one
//     proof, an extension can only be an alteration).
//
// Parse tells the formats apart and returns a Secured, whose Verify checks
// what the securing mechanism proves: that the verification method belongs to
// the credential's issuer DID, the proof options, that the key the caller's
// KeyResolver returns has the algorithm the alg or suite needs, and the
// signature over exactly the bytes that were signed. Verify does not consult
// any chain: whether that key was in the issuer's assertionMethod at
// validFrom, the validity window against a clock, the issuer's accreditation
// and the credentialStatus entries are the job of the verifier that calls it
// (package verifier), which supplies the KeyResolver.
//
// Credential keeps every member it was given as raw JSON, so signing and
// canonicalisation cover exactly the credential, unknown members included.
// Duplicate member names are refused anywhere in the input, because parsers
// disagree on which one wins.
//
// Errors wrap one of the exported sentinels (ErrMalformed, ErrUnsupported,
// ErrBadSignature, ErrIssuerMismatch, …); match them with errors.Is.
package credential
