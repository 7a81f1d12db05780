package keeper

import (
	"container/list"
	"context"
	"sync"
	"sync/atomic"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

// DefaultListCacheBytes bounds the encoded status lists a keeper keeps for
// queries: room for about 250 fully loaded 16,777,216-entry lists holding
// 65,536 scattered set bits, or about 23 lists of random bits (the worst
// case, 2.8 MB each).
const DefaultListCacheBytes = 64 << 20

// listCacheEntryOverhead is charged per entry on top of the encoded bytes,
// so many tiny lists cannot hold far more memory than the bound says.
const listCacheEntryOverhead = 128

// listVersionKey names one version of one list. Lists are never deleted and
// their numbers never reused, and queries read committed state only, so the
// encoded list of a key never changes: past versions may be cached like the
// latest.
type listVersionKey struct {
	number, sequence uint64
}

// encodedList is a cache entry: the W3C encodedList, and the query gas the
// store reads behind it cost, charged again on a hit so that a query under
// a gas limit fails or succeeds the same whether it hits or misses.
type encodedList struct {
	key     listVersionKey
	encoded string
	gas     uint64
}

func (e *encodedList) size() int { return len(e.encoded) + listCacheEntryOverhead }

// flight is an encoding in progress; waiters block on done.
type flight struct {
	done   chan struct{}
	result *encodedList
}

// ListCache holds encoded status lists by (list number, sequence), least
// recently used evicted first, within a bound on the bytes held. It serves
// queries only (never consensus state), is safe for concurrent use, and
// encodes a version once even when many queries ask for it at once.
type ListCache struct {
	maxBytes int

	// hits and misses count lookups for the operator's metrics.
	hits, misses atomic.Uint64

	mu    sync.Mutex
	bytes int
	// lru holds *encodedList, most recently used at the front.
	lru      *list.List
	entries  map[listVersionKey]*list.Element
	inFlight map[listVersionKey]*flight
}

// NewListCache returns a cache holding at most maxBytes of encoded lists
// (entry overhead included); 0 disables caching.
func NewListCache(maxBytes int) *ListCache {
	return &ListCache{
		maxBytes: max(maxBytes, 0),
		lru:      list.New(),
		entries:  make(map[listVersionKey]*list.Element),
		inFlight: make(map[listVersionKey]*flight),
	}
}

// Bytes returns the bytes held (entry overhead included).
func (c *ListCache) Bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

// Stats returns how many lookups were served from the cache (hits) and
// how many encoded the list (misses) since the cache was made. A lookup
// that waited for another's encoding counts as a hit.
func (c *ListCache) Stats() (hits, misses uint64) {
	return c.hits.Load(), c.misses.Load()
}

// Len returns the number of lists held.
func (c *ListCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// get returns the entry for key, running encode on a miss. Concurrent
// misses on one key wait for the first instead of encoding again. If the
// first does not finish (an error, its context cancelled, a panic such as
// running out of query gas), each waiter encodes on its own, so one query's
// failure is never another's answer.
func (c *ListCache) get(ctx context.Context, key listVersionKey, encode func() (*encodedList, error)) (*encodedList, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		c.mu.Unlock()
		return el.Value.(*encodedList), nil
	}
	if f, ok := c.inFlight[key]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.result != nil {
			return f.result, nil
		}
		return encode()
	}
	f := &flight{done: make(chan struct{})}
	c.inFlight[key] = f
	c.mu.Unlock()

	// Deferred so that waiters are released even if encode panics.
	defer func() {
		c.mu.Lock()
		delete(c.inFlight, key)
		if f.result != nil {
			c.add(f.result)
		}
		c.mu.Unlock()
		close(f.done)
	}()
	e, err := encode()
	if err != nil {
		return nil, err
	}
	e.key = key
	f.result = e
	return e, nil
}

// add stores e, evicting the least recently used entries to stay within
// the bound; an entry larger than the whole bound is not kept. The caller
// holds mu.
func (c *ListCache) add(e *encodedList) {
	if _, ok := c.entries[e.key]; ok || e.size() > c.maxBytes {
		return
	}
	for c.bytes+e.size() > c.maxBytes {
		oldest := c.lru.Back()
		victim := oldest.Value.(*encodedList)
		c.lru.Remove(oldest)
		delete(c.entries, victim.key)
		c.bytes -= victim.size()
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.bytes += e.size()
}

// encodedListAt returns the W3C encodedList of list after update seq,
// encoding it only on a cache miss. A hit charges the query gas the miss's
// store reads cost, so the answer (including running out of gas) does not
// depend on what other queries asked before.
func (k Keeper) encodedListAt(ctx context.Context, list types.StatusList, seq uint64) (string, error) {
	meter := sdk.UnwrapSDKContext(ctx).GasMeter()
	missed := false
	e, err := k.listCache.get(ctx, listVersionKey{number: list.Number, sequence: seq}, func() (*encodedList, error) {
		missed = true
		before := meter.GasConsumed()
		bits, err := k.bitstringAt(ctx, list, seq)
		if err != nil {
			return nil, err
		}
		gas := meter.GasConsumed() - before
		encoded, err := types.EncodeList(bits)
		if err != nil {
			return nil, err
		}
		return &encodedList{encoded: encoded, gas: gas}, nil
	})
	if err != nil {
		return "", err
	}
	if missed {
		k.listCache.misses.Add(1)
	} else {
		k.listCache.hits.Add(1)
		meter.ConsumeGas(e.gas, "status list (cached)")
	}
	return e.encoded, nil
}

// ListCache returns the cache StatusList queries are served from.
func (k Keeper) ListCache() *ListCache { return k.listCache }
