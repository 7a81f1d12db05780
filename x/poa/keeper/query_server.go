package keeper

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ndi-chain/ndi/x/poa/types"
)

type queryServer struct {
	Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the x/poa query service.
func NewQueryServerImpl(k Keeper) types.QueryServer {
	return queryServer{Keeper: k}
}

// Validators lists every validator x/staking knows, in operator order, with
// its consensus power. The set is small (tens of institutions), so it is
// returned whole.
func (q queryServer) Validators(ctx context.Context, req *types.QueryValidatorsRequest) (*types.QueryValidatorsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	validators, err := q.stakingKeeper.GetAllValidators(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	reduction := q.stakingKeeper.PowerReduction(ctx)
	resp := &types.QueryValidatorsResponse{Validators: make([]types.AllowedValidator, 0, len(validators))}
	for _, v := range validators {
		power := v.PotentialConsensusPower(reduction)
		resp.Validators = append(resp.Validators, types.AllowedValidator{
			Operator: v.OperatorAddress,
			Moniker:  v.Description.Moniker,
			Power:    power,
			Status:   v.Status.String(),
			Jailed:   v.Jailed,
		})
		if v.IsBonded() && !v.Jailed {
			resp.TotalPower += power
		}
	}
	return resp, nil
}

func (q queryServer) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: params}, nil
}
