package resolver

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ndi-chain/ndi/x/did/types"
)

// maxDIDURLLength bounds what is parsed and echoed back in error details.
const maxDIDURLLength = 4096

var (
	// didSyntax is DID Core's ABNF: "did:" method-name ":" method-specific-id,
	// method-specific-id = *( *idchar ":" ) 1*idchar,
	// idchar = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded.
	didSyntax = regexp.MustCompile(`^did:([a-z0-9]+):(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})$`)
	// ndiIDSyntax is did:ndi's method-specific-id, <namespace>:<unique-id>.
	// The query checks the rest (namespace served, unique-id length).
	ndiIDSyntax = regexp.MustCompile(`^[a-z0-9-]+:[1-9A-HJ-NP-Za-km-z]+$`)
	// pathSyntax is RFC 3986 path-abempty after percent-decoding.
	pathSyntax = regexp.MustCompile(`^(?:/[A-Za-z0-9._~!$&'()*+,;=:@-]*)+$`)
	// fragmentSyntax is RFC 3986 fragment after percent-decoding.
	fragmentSyntax = regexp.MustCompile(`^[A-Za-z0-9._~!$&'()*+,;=:@/?-]+$`)
)

// didURL is a parsed request target: a did:ndi DID with an optional path,
// fragment and the DID parameters this resolver understands.
type didURL struct {
	did         string
	path        string // "" or starting with '/'
	fragment    string // without '#'; "" when there is none
	versionID   string
	versionTime *time.Time
	// service is the fragment of the selected service's id (without '#'),
	// relativeRef a relative reference resolved against its endpoint.
	service     string
	relativeRef string
}

// DID parameters this resolver serves. Any other parameter is refused: a
// parameter the resolver ignored would answer a question the client did
// not ask (for example, the latest document for a hl= it never checked).
const (
	paramVersionID   = "versionId"
	paramVersionTime = "versionTime"
	paramService     = "service"
	paramRelativeRef = "relativeRef"
)

var servedParameters = []string{paramVersionID, paramVersionTime, paramService, paramRelativeRef}

// parseDIDURL parses the part of the request path after /1.0/identifiers/
// (still percent-encoded) and the HTTP query. The path is decoded exactly
// once; the DID URL is then split at its first '#', the first '?' before it,
// and the first '/' before that. DID parameters from the DID URL's own query
// and from the HTTP query are merged; each parameter's name and value are
// percent-decoded once more per RFC 3986 ('+' stays '+', so a versionTime
// offset survives), so relativeRef=%2Fa%3Fb inside the DID URL is "/a?b".
// On an error the didURL holds what was read before it (the path and
// fragment once the DID URL could be split, service and relativeRef once
// the parameters could be read), so that the error takes the shape of the
// answer the request asked for.
func parseDIDURL(escapedPath, rawQuery string) (didURL, error) {
	if escapedPath == "" {
		return didURL{}, newError(errInvalidDID, "no DID in the request path")
	}
	if len(escapedPath) > maxDIDURLLength || len(rawQuery) > maxDIDURLLength {
		return didURL{}, newError(errInvalidDIDURL, "DID URL longer than %d bytes", maxDIDURLLength)
	}
	decoded, err := url.PathUnescape(escapedPath)
	if err != nil {
		return didURL{}, newError(errInvalidDIDURL, "request path is not percent-encoded correctly: %v", err)
	}

	rest, fragment, hasFragment := strings.Cut(decoded, "#")
	rest, didQuery, _ := strings.Cut(rest, "?")
	did, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		did, path = rest[:i], rest[i:]
	}
	u := didURL{did: did, path: path, fragment: fragment}

	m := didSyntax.FindStringSubmatch(did)
	if m == nil {
		return u, newError(errInvalidDID, "%q is not a DID (did:<method>:<method-specific-id>)", did)
	}
	if method := m[1]; method != types.Method {
		return u, newError(errMethodNotSupported, "DID method %q is not supported; this resolver serves did:%s", method, types.Method)
	}
	if !ndiIDSyntax.MatchString(strings.TrimPrefix(did, "did:"+types.Method+":")) {
		return u, newError(errInvalidDID, "%q is not did:%s:<namespace>:<unique-id> (namespace [a-z0-9-], unique-id base58)", did, types.Method)
	}
	if path != "" && !pathSyntax.MatchString(path) {
		return u, newError(errInvalidDIDURL, "DID URL path %q has characters a URI path cannot hold", path)
	}
	if hasFragment && !fragmentSyntax.MatchString(fragment) {
		return u, newError(errInvalidDIDURL, "DID URL fragment %q is empty or has characters a URI fragment cannot hold", fragment)
	}

	params := url.Values{}
	// The request path was decoded once above, which undid the HTTP layer's
	// encoding of the DID URL; the DID URL's own query values are
	// percent-encoded in their turn.
	if err := addDIDParameters(params, didQuery); err != nil {
		return u, err
	}
	if err := addDIDParameters(params, rawQuery); err != nil {
		return u, err
	}
	if err := parseServiceParameters(&u, params); err != nil {
		return u, err
	}
	if err := refuseUnknownParameters(params); err != nil {
		return u, err
	}
	if u.versionID, err = singleParameter(params, paramVersionID); err != nil {
		return u, err
	}
	versionTime, err := singleParameter(params, paramVersionTime)
	if err != nil {
		return u, err
	}
	if versionTime != "" {
		t, err := time.Parse(time.RFC3339, versionTime)
		if err != nil {
			return u, newError(errInvalidDIDURL, "versionTime %q is not an RFC 3339 time such as 2026-01-02T03:04:05Z", versionTime)
		}
		t = t.UTC()
		u.versionTime = &t
	}
	if u.versionID != "" && u.versionTime != nil {
		return u, newError(errInvalidDIDURL, "give versionId or versionTime, not both")
	}
	return u, nil
}

// addDIDParameters adds the name=value pairs of query to params, each
// percent-decoded once.
func addDIDParameters(params url.Values, query string) error {
	for _, pair := range strings.Split(query, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		decodedName, err := url.PathUnescape(name)
		if err != nil {
			return newError(errInvalidDIDURL, "query parameter name %q is not percent-encoded correctly", name)
		}
		decodedValue, err := url.PathUnescape(value)
		if err != nil {
			return newError(errInvalidDIDURL, "value of query parameter %q is not percent-encoded correctly", decodedName)
		}
		params.Add(decodedName, decodedValue)
	}
	return nil
}

// refuseUnknownParameters fails on the first parameter, in name order (so
// the answer does not depend on map order), that the resolver does not serve.
func refuseUnknownParameters(params url.Values) error {
	names := make([]string, 0, len(params))
	for name := range params {
		if !slices.Contains(servedParameters, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	return newError(errInvalidDIDURL, "DID parameter %q is not served by this resolver; it serves %s",
		truncate(names[0]), strings.Join(servedParameters, ", "))
}

// parseServiceParameters reads service and relativeRef. The service value
// names the service by the fragment of its id: "hub", "#hub" and
// "<did>#hub" all select the service with id "#hub" or "<did>#hub".
// relativeRef must be a relative-path or absolute-path reference: a scheme
// or an authority would let any caller point the resolver's 303 at a host
// the DID controller never published.
func parseServiceParameters(u *didURL, params url.Values) error {
	service, err := singleParameter(params, paramService)
	if err != nil {
		return err
	}
	relativeRef, err := singleParameter(params, paramRelativeRef)
	if err != nil {
		return err
	}
	// Recorded before they are checked, so that an error in them answers as
	// a service selection.
	u.service, u.relativeRef = service, relativeRef
	if service == "" {
		if relativeRef != "" {
			return newError(errInvalidDIDURL, "DID parameter relativeRef needs the DID parameter service, the service whose endpoint it is resolved against")
		}
		return nil
	}
	if u.path != "" {
		return newError(errInvalidDIDURL, "DID parameter service selects a service of the DID document and cannot be combined with the path %q", truncate(u.path))
	}
	name := strings.TrimPrefix(strings.TrimPrefix(service, u.did), "#")
	if !fragmentSyntax.MatchString(name) || strings.Contains(name, "#") {
		return newError(errInvalidDIDURL, "DID parameter service %q is not a service id (<fragment>, #<fragment> or %s#<fragment>)", truncate(service), u.did)
	}
	u.service = name
	u.relativeRef = ""
	if relativeRef == "" {
		return nil
	}
	ref, err := url.Parse(relativeRef)
	if err != nil {
		return newError(errInvalidDIDURL, "DID parameter relativeRef %q is not a URI reference: %v", truncate(relativeRef), err)
	}
	if ref.Scheme != "" || ref.Host != "" || ref.User != nil || strings.HasPrefix(relativeRef, "//") {
		return newError(errInvalidDIDURL, "DID parameter relativeRef %q must be a relative reference without scheme or authority (such as /path?query)", truncate(relativeRef))
	}
	u.relativeRef = relativeRef
	return nil
}

// truncate bounds what a request makes the resolver echo back.
func truncate(s string) string {
	const limit = 256
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "…"
}

// singleParameter returns a DID parameter that may appear at most once and,
// when it does, must have a value.
func singleParameter(params url.Values, name string) (string, error) {
	values := params[name]
	switch {
	case len(values) == 0:
		return "", nil
	case len(values) > 1:
		return "", newError(errInvalidDIDURL, "DID parameter %s is given %d times", name, len(values))
	case values[0] == "":
		return "", newError(errInvalidDIDURL, "DID parameter %s has no value", name)
	}
	return values[0], nil
}
