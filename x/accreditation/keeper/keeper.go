// Package keeper implements x/accreditation: credential types and trust
// anchors, accreditation chains from anchors down to issuers with every
// version kept, and the verifier's question — was this DID accredited to
// issue this type at that time — answered with the chain that proves it.
package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// AccreditationIndexes find accreditations by the DID they accredit and by
// the DID that granted them; both iterate in id order.
type AccreditationIndexes struct {
	BySubject    *indexes.Multi[string, string, types.Accreditation]
	ByAccreditor *indexes.Multi[string, string, types.Accreditation]
}

// IndexesList lists the indexes for collections.IndexedMap.
func (i AccreditationIndexes) IndexesList() []collections.Index[string, types.Accreditation] {
	return []collections.Index[string, types.Accreditation]{i.BySubject, i.ByAccreditor}
}

// Keeper holds x/accreditation state.
type Keeper struct {
	cdc       codec.BinaryCodec
	authority string
	didKeeper types.DidKeeper

	Schema collections.Schema
	Params collections.Item[types.Params]
	// CredentialTypes holds every credential type by id. Types are never removed.
	CredentialTypes collections.Map[string, types.CredentialType]
	// TrustAnchors holds, per DID ever registered, how many anchor versions
	// (registrations and removals) it has; the latest is versions-1.
	TrustAnchors collections.Map[string, uint64]
	// TrustAnchorVersions holds every registration and removal, keyed by (DID, sequence).
	TrustAnchorVersions collections.Map[collections.Pair[string, uint64], types.TrustAnchorVersion]
	// Accreditations holds the current record of every accreditation.
	Accreditations *collections.IndexedMap[string, types.Accreditation, AccreditationIndexes]
	// AccreditationVersions holds every version, keyed by (id, version).
	AccreditationVersions collections.Map[collections.Pair[string, uint64], types.AccreditationVersion]
}

// NewKeeper builds the keeper. authority (the gov module account on a real
// network) manages trust anchors and parameters and may act on any
// accreditation without a DID signature.
func NewKeeper(cdc codec.BinaryCodec, storeService store.KVStoreService, authority string, didKeeper types.DidKeeper) Keeper {
	sb := collections.NewSchemaBuilder(storeService)
	accreditationValue := codec.CollValue[types.Accreditation](cdc)
	k := Keeper{
		cdc:       cdc,
		authority: authority,
		didKeeper: didKeeper,
		Params:    collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		CredentialTypes: collections.NewMap(sb, types.CredentialTypesKey, "credential_types",
			collections.StringKey, codec.CollValue[types.CredentialType](cdc)),
		TrustAnchors: collections.NewMap(sb, types.TrustAnchorsKey, "trust_anchors",
			collections.StringKey, collections.Uint64Value),
		TrustAnchorVersions: collections.NewMap(sb, types.TrustAnchorVersionsKey, "trust_anchor_versions",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), codec.CollValue[types.TrustAnchorVersion](cdc)),
		Accreditations: collections.NewIndexedMap(sb, types.AccreditationsKey, "accreditations",
			collections.StringKey, accreditationValue, AccreditationIndexes{
				BySubject: indexes.NewMulti(sb, types.AccreditationsBySubject, "accreditations_by_subject",
					collections.StringKey, collections.StringKey,
					func(_ string, a types.Accreditation) (string, error) { return a.SubjectDid, nil }),
				ByAccreditor: indexes.NewMulti(sb, types.AccreditationsByAccreditor, "accreditations_by_accreditor",
					collections.StringKey, collections.StringKey,
					func(_ string, a types.Accreditation) (string, error) { return a.AccreditorDid, nil }),
			}),
		AccreditationVersions: collections.NewMap(sb, types.AccreditationVersionsKey, "accreditation_versions",
			collections.PairKeyCodec(collections.StringKey, collections.Uint64Key), codec.CollValue[types.AccreditationVersion](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority returns the address that manages anchors and parameters.
func (k Keeper) Authority() string { return k.authority }

// GetParams returns the parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// requireLiveDID checks that did exists and is not deactivated now.
func (k Keeper) requireLiveDID(ctx context.Context, field, did string) error {
	_, deactivated, err := k.didKeeper.CurrentDocument(ctx, did)
	if errors.Is(err, didtypes.ErrDidNotFound) {
		return types.ErrDidNotFound.Wrapf("%s %s does not exist", field, did)
	} else if err != nil {
		return err
	}
	if deactivated {
		return types.ErrDidDeactivated.Wrapf("%s %s is deactivated", field, did)
	}
	return nil
}
