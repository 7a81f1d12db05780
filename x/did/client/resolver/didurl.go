package resolver

import (
	"net/url"
	"regexp"
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
}

// parseDIDURL parses the part of the request path after /1.0/identifiers/
// (still percent-encoded) and the HTTP query. The path is decoded exactly
// once; the DID URL is then split at its first '#', the first '?' before it,
// and the first '/' before that. DID parameters from the DID URL's own query
// and from the HTTP query are merged; the HTTP query is decoded per RFC 3986
// ('+' stays '+', so a versionTime offset survives).
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

	m := didSyntax.FindStringSubmatch(did)
	if m == nil {
		return didURL{}, newError(errInvalidDID, "%q is not a DID (did:<method>:<method-specific-id>)", did)
	}
	if method := m[1]; method != types.Method {
		return didURL{}, newError(errMethodNotSupported, "DID method %q is not supported; this resolver serves did:%s", method, types.Method)
	}
	if !ndiIDSyntax.MatchString(strings.TrimPrefix(did, "did:"+types.Method+":")) {
		return didURL{}, newError(errInvalidDID, "%q is not did:%s:<namespace>:<unique-id> (namespace [a-z0-9-], unique-id base58)", did, types.Method)
	}
	if path != "" && !pathSyntax.MatchString(path) {
		return didURL{}, newError(errInvalidDIDURL, "DID URL path %q has characters a URI path cannot hold", path)
	}
	if hasFragment && !fragmentSyntax.MatchString(fragment) {
		return didURL{}, newError(errInvalidDIDURL, "DID URL fragment %q is empty or has characters a URI fragment cannot hold", fragment)
	}

	params := url.Values{}
	// The DID URL's own query was decoded with the path; the HTTP query not yet.
	if err := addDIDParameters(params, didQuery, false); err != nil {
		return didURL{}, err
	}
	if err := addDIDParameters(params, rawQuery, true); err != nil {
		return didURL{}, err
	}
	u := didURL{did: did, path: path, fragment: fragment}
	if u.versionID, err = singleParameter(params, "versionId"); err != nil {
		return didURL{}, err
	}
	versionTime, err := singleParameter(params, "versionTime")
	if err != nil {
		return didURL{}, err
	}
	if versionTime != "" {
		t, err := time.Parse(time.RFC3339, versionTime)
		if err != nil {
			return didURL{}, newError(errInvalidDIDURL, "versionTime %q is not an RFC 3339 time such as 2026-01-02T03:04:05Z", versionTime)
		}
		t = t.UTC()
		u.versionTime = &t
	}
	if u.versionID != "" && u.versionTime != nil {
		return didURL{}, newError(errInvalidDIDURL, "give versionId or versionTime, not both")
	}
	return u, nil
}

// addDIDParameters adds the name=value pairs of query to params.
func addDIDParameters(params url.Values, query string, decode bool) error {
	for _, pair := range strings.Split(query, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		if decode {
			decodedName, err := url.PathUnescape(name)
			if err != nil {
				return newError(errInvalidDIDURL, "query parameter name %q is not percent-encoded correctly", name)
			}
			decodedValue, err := url.PathUnescape(value)
			if err != nil {
				return newError(errInvalidDIDURL, "value of query parameter %q is not percent-encoded correctly", decodedName)
			}
			name, value = decodedName, decodedValue
		}
		params.Add(name, value)
	}
	return nil
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
