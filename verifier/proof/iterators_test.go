package proof

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	corestore "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/runtime"
)

// iteratorCounter counts the iterators keepers open on a store.
type iteratorCounter struct {
	inner            corestore.KVStoreService
	forward, reverse *int
}

func (s iteratorCounter) OpenKVStore(ctx context.Context) corestore.KVStore {
	return countingStore{KVStore: s.inner.OpenKVStore(ctx), forward: s.forward, reverse: s.reverse}
}

type countingStore struct {
	corestore.KVStore
	forward, reverse *int
}

func (s countingStore) Iterator(start, end []byte) (corestore.Iterator, error) {
	*s.forward++
	return s.KVStore.Iterator(start, end)
}

func (s countingStore) ReverseIterator(start, end []byte) (corestore.Iterator, error) {
	*s.reverse++
	return s.KVStore.ReverseIterator(start, end)
}

// The queries a verdict uses, now and at a past time, open no reverse
// iterator on the node's own stores: every read they make is a point read
// or an ascending walk, both provable. (VerifyIssuer walks the index of a
// subject's accreditations; nothing else iterates.)
func TestTheVerdictQueriesOpenNoReverseIterator(t *testing.T) {
	c := newChain(t)
	var forward, reverse int
	servers := newQueryServers(collectionNames{}, func(name string) corestore.KVStoreService {
		return iteratorCounter{inner: runtime.NewKVStoreService(c.f.App.GetKey(name)), forward: &forward, reverse: &reverse}
	})
	// The counted servers answer in place of the node's.
	c.didQuery, c.accreditationQuery, c.revocationQuery = servers.did, servers.accreditation, servers.revocation
	for _, q := range verdictQueries(c) {
		forward, reverse = 0, 0
		_, err := q.node()
		require.NoError(t, err, q.name)
		require.Zero(t, reverse, "%s opened a reverse iterator", q.name)
		t.Logf("%-22s %d ascending iterators", q.name, forward)
	}
}
