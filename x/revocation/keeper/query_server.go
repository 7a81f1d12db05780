package keeper

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ndi-chain/ndi/internal/grpcerr"
	"github.com/ndi-chain/ndi/internal/pagination"

	didtypes "github.com/ndi-chain/ndi/x/did/types"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

type queryServer struct {
	Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/revocation query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{Keeper: k}
}

// CredentialStatus answers for one index: the version at the time asked
// (one read now, a binary search in the past), the chunk's version then and the index's last change (a few
// direct reads, chunks.go).
func (q queryServer) CredentialStatus(ctx context.Context, req *types.QueryCredentialStatusRequest) (*types.QueryCredentialStatusResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	// Index 0 is a credential like any other, so a missing index must not
	// read as 0: a verifier whose REST call forgot or misspelled ?index=
	// would be told that credential 0 stands, whatever they asked about.
	if req.RequiredIndex == nil {
		return nil, status.Error(codes.InvalidArgument, "index is required (index 0 must be given explicitly)")
	}
	index := req.GetIndex()
	list, seq, err := q.listAt(ctx, req.ListId, req.AtTime)
	if err != nil {
		return nil, err
	}
	if index >= list.SizeBits {
		return nil, grpcerr.Query(types.ErrIndexOutOfRange.Wrapf("index %d ≥ size %d", index, list.SizeBits))
	}
	resp := &types.QueryCredentialStatusResponse{
		ListId: list.Id, Index: index, Purpose: list.Purpose, Sequence: seq,
		ChangedHeight: list.CreatedHeight, ChangedTime: list.Created,
	}
	resp.Status = list.Purpose.StatusWord(false)
	set, changedAt, changed, err := q.indexStatus(ctx, list, index, seq)
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	if !changed {
		return resp, nil
	}
	v, err := q.Versions.Get(ctx, collections.Join(list.Number, changedAt))
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	resp.Set = set
	resp.Status = list.Purpose.StatusWord(resp.Set)
	resp.Changed, resp.ChangedHeight, resp.ChangedTime = true, v.Height, v.Time
	return resp, nil
}

// StatusList returns a list's metadata and W3C encodedList, now or at a
// past time; the encodedList comes from the keeper's ListCache.
func (q queryServer) StatusList(ctx context.Context, req *types.QueryStatusListRequest) (*types.QueryStatusListResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	list, seq, err := q.listAt(ctx, req.ListId, req.AtTime)
	if err != nil {
		return nil, err
	}
	encoded, err := q.encodedListAt(ctx, list, seq)
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	v, err := q.Versions.Get(ctx, collections.Join(list.Number, seq))
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryStatusListResponse{List: list, EncodedList: encoded, Sequence: seq, AsOf: v.Time}, nil
}

// StatusListsByIssuer lists an issuer's lists in id order, at most
// types.MaxPageLimit per page.
func (q queryServer) StatusListsByIssuer(ctx context.Context, req *types.QueryStatusListsByIssuerRequest) (*types.QueryStatusListsByIssuerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	// A malformed (or missing) DID holds no lists; answering an empty page
	// would make a typo look like an issuer without lists.
	if _, err := didtypes.ParseDID(req.IssuerDid); err != nil {
		return nil, grpcerr.Query(errorsmod.Wrap(err, "issuer_did"))
	}
	lists, page, err := query.CollectionPaginate(ctx, q.ListsByIssuer, pagination.Cap(req.Pagination, types.MaxPageLimit),
		func(key collections.Pair[string, string], _ collections.NoValue) (types.StatusList, error) {
			return q.Lists.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[string, string](req.IssuerDid))
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryStatusListsByIssuerResponse{Lists: lists, Pagination: page}, nil
}

// StatusListHistory lists a list's versions in sequence order (0 is its
// creation), at most types.MaxPageLimit per page.
func (q queryServer) StatusListHistory(ctx context.Context, req *types.QueryStatusListHistoryRequest) (*types.QueryStatusListHistoryResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	// A registered error for the missing id, unlike listAt's older plain
	// status: a REST caller that drops the id learns which field is missing
	// and a Go client matches it with errors.Is.
	if req.ListId == "" {
		return nil, grpcerr.Query(types.ErrInvalidListID.Wrap("list_id is required"))
	}
	if _, _, err := types.ParseListID(req.ListId); err != nil {
		return nil, grpcerr.Query(errorsmod.Wrap(err, "list_id"))
	}
	list, err := q.Lists.Get(ctx, req.ListId)
	if errors.Is(err, collections.ErrNotFound) {
		// An unknown list is not a list without history.
		return nil, grpcerr.Query(types.ErrListNotFound.Wrap(req.ListId))
	} else if err != nil {
		return nil, grpcerr.Query(err)
	}
	versions, page, err := query.CollectionPaginate(ctx, q.Versions, pagination.Cap(req.Pagination, types.MaxPageLimit),
		func(_ collections.Pair[uint64, uint64], v types.ListVersion) (types.ListVersion, error) {
			return v, nil
		},
		query.WithCollectionPaginationPairPrefix[uint64, uint64](list.Number))
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryStatusListHistoryResponse{Versions: versions, Pagination: page}, nil
}

// Params returns the parameters.
func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

// listAt returns the list and the sequence in force at t (now when t is
// nil); the metadata returned is as of that sequence.
func (q queryServer) listAt(ctx context.Context, id string, t *time.Time) (types.StatusList, uint64, error) {
	if id == "" {
		return types.StatusList{}, 0, status.Error(codes.InvalidArgument, "list_id is required")
	}
	if _, _, err := types.ParseListID(id); err != nil {
		return types.StatusList{}, 0, grpcerr.Query(errorsmod.Wrap(err, "list_id"))
	}
	list, err := q.Lists.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return list, 0, grpcerr.Query(types.ErrListNotFound.Wrap(id))
	} else if err != nil {
		return list, 0, grpcerr.Query(err)
	}
	if t == nil {
		return list, list.Sequence, nil
	}
	seq, v, ok, err := q.versionAt(ctx, list, *t)
	if err != nil {
		return list, 0, grpcerr.Query(err)
	}
	if !ok {
		return list, 0, grpcerr.Query(types.ErrListNotFound.Wrapf("%s did not exist at %s", id, t.UTC().Format(time.RFC3339)))
	}
	list.Sequence, list.Updated, list.UpdatedHeight = seq, v.Time, v.Height
	return list, seq, nil
}
