// Package cli holds the hand-written x/did commands: a local store of DID
// keys, building documents from them, and create / update / deactivate
// transactions signed with DID keys. Queries come from autocli.
package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/ndi-chain/ndi/x/did/didsig"
	"github.com/ndi-chain/ndi/x/did/types"
)

const (
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
			subjectKeys, err := LoadKeys(ks, cmd, FlagKey)
			if err != nil {
				return err
			}
			if len(subjectKeys) == 0 {
				return fmt.Errorf("--%s: name at least one DID key of the new DID", FlagKey)
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
					pubs[i] = k.Pub
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
			sigs, err := Sign(clientCtx, payload, append(signers, others...)...)
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
			current, err := Resolve(cmd, clientCtx, doc.Id)
			if err != nil {
				return err
			}
			expected := expectedVersion(cmd, current)
			payload := &types.UpdateDidPayload{Document: doc, ExpectedVersionId: expected}
			signers, err := updateSigners(cmd, KeyStoreFromCmd(cmd, clientCtx.HomeDir), current, &doc)
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
			current, err := Resolve(cmd, clientCtx, args[0])
			if err != nil {
				return err
			}
			next := current.Document.Clone()
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
			signers, err := updateSigners(cmd, ks, current, &next)
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
			current, err := Resolve(cmd, clientCtx, args[0])
			if err != nil {
				return err
			}
			expected := expectedVersion(cmd, current)
			ks := KeyStoreFromCmd(cmd, clientCtx.HomeDir)
			keys, err := LoadKeys(ks, cmd, FlagKey)
			if err != nil {
				return err
			}
			signers, err := LiveSigners(current, keys, types.RoleAuthorize)
			if err != nil {
				return err
			}
			others, err := otherSigners(cmd, ks)
			if err != nil {
				return err
			}
			payload := &types.DeactivateDidPayload{Id: args[0], ExpectedVersionId: expected}
			sigs, err := Sign(clientCtx, payload, append(signers, others...)...)
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

// expectedVersion is --expected-version, or else the version the command
// just resolved: the signers then commit to the document they were shown.
func expectedVersion(cmd *cobra.Command, current *types.QueryDidResponse) string {
	if expected, _ := cmd.Flags().GetString(flagExpectedVersion); expected != "" {
		return expected
	}
	return current.Metadata.VersionId
}

func addSigningFlags(cmd *cobra.Command) {
	AddKeyFlag(cmd, "DID keys of the DID itself")
	cmd.Flags().StringSlice(flagSigner, nil, "keys of other controller DIDs: <did>#<fragment>=<key-name> (repeatable)")
}

func broadcastUpdate(cmd *cobra.Command, clientCtx client.Context, payload *types.UpdateDidPayload, signers []types.Signer) error {
	sigs, err := Sign(clientCtx, payload, signers...)
	if err != nil {
		return err
	}
	cmd.PrintErrf("Updating %s (expected version %s)\n", payload.Document.Id, payload.ExpectedVersionId)
	msg := &types.MsgUpdateDid{Submitter: clientCtx.GetFromAddress().String(), Payload: *payload, Signatures: sigs}
	return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
}

// updateSigners signs with --key keys as methods of the current document
// (refusing a deactivated DID), --new-key keys as methods of the new one,
// and --signer keys of other controllers.
func updateSigners(cmd *cobra.Command, ks KeyStore, current *types.QueryDidResponse, next *types.DidDocument) ([]types.Signer, error) {
	currentKeys, err := LoadKeys(ks, cmd, FlagKey)
	if err != nil {
		return nil, err
	}
	newKeys, err := LoadKeys(ks, cmd, flagNewKey)
	if err != nil {
		return nil, err
	}
	signers, err := LiveSigners(current, currentKeys, types.RoleAuthorize)
	if err != nil {
		return nil, err
	}
	more, err := SignersFor(next, newKeys, types.RoleAuthorize, types.KEY_SOURCE_NEW)
	if err != nil {
		return nil, err
	}
	others, err := otherSigners(cmd, ks)
	if err != nil {
		return nil, err
	}
	return append(append(signers, more...), others...), nil
}

// createSigners is SignersFor a new DID, which must also be signed by
// verificationMethod[0], the key its id commits to (proof of possession),
// whether or not that key may authorize changes.
func createSigners(doc *types.DidDocument, keys []NamedKey) ([]types.Signer, error) {
	first, err := types.FirstMethodKey(doc)
	if err != nil {
		return nil, err
	}
	var (
		signers   []types.Signer
		others    []NamedKey
		possessed bool
	)
	for _, k := range keys {
		if k.Pub.Equal(first) {
			signers = append(signers, types.Signer{MethodID: doc.VerificationMethod[0].Id, Key: k.Priv, Source: types.KEY_SOURCE_NEW})
			possessed = true
			continue
		}
		others = append(others, k)
	}
	if !possessed {
		return nil, fmt.Errorf("--%s must include the private key of verificationMethod[0] (%s): the DID's id commits to that key, and a create must prove possession of it",
			FlagKey, doc.VerificationMethod[0].Id)
	}
	more, err := SignersFor(doc, others, types.RoleAuthorize, types.KEY_SOURCE_NEW)
	if err != nil {
		return nil, err
	}
	return append(signers, more...), nil
}

// otherSigners signs as other controllers' methods (--signer), which the
// chain reads from their current documents.
func otherSigners(cmd *cobra.Command, ks KeyStore) ([]types.Signer, error) {
	specs, _ := cmd.Flags().GetStringSlice(flagSigner)
	var signers []types.Signer
	for _, spec := range specs {
		methodID, name, ok := strings.Cut(spec, "=")
		if !ok || !strings.Contains(methodID, "#") {
			return nil, fmt.Errorf("--%s %q: want <did>#<fragment>=<key-name>", flagSigner, spec)
		}
		priv, _, err := ks.Load(name)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flagSigner, err)
		}
		signers = append(signers, types.Signer{MethodID: methodID, Key: priv, Source: types.KEY_SOURCE_CURRENT})
	}
	return signers, nil
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

func namespace(cmd *cobra.Command, clientCtx client.Context) (string, error) {
	if ns, _ := cmd.Flags().GetString(flagNamespace); ns != "" {
		return ns, nil
	}
	res, err := types.NewQueryClient(clientCtx).Params(CmdContext(cmd), &types.QueryParamsRequest{})
	if err != nil {
		return "", fmt.Errorf("ask the chain for its DID namespace (or pass --%s): %w", flagNamespace, err)
	}
	return res.Params.Namespace, nil
}
