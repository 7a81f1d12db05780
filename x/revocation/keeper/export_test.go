package keeper

// Purge empties the cache, so benchmarks can measure misses.
func (c *ListCache) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Init()
	clear(c.entries)
	c.bytes = 0
}
