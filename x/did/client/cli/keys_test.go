package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/std"
	clitestutil "github.com/cosmos/cosmos-sdk/testutil/cli"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/x/did/client/cli"
	"github.com/ndi-chain/ndi/x/did/didsig"
	"github.com/ndi-chain/ndi/x/did/types"
)

const testChainID = "ndi-keys-test-1"

// writePassphraseFile writes p as a passphrase file only its owner reads.
func writePassphraseFile(t *testing.T, p []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "passphrase")
	require.NoError(t, os.WriteFile(path, append(bytes.Clone(p), '\n'), 0o600))
	return path
}

// cmdWithPassphraseFile is a command as KeyStoreFromCmd sees one, with
// --passphrase-file set and a stdin that is not a terminal.
func cmdWithPassphraseFile(t *testing.T, path string) *cobra.Command {
	t.Helper()
	cmd := &cobra.Command{Use: "test"}
	cli.AddPassphraseFlag(cmd)
	require.NoError(t, cmd.Flags().Set("passphrase-file", path))
	cmd.SetIn(strings.NewReader(""))
	return cmd
}

// runDidCmd runs `ndid did ARGS` against home and returns everything it
// wrote, stdout and stderr alike.
func runDidCmd(t *testing.T, home string, args ...string) (string, error) {
	t.Helper()
	out, err := clitestutil.ExecTestCLICmd(client.Context{}.WithHomeDir(home), cli.NewDidCmd(), args)
	return out.String(), err
}

// txClientContext is what `ndid tx` builds, without a node: enough to sign
// DID payloads and print the unsigned transaction (--generate-only).
func txClientContext(t *testing.T, home string) client.Context {
	t.Helper()
	params.SetAddressPrefixes()
	registry, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles: proto.HybridResolver,
		SigningOptions: signing.Options{
			AddressCodec:          address.NewBech32Codec(params.Bech32PrefixAccAddr),
			ValidatorAddressCodec: address.NewBech32Codec(params.Bech32PrefixValAddr),
		},
	})
	require.NoError(t, err)
	std.RegisterInterfaces(registry)
	types.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)
	return client.Context{}.
		WithHomeDir(home).
		WithChainID(testChainID).
		WithCodec(cdc).
		WithInterfaceRegistry(registry).
		WithTxConfig(authtx.NewTxConfig(cdc, authtx.DefaultSignModes)).
		WithAccountRetriever(nil)
}

// createDIDTx runs `ndid tx did create --key NAME --generate-only EXTRA...`
// and returns the MsgCreateDid it printed.
func createDIDTx(t *testing.T, home string, extra ...string) (*types.MsgCreateDid, string, error) {
	t.Helper()
	clientCtx := txClientContext(t, home)
	submitter := sdk.AccAddress(bytes.Repeat([]byte{7}, 20)).String()
	args := append([]string{"create", "--key", "alice", "--namespace", types.DefaultNamespace,
		"--from", submitter, "--generate-only", "--keyring-backend", "test", "--chain-id", testChainID}, extra...)
	out, err := clitestutil.ExecTestCLICmd(clientCtx, cli.GetTxCmd(), args)
	if err != nil {
		return nil, out.String(), err
	}
	// stdout and stderr share the buffer: the transaction is the JSON line.
	var txJSON string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "{") {
			txJSON = line
		}
	}
	require.NotEmpty(t, txJSON, out.String())
	decoded, err := clientCtx.TxConfig.TxJSONDecoder()([]byte(txJSON))
	require.NoError(t, err)
	msgs := decoded.GetMsgs()
	require.Len(t, msgs, 1)
	msg, ok := msgs[0].(*types.MsgCreateDid)
	require.True(t, ok, "%T", msgs[0])
	return msg, out.String(), nil
}

func requireSignedBy(t *testing.T, msg *types.MsgCreateDid, pub didsig.PublicKey) {
	t.Helper()
	require.Len(t, msg.Signatures, 1)
	require.Equal(t, msg.Payload.Document.Id+"#key-1", msg.Signatures[0].VerificationMethodId)
	bz, err := types.SignBytes(testChainID, &msg.Payload)
	require.NoError(t, err)
	require.NoError(t, pub.Verify(bz, msg.Signatures[0].Signature))
}

// An operator signs a DID create with an encrypted key, giving the
// passphrase as a file (flag or environment), as scripts do.
func TestCreateDIDTxIsSignedWithAnEncryptedKey(t *testing.T) {
	cli.UseTestKDF(t)
	t.Setenv(cli.EnvPassphraseFile, "")
	home := t.TempDir()
	passFile := writePassphraseFile(t, passphrase)
	out, err := runDidCmd(t, home, "keys", "generate", "alice", "--passphrase-file", passFile)
	require.NoError(t, err, out)
	info, err := cli.NewKeyStore(home).Info("alice")
	require.NoError(t, err)
	require.True(t, info.Encrypted, "keys are encrypted unless --unencrypted says otherwise")

	t.Run("passphrase from --passphrase-file", func(t *testing.T) {
		msg, _, err := createDIDTx(t, home, "--passphrase-file", passFile)
		require.NoError(t, err)
		requireSignedBy(t, msg, info.PublicKey)
	})
	t.Run("passphrase from the file $NDID_DID_KEY_PASSPHRASE_FILE names", func(t *testing.T) {
		t.Setenv(cli.EnvPassphraseFile, passFile)
		msg, _, err := createDIDTx(t, home)
		require.NoError(t, err)
		requireSignedBy(t, msg, info.PublicKey)
	})
	t.Run("a wrong passphrase signs nothing", func(t *testing.T) {
		_, out, err := createDIDTx(t, home, "--passphrase-file", writePassphraseFile(t, []byte("not the passphrase at all")))
		require.ErrorIs(t, err, cli.ErrWrongPassphrase)
		require.NotContains(t, out, "{", "no transaction was printed")
	})
	t.Run("no passphrase and no terminal signs nothing", func(t *testing.T) {
		_, out, err := createDIDTx(t, home)
		require.ErrorIs(t, err, cli.ErrPassphraseRequired)
		require.ErrorContains(t, err, "--passphrase-file")
		require.ErrorContains(t, err, cli.EnvPassphraseFile)
		require.NotContains(t, out, "{")
	})
}

func TestGenerateWithoutAPassphraseSourceIsRefusedUnlessUnencrypted(t *testing.T) {
	cli.UseTestKDF(t)
	t.Setenv(cli.EnvPassphraseFile, "")
	home := t.TempDir()
	_, err := runDidCmd(t, home, "keys", "generate", "alice")
	require.ErrorIs(t, err, cli.ErrPassphraseRequired)
	require.NoFileExists(t, keyPath(home, "alice"))

	_, err = runDidCmd(t, home, "keys", "generate", "alice", "--unencrypted", "--passphrase-file", writePassphraseFile(t, passphrase))
	require.ErrorContains(t, err, "contradict")
	require.NoFileExists(t, keyPath(home, "alice"))

	out, err := runDidCmd(t, home, "keys", "generate", "alice", "--unencrypted")
	require.NoError(t, err)
	require.Contains(t, out, "WARNING: the private key of \"alice\" is stored unencrypted")
	out, err = runDidCmd(t, home, "keys", "list")
	require.NoError(t, err)
	require.Contains(t, out, "\tunencrypted\n")
}

func TestPassphraseFileHoldsOneLine(t *testing.T) {
	cli.UseTestKDF(t)
	home := t.TempDir()
	path := filepath.Join(t.TempDir(), "passphrase")
	// CRLF from an editor on another system is not part of the passphrase.
	require.NoError(t, os.WriteFile(path, append(bytes.Clone(passphrase), '\r', '\n'), 0o600))
	_, err := cli.KeyStoreFromCmd(cmdWithPassphraseFile(t, path), home).Generate("alice", didsig.Ed25519)
	require.NoError(t, err)
	_, _, err = cli.NewKeyStore(home).WithPassphrase(cli.StaticPassphrase(passphrase)).Load("alice")
	require.NoError(t, err)

	require.NoError(t, os.WriteFile(path, []byte("first line\nsecond line\n"), 0o600))
	_, _, err = cli.KeyStoreFromCmd(cmdWithPassphraseFile(t, path), home).Load("alice")
	require.ErrorIs(t, err, cli.ErrPassphraseLength)
	require.NoError(t, os.WriteFile(path, []byte("\n"), 0o600))
	_, _, err = cli.KeyStoreFromCmd(cmdWithPassphraseFile(t, path), home).Load("alice")
	require.ErrorIs(t, err, cli.ErrPassphraseLength)
}

// Only `show --private` prints a secret: every other command, and every
// error, leaves it out, for encrypted and unencrypted keys alike.
func TestOnlyShowPrivatePrintsThePrivateKey(t *testing.T) {
	cli.UseTestKDF(t)
	t.Setenv(cli.EnvPassphraseFile, "")
	home := t.TempDir()
	passFile := writePassphraseFile(t, passphrase)
	wrongFile := writePassphraseFile(t, []byte("not the passphrase at all"))
	out, err := runDidCmd(t, home, "keys", "generate", "sealed", "--passphrase-file", passFile, "--algorithm", "p256")
	require.NoError(t, err)
	generated := out
	out, err = runDidCmd(t, home, "keys", "generate", "clear", "--unencrypted")
	require.NoError(t, err)
	generated += out

	ks := cli.NewKeyStore(home).WithPassphrase(cli.StaticPassphrase(passphrase))
	for _, name := range []string{"sealed", "clear"} {
		t.Run(name, func(t *testing.T) {
			priv, pub, err := ks.Load(name)
			require.NoError(t, err)
			requireNoSecret(t, generated, priv)

			for _, args := range [][]string{
				{"keys", "list"},
				{"keys", "show", name},
				{"keys", "show", name, "--passphrase-file", passFile},
				{"document", name},
			} {
				out, err := runDidCmd(t, home, args...)
				require.NoError(t, err, args)
				require.Contains(t, out, pub.Multikey(), args)
				requireNoSecret(t, out, priv)
			}
			out, err := runDidCmd(t, home, "keys", "show", name, "--private", "--passphrase-file", passFile)
			require.NoError(t, err)
			require.Contains(t, out, "privateKeyHex: "+secretEncodings(priv)[0], "the check above would see a printed key")
		})
	}

	// A refused --private prints nothing, not even the public part.
	out, err = runDidCmd(t, home, "keys", "show", "sealed", "--private", "--passphrase-file", wrongFile)
	require.ErrorIs(t, err, cli.ErrWrongPassphrase)
	require.NotContains(t, out, "publicKeyMultibase")
	out, err = runDidCmd(t, home, "keys", "show", "sealed", "--private")
	require.ErrorIs(t, err, cli.ErrPassphraseRequired)
	require.NotContains(t, out, "publicKeyMultibase")
}
