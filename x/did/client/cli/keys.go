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
		Short: "DID keys kept in <home>/did-keys, encrypted with a passphrase and readable only by you",
		RunE:  client.ValidateCmd,
	}
	keys.AddCommand(newKeysGenerateCmd(), newKeysEncryptCmd(), newKeysListCmd(), newKeysShowCmd())
	cmd.AddCommand(keys, newDocumentCmd())
	return cmd
}

func newKeysGenerateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "generate [name]",
		Short: "Generate a DID key encrypted with a passphrase (Ed25519 unless --algorithm p256 or secp256k1) and print its public Multikey",
		Long: `Generates a DID key and stores it in <home>/did-keys/<name>.json (mode 0600, directory 0700),
encrypted with Argon2id and XChaCha20-Poly1305 under a passphrase of at least 12 characters.
The passphrase comes from --passphrase-file, else from the file $` + EnvPassphraseFile + ` names,
else from a prompt on the terminal. --unencrypted stores the key in clear: for test networks only.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			algName, _ := cmd.Flags().GetString(flagAlgorithm)
			alg, err := didsig.ParseAlgorithm(algName)
			if err != nil {
				return fmt.Errorf("--%s: %w", flagAlgorithm, err)
			}
			ks := KeyStoreFromCmd(cmd, clientCtx.HomeDir)
			var pub didsig.PublicKey
			if unencrypted, _ := cmd.Flags().GetBool(flagUnencrypted); unencrypted {
				if cmd.Flags().Changed(flagPassphraseFile) {
					return fmt.Errorf("--%s and --%s contradict each other", flagUnencrypted, flagPassphraseFile)
				}
				cmd.PrintErrf("WARNING: the private key of %q is stored unencrypted; use such keys on test networks only\n", args[0])
				pub, err = ks.GenerateUnencrypted(args[0], alg)
			} else {
				pub, err = ks.Generate(args[0], alg)
			}
			if err != nil {
				return err
			}
			cmd.Printf("%s\t%s\t%s\n", args[0], alg, pub.Multikey())
			return nil
		},
	}
	cmd.Flags().String(flagAlgorithm, "ed25519", "ed25519, p256 or secp256k1")
	cmd.Flags().Bool(flagUnencrypted, false, "store the private key in clear, without a passphrase (test networks only)")
	AddPassphraseFlag(cmd)
	return cmd
}

func newKeysEncryptCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "encrypt [name]",
		Short: "Encrypt an unencrypted DID key (from an earlier release or --unencrypted) with a passphrase, in place",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := KeyStoreFromCmd(cmd, client.GetClientContextFromCmd(cmd).HomeDir).Encrypt(args[0]); err != nil {
				return err
			}
			cmd.Printf("%s\tencrypted\n", args[0])
			return nil
		},
	}
	AddPassphraseFlag(cmd)
	return cmd
}

func newKeysListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the DID keys: name, algorithm, public Multikey, encrypted or unencrypted (no passphrase needed)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ks := NewKeyStore(client.GetClientContextFromCmd(cmd).HomeDir)
			names, err := ks.List()
			if err != nil {
				return err
			}
			for _, n := range names {
				info, err := ks.Info(n)
				if err != nil {
					return err
				}
				cmd.Printf("%s\t%s\t%s\t%s\n", n, info.PublicKey.Algorithm, info.PublicKey.Multikey(), protection(info))
			}
			return nil
		},
	}
}

func protection(info KeyInfo) string {
	if info.Encrypted {
		return "encrypted"
	}
	return "unencrypted"
}

func newKeysShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show [name]",
		Short: "Show a DID key's public Multikey and JWK; the private key only with --private (which needs the passphrase)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ks := KeyStoreFromCmd(cmd, client.GetClientContextFromCmd(cmd).HomeDir)
			info, err := ks.Info(args[0])
			if err != nil {
				return err
			}
			showPrivate, _ := cmd.Flags().GetBool(flagPrivate)
			var priv didsig.PrivateKey
			if showPrivate {
				// Decrypt before printing anything, so a wrong passphrase
				// prints nothing at all.
				if priv, _, err = ks.Load(args[0]); err != nil {
					return err
				}
				defer clear(priv.Bytes)
			}
			pub := info.PublicKey
			jwk := pub.JWK()
			cmd.Printf("name: %s\nalgorithm: %s\nprotection: %s\npublicKeyMultibase: %s\npublicKeyJwk: {\"kty\":%q,\"crv\":%q,\"x\":%q",
				args[0], pub.Algorithm, protection(info), pub.Multikey(), jwk.Kty, jwk.Crv, jwk.X)
			if jwk.Y != "" {
				cmd.Printf(",\"y\":%q", jwk.Y)
			}
			cmd.Println("}")
			if showPrivate {
				cmd.Printf("privateKeyHex: %x\n", priv.Bytes)
			}
			return nil
		},
	}
	cmd.Flags().Bool(flagPrivate, false, "also print the private key (keep it secret)")
	AddPassphraseFlag(cmd)
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
				info, err := ks.Info(n)
				if err != nil {
					return err
				}
				pubs = append(pubs, info.PublicKey)
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
