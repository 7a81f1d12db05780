package proof

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/cometbft/cometbft/crypto/merkle"
	rpcclient "github.com/cometbft/cometbft/rpc/client"

	corestore "cosmossdk.io/core/store"
)

// provenStore answers reads of one module store at a root, each proven by
// a store query. Verified answers are kept: the same root gives the same
// answer, and keepers read the same keys many times in one query.
type provenStore struct {
	name    string
	root    Root
	querier ABCIQuerier
	prt     *merkle.ProofRuntime
	names   collectionNames

	mu    sync.Mutex
	reads map[string]provenRead
	// queries counts the store queries sent, for tests and benchmarks.
	queries int
}

func newProvenStore(name string, root Root, q ABCIQuerier, names collectionNames) *provenStore {
	return &provenStore{name: name, root: root, querier: q, prt: proofRuntime(), names: names, reads: map[string]provenRead{}}
}

// read returns what the chain proves about key, querying once per key.
func (s *provenStore) read(ctx context.Context, key []byte) (provenRead, error) {
	s.mu.Lock()
	r, ok := s.reads[string(key)]
	s.mu.Unlock()
	if ok {
		return r, nil
	}
	r, err := s.query(ctx, key)
	if err != nil {
		return provenRead{}, fmt.Errorf("%w: %s: %w", ErrNotProven, s.describe(key), err)
	}
	s.mu.Lock()
	s.reads[string(key)] = r
	s.mu.Unlock()
	return r, nil
}

func (s *provenStore) query(ctx context.Context, key []byte) (provenRead, error) {
	s.mu.Lock()
	s.queries++
	s.mu.Unlock()
	res, err := s.querier.ABCIQueryWithOptions(ctx, "/store/"+s.name+"/key", key,
		rpcclient.ABCIQueryOptions{Height: s.root.Height, Prove: true})
	if err != nil {
		return provenRead{}, fmt.Errorf("the node could not be asked: %w", err)
	}
	if res == nil {
		return provenRead{}, fmt.Errorf("the node sent no answer")
	}
	return verifyResponse(s.prt, s.name, key, s.root, &res.Response)
}

// queryCount is how many store queries were sent.
func (s *provenStore) queryCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queries
}

// describe names key in words: "did store, collection dids, key "did:ndi:…"".
func (s *provenStore) describe(key []byte) string {
	return s.names.describe(s.name, key)
}

// firstFrom returns the first key at or after probe, and its value.
func (s *provenStore) firstFrom(ctx context.Context, probe []byte) (key, value []byte, ok bool, err error) {
	r, err := s.read(ctx, probe)
	if err != nil {
		return nil, nil, false, err
	}
	if r.exists {
		return probe, r.value, true, nil
	}
	return r.next, r.nextValue, r.hasNext, nil
}

// storeService hands out the proven store to keepers. Each call of a
// Source puts a failureLog in its context; the store records every failed
// read there, so a failure cannot be lost in keeper code that reads an
// iterator's end as "no more entries" or maps an error to another.
type storeService struct {
	store *provenStore
}

func (s storeService) OpenKVStore(ctx context.Context) corestore.KVStore {
	log, _ := ctx.Value(failureLogKey{}).(*failureLog)
	return &storeView{ctx: ctx, store: s.store, failures: log}
}

type failureLogKey struct{}

// failureLog keeps the first failed read of one Source call.
type failureLog struct {
	mu    sync.Mutex
	first error
}

func (l *failureLog) record(err error) error {
	if l != nil && err != nil {
		l.mu.Lock()
		if l.first == nil {
			l.first = err
		}
		l.mu.Unlock()
	}
	return err
}

func (l *failureLog) err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.first
}

// storeView is the proven store as one call's keeper sees it.
type storeView struct {
	ctx      context.Context
	store    *provenStore
	failures *failureLog
}

var _ corestore.KVStore = (*storeView)(nil)

func (v *storeView) Get(key []byte) ([]byte, error) {
	r, err := v.store.read(v.ctx, key)
	if err != nil {
		return nil, v.failures.record(err)
	}
	if !r.exists {
		return nil, nil
	}
	if r.value == nil {
		// A nil value means "absent" to the store's readers; an ABCI
		// answer decodes an empty value as nil.
		return []byte{}, nil
	}
	return r.value, nil
}

func (v *storeView) Has(key []byte) (bool, error) {
	r, err := v.store.read(v.ctx, key)
	return r.exists, v.failures.record(err)
}

func (v *storeView) Set(key, _ []byte) error {
	return v.failures.record(fmt.Errorf("%w: set %s", ErrReadOnly, v.store.describe(key)))
}

func (v *storeView) Delete(key []byte) error {
	return v.failures.record(fmt.Errorf("%w: delete %s", ErrReadOnly, v.store.describe(key)))
}

// Iterator walks [start, end) ascending, neighbour to neighbour: the
// first key is the probe itself or its proven right neighbour, and after
// key K the next is found by probing K‖0x00, the smallest key above K.
func (v *storeView) Iterator(start, end []byte) (corestore.Iterator, error) {
	probe := start
	if len(probe) == 0 {
		// Store keys are never empty, so every key is at or after 0x00.
		probe = []byte{0}
	}
	it := &provenIterator{view: v, start: start, end: end}
	it.seek(probe)
	if it.err != nil {
		return nil, it.err
	}
	return it, nil
}

func (v *storeView) ReverseIterator(start, end []byte) (corestore.Iterator, error) {
	return nil, v.failures.record(fmt.Errorf("%w: reverse iteration over %s: a proof covers a key and its neighbours, not a descending scan",
		ErrNotProvable, v.store.names.describeRange(v.store.name, start, end)))
}

type provenIterator struct {
	view       *storeView
	start, end []byte
	key, value []byte
	valid      bool
	err        error
}

var _ corestore.Iterator = (*provenIterator)(nil)

func (it *provenIterator) seek(probe []byte) {
	key, value, ok, err := it.view.store.firstFrom(it.view.ctx, probe)
	if err != nil {
		it.valid, it.err = false, it.view.failures.record(err)
		return
	}
	it.valid = ok && (it.end == nil || bytes.Compare(key, it.end) < 0)
	it.key, it.value = key, value
}

func (it *provenIterator) Domain() (start, end []byte) { return it.start, it.end }
func (it *provenIterator) Valid() bool                 { return it.valid }
func (it *provenIterator) Error() error                { return it.err }
func (it *provenIterator) Close() error                { return nil }

func (it *provenIterator) Next() {
	if !it.valid {
		panic("proof: Next on an exhausted iterator")
	}
	it.seek(append(bytes.Clone(it.key), 0))
}

func (it *provenIterator) Key() []byte {
	if !it.valid {
		panic("proof: Key on an exhausted iterator")
	}
	return it.key
}

func (it *provenIterator) Value() []byte {
	if !it.valid {
		panic("proof: Value on an exhausted iterator")
	}
	return it.value
}
