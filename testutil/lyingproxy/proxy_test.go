package lyingproxy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/light/provider"
	lighthttp "github.com/cometbft/cometbft/light/provider/http"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/lyingproxy"
)

const chainID = "fake-1"

var (
	didKey   = []byte{0x01, 'd', 'i', 'd'}
	didValue = []byte("document version 2")
	otherKey = []byte{0x02, 'x'}
)

// upstream starts a fake chain of 10 blocks with a DID value and another
// key, and a proxy telling lie in front of it.
func upstream(t *testing.T, lie lyingproxy.Lie) (*lyingproxy.FakeChain, *httptest.Server, *lyingproxy.Proxy) {
	t.Helper()
	chain, err := lyingproxy.NewFakeChain(chainID, 3, 10, time.Now().Add(-time.Minute))
	require.NoError(t, err)
	chain.SetValue("did", didKey, didValue)
	chain.SetValue("did", otherKey, []byte("other"))
	srv := httptest.NewServer(chain)
	t.Cleanup(srv.Close)
	p, err := lyingproxy.Start(srv.URL, lie)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, p.Close()) })
	return chain, srv, p
}

func rpc(t *testing.T, addr string) *rpchttp.HTTP {
	t.Helper()
	c, err := rpchttp.New(addr, "/websocket")
	require.NoError(t, err)
	return c
}

func query(t *testing.T, addr, store string, key []byte, height int64) ctypes.ResultABCIQuery {
	t.Helper()
	res, err := rpc(t, addr).ABCIQueryWithOptions(context.Background(), "/store/"+store+"/key", key, rpcclient.ABCIQueryOptions{Height: height, Prove: true})
	require.NoError(t, err)
	return *res
}

func TestProxyListensOnLoopbackAndRefusesABadUpstream(t *testing.T) {
	_, _, p := upstream(t, lyingproxy.Honest)
	u, err := url.Parse(p.URL)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1", u.Hostname())

	_, err = lyingproxy.Start("127.0.0.1:26657", lyingproxy.Honest)
	require.ErrorContains(t, err, "not an http(s) URL")
}

func TestHonestProxyPassesEveryAnswerThrough(t *testing.T) {
	chain, srv, p := upstream(t, lyingproxy.Honest)
	ctx := context.Background()
	h := int64(4)
	direct, err := rpc(t, srv.URL).Commit(ctx, &h)
	require.NoError(t, err)
	proxied, err := rpc(t, p.URL).Commit(ctx, &h)
	require.NoError(t, err)
	require.Equal(t, direct.Hash(), proxied.Hash())
	require.Equal(t, chain.LightBlock(4).Hash(), proxied.Hash())

	st, err := rpc(t, p.URL).Status(ctx)
	require.NoError(t, err)
	require.Equal(t, chain.Height(), st.SyncInfo.LatestBlockHeight)

	// A GET the proxy does not lie about is passed through as it is.
	resp, err := http.Get(p.URL + "/status")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Contains(t, string(body), `"latest_block_height":"10"`)

	require.Equal(t, didValue, query(t, p.URL, "did", didKey, 5).Response.Value)
	require.Zero(t, p.Told())
}

func TestForgedAppHashIsWellFormedButNotSignedByTheValidators(t *testing.T) {
	chain, _, p := upstream(t, lyingproxy.ForgeAppHash(3))
	prov, err := lighthttp.New(chainID, p.URL)
	require.NoError(t, err)

	honest, err := prov.LightBlock(context.Background(), 2)
	require.NoError(t, err)
	require.Equal(t, chain.LightBlock(2).Hash(), honest.Hash(), "below minHeight the header is honest")
	require.Zero(t, p.Told())

	lb, err := prov.LightBlock(context.Background(), 5)
	require.NoError(t, err, "the forged light block passes the provider's basic checks")
	require.Equal(t, 1, p.Told())
	real := chain.LightBlock(5)
	require.NotEqual(t, real.AppHash, lb.AppHash)
	require.Equal(t, lb.Hash(), lb.Commit.BlockID.Hash)
	require.Error(t, chain.ValidatorSet().VerifyCommitLight(chainID, lb.Commit.BlockID, 5, lb.Commit),
		"the validators signed the real header, not the forged one")
}

func TestForgedValidatorsHashIsABadLightBlock(t *testing.T) {
	_, _, p := upstream(t, lyingproxy.ForgeValidatorsHash(0))
	prov, err := lighthttp.New(chainID, p.URL)
	require.NoError(t, err)
	_, err = prov.LightBlock(context.Background(), 5)
	var bad provider.ErrBadLightBlock
	require.ErrorAs(t, err, &bad)
	require.Equal(t, 1, p.Told())
}

func TestQueryLiesAlterOnlyTheStoreAndKeysTheyName(t *testing.T) {
	honest := func(t *testing.T, srvURL string, store string, key []byte, h int64) ctypes.ResultABCIQuery {
		return query(t, srvURL, store, key, h)
	}
	cases := []struct {
		name  string
		lie   lyingproxy.Lie
		check func(t *testing.T, real, got ctypes.ResultABCIQuery)
	}{
		{"a flipped value bit", lyingproxy.FlipValueBit("did", didKey[:1]), func(t *testing.T, real, got ctypes.ResultABCIQuery) {
			want := bytes.Clone(real.Response.Value)
			want[len(want)-1] ^= 1
			require.Equal(t, want, got.Response.Value)
			require.Equal(t, real.Response.ProofOps, got.Response.ProofOps)
		}},
		{"a value claimed absent keeps the existence proof", lyingproxy.ClaimAbsent("did", didKey[:1]), func(t *testing.T, real, got ctypes.ResultABCIQuery) {
			require.Empty(t, got.Response.Value)
			require.Equal(t, real.Response.ProofOps, got.Response.ProofOps)
		}},
		{"a stripped proof keeps the value", lyingproxy.StripProofs("did", didKey[:1]), func(t *testing.T, real, got ctypes.ResultABCIQuery) {
			require.Equal(t, real.Response.Value, got.Response.Value)
			require.Nil(t, got.Response.ProofOps)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, srv, p := upstream(t, tc.lie)
			real := honest(t, srv.URL, "did", didKey, 6)
			tc.check(t, real, query(t, p.URL, "did", didKey, 6))
			require.Equal(t, 1, p.Told())

			// Another key prefix and another store are answered honestly.
			require.Equal(t, honest(t, srv.URL, "did", otherKey, 6), query(t, p.URL, "did", otherKey, 6))
			require.Equal(t, honest(t, srv.URL, "revocation", didKey, 6), query(t, p.URL, "revocation", didKey, 6))
			require.Equal(t, 1, p.Told())
		})
	}
}

func TestAnswerFromHeightServesAnOlderStateLabelledAsTheHeightAsked(t *testing.T) {
	_, srv, p := upstream(t, lyingproxy.AnswerFromHeight("did", didKey, 3))
	older := query(t, srv.URL, "did", didKey, 5)
	got := query(t, p.URL, "did", didKey, 8)
	require.Equal(t, int64(8), got.Response.Height)
	require.Equal(t, older.Response.ProofOps, got.Response.ProofOps, "the proof is the real one for height 5")
	require.NotEqual(t, query(t, srv.URL, "did", didKey, 8).Response.ProofOps, got.Response.ProofOps)
	require.Equal(t, 1, p.Told())

	// No older height to lie from: honest.
	require.Equal(t, int64(2), query(t, p.URL, "did", didKey, 2).Response.Height)
	require.Equal(t, 1, p.Told())
}

func TestLiesApplyToGETURICallsAndToEachCallOfABatch(t *testing.T) {
	_, srv, p := upstream(t, lyingproxy.FlipValueBit("did", didKey))
	real := query(t, srv.URL, "did", didKey, 4)

	resp, err := http.Get(p.URL + `/abci_query?path="/store/did/key"&data=0x` + strings.ToUpper(bytesHex(didKey)) + `&height=4&prove=true`)
	require.NoError(t, err)
	got := decodeAnswer[ctypes.ResultABCIQuery](t, resp)
	require.NotEqual(t, real.Response.Value, got.Response.Value)
	require.Equal(t, 1, p.Told())

	p.SetLie(lyingproxy.ForgeAppHash(0))
	resp, err = http.Get(p.URL + "/commit?height=3")
	require.NoError(t, err)
	commit := decodeAnswer[ctypes.ResultCommit](t, resp)
	h := int64(3)
	realCommit, err := rpc(t, srv.URL).Commit(context.Background(), &h)
	require.NoError(t, err)
	require.NotEqual(t, realCommit.AppHash, commit.AppHash)
	require.Equal(t, 2, p.Told())

	batch := `[{"jsonrpc":"2.0","id":1,"method":"commit","params":{"height":"2"}},` +
		`{"jsonrpc":"2.0","id":2,"method":"commit","params":{"height":"3"}},` +
		`{"jsonrpc":"2.0","id":3,"method":"status","params":{}}]`
	resp, err = http.Post(p.URL, "application/json", strings.NewReader(batch))
	require.NoError(t, err)
	defer resp.Body.Close()
	var answers []struct {
		ID     int             `json:"id"`
		Result json.RawMessage `json:"result"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&answers))
	require.Len(t, answers, 3)
	require.Equal(t, []int{1, 2, 3}, []int{answers[0].ID, answers[1].ID, answers[2].ID})
	require.Equal(t, 4, p.Told(), "each commit of the batch was forged")
}

func bytesHex(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func decodeAnswer[T any](t *testing.T, resp *http.Response) T {
	t.Helper()
	defer resp.Body.Close()
	var answer struct {
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&answer))
	require.Empty(t, answer.Error)
	var out T
	require.NoError(t, cmtjson.Unmarshal(answer.Result, &out))
	return out
}
