package app_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	dbm "github.com/cosmos/cosmos-db"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	protov2 "google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	aminov1 "cosmossdk.io/api/amino"
	msgv1 "cosmossdk.io/api/cosmos/msg/v1"
	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"
	cosmos_proto "github.com/cosmos/cosmos-proto"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/bech32"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/app/params"
)

// ndiMsgPackages are the proto packages of our four modules. The test
// requires each to declare a Msg service, so a renamed package cannot make
// the property vacuous.
var ndiMsgPackages = []protoreflect.FullName{
	"ndi.accreditation.v1", "ndi.did.v1", "ndi.poa.v1", "ndi.revocation.v1",
}

type noAppOptions struct{}

func (noAppOptions) Get(string) any { return nil }

// TestAminoJSONSignBytesShowEveryFieldOfEveryMsg is the property behind
// Ledger and Keplr signing: for every Msg of x/did, x/accreditation,
// x/revocation and x/poa, built with every field populated (recursively,
// with values found nowhere else in the message), the amino-JSON sign
// bytes made by the app's own sign mode handler — the one its ante handler
// verifies with — carry every populated value, under its field's name.
// A field the signer cannot see is a field a relayer can change.
func TestAminoJSONSignBytesShowEveryFieldOfEveryMsg(t *testing.T) {
	params.SetAddressPrefixes()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), false, noAppOptions{})
	txCfg := a.TxConfig()

	// The messages are described by the SDK's merged registry, linked
	// independently of how the app wires its own, so a placeholder there
	// cannot hide fields from the populator.
	files, err := gogoproto.MergedRegistry()
	require.NoError(t, err)
	msgNames := ndiMsgTypes(t, files)

	// The interface registry (what txs decode with) knows exactly the
	// messages the services declare.
	var registered []string
	for _, url := range a.InterfaceRegistry().ListImplementations(sdk.MsgInterfaceProtoName) {
		if strings.HasPrefix(url, "/ndi.") {
			registered = append(registered, strings.TrimPrefix(url, "/"))
		}
	}
	slices.Sort(registered)
	require.Equal(t, msgNames, registered, "the Msg services and the interface registry disagree on the ndi messages")

	signer := secp256k1.GenPrivKeyFromSecret([]byte("amino-json property")).PubKey()
	signerData := authsigning.SignerData{
		Address: sdk.AccAddress(signer.Address()).String(), ChainID: "ndi-amino-1",
		AccountNumber: 7, Sequence: 3, PubKey: signer,
	}
	for _, name := range msgNames {
		t.Run(name, func(t *testing.T) {
			desc, err := files.FindDescriptorByName(protoreflect.FullName(name))
			require.NoError(t, err)
			md := desc.(protoreflect.MessageDescriptor)

			p := &populator{}
			dyn := dynamicpb.NewMessage(md)
			require.NoError(t, p.fill(dyn, name, 0, false))
			require.NotEmpty(t, p.leaves)
			bz, err := protov2.MarshalOptions{Deterministic: true}.Marshal(dyn)
			require.NoError(t, err)

			// The Go type the chain decodes the message into.
			goMsg, err := a.InterfaceRegistry().Resolve("/" + name)
			require.NoError(t, err)
			require.NoError(t, gogoproto.Unmarshal(bz, goMsg))

			b := txCfg.NewTxBuilder()
			require.NoError(t, b.SetMsgs(goMsg))
			require.NoError(t, b.SetSignatures(signing.SignatureV2{
				PubKey:   signer,
				Data:     &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON},
				Sequence: signerData.Sequence,
			}))
			signBytes, err := authsigning.GetSignBytesAdapter(context.Background(), txCfg.SignModeHandler(),
				signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON, signerData, b.GetTx())
			require.NoError(t, err)

			var doc struct {
				Msgs []struct {
					Type  string          `json:"type"`
					Value json.RawMessage `json:"value"`
				} `json:"msgs"`
			}
			require.NoError(t, json.Unmarshal(signBytes, &doc))
			require.Len(t, doc.Msgs, 1)

			shown := flattenJSON(t, doc.Msgs[0].Value)
			var missing []string
			for _, l := range p.leaves {
				if !shown.has(l) {
					missing = append(missing, fmt.Sprintf("%s = %s", l.path, l.value))
				}
			}
			require.Empty(t, missing, "values the signer does not see in the amino-JSON sign bytes:\n%s\nsign bytes: %s",
				strings.Join(missing, "\n"), signBytes)

			// The amino name a wallet shows is the proto's amino.name.
			aminoName := protov2.GetExtension(md.Options(), aminov1.E_Name).(string)
			require.NotEmpty(t, aminoName, "%s has no amino.name option", name)
			require.Equal(t, aminoName, doc.Msgs[0].Type)
			require.LessOrEqual(t, len(aminoName), 39, "amino names are limited to 39 characters")
			// Clients that build amino JSON from the legacy amino codec
			// (RegisterLegacyAminoCodec: CosmJS amino types, older SDK
			// clients) must produce these very bytes, name and value.
			require.NoError(t, codectypes.UnpackInterfaces(goMsg, a.InterfaceRegistry()))
			legacyJSON, err := a.LegacyAmino().MarshalJSON(goMsg)
			require.NoError(t, err)
			signed := fmt.Sprintf(`{"type":%q,"value":%s}`, doc.Msgs[0].Type, doc.Msgs[0].Value)
			require.JSONEq(t, signed, string(legacyJSON),
				"the legacy amino codec renders %s differently from the sign bytes", name)
		})
	}
}

// ndiMsgTypes returns the input types of every method of every Msg service
// (cosmos.msg.v1.service) our four packages declare, sorted.
func ndiMsgTypes(t *testing.T, files *protoregistry.Files) []string {
	t.Helper()
	var names []string
	withService := map[protoreflect.FullName]bool{}
	for _, pkg := range ndiMsgPackages {
		files.RangeFilesByPackage(pkg, func(fd protoreflect.FileDescriptor) bool {
			for i := 0; i < fd.Services().Len(); i++ {
				svc := fd.Services().Get(i)
				if !protov2.GetExtension(svc.Options(), msgv1.E_Service).(bool) {
					continue
				}
				withService[pkg] = true
				for j := 0; j < svc.Methods().Len(); j++ {
					names = append(names, string(svc.Methods().Get(j).Input().FullName()))
				}
			}
			return true
		})
		require.True(t, withService[pkg], "package %s declares no Msg service", pkg)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// leaf is one value the populator set: where, the amino-JSON key it must
// appear under ("" inside an Any, whose keys belong to the packed type), and
// its amino-JSON rendering.
type leaf struct {
	path, key, value string
}

// populator fills a message with a distinct value in every field.
type populator struct {
	n      int
	leaves []leaf
}

const maxDepth = 12

func (p *populator) next() int { p.n++; return p.n }

func (p *populator) fill(m protoreflect.Message, path string, depth int, inAny bool) error {
	md := m.Descriptor()
	if depth > maxDepth {
		return fmt.Errorf("%s: nested deeper than %d (a recursive message?)", path, maxDepth)
	}
	if md.IsPlaceholder() {
		return fmt.Errorf("%s: %s is an unresolved placeholder", path, md.FullName())
	}
	if md.Oneofs().Len() > 0 {
		// One message cannot set every member of a oneof: teach the test
		// to build one message per member before adding one.
		return fmt.Errorf("%s: oneofs are not populated yet", path)
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		fpath := path + "." + string(fd.Name())
		switch {
		case fd.IsMap():
			return fmt.Errorf("%s: map fields are not populated yet", fpath)
		case fd.IsList():
			list := m.Mutable(fd).List()
			// Two elements, so a list shown only in part is caught too.
			for j := range 2 {
				epath := fmt.Sprintf("%s[%d]", fpath, j)
				if fd.Kind() == protoreflect.MessageKind {
					elem := list.NewElement()
					if err := p.message(fd, elem.Message(), epath, depth, inAny); err != nil {
						return err
					}
					list.Append(elem)
					continue
				}
				v, err := p.scalar(fd, epath, inAny)
				if err != nil {
					return err
				}
				list.Append(v)
			}
		case fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind:
			if err := p.message(fd, m.Mutable(fd).Message(), fpath, depth, inAny); err != nil {
				return err
			}
		default:
			v, err := p.scalar(fd, fpath, inAny)
			if err != nil {
				return err
			}
			m.Set(fd, v)
		}
	}
	return nil
}

// message fills the message value of field fd, rendering well-known types
// the way the amino-JSON encoder documents them.
func (p *populator) message(fd protoreflect.FieldDescriptor, m protoreflect.Message, path string, depth int, inAny bool) error {
	switch m.Descriptor().FullName() {
	case "google.protobuf.Timestamp":
		n := p.next()
		sec, nanos := int64(1_900_000_000+n*3607), int64(n)
		m.Set(m.Descriptor().Fields().ByName("seconds"), protoreflect.ValueOfInt64(sec))
		m.Set(m.Descriptor().Fields().ByName("nanos"), protoreflect.ValueOfInt32(int32(nanos)))
		p.add(fd, path, time.Unix(sec, nanos).UTC().Format(time.RFC3339Nano), inAny)
		return nil
	case "google.protobuf.Any":
		iface, _ := protov2.GetExtension(fd.Options(), cosmos_proto.E_AcceptsInterface).(string)
		if iface != "cosmos.crypto.PubKey" {
			return fmt.Errorf("%s: an Any accepting %q is not populated yet", path, iface)
		}
		key := make([]byte, ed25519.PubKeySize)
		copy(key, fmt.Sprintf("pubkey-%d-%s", p.next(), path))
		pk := &ed25519.PubKey{Key: key}
		value, err := gogoproto.Marshal(pk)
		if err != nil {
			return err
		}
		m.Set(m.Descriptor().Fields().ByName("type_url"), protoreflect.ValueOfString("/"+gogoproto.MessageName(pk)))
		m.Set(m.Descriptor().Fields().ByName("value"), protoreflect.ValueOfBytes(value))
		// Inside an Any the keys are the packed type's (and a key_field
		// type shows its key bare), so only the value is matched.
		p.leaves = append(p.leaves, leaf{path: path + ".key", value: base64.StdEncoding.EncodeToString(key)})
		return nil
	}
	if strings.HasPrefix(string(m.Descriptor().FullName()), "google.protobuf.") {
		return fmt.Errorf("%s: well-known type %s is not populated yet", path, m.Descriptor().FullName())
	}
	return p.fill(m, path, depth+1, inAny)
}

func (p *populator) add(fd protoreflect.FieldDescriptor, path, rendered string, inAny bool) {
	l := leaf{path: path, value: rendered}
	if !inAny {
		l.key = aminoFieldName(fd)
	}
	p.leaves = append(p.leaves, l)
}

// scalar returns a value for fd found nowhere else in the message, and
// records how amino JSON renders it.
func (p *populator) scalar(fd protoreflect.FieldDescriptor, path string, inAny bool) (protoreflect.Value, error) {
	n := p.next()
	var (
		v        protoreflect.Value
		rendered string
	)
	switch fd.Kind() {
	case protoreflect.StringKind:
		s, r, err := p.str(fd, n)
		if err != nil {
			return v, fmt.Errorf("%s: %w", path, err)
		}
		v, rendered = protoreflect.ValueOfString(s), r
	case protoreflect.BytesKind:
		b := []byte(fmt.Sprintf("bytes-%d-%s", n, path))
		v, rendered = protoreflect.ValueOfBytes(b), base64.StdEncoding.EncodeToString(b)
	case protoreflect.BoolKind:
		v, rendered = protoreflect.ValueOfBool(true), "true"
	case protoreflect.EnumKind:
		// The highest-numbered value: never the zero default.
		values := fd.Enum().Values()
		num := values.Get(0).Number()
		for i := 1; i < values.Len(); i++ {
			num = max(num, values.Get(i).Number())
		}
		if num == 0 {
			return v, fmt.Errorf("%s: enum %s has no non-zero value", path, fd.Enum().FullName())
		}
		v, rendered = protoreflect.ValueOfEnum(num), strconv.Itoa(int(num))
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		x := int32(300_000 + n)
		v, rendered = protoreflect.ValueOfInt32(x), strconv.FormatInt(int64(x), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		x := uint32(400_000 + n)
		v, rendered = protoreflect.ValueOfUint32(x), strconv.FormatUint(uint64(x), 10)
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		x := int64(5_000_000_000 + n)
		v, rendered = protoreflect.ValueOfInt64(x), strconv.FormatInt(x, 10)
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		x := uint64(6_000_000_000 + n)
		v, rendered = protoreflect.ValueOfUint64(x), strconv.FormatUint(x, 10)
	default:
		return v, fmt.Errorf("%s: %s fields are not populated yet", path, fd.Kind())
	}
	p.add(fd, path, rendered, inAny)
	return v, nil
}

// str returns a string for fd that its cosmos_proto scalar accepts, and
// its amino-JSON rendering.
func (p *populator) str(fd protoreflect.FieldDescriptor, n int) (string, string, error) {
	scalar, _ := protov2.GetExtension(fd.Options(), cosmos_proto.E_Scalar).(string)
	addr := func(prefix string) (string, string, error) {
		raw := make([]byte, 20)
		copy(raw, fmt.Sprintf("addr-%d-%s", n, fd.Name()))
		s, err := bech32.ConvertAndEncode(prefix, raw)
		return s, s, err
	}
	switch scalar {
	case "":
		s := fmt.Sprintf("str%d-%s", n, fd.Name())
		return s, s, nil
	case "cosmos.AddressString":
		return addr(params.Bech32PrefixAccAddr)
	case "cosmos.ValidatorAddressString":
		return addr(params.Bech32PrefixValAddr)
	case "cosmos.Dec":
		// The wire form of a LegacyDec is its integer at 18 decimals;
		// amino JSON shows the decimal.
		atoms := big.NewInt(int64(123_456_789_000 + n))
		return atoms.String(), sdkmath.LegacyNewDecFromBigIntWithPrec(atoms, sdkmath.LegacyPrecision).String(), nil
	case "cosmos.Int":
		s := strconv.Itoa(7_000_000 + n)
		return s, s, nil
	}
	return "", "", fmt.Errorf("cosmos_proto.scalar %q is not populated yet", scalar)
}

func aminoFieldName(fd protoreflect.FieldDescriptor) string {
	if name, _ := protov2.GetExtension(fd.Options(), aminov1.E_FieldName).(string); name != "" {
		return name
	}
	return string(fd.Name())
}

// shownValues is what amino JSON shows: each leaf value under the nearest
// object key (list elements under the list's key), and the bare values.
type shownValues struct {
	pairs  map[[2]string]bool
	values map[string]bool
}

func (s shownValues) has(l leaf) bool {
	if l.key == "" {
		return s.values[l.value]
	}
	return s.pairs[[2]string{l.key, l.value}]
}

func flattenJSON(t *testing.T, raw json.RawMessage) shownValues {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	s := shownValues{pairs: map[[2]string]bool{}, values: map[string]bool{}}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		add := func(text string) {
			s.pairs[[2]string{key, text}] = true
			s.values[text] = true
		}
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(k, e)
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		case string:
			add(x)
		case json.Number:
			add(x.String())
		case bool:
			add(strconv.FormatBool(x))
		}
	}
	walk("", v)
	return s
}
