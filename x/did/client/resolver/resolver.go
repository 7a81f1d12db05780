package resolver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
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
// Accept header (removed when the client asked for a dereferencing result,
// which wraps whatever the dereferencer answers by default).
type PathRequest struct {
	DID         string
	Path        string
	VersionID   string
	VersionTime *time.Time
	HTTP        *http.Request
}

// PathDereferencer answers a DID URL with a path, such as a status list at
// did:ndi:<ns>:<id>/status/1. Its errors go through the resolver's one
// mapping: a gRPC NotFound or InvalidArgument error maps to 404 or 400 like
// the Did query's, PathRequest.Negotiate's to 406; any other error is a 500.
type PathDereferencer func(ctx context.Context, req PathRequest) (PathContent, error)

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
		writeError(w, representationNone, newError(errHTTPMethodNotAllowed, "the DID Resolution binding answers GET"))
		return
	}
	accept := r.Header.Values("Accept")

	escaped, ok := strings.CutPrefix(r.URL.EscapedPath(), IdentifiersPath)
	if !ok {
		writeError(w, negotiate(accept, resolveOffers), newError(errNotFound, "DIDs are resolved at %s{did}", IdentifiersPath))
		return
	}
	u, err := parseDIDURL(escaped, r.URL.RawQuery)
	if u.path != "" {
		// The path's dereferencer answers, or the error in its shape.
		rep := representationNone
		if wantsDereferencingResult(accept) {
			rep = representationDereferencing
		}
		if err != nil {
			writeError(w, rep, err)
			return
		}
		h.dereferencePath(w, r, u, rep)
		return
	}
	offers := requestOffers(u)
	rep := negotiate(accept, offers)
	if err != nil {
		writeError(w, rep, err)
		return
	}
	if rep == representationNone {
		writeError(w, rep, newError(errRepresentationNotSupported, "acceptable: %s", acceptable(offers)))
		return
	}

	res, err := h.query.Did(r.Context(), &types.QueryDidRequest{Id: u.did, VersionId: u.versionID, VersionTime: u.versionTime})
	if err == nil && res == nil {
		err = newError(errInternal, "the Did query returned no answer")
	}
	if err != nil {
		writeError(w, rep, err)
		return
	}
	metadata, err := res.Metadata.MarshalDIDCore()
	if err != nil {
		writeError(w, rep, err)
		return
	}
	httpStatus := http.StatusOK
	if res.Metadata.Deactivated {
		httpStatus = http.StatusGone
		if rep == representationRedirect {
			// A deactivated DID's services are not followed: 410 with the
			// dereferencing result, whose contentMetadata says deactivated.
			rep = representationDereferencing
		}
	}

	// content is the answer's content (contentStream in a result) and
	// contentType its media type in the result's metadata.
	var content []byte
	contentType := mediaTypeDIDLDJSON
	switch {
	case u.service != "":
		content, contentType, err = dereferenceService(res.Document, u, rep)
	case u.fragment != "":
		content, err = dereferenceFragment(res.Document, u.did, u.fragment)
	default:
		content, err = res.Document.MarshalDIDCore()
	}
	if err != nil {
		writeError(w, rep, err)
		return
	}

	switch rep.shape() {
	case shapeResolution:
		writeJSON(w, rep.contentType(), httpStatus, resolutionResult{
			DidDocument:           content,
			DidResolutionMetadata: resultMetadata{ContentType: contentType},
			DidDocumentMetadata:   metadata,
		})
	case shapeDereferencing:
		writeJSON(w, rep.contentType(), httpStatus, dereferencingResult{
			Context:               didResolutionContext,
			DereferencingMetadata: resultMetadata{ContentType: contentType},
			ContentStream:         content,
			ContentMetadata:       metadata,
		})
	default:
		if rep == representationRedirect {
			var location string
			if err := json.Unmarshal(content, &location); err != nil {
				writeError(w, rep, err)
				return
			}
			w.Header().Set("Location", location)
			w.WriteHeader(http.StatusSeeOther)
			return
		}
		writeBody(w, rep.contentType(), httpStatus, content)
	}
}

// requestOffers is what a DID URL without a path can be answered with: a
// service selection (service or relativeRef given), a fragment, or else a
// resolution.
func requestOffers(u didURL) []offer {
	switch {
	case u.service != "" || u.relativeRef != "":
		return serviceOffers
	case u.fragment != "":
		return fragmentOffers
	}
	return resolveOffers
}

// dereferenceService selects the service u.service names and answers, for
// a bare DID document representation, the document with only that service
// (DID Resolution's answer when the accept option is a DID document type);
// otherwise the selected service endpoint URL, with u.relativeRef resolved
// against it (RFC 3986 §5) and u.fragment appended, as a JSON string of
// media type text/uri-list.
func dereferenceService(doc types.DidDocument, u didURL, rep representation) (content []byte, contentType string, err error) {
	var selected *types.Service
	for i := range doc.Service {
		if id := doc.Service[i].Id; id == u.did+"#"+u.service || id == "#"+u.service {
			selected = &doc.Service[i]
			break
		}
	}
	if selected == nil {
		return nil, "", newError(errNotFound, "%s has no service with id #%s", u.did, u.service)
	}
	if rep.isDocument() {
		if u.relativeRef != "" || u.fragment != "" {
			return nil, "", newError(errRepresentationNotSupported,
				"relativeRef and a fragment select a URL, not a document: accept %s or %s", mediaTypeURIList, mediaTypeDIDURLDereferencing)
		}
		doc.Service = []types.Service{*selected}
		content, err := doc.MarshalDIDCore()
		return content, rep.contentType(), err
	}

	var endpoint string
	if err := json.Unmarshal([]byte(selected.ServiceEndpoint), &endpoint); err != nil {
		return nil, "", newError(errNotFound,
			"service #%s has a map or list serviceEndpoint, not a single URI to dereference to; dereference %s#%s for the service itself", u.service, u.did, u.service)
	}
	target, err := url.Parse(endpoint)
	if err != nil || !target.IsAbs() {
		return nil, "", newError(errNotFound, "service #%s's serviceEndpoint %q is not an absolute URI", u.service, endpoint)
	}
	if u.relativeRef != "" {
		if target.Opaque != "" {
			return nil, "", newError(errInvalidDIDURL, "relativeRef cannot be resolved against service #%s's serviceEndpoint %q, which has no hierarchical path", u.service, endpoint)
		}
		// parseDIDURL checked that relativeRef parses.
		ref, _ := url.Parse(u.relativeRef)
		target = target.ResolveReference(ref)
	}
	if u.fragment != "" {
		if target.Fragment != "" {
			return nil, "", newError(errInvalidDIDURL, "the DID URL's fragment #%s cannot replace the fragment of %s", u.fragment, target)
		}
		target.Fragment = u.fragment
	}
	content, err = types.CompactJSON(target.String())
	return content, mediaTypeURIList, err
}

// dereferenceFragment finds the verification method (top-level, then
// embedded in a relationship) or service whose id is did#fragment, written
// absolute or relative (#fragment).
func dereferenceFragment(doc types.DidDocument, did, fragment string) ([]byte, error) {
	matches := func(id string) bool {
		return id == did+"#"+fragment || id == "#"+fragment
	}
	for _, m := range doc.AllMethods() {
		if matches(m.Id) {
			return m.MarshalDIDCore()
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
// dereferencer negotiates its own content, and its content is the answer,
// unless the client asks for a DID URL dereferencing result (see
// wantsDereferencingResult): then the dereferencer is asked without an
// Accept header (the result's accept option is absent) and its content
// becomes the result's contentStream. A fragment is the client's to apply
// to the content (RFC 3986 §3.5), as with an HTTP URL. The content's ETag
// and Cache-Control go out with it, and a matching If-None-Match gets 304.
func (h *handler) dereferencePath(w http.ResponseWriter, r *http.Request, u didURL, rep representation) {
	req := r
	if rep == representationDereferencing {
		req = r.Clone(r.Context())
		req.Header.Del("Accept")
	}
	for _, route := range h.paths {
		if !strings.HasPrefix(u.path, route.prefix) {
			continue
		}
		content, err := route.dereference(r.Context(), PathRequest{
			DID: u.did, Path: u.path, VersionID: u.versionID, VersionTime: u.versionTime, HTTP: req,
		})
		if err != nil {
			writeError(w, rep, err)
			return
		}
		contentType, body := content.ContentType, content.Body
		if contentType == "" {
			contentType = "application/octet-stream"
		}
		etag := content.ETag
		if rep == representationDereferencing {
			etag = dereferencingETag(etag)
		}
		// The answer depends on Accept (the content, or a result around it).
		w.Header().Add("Vary", "Accept")
		if content.CacheControl != "" {
			w.Header().Set("Cache-Control", content.CacheControl)
		}
		if etag != "" {
			w.Header().Set("ETag", etag)
			if notModified(r, etag) {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		if rep != representationDereferencing {
			writeBody(w, contentType, http.StatusOK, body)
			return
		}
		stream, err := contentStream(contentType, body)
		if err != nil {
			writeError(w, rep, err)
			return
		}
		writeJSON(w, rep.contentType(), http.StatusOK, dereferencingResult{
			Context:               didResolutionContext,
			DereferencingMetadata: resultMetadata{ContentType: contentType},
			ContentStream:         stream,
			ContentMetadata:       jsonEmptyObject,
		})
		return
	}
	writeError(w, rep, newError(errNotFound, "nothing is served at path %q of %s", u.path, u.did))
}

// contentStream is body as the contentStream of a dereferencing result:
// JSON content (application/json or a +json type) as itself, anything else
// as a JSON string holding the body.
func contentStream(contentType string, body []byte) (json.RawMessage, error) {
	mediaType, _, _ := strings.Cut(contentType, ";")
	mediaType = strings.ToLower(strings.TrimSpace(mediaType))
	if (mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")) && json.Valid(body) {
		return body, nil
	}
	return types.CompactJSON(string(body))
}

// writeError renders err through problemFor in the shape of rep.
func writeError(w http.ResponseWriter, rep representation, err error) {
	p := problemFor(err)
	switch rep.shape() {
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

// writeJSON writes v as types.CompactJSON.
func writeJSON(w http.ResponseWriter, contentType string, httpStatus int, v any) {
	body, err := types.CompactJSON(v)
	if err != nil {
		// Only our own structs get here; failing to encode them is a bug,
		// reported as a bare problem that cannot fail in turn.
		httpStatus = http.StatusInternalServerError
		contentType = mediaTypeProblem
		body = fmt.Appendf(nil, `{"type":%q,"title":%q,"status":500}`, errInternal.uri, errInternal.title)
	}
	writeBody(w, contentType, httpStatus, body)
}

func writeBody(w http.ResponseWriter, contentType string, httpStatus int, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(httpStatus)
	// A failed write means the client has gone; there is no one to tell.
	_, _ = w.Write(body)
}
