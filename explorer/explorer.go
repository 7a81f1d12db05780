// Package explorer serves the trust-registry explorer: a small web
// application for people (a bank officer, a registrar, an auditor) that
// looks up DIDs, draws accreditation trees, shows status lists and checks
// credentials. It is plain HTML, CSS and JavaScript embedded in the binary
// (no build step, no external URL), served by ndid's API server under Path;
// the browser calls the node's own REST and DID Resolution endpoints on the
// same origin.
//
// Every response carries a strict Content-Security-Policy: scripts, styles
// and connections from this origin only, no inline script or style
// attribute, no fonts, no framing. Offline government networks and a
// hostile DID document (its services are shown as text) are why.
package explorer

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// Path is where the explorer lives on the API server; RedirectPath
// (without the slash) redirects there.
const (
	Path         = "/explorer/"
	RedirectPath = "/explorer"
)

// ContentSecurityPolicy is sent with every explorer response.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// assets holds the web application; index.html is served for Path itself.
//
//go:embed assets
var assets embed.FS

// asset is one embedded file ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// contentType names the type of a file the explorer embeds; a file of
// another kind is not served (Files lists it, and the tests catch it).
func contentType(name string) (string, bool) {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8", true
	case ".js":
		return "text/javascript; charset=utf-8", true
	case ".css":
		return "text/css; charset=utf-8", true
	case ".svg":
		return "image/svg+xml", true
	}
	return "", false
}

// Files returns the embedded files by their path under Path (index.html,
// app.js, …), for tests and for anyone who wants to check what is served.
func Files() (map[string][]byte, error) {
	out := map[string][]byte{}
	err := fs.WalkDir(assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		out[strings.TrimPrefix(p, "assets/")] = b
		return nil
	})
	return out, err
}

// Handler serves the explorer's files under Path (mount it with
// PathPrefix(Path)); GET and HEAD only. Files are revalidated on every
// load (Cache-Control: no-cache with a content ETag), so a node upgrade
// is seen at once and an unchanged file costs a 304.
func Handler() (http.Handler, error) {
	files, err := Files()
	if err != nil {
		return nil, err
	}
	served := make(map[string]asset, len(files))
	for name, body := range files {
		ct, ok := contentType(name)
		if !ok {
			continue
		}
		sum := sha256.Sum256(body)
		served[name] = asset{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !readOnly(w, r) {
			return
		}
		name, ok := strings.CutPrefix(r.URL.Path, Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if name == "" {
			name = "index.html"
		}
		a, ok := served[name]
		if !ok {
			http.Error(w, "no such explorer file: "+name+" (pages are addressed after a #, e.g. "+Path+"#/registry)", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", a.contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("ETag", a.etag)
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
	}), nil
}

// Redirect answers RedirectPath with a permanent redirect to Path, so a
// typed address without the slash still loads the relative asset URLs
// right.
func Redirect() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !readOnly(w, r) {
			return
		}
		http.Redirect(w, r, Path, http.StatusMovedPermanently)
	})
}

// readOnly sets the security headers every explorer response carries and
// refuses any method but GET and HEAD (405), reporting whether to go on.
func readOnly(w http.ResponseWriter, r *http.Request) bool {
	setSecurityHeaders(w.Header())
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "the explorer only answers GET and HEAD", http.StatusMethodNotAllowed)
	return false
}

func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}
