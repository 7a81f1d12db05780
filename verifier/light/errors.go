package light

import (
	"errors"
	"fmt"
)

var (
	// ErrNotInitialised: no light-client state under the home directory.
	ErrNotInitialised = errors.New("verifier light client is not initialised")
	// ErrAlreadyInitialised: Init found state under the home directory and
	// was not asked to replace it (Options.Force).
	ErrAlreadyInitialised = errors.New("verifier light client is already initialised")
	// ErrOptions: an option is missing or out of range.
	ErrOptions = errors.New("invalid light client options")
	// ErrTrustRoot: the trust root could not be established (bad genesis,
	// a first block that does not match it, a header hash the primary does
	// not serve, a root older than the trusting period).
	ErrTrustRoot = errors.New("trust root not established")
	// ErrHeaderNotVerified: a header failed light-client verification
	// (forged, not signed by enough trusted power, conflicting with a
	// witness, or not linked to the next header).
	ErrHeaderNotVerified = errors.New("header not verified")
	// ErrTrustExpired: the newest trusted header is older than the trusting
	// period; the light client must be initialised again.
	ErrTrustExpired = errors.New("trusted state expired")
	// ErrUnavailable: the primary (or every witness) did not serve what was
	// asked: unreachable, pruned, or not at that height yet.
	ErrUnavailable = errors.New("light client provider unavailable")
	// ErrStaleRoot: the newest state the providers serve is older than
	// Options.MaxRootAge, so it cannot stand for "now".
	ErrStaleRoot = errors.New("chain state is stale")
	// ErrInvalidHeight: a state height below 1 was asked for.
	ErrInvalidHeight = errors.New("invalid state height")
	// ErrStore: the on-disk light-client state could not be read or written.
	ErrStore = errors.New("light client store")
)

// HeaderError says which header could not be believed and why. It matches
// ErrHeaderNotVerified or ErrUnavailable with errors.Is (and ErrTrustExpired
// when the trusted state expired), and unwraps to the light client's error.
type HeaderError struct {
	Height int64 // the header's height
	Kind   error // ErrHeaderNotVerified or ErrUnavailable
	Reason error // what the light client or provider reported
	// Expired is set when the trusted state was older than the trusting
	// period (Kind is then ErrHeaderNotVerified).
	Expired bool
}

func (e *HeaderError) Error() string {
	switch {
	case e.Kind == ErrUnavailable:
		return fmt.Sprintf("header at height %d could not be fetched: %v", e.Height, e.Reason)
	case e.Expired:
		return fmt.Sprintf("header at height %d failed verification: %v: %v (initialise the verifier again from a trusted header)", e.Height, ErrTrustExpired, e.Reason)
	default:
		return fmt.Sprintf("header at height %d failed verification: %v", e.Height, e.Reason)
	}
}

// Unwrap lets errors.Is see the kind, expiry and the light client's error.
func (e *HeaderError) Unwrap() []error {
	errs := []error{e.Kind, e.Reason}
	if e.Expired {
		errs = append(errs, ErrTrustExpired)
	}
	return errs
}
