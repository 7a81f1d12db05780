package types_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/x/did/didsig"
	"github.com/ndi-chain/ndi/x/did/types"
)

// endpointParts are the pieces random service endpoints are built from:
// the characters two canonical forms once disagreed on ('&', '<', '>'),
// other characters JSON encoders treat specially, and plain text.
var endpointParts = []string{
	"https://example.org/", "?a=1&b=2", "<tag>", "x>y", "é", "日本", "\u2028", "%20", "#frag",
	"'quote'", `"dq"`, `back\slash`, "plain", "/path", "&amp;",
}

// randomEndpoint returns a serviceEndpoint as written by some DID Core
// producer: not necessarily canonical (spaces, key order, escapes), but a
// valid endpoint whose strings are absolute URIs.
func randomEndpoint(r *rand.Rand) string {
	uri := func() string {
		var b strings.Builder
		b.WriteString("https://host-")
		fmt.Fprintf(&b, "%d.example/", r.IntN(100))
		for range r.IntN(4) {
			b.WriteString(endpointParts[r.IntN(len(endpointParts))])
		}
		return b.String()
	}
	str := func() string {
		bz, _ := json.Marshal(uri()) // HTML-escaping producer: \u0026, \u003c, \u003e
		if r.IntN(2) == 0 {
			return string(bz)
		}
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(uri())
		return strings.TrimSpace(b.String())
	}
	obj := func() string {
		keys := []string{"uri", "origins", "z&<>", "a"}
		r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		var parts []string
		for _, k := range keys[:1+r.IntN(len(keys))] {
			kb, _ := json.Marshal(k)
			parts = append(parts, fmt.Sprintf("%s : %s", kb, str()))
		}
		return "{ " + strings.Join(parts, " ,\n ") + " }"
	}
	switch r.IntN(3) {
	case 0:
		return str()
	case 1:
		return obj()
	default:
		var items []string
		for range 1 + r.IntN(3) {
			if r.IntN(2) == 0 {
				items = append(items, str())
			} else {
				items = append(items, obj())
			}
		}
		return "[ " + strings.Join(items, ", ") + " ]"
	}
}

// randomDIDCoreJSON returns a DID Core JSON document with random services.
func randomDIDCoreJSON(t *testing.T, r *rand.Rand) []byte {
	priv, err := didsig.GeneratePrivateKey(didsig.Ed25519, nil)
	require.NoError(t, err)
	pub, err := priv.PublicKey()
	require.NoError(t, err)
	doc, err := types.NewDocument(types.DefaultNamespace, pub)
	require.NoError(t, err)
	bz, err := doc.MarshalDIDCore()
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(bz, &m))
	var services []string
	for i := range 1 + r.IntN(4) {
		services = append(services, fmt.Sprintf(`{"id":%q,"type":"LinkedDomains","serviceEndpoint":%s}`,
			fmt.Sprintf("%s#svc-%d", doc.Id, i), randomEndpoint(r)))
	}
	m["service"] = json.RawMessage("[" + strings.Join(services, ",") + "]")
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// The service-endpoint property of docs/did-method.md: there is one
// canonical form. Every document parsed from DID Core JSON is accepted by
// the keeper's validation (no second form to disagree with), and every
// accepted document survives DID Core JSON → proto → DID Core JSON and
// proto → DID Core JSON → proto unchanged.
func TestServiceEndpointsHaveOneCanonicalForm(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 11))
	for i := range 300 {
		input := randomDIDCoreJSON(t, r)
		doc, err := types.UnmarshalDIDCore(input)
		require.NoError(t, err, "case %d: %s", i, input)
		require.NoError(t, types.ValidateDocument(&doc, types.DefaultParams()), "case %d: %s", i, input)

		// proto → JSON → proto
		rendered, err := doc.MarshalDIDCore()
		require.NoError(t, err)
		back, err := types.UnmarshalDIDCore(rendered)
		require.NoError(t, err)
		want, err := doc.Marshal()
		require.NoError(t, err)
		got, err := back.Marshal()
		require.NoError(t, err)
		require.Equal(t, want, got, "case %d", i)

		// JSON → proto → JSON: the canonical rendering is a fixed point.
		again, err := back.MarshalDIDCore()
		require.NoError(t, err)
		require.Equal(t, string(rendered), string(again), "case %d", i)
		for _, c := range []string{`\u0026`, `\u003c`, `\u003e`} {
			require.NotContains(t, string(rendered), c, "case %d: canonical JSON never HTML-escapes", i)
		}
	}
}

// A proto document whose endpoint is not in canonical form is refused, with
// the canonical form in the error, however it differs.
func TestNonCanonicalServiceEndpointsAreRefused(t *testing.T) {
	priv, err := didsig.GeneratePrivateKey(didsig.Ed25519, nil)
	require.NoError(t, err)
	pub, err := priv.PublicKey()
	require.NoError(t, err)
	for _, endpoint := range []string{
		`"https://x.example/?a=1\u0026b=2"`, // HTML-escaped
		`{"b":"https://b.example","a":"https://a.example"}`,
		`[ "https://x.example" ]`,
		`{}`,
		`"not a uri"`,
	} {
		doc, err := types.NewDocument(types.DefaultNamespace, pub)
		require.NoError(t, err)
		doc.Service = []types.Service{{Id: doc.Id + "#s", Type: []string{"T"}, ServiceEndpoint: endpoint}}
		require.ErrorIs(t, types.ValidateDocument(&doc, types.DefaultParams()), types.ErrInvalidDocument, endpoint)
	}
}

// DID Core JSON is case-sensitive and an object has each member once: a
// document with "ID", or with two "id" members, is refused rather than
// read as whatever encoding/json would make of it.
func TestDIDCoreJSONMembersAreExactAndUnique(t *testing.T) {
	priv, err := didsig.GeneratePrivateKey(didsig.Ed25519, nil)
	require.NoError(t, err)
	pub, err := priv.PublicKey()
	require.NoError(t, err)
	doc, err := types.NewDocument(types.DefaultNamespace, pub)
	require.NoError(t, err)
	doc.Service = []types.Service{{Id: doc.Id + "#s", Type: []string{"T"}, ServiceEndpoint: `{"origins":"https://a.example"}`}}
	good, err := doc.MarshalDIDCore()
	require.NoError(t, err)
	_, err = types.UnmarshalDIDCore(good)
	require.NoError(t, err)

	for name, bad := range map[string]string{
		"a member in the wrong case":        strings.Replace(string(good), `"id":`, `"ID":`, 1),
		"a nested member in the wrong case": strings.Replace(string(good), `"publicKeyMultibase":`, `"PublicKeyMultibase":`, 1),
		"a repeated member":                 strings.Replace(string(good), `"id":`, `"id":"did:ndi:local:2222222222222222222222","id":`, 1),
		"a repeated serviceEndpoint key":    strings.Replace(string(good), `{"origins":`, `{"origins":"https://b.example","origins":`, 1),
	} {
		require.NotEqual(t, string(good), bad, name)
		_, err := types.UnmarshalDIDCore([]byte(bad))
		require.ErrorIs(t, err, types.ErrInvalidDocument, name)
	}
	// Inside serviceEndpoint, any key spelling is the author's own.
	free := strings.Replace(string(good), `{"origins":`, `{"Origins":`, 1)
	_, err = types.UnmarshalDIDCore([]byte(free))
	require.NoError(t, err)
}
