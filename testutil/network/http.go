package network

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// httpClient bounds every request, so a node that stops answering fails
// the test instead of hanging it until the go test timeout.
var httpClient = &http.Client{Timeout: 20 * time.Second}

// Get sends a GET to url with the Accept header accept (none when accept is
// empty) and returns the status, the Content-Type and the whole body. Any
// status is returned: asserting it is the caller's business.
func Get(t testing.TB, url, accept string) (status int, contentType string, body []byte) {
	t.Helper()
	name := ""
	if accept != "" {
		name = "Accept"
	}
	res, body := GetWithHeader(t, url, name, accept)
	return res.StatusCode, res.Header.Get("Content-Type"), body
}

// GetWithHeader sends a GET to url with one request header (none when name
// is empty) and returns the response, for its status and headers (ETag,
// Cache-Control), and the whole body, already read and closed.
func GetWithHeader(t testing.TB, url, name, value string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	require.NoError(t, err)
	if name != "" {
		req.Header.Set(name, value)
	}
	res, err := httpClient.Do(req)
	require.NoError(t, err, "GET %s", url)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err, "GET %s", url)
	return res, body
}

// GetJSON is Get that requires wantStatus and decodes the JSON body into v.
// It returns the Content-Type, for the tests that check the media type too.
func GetJSON(t testing.TB, url, accept string, wantStatus int, v any) string {
	t.Helper()
	code, contentType, body := Get(t, url, accept)
	require.Equal(t, wantStatus, code, "GET %s: %s", url, body)
	require.NoError(t, json.Unmarshal(body, v), "GET %s: %s", url, body)
	return contentType
}
