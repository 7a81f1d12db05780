package resolver

import (
	"strconv"
	"strings"
)

// Media types of the DID Resolution HTTP binding.
const (
	mediaTypeDIDResolution = "application/did-resolution"
	// mediaTypeLDResolution is the older name of a resolution result.
	mediaTypeLDResolution = `application/ld+json;profile="https://w3id.org/did-resolution"`
	// mediaTypeDIDURLDereferencing is a DID URL dereferencing result.
	mediaTypeDIDURLDereferencing = "application/did-url-dereferencing"
	// mediaTypeDID is DID v1.1's media type of a DID document.
	mediaTypeDID       = "application/did"
	mediaTypeDIDLDJSON = "application/did+ld+json"
	mediaTypeDIDJSON   = "application/did+json"
	// mediaTypeURIList is what a service selection dereferences to: the
	// selected service endpoint URL (RFC 2483).
	mediaTypeURIList = "text/uri-list"
	mediaTypeProblem = "application/problem+json"

	didResolutionProfile = "https://w3id.org/did-resolution"
	didResolutionContext = "https://w3id.org/did-resolution/v1"
)

// representation is what the client accepts, after negotiation.
type representation int

const (
	// representationNone: nothing the client accepts can be produced.
	representationNone representation = iota
	representationResolution
	representationLDResolution
	representationDereferencing
	representationDID
	representationDIDLDJSON
	representationDIDJSON
	// representationRedirect is text/uri-list: a 303 to the selected
	// service endpoint URL.
	representationRedirect
)

// shape is the body the representation answers with; an error answers in
// the same shape (see the package doc).
func (r representation) shape() answerShape {
	switch r {
	case representationResolution, representationLDResolution:
		return shapeResolution
	case representationDereferencing:
		return shapeDereferencing
	}
	return shapeBare
}

func (r representation) contentType() string {
	switch r {
	case representationResolution:
		return mediaTypeDIDResolution
	case representationLDResolution:
		return mediaTypeLDResolution
	case representationDereferencing:
		return mediaTypeDIDURLDereferencing
	case representationDID:
		return mediaTypeDID
	case representationDIDLDJSON:
		return mediaTypeDIDLDJSON
	case representationDIDJSON:
		return mediaTypeDIDJSON
	case representationRedirect:
		return mediaTypeURIList
	}
	return mediaTypeProblem
}

// isDocument says whether the representation is a bare DID document.
func (r representation) isDocument() bool {
	return r == representationDID || r == representationDIDLDJSON || r == representationDIDJSON
}

// offer is one representation the resolver can produce for a request.
type offer struct {
	representation representation
	typ, subtype   string
	needsProfile   bool
}

var (
	offerResolution    = offer{representationResolution, "application", "did-resolution", false}
	offerLDResolution  = offer{representationLDResolution, "application", "ld+json", true}
	offerDereferencing = offer{representationDereferencing, "application", "did-url-dereferencing", false}
	offerDID           = offer{representationDID, "application", "did", false}
	offerDIDLDJSON     = offer{representationDIDLDJSON, "application", "did+ld+json", false}
	offerDIDJSON       = offer{representationDIDJSON, "application", "did+json", false}
	offerRedirect      = offer{representationRedirect, "text", "uri-list", false}
)

// What each kind of request can be answered with, in the resolver's order
// of preference: no Accept header, or one that accepts several equally
// (*/*), gets the first. A DID resolves to a resolution result by default;
// a DID URL with a fragment dereferences to a dereferencing result, never
// labelled application/did-resolution; a service selection redirects, since
// a 303 is the one answer any HTTP client can follow.
var (
	resolveOffers  = []offer{offerResolution, offerDereferencing, offerLDResolution, offerDID, offerDIDLDJSON, offerDIDJSON}
	fragmentOffers = []offer{offerDereferencing, offerDID, offerDIDLDJSON, offerDIDJSON}
	serviceOffers  = []offer{offerRedirect, offerDereferencing, offerDID, offerDIDLDJSON, offerDIDJSON}
)

// acceptable lists the media types of offers, for a 406's detail.
func acceptable(offers []offer) string {
	types := make([]string, len(offers))
	for i, o := range offers {
		types[i] = o.representation.contentType()
	}
	return strings.Join(types, ", ")
}

// mediaRange is one element of an Accept header.
type mediaRange struct {
	typ, subtype string
	profiles     []string
	q            float64
}

// negotiate picks the representation among offers for the Accept header
// values (RFC 9110 §12.5.1): each offer takes the quality of the most
// specific range that matches it; the highest non-zero quality wins, ties go
// to the earlier offer. No Accept header means the first offer.
// application/ld+json only matches with the did-resolution profile: plain
// JSON-LD is not offered.
func negotiate(accept []string, offers []offer) representation {
	header := strings.TrimSpace(strings.Join(accept, ","))
	if header == "" {
		return offers[0].representation
	}
	ranges := parseAccept(header)
	best, bestQ := representationNone, 0.0
	for _, o := range offers {
		if q := quality(ranges, o); q > bestQ {
			best, bestQ = o.representation, q
		}
	}
	return best
}

// quality is the quality the most specific matching range gives o (0 when
// none matches).
func quality(ranges []mediaRange, o offer) float64 {
	specificity, q := -1, 0.0
	for _, mr := range ranges {
		s := -1
		switch {
		case mr.typ == "*" && mr.subtype == "*":
			s = 0
		case mr.typ == o.typ && mr.subtype == "*":
			s = 1
		case mr.typ == o.typ && mr.subtype == o.subtype:
			if o.needsProfile && !hasProfile(mr.profiles, didResolutionProfile) {
				continue
			}
			s = 2
		}
		if s > specificity {
			specificity, q = s, mr.q
		}
	}
	return q
}

// wantsDereferencingResult says whether a DID URL with a path is to be
// answered with a dereferencing result: only when the client names
// application/did-url-dereferencing (q > 0) and names no other concrete type
// with a higher quality. Anything else goes to the path's dereferencer,
// which answers with its own content (a status list credential for
// */*, say).
func wantsDereferencingResult(accept []string) bool {
	ranges := parseAccept(strings.Join(accept, ","))
	want, other := 0.0, 0.0
	for _, mr := range ranges {
		switch {
		case mr.typ == offerDereferencing.typ && mr.subtype == offerDereferencing.subtype:
			want = max(want, mr.q)
		case mr.typ != "*" && mr.subtype != "*":
			other = max(other, mr.q)
		}
	}
	return want > 0 && want >= other
}

func hasProfile(profiles []string, want string) bool {
	for _, p := range profiles {
		// A JSON-LD profile parameter is a space-separated list of URIs.
		for _, uri := range strings.Fields(p) {
			if uri == want {
				return true
			}
		}
	}
	return false
}

// parseAccept reads an Accept header. Malformed ranges are skipped.
func parseAccept(header string) []mediaRange {
	var ranges []mediaRange
	for _, element := range splitOutsideQuotes(header, ',') {
		parts := splitOutsideQuotes(element, ';')
		mediaType := strings.ToLower(strings.TrimSpace(parts[0]))
		if mediaType == "*" { // sent by some old clients for */*
			mediaType = "*/*"
		}
		typ, subtype, ok := strings.Cut(mediaType, "/")
		if !ok || typ == "" || subtype == "" || (typ == "*" && subtype != "*") {
			continue
		}
		mr := mediaRange{typ: typ, subtype: subtype, q: 1}
		valid := true
		for _, param := range parts[1:] {
			name, value, _ := strings.Cut(param, "=")
			name = strings.ToLower(strings.TrimSpace(name))
			value = strings.TrimSpace(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = strings.ReplaceAll(value[1:len(value)-1], `\"`, `"`)
			}
			switch name {
			case "q":
				q, err := strconv.ParseFloat(value, 64)
				if err != nil || q < 0 || q > 1 {
					valid = false
				}
				mr.q = q
			case "profile":
				mr.profiles = append(mr.profiles, value)
			}
		}
		if valid {
			ranges = append(ranges, mr)
		}
	}
	return ranges
}

// splitOutsideQuotes splits s at sep where sep is not inside a quoted string.
func splitOutsideQuotes(s string, sep byte) []string {
	var parts []string
	inQuotes, escaped, start := false, false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case inQuotes && c == '\\':
			escaped = true
		case c == '"':
			inQuotes = !inQuotes
		case !inQuotes && c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
