package statuslist_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"

	"github.com/ndi-chain/ndi/x/did/client/resolver"
	"github.com/ndi-chain/ndi/x/revocation/client/statuslist"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

const issuer = "did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF"

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fakeLists answers for one list whose versions are written at t0, t0+1h,
// t0+2h, …: version s sets bit s.
type fakeLists struct {
	types.QueryClient
	latest uint64
}

func (f *fakeLists) list(seq uint64) types.StatusList {
	return types.StatusList{Id: types.ListID(issuer, "1"), IssuerDid: issuer, Name: "1", Purpose: types.STATUS_PURPOSE_REVOCATION,
		SizeBits: types.MinSizeBits, Sequence: seq}
}

func (f *fakeLists) CredentialStatus(_ context.Context, in *types.QueryCredentialStatusRequest, _ ...grpc.CallOption) (*types.QueryCredentialStatusResponse, error) {
	return &types.QueryCredentialStatusResponse{ListId: in.ListId, Sequence: f.latest}, nil
}

func (f *fakeLists) StatusList(_ context.Context, in *types.QueryStatusListRequest, _ ...grpc.CallOption) (*types.QueryStatusListResponse, error) {
	seq := f.latest
	if in.AtTime != nil {
		seq = min(seq, uint64(in.AtTime.Sub(t0)/time.Hour))
	}
	bits := make([]byte, types.MinSizeBits/8)
	for s := uint64(1); s <= seq; s++ {
		types.SetBit(bits, s, true)
	}
	encoded, err := types.EncodeList(bits)
	if err != nil {
		return nil, err
	}
	return &types.QueryStatusListResponse{List: f.list(seq), EncodedList: encoded, Sequence: seq, AsOf: t0.Add(time.Duration(seq) * time.Hour)}, nil
}

func newServer(f *fakeLists) http.Handler {
	return resolver.NewHandler(nil, resolver.WithPathDereferencer(statuslist.PathPrefix, statuslist.Dereferencer(f)))
}

func get(h http.Handler, versionTime *time.Time, header ...string) *httptest.ResponseRecorder {
	target := resolver.IdentifiersPath + issuer + "/status/1"
	if versionTime != nil {
		target += "?versionTime=" + url.QueryEscape(versionTime.Format(time.RFC3339))
	}
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// The latest list carries a strong ETag and no-cache; a matching
// If-None-Match is a 304 without a body; after an update the old tag is
// stale and the list is served with a new one.
func TestLatestListIsRevalidatedByETag(t *testing.T) {
	f := &fakeLists{latest: 1}
	h := newServer(f)

	rec := get(h, nil)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Equal(t, statuslist.ContentType, rec.Header().Get("Content-Type"))
	etag := rec.Header().Get("ETag")
	require.Regexp(t, `^"[A-Za-z0-9_-]+"$`, etag, "a strong tag")
	require.Equal(t, statuslist.ETag(statuslist.ContentType, rec.Body.Bytes()), etag)
	require.Equal(t, statuslist.CacheControlLatest, rec.Header().Get("Cache-Control"))
	require.Equal(t, "Accept", rec.Header().Get("Vary"))
	var cred statuslist.Credential
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &cred))
	bits, err := types.DecodeList(cred.CredentialSubject.EncodedList)
	require.NoError(t, err)
	require.True(t, types.Bit(bits, 1))

	rec = get(h, nil, "If-None-Match", etag)
	require.Equal(t, http.StatusNotModified, rec.Code)
	require.Empty(t, rec.Body.Bytes())
	require.Equal(t, etag, rec.Header().Get("ETag"))
	require.Equal(t, statuslist.CacheControlLatest, rec.Header().Get("Cache-Control"))
	require.Equal(t, http.StatusNotModified, get(h, nil, "If-None-Match", `"other", W/`+etag).Code, "a list of tags, compared weakly")

	f.latest = 2
	rec = get(h, nil, "If-None-Match", etag)
	require.Equal(t, http.StatusOK, rec.Code, "a stale tag gets the new list")
	require.NotEqual(t, etag, rec.Header().Get("ETag"))
	require.NotEmpty(t, rec.Body.Bytes())
}

// Accept is honoured as on DIDs: the credential as application/vc+ld+json
// (also for */* and none) or application/json, each its own tag; anything
// else is 406 with the resolver's problem body.
func TestStatusListAcceptIsNegotiated(t *testing.T) {
	h := newServer(&fakeLists{latest: 1})
	tags := map[string]string{}
	for _, tc := range []struct{ accept, want string }{
		{"", statuslist.ContentType},
		{"*/*", statuslist.ContentType},
		{"application/*", statuslist.ContentType},
		{statuslist.ContentType, statuslist.ContentType},
		{"application/json", statuslist.JSONContentType},
		{"text/html;q=0.9, application/json;q=0.5", statuslist.JSONContentType},
	} {
		rec := get(h, nil, "Accept", tc.accept)
		require.Equal(t, http.StatusOK, rec.Code, tc.accept)
		require.Equal(t, tc.want, rec.Header().Get("Content-Type"), tc.accept)
		tags[tc.want] = rec.Header().Get("ETag")
	}
	require.NotEqual(t, tags[statuslist.ContentType], tags[statuslist.JSONContentType], "two representations, two tags")

	for _, accept := range []string{"text/html", "application/vc+jwt", "application/json;q=0"} {
		rec := get(h, nil, "Accept", accept)
		require.Equal(t, http.StatusNotAcceptable, rec.Code, accept)
		require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
		var p map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
		require.Equal(t, "https://www.w3.org/ns/did#REPRESENTATION_NOT_SUPPORTED", p["type"])
		require.Equal(t, float64(http.StatusNotAcceptable), p["status"])
		require.Empty(t, rec.Header().Get("ETag"))
	}

	// A dereferencing result around the credential is another
	// representation with its own tag, revalidated the same way.
	const deref = "application/did-url-dereferencing"
	rec := get(h, nil, "Accept", deref)
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, deref, rec.Header().Get("Content-Type"))
	etag := rec.Header().Get("ETag")
	require.NotEmpty(t, etag)
	require.NotEqual(t, tags[statuslist.ContentType], etag)
	require.Equal(t, http.StatusNotModified, get(h, nil, "Accept", deref, "If-None-Match", etag).Code)
	require.Equal(t, http.StatusOK, get(h, nil, "Accept", deref, "If-None-Match", tags[statuslist.ContentType]).Code)
}

// A past version that a later one has superseded never changes and may be
// cached for good; the version still in force at the time asked may yet
// be superseded by a write at or before that time, so it is revalidated
// like the latest.
func TestPastTimeAnswersAreImmutableOnceSuperseded(t *testing.T) {
	h := newServer(&fakeLists{latest: 3})
	past := t0.Add(90 * time.Minute)
	rec := get(h, &past)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Equal(t, statuslist.CacheControlFinal, rec.Header().Get("Cache-Control"))
	var cred statuslist.Credential
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &cred))
	require.Equal(t, t0.Add(time.Hour).Format(time.RFC3339), cred.ValidFrom, "version 1 was in force")
	etag := rec.Header().Get("ETag")
	require.NotEqual(t, etag, get(h, nil).Header().Get("ETag"))
	rec = get(h, &past, "If-None-Match", etag)
	require.Equal(t, http.StatusNotModified, rec.Code)
	require.Equal(t, statuslist.CacheControlFinal, rec.Header().Get("Cache-Control"))

	future := t0.Add(10 * time.Hour)
	rec = get(h, &future)
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, statuslist.CacheControlLatest, rec.Header().Get("Cache-Control"))
	require.Equal(t, get(h, nil).Header().Get("ETag"), rec.Header().Get("ETag"), "the latest version, the latest's tag")
}
