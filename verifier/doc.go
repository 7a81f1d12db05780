// Package verifier issues W3C Verifiable Credentials on NDI Chain and gives
// a verdict on them: the proof against the issuer's DID document as it was
// at validFrom, the validity period, the issuer's accreditation for the
// credential type at validFrom and now, and every credentialStatus entry
// now.
//
// The chain answers come from a Source: either a node taken on its word
// (NewNodeSource, what --trust-node and the API server's verify endpoint
// use) or the modules' own query code run over state proven against
// light-client-verified headers (verifier/lightsource, built on verifier/proof
// and verifier/light), so
// that a verifier need not trust the node it asks. Every verdict says which
// it rests on.
//
// Credential formats live in verifier/credential; this package joins them
// to the chain. It imports the modules' types and keepers and never app/ or
// cmd/, so other Go programs can embed it.
package verifier
