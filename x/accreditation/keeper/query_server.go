package keeper

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ndi-chain/ndi/internal/grpcerr"
	"github.com/ndi-chain/ndi/internal/pagination"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

type queryServer struct {
	Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/accreditation query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{Keeper: k}
}

func (q queryServer) VerifyIssuer(ctx context.Context, req *types.QueryVerifyIssuerRequest) (*types.QueryVerifyIssuerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	res, err := q.Keeper.VerifyIssuer(ctx, req.IssuerDid, req.CredentialTypeId, req.AtTime)
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return res, nil
}

func (q queryServer) Accreditation(ctx context.Context, req *types.QueryAccreditationRequest) (*types.QueryAccreditationResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, _, err := types.ParseAccreditationID(req.Id); err != nil {
		return nil, grpcerr.Query(err)
	}
	t := didtypes.BlockTime(ctx)
	if req.AtTime != nil {
		t = req.AtTime.UTC()
	} else if _, err := q.Keeper.Accreditation(ctx, req.Id); err != nil {
		return nil, grpcerr.Query(err)
	}
	v, found, err := q.AccreditationAt(ctx, req.Id, t)
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	if !found {
		return nil, grpcerr.Query(types.ErrAccreditationNotFound.Wrapf("%s did not exist at %s", req.Id, types.FormatTime(t)))
	}
	return &types.QueryAccreditationResponse{Accreditation: v.Record, Time: v.Time, Height: v.Height}, nil
}

func (q queryServer) AccreditationHistory(ctx context.Context, req *types.QueryAccreditationHistoryRequest) (*types.QueryAccreditationHistoryResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, _, err := types.ParseAccreditationID(req.Id); err != nil {
		return nil, grpcerr.Query(err)
	}
	if _, err := q.Keeper.Accreditation(ctx, req.Id); err != nil {
		return nil, grpcerr.Query(err)
	}
	versions, page, err := query.CollectionPaginate(ctx, q.AccreditationVersions, pagination.Cap(req.Pagination, types.MaxPageLimit),
		func(_ collections.Pair[string, uint64], v types.AccreditationVersion) (types.AccreditationVersion, error) {
			return v, nil
		},
		query.WithCollectionPaginationPairPrefix[string, uint64](req.Id))
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryAccreditationHistoryResponse{Versions: versions, Pagination: page}, nil
}

func (q queryServer) AccreditationsBySubject(ctx context.Context, req *types.QueryAccreditationsBySubjectRequest) (*types.QueryAccreditationsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	return q.accreditationsByIndex(ctx, q.Accreditations.Indexes.BySubject, req.Did, req.Pagination)
}

func (q queryServer) AccreditationsByAccreditor(ctx context.Context, req *types.QueryAccreditationsByAccreditorRequest) (*types.QueryAccreditationsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	return q.accreditationsByIndex(ctx, q.Accreditations.Indexes.ByAccreditor, req.Did, req.Pagination)
}

type didIndex interface {
	query.Collection[collections.Pair[string, string], collections.NoValue]
}

func (q queryServer) accreditationsByIndex(ctx context.Context, index didIndex, did string, page *query.PageRequest) (*types.QueryAccreditationsResponse, error) {
	if err := types.ValidateDID("did", did); err != nil {
		return nil, grpcerr.Query(err)
	}
	list, pageRes, err := query.CollectionPaginate(ctx, index, pagination.Cap(page, types.MaxPageLimit),
		func(key collections.Pair[string, string], _ collections.NoValue) (types.Accreditation, error) {
			return q.Accreditations.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[string, string](did))
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryAccreditationsResponse{Accreditations: list, Pagination: pageRes}, nil
}

func (q queryServer) TrustAnchor(ctx context.Context, req *types.QueryTrustAnchorRequest) (*types.QueryTrustAnchorResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := types.ValidateDID("did", req.Did); err != nil {
		return nil, grpcerr.Query(err)
	}
	t := q.at(ctx, req.AtTime)
	v, found, problem, err := q.anchorProblem(ctx, req.Did, t, nil)
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	if !found {
		return nil, grpcerr.Query(types.ErrTrustAnchorNotFound.Wrap(problem))
	}
	return &types.QueryTrustAnchorResponse{Version: v, Active: problem == ""}, nil
}

func (q queryServer) TrustAnchors(ctx context.Context, req *types.QueryTrustAnchorsRequest) (*types.QueryTrustAnchorsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	t := q.at(ctx, req.AtTime)
	// The version in force at t is read once in the predicate and reused.
	inForce := map[string]types.TrustAnchorVersion{}
	anchors, page, err := query.CollectionFilteredPaginate(ctx, q.Keeper.TrustAnchors, pagination.Cap(req.Pagination, types.MaxPageLimit),
		func(did string, _ uint64) (bool, error) {
			v, found, err := q.AnchorAt(ctx, did, t)
			if err != nil || !found || v.Removed {
				return false, err
			}
			inForce[did] = v
			return true, nil
		},
		func(did string, _ uint64) (types.TrustAnchorVersion, error) {
			return inForce[did], nil
		})
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryTrustAnchorsResponse{Anchors: anchors, Pagination: page}, nil
}

func (q queryServer) CredentialType(ctx context.Context, req *types.QueryCredentialTypeRequest) (*types.QueryCredentialTypeResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, _, err := types.ParseCredentialTypeID(req.Id); err != nil {
		return nil, grpcerr.Query(err)
	}
	ct, err := q.credentialType(ctx, req.Id)
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryCredentialTypeResponse{CredentialType: ct}, nil
}

func (q queryServer) CredentialTypes(ctx context.Context, req *types.QueryCredentialTypesRequest) (*types.QueryCredentialTypesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	list, page, err := query.CollectionPaginate(ctx, q.Keeper.CredentialTypes, pagination.Cap(req.Pagination, types.MaxPageLimit),
		func(_ string, ct types.CredentialType) (types.CredentialType, error) { return ct, nil })
	if err != nil {
		return nil, grpcerr.Query(err)
	}
	return &types.QueryCredentialTypesResponse{CredentialTypes: list, Pagination: page}, nil
}

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

// at is the time a query asks about: at_time, or the latest block time.
func (q queryServer) at(ctx context.Context, at *time.Time) time.Time {
	if at != nil {
		return at.UTC()
	}
	return didtypes.BlockTime(ctx)
}
