// Package types holds x/accreditation's messages, records, parameters,
// errors, identifier rules and the interface it needs from x/did.
package types
