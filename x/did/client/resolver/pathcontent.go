package resolver

import (
	"net/http"
	"strings"
)

// PathContent is what a PathDereferencer answers with.
type PathContent struct {
	// ContentType is the content's media type (application/octet-stream
	// when empty).
	ContentType string
	Body        []byte
	// ETag, when set, is the content's entity tag as sent in the header,
	// quoted (RFC 9110 §8.8.3); it must change whenever Body or
	// ContentType does. The resolver sends it, answers a request whose
	// If-None-Match names it with 304 Not Modified, and tags a DID URL
	// dereferencing result around the content with a tag derived from it.
	ETag string
	// CacheControl, when set, is sent as the Cache-Control header, with
	// the content and with a 304.
	CacheControl string
}

// Negotiate returns the media type, among those the dereferencer can serve
// (its preferred first), that the request's Accept header prefers, by the
// rules the resolver negotiates DIDs with: no Accept header, or one
// accepting several equally, gets the earlier. When the request accepts
// none of them it returns the resolver's REPRESENTATION_NOT_SUPPORTED
// error (406), for the dereferencer to return as its own.
func (r PathRequest) Negotiate(mediaTypes ...string) (string, error) {
	var accept []string
	if r.HTTP != nil {
		accept = r.HTTP.Header.Values("Accept")
	}
	header := strings.TrimSpace(strings.Join(accept, ","))
	if header == "" && len(mediaTypes) > 0 {
		return mediaTypes[0], nil
	}
	ranges := parseAccept(header)
	best, bestQ := "", 0.0
	for _, mediaType := range mediaTypes {
		typ, subtype, _ := strings.Cut(strings.ToLower(mediaType), "/")
		if q := quality(ranges, offer{typ: typ, subtype: subtype}); q > bestQ {
			best, bestQ = mediaType, q
		}
	}
	if best == "" {
		return "", newError(errRepresentationNotSupported, "acceptable: %s", strings.Join(mediaTypes, ", "))
	}
	return best, nil
}

// dereferencingETag tags a dereferencing result around content tagged
// etag: another representation, so another tag, still changing with the
// content's.
func dereferencingETag(etag string) string {
	if !strings.HasSuffix(etag, `"`) || len(etag) < 2 {
		return ""
	}
	return etag[:len(etag)-1] + `.dereferencing"`
}

// notModified says whether an If-None-Match header names etag (or is "*"):
// RFC 9110 §13.1.2, which compares weakly.
func notModified(r *http.Request, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, header := range r.Header.Values("If-None-Match") {
		for _, tag := range splitOutsideQuotes(header, ',') {
			tag = strings.TrimSpace(tag)
			if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
				return true
			}
		}
	}
	return false
}
