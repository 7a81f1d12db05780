package proof

import (
	"bytes"
	"fmt"

	"cosmossdk.io/collections"
)

// collectionNames names the collections of each module store by prefix,
// from the keepers' own schemas, so an error says "collection dids"
// rather than a key prefix byte.
type collectionNames map[string][]namedPrefix

type namedPrefix struct {
	prefix []byte
	name   string
}

func (n collectionNames) add(store string, schema collections.Schema) {
	for _, c := range schema.ListCollections() {
		n[store] = append(n[store], namedPrefix{prefix: c.GetPrefix(), name: c.GetName()})
	}
}

// collection returns the name of the collection key belongs to and the
// key without its prefix.
func (n collectionNames) collection(store string, key []byte) (string, []byte, bool) {
	best := -1
	for i, c := range n[store] {
		if bytes.HasPrefix(key, c.prefix) && (best < 0 || len(c.prefix) > len(n[store][best].prefix)) {
			best = i
		}
	}
	if best < 0 {
		return "", key, false
	}
	return n[store][best].name, key[len(n[store][best].prefix):], true
}

// describe names a key: "did store, collection dids, key "did:ndi:…"".
// Key bytes are quoted as Go strings: collections encode strings as their
// bytes and numbers big-endian, so ids read as text and numbers as escapes.
func (n collectionNames) describe(store string, key []byte) string {
	name, rest, ok := n.collection(store, key)
	if !ok {
		return fmt.Sprintf("%s store, key %q", store, key)
	}
	return fmt.Sprintf("%s store, collection %s, key %q", store, name, rest)
}

// describeRange names a key range [start, end) the same way.
func (n collectionNames) describeRange(store string, start, end []byte) string {
	name, from, ok := n.collection(store, start)
	if !ok {
		return fmt.Sprintf("%s store, keys from %q to %q", store, start, end)
	}
	return fmt.Sprintf("%s store, collection %s, keys from %q to %q", store, name, from, bytes.TrimPrefix(end, start[:len(start)-len(from)]))
}
