package browser_test

import (
	"bytes"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/browser"
)

// The page is a miniature of the explorer: a search form, data fetched
// after load, a data-loaded flag, an SVG, and a strict CSP that blocks the
// one inline script (so the console shows a violation).
const (
	csp       = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'"
	indexHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>test page</title><link rel="stylesheet" href="/app.css"></head>
<body>
<form data-test="search"><input data-test="search-input" aria-label="Search"><button data-test="search-submit">Go</button></form>
<main data-test="page" data-page="home">
<ul data-test="items"></ul>
<svg data-test="tree" width="100" height="40"><g data-test="tree-node" data-did="did:ndi:a"><title>anchor</title><text x="4" y="20">A</text></g><line data-test="tree-edge" data-state="revoked" x1="0" y1="0" x2="50" y2="0"></line></svg>
<p data-test="result"></p>
</main>
<script src="/app.js"></script>
<script>document.title = "the inline script ran"</script>
</body></html>`
	appJS = `"use strict";
const page = document.querySelector("[data-test=page]");
if (location.search.includes("wide")) document.body.classList.add("wide");
fetch("/data.json").then(r => r.json()).then(items => {
  const ul = document.querySelector("[data-test=items]");
  for (const it of items) { const li = document.createElement("li"); li.dataset.test = "item"; li.dataset.kind = it.kind; li.textContent = it.name; ul.append(li); }
  page.dataset.loaded = "true";
});
document.querySelector("[data-test=search]").addEventListener("submit", ev => {
  ev.preventDefault();
  const v = document.querySelector("[data-test=search-input]").value;
  document.querySelector("[data-test=result]").textContent = "searched for " + v;
  location.hash = "#/search/" + encodeURIComponent(v);
});
`
	appCSS   = `body { margin: 0; } .wide main { width: 2000px; }`
	dataJSON = `[{"name":"first item","kind":"a"},{"name":"second item","kind":"b"}]`
)

func serve(t *testing.T) *httptest.Server {
	t.Helper()
	files := map[string][2]string{
		"/":          {"text/html; charset=utf-8", indexHTML},
		"/app.js":    {"text/javascript", appJS},
		"/app.css":   {"text/css", appCSS},
		"/data.json": {"application/json", dataJSON},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f[0])
		w.Header().Set("Content-Security-Policy", csp)
		_, _ = io.WriteString(w, f[1])
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBrowserReadsTypesAndPhotographsAPage(t *testing.T) {
	srv := serve(t)
	b := browser.New(t, browser.Options{})

	require.NoError(t, b.Navigate(srv.URL+"/#/"))
	require.NoError(t, b.WaitVisible(`[data-test=page][data-loaded=true]`))

	texts, err := b.Texts(`[data-test=item]`)
	require.NoError(t, err)
	require.Equal(t, []string{"first item", "second item"}, texts)
	kinds, err := b.Attrs(`[data-test=item]`, "data-kind")
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, kinds)
	n, err := b.Count(`[data-test=tree-edge][data-state=revoked]`)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	did, ok, err := b.Attr(`[data-test=tree-node]`, "data-did")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "did:ndi:a", did)
	_, ok, err = b.Attr(`[data-test=tree-node]`, "data-state")
	require.NoError(t, err)
	require.False(t, ok, "a missing attribute is reported as missing")
	svgText, err := b.Text(`[data-test=tree-node]`)
	require.NoError(t, err)
	require.Equal(t, "anchorA", svgText, "SVG elements have no innerText: their text content is read")

	// The keyboard alone: Tab reaches the search box, typing fills it,
	// Enter submits the form.
	require.NoError(t, b.Press(browser.Tab))
	focused, err := b.FocusedAttr("data-test")
	require.NoError(t, err)
	require.Equal(t, "search-input", focused)
	require.NoError(t, b.Press("did:ndi:x"))
	require.NoError(t, b.Press(browser.Enter))
	require.NoError(t, b.WaitText(`[data-test=result]`, "searched for did:ndi:x"))
	var hash string
	require.NoError(t, b.Eval(`location.hash`, &hash))
	require.Equal(t, "#/search/did%3Andi%3Ax", hash)

	require.NoError(t, b.Fill(`[data-test=search-input]`, "pasted"))
	require.NoError(t, b.Click(`[data-test=search-submit]`))
	require.NoError(t, b.WaitText(`[data-test=result]`, "searched for pasted"))
	require.NoError(t, b.Type(`[data-test=search-input]`, "+typed"))
	v := ""
	require.NoError(t, b.Eval(`document.querySelector("[data-test=search-input]").value`, &v))
	require.Equal(t, "pasted+typed", v)

	// The CSP blocked the inline script, and the console says so.
	var title string
	require.NoError(t, b.Eval(`document.title`, &title))
	require.Equal(t, "test page", title)
	require.True(t, hasMessage(b.Messages(), "Content Security Policy"), "console: %+v", b.Messages())

	path := filepath.Join(t.TempDir(), "shots", "page.png")
	require.NoError(t, b.Screenshot(path))
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(raw))
	require.NoError(t, err, "the screenshot is a PNG")
	require.Equal(t, browser.DefaultWidth, img.Bounds().Dx())
}

func TestBrowserMeasuresSidewaysScrollAtANarrowViewport(t *testing.T) {
	srv := serve(t)
	b := browser.New(t, browser.Options{Width: 320, Height: 640})
	for _, tc := range []struct {
		url    string
		scroll bool
	}{{srv.URL + "/", false}, {srv.URL + "/?wide", true}} {
		require.NoError(t, b.Navigate(tc.url))
		require.NoError(t, b.WaitVisible(`[data-test=page][data-loaded=true]`))
		w, err := b.ScrollWidth()
		require.NoError(t, err)
		require.Equal(t, tc.scroll, w > 320, "%s: scroll width %d", tc.url, w)
	}
	require.NoError(t, b.SetViewport(1000, 640))
	w, err := b.ScrollWidth()
	require.NoError(t, err)
	require.Equal(t, 2000, w, "the wide page is 2000 px wide whatever the viewport")
}

// A selector that never appears fails with ErrTimeout and names itself,
// and a missing element is an error, not an empty text.
func TestBrowserWaitsAreBoundedAndNameWhatWasAwaited(t *testing.T) {
	srv := serve(t)
	b := browser.New(t, browser.Options{Timeout: 2 * time.Second})
	require.NoError(t, b.Navigate(srv.URL+"/"))
	err := b.WaitVisible(`[data-test=never]`)
	require.ErrorIs(t, err, browser.ErrTimeout)
	require.Contains(t, err.Error(), "wait for [data-test=never] to be visible")
	require.Contains(t, err.Error(), "first item", "the failure shows what the page shows")
	err = b.WaitText(`[data-test=result]`, "never said")
	require.ErrorIs(t, err, browser.ErrTimeout)
	_, err = b.Text(`[data-test=never]`)
	require.ErrorContains(t, err, "text of [data-test=never]: no such element")
	_, _, err = b.Attr(`[data-test=never]`, "data-did")
	require.ErrorContains(t, err, "no element matches [data-test=never]")
}

func TestFindNamesTheInstallCommandWhenChromiumIsMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "chromium")
	_, err := browser.Find(missing)
	require.ErrorIs(t, err, browser.ErrNoChromium)
	require.Contains(t, err.Error(), "bash scripts/tools.sh chromium")
	require.Contains(t, err.Error(), missing)

	_, err = browser.Launch(browser.Options{Path: t.TempDir()})
	require.ErrorIs(t, err, browser.ErrNoChromium)
	require.Contains(t, err.Error(), "not an executable file")

	// The default is Debian's, and this machine has it: the browser tests
	// never skip for want of a browser.
	path, err := browser.Find("")
	require.NoError(t, err, "run `bash scripts/tools.sh chromium`")
	require.Equal(t, browser.DefaultPath, path)
}

func hasMessage(ms []browser.Message, part string) bool {
	for _, m := range ms {
		if strings.Contains(m.Text, part) {
			return true
		}
	}
	return false
}
