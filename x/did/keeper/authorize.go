package keeper

import (
	"bytes"
	"context"
	"errors"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/did/types"
)

// verifiedKey is a signature that verified: who signed (the DID owning the
// method), with which method, and the key's bytes.
type verifiedKey struct {
	owner    string
	methodID string
	key      []byte
}

// signatureContext says where keys come from while checking one message:
// the subject's current document (nil on create) and the document carried
// in the payload (nil on deactivate). Other DIDs' keys always come from
// their latest stored document.
type signatureContext struct {
	subject    string
	currentDoc *types.DidDocument
	newDoc     *types.DidDocument
}

// verifySignatures checks every signature over signBytes and returns the
// keys that signed. One bad signature fails the whole message: a signer
// cannot slip in an unverifiable signature beside valid ones.
//
// Signature work is priced before it is done: the count is capped and
// duplicates refused before anything is read, and each verification's gas
// (per algorithm, params.sig_verify_gas_*) is consumed before it runs, so a
// message stuffed with signatures runs out of gas or is refused, never
// verified for free.
func (k Keeper) verifySignatures(ctx context.Context, sc signatureContext, signBytes []byte, sigs []types.DidSignature) ([]verifiedKey, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkSignatureList(sigs, params.MaxSignatures); err != nil {
		return nil, err
	}
	gasMeter := sdk.UnwrapSDKContext(ctx).GasMeter()
	verified := make([]verifiedKey, 0, len(sigs))
	for i, sig := range sigs {
		owner, _, err := types.SplitDIDURL(sig.VerificationMethodId)
		if err != nil {
			return nil, errorsmod.Wrapf(types.ErrInvalidSignature, "signatures[%d]: %s", i, err)
		}
		source, err := k.keySourceDocument(ctx, sc, owner, sig.KeySource)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "signatures[%d]", i)
		}
		vm, ok := source.FindMethod(sig.VerificationMethodId)
		if !ok {
			return nil, types.ErrUnknownMethod.Wrapf("signatures[%d]: %s is not in the %s document of %s",
				i, sig.VerificationMethodId, sig.KeySource.Document(), owner)
		}
		key, err := types.MethodKey(vm)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "signatures[%d]: key of %s", i, vm.Id)
		}
		gasMeter.ConsumeGas(params.SigVerifyGas(key.Algorithm), "ndi did signature verification: "+key.Algorithm.String())
		if err := key.Verify(signBytes, sig.Signature); err != nil {
			return nil, errorsmod.Wrapf(types.ErrInvalidSignature, "signatures[%d] by %s: %s", i, vm.Id, err)
		}
		verified = append(verified, verifiedKey{owner: owner, methodID: vm.Id, key: key.Bytes})
	}
	return verified, nil
}

// checkSignatureList refuses more than max signatures, and a signature
// repeated (the same method from the same document): one key signs a
// message once, whatever the number of copies.
func checkSignatureList(sigs []types.DidSignature, maxSigs uint32) error {
	if len(sigs) > int(maxSigs) {
		return types.ErrTooManySignatures.Wrapf("signatures: %d given, limit max_signatures is %d", len(sigs), maxSigs)
	}
	for i := range sigs {
		for j := range i {
			if sigs[i].VerificationMethodId == sigs[j].VerificationMethodId && sigs[i].KeySource == sigs[j].KeySource {
				return types.ErrDuplicateSignature.Wrapf("signatures[%d] repeats signatures[%d] (%s from the %s document)",
					i, j, sigs[i].VerificationMethodId, sigs[i].KeySource.Document())
			}
		}
	}
	return nil
}

// keySourceDocument returns the document a signature's method is read from.
func (k Keeper) keySourceDocument(ctx context.Context, sc signatureContext, owner string, source types.KeySource) (*types.DidDocument, error) {
	if owner == sc.subject {
		switch source {
		case types.KEY_SOURCE_NEW:
			if sc.newDoc == nil {
				return nil, types.ErrInvalidKeySource.Wrap("KEY_SOURCE_NEW: this message carries no new document")
			}
			return sc.newDoc, nil
		case types.KEY_SOURCE_CURRENT:
			if sc.currentDoc == nil {
				return nil, types.ErrInvalidKeySource.Wrapf("KEY_SOURCE_CURRENT: %s has no stored document yet", owner)
			}
			return sc.currentDoc, nil
		default:
			return nil, types.ErrInvalidKeySource.Wrapf("key_source must be KEY_SOURCE_NEW or KEY_SOURCE_CURRENT, got %s", source)
		}
	}
	if source != types.KEY_SOURCE_CURRENT {
		return nil, types.ErrInvalidKeySource.Wrapf("a key of another DID (%s) must name KEY_SOURCE_CURRENT, got %s", owner, source)
	}
	doc, deactivated, err := k.CurrentDocument(ctx, owner)
	if err != nil {
		return nil, err
	}
	if deactivated {
		return nil, types.ErrControllerDeactivated.Wrapf("%s is deactivated; its keys sign nothing", owner)
	}
	return &doc, nil
}

// requireSigner checks that controller signed with a key that doc lets it
// authorize with (authentication or capabilityInvocation). A key counts
// when doc holds a method with the same id and the same key bytes, so a
// key present unchanged in both the current and the new document signs
// once for both.
func requireSigner(verified []verifiedKey, controller string, doc *types.DidDocument, role types.KeyRole, why string) error {
	for _, v := range verified {
		if v.owner != controller || !role.Allows(doc, v.methodID) {
			continue
		}
		vm, ok := doc.FindMethod(v.methodID)
		if !ok {
			continue
		}
		key, err := types.MethodKey(vm)
		if err == nil && bytes.Equal(key.Bytes, v.key) {
			return nil
		}
	}
	return types.ErrMissingSignature.Wrapf("%s must sign (%s) with a key in its %s", controller, why, role.Name)
}

// controllerDocument returns the document in which controller's keys are
// looked up: the subject's own (current or new) document, or the
// controller's latest stored document.
func (k Keeper) controllerDocument(ctx context.Context, subject string, subjectDoc *types.DidDocument, controller string) (*types.DidDocument, error) {
	if controller == subject {
		return subjectDoc, nil
	}
	doc, deactivated, err := k.CurrentDocument(ctx, controller)
	if errors.Is(err, types.ErrDidNotFound) {
		return nil, types.ErrDidNotFound.Wrapf("controller %s does not exist", controller)
	} else if err != nil {
		return nil, err
	}
	if deactivated {
		return nil, types.ErrControllerDeactivated.Wrapf("controller %s is deactivated", controller)
	}
	return &doc, nil
}
