package keeper

import (
	"bytes"
	"context"

	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/did/types"
)

// CreateDid stores the first version of a DID. The document must be valid,
// its unique-id derived from its first key (so nobody can claim another's
// id), the id never used before, and the subject and every controller must
// sign with a key that may change the document.
func (k Keeper) CreateDid(ctx context.Context, payload types.CreateDidPayload, sigs []types.DidSignature) (string, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return "", err
	}
	doc := &payload.Document
	if err := types.ValidateDocument(doc, params); err != nil {
		return "", err
	}
	if err := types.CheckSelfCertifying(doc); err != nil {
		return "", err
	}
	if has, err := k.Dids.Has(ctx, doc.Id); err != nil {
		return "", err
	} else if has {
		return "", types.ErrDidExists.Wrapf("%s was created before; a DID id is never reused, even after deactivation", doc.Id)
	}
	signBytes, err := k.signBytes(ctx, &payload)
	if err != nil {
		return "", err
	}
	verified, err := k.verifySignatures(ctx, signatureContext{subject: doc.Id, newDoc: doc}, signBytes, sigs)
	if err != nil {
		return "", err
	}
	if err := requireProofOfPossession(verified, doc); err != nil {
		return "", err
	}
	if err := requireSigner(verified, doc.Id, doc, types.RoleAuthorize, "the subject of a new DID"); err != nil {
		return "", err
	}
	for _, c := range doc.Controller {
		cdoc, err := k.controllerDocument(ctx, doc.Id, doc, c)
		if err != nil {
			return "", err
		}
		if err := requireSigner(verified, c, cdoc, types.RoleAuthorize, "a controller of the new DID"); err != nil {
			return "", err
		}
	}
	if err := k.requireForeignKeySigners(ctx, verified, &types.DidDocument{}, doc); err != nil {
		return "", err
	}
	return k.appendVersion(ctx, *doc, false)
}

// UpdateDid stores a new version of a DID. The signers must have seen the
// latest version (expected_version_id), every controller of the current and
// of the new document must sign, and a changed or added key controlled by
// another DID needs that DID's signature too.
func (k Keeper) UpdateDid(ctx context.Context, payload types.UpdateDidPayload, sigs []types.DidSignature) (string, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return "", err
	}
	newDoc := &payload.Document
	if err := types.ValidateDocument(newDoc, params); err != nil {
		return "", err
	}
	current, err := k.changeableVersion(ctx, newDoc.Id, payload.ExpectedVersionId)
	if err != nil {
		return "", err
	}
	currentDoc := &current.Document
	signBytes, err := k.signBytes(ctx, &payload)
	if err != nil {
		return "", err
	}
	sc := signatureContext{subject: newDoc.Id, currentDoc: currentDoc, newDoc: newDoc}
	verified, err := k.verifySignatures(ctx, sc, signBytes, sigs)
	if err != nil {
		return "", err
	}
	for _, c := range currentDoc.Controllers() {
		cdoc, err := k.controllerDocument(ctx, newDoc.Id, currentDoc, c)
		if err != nil {
			return "", err
		}
		if err := requireSigner(verified, c, cdoc, types.RoleAuthorize, "a controller of the current document"); err != nil {
			return "", err
		}
	}
	for _, c := range newDoc.Controllers() {
		cdoc, err := k.controllerDocument(ctx, newDoc.Id, newDoc, c)
		if err != nil {
			return "", err
		}
		if err := requireSigner(verified, c, cdoc, types.RoleAuthorize, "a controller of the new document"); err != nil {
			return "", err
		}
	}
	if err := k.requireForeignKeySigners(ctx, verified, currentDoc, newDoc); err != nil {
		return "", err
	}
	return k.appendVersion(ctx, *newDoc, false)
}

// DeactivateDid stores a final version marking the DID deactivated. One
// controller of the current document must sign.
func (k Keeper) DeactivateDid(ctx context.Context, payload types.DeactivateDidPayload, sigs []types.DidSignature) (string, error) {
	if _, err := types.ParseDID(payload.Id); err != nil {
		return "", err
	}
	current, err := k.changeableVersion(ctx, payload.Id, payload.ExpectedVersionId)
	if err != nil {
		return "", err
	}
	currentDoc := &current.Document
	signBytes, err := k.signBytes(ctx, &payload)
	if err != nil {
		return "", err
	}
	verified, err := k.verifySignatures(ctx, signatureContext{subject: payload.Id, currentDoc: currentDoc}, signBytes, sigs)
	if err != nil {
		return "", err
	}
	var firstErr error
	for _, c := range currentDoc.Controllers() {
		cdoc, err := k.controllerDocument(ctx, payload.Id, currentDoc, c)
		if err == nil {
			err = requireSigner(verified, c, cdoc, types.RoleAuthorize, "a controller of the DID")
		}
		if err == nil {
			return k.appendVersion(ctx, *currentDoc, true)
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return "", firstErr
}

// AuthorizeAssertion checks that did (existing, not deactivated) signed
// payload, on this chain, with an assertionMethod key, and that every given
// signature verifies. x/accreditation and x/revocation authorize their
// messages through this, so DID signatures, and the bytes they cover
// (SignBytes with the context's chain id), are checked in one place.
func (k Keeper) AuthorizeAssertion(ctx context.Context, did string, payload proto.Message, sigs []types.DidSignature) error {
	doc, deactivated, err := k.CurrentDocument(ctx, did)
	if err != nil {
		return err
	}
	if deactivated {
		return types.ErrDidDeactivated.Wrapf("%s is deactivated", did)
	}
	signBytes, err := k.signBytes(ctx, payload)
	if err != nil {
		return err
	}
	verified, err := k.verifySignatures(ctx, signatureContext{subject: did, currentDoc: &doc}, signBytes, sigs)
	if err != nil {
		return err
	}
	return requireSigner(verified, did, &doc, types.RoleAssert, "the issuer of this statement")
}

// changeableVersion returns the latest version of did when it can still be
// changed: it exists, is not deactivated, and is the version the signers saw.
func (k Keeper) changeableVersion(ctx context.Context, did, expectedVersionID string) (types.DidVersion, error) {
	state, latest, err := k.Latest(ctx, did)
	if err != nil {
		return latest, err
	}
	if state.Deactivated {
		return latest, types.ErrDidDeactivated.Wrapf("%s is deactivated and can never change again", did)
	}
	if expectedVersionID != latest.VersionId {
		return latest, types.ErrVersionMismatch.Wrapf("expected_version_id %q, latest is %q: resolve the DID again and re-sign", expectedVersionID, latest.VersionId)
	}
	return latest, nil
}

func (k Keeper) signBytes(ctx context.Context, payload proto.Message) ([]byte, error) {
	return types.SignBytes(sdk.UnwrapSDKContext(ctx).ChainID(), payload)
}

// requireForeignKeySigners checks that every DID other than the subject
// that controls a key newDoc adds or changes relative to current signed:
// nobody may put a key into a document in another DID's name. On create,
// current is empty, so every foreign key needs its controller.
func (k Keeper) requireForeignKeySigners(ctx context.Context, verified []verifiedKey, current, newDoc *types.DidDocument) error {
	for _, owner := range foreignKeyControllers(current, newDoc) {
		cdoc, err := k.controllerDocument(ctx, newDoc.Id, newDoc, owner)
		if err != nil {
			return err
		}
		if err := requireSigner(verified, owner, cdoc, types.RoleAuthorize, "it controls a key this document adds or changes"); err != nil {
			return err
		}
	}
	return nil
}

// requireProofOfPossession checks that a new DID is signed by its first
// verification method, the key its unique-id is derived from. Without it,
// anyone who knows a public key could register the DID derived from it with
// their own key beside it, and the key's holder could never claim it.
func requireProofOfPossession(verified []verifiedKey, doc *types.DidDocument) error {
	first := doc.VerificationMethod[0]
	key, err := types.MethodKey(first)
	if err != nil {
		return err
	}
	for _, v := range verified {
		if v.owner == doc.Id && v.methodID == first.Id && bytes.Equal(v.key, key.Bytes) {
			return nil
		}
	}
	return types.ErrNoProofOfPossession.Wrapf("%s: no signature by verificationMethod[0] %s", doc.Id, first.Id)
}

// foreignKeyControllers lists, once each and in document order, the
// controllers other than the subject of keys that newDoc adds or changes
// relative to current.
func foreignKeyControllers(current, newDoc *types.DidDocument) []string {
	var owners []string
	seen := map[string]bool{}
	for _, vm := range newDoc.AllMethods() {
		if vm.Controller == newDoc.Id || seen[vm.Controller] {
			continue
		}
		old, ok := current.FindMethod(vm.Id)
		if ok && old.SameAs(vm) {
			continue
		}
		seen[vm.Controller] = true
		owners = append(owners, vm.Controller)
	}
	return owners
}
