// Package browser drives Debian's headless Chromium from Go tests, through
// the DevTools protocol (github.com/chromedp/chromedp), so that a test sees
// a page as a person would: rendered, scripted, under its real
// Content-Security-Policy.
//
// The browser is the distribution's (/usr/bin/chromium); `bash
// scripts/tools.sh chromium` installs it, and `make test-e2e` runs that
// first. A test never downloads a browser of its own.
//
//	b := browser.New(t, browser.Options{})
//	require.NoError(t, b.Navigate(url))
//	require.NoError(t, b.WaitVisible(`[data-test=page][data-loaded=true]`))
//	keys, err := b.Texts(`[data-test=did-key]`)
//	require.NoError(t, b.Screenshot("build/screenshots/did.png"))
//
// Every wait is bounded by Options.Timeout, so a page that never becomes
// ready fails the test with the selector it waited for, not a hung run.
package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// DefaultPath is where Debian's chromium package installs the browser.
const DefaultPath = "/usr/bin/chromium"

// Defaults for Options.
const (
	DefaultWidth   = 1000
	DefaultHeight  = 800
	DefaultTimeout = 30 * time.Second
)

// Keys for Press, as the DevTools protocol's key events spell them.
const (
	Tab   = kb.Tab
	Enter = kb.Enter
)

// pollInterval is how often WaitTrue evaluates its expression.
const pollInterval = 50 * time.Millisecond

// ErrNoChromium is returned when the browser binary is missing.
var ErrNoChromium = errors.New("chromium not found")

// ErrTimeout wraps a wait that did not come true within Options.Timeout.
var ErrTimeout = errors.New("browser wait timed out")

// Options configures Launch. The zero value is a 1000×800 headless
// Chromium at DefaultPath with 30 s waits.
type Options struct {
	Path          string        // the browser binary (default DefaultPath)
	Width, Height int           // viewport in CSS pixels (defaults DefaultWidth, DefaultHeight)
	Timeout       time.Duration // bound on each action and wait (default DefaultTimeout)
}

// Message is one console message or uncaught exception of the page.
type Message struct {
	Type string // "log", "warning", "error", "exception", …
	Text string
	URL  string
}

// Browser is one headless Chromium with one tab. It is not safe for
// concurrent use, except Messages.
type Browser struct {
	tab     context.Context
	cancel  context.CancelFunc
	dataDir string
	timeout time.Duration
	output  *lockedBuffer // the browser's own stderr, for launch failures

	mu       sync.Mutex
	messages []Message
	watching sync.WaitGroup
}

// Find returns path (DefaultPath when empty) if it is an executable file,
// and otherwise an error wrapping ErrNoChromium that says how to install it.
func Find(path string) (string, error) {
	if path == "" {
		path = DefaultPath
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("%w at %s (%v): run `bash scripts/tools.sh chromium` to install Debian's chromium package", ErrNoChromium, path, err)
	}
	if fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
		return "", fmt.Errorf("%w at %s: it is not an executable file; run `bash scripts/tools.sh chromium` to install Debian's chromium package", ErrNoChromium, path)
	}
	return path, nil
}

// Launch starts the browser with a fresh, empty profile and opens a blank
// tab. Close stops it and removes the profile.
func Launch(opts Options) (*Browser, error) {
	path, err := Find(opts.Path)
	if err != nil {
		return nil, err
	}
	if opts.Width <= 0 {
		opts.Width = DefaultWidth
	}
	if opts.Height <= 0 {
		opts.Height = DefaultHeight
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	dataDir, err := os.MkdirTemp("", "ndi-chromium-*")
	if err != nil {
		return nil, fmt.Errorf("browser profile: %w", err)
	}
	output := &lockedBuffer{}
	// The flags are the ones known to work on a closed network as root:
	// no sandbox (root), no GPU, and nothing that phones home (background
	// networking, component updates, sync, QUIC), whose refused connections
	// would otherwise fill the log and slow every start.
	allocOpts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dataDir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(opts.Width, opts.Height),
		chromedp.CombinedOutput(output),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	b := &Browser{
		tab:     tab,
		dataDir: dataDir,
		timeout: opts.Timeout,
		output:  output,
		cancel: func() {
			cancelTab()
			cancelAlloc()
		},
	}
	// The first action starts the browser; the viewport is set explicitly
	// because the window size of a headless browser is not its viewport.
	// It runs on the tab's own context: chromedp ties the browser's life to
	// the context of the first action, so a context with a deadline here
	// would end the browser with it. A timer bounds the start instead.
	stuck := time.AfterFunc(opts.Timeout, b.cancel)
	err = chromedp.Do(tab, chromedp.EmulateViewport(int64(opts.Width), int64(opts.Height)))
	if !stuck.Stop() && err == nil {
		err = ErrTimeout
	}
	if err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("start %s: %w\nbrowser output:\n%s", path, err, output.String())
	}
	messages := chromedp.Console(tab)
	b.watching.Add(1)
	go func() {
		defer b.watching.Done()
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.messages = append(b.messages, Message{Type: string(m.Type), Text: m.Text, URL: m.URL})
			b.mu.Unlock()
		}
	}()
	return b, nil
}

// New launches a browser for a test, fails the test when it cannot, and
// closes it when the test ends.
func New(t testing.TB, opts Options) *Browser {
	t.Helper()
	b, err := Launch(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Errorf("close browser: %v", err)
		}
	})
	return b
}

// Close stops the browser and removes its profile.
func (b *Browser) Close() error {
	b.cancel()
	b.watching.Wait()
	if err := os.RemoveAll(b.dataDir); err != nil {
		return fmt.Errorf("remove browser profile: %w", err)
	}
	return nil
}

// do runs actions in the tab within the timeout.
func (b *Browser) do(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.tab, b.timeout)
	defer cancel()
	return timedOut(ctx, chromedp.Do(ctx, actions...))
}

// run runs one action that returns a value, within the timeout.
func run[T any](b *Browser, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.tab, b.timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	return v, timedOut(ctx, err)
}

func timedOut(ctx context.Context, err error) error {
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

// Navigate loads url as a new document. It passes through about:blank
// first so that a URL that differs from the current one only in its
// fragment (a single-page app's #/route) still loads the page afresh: a
// wait that follows sees the new page's state, never the old one's.
func (b *Browser) Navigate(url string) error {
	if err := b.do(chromedp.Navigate("about:blank"), chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("navigate to %s: %w", url, err)
	}
	return nil
}

// SetViewport resizes the viewport (CSS pixels).
func (b *Browser) SetViewport(width, height int) error {
	if err := b.do(chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		return fmt.Errorf("viewport %d×%d: %w", width, height, err)
	}
	return nil
}

// WaitVisible waits until the first element matching the CSS selector is
// present and visible.
func (b *Browser) WaitVisible(selector string) error {
	if err := b.do(chromedp.WaitVisible(chromedp.CSS(selector))); err != nil {
		return fmt.Errorf("wait for %s to be visible: %w%s", selector, err, b.pageSummary())
	}
	return nil
}

// WaitTrue waits until the JavaScript expression is truthy.
func (b *Browser) WaitTrue(expression string) error {
	// An interval, not animation frames: a page that draws nothing still
	// gets polled.
	_, err := run(b, chromedp.Poll[chromedp.Void](expression, chromedp.WithPollingTimeout(b.timeout), chromedp.WithPollingInterval(pollInterval)))
	if err != nil {
		return fmt.Errorf("wait for %s: %w%s", expression, err, b.pageSummary())
	}
	return nil
}

// WaitText waits until some element matching the CSS selector has a text
// containing want.
func (b *Browser) WaitText(selector, want string) error {
	return b.WaitTrue(fmt.Sprintf(`Array.from(document.querySelectorAll(%s), %s).some(t => t.includes(%s))`,
		jsString(selector), textOf, jsString(want)))
}

// textOf is a JavaScript function giving an element's visible text, or
// its text content for elements (SVG) that have no innerText.
const textOf = `e => (e.innerText ?? e.textContent ?? "").trim()`

// Text returns the text of the first element matching the CSS selector,
// as a person sees it (innerText, trimmed).
func (b *Browser) Text(selector string) (string, error) {
	texts, err := b.Texts(selector)
	if err != nil {
		return "", err
	}
	if len(texts) == 0 {
		return "", fmt.Errorf("text of %s: no such element%s", selector, b.pageSummary())
	}
	return texts[0], nil
}

// Texts returns the texts of every element matching the CSS selector, in
// document order (none is not an error).
func (b *Browser) Texts(selector string) ([]string, error) {
	var texts []string
	if err := b.Eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%s), %s)`, jsString(selector), textOf), &texts); err != nil {
		return nil, fmt.Errorf("texts of %s: %w", selector, err)
	}
	return texts, nil
}

// Attr returns attribute name of the first element matching the CSS
// selector; ok is false when the element has no such attribute.
func (b *Browser) Attr(selector, name string) (value string, ok bool, err error) {
	var res *string
	if err := b.Eval(fmt.Sprintf(`(() => { const e = document.querySelector(%s); if (!e) throw new Error("no element matches " + %s); return e.getAttribute(%s); })()`,
		jsString(selector), jsString(selector), jsString(name)), &res); err != nil {
		return "", false, fmt.Errorf("attribute %s of %s: %w", name, selector, err)
	}
	if res == nil {
		return "", false, nil
	}
	return *res, true, nil
}

// Attrs returns attribute name of every element matching the CSS selector
// ("" where an element lacks it).
func (b *Browser) Attrs(selector, name string) ([]string, error) {
	var values []string
	if err := b.Eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => e.getAttribute(%s) ?? "")`,
		jsString(selector), jsString(name)), &values); err != nil {
		return nil, fmt.Errorf("attribute %s of %s: %w", name, selector, err)
	}
	return values, nil
}

// Count returns how many elements match the CSS selector.
func (b *Browser) Count(selector string) (int, error) {
	var n int
	if err := b.Eval(fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(selector)), &n); err != nil {
		return 0, fmt.Errorf("count %s: %w", selector, err)
	}
	return n, nil
}

// Eval evaluates a JavaScript expression in the page and decodes its
// JSON value into out (nil to drop it). A promise is awaited.
func (b *Browser) Eval(expression string, out any) error {
	// The page answers the JSON of the value ("null" for undefined), which
	// keeps the decoding in one place: encoding/json, into out.
	text, err := run(b, chromedp.Evaluate[string](fmt.Sprintf(`(async () => JSON.stringify(await (%s)) ?? "null")()`, expression), chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("evaluate %s: %w", expression, err)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal([]byte(text), out); err != nil {
		return fmt.Errorf("evaluate %s: decode %s: %w", expression, text, err)
	}
	return nil
}

// Click clicks the first element matching the CSS selector, once visible.
func (b *Browser) Click(selector string) error {
	if err := b.do(chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible)); err != nil {
		return fmt.Errorf("click %s: %w%s", selector, err, b.pageSummary())
	}
	return nil
}

// Type focuses the first element matching the CSS selector and types text
// into it key by key, as a person would.
func (b *Browser) Type(selector, text string) error {
	if err := b.do(chromedp.SendKeys(chromedp.CSS(selector), text, chromedp.NodeVisible)); err != nil {
		return fmt.Errorf("type into %s: %w%s", selector, err, b.pageSummary())
	}
	return nil
}

// Fill sets the value of the first form field matching the CSS selector
// at once and fires its input and change events, as a paste does: for
// long texts (a credential) that typing would make slow.
func (b *Browser) Fill(selector, value string) error {
	err := b.Eval(fmt.Sprintf(`(() => { const e = document.querySelector(%s); if (!e) throw new Error("no element matches " + %s);
		e.focus(); e.value = %s;
		e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`,
		jsString(selector), jsString(selector), jsString(value)), nil)
	if err != nil {
		return fmt.Errorf("fill %s: %w", selector, err)
	}
	return nil
}

// Press sends keys (such as Tab, Enter or plain text) to whatever element
// has the focus.
func (b *Browser) Press(keys string) error {
	if err := b.do(chromedp.KeyEvent(keys)); err != nil {
		return fmt.Errorf("press %q: %w", keys, err)
	}
	return nil
}

// FocusedAttr returns attribute name of the element that has the focus
// ("" when none has it, or the element lacks the attribute).
func (b *Browser) FocusedAttr(name string) (string, error) {
	var v string
	if err := b.Eval(fmt.Sprintf(`document.activeElement?.getAttribute(%s) ?? ""`, jsString(name)), &v); err != nil {
		return "", fmt.Errorf("focused element's %s: %w", name, err)
	}
	return v, nil
}

// ScrollWidth returns the document's scroll width in CSS pixels: more than
// the viewport's width means the page scrolls sideways.
func (b *Browser) ScrollWidth() (int, error) {
	var w int
	if err := b.Eval(`document.scrollingElement.scrollWidth`, &w); err != nil {
		return 0, fmt.Errorf("scroll width: %w", err)
	}
	return w, nil
}

// Screenshot saves a PNG of the whole page (beyond the viewport) at path,
// creating its directory.
func (b *Browser) Screenshot(path string) error {
	png, err := run(b, chromedp.FullScreenshot(100)) // quality 100 is PNG
	if err != nil {
		return fmt.Errorf("screenshot %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("screenshot %s: %w", path, err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil { //nolint:gosec // a screenshot is meant to be read
		return fmt.Errorf("screenshot %s: %w", path, err)
	}
	return nil
}

// Messages returns the page's console messages and uncaught exceptions so
// far, in order (CSP violations are reported there, as errors).
func (b *Browser) Messages() []Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Message(nil), b.messages...)
}

// pageSummary tells where the page is and what it shows, for a failure
// message; it gives up quietly, since it only adds to another error.
func (b *Browser) pageSummary() string {
	ctx, cancel := context.WithTimeout(b.tab, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + (document.body?.innerText ?? "").slice(0, 2000)`))
	if err != nil {
		return ""
	}
	return "\npage: " + strings.ReplaceAll(s, "\n", "\n  ")
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	bz, err := json.Marshal(s)
	if err != nil {
		panic(err) // a Go string always marshals
	}
	return string(bz)
}

// lockedBuffer collects the browser's output from its two pipes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
