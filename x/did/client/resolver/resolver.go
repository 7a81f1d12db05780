package resolver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/ndi-chain/ndi/x/did/types"
)

// IdentifiersPath is where the binding is served: IdentifiersPath + DID URL.
const IdentifiersPath = "/1.0/identifiers/"

// PathRequest is a DID URL with a path, parsed: the DID, the decoded path
// (starting with '/'), the DID parameters, and the HTTP request for its
// Accept header.
type PathRequest struct {
	DID         string
	Path        string
	VersionID   string
	VersionTime *time.Time
	HTTP        *http.Request
}

// PathDereferencer answers a DID URL with a path, such as a status list at
// did:ndi:<ns>:<id>/status/1. A gRPC NotFound or InvalidArgument error maps
// to 404 or 400 like the Did query's; any other error is a 500.
type PathDereferencer func(ctx context.Context, req PathRequest) (contentType string, body []byte, err error)

// Option configures the handler.
type Option func(*handler)

// WithPathDereferencer makes f answer DID URLs whose path starts with
// prefix (for example "/status/"). The longest matching prefix wins. It
// panics if prefix does not start with '/' or f is nil, as those are wiring
// mistakes.
func WithPathDereferencer(prefix string, f PathDereferencer) Option {
	if !strings.HasPrefix(prefix, "/") || f == nil {
		panic(fmt.Sprintf("resolver: path dereferencer for %q needs a prefix starting with '/' and a function", prefix))
	}
	return func(h *handler) {
		h.paths = append(h.paths, pathRoute{prefix: prefix, dereference: f})
	}
}

type pathRoute struct {
	prefix      string
	dereference PathDereferencer
}

type handler struct {
	query types.QueryClient
	// paths is sorted longest prefix first.
	paths []pathRoute
}

// NewHandler returns the DID Resolution HTTP binding for requests to
// IdentifiersPath + DID URL, resolving with q's Did query.
func NewHandler(q types.QueryClient, opts ...Option) http.Handler {
	h := &handler{query: q}
	for _, opt := range opts {
		opt(h)
	}
	sort.SliceStable(h.paths, func(i, j int) bool { return len(h.paths[i].prefix) > len(h.paths[j].prefix) })
	return h
}

// RegisterRoutes serves NewHandler(q, opts...) for GET and HEAD on
// IdentifiersPath. Register it before any catch-all route (such as the
// gRPC gateway's "/").
func RegisterRoutes(r *mux.Router, q types.QueryClient, opts ...Option) {
	r.PathPrefix(IdentifiersPath).Methods(http.MethodGet, http.MethodHead).Handler(NewHandler(q, opts...))
}

// The result bodies. Members are json.RawMessage so the document and
// metadata are emitted exactly as MarshalDIDCore renders them.
type (
	resolutionResult struct {
		DidDocument           json.RawMessage `json:"didDocument"`
		DidResolutionMetadata resultMetadata  `json:"didResolutionMetadata"`
		DidDocumentMetadata   json.RawMessage `json:"didDocumentMetadata"`
	}
	dereferencingResult struct {
		Context               string          `json:"@context"`
		DereferencingMetadata resultMetadata  `json:"dereferencingMetadata"`
		ContentStream         json.RawMessage `json:"contentStream"`
		ContentMetadata       json.RawMessage `json:"contentMetadata"`
	}
	resultMetadata struct {
		ContentType string   `json:"contentType,omitempty"`
		Error       *problem `json:"error,omitempty"`
	}
)

// answerShape is the shape a request's answer takes, which is also the
// shape its error takes (see the package doc).
type answerShape int

const (
	shapeBare answerShape = iota
	shapeResolution
	shapeDereferencing
)

var (
	jsonNull        = json.RawMessage("null")
	jsonEmptyObject = json.RawMessage("{}")
)

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, representationNone, shapeBare, newError(errHTTPMethodNotAllowed, "the DID Resolution binding answers GET"))
		return
	}
	rep := negotiate(r.Header.Values("Accept"))
	resultShape := func(s answerShape) answerShape {
		if rep.isResult() {
			return s
		}
		return shapeBare
	}

	escaped, ok := strings.CutPrefix(r.URL.EscapedPath(), IdentifiersPath)
	if !ok {
		writeError(w, rep, resultShape(shapeResolution), newError(errNotFound, "DIDs are resolved at %s{did}", IdentifiersPath))
		return
	}
	u, err := parseDIDURL(escaped, r.URL.RawQuery)
	if err != nil {
		writeError(w, rep, resultShape(shapeResolution), err)
		return
	}

	if u.path != "" {
		h.dereferencePath(w, r, u)
		return
	}
	shape := shapeResolution
	if u.fragment != "" {
		shape = shapeDereferencing
	}
	if rep == representationNone {
		writeError(w, rep, shapeBare, newError(errRepresentationNotSupported,
			"acceptable: %s, %s, %s, %s", mediaTypeDIDResolution, mediaTypeLDResolution, mediaTypeDIDLDJSON, mediaTypeDIDJSON))
		return
	}

	res, err := h.query.Did(r.Context(), &types.QueryDidRequest{Id: u.did, VersionId: u.versionID, VersionTime: u.versionTime})
	if err == nil && res == nil {
		err = newError(errInternal, "the Did query returned no answer")
	}
	if err != nil {
		writeError(w, rep, resultShape(shape), err)
		return
	}
	metadata, err := res.Metadata.MarshalDIDCore()
	if err != nil {
		writeError(w, rep, resultShape(shape), err)
		return
	}
	httpStatus := http.StatusOK
	if res.Metadata.Deactivated {
		httpStatus = http.StatusGone
	}

	var content []byte
	if u.fragment == "" {
		content, err = res.Document.MarshalDIDCore()
	} else {
		content, err = dereferenceFragment(res.Document, u.did, u.fragment)
	}
	if err != nil {
		writeError(w, rep, resultShape(shape), err)
		return
	}

	switch {
	case !rep.isResult():
		writeBody(w, rep.contentType(), httpStatus, content)
	case shape == shapeResolution:
		writeJSON(w, rep.contentType(), httpStatus, resolutionResult{
			DidDocument:           content,
			DidResolutionMetadata: resultMetadata{ContentType: mediaTypeDIDLDJSON},
			DidDocumentMetadata:   metadata,
		})
	default:
		writeJSON(w, rep.contentType(), httpStatus, dereferencingResult{
			Context:               didResolutionContext,
			DereferencingMetadata: resultMetadata{ContentType: mediaTypeDIDLDJSON},
			ContentStream:         content,
			ContentMetadata:       metadata,
		})
	}
}

// dereferenceFragment finds the verification method (top-level, then
// embedded in a relationship) or service whose id is did#fragment, written
// absolute or relative (#fragment).
func dereferenceFragment(doc types.DidDocument, did, fragment string) ([]byte, error) {
	matches := func(id string) bool {
		return id == did+"#"+fragment || id == "#"+fragment
	}
	for _, m := range doc.VerificationMethod {
		if matches(m.Id) {
			return m.MarshalDIDCore()
		}
	}
	for _, relationship := range [][]types.VerificationRelationship{
		doc.Authentication, doc.AssertionMethod, doc.KeyAgreement, doc.CapabilityInvocation, doc.CapabilityDelegation,
	} {
		for _, entry := range relationship {
			if entry.Embedded != nil && matches(entry.Embedded.Id) {
				return entry.Embedded.MarshalDIDCore()
			}
		}
	}
	for _, s := range doc.Service {
		if matches(s.Id) {
			return s.MarshalDIDCore()
		}
	}
	return nil, newError(errNotFound, "%s has no verification method or service with id #%s", did, fragment)
}

// dereferencePath hands a DID URL with a path to its dereferencer. The
// dereferencer negotiates its own content, so its errors are bare problems.
func (h *handler) dereferencePath(w http.ResponseWriter, r *http.Request, u didURL) {
	for _, route := range h.paths {
		if !strings.HasPrefix(u.path, route.prefix) {
			continue
		}
		contentType, body, err := route.dereference(r.Context(), PathRequest{
			DID: u.did, Path: u.path, VersionID: u.versionID, VersionTime: u.versionTime, HTTP: r,
		})
		if err != nil {
			writeError(w, representationNone, shapeBare, err)
			return
		}
		if contentType == "" {
			contentType = "application/octet-stream"
		}
		writeBody(w, contentType, http.StatusOK, body)
		return
	}
	writeError(w, representationNone, shapeBare, newError(errNotFound, "nothing is served at path %q of %s", u.path, u.did))
}

// writeError renders err through problemFor in the given shape.
func writeError(w http.ResponseWriter, rep representation, shape answerShape, err error) {
	p := problemFor(err)
	switch shape {
	case shapeResolution:
		writeJSON(w, rep.contentType(), p.Status, resolutionResult{
			DidDocument:           jsonNull,
			DidResolutionMetadata: resultMetadata{Error: &p},
			DidDocumentMetadata:   jsonEmptyObject,
		})
	case shapeDereferencing:
		writeJSON(w, rep.contentType(), p.Status, dereferencingResult{
			Context:               didResolutionContext,
			DereferencingMetadata: resultMetadata{Error: &p},
			ContentStream:         jsonNull,
			ContentMetadata:       jsonEmptyObject,
		})
	default:
		writeJSON(w, mediaTypeProblem, p.Status, p)
	}
}

// writeJSON writes v as compact JSON without HTML escaping, like
// MarshalDIDCore, so embedded documents keep their bytes.
func writeJSON(w http.ResponseWriter, contentType string, httpStatus int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only our own structs get here; failing to encode them is a bug,
		// reported as a bare problem that cannot fail in turn.
		httpStatus = http.StatusInternalServerError
		contentType = mediaTypeProblem
		buf.Reset()
		fmt.Fprintf(&buf, `{"type":%q,"title":%q,"status":500}`, errInternal.uri, errInternal.title)
	}
	writeBody(w, contentType, httpStatus, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func writeBody(w http.ResponseWriter, contentType string, httpStatus int, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(httpStatus)
	// A failed write means the client has gone; there is no one to tell.
	_, _ = w.Write(body)
}
