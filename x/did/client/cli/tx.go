// Package cli holds the hand-written x/did commands: a local store of DID
// keys, building documents from them, and create / update / deactivate
// transactions signed with DID keys. Queries come from autocli.
package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/ndi-chain/ndi/x/did/didsig"
	"github.com/ndi-chain/ndi/x/did/types"
)

const (
	flagKey             = "key"
	flagNewKey          = "new-key"
	flagSigner          = "signer"
	flagExpectedVersion = "expected-version"
	flagNamespace       = "namespace"
)

// GetTxCmd returns `ndid tx did`.
func GetTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   types.ModuleName,
		Short: "Create, update and deactivate DIDs, signing with DID keys from `ndid did keys`",
		Long: `DID transactions carry payloads signed with DID keys (see "ndid did keys"). The account given by
--from only pays the fee; authority over a DID comes from its controllers' DID keys.`,
		RunE: client.ValidateCmd,
	}
	cmd.AddCommand(newCreateCmd(), newUpdateCmd(), newRotateKeyCmd(), newDeactivateCmd())
	return cmd
}

func newCreateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "create [document.json]",
		Short: "Create a DID from a DID Core JSON document, or from --key alone",
		Long: `Creates a DID. Without a document, builds one from the --key DID keys (the first key names the DID).
The subject's keys (--key) and every other controller's keys (--signer <did-url>=<key-name>) sign.`,
		Example: `ndid did keys generate alice
ndid tx did create --key alice --from operator --fees 2000undi
ndid tx did create doc.json --key alice --signer did:ndi:local:Fh…#key-1=ministry --from operator`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			ks := KeyStoreFromCmd(cmd, clientCtx.HomeDir)
			subjectKeys, err := loadKeys(ks, cmd, flagKey)
			if err != nil {
				return err
			}
			if len(subjectKeys) == 0 {
				return fmt.Errorf("--%s: name at least one DID key of the new DID", flagKey)
			}
			var doc types.DidDocument
			if len(args) == 1 {
				if doc, err = readDocument(args[0]); err != nil {
					return err
				}
			} else {
				ns, err := namespace(cmd, clientCtx)
				if err != nil {
					return err
				}
				pubs := make([]didsig.PublicKey, len(subjectKeys))
				for i, k := range subjectKeys {
					pubs[i] = k.pub
				}
				if doc, err = types.NewDocument(ns, pubs...); err != nil {
					return err
				}
			}
			payload := &types.CreateDidPayload{Document: doc}
			signers, err := createSigners(&doc, subjectKeys)
			if err != nil {
				return err
			}
			others, err := otherSigners(cmd, ks)
			if err != nil {
				return err
			}
			sigs, err := sign(clientCtx.ChainID, payload, append(signers, others...))
			if err != nil {
				return err
			}
			cmd.PrintErrf("Creating %s\n", doc.Id)
			msg := &types.MsgCreateDid{Submitter: clientCtx.GetFromAddress().String(), Payload: *payload, Signatures: sigs}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	addSigningFlags(cmd)
	cmd.Flags().String(flagNamespace, "", "DID namespace (default: the chain's, from 'ndid query did params')")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func newUpdateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "update [document.json]",
		Short: "Replace a DID's document; current keys (--key) and keys of the new document (--new-key) sign",
		Long: `Replaces the document of a DID with the DID Core JSON document given. Every controller of the
current and of the new document must sign: --key names DID keys found in the current document,
--new-key keys found in the new one (a key present unchanged in both signs once with --key),
--signer <did-url>=<key-name> keys of other controller DIDs. The expected version is the DID's latest
unless --expected-version says otherwise.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			doc, err := readDocument(args[0])
			if err != nil {
				return err
			}
			current, err := latest(cmd, clientCtx, doc.Id)
			if err != nil {
				return err
			}
			expected, _ := cmd.Flags().GetString(flagExpectedVersion)
			if expected == "" {
				expected = current.Metadata.VersionId
			}
			payload := &types.UpdateDidPayload{Document: doc, ExpectedVersionId: expected}
			signers, err := updateSigners(cmd, KeyStoreFromCmd(cmd, clientCtx.HomeDir), &current.Document, &doc)
			if err != nil {
				return err
			}
			return broadcastUpdate(cmd, clientCtx, payload, signers)
		},
	}
	addSigningFlags(cmd)
	cmd.Flags().StringSlice(flagNewKey, nil, "DID keys of the new document (comma-separated names)")
	cmd.Flags().String(flagExpectedVersion, "", "the version the signers saw (default: the latest)")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func newRotateKeyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rotate-key [did] [method-fragment] [new-key-name]",
		Short: "Replace the key of one verification method; the old key (--key) and the new key sign",
		Example: `ndid did keys generate alice-2026
ndid tx did rotate-key did:ndi:local:Fh… key-1 alice-2026 --key alice --from operator`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			ks := KeyStoreFromCmd(cmd, clientCtx.HomeDir)
			_, newPub, err := ks.Load(args[2])
			if err != nil {
				return err
			}
			current, err := latest(cmd, clientCtx, args[0])
			if err != nil {
				return err
			}
			doc := current.Document
			bz, err := doc.Marshal()
			if err != nil {
				return err
			}
			var next types.DidDocument
			if err := next.Unmarshal(bz); err != nil {
				return err
			}
			methodID := args[0] + "#" + strings.TrimPrefix(args[1], "#")
			found := false
			for i := range next.VerificationMethod {
				if vm := &next.VerificationMethod[i]; vm.Id == methodID {
					vm.Type, vm.PublicKeyMultibase, vm.PublicKeyJwk = didsig.MethodTypeMultikey, newPub.Multikey(), nil
					found = true
				}
			}
			if !found {
				return fmt.Errorf("%s has no verification method %s", args[0], methodID)
			}
			if err := cmd.Flags().Set(flagNewKey, args[2]); err != nil {
				return err
			}
			payload := &types.UpdateDidPayload{Document: next, ExpectedVersionId: current.Metadata.VersionId}
			signers, err := updateSigners(cmd, ks, &current.Document, &next)
			if err != nil {
				return err
			}
			return broadcastUpdate(cmd, clientCtx, payload, signers)
		},
	}
	addSigningFlags(cmd)
	cmd.Flags().StringSlice(flagNewKey, nil, "")
	_ = cmd.Flags().MarkHidden(flagNewKey)
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func newDeactivateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deactivate [did]",
		Short: "Deactivate a DID for good: it stays resolvable, marked deactivated, and can never change or be re-created",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			current, err := latest(cmd, clientCtx, args[0])
			if err != nil {
				return err
			}
			expected, _ := cmd.Flags().GetString(flagExpectedVersion)
			if expected == "" {
				expected = current.Metadata.VersionId
			}
			ks := KeyStoreFromCmd(cmd, clientCtx.HomeDir)
			keys, err := loadKeys(ks, cmd, flagKey)
			if err != nil {
				return err
			}
			signers, err := subjectSigners(&current.Document, keys, types.KEY_SOURCE_CURRENT)
			if err != nil {
				return err
			}
			others, err := otherSigners(cmd, ks)
			if err != nil {
				return err
			}
			payload := &types.DeactivateDidPayload{Id: args[0], ExpectedVersionId: expected}
			sigs, err := sign(clientCtx.ChainID, payload, append(signers, others...))
			if err != nil {
				return err
			}
			msg := &types.MsgDeactivateDid{Submitter: clientCtx.GetFromAddress().String(), Payload: *payload, Signatures: sigs}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	addSigningFlags(cmd)
	cmd.Flags().String(flagExpectedVersion, "", "the version the signer saw (default: the latest)")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func addSigningFlags(cmd *cobra.Command) {
	cmd.Flags().StringSlice(flagKey, nil, "DID keys of the DID itself (comma-separated names from 'ndid did keys list')")
	cmd.Flags().StringSlice(flagSigner, nil, "keys of other controller DIDs: <did>#<fragment>=<key-name> (repeatable)")
	AddPassphraseFlag(cmd)
}

func broadcastUpdate(cmd *cobra.Command, clientCtx client.Context, payload *types.UpdateDidPayload, signers []signer) error {
	sigs, err := sign(clientCtx.ChainID, payload, signers)
	if err != nil {
		return err
	}
	cmd.PrintErrf("Updating %s (expected version %s)\n", payload.Document.Id, payload.ExpectedVersionId)
	msg := &types.MsgUpdateDid{Submitter: clientCtx.GetFromAddress().String(), Payload: *payload, Signatures: sigs}
	return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
}

func updateSigners(cmd *cobra.Command, ks KeyStore, current, next *types.DidDocument) ([]signer, error) {
	currentKeys, err := loadKeys(ks, cmd, flagKey)
	if err != nil {
		return nil, err
	}
	newKeys, err := loadKeys(ks, cmd, flagNewKey)
	if err != nil {
		return nil, err
	}
	signers, err := subjectSigners(current, currentKeys, types.KEY_SOURCE_CURRENT)
	if err != nil {
		return nil, err
	}
	more, err := subjectSigners(next, newKeys, types.KEY_SOURCE_NEW)
	if err != nil {
		return nil, err
	}
	others, err := otherSigners(cmd, ks)
	if err != nil {
		return nil, err
	}
	return append(append(signers, more...), others...), nil
}

// namedKey is a DID key loaded from the store.
type namedKey struct {
	name string
	priv didsig.PrivateKey
	pub  didsig.PublicKey
}

// signer is one signature to make.
type signer struct {
	methodID string
	source   types.KeySource
	key      didsig.PrivateKey
}

func loadKeys(ks KeyStore, cmd *cobra.Command, flag string) ([]namedKey, error) {
	names, _ := cmd.Flags().GetStringSlice(flag)
	keys := make([]namedKey, 0, len(names))
	for _, n := range names {
		priv, pub, err := ks.Load(n)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flag, err)
		}
		keys = append(keys, namedKey{name: n, priv: priv, pub: pub})
	}
	return keys, nil
}

// subjectSigners finds, for each key, the method of doc holding it that may
// change the document, and signs as that method.
func subjectSigners(doc *types.DidDocument, keys []namedKey, source types.KeySource) ([]signer, error) {
	var signers []signer
	for _, k := range keys {
		methodID, ok := authorizingMethod(doc, k.pub)
		if !ok {
			return nil, fmt.Errorf("DID key %q is not an authentication or capabilityInvocation key of the %s document of %s",
				k.name, source.Document(), doc.Id)
		}
		signers = append(signers, signer{methodID: methodID, source: source, key: k.priv})
	}
	return signers, nil
}

// createSigners is subjectSigners for a new DID, which must also be signed
// by verificationMethod[0], the key its id commits to (proof of
// possession), whether or not that key may authorize changes.
func createSigners(doc *types.DidDocument, keys []namedKey) ([]signer, error) {
	first, err := types.FirstMethodKey(doc)
	if err != nil {
		return nil, err
	}
	var (
		signers   []signer
		others    []namedKey
		possessed bool
	)
	for _, k := range keys {
		if k.pub.Equal(first) {
			signers = append(signers, signer{methodID: doc.VerificationMethod[0].Id, source: types.KEY_SOURCE_NEW, key: k.priv})
			possessed = true
			continue
		}
		others = append(others, k)
	}
	if !possessed {
		return nil, fmt.Errorf("--%s must include the private key of verificationMethod[0] (%s): the DID's id commits to that key, and a create must prove possession of it",
			flagKey, doc.VerificationMethod[0].Id)
	}
	more, err := subjectSigners(doc, others, types.KEY_SOURCE_NEW)
	if err != nil {
		return nil, err
	}
	return append(signers, more...), nil
}

func authorizingMethod(doc *types.DidDocument, pub didsig.PublicKey) (string, bool) {
	candidates := append([]types.VerificationMethod(nil), doc.VerificationMethod...)
	for _, rel := range [][]types.VerificationRelationship{doc.Authentication, doc.CapabilityInvocation} {
		for _, r := range rel {
			if r.Embedded != nil {
				candidates = append(candidates, *r.Embedded)
			}
		}
	}
	for _, vm := range candidates {
		key, err := types.MethodKey(vm)
		if err == nil && key.Equal(pub) && doc.CanAuthorize(vm.Id) {
			return vm.Id, true
		}
	}
	return "", false
}

func otherSigners(cmd *cobra.Command, ks KeyStore) ([]signer, error) {
	specs, _ := cmd.Flags().GetStringSlice(flagSigner)
	var signers []signer
	for _, spec := range specs {
		methodID, name, ok := strings.Cut(spec, "=")
		if !ok || !strings.Contains(methodID, "#") {
			return nil, fmt.Errorf("--%s %q: want <did>#<fragment>=<key-name>", flagSigner, spec)
		}
		priv, _, err := ks.Load(name)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flagSigner, err)
		}
		signers = append(signers, signer{methodID: methodID, source: types.KEY_SOURCE_CURRENT, key: priv})
	}
	return signers, nil
}

func sign(chainID string, payload proto.Message, signers []signer) ([]types.DidSignature, error) {
	if chainID == "" {
		return nil, fmt.Errorf("--%s is required: DID signatures are bound to the chain", flags.FlagChainID)
	}
	bz, err := types.SignBytes(chainID, payload)
	if err != nil {
		return nil, err
	}
	sigs := make([]types.DidSignature, 0, len(signers))
	for _, s := range signers {
		sig, err := s.key.Sign(bz)
		if err != nil {
			return nil, err
		}
		sigs = append(sigs, types.DidSignature{VerificationMethodId: s.methodID, Signature: sig, KeySource: s.source})
	}
	return sigs, nil
}

func readDocument(path string) (types.DidDocument, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return types.DidDocument{}, err
	}
	doc, err := types.UnmarshalDIDCore(bz)
	if err != nil {
		return types.DidDocument{}, fmt.Errorf("%s: %w", path, err)
	}
	return doc, nil
}

func latest(cmd *cobra.Command, clientCtx client.Context, did string) (*types.QueryDidResponse, error) {
	res, err := types.NewQueryClient(clientCtx).Did(cmdContext(cmd), &types.QueryDidRequest{Id: did})
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", did, err)
	}
	return res, nil
}

func namespace(cmd *cobra.Command, clientCtx client.Context) (string, error) {
	if ns, _ := cmd.Flags().GetString(flagNamespace); ns != "" {
		return ns, nil
	}
	res, err := types.NewQueryClient(clientCtx).Params(cmdContext(cmd), &types.QueryParamsRequest{})
	if err != nil {
		return "", fmt.Errorf("ask the chain for its DID namespace (or pass --%s): %w", flagNamespace, err)
	}
	return res.Params.Namespace, nil
}

func cmdContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
