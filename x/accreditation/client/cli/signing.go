package cli

import (
	"context"
	"fmt"

	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	didcli "github.com/ndi-chain/ndi/x/did/client/cli"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

const flagKey = "key"

func addKeyFlag(cmd *cobra.Command, whose string) {
	cmd.Flags().StringSlice(flagKey, nil, "DID key(s) of "+whose+" from 'ndid did keys list'; each must be in its assertionMethod (comma-separated names)")
	didcli.AddPassphraseFlag(cmd)
}

// signAsDID signs payload with the --key DID keys as did: each key must be
// an assertionMethod key of did's current document on chain, which is read
// to find the verification method holding the key.
func signAsDID(cmd *cobra.Command, clientCtx client.Context, did string, payload proto.Message) ([]didtypes.DidSignature, error) {
	if clientCtx.ChainID == "" {
		return nil, fmt.Errorf("--%s is required: DID signatures are bound to the chain", flags.FlagChainID)
	}
	names, _ := cmd.Flags().GetStringSlice(flagKey)
	if len(names) == 0 {
		return nil, fmt.Errorf("--%s: name the DID key of %s to sign with (see `ndid did keys list`)", flagKey, did)
	}
	res, err := didtypes.NewQueryClient(clientCtx).Did(cmdContext(cmd), &didtypes.QueryDidRequest{Id: did})
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", did, err)
	}
	if res.Metadata.Deactivated {
		return nil, fmt.Errorf("%s is deactivated: its keys sign nothing", did)
	}
	doc := res.Document
	bz, err := didtypes.SignBytes(clientCtx.ChainID, payload)
	if err != nil {
		return nil, err
	}
	ks := didcli.KeyStoreFromCmd(cmd, clientCtx.HomeDir)
	sigs := make([]didtypes.DidSignature, 0, len(names))
	for _, name := range names {
		priv, pub, err := ks.Load(name)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flagKey, err)
		}
		methodID := ""
		for _, vm := range assertionMethods(&doc) {
			key, err := didtypes.MethodKey(vm)
			if err == nil && key.Equal(pub) {
				methodID = vm.Id
				break
			}
		}
		if methodID == "" {
			return nil, fmt.Errorf("DID key %q is not an assertionMethod key of %s; list its keys with `ndid query did resolve %s`", name, did, did)
		}
		sig, err := priv.Sign(bz)
		if err != nil {
			return nil, err
		}
		sigs = append(sigs, didtypes.DidSignature{VerificationMethodId: methodID, Signature: sig, KeySource: didtypes.KEY_SOURCE_CURRENT})
	}
	return sigs, nil
}

// assertionMethods lists the methods of doc that may assert.
func assertionMethods(doc *didtypes.DidDocument) []didtypes.VerificationMethod {
	var methods []didtypes.VerificationMethod
	for _, vm := range doc.VerificationMethod {
		if doc.CanAssert(vm.Id) {
			methods = append(methods, vm)
		}
	}
	for _, r := range doc.AssertionMethod {
		if r.Embedded != nil {
			methods = append(methods, *r.Embedded)
		}
	}
	return methods
}

func cmdContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
