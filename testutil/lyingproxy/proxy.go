package lyingproxy

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
)

// maxBody bounds what the proxy reads from a client or from the upstream.
const maxBody = 64 << 20

// ABCIQuery is an abci_query request as the proxy understands it.
type ABCIQuery struct {
	Path   string
	Data   []byte
	Height int64
	Prove  bool
}

// StoreKeyQuery reports whether q reads one key of the named store
// ("/store/<name>/key", the only provable query path) and the key has the
// given prefix.
func (q ABCIQuery) StoreKeyQuery(store string, keyPrefix []byte) bool {
	return q.Path == "/store/"+store+"/key" && bytes.HasPrefix(q.Data, keyPrefix)
}

// Lie says how the proxy alters answers. A nil hook leaves that part honest;
// each hook reports whether it altered anything, and Proxy.Told counts the
// calls in which any hook did.
type Lie struct {
	Name string
	// Query may rewrite an abci_query before it is forwarded upstream.
	Query func(q *ABCIQuery) bool
	// QueryResult may rewrite the upstream's answer; asked is the query as
	// the client sent it (before Query rewrote it).
	QueryResult func(asked ABCIQuery, res *abci.ResponseQuery) bool
	// Commit may rewrite a /commit answer (a signed header).
	Commit func(res *ctypes.ResultCommit) bool
}

// Honest is the lie that alters nothing.
var Honest = Lie{Name: "honest"}

// Proxy forwards CometBFT RPC to an upstream node, altering answers as its
// current Lie says.
type Proxy struct {
	// URL is the proxy's address, http://127.0.0.1:<port>.
	URL string

	upstream string
	client   *http.Client
	server   *http.Server
	done     chan struct{}

	mu   sync.Mutex
	lie  Lie
	told int
}

// Start listens on a free 127.0.0.1 port and serves until Close, forwarding
// to upstream (a CometBFT RPC URL such as http://127.0.0.1:26657).
func Start(upstream string, lie Lie) (*Proxy, error) {
	u, err := url.Parse(upstream)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("lyingproxy: upstream %q is not an http(s) URL", upstream)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lyingproxy: listen: %w", err)
	}
	p := &Proxy{
		URL:      "http://" + ln.Addr().String(),
		upstream: strings.TrimSuffix(upstream, "/"),
		client:   &http.Client{Timeout: 30 * time.Second},
		done:     make(chan struct{}),
		lie:      lie,
	}
	p.server = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(p.done)
		_ = p.server.Serve(ln) // returns http.ErrServerClosed after Close
	}()
	return p, nil
}

// SetLie replaces the lie told from the next request on.
func (p *Proxy) SetLie(l Lie) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lie = l
}

// Told returns how many calls a lie has altered (request or answer) since
// Start.
func (p *Proxy) Told() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.told
}

// Close stops the server and waits for it.
func (p *Proxy) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := p.server.Shutdown(ctx)
	<-p.done
	return err
}

func (p *Proxy) currentLie() Lie {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lie
}

func (p *Proxy) countLie() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.told++
}

// ServeHTTP answers JSON-RPC POSTs (single or batch) and GET URI calls.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			http.Error(w, "read request: "+err.Error(), http.StatusBadRequest)
			return
		}
		out, err := p.handleBody(r.Context(), body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		writeJSON(w, out)
	case http.MethodGet:
		method := strings.TrimPrefix(r.URL.Path, "/")
		if method != "commit" && method != "abci_query" {
			p.passGET(w, r)
			return
		}
		params, err := uriParams(method, r.URL.Query())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// CometBFT answers URI calls with id -1; so does the proxy.
		req, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": -1, "method": method, "params": params})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		out, err := p.handleCall(r.Context(), req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		writeJSON(w, out)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func writeJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// handleBody answers a POST body: one call, or a batch answered call by
// call (each forwarded on its own, so a lie sees each call separately).
func (p *Proxy) handleBody(ctx context.Context, body []byte) ([]byte, error) {
	trimmed := bytes.TrimSpace(body)
	if !bytes.HasPrefix(trimmed, []byte("[")) {
		return p.handleCall(ctx, trimmed)
	}
	var calls []json.RawMessage
	if err := json.Unmarshal(trimmed, &calls); err != nil {
		return nil, fmt.Errorf("lyingproxy: batch: %w", err)
	}
	answers := make([]json.RawMessage, 0, len(calls))
	for _, c := range calls {
		a, err := p.handleCall(ctx, c)
		if err != nil {
			return nil, err
		}
		answers = append(answers, a)
	}
	return json.Marshal(answers)
}

type rpcCall struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params,omitempty"`
}

type rpcAnswer struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   json.RawMessage `json:"error,omitempty"`
}

// handleCall forwards one JSON-RPC call, letting the current lie alter the
// request and the answer.
func (p *Proxy) handleCall(ctx context.Context, raw []byte) ([]byte, error) {
	var call rpcCall
	if err := json.Unmarshal(raw, &call); err != nil {
		return nil, fmt.Errorf("lyingproxy: call: %w", err)
	}
	lie := p.currentLie()
	switch {
	case call.Method == "abci_query" && (lie.Query != nil || lie.QueryResult != nil):
		return p.abciQuery(ctx, call, lie)
	case call.Method == "commit" && lie.Commit != nil:
		return p.commit(ctx, raw, lie)
	default:
		return p.post(ctx, raw)
	}
}

func (p *Proxy) abciQuery(ctx context.Context, call rpcCall, lie Lie) ([]byte, error) {
	asked, err := decodeQueryParams(call.Params)
	if err != nil {
		return nil, err
	}
	forwarded := asked
	forwarded.Data = bytes.Clone(asked.Data)
	altered := lie.Query != nil && lie.Query(&forwarded)
	call.Params, err = json.Marshal(map[string]any{
		"path":   forwarded.Path,
		"data":   strings.ToUpper(hex.EncodeToString(forwarded.Data)),
		"height": strconv.FormatInt(forwarded.Height, 10),
		"prove":  forwarded.Prove,
	})
	if err != nil {
		return nil, err
	}
	req, err := json.Marshal(call)
	if err != nil {
		return nil, err
	}
	out, err := p.post(ctx, req)
	if err != nil {
		return nil, err
	}
	if lie.QueryResult != nil {
		var res ctypes.ResultABCIQuery
		answer, ok, err := decodeResult(out, &res)
		if err != nil {
			return nil, err
		}
		if ok && lie.QueryResult(asked, &res.Response) {
			altered = true
			if out, err = encodeResult(answer, &res); err != nil {
				return nil, err
			}
		}
	}
	if altered {
		p.countLie()
	}
	return out, nil
}

func (p *Proxy) commit(ctx context.Context, raw []byte, lie Lie) ([]byte, error) {
	out, err := p.post(ctx, raw)
	if err != nil {
		return nil, err
	}
	var res ctypes.ResultCommit
	answer, ok, err := decodeResult(out, &res)
	if err != nil || !ok || res.Header == nil || res.Commit == nil {
		return out, err
	}
	if !lie.Commit(&res) {
		return out, nil
	}
	p.countLie()
	return encodeResult(answer, &res)
}

// decodeResult decodes a successful answer's result with CometBFT's JSON
// (64-bit integers as strings); ok is false for an error answer.
func decodeResult(out []byte, result any) (rpcAnswer, bool, error) {
	var answer rpcAnswer
	if err := json.Unmarshal(out, &answer); err != nil {
		return answer, false, fmt.Errorf("lyingproxy: upstream answer: %w", err)
	}
	if len(answer.Result) == 0 || (len(answer.Error) > 0 && string(answer.Error) != "null") {
		return answer, false, nil
	}
	if err := cmtjson.Unmarshal(answer.Result, result); err != nil {
		return answer, false, fmt.Errorf("lyingproxy: upstream result: %w", err)
	}
	return answer, true, nil
}

func encodeResult(answer rpcAnswer, result any) ([]byte, error) {
	bz, err := cmtjson.Marshal(result)
	if err != nil {
		return nil, err
	}
	answer.Result = bz
	return json.Marshal(answer)
}

// post forwards one JSON-RPC body to the upstream and returns its answer.
func (p *Proxy) post(ctx context.Context, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.upstream, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("lyingproxy: upstream: %w", err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("lyingproxy: upstream: %w", err)
	}
	return out, nil
}

// passGET forwards a GET the proxy does not lie about, as it is.
func (p *Proxy) passGET(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, p.upstream+r.URL.RequestURI(), nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := p.client.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, io.LimitReader(resp.Body, maxBody))
}

// decodeQueryParams reads abci_query's params in either JSON-RPC form:
// named {"path","data","height","prove"} or positional [path, data, height, prove].
func decodeQueryParams(raw json.RawMessage) (ABCIQuery, error) {
	var named struct {
		Path   string          `json:"path"`
		Data   string          `json:"data"`
		Height json.RawMessage `json:"height"`
		Prove  bool            `json:"prove"`
	}
	trimmed := bytes.TrimSpace(raw)
	if bytes.HasPrefix(trimmed, []byte("[")) {
		var pos []json.RawMessage
		if err := json.Unmarshal(trimmed, &pos); err != nil {
			return ABCIQuery{}, fmt.Errorf("lyingproxy: abci_query params: %w", err)
		}
		fields := []any{&named.Path, &named.Data, &named.Height, &named.Prove}
		for i := range min(len(pos), len(fields)) {
			if err := json.Unmarshal(pos[i], fields[i]); err != nil {
				return ABCIQuery{}, fmt.Errorf("lyingproxy: abci_query param %d: %w", i, err)
			}
		}
	} else if len(trimmed) > 0 {
		if err := json.Unmarshal(trimmed, &named); err != nil {
			return ABCIQuery{}, fmt.Errorf("lyingproxy: abci_query params: %w", err)
		}
	}
	data, err := hex.DecodeString(named.Data)
	if err != nil {
		return ABCIQuery{}, fmt.Errorf("lyingproxy: abci_query data is not hex: %w", err)
	}
	var height int64
	if h := strings.Trim(string(named.Height), `"`); h != "" && h != "null" {
		if height, err = strconv.ParseInt(h, 10, 64); err != nil {
			return ABCIQuery{}, fmt.Errorf("lyingproxy: abci_query height: %w", err)
		}
	}
	return ABCIQuery{Path: named.Path, Data: data, Height: height, Prove: named.Prove}, nil
}

// uriParams turns a GET URI call's query (strings quoted or 0x-hex,
// integers bare) into named JSON-RPC params.
func uriParams(method string, q url.Values) (map[string]any, error) {
	params := map[string]any{}
	if h := q.Get("height"); h != "" {
		if _, err := strconv.ParseInt(h, 10, 64); err != nil {
			return nil, fmt.Errorf("lyingproxy: %s: height %q: %w", method, h, err)
		}
		params["height"] = h
	}
	if method != "abci_query" {
		return params, nil
	}
	path, err := uriBytes(q.Get("path"))
	if err != nil {
		return nil, fmt.Errorf("lyingproxy: abci_query path: %w", err)
	}
	data, err := uriBytes(q.Get("data"))
	if err != nil {
		return nil, fmt.Errorf("lyingproxy: abci_query data: %w", err)
	}
	params["path"] = string(path)
	params["data"] = strings.ToUpper(hex.EncodeToString(data))
	params["prove"] = q.Get("prove") == "true"
	return params, nil
}

func uriBytes(s string) ([]byte, error) {
	switch {
	case s == "":
		return nil, nil
	case strings.HasPrefix(strings.ToLower(s), "0x"):
		return hex.DecodeString(s[2:])
	case len(s) >= 2 && strings.HasPrefix(s, `"`) && strings.HasSuffix(s, `"`):
		var out string
		if err := json.Unmarshal([]byte(s), &out); err != nil {
			return nil, err
		}
		return []byte(out), nil
	default:
		return nil, errors.New("neither a quoted string nor 0x-hex")
	}
}
