package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// RegisterTrustAnchor makes anchor.Did a trust anchor, or replaces the
// scope and expiry of one already registered. The DID must exist and not
// be deactivated, and an expiry must lie ahead. Every registration is kept
// as a version, so the registry can say who was an anchor at any time.
func (k Keeper) RegisterTrustAnchor(ctx context.Context, anchor types.TrustAnchor) error {
	if err := anchor.Validate(); err != nil {
		return err
	}
	now := didtypes.BlockTime(ctx)
	if anchor.ValidUntil != nil && !now.Before(*anchor.ValidUntil) {
		return types.ErrInvalidTrustAnchor.Wrapf("valid_until %s is not after the block time %s", types.FormatTime(*anchor.ValidUntil), types.FormatTime(now))
	}
	if err := k.requireLiveDID(ctx, "trust anchor", anchor.Did); err != nil {
		return err
	}
	return k.appendAnchorVersion(ctx, types.TrustAnchorVersion{Anchor: anchor})
}

// RemoveTrustAnchor ends did's standing as a trust anchor from now on. Its
// past registrations stay in the history.
func (k Keeper) RemoveTrustAnchor(ctx context.Context, did, reason string) error {
	if err := types.ValidateDID("did", did); err != nil {
		return err
	}
	if err := types.ValidateReason(reason); err != nil {
		return err
	}
	latest, n, err := k.latestAnchorVersion(ctx, did)
	if err != nil {
		return err
	}
	if n == 0 || latest.Removed {
		return types.ErrTrustAnchorNotFound.Wrapf("%s is not a registered trust anchor", did)
	}
	return k.appendAnchorVersion(ctx, types.TrustAnchorVersion{Anchor: latest.Anchor, Removed: true, Reason: reason})
}

func (k Keeper) appendAnchorVersion(ctx context.Context, v types.TrustAnchorVersion) error {
	did := v.Anchor.Did
	n, err := k.TrustAnchors.Get(ctx, did)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	v.Time = didtypes.BlockTime(ctx)
	v.Height = sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := k.TrustAnchorVersions.Set(ctx, collections.Join(did, n), v); err != nil {
		return err
	}
	return k.TrustAnchors.Set(ctx, did, n+1)
}

// latestAnchorVersion returns did's latest anchor version and how many it
// has (0, with no version, when did was never registered).
func (k Keeper) latestAnchorVersion(ctx context.Context, did string) (types.TrustAnchorVersion, uint64, error) {
	n, err := k.TrustAnchors.Get(ctx, did)
	if errors.Is(err, collections.ErrNotFound) {
		return types.TrustAnchorVersion{}, 0, nil
	} else if err != nil {
		return types.TrustAnchorVersion{}, 0, err
	}
	v, err := k.TrustAnchorVersions.Get(ctx, collections.Join(did, n-1))
	return v, n, err
}

// AnchorAt returns the registration or removal of did in force at t: the
// latest version written at or before t. found is false when did had never
// been registered by t.
func (k Keeper) AnchorAt(ctx context.Context, did string, t time.Time) (v types.TrustAnchorVersion, found bool, err error) {
	latest, n, err := k.latestAnchorVersion(ctx, did)
	if err != nil || n == 0 || !t.Before(latest.Time) {
		return latest, err == nil && n > 0, err
	}
	// The latest version was written after t: search the ones before it.
	return versionAt(ctx, k.TrustAnchorVersions, did, n-1, t, func(v types.TrustAnchorVersion) time.Time { return v.Time })
}

// anchorProblem says why did was not a trust anchor for the credential
// types at t, or returns "" when it was. The version in force is returned
// for display.
func (k Keeper) anchorProblem(ctx context.Context, did string, t time.Time, typeIDs []string) (types.TrustAnchorVersion, bool, string, error) {
	v, found, err := k.AnchorAt(ctx, did, t)
	if err != nil {
		return v, found, "", err
	}
	switch {
	case !found:
		return v, false, "trust anchor " + did + " was not registered at " + types.FormatTime(t), nil
	case v.Removed:
		return v, true, "trust anchor " + did + " was removed at " + types.FormatTime(v.Time), nil
	case !v.Anchor.ActiveAt(t):
		return v, true, "trust anchor " + did + " expired at " + types.FormatTime(*v.Anchor.ValidUntil), nil
	}
	for _, id := range typeIDs {
		if !v.Anchor.Covers(id) {
			return v, true, "credential type " + id + " not in scope of trust anchor " + did, nil
		}
	}
	return v, true, "", nil
}

// activeAnchor returns did's registration when did is a trust anchor now.
func (k Keeper) activeAnchor(ctx context.Context, did string) (types.TrustAnchor, error) {
	now := didtypes.BlockTime(ctx)
	v, _, problem, err := k.anchorProblem(ctx, did, now, nil)
	if err != nil {
		return types.TrustAnchor{}, err
	}
	if problem != "" {
		return types.TrustAnchor{}, types.ErrNotTrustAnchor.Wrap(problem)
	}
	return v.Anchor, nil
}
