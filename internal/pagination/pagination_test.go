package pagination_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ndi-chain/ndi/internal/pagination"
)

func TestCap(t *testing.T) {
	require.Nil(t, pagination.Cap(nil, 200), "absent: the SDK's default page")
	req := &query.PageRequest{Key: []byte("k"), Limit: 1_000_000, CountTotal: true}
	capped := pagination.Cap(req, 200)
	require.Equal(t, &query.PageRequest{Key: []byte("k"), Limit: 200, CountTotal: true}, capped)
	require.Equal(t, uint64(1_000_000), req.Limit, "the caller's request is not changed")
	small := &query.PageRequest{Limit: 7}
	require.Same(t, small, pagination.Cap(small, 200))
}
