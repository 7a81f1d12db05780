package types

import "regexp"

// Default limits (DESIGN §3).
const (
	DefaultNamespace              = "local"
	DefaultMaxDocumentBytes       = 32 * 1024
	DefaultMaxVerificationMethods = 32
	DefaultMaxServices            = 32
	DefaultMaxIDLength            = 128
)

var namespacePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// DefaultParams returns the parameters of a new network.
func DefaultParams() Params {
	return Params{
		Namespace:              DefaultNamespace,
		MaxDocumentBytes:       DefaultMaxDocumentBytes,
		MaxVerificationMethods: DefaultMaxVerificationMethods,
		MaxServices:            DefaultMaxServices,
		MaxIdLength:            DefaultMaxIDLength,
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if !namespacePattern.MatchString(p.Namespace) {
		return ErrInvalidParams.Wrapf("namespace %q must match %s", p.Namespace, namespacePattern)
	}
	if p.MaxDocumentBytes < 1024 || p.MaxDocumentBytes > 1<<20 {
		return ErrInvalidParams.Wrapf("max_document_bytes must be in [1024, 1048576], got %d", p.MaxDocumentBytes)
	}
	if p.MaxVerificationMethods < 1 || p.MaxVerificationMethods > 1024 {
		return ErrInvalidParams.Wrapf("max_verification_methods must be in [1, 1024], got %d", p.MaxVerificationMethods)
	}
	if p.MaxServices > 1024 {
		return ErrInvalidParams.Wrapf("max_services must be at most 1024, got %d", p.MaxServices)
	}
	if p.MaxIdLength < 32 || p.MaxIdLength > 2048 {
		return ErrInvalidParams.Wrapf("max_id_length must be in [32, 2048], got %d", p.MaxIdLength)
	}
	return nil
}
