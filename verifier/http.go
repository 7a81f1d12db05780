package verifier

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// VerifyPath is where the API server answers credential verification.
const VerifyPath = "/1.0/credentials/verify"

// HTTPLimits bound one verification request.
type HTTPLimits struct {
	// MaxBody is the largest request body accepted, in bytes.
	MaxBody int64
	// Timeout bounds the chain queries of one verdict; checks still
	// waiting when it fires are reported undecided.
	Timeout time.Duration
}

// DefaultHTTPLimits: a credential is a few KiB; a verdict takes a handful
// of queries.
func DefaultHTTPLimits() HTTPLimits {
	return HTTPLimits{MaxBody: 256 << 10, Timeout: 10 * time.Second}
}

// SourceFunc gives the Source for one request (the node's latest block).
type SourceFunc func(ctx context.Context) (Source, error)

// NewHTTPHandler answers POST /1.0/credentials/verify: the body is a
// credential (a compact JWS, or a JSON credential with a proof) or a VC API
// style {"verifiableCredential": …}; the answer is the JSON verdict with
// status 200 whatever the verdict, and an RFC 9457 problem for a request
// that could not be taken (405, 413, 400, 503). ?statusQuery=index asks for
// single-index status queries.
func NewHTTPHandler(source SourceFunc, limits HTTPLimits) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeProblem(w, http.StatusMethodNotAllowed, "Method not allowed", "POST a credential to "+VerifyPath)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limits.MaxBody))
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			writeProblem(w, http.StatusRequestEntityTooLarge, "Credential too large", fmt.Sprintf("the body is over the limit of %d bytes", limits.MaxBody))
			return
		case err != nil:
			writeProblem(w, http.StatusBadRequest, "Unreadable body", err.Error())
			return
		}
		raw, err := credentialFromBody(body)
		if err != nil {
			writeProblem(w, http.StatusBadRequest, "No credential", err.Error())
			return
		}
		opts := Options{StatusQuery: StatusQuery(r.URL.Query().Get("statusQuery"))}
		if opts.StatusQuery == "" {
			opts.StatusQuery = StatusWholeList
		}
		if opts.StatusQuery != StatusWholeList && opts.StatusQuery != StatusSingleIndex {
			writeProblem(w, http.StatusBadRequest, "Bad statusQuery", fmt.Sprintf("statusQuery %q: want list or index", opts.StatusQuery))
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), limits.Timeout)
		defer cancel()
		src, err := source(ctx)
		if err != nil {
			writeProblem(w, http.StatusServiceUnavailable, "Node unavailable", err.Error())
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_ = json.NewEncoder(w).Encode(Verify(ctx, raw, src, opts)) // the client hung up: nothing to tell it
	})
}

// credentialFromBody accepts the credential itself or a VC API request
// wrapping it.
func credentialFromBody(body []byte) ([]byte, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, errors.New("the body is empty: POST the credential (a compact JWS or a JSON credential)")
	}
	if body[0] != '{' {
		return body, nil
	}
	var wrapper struct {
		VerifiableCredential json.RawMessage `json:"verifiableCredential"`
	}
	if err := json.Unmarshal(body, &wrapper); err != nil || len(wrapper.VerifiableCredential) == 0 {
		return body, nil // a credential itself; Verify reports what is wrong with it
	}
	var jws string
	if json.Unmarshal(wrapper.VerifiableCredential, &jws) == nil {
		return []byte(jws), nil
	}
	return wrapper.VerifiableCredential, nil
}

type httpProblem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

func writeProblem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(httpProblem{Type: "about:blank", Title: title, Status: status, Detail: detail})
}
