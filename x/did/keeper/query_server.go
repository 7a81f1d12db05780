package keeper

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ndi-chain/ndi/internal/grpcerr"
	"github.com/ndi-chain/ndi/internal/pagination"

	"github.com/ndi-chain/ndi/x/did/types"
)

type queryServer struct {
	Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/did query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{Keeper: k}
}

// Did resolves a DID at its latest version, at version_id, or at the
// version in force at version_time.
func (q queryServer) Did(ctx context.Context, req *types.QueryDidRequest) (*types.QueryDidResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.VersionId != "" && req.VersionTime != nil {
		return nil, status.Error(codes.InvalidArgument, "give version_id or version_time, not both")
	}
	state, err := q.state(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	var seq uint64
	switch {
	case req.VersionId != "":
		seq, err = q.seqByVersionID(ctx, req.Id, req.VersionId)
	case req.VersionTime != nil:
		seq, err = q.seqAtTime(ctx, req.Id, state, *req.VersionTime)
	default:
		seq = state.Versions - 1
	}
	if err != nil {
		return nil, err
	}
	return q.resolve(ctx, req.Id, state, seq)
}

// DidVersion returns one version by id.
func (q queryServer) DidVersion(ctx context.Context, req *types.QueryDidVersionRequest) (*types.QueryDidResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.VersionId == "" {
		return nil, status.Error(codes.InvalidArgument, "version_id is required")
	}
	state, err := q.state(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	seq, err := q.seqByVersionID(ctx, req.Id, req.VersionId)
	if err != nil {
		return nil, err
	}
	return q.resolve(ctx, req.Id, state, seq)
}

// DidVersions lists a DID's versions, oldest first.
func (q queryServer) DidVersions(ctx context.Context, req *types.QueryDidVersionsRequest) (*types.QueryDidVersionsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	state, err := q.state(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	versions, page, err := query.CollectionPaginate(ctx, q.Versions, pagination.Cap(req.Pagination, MaxPageLimit),
		func(key collections.Pair[string, uint64], _ types.DidVersion) (types.QueryDidResponse, error) {
			r, err := q.resolve(ctx, req.Id, state, key.K2())
			if err != nil {
				return types.QueryDidResponse{}, err
			}
			return *r, nil
		},
		query.WithCollectionPaginationPairPrefix[string, uint64](req.Id))
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryDidVersionsResponse{Versions: versions, Pagination: page}, nil
}

// MaxPageLimit bounds every page DidVersions returns: a version carries a
// document of up to max_document_bytes, so an unbounded page could make a
// node read and send every version of a DID for one request.
const MaxPageLimit = 100

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

func (q queryServer) state(ctx context.Context, id string) (types.DidState, error) {
	if _, err := types.ParseDID(id); err != nil {
		return types.DidState{}, grpcerr.Query(err)
	}
	state, err := q.Dids.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return state, grpcerr.Query(types.ErrDidNotFound.Wrap(id))
	} else if err != nil {
		return state, grpcerr.Query(err)
	}
	return state, nil
}

func (q queryServer) seqByVersionID(ctx context.Context, id, versionID string) (uint64, error) {
	seq, err := q.VersionIndex.Get(ctx, collections.Join(id, versionID))
	if errors.Is(err, collections.ErrNotFound) {
		return 0, grpcerr.Query(types.ErrVersionNotFound.Wrapf("%s has no version %q", id, versionID))
	} else if err != nil {
		return 0, grpcerr.Query(err)
	}
	return seq, nil
}

// seqAtTime finds the latest version written at or before t (SeqAt).
func (q queryServer) seqAtTime(ctx context.Context, id string, state types.DidState, t time.Time) (uint64, error) {
	seq, found, err := q.SeqAt(ctx, id, state, t)
	if err != nil {
		return 0, grpcerr.Query(err)
	}
	if !found {
		return 0, grpcerr.Query(types.ErrVersionNotFound.Wrapf("%s did not exist at %s", id, t.UTC().Format(time.RFC3339)))
	}
	return seq, nil
}

// resolve returns version seq of id with its DID Core metadata.
func (q queryServer) resolve(ctx context.Context, id string, state types.DidState, seq uint64) (*types.QueryDidResponse, error) {
	v, err := q.Versions.Get(ctx, collections.Join(id, seq))
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	created := v.Time
	if seq > 0 {
		first, err := q.Versions.Get(ctx, collections.Join(id, uint64(0)))
		if err != nil {
			return nil, grpcerr.Query(err)
		}
		created = first.Time
	}
	md := types.DidDocumentMetadata{Created: created, VersionId: v.VersionId, Deactivated: v.Deactivated}
	if seq > 0 {
		updated := v.Time
		md.Updated = &updated
	}
	if seq+1 < state.Versions {
		next, err := q.Versions.Get(ctx, collections.Join(id, seq+1))
		if err != nil {
			return nil, grpcerr.Query(err)
		}
		nextTime := next.Time
		md.NextUpdate = &nextTime
		md.NextVersionId = next.VersionId
	}
	return &types.QueryDidResponse{Document: v.Document, Metadata: md}, nil
}
