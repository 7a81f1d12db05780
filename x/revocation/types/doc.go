// Package types holds x/revocation's status lists, messages, parameters and
// errors, the W3C Bitstring Status List encoding, and the checks on index
// batches.
package types
