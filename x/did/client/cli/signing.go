package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/ndi-chain/ndi/x/did/didsig"
	"github.com/ndi-chain/ndi/x/did/types"
)

// The CLI side of the DID-signing kit. Every command that signs with DID
// keys (x/did, x/accreditation, x/revocation) takes its keys from --key,
// finds their methods through the DID's document on chain and signs through
// types.Sign, so the commands cannot drift apart in what they accept.

// FlagKey names DID keys from the local key store ("ndid did keys").
const FlagKey = "key"

// AddKeyFlag adds --key (a comma-separated list of DID key names; usage
// says whose keys) and --passphrase-file, which opens encrypted keys.
func AddKeyFlag(cmd *cobra.Command, usage string) {
	cmd.Flags().StringSlice(FlagKey, nil, usage+" (comma-separated names from 'ndid did keys list')")
	AddPassphraseFlag(cmd)
}

// CmdContext is the command's context, or the background context for a
// command run without one (as tests do).
func CmdContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// NamedKey is a DID key loaded from the store.
type NamedKey struct {
	Name string
	Priv didsig.PrivateKey
	Pub  didsig.PublicKey
}

// LoadKeys loads the DID keys named by the list flag (--key, --new-key).
func LoadKeys(ks KeyStore, cmd *cobra.Command, flag string) ([]NamedKey, error) {
	names, _ := cmd.Flags().GetStringSlice(flag)
	keys := make([]NamedKey, 0, len(names))
	for _, n := range names {
		priv, pub, err := ks.Load(n)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flag, err)
		}
		keys = append(keys, NamedKey{Name: n, Priv: priv, Pub: pub})
	}
	return keys, nil
}

// Resolve reads did's latest document and metadata from the chain.
func Resolve(cmd *cobra.Command, clientCtx client.Context, did string) (*types.QueryDidResponse, error) {
	res, err := types.NewQueryClient(clientCtx).Did(CmdContext(cmd), &types.QueryDidRequest{Id: did})
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", did, err)
	}
	return res, nil
}

// SignersFor finds, for each key, the method of doc (listed or embedded)
// that holds it in role, and returns a signer as that method reading it
// from source.
func SignersFor(doc *types.DidDocument, keys []NamedKey, role types.KeyRole, source types.KeySource) ([]types.Signer, error) {
	signers := make([]types.Signer, 0, len(keys))
	for _, k := range keys {
		vm, ok := doc.MethodForKey(k.Pub, role)
		if !ok {
			return nil, types.ErrMethodNotAuthorized.Wrapf("DID key %q is not an %s key of the %s document of %s; list its keys with `ndid query did did %s`",
				k.Name, role.Name, source.Document(), doc.Id, doc.Id)
		}
		signers = append(signers, types.Signer{MethodID: vm.Id, Key: k.Priv, Source: source})
	}
	return signers, nil
}

// LiveSigners is SignersFor on a resolved DID's current document. It
// refuses a deactivated DID: its keys sign nothing, so the chain would
// refuse whatever they signed.
func LiveSigners(res *types.QueryDidResponse, keys []NamedKey, role types.KeyRole) ([]types.Signer, error) {
	if res.Metadata.Deactivated {
		return nil, types.ErrDidDeactivated.Wrapf("%s is deactivated: its keys sign nothing", res.Document.Id)
	}
	return SignersFor(&res.Document, keys, role, types.KEY_SOURCE_CURRENT)
}

// AssertionSigners resolves did and returns signers for the --key keys as
// its assertionMethod keys (listed or embedded), for x/accreditation and
// x/revocation payloads.
func AssertionSigners(cmd *cobra.Command, clientCtx client.Context, did string) ([]types.Signer, error) {
	keys, err := LoadKeys(KeyStoreFromCmd(cmd, clientCtx.HomeDir), cmd, FlagKey)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("--%s: name the DID key of %s to sign with (see `ndid did keys list`)", FlagKey, did)
	}
	res, err := Resolve(cmd, clientCtx, did)
	if err != nil {
		return nil, err
	}
	return LiveSigners(res, keys, types.RoleAssert)
}

// SignAsDID signs payload as did with the --key keys, each an
// assertionMethod key of did's current document on chain.
func SignAsDID(cmd *cobra.Command, clientCtx client.Context, did string, payload proto.Message) ([]types.DidSignature, error) {
	signers, err := AssertionSigners(cmd, clientCtx, did)
	if err != nil {
		return nil, err
	}
	return Sign(clientCtx, payload, signers...)
}

// Sign is types.Sign on the client's chain, naming the flag to set when the
// chain id is missing.
func Sign(clientCtx client.Context, payload proto.Message, signers ...types.Signer) ([]types.DidSignature, error) {
	sigs, err := types.Sign(clientCtx.ChainID, payload, signers...)
	if errors.Is(err, types.ErrMissingChainID) {
		return nil, fmt.Errorf("--%s is required: %w", flags.FlagChainID, err)
	}
	return sigs, err
}
