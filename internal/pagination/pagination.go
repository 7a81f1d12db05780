// Package pagination bounds the pages the NDI query servers return, so no
// request can make a node read and send a whole list at once.
package pagination

import "github.com/cosmos/cosmos-sdk/types/query"

// Cap returns req with its limit bounded by limit. An absent request or a
// zero limit is left to the SDK's default page (100), which every caller's
// limit is at least. The caller's request is not changed.
func Cap(req *query.PageRequest, limit uint64) *query.PageRequest {
	if req == nil || req.Limit <= limit {
		return req
	}
	capped := *req
	capped.Limit = limit
	return &capped
}
