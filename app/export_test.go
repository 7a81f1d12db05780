package app

// SigCacheLen is the number of account signatures the ante handler's cache
// holds, for tests that tell a cache hit from a miss.
func (app *App) SigCacheLen() int { return app.sigCache.len() }
