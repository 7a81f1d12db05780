package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// RegisterCredentialType defines a credential type. Its owner must be a
// trust anchor now, the new id (<owner>/types/<name>) inside the anchor's
// scope, and the owner must sign with an assertionMethod key. An id is
// defined once.
func (k Keeper) RegisterCredentialType(ctx context.Context, payload types.RegisterCredentialTypePayload, sigs []didtypes.DidSignature) (types.CredentialType, error) {
	ct := payload.CredentialType
	if ct.Id == "" {
		ct.Id = types.CredentialTypeID(ct.OwnerDid, ct.Name)
	}
	if err := ct.Validate(); err != nil {
		return ct, err
	}
	if has, err := k.CredentialTypes.Has(ctx, ct.Id); err != nil {
		return ct, err
	} else if has {
		return ct, types.ErrCredentialTypeExists.Wrapf("%s is already defined; a credential type id is registered once", ct.Id)
	}
	if err := k.requireLiveDID(ctx, "owner_did", ct.OwnerDid); err != nil {
		return ct, err
	}
	anchor, err := k.activeAnchor(ctx, ct.OwnerDid)
	if err != nil {
		return ct, err
	}
	if !anchor.Covers(ct.Id) {
		return ct, types.ErrOutOfAnchorScope.Wrapf("%s is not in the scope of trust anchor %s", ct.Id, ct.OwnerDid)
	}
	if err := k.didKeeper.AuthorizeAssertion(ctx, ct.OwnerDid, &payload, sigs); err != nil {
		return ct, err
	}
	return ct, k.CredentialTypes.Set(ctx, ct.Id, ct)
}

// credentialType returns a registered credential type.
func (k Keeper) credentialType(ctx context.Context, id string) (types.CredentialType, error) {
	ct, err := k.CredentialTypes.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return ct, types.ErrCredentialTypeNotFound.Wrapf("%s is not a registered credential type", id)
	}
	return ct, err
}
