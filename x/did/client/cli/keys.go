package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"

	"github.com/ndi-chain/ndi/x/did/didsig"
	"github.com/ndi-chain/ndi/x/did/types"
)

const (
	flagAlgorithm = "algorithm"
	flagPrivate   = "private"
)

// NewDidCmd returns `ndid did`: local DID keys and documents built from them.
func NewDidCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "did",
		Short: "Local DID keys and DID documents (no chain access)",
		RunE:  client.ValidateCmd,
	}
	keys := &cobra.Command{
		Use:   "keys",
		Short: "DID keys kept in <home>/did-keys, readable only by you",
		RunE:  client.ValidateCmd,
	}
	keys.AddCommand(newKeysGenerateCmd(), newKeysListCmd(), newKeysShowCmd())
	cmd.AddCommand(keys, newDocumentCmd())
	return cmd
}

func newKeysGenerateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "generate [name]",
		Short: "Generate a DID key (Ed25519 unless --algorithm p256 or secp256k1) and print its public Multikey",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			algName, _ := cmd.Flags().GetString(flagAlgorithm)
			alg, err := didsig.ParseAlgorithm(algName)
			if err != nil {
				return fmt.Errorf("--%s: %w", flagAlgorithm, err)
			}
			pub, err := NewKeyStore(clientCtx.HomeDir).Generate(args[0], alg)
			if err != nil {
				return err
			}
			cmd.Printf("%s\t%s\t%s\n", args[0], alg, pub.Multikey())
			return nil
		},
	}
	cmd.Flags().String(flagAlgorithm, "ed25519", "ed25519, p256 or secp256k1")
	return cmd
}

func newKeysListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the DID keys with their public Multikeys",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ks := NewKeyStore(client.GetClientContextFromCmd(cmd).HomeDir)
			names, err := ks.List()
			if err != nil {
				return err
			}
			for _, n := range names {
				_, pub, err := ks.Load(n)
				if err != nil {
					return err
				}
				cmd.Printf("%s\t%s\t%s\n", n, pub.Algorithm, pub.Multikey())
			}
			return nil
		},
	}
}

func newKeysShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show [name]",
		Short: "Show a DID key's public Multikey and JWK; the private key only with --private",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			priv, pub, err := NewKeyStore(client.GetClientContextFromCmd(cmd).HomeDir).Load(args[0])
			if err != nil {
				return err
			}
			jwk := pub.JWK()
			cmd.Printf("name: %s\nalgorithm: %s\npublicKeyMultibase: %s\npublicKeyJwk: {\"kty\":%q,\"crv\":%q,\"x\":%q", args[0], pub.Algorithm, pub.Multikey(), jwk.Kty, jwk.Crv, jwk.X)
			if jwk.Y != "" {
				cmd.Printf(",\"y\":%q", jwk.Y)
			}
			cmd.Println("}")
			if showPrivate, _ := cmd.Flags().GetBool(flagPrivate); showPrivate {
				cmd.Printf("privateKeyHex: %x\n", priv.Bytes)
			}
			return nil
		},
	}
	cmd.Flags().Bool(flagPrivate, false, "also print the private key (keep it secret)")
	return cmd
}

func newDocumentCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "document [key-name]...",
		Short: "Print the DID Core document of a new DID built from DID keys (the first key names the DID)",
		Long: `Prints the document "ndid tx did create --key ..." would create, as DID Core JSON, for editing
(add services, controllers, alsoKnownAs) before "ndid tx did create doc.json --key ...".`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ks := NewKeyStore(client.GetClientContextFromCmd(cmd).HomeDir)
			pubs := make([]didsig.PublicKey, 0, len(args))
			for _, n := range args {
				_, pub, err := ks.Load(n)
				if err != nil {
					return err
				}
				pubs = append(pubs, pub)
			}
			ns, _ := cmd.Flags().GetString(flagNamespace)
			doc, err := types.NewDocument(ns, pubs...)
			if err != nil {
				return err
			}
			bz, err := doc.MarshalDIDCore()
			if err != nil {
				return err
			}
			cmd.Println(string(bz))
			return nil
		},
	}
	cmd.Flags().String(flagNamespace, types.DefaultNamespace, "DID namespace of the chain")
	return cmd
}
