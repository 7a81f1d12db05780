package resolver

import (
	"errors"
	"net/http"
	"net/url"
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
		{name: "service in the HTTP query", escapedPath: "did:ndi:local:abc", rawQuery: "service=hub", want: didURL{did: "did:ndi:local:abc", service: "hub"}},
		{name: "service as #fragment", escapedPath: "did:ndi:local:abc", rawQuery: "service=%23hub", want: didURL{did: "did:ndi:local:abc", service: "hub"}},
		{name: "service as the absolute id", escapedPath: "did:ndi:local:abc", rawQuery: "service=did:ndi:local:abc%23hub", want: didURL{did: "did:ndi:local:abc", service: "hub"}},
		{
			name:        "service and relativeRef inside the DID URL, encoded once more",
			escapedPath: "did:ndi:local:abc%3Fservice%3Dhub%26relativeRef%3D%252Fa%252Fb%253Fc%253D1%23top",
			want:        didURL{did: "did:ndi:local:abc", service: "hub", relativeRef: "/a/b?c=1", fragment: "top"},
		},
		{
			name:        "relativeRef inside the DID URL as the spec's example writes it",
			escapedPath: "did:ndi:local:abc%3Fservice%3Dhub%26relativeRef%3D%2Fresume.pdf",
			want:        didURL{did: "did:ndi:local:abc", service: "hub", relativeRef: "/resume.pdf"},
		},
		{name: "relativeRef in the HTTP query", escapedPath: "did:ndi:local:abc", rawQuery: "service=hub&relativeRef=%2Fx%3Fy%3D1", want: didURL{did: "did:ndi:local:abc", service: "hub", relativeRef: "/x?y=1"}},
		{name: "relative-path relativeRef", escapedPath: "did:ndi:local:abc", rawQuery: "service=hub&relativeRef=inbox", want: didURL{did: "did:ndi:local:abc", service: "hub", relativeRef: "inbox"}},
		{name: "relativeRef without service", escapedPath: "did:ndi:local:abc", rawQuery: "relativeRef=%2Fx", wantErr: errInvalidDIDURL},
		{name: "relativeRef with a scheme", escapedPath: "did:ndi:local:abc", rawQuery: "service=hub&relativeRef=https://evil.example/x", wantErr: errInvalidDIDURL},
		{name: "relativeRef with an authority", escapedPath: "did:ndi:local:abc", rawQuery: "service=hub&relativeRef=//evil.example/x", wantErr: errInvalidDIDURL},
		{name: "relativeRef with a javascript: scheme", escapedPath: "did:ndi:local:abc", rawQuery: "service=hub&relativeRef=javascript:alert(1)", wantErr: errInvalidDIDURL},
		{name: "relativeRef with a control character", escapedPath: "did:ndi:local:abc", rawQuery: "service=hub&relativeRef=%2Fx%0D%0ASet-Cookie:a", wantErr: errInvalidDIDURL},
		{name: "service twice", escapedPath: "did:ndi:local:abc", rawQuery: "service=a&service=b", wantErr: errInvalidDIDURL},
		{name: "empty service", escapedPath: "did:ndi:local:abc", rawQuery: "service=", wantErr: errInvalidDIDURL},
		{name: "service of another DID", escapedPath: "did:ndi:local:abc", rawQuery: "service=did:ndi:local:xyz%23hub", wantErr: errInvalidDIDURL},
		{name: "service with a path", escapedPath: "did:ndi:local:abc/status/1", rawQuery: "service=hub", wantErr: errInvalidDIDURL},
		{name: "unknown parameter in the HTTP query", escapedPath: "did:ndi:local:abc", rawQuery: "hl=zQm", wantErr: errInvalidDIDURL},
		{name: "unknown parameter inside the DID URL", escapedPath: "did:ndi:local:abc%3FtransformKey%3DJsonWebKey", wantErr: errInvalidDIDURL},
		{name: "serviceType is not served", escapedPath: "did:ndi:local:abc", rawQuery: "serviceType=DIDCommMessaging", wantErr: errInvalidDIDURL},
		{name: "parameter names are case-sensitive", escapedPath: "did:ndi:local:abc", rawQuery: "versionid=v1", wantErr: errInvalidDIDURL},
		{name: "a parameter without a name", escapedPath: "did:ndi:local:abc", rawQuery: "=v1", wantErr: errInvalidDIDURL},
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

func TestUnknownParameterErrorNamesTheParameter(t *testing.T) {
	_, err := parseDIDURL("did:ndi:local:abc", "zeta=1&hl=zQm")
	var own *resolutionError
	require.True(t, errors.As(err, &own), "%v", err)
	require.Equal(t, errInvalidDIDURL, own.kind)
	require.Equal(t, `DID parameter "hl" is not served by this resolver; it serves versionId, versionTime, service, relativeRef`, own.detail,
		"the first unknown name in sorted order, whatever the map order")
}

func TestNegotiateByRequestKind(t *testing.T) {
	tests := []struct {
		name   string
		offers []offer
		accept []string
		want   representation
	}{
		{"a fragment defaults to the dereferencing result", fragmentOffers, nil, representationDereferencing},
		{"a fragment with */*", fragmentOffers, []string{"*/*"}, representationDereferencing},
		{"a fragment never gets a resolution result", fragmentOffers, []string{"application/did-resolution"}, representationNone},
		{"a fragment never gets the ld+json resolution profile", fragmentOffers, []string{ldResolution}, representationNone},
		{"a fragment as application/did", fragmentOffers, []string{"application/did"}, representationDID},
		{"a service defaults to the redirect", serviceOffers, nil, representationRedirect},
		{"a service with */*", serviceOffers, []string{"*/*"}, representationRedirect},
		{"a service with text/uri-list", serviceOffers, []string{"text/uri-list"}, representationRedirect},
		{"a service with a browser's Accept", serviceOffers, []string{"text/html,application/xhtml+xml,*/*;q=0.8"}, representationRedirect},
		{"a service with the dereferencing result", serviceOffers, []string{"application/did-url-dereferencing"}, representationDereferencing},
		{"a service with application/* prefers the result", serviceOffers, []string{"application/*"}, representationDereferencing},
		{"a service never gets a resolution result", serviceOffers, []string{"application/did-resolution"}, representationNone},
		{"a DID with the dereferencing result", resolveOffers, []string{"application/did-url-dereferencing"}, representationDereferencing},
		{"a DID with application/did", resolveOffers, []string{"application/did"}, representationDID},
		{"application/did is not application/did+json", resolveOffers, []string{"application/did;q=0.4, application/did+json;q=0.5"}, representationDIDJSON},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, negotiate(tc.accept, tc.offers))
		})
	}
}

func TestWantsDereferencingResult(t *testing.T) {
	tests := []struct {
		accept []string
		want   bool
	}{
		{nil, false},
		{[]string{"*/*"}, false},
		{[]string{"application/*"}, false},
		{[]string{"application/did-url-dereferencing"}, true},
		{[]string{"application/vc+ld+json;q=0.5, application/did-url-dereferencing"}, true},
		{[]string{"application/vc+ld+json, application/did-url-dereferencing;q=0.5"}, false},
		{[]string{"application/did-url-dereferencing;q=0"}, false},
		{[]string{"*/*", "application/did-url-dereferencing;q=0.1"}, true},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, wantsDereferencingResult(tc.accept), "%q", tc.accept)
	}
}

const ldResolution = `application/ld+json;profile="https://w3id.org/did-resolution"`

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
		require.Equal(t, tc.want, negotiate(tc.accept, resolveOffers), "%q", tc.accept)
	}
}

// FuzzParseDIDURL feeds arbitrary request paths and queries to the parser:
// it must never panic, must only fail with its own 400 or 501 errors, and
// what it accepts must be a did:ndi DID URL.
func FuzzParseDIDURL(f *testing.F) {
	f.Add("did:ndi:local:abc", "")
	f.Add("did:ndi:local:abc%23key-1", "versionId=v1")
	f.Add("did:ndi:local:abc%3Fservice%3Dhub%26relativeRef%3D%252Fa%253Fb%23c", "")
	f.Add("did:ndi:local:abc", "service=did:ndi:local:abc%23hub&relativeRef=//evil.example")
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
		if u.relativeRef != "" && u.service == "" {
			t.Fatalf("relativeRef %q without a service", u.relativeRef)
		}
		if u.service != "" && (u.path != "" || strings.Contains(u.service, "#") || !fragmentSyntax.MatchString(u.service)) {
			t.Fatalf("service %q accepted (path %q)", u.service, u.path)
		}
		if u.relativeRef != "" {
			ref, err := url.Parse(u.relativeRef)
			if err != nil || ref.Scheme != "" || ref.Host != "" || strings.HasPrefix(u.relativeRef, "//") {
				t.Fatalf("relativeRef %q could leave the service's host", u.relativeRef)
			}
		}
	})
}
