package credential

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// maxNesting bounds how deeply objects and arrays may nest. Credentials are
// shallow; the bound keeps hostile input from costing deep recursion later
// (JCS, the JSON decoders).
const maxNesting = 64

// checkStrictJSON accepts exactly one JSON value with no duplicate member
// name in any object. Duplicates are refused because parsers disagree on
// which one wins: a verifier that reads the first "issuer" while the signer's
// canonicaliser read the last would check a claim nobody signed.
func checkStrictJSON(what string, data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// Each open object holds the member names seen so far; arrays hold nil.
	var open []map[string]bool
	// expectName is true where the next token in an object is a member name.
	expectName := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: %s is not valid JSON: %v", ErrMalformed, what, err)
		}
		if expectName {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				open = open[:len(open)-1]
				expectName = len(open) > 0 && open[len(open)-1] != nil
				continue
			}
			name := tok.(string) // the decoder guarantees a string here
			names := open[len(open)-1]
			if names[name] {
				return fmt.Errorf("%w: %s has member %q more than once", ErrMalformed, what, name)
			}
			names[name] = true
			expectName = false
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(open) == maxNesting {
				return fmt.Errorf("%w: %s nests deeper than %d levels", ErrMalformed, what, maxNesting)
			}
			if tok == json.Delim('{') {
				open = append(open, map[string]bool{})
				expectName = true
				continue
			}
			open = append(open, nil)
		case json.Delim('}'), json.Delim(']'):
			open = open[:len(open)-1]
		}
		// After a value inside an object comes the next name (or '}').
		expectName = len(open) > 0 && open[len(open)-1] != nil
	}
	return nil
}

// decodeObject reads a JSON object into its raw members after the strict
// checks, so every later step sees exactly the members that were given.
func decodeObject(what string, data []byte) (map[string]json.RawMessage, error) {
	if err := checkStrictJSON(what, data); err != nil {
		return nil, err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil || members == nil {
		return nil, fmt.Errorf("%w: %s is not a JSON object", ErrMalformed, what)
	}
	return members, nil
}

// marshalMembers writes an object with the members in the given order, then
// any others in byte order. Values are compacted, never HTML-escaped, so the
// bytes are what a signer sees and a reader expects.
func marshalMembers(members map[string]json.RawMessage, first []string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	written := make(map[string]bool, len(members))
	write := func(name string) error {
		value, ok := members[name]
		if !ok || written[name] {
			return nil
		}
		written[name] = true
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		if err := writeJSONString(&buf, name); err != nil {
			return err
		}
		buf.WriteByte(':')
		if err := json.Compact(&buf, value); err != nil {
			return fmt.Errorf("%w: member %q is not valid JSON: %v", ErrMalformed, name, err)
		}
		return nil
	}
	for _, name := range first {
		if err := write(name); err != nil {
			return nil, err
		}
	}
	for _, name := range sortedNames(members) {
		if err := write(name); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func writeJSONString(buf *bytes.Buffer, s string) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode appends a newline
	return nil
}
