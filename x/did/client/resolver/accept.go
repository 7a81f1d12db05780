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
	mediaTypeDIDLDJSON    = "application/did+ld+json"
	mediaTypeDIDJSON      = "application/did+json"
	mediaTypeProblem      = "application/problem+json"

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
	representationDIDLDJSON
	representationDIDJSON
)

// isResult says whether the answer is a resolution or dereferencing result
// (as opposed to a bare document or object).
func (r representation) isResult() bool {
	return r == representationResolution || r == representationLDResolution
}

func (r representation) contentType() string {
	switch r {
	case representationResolution:
		return mediaTypeDIDResolution
	case representationLDResolution:
		return mediaTypeLDResolution
	case representationDIDLDJSON:
		return mediaTypeDIDLDJSON
	case representationDIDJSON:
		return mediaTypeDIDJSON
	}
	return mediaTypeProblem
}

// offers lists what the resolver produces, in its order of preference: a
// client that accepts several equally gets the first.
var offers = []struct {
	representation representation
	typ, subtype   string
	needsProfile   bool
}{
	{representationResolution, "application", "did-resolution", false},
	{representationLDResolution, "application", "ld+json", true},
	{representationDIDLDJSON, "application", "did+ld+json", false},
	{representationDIDJSON, "application", "did+json", false},
}

// mediaRange is one element of an Accept header.
type mediaRange struct {
	typ, subtype string
	profiles     []string
	q            float64
}

// negotiate picks the representation for the Accept header values (RFC 9110
// §12.5.1): each offer takes the quality of the most specific range that
// matches it; the highest non-zero quality wins. No Accept header means the
// resolution result. application/ld+json only matches with the
// did-resolution profile: plain JSON-LD is not offered.
func negotiate(accept []string) representation {
	header := strings.TrimSpace(strings.Join(accept, ","))
	if header == "" {
		return representationResolution
	}
	ranges := parseAccept(header)
	best, bestQ := representationNone, 0.0
	for _, offer := range offers {
		specificity, q := -1, 0.0
		for _, mr := range ranges {
			s := -1
			switch {
			case mr.typ == "*" && mr.subtype == "*":
				s = 0
			case mr.typ == offer.typ && mr.subtype == "*":
				s = 1
			case mr.typ == offer.typ && mr.subtype == offer.subtype:
				if offer.needsProfile && !hasProfile(mr.profiles, didResolutionProfile) {
					continue
				}
				s = 2
			}
			if s > specificity {
				specificity, q = s, mr.q
			}
		}
		if q > bestQ {
			best, bestQ = offer.representation, q
		}
	}
	return best
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
