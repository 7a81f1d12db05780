//go:build e2e

package procnet_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/browser"
	"github.com/ndi-chain/ndi/testutil/network"
	"github.com/ndi-chain/ndi/testutil/procnet"
	"github.com/ndi-chain/ndi/verifier"
	didcli "github.com/ndi-chain/ndi/x/did/client/cli"
)

const (
	explorerVotingPeriod = 10 * time.Second
	// explorerWidth is the viewport of the screenshots: wide enough for the
	// tree, small enough to keep the README's PNGs light.
	explorerWidth  = 1000
	explorerHeight = 800
	// narrowWidth is the narrowest phone the explorer must fit.
	narrowWidth = 320
	// The credential's status index, revoked after it is issued, and
	// indices revoked before; notRevokedIndex stays clear.
	credentialIndex = 42
	notRevokedIndex = 7
)

// explorerStory is what the test put on the chain.
type explorerStory struct {
	did       map[string]string // key name → DID
	typeID    string
	listID    string
	suspended string // the accreditation suspended after it was made
	jwt       []byte // a credential of "uni", revoked
}

// TestExplorerShowsWhatTheChainHolds builds, through transactions, a small
// trust registry on a one-validator network — DIDs (one updated, one
// deactivated), a trust anchor by governance, a credential type, an
// accreditation chain anchor → accreditor → issuer and a second issuer
// whose accreditation is suspended, a status list with revoked indices and
// a credential issued with the verifier library and then revoked — and
// then reads every explorer page in headless Chromium as a person would:
// texts, the tree's nodes and edges, the timeline, the verdict of a check.
// Screenshots of each page go to build/screenshots/ (`make screenshots`
// copies the tree and the check to docs/images/ for the README).
func TestExplorerShowsWhatTheChainHolds(t *testing.T) {
	begin := time.Now()
	net := procnet.Start(t, procnet.Options{Validators: 1, VotingPeriod: explorerVotingPeriod})
	node := net.Nodes[0]
	story := buildExplorerStory(t, net, node)
	t.Logf("chain story committed (%s)", since(begin))

	root, err := procnet.RepoRoot()
	require.NoError(t, err)
	shots := filepath.Join(root, "build", "screenshots")
	base := "http://" + node.APIAddr + "/explorer/"
	b := browser.New(t, browser.Options{Width: explorerWidth, Height: explorerHeight, Timeout: 45 * time.Second})
	shot := func(t *testing.T, name string) {
		t.Helper()
		require.NoError(t, b.Screenshot(filepath.Join(shots, name)))
	}
	open := func(t *testing.T, route, page string) {
		t.Helper()
		require.NoError(t, b.Navigate(base+route))
		waitPage(t, b, page)
	}
	did := story.did

	t.Run("search by keyboard: Tab reaches the box, Enter opens the DID with its keys", func(t *testing.T) {
		open(t, "#/", "home")
		reached := false
		for range 15 { // a skip link or a logo may come first
			require.NoError(t, b.Press(browser.Tab))
			focused, err := b.FocusedAttr("data-test")
			require.NoError(t, err)
			if focused == "search-input" {
				reached = true
				break
			}
		}
		require.True(t, reached, "Tab never reached [data-test=search-input]")
		shot(t, "explorer-home.png")
		require.NoError(t, b.Press(did["holder"]))
		require.NoError(t, b.Press(browser.Enter))
		waitPage(t, b, "did")
		id, err := b.Text(`[data-test=did-id]`)
		require.NoError(t, err)
		require.Contains(t, id, did["holder"])
		keys, err := b.Texts(`[data-test=did-key]`)
		require.NoError(t, err)
		require.Len(t, keys, 1, "the rotated DID has one key")
		require.Contains(t, keys[0], "key-1")
		require.Contains(t, strings.ToLower(keys[0]), "ed25519", "the key's algorithm")
		require.Contains(t, keys[0], "authentication", "the key's relationships")
		require.Contains(t, keys[0], "assertion")
		n, err := b.Count(`[data-test=did-deactivated]`)
		require.NoError(t, err)
		require.Zero(t, n, "a live DID is not shown as deactivated")
		n, err = b.Count(`[data-test=did-raw]`)
		require.NoError(t, err)
		require.Equal(t, 1, n, "the raw JSON is one click away")
	})

	t.Run("the DID's timeline lists both versions with their times", func(t *testing.T) {
		open(t, "#/did/"+uriComponent(did["holder"]), "did")
		versions, err := b.Texts(`[data-test=did-version]`)
		require.NoError(t, err)
		require.Len(t, versions, 2, "created, then its key rotated: %q", versions)
		var res struct {
			Versions []struct {
				Document struct {
					VerificationMethod []struct {
						PublicKeyMultibase string `json:"public_key_multibase"`
					} `json:"verification_method"`
				} `json:"document"`
				Metadata struct {
					VersionID string    `json:"version_id"`
					Created   time.Time `json:"created"`
					Updated   time.Time `json:"updated"`
				} `json:"metadata"`
			} `json:"versions"`
		}
		network.GetJSON(t, "http://"+node.APIAddr+"/ndi/did/v1/dids/"+did["holder"]+"/versions", "", http.StatusOK, &res)
		require.Len(t, res.Versions, 2)
		for i, v := range res.Versions {
			require.True(t, slices.ContainsFunc(versions, func(s string) bool { return strings.Contains(s, v.Metadata.VersionID) }),
				"version %d (%s) is on the timeline: %q", i+1, v.Metadata.VersionID, versions)
		}
		for _, v := range versions {
			require.Regexp(t, `\d{4}-\d\d-\d\d`, v, "each version shows its time")
		}
		shot(t, "explorer-did.png")

		// As of a time between the two versions, the page shows the first
		// version's key, not the rotated one.
		first, second := res.Versions[0], res.Versions[1]
		require.NotEmpty(t, first.Document.VerificationMethod)
		oldKey := first.Document.VerificationMethod[0].PublicKeyMultibase
		asOf := first.Metadata.Created.Truncate(time.Second).Add(time.Second)
		require.True(t, asOf.Before(second.Metadata.Updated), "version 2 (%s) comes more than a second after version 1 (%s)",
			second.Metadata.Updated, first.Metadata.Created)
		keys, err := b.Texts(`[data-test=did-key]`)
		require.NoError(t, err)
		require.False(t, slices.ContainsFunc(keys, func(s string) bool { return strings.Contains(s, oldKey) }), "today's page shows the rotated key")
		require.NoError(t, b.Fill(`[data-test=as-of-input]`, asOf.UTC().Format(time.RFC3339)))
		// The page re-renders for the new time; the flag is cleared first so
		// that the wait sees the new rendering, not the old one.
		require.NoError(t, b.Eval(`document.querySelector("[data-test=page]").removeAttribute("data-loaded")`, nil))
		require.NoError(t, b.Click(`[data-test=as-of-submit]`))
		waitPage(t, b, "did")
		keys, err = b.Texts(`[data-test=did-key]`)
		require.NoError(t, err)
		require.True(t, slices.ContainsFunc(keys, func(s string) bool { return strings.Contains(s, oldKey) }),
			"as of %s the page shows version 1's key %s: %q", asOf.Format(time.RFC3339), oldKey, keys)
		shot(t, "explorer-did-as-of.png")
	})

	t.Run("a deactivated DID says so", func(t *testing.T) {
		open(t, "#/did/"+uriComponent(did["retired"]), "did")
		require.NoError(t, b.WaitVisible(`[data-test=did-deactivated]`))
		text, err := b.Text(`[data-test=did-deactivated]`)
		require.NoError(t, err)
		require.Contains(t, strings.ToLower(text), "deactivated")
		shot(t, "explorer-did-deactivated.png")
	})

	t.Run("the registry shows the anchor and its tree: one node per DID, a suspended edge drawn as such", func(t *testing.T) {
		open(t, "#/registry", "registry")
		anchors, err := b.Texts(`[data-test=anchor]`)
		require.NoError(t, err)
		require.True(t, slices.ContainsFunc(anchors, func(s string) bool { return strings.Contains(s, did["anchor"]) }),
			"the trust anchor is listed: %q", anchors)
		require.NoError(t, b.WaitVisible(`svg[data-test=tree]`))
		nodes, err := b.Attrs(`[data-test=tree-node]`, "data-did")
		require.NoError(t, err)
		slices.Sort(nodes)
		want := []string{did["anchor"], did["agency"], did["uni"], did["mill"]}
		slices.Sort(want)
		require.Equal(t, want, nodes, "one node per DID of the chain")
		roles, err := b.Attrs(`[data-test=tree-edge]`, "data-role")
		require.NoError(t, err)
		states, err := b.Attrs(`[data-test=tree-edge]`, "data-state")
		require.NoError(t, err)
		require.Len(t, states, len(roles))
		var edges []string
		for i := range roles {
			edges = append(edges, roles[i]+"/"+states[i])
		}
		slices.Sort(edges)
		require.Equal(t, []string{"accreditor/active", "issuer/active", "issuer/suspended"}, edges)
		titles, err := b.Texts(`[data-test=tree-edge][data-state=suspended] title`)
		require.NoError(t, err)
		require.Len(t, titles, 1, "the suspended edge has a title with role, scope, window and state")
		require.Contains(t, titles[0], story.typeID)
		require.Contains(t, strings.ToLower(titles[0]), "suspended")
		shot(t, "explorer-tree.png")
	})

	t.Run("the type page lists the issuer", func(t *testing.T) {
		open(t, "#/type/"+uriComponent(story.typeID), "type")
		issuers, err := b.Texts(`[data-test=type-issuer]`)
		require.NoError(t, err)
		require.True(t, slices.ContainsFunc(issuers, func(s string) bool { return strings.Contains(s, did["uni"]) }),
			"the accredited issuer is listed: %q", issuers)
		shot(t, "explorer-type.png")
	})

	t.Run("the issuer page shows the chain to the anchor and says accredited", func(t *testing.T) {
		open(t, "#/issuer/"+uriComponent(did["uni"])+"?type="+uriComponent(story.typeID), "issuer")
		verdict, err := b.Text(`[data-test=verdict]`)
		require.NoError(t, err)
		require.Equal(t, "accredited", strings.ToLower(verdict))
		valid, err := b.Attrs(`[data-test=chain-link]`, "data-valid")
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(valid), 2, "issuer ← accreditor ← anchor")
		require.NotContains(t, valid, "false", "every link of an accredited issuer's chain is valid")
		links, err := b.Texts(`[data-test=chain-link]`)
		require.NoError(t, err)
		for _, part := range []string{did["agency"] + "/accreditations/uni", did["anchor"] + "/accreditations/agency", "trust anchor"} {
			require.True(t, slices.ContainsFunc(links, func(s string) bool { return strings.Contains(s, part) }),
				"the chain shows %q: %q", part, links)
		}
		shot(t, "explorer-issuer.png")

		open(t, "#/issuer/"+uriComponent(did["mill"])+"?type="+uriComponent(story.typeID), "issuer")
		verdict, err = b.Text(`[data-test=verdict]`)
		require.NoError(t, err)
		require.Equal(t, "not accredited", strings.ToLower(verdict), "the suspended issuer")
		valid, err = b.Attrs(`[data-test=chain-link]`, "data-valid")
		require.NoError(t, err)
		require.Contains(t, valid, "false", "the suspended link is marked invalid")
		shot(t, "explorer-issuer-suspended.png")
	})

	t.Run("the list page shows meta, history, density, and looks up an index", func(t *testing.T) {
		open(t, "#/list/"+uriComponent(story.listID), "list")
		meta, err := b.Text(`[data-test=list-meta]`)
		require.NoError(t, err)
		lower := strings.ToLower(meta)
		require.Contains(t, lower, "revocation", "the purpose")
		require.Contains(t, strings.ReplaceAll(meta, ",", ""), "131072", "the size in bits: %q", meta)
		updates, err := b.Texts(`[data-test=list-update]`)
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(updates), 2, "two revocations after the creation: %q", updates)
		n, err := b.Count(`canvas[data-test=density]`)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		note, err := b.Text(`[data-test=privacy-note]`)
		require.NoError(t, err)
		require.NotEmpty(t, note)

		for _, tc := range []struct {
			index   int
			revoked bool
		}{{credentialIndex, true}, {notRevokedIndex, false}} {
			// The previous answer goes first, so the one awaited is this index's.
			require.NoError(t, b.Eval(`document.querySelectorAll("[data-test=index-result]").forEach(e => e.remove())`, nil))
			require.NoError(t, b.Fill(`[data-test=index-input]`, fmt.Sprint(tc.index)))
			require.NoError(t, b.Click(`[data-test=index-submit]`))
			require.NoError(t, b.WaitVisible(`[data-test=index-result]`))
			result, err := b.Text(`[data-test=index-result]`)
			require.NoError(t, err)
			require.Equal(t, tc.revoked, saysRevoked(result), "index %d: %q", tc.index, result)
			if tc.index == credentialIndex {
				shot(t, "explorer-list.png")
			}
		}
		// A deep link with ?index= answers at once.
		open(t, "#/list/"+uriComponent(story.listID)+"?index="+fmt.Sprint(credentialIndex), "list")
		require.NoError(t, b.WaitVisible(`[data-test=index-result]`))
		result, err := b.Text(`[data-test=index-result]`)
		require.NoError(t, err)
		require.True(t, saysRevoked(result), "deep link: %q", result)
	})

	t.Run("the check page shows a revoked credential as invalid, saying why in words", func(t *testing.T) {
		open(t, "#/check", "check")
		require.NoError(t, b.Fill(`[data-test=credential-input]`, string(story.jwt)))
		require.NoError(t, b.Click(`[data-test=check-submit]`))
		require.NoError(t, b.WaitVisible(`[data-test=verdict][data-verdict]`))
		verdict, ok, err := b.Attr(`[data-test=verdict]`, "data-verdict")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, "invalid", verdict)
		failed, err := b.Texts(`[data-test=check-result][data-result=failed]`)
		require.NoError(t, err)
		require.Len(t, failed, 1, "only the status check fails")
		require.Contains(t, strings.ToLower(failed[0]), "revoked")
		passed, err := b.Count(`[data-test=check-result][data-result=passed]`)
		require.NoError(t, err)
		require.Positive(t, passed, "the signature, issuer and type checks pass")
		shot(t, "explorer-check.png")
	})

	t.Run("a malformed search gives a readable error", func(t *testing.T) {
		require.NoError(t, b.Navigate(base+"#/search/"+uriComponent("not a did")))
		require.NoError(t, b.WaitVisible(`[data-test=error]`))
		msg, err := b.Text(`[data-test=error]`)
		require.NoError(t, err)
		require.NotEmpty(t, msg)
		require.Contains(t, strings.ToLower(msg), "did", "the message names what was expected: %q", msg)
		shot(t, "explorer-error.png")
	})

	t.Run("at 320 px no page scrolls sideways", func(t *testing.T) {
		require.NoError(t, b.SetViewport(narrowWidth, 640))
		defer func() { require.NoError(t, b.SetViewport(explorerWidth, explorerHeight)) }()
		for _, p := range []struct{ route, page string }{
			{"#/", "home"},
			{"#/did/" + uriComponent(did["holder"]), "did"},
			{"#/registry", "registry"},
			{"#/issuer/" + uriComponent(did["uni"]) + "?type=" + uriComponent(story.typeID), "issuer"},
			{"#/list/" + uriComponent(story.listID), "list"},
			{"#/check", "check"},
		} {
			open(t, p.route, p.page)
			w, err := b.ScrollWidth()
			require.NoError(t, err)
			if w > narrowWidth {
				var wide []string
				require.NoError(t, b.Eval(fmt.Sprintf(overflowingJS, narrowWidth), &wide))
				shot(t, "explorer-"+p.page+"-320-overflow.png")
				t.Errorf("%s scrolls sideways at %d px (scroll width %d); the innermost elements past the edge:\n%s",
					p.route, narrowWidth, w, strings.Join(wide, "\n"))
			}
		}
		open(t, "#/did/"+uriComponent(did["holder"]), "did")
		shot(t, "explorer-did-320.png")
	})

	// Everything above ran under the explorer's Content-Security-Policy:
	// a blocked script or style would have been reported on the console.
	for _, m := range b.Messages() {
		require.NotContains(t, m.Text, "Content Security Policy", "CSP violation on %s", m.URL)
		require.NotEqual(t, "exception", m.Type, "uncaught exception: %s (%s)", m.Text, m.URL)
	}
	t.Logf("explorer checked in the browser, screenshots in %s (%s in all)", shots, since(begin))
}

// buildExplorerStory puts the test's registry on the chain with the CLI
// and the verifier library, as an operator and an issuer would.
func buildExplorerStory(t *testing.T, net *procnet.Network, node *procnet.Node) explorerStory {
	t.Helper()
	did := generateDIDs(t, node, "anchor", "agency", "uni", "mill", "holder", "holder-2", "retired")
	for _, name := range []string{"anchor", "agency", "uni", "mill", "holder", "retired"} {
		mustTx(t, node, "did", "create", "--key", name)
	}
	mustTx(t, node, "did", "rotate-key", did["holder"], "key-1", "holder-2", "--key", "holder")
	mustTx(t, node, "did", "deactivate", did["retired"], "--key", "retired")

	passProposal(t, net, node, "Ministry as trust anchor (explorer test)", explorerVotingPeriod,
		trustAnchorMsg(t, node, did["anchor"], "Ministry of Education (procnet explorer test)"))

	// anchor → agency (accreditor) → uni (issuer), and mill (issuer, suspended).
	digest := sha256.Sum256([]byte(`{"title":"degree"}`))
	mustTx(t, node, "accreditation", "register-type", did["anchor"], "degree",
		"--vc-type", "VerifiableCredential,UniversityDegreeCredential",
		"--schema-uri", "https://schemas.example.org/degree.json",
		"--schema-digest", hex.EncodeToString(digest[:]), "--key", "anchor")
	typeID := did["anchor"] + "/types/degree"
	mustTx(t, node, "accreditation", "accredit", did["anchor"], "agency", did["agency"], "--as-anchor",
		"--role", "accreditor", "--scope", typeID, "--max-depth", "1", "--key", "anchor")
	parent := did["anchor"] + "/accreditations/agency"
	for _, issuer := range []string{"uni", "mill"} {
		mustTx(t, node, "accreditation", "accredit", did["agency"], issuer, did[issuer], "--parent", parent,
			"--role", "issuer", "--scope", typeID, "--key", "agency")
	}
	suspended := did["agency"] + "/accreditations/mill"
	mustTx(t, node, "accreditation", "suspend", suspended, "--reason", "audit pending (explorer test)", "--key", "agency")

	listID := did["uni"] + "/status/degrees"
	mustTx(t, node, "revocation", "create-list", did["uni"], "degrees", "--key", "uni")
	mustTx(t, node, "revocation", "revoke", listID, "3", "5", "100-110", "--key", "uni")

	// A credential issued by uni with the verifier library (as an issuer's
	// service would), then revoked.
	kr, err := procnet.Keyring(node.Home)
	require.NoError(t, err)
	sender, err := procnet.NewSender(kr, procnet.OperatorKey, node)
	require.NoError(t, err)
	clientCtx := sender.ClientContext()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := clientCtx.Client.Status(ctx)
	require.NoError(t, err)
	src := verifier.NewNodeSource(clientCtx, node.Name, st.SyncInfo.LatestBlockHeight, st.SyncInfo.LatestBlockTime)
	pass, err := os.ReadFile(filepath.Join(node.Home, "did-key-passphrase"))
	require.NoError(t, err)
	key, _, err := didcli.NewKeyStore(node.Home).WithPassphrase(didcli.StaticPassphrase(bytes.TrimSpace(pass))).Load("uni")
	require.NoError(t, err)
	out, err := verifier.Issue(ctx, src, verifier.IssueRequest{
		Issuer: did["uni"], TypeID: typeID, ID: "urn:ndi:explorer-test:1",
		Subject:   json.RawMessage(`{"id":"did:example:alice","degree":{"type":"BachelorDegree","name":"Bachelor of Science"}}`),
		ValidFrom: src.Trust().Time, Format: verifier.FormatJWT, Key: key,
		Status: []verifier.StatusRequest{{ListID: listID, Index: credentialIndex, Purpose: "revocation"}},
	})
	require.NoError(t, err)
	requireExplorerVerdict(t, verifier.Valid, verifier.Verify(ctx, out.Credential, src, verifier.Options{}))
	mustTx(t, node, "revocation", "revoke", listID, fmt.Sprint(credentialIndex), "--key", "uni")
	// The library agrees with what the page must show: revoked, invalid.
	st, err = clientCtx.Client.Status(ctx)
	require.NoError(t, err)
	now := verifier.NewNodeSource(clientCtx, node.Name, st.SyncInfo.LatestBlockHeight, st.SyncInfo.LatestBlockTime)
	requireExplorerVerdict(t, verifier.Invalid, verifier.Verify(ctx, out.Credential, now, verifier.Options{}))

	return explorerStory{did: did, typeID: typeID, listID: listID, suspended: suspended, jwt: out.Credential}
}

// waitPage waits until the explorer shows page with its data loaded, and
// fails naming what it shows instead: another page, or an error message
// (a page that failed is "loaded" too, with [data-test=error] in it).
func waitPage(t *testing.T, b *browser.Browser, page string) {
	t.Helper()
	sel := fmt.Sprintf(`[data-test=page][data-page=%s][data-loaded=true]`, page)
	err := b.WaitVisible(sel)
	errs, _ := b.Texts(`[data-test=error]`)
	if err != nil {
		t.Fatalf("explorer page %q never loaded: %v\nerrors shown: %q", page, err, errs)
	}
	if len(errs) > 0 {
		t.Fatalf("explorer page %q shows an error: %q", page, errs)
	}
}

// overflowingJS lists (at most 8) innermost elements whose box, or content
// (a long unbroken word overflows its box), reaches past the viewport's
// width (%d), to say what makes a page scroll sideways.
const overflowingJS = `(() => {
  const past = e => { const r = e.getBoundingClientRect(); return r.right > %[1]d + 0.5 || r.left + e.scrollWidth > %[1]d + 0.5; };
  return Array.from(document.querySelectorAll("body *")).filter(e => past(e) && !Array.from(e.children).some(past)).slice(0, 8)
    .map(e => e.tagName.toLowerCase() + (e.dataset.test ? "[data-test=" + e.dataset.test + "]" : "") +
      (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "") +
      " right=" + Math.round(e.getBoundingClientRect().right) + " text=" + JSON.stringify((e.textContent || "").trim().slice(0, 60)));
})()`

// uriComponent escapes s as JavaScript's encodeURIComponent does for the
// explorer's hash routes (a space is %20, not +).
func uriComponent(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// saysRevoked is whether an index lookup's text says revoked (and not
// "not revoked").
func saysRevoked(text string) bool {
	lower := strings.ToLower(text)
	return strings.Contains(lower, "revoked") && !strings.Contains(lower, "not revoked")
}

func requireExplorerVerdict(t *testing.T, want string, v verifier.Verdict) {
	t.Helper()
	if v.Verdict != want {
		bz, _ := json.MarshalIndent(v, "", "  ")
		t.Fatalf("verdict %s, want %s:\n%s", v.Verdict, want, bz)
	}
}
