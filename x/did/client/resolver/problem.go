package resolver

import (
	"errors"
	"fmt"
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ndi-chain/ndi/x/did/types"
)

// errorType is a DID Resolution error: its problem type URI, a title and
// the HTTP status it answers with.
type errorType struct {
	uri    string
	title  string
	status int
}

const didErrorNamespace = "https://www.w3.org/ns/did#"

var (
	errInvalidDID                 = errorType{didErrorNamespace + "INVALID_DID", "Invalid DID", http.StatusBadRequest}
	errInvalidDIDURL              = errorType{didErrorNamespace + "INVALID_DID_URL", "Invalid DID URL", http.StatusBadRequest}
	errNotFound                   = errorType{didErrorNamespace + "NOT_FOUND", "Not found", http.StatusNotFound}
	errRepresentationNotSupported = errorType{didErrorNamespace + "REPRESENTATION_NOT_SUPPORTED", "Representation not supported", http.StatusNotAcceptable}
	errMethodNotSupported         = errorType{didErrorNamespace + "METHOD_NOT_SUPPORTED", "DID method not supported", http.StatusNotImplemented}
	errInternal                   = errorType{didErrorNamespace + "INTERNAL_ERROR", "Internal error", http.StatusInternalServerError}
	// errHTTPMethodNotAllowed is plain HTTP, not a DID Resolution error.
	errHTTPMethodNotAllowed = errorType{"about:blank", "Method not allowed", http.StatusMethodNotAllowed}
)

// resolutionError is a failure the resolver itself decided on.
type resolutionError struct {
	kind   errorType
	detail string
}

func newError(kind errorType, format string, args ...any) *resolutionError {
	return &resolutionError{kind: kind, detail: fmt.Sprintf(format, args...)}
}

func (e *resolutionError) Error() string { return e.kind.title + ": " + e.detail }

// problem is an RFC 9457 problem details object.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

func (k errorType) problem(detail string) problem {
	return problem{Type: k.uri, Title: k.title, Status: k.status, Detail: detail}
}

// problemFor is the resolver's one error mapping: its own errors keep their
// type; query and dereferencer errors map by gRPC code (NotFound 404,
// InvalidArgument 400 INVALID_DID), or, in-process, by x/did's registered
// errors; everything else is a 500.
func problemFor(err error) problem {
	var own *resolutionError
	if errors.As(err, &own) {
		return own.kind.problem(own.detail)
	}
	detail := err.Error()
	if st, ok := status.FromError(err); ok {
		detail = st.Message()
		switch st.Code() {
		case codes.NotFound:
			return errNotFound.problem(detail)
		case codes.InvalidArgument:
			return errInvalidDID.problem(detail)
		}
	}
	switch {
	case errors.Is(err, types.ErrDidNotFound), errors.Is(err, types.ErrVersionNotFound):
		return errNotFound.problem(err.Error())
	case errors.Is(err, types.ErrInvalidDid):
		return errInvalidDID.problem(err.Error())
	}
	return errInternal.problem(detail)
}
