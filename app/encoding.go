package app

import (
	"fmt"
	"sync"

	"github.com/cosmos/gogoproto/proto"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/std"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"

	"github.com/ndi-chain/ndi/app/params"
)

// EncodingConfig groups the codecs the node and its clients share.
type EncodingConfig struct {
	InterfaceRegistry types.InterfaceRegistry
	Codec             codec.Codec
	TxConfig          client.TxConfig
	Amino             *codec.LegacyAmino
}

// ProtoFiles returns every proto file the binary knows (gogoproto's and
// protoregistry's), linked in dependency order. It is the resolver behind
// the interface registry, the tx decoder and every sign mode handler.
//
// Why not gogoproto's HybridResolver (the SDK's default): gogoproto links
// each file when its init registers it, allowing unresolvable imports, and
// Go runs a package's inits in file-name order. So ndi/did/v1/tx.proto is
// linked before ndi/did/v1/types.proto, and in that registry
// MsgCreateDid.payload.document is a placeholder message without fields.
// The amino-JSON encoder renders a placeholder as {}: a Ledger or Keplr user
// would sign a DID document, a trust anchor or new params without seeing
// them, and anyone relaying the tx could change them. Linking the complete
// set of files at once (protodesc.NewFiles, which fails on any unresolved
// reference) gives every field its real descriptor.
//
// The files are linked once per process: all registration happens in
// package inits, before any caller can get here.
func ProtoFiles() (*protoregistry.Files, error) { return linkedProtoFiles() }

var linkedProtoFiles = sync.OnceValues(func() (*protoregistry.Files, error) {
	files, err := proto.MergedRegistry()
	if err != nil {
		return nil, fmt.Errorf("link the proto files registered with gogoproto and protoregistry: %w", err)
	}
	return files, nil
})

// MakeEncodingConfig builds codecs that know the SDK's standard types and
// the ndi address prefixes. Module types are registered by New, which owns
// the module list.
func MakeEncodingConfig() EncodingConfig {
	files, err := ProtoFiles()
	if err != nil {
		panic(err)
	}
	signingOpts := signing.Options{
		FileResolver:          files,
		AddressCodec:          address.NewBech32Codec(params.Bech32PrefixAccAddr),
		ValidatorAddressCodec: address.NewBech32Codec(params.Bech32PrefixValAddr),
	}
	registry, err := types.NewInterfaceRegistryWithOptions(types.InterfaceRegistryOptions{
		ProtoFiles:     files,
		SigningOptions: signingOpts,
	})
	if err != nil {
		panic(err)
	}
	cdc := codec.NewProtoCodec(registry)
	amino := codec.NewLegacyAmino()
	std.RegisterLegacyAminoCodec(amino)
	std.RegisterInterfaces(registry)
	// The sign mode handlers get the same linked files explicitly: given no
	// signing options, authtx builds the amino-JSON handler on gogoproto's
	// HybridResolver, whatever the interface registry uses.
	txConfig, err := authtx.NewTxConfigWithOptions(cdc, authtx.ConfigOptions{
		EnabledSignModes: authtx.DefaultSignModes,
		SigningOptions:   &signingOpts,
		SigningContext:   registry.SigningContext(),
	})
	if err != nil {
		panic(err)
	}
	return EncodingConfig{
		InterfaceRegistry: registry,
		Codec:             cdc,
		TxConfig:          txConfig,
		Amino:             amino,
	}
}
