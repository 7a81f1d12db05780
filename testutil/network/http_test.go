package network_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/network"
)

// The content-negotiation tests depend on Get sending exactly the Accept
// header asked for, and none when asked for none (so the server's default
// representation is what an Accept-less client gets).
func TestGetSendsTheAcceptHeaderAndReturnsStatusTypeAndBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, sent := r.Header["Accept"]
		w.Header().Set("Content-Type", "application/test+json")
		w.WriteHeader(http.StatusGone)
		_ = json.NewEncoder(w).Encode(map[string]any{"accept": r.Header.Get("Accept"), "sent": sent})
	}))
	defer srv.Close()

	var got struct {
		Accept string `json:"accept"`
		Sent   bool   `json:"sent"`
	}
	contentType := network.GetJSON(t, srv.URL, "application/did+json", http.StatusGone, &got)
	require.Equal(t, "application/test+json", contentType)
	require.Equal(t, "application/did+json", got.Accept)

	code, contentType, body := network.Get(t, srv.URL, "")
	require.Equal(t, http.StatusGone, code)
	require.Equal(t, "application/test+json", contentType)
	require.NoError(t, json.Unmarshal(body, &got))
	require.False(t, got.Sent, "no Accept header when accept is empty: %s", body)
}

// Revalidation tests read response headers (ETag, Cache-Control) and send
// one request header of their choice (If-None-Match).
func TestGetWithHeaderSendsOneHeaderAndReturnsTheResponse(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write([]byte("body"))
	}))
	defer srv.Close()

	res, body := network.GetWithHeader(t, srv.URL, "", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, `"v1"`, res.Header.Get("ETag"))
	require.Equal(t, "body", string(body))

	res, body = network.GetWithHeader(t, srv.URL, "If-None-Match", `"v1"`)
	require.Equal(t, http.StatusNotModified, res.StatusCode)
	require.Empty(t, body)
}
