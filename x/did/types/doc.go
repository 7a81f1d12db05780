// Package types holds x/did's documents, messages, parameters and errors,
// the did:ndi syntax and the sign bytes DID keys sign.
package types
