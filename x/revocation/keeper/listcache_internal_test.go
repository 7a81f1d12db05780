package keeper

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

func entryOf(n int) func() (*encodedList, error) {
	return func() (*encodedList, error) {
		return &encodedList{encoded: strings.Repeat("u", n)}, nil
	}
}

// Least recently used entries go first, the bytes held never exceed the
// bound, and an entry larger than the bound is answered but not kept.
func TestListCacheEvictionKeepsTheByteBound(t *testing.T) {
	const entry = 1000
	size := entry + listCacheEntryOverhead
	c := NewListCache(3 * size)
	ctx := context.Background()
	key := func(n uint64) listVersionKey { return listVersionKey{number: 1, sequence: n} }
	for n := range uint64(3) {
		_, err := c.get(ctx, key(n), entryOf(entry))
		require.NoError(t, err)
	}
	require.Equal(t, 3, c.Len())
	require.Equal(t, 3*size, c.Bytes())

	// Touch 0, so 1 is now the least recently used.
	_, err := c.get(ctx, key(0), func() (*encodedList, error) { t.Fatal("0 is cached"); return nil, nil })
	require.NoError(t, err)
	_, err = c.get(ctx, key(3), entryOf(entry))
	require.NoError(t, err)
	require.Equal(t, 3, c.Len())
	require.LessOrEqual(t, c.Bytes(), 3*size)
	require.Contains(t, c.entries, key(0))
	require.NotContains(t, c.entries, key(1))

	// A bigger entry evicts as many as it needs.
	_, err = c.get(ctx, key(4), entryOf(2*entry))
	require.NoError(t, err)
	require.LessOrEqual(t, c.Bytes(), 3*size)
	require.Equal(t, 2, c.Len())

	// Too big to keep: answered, nothing evicted.
	e, err := c.get(ctx, key(5), entryOf(4*size))
	require.NoError(t, err)
	require.Len(t, e.encoded, 4*size)
	require.Equal(t, 2, c.Len())
	require.NotContains(t, c.entries, key(5))

	off := NewListCache(0)
	_, err = off.get(ctx, key(0), entryOf(1))
	require.NoError(t, err)
	require.Zero(t, off.Len(), "a zero bound disables caching")
}

// Concurrent misses on one version encode it once; the others wait and get
// the same entry. Run with -race.
func TestListCacheConcurrentMissesEncodeOnce(t *testing.T) {
	c := NewListCache(DefaultListCacheBytes)
	var encodes atomic.Int32
	release := make(chan struct{})
	encode := func() (*encodedList, error) {
		encodes.Add(1)
		<-release
		return &encodedList{encoded: "uH4sI"}, nil
	}
	const readers = 32
	got := make([]*encodedList, readers)
	var wg sync.WaitGroup
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := c.get(context.Background(), listVersionKey{number: 7, sequence: 1}, encode)
			if err == nil {
				got[i] = e
			}
		}()
	}
	close(release)
	wg.Wait()
	require.Equal(t, int32(1), encodes.Load())
	for i := range readers {
		require.Same(t, got[0], got[i])
	}
	require.Equal(t, 1, c.Len())
}

// A failed encoding is not cached and is not handed to anyone else.
func TestListCacheFailuresAreNotShared(t *testing.T) {
	c := NewListCache(DefaultListCacheBytes)
	errDisk := errors.New("disk")
	key := listVersionKey{number: 1, sequence: 1}
	_, err := c.get(context.Background(), key, func() (*encodedList, error) { return nil, errDisk })
	require.ErrorIs(t, err, errDisk)
	require.Zero(t, c.Len())
	require.Empty(t, c.inFlight)

	func() {
		defer func() { require.NotNil(t, recover()) }()
		_, _ = c.get(context.Background(), key, func() (*encodedList, error) { panic("out of gas") })
	}()
	require.Empty(t, c.inFlight, "a panicking encoding releases its waiters")

	e, err := c.get(context.Background(), key, entryOf(3))
	require.NoError(t, err)
	require.Equal(t, "uuu", e.encoded)
	require.Equal(t, 1, c.Len())
}
