package resolver

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseDIDURL(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name        string
		escapedPath string
		rawQuery    string
		want        didURL
		wantErr     errorType
	}{
		{name: "plain DID", escapedPath: "did:ndi:local:abc", want: didURL{did: "did:ndi:local:abc"}},
		{name: "namespace with digits and dash", escapedPath: "did:ndi:test-net-2:abc", want: didURL{did: "did:ndi:test-net-2:abc"}},
		{name: "fragment", escapedPath: "did:ndi:local:abc%23key-1", want: didURL{did: "did:ndi:local:abc", fragment: "key-1"}},
		{name: "path, query and fragment in the path", escapedPath: "did:ndi:local:abc/status/1%3FversionId%3Dv2%23x", want: didURL{did: "did:ndi:local:abc", path: "/status/1", fragment: "x", versionID: "v2"}},
		{name: "fully encoded", escapedPath: "did%3Andi%3Alocal%3Aabc%2Fstatus%2F1", want: didURL{did: "did:ndi:local:abc", path: "/status/1"}},
		{name: "HTTP query", escapedPath: "did:ndi:local:abc", rawQuery: "versionTime=2026-01-02T04:04:05%2B01:00", want: didURL{did: "did:ndi:local:abc", versionTime: &at}},
		{name: "empty", wantErr: errInvalidDID},
		{name: "not did:", escapedPath: "DID:ndi:local:abc", wantErr: errInvalidDID},
		{name: "empty method-specific-id", escapedPath: "did:ndi:", wantErr: errInvalidDID},
		{name: "uppercase method", escapedPath: "did:NDI:local:abc", wantErr: errInvalidDID},
		{name: "method-specific-id ends in ':'", escapedPath: "did:web:example.com:", wantErr: errInvalidDID},
		{name: "other method", escapedPath: "did:key:z6Mk", wantErr: errMethodNotSupported},
		{name: "other method with pct-encoded idchar", escapedPath: "did:web:example.com%253A8080", wantErr: errMethodNotSupported},
		{name: "ndi with three parts", escapedPath: "did:ndi:local:abc:def", wantErr: errInvalidDID},
		{name: "ndi unique-id outside base58", escapedPath: "did:ndi:local:abc0", wantErr: errInvalidDID},
		{name: "bad escape", escapedPath: "did:ndi:local:abc%2", wantErr: errInvalidDIDURL},
		{name: "space in path", escapedPath: "did:ndi:local:abc/a%20b", wantErr: errInvalidDIDURL},
		{name: "second '#'", escapedPath: "did:ndi:local:abc%23a%23b", wantErr: errInvalidDIDURL},
		{name: "versionTime without zone", escapedPath: "did:ndi:local:abc", rawQuery: "versionTime=2026-01-02T03:04:05", wantErr: errInvalidDIDURL},
		{name: "versionId in the DID URL and the HTTP query", escapedPath: "did:ndi:local:abc%3FversionId%3Dv1", rawQuery: "versionId=v1", wantErr: errInvalidDIDURL},
		{name: "too long", escapedPath: "did:ndi:local:" + strings.Repeat("a", maxDIDURLLength), wantErr: errInvalidDIDURL},
		{name: "versionId and versionTime together", escapedPath: "did:ndi:local:abc", rawQuery: "versionId=v1&versionTime=2026-01-02T03:04:05Z", wantErr: errInvalidDIDURL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseDIDURL(tc.escapedPath, tc.rawQuery)
			if tc.wantErr != (errorType{}) {
				var own *resolutionError
				require.True(t, errors.As(err, &own), "%v", err)
				require.Equal(t, tc.wantErr, own.kind, own.detail)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct {
		accept []string
		want   representation
	}{
		{nil, representationResolution},
		{[]string{" "}, representationResolution},
		{[]string{"*"}, representationResolution},
		{[]string{"application/*"}, representationResolution},
		{[]string{`application/ld+json; profile="https://w3id.org/did-resolution"`}, representationLDResolution},
		{[]string{`application/ld+json;profile="https://www.w3.org/ns/did/v1 https://w3id.org/did-resolution"`}, representationLDResolution},
		{[]string{`application/ld+json;profile="https://example.com/other"`}, representationNone},
		{[]string{"APPLICATION/DID+JSON"}, representationDIDJSON},
		{[]string{"application/did+json;q=2"}, representationNone},
		{[]string{"garbage"}, representationNone},
		{[]string{"*/*;q=0"}, representationNone},
		{[]string{`text/plain;x="a,b", application/did+ld+json`}, representationDIDLDJSON},
		{[]string{"application/did+json", "application/did-resolution"}, representationResolution},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, negotiate(tc.accept), "%q", tc.accept)
	}
}

// FuzzParseDIDURL feeds arbitrary request paths and queries to the parser:
// it must never panic, must only fail with its own 400 or 501 errors, and
// what it accepts must be a did:ndi DID URL.
func FuzzParseDIDURL(f *testing.F) {
	f.Add("did:ndi:local:abc", "")
	f.Add("did:ndi:local:abc%23key-1", "versionId=v1")
	f.Fuzz(func(t *testing.T, escapedPath, rawQuery string) {
		u, err := parseDIDURL(escapedPath, rawQuery)
		if err != nil {
			var own *resolutionError
			if !errors.As(err, &own) {
				t.Fatalf("foreign error %T: %v", err, err)
			}
			if own.kind.status != http.StatusBadRequest && own.kind.status != http.StatusNotImplemented {
				t.Fatalf("status %d for a parse error", own.kind.status)
			}
			return
		}
		if !strings.HasPrefix(u.did, "did:ndi:") || !ndiIDSyntax.MatchString(strings.TrimPrefix(u.did, "did:ndi:")) {
			t.Fatalf("accepted DID %q", u.did)
		}
		if u.path != "" && !strings.HasPrefix(u.path, "/") {
			t.Fatalf("path %q does not start with '/'", u.path)
		}
		if strings.ContainsAny(u.fragment, "#% ") {
			t.Fatalf("fragment %q", u.fragment)
		}
		if u.versionTime != nil && u.versionTime.Location() != time.UTC {
			t.Fatalf("versionTime %v not in UTC", u.versionTime)
		}
	})
}
