package explorer_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/explorer"
)

// maxWeight is the page-weight budget for everything the explorer serves.
const maxWeight = 300 << 10

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	h, err := explorer.Handler()
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle(explorer.Path, h)
	mux.Handle(explorer.RedirectPath, explorer.Redirect())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, method, url string, header http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = res.Body.Close() })
	return res
}

func requireSecurityHeaders(t *testing.T, res *http.Response) {
	t.Helper()
	require.Equal(t, explorer.ContentSecurityPolicy, res.Header.Get("Content-Security-Policy"), res.Request.URL.Path)
	require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), res.Request.URL.Path)
	require.Equal(t, "no-referrer", res.Header.Get("Referrer-Policy"), res.Request.URL.Path)
}

func TestContentSecurityPolicyIsTheContractsPolicy(t *testing.T) {
	require.Equal(t, "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "+
		"font-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", explorer.ContentSecurityPolicy)
}

// Every embedded file is served under Path with its type, the security
// headers and an ETag that answers a revalidation with 304.
func TestEveryAssetIsServedWithItsTypeAndTheSecurityHeaders(t *testing.T) {
	srv := newServer(t)
	files, err := explorer.Files()
	require.NoError(t, err)
	require.Contains(t, files, "index.html")
	require.Contains(t, files, "app.js")
	require.Contains(t, files, "style.css")
	wantType := map[string]string{".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
	for name, body := range files {
		ext := name[strings.LastIndex(name, "."):]
		require.Contains(t, wantType, ext, "%s: an asset of a kind the handler does not serve", name)
		res := do(t, http.MethodGet, srv.URL+explorer.Path+name, nil)
		require.Equal(t, http.StatusOK, res.StatusCode, name)
		requireSecurityHeaders(t, res)
		require.Equal(t, wantType[ext], res.Header.Get("Content-Type"), name)
		require.Equal(t, "no-cache", res.Header.Get("Cache-Control"), name)
		etag := res.Header.Get("ETag")
		require.NotEmpty(t, etag, name)
		require.Equal(t, int64(len(body)), res.ContentLength, name)

		again := do(t, http.MethodGet, srv.URL+explorer.Path+name, http.Header{"If-None-Match": {etag}})
		require.Equal(t, http.StatusNotModified, again.StatusCode, name)

		head := do(t, http.MethodHead, srv.URL+explorer.Path+name, nil)
		require.Equal(t, http.StatusOK, head.StatusCode, name)
		requireSecurityHeaders(t, head)
	}

	root := do(t, http.MethodGet, srv.URL+explorer.Path, nil)
	require.Equal(t, http.StatusOK, root.StatusCode)
	require.Equal(t, "text/html; charset=utf-8", root.Header.Get("Content-Type"))
	requireSecurityHeaders(t, root)
}

func TestTotalWeightIsUnder300KB(t *testing.T) {
	files, err := explorer.Files()
	require.NoError(t, err)
	total := 0
	for _, b := range files {
		total += len(b)
	}
	require.Less(t, total, maxWeight, "embedded assets weigh %d bytes", total)
}

// The page must work on an offline network and load nothing from
// elsewhere: no URL with a scheme in any asset, except the SVG namespace
// name, which is an identifier the browser never fetches.
func TestNoAssetNamesAnExternalURL(t *testing.T) {
	files, err := explorer.Files()
	require.NoError(t, err)
	urlPattern := regexp.MustCompile(`(?i)\b(https?|ftp|wss?):(//)?[^\s'"<>)]*`)
	for name, b := range files {
		for _, u := range urlPattern.FindAllString(string(b), -1) {
			require.Equal(t, "http://www.w3.org/2000/svg", u, "%s names an external URL", name)
		}
		require.NotContains(t, string(b), "//cdn", name)
		require.NotRegexp(t, `(?i)@import|url\(\s*['"]?//`, string(b), name)
	}
}

// The CSP forbids inline script and style attributes; the page must not
// rely on them (they would be blocked and the page half broken).
func TestIndexHasNoInlineScriptOrStyle(t *testing.T) {
	files, err := explorer.Files()
	require.NoError(t, err)
	index := string(files["index.html"])
	for _, m := range regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`).FindAllStringSubmatch(index, -1) {
		require.Contains(t, m[1], `src="`, "a <script> without src: %s", m[0])
		require.Empty(t, strings.TrimSpace(m[2]), "inline script content: %s", m[0])
	}
	require.NotRegexp(t, `(?i)<style\b`, index)
	require.NotRegexp(t, `(?i)\sstyle\s*=`, index)
	require.NotRegexp(t, `(?i)\son[a-z]+\s*=`, index, "inline event handler attribute")
	require.NotRegexp(t, `(?i)javascript:`, index)
	// The JS never writes markup from strings, so no innerHTML either.
	require.NotContains(t, string(files["app.js"]), "innerHTML")
	require.NotContains(t, string(files["app.js"]), "eval(")
}

func TestUnknownPathsAreNotFound(t *testing.T) {
	srv := newServer(t)
	for _, p := range []string{"nope.js", "assets/app.js", "did/did:ndi:local:abc", "index.html/", "app.js/x", "explorer.go"} {
		res := do(t, http.MethodGet, srv.URL+explorer.Path+p, nil)
		require.Equal(t, http.StatusNotFound, res.StatusCode, p)
		requireSecurityHeaders(t, res)
	}
	// Routers clean dot segments before the handler sees them; the
	// handler, asked directly, still serves nothing outside its files.
	h, err := explorer.Handler()
	require.NoError(t, err)
	for _, p := range []string{explorer.Path + "../explorer.go", explorer.Path + "./app.js", "/elsewhere/app.js"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = p
		h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusNotFound, rec.Code, p)
		require.Equal(t, explorer.ContentSecurityPolicy, rec.Header().Get("Content-Security-Policy"), p)
	}
}

func TestOnlyGetAndHeadAreAnswered(t *testing.T) {
	srv := newServer(t)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		for _, p := range []string{explorer.Path, explorer.Path + "app.js", explorer.RedirectPath} {
			res := do(t, method, srv.URL+p, nil)
			require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode, "%s %s", method, p)
			require.Equal(t, "GET, HEAD", res.Header.Get("Allow"))
			requireSecurityHeaders(t, res)
		}
	}
}

func TestBarePathRedirectsToTheSlash(t *testing.T) {
	srv := newServer(t)
	res := do(t, http.MethodGet, srv.URL+explorer.RedirectPath, nil)
	require.Equal(t, http.StatusMovedPermanently, res.StatusCode)
	require.Equal(t, explorer.Path, res.Header.Get("Location"))
	requireSecurityHeaders(t, res)
}

// Every page route and hook of the contract with the browser tests is in
// the application (the browser tests check they work; this catches a
// rename before they run).
func TestContractHooksArePresent(t *testing.T) {
	files, err := explorer.Files()
	require.NoError(t, err)
	all := string(files["index.html"]) + string(files["app.js"])
	for _, hook := range []string{
		"page", "error", "search-input", "search-submit",
		"did-id", "did-key", "did-service", "did-raw", "did-version", "did-deactivated", "as-of-input", "as-of-submit",
		"anchor", "tree", "tree-node", "tree-edge", "type-issuer", "chain-link", "verdict",
		"list-meta", "list-update", "density", "index-input", "index-submit", "index-result", "privacy-note",
		"credential-input", "check-submit", "check-result",
	} {
		require.Regexp(t, `(data-test|test:) ?=? ?['"]`+regexp.QuoteMeta(hook)+`['"]`, all, "hook %s", hook)
	}
	for _, page := range []string{"home", "did", "registry", "anchor", "type", "issuer", "list", "check"} {
		require.Contains(t, all, "'"+page+"'", "page %s", page)
	}
}
