package keeper_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/x/did/didsig"
	"github.com/ndi-chain/ndi/x/did/keeper"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

// docs/security.md, "DID squatting": the unique-id commits to
// verificationMethod[0], so only its holder may create the DID.
func TestSquattingAVictimsKeyIsRefused(t *testing.T) {
	s := newSuite(t)
	victim := didtest.NewIdentity(t, ns)
	mallory := didtest.NewIdentity(t, ns)

	// Mallory knows only the victim's public key: she keeps it as method 0,
	// outside every relationship, and authenticates with her own key.
	squat := victim.Doc.Clone()
	squat.Authentication = nil
	squat.AssertionMethod = nil
	squat.CapabilityInvocation = nil
	squat.CapabilityDelegation = nil
	malloryMethod := victim.DID() + "#mallory"
	squat.VerificationMethod = append(squat.VerificationMethod, types.VerificationMethod{
		Id: malloryMethod, Type: didsig.MethodTypeMultikey, Controller: victim.DID(),
		PublicKeyMultibase: mallory.Doc.VerificationMethod[0].PublicKeyMultibase,
	})
	squat.Authentication = []types.VerificationRelationship{{Reference: malloryMethod}}
	payload := types.CreateDidPayload{Document: squat}
	_, err := s.createSigned(payload, didtest.Sign(t, apptest.ChainID, &payload,
		didtest.Signer{MethodID: malloryMethod, Key: mallory.Keys[0], Source: types.KEY_SOURCE_NEW}))
	require.ErrorIs(t, err, types.ErrNoProofOfPossession)

	// A signature by method 0 that is not a valid one does not count either.
	forged := didtest.Sign(t, apptest.ChainID, &payload,
		didtest.Signer{MethodID: malloryMethod, Key: mallory.Keys[0], Source: types.KEY_SOURCE_NEW},
		didtest.Signer{MethodID: victim.MethodID(1), Key: mallory.Keys[0], Source: types.KEY_SOURCE_NEW})
	_, err = s.createSigned(payload, forged)
	require.ErrorIs(t, err, types.ErrInvalidSignature)

	// The key's holder can still claim the DID its key commits to.
	s.mustCreate(victim)
}

// A method-0 signature alone is not enough when method 0 may not authorize
// changes: the subject still signs with an authentication key.
func TestCreateNeedsProofOfPossessionAndAnAuthorizingKey(t *testing.T) {
	s := newSuite(t)
	id := didtest.NewIdentity(t, ns, didsig.Ed25519, didsig.P256)
	id.Doc.Authentication = id.Doc.Authentication[1:]
	id.Doc.CapabilityInvocation = id.Doc.CapabilityInvocation[1:]
	payload := types.CreateDidPayload{Document: id.Doc}

	_, err := s.createSigned(payload, didtest.Sign(t, apptest.ChainID, &payload, id.With(2, types.KEY_SOURCE_NEW)))
	require.ErrorIs(t, err, types.ErrNoProofOfPossession)
	_, err = s.createSigned(payload, didtest.Sign(t, apptest.ChainID, &payload, id.With(1, types.KEY_SOURCE_NEW)))
	require.ErrorIs(t, err, types.ErrMissingSignature)
	_, err = s.createSigned(payload, didtest.Sign(t, apptest.ChainID, &payload, id.With(1, types.KEY_SOURCE_NEW), id.With(2, types.KEY_SOURCE_NEW)))
	require.NoError(t, err)
}

// docs/security.md, "Foreign keys on create": a create may not put a key
// into the document in another DID's name without that DID's signature.
func TestCreateWithAKeyControlledByAnotherDIDNeedsThatDID(t *testing.T) {
	s := newSuite(t)
	bank := didtest.NewIdentity(t, ns)
	s.mustCreate(bank)

	alice := didtest.NewIdentity(t, ns)
	alice.Doc.VerificationMethod = append(alice.Doc.VerificationMethod, types.VerificationMethod{
		Id: alice.DID() + "#bank-key", Type: didsig.MethodTypeMultikey, Controller: bank.DID(),
		PublicKeyMultibase: bank.Doc.VerificationMethod[0].PublicKeyMultibase,
	})
	_, err := s.create(alice)
	require.ErrorIs(t, err, types.ErrMissingSignature)

	stranger := didtest.NewIdentity(t, ns)
	alice.Doc.VerificationMethod[1].Controller = stranger.DID()
	_, err = s.create(alice)
	require.ErrorIs(t, err, types.ErrDidNotFound, "a key controlled by a DID that does not exist")

	alice.Doc.VerificationMethod[1].Controller = bank.DID()
	s.mustCreate(alice, bank.With(1, types.KEY_SOURCE_CURRENT))
}

// docs/security.md, "Unpriced signature work".
func TestSignatureWorkIsCappedAndPriced(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	v1 := s.mustCreate(alice)
	doc := alice.Doc.Clone()
	doc.AlsoKnownAs = []string{"https://alice.example"}
	payload := types.UpdateDidPayload{Document: doc, ExpectedVersionId: v1}
	one := didtest.Sign(t, apptest.ChainID, &payload, alice.With(1, types.KEY_SOURCE_CURRENT))
	params := types.DefaultParams()

	t.Run("5,000 copies of one valid signature are refused before any is verified", func(t *testing.T) {
		gasFor := func(n int) uint64 {
			sigs := make([]types.DidSignature, n)
			for i := range sigs {
				sigs[i] = one[0]
			}
			ctx := s.f.Ctx()
			before := ctx.GasMeter().GasConsumed()
			_, err := s.srv.UpdateDid(ctx, &types.MsgUpdateDid{Submitter: s.submitter(), Payload: payload, Signatures: sigs})
			require.ErrorIs(t, err, types.ErrTooManySignatures)
			return ctx.GasMeter().GasConsumed() - before
		}
		// Refused at the count, before any per-signature work: 5,000 copies
		// cost the handler exactly what 9 do.
		require.Equal(t, gasFor(int(params.MaxSignatures)+1), gasFor(5000))
	})
	t.Run("one more signature than max_signatures is refused", func(t *testing.T) {
		sigs := make([]types.DidSignature, params.MaxSignatures+1)
		for i := range sigs {
			sigs[i] = one[0]
			sigs[i].VerificationMethodId = alice.DID() + "#k" + itoa(i)
		}
		_, err := s.updateSigned(payload, sigs)
		require.ErrorIs(t, err, types.ErrTooManySignatures)
	})
	t.Run("a duplicate signature is refused", func(t *testing.T) {
		_, err := s.updateSigned(payload, []types.DidSignature{one[0], one[0]})
		require.ErrorIs(t, err, types.ErrDuplicateSignature)
	})
	t.Run("each verification is charged before it runs, per algorithm", func(t *testing.T) {
		for _, alg := range []didsig.Algorithm{didsig.Ed25519, didsig.P256, didsig.Secp256k1} {
			id := didtest.NewIdentity(t, ns, alg)
			create := types.CreateDidPayload{Document: id.Doc}
			sigs := didtest.Sign(t, apptest.ChainID, &create, id.With(1, types.KEY_SOURCE_NEW))
			sigs[0].Signature[0] ^= 1 // fails verification: the gas is spent anyway

			price := params.SigVerifyGas(alg)
			ctx := s.f.Ctx()
			before := ctx.GasMeter().GasConsumed()
			_, err := s.srv.CreateDid(ctx, &types.MsgCreateDid{Submitter: s.submitter(), Payload: create, Signatures: sigs})
			require.ErrorIs(t, err, types.ErrInvalidSignature, alg.String())
			require.GreaterOrEqual(t, ctx.GasMeter().GasConsumed()-before, price, alg.String())

			// With less gas left than the verification costs, the message
			// runs out of gas instead of verifying.
			limited := s.f.Ctx()
			limited = limited.WithGasMeter(storetypes.NewGasMeter(ctx.GasMeter().GasConsumed() - before - 1))
			require.PanicsWithValue(t, storetypes.ErrorOutOfGas{Descriptor: "ndi did signature verification: " + alg.String()}, func() {
				_, _ = s.srv.CreateDid(limited, &types.MsgCreateDid{Submitter: s.submitter(), Payload: create, Signatures: sigs})
			}, alg.String())
		}
	})
	t.Run("prices are never below the SDK's own", func(t *testing.T) {
		for _, mutate := range []func(*types.Params){
			func(p *types.Params) { p.SigVerifyGasEd25519 = 589 },
			func(p *types.Params) { p.SigVerifyGasP256 = 499 },
			func(p *types.Params) { p.SigVerifyGasSecp256K1 = 999 },
			func(p *types.Params) { p.MaxSignatures = 0 },
			func(p *types.Params) { p.MaxSignatures = types.CeilingMaxSignatures + 1 },
		} {
			p := types.DefaultParams()
			mutate(&p)
			require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
		}
	})
}

// docs/security.md, "Export after a parameter change": history is checked
// against the absolute ceilings, so lowering every limit (and changing the
// namespace) by governance leaves the chain's own export importable.
func TestExportImportAfterLoweringEveryLimit(t *testing.T) {
	s := newSuite(t)
	big := didtest.NewIdentity(t, ns, didsig.Ed25519, didsig.P256, didsig.Secp256k1)
	for i := range 8 {
		big.Doc.Service = append(big.Doc.Service, types.Service{
			Id: big.DID() + "#svc-" + itoa(i), Type: []string{"LinkedDomains"},
			ServiceEndpoint: `"https://service-` + itoa(i) + `.example.org/a/rather/long/path/so/the/document/grows?x=1&y=2"`,
		})
	}
	v1 := s.mustCreate(big)
	require.Greater(t, big.Doc.Size(), 1024)
	_, err := s.deactivate(big.DID(), v1, big.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err)

	lowered := types.Params{
		Namespace: "renamed", MaxDocumentBytes: 1024, MaxVerificationMethods: 1, MaxServices: 0, MaxIdLength: 32,
		MaxSignatures: 1, SigVerifyGasEd25519: 590, SigVerifyGasP256: 500, SigVerifyGasSecp256K1: 1000,
	}
	_, err = s.srv.UpdateParams(s.f.Ctx(), &types.MsgUpdateParams{Authority: s.f.GovAddress, Params: lowered})
	require.NoError(t, err)

	exported, err := s.f.App.DidKeeper.ExportGenesis(s.f.Ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	fresh := apptest.Setup(t, 1, 0)
	require.NoError(t, fresh.App.DidKeeper.InitGenesis(fresh.Ctx(), exported))
	again, err := fresh.App.DidKeeper.ExportGenesis(fresh.Ctx())
	require.NoError(t, err)
	require.Equal(t, exported, again)

	// The ceilings still hold for history.
	tooBig := *exported
	tooBig.Dids = append([]types.GenesisDid(nil), exported.Dids...)
	tooBig.Dids[0].Versions = append([]types.DidVersion(nil), exported.Dids[0].Versions...)
	doc := tooBig.Dids[0].Versions[0].Document.Clone()
	for i := range types.CeilingMaxServices + 1 {
		doc.Service = append(doc.Service, types.Service{Id: doc.Id + "#x" + itoa(i), Type: []string{"T"}, ServiceEndpoint: `"https://x.example"`})
	}
	tooBig.Dids[0].Versions[0].Document = doc
	require.ErrorIs(t, tooBig.Validate(), types.ErrTooManyServices)
}

// docs/security.md, "Unbounded reads".
func TestVersionQueriesAreBounded(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	version := s.mustCreate(alice)
	for i := range keeper.MaxPageLimit + 5 {
		doc := alice.Doc.Clone()
		doc.AlsoKnownAs = []string{"https://alice.example/" + itoa(i)}
		var err error
		version, err = s.update(doc, version, alice.With(1, types.KEY_SOURCE_CURRENT))
		require.NoError(t, err)
	}

	res, err := s.q.DidVersions(s.f.Ctx(), &types.QueryDidVersionsRequest{Id: alice.DID(), Pagination: &query.PageRequest{Limit: 1_000_000}})
	require.NoError(t, err)
	require.Len(t, res.Versions, keeper.MaxPageLimit)
	require.NotEmpty(t, res.Pagination.NextKey)
	res, err = s.q.DidVersions(s.f.Ctx(), &types.QueryDidVersionsRequest{Id: alice.DID()})
	require.NoError(t, err)
	require.Len(t, res.Versions, keeper.MaxPageLimit)

	_, err = s.q.DidVersion(s.f.Ctx(), &types.QueryDidVersionRequest{Id: alice.DID()})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "a missing version_id is not version \"\"")

	// versionTime binary-searches the versions by point reads: each version
	// is found at its own time, whatever the number of versions.
	for _, seq := range []uint64{0, 1, 50, keeper.MaxPageLimit + 5} {
		v, err := s.f.App.DidKeeper.Versions.Get(s.f.Ctx(), collections.Join(alice.DID(), seq))
		require.NoError(t, err)
		at := v.Time
		got, err := s.q.Did(s.f.Ctx(), &types.QueryDidRequest{Id: alice.DID(), VersionTime: &at})
		require.NoError(t, err)
		require.Equal(t, v.VersionId, got.Metadata.VersionId, "seq %d", seq)
	}
}

// Migrate1to2 gives a version-1 store the new signature parameters and
// changes nothing else: every other key of the store is as before, none is
// written under the retired time-index prefix, and every versionTime answer
// is each version's own.
func TestMigrate1to2(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	version := s.mustCreate(alice)
	for i := range 3 {
		doc := alice.Doc.Clone()
		doc.AlsoKnownAs = []string{"https://alice.example/" + itoa(i)}
		var err error
		version, err = s.update(doc, version, alice.With(1, types.KEY_SOURCE_CURRENT))
		require.NoError(t, err)
	}
	k := s.f.App.DidKeeper
	ctx := s.f.Ctx()
	var want []string
	for seq := range uint64(4) {
		v, err := k.Versions.Get(ctx, collections.Join(alice.DID(), seq))
		require.NoError(t, err)
		want = append(want, v.VersionId)
	}

	// Back to the version-1 layout: no signature params.
	old := types.DefaultParams()
	old.MaxSignatures, old.SigVerifyGasEd25519, old.SigVerifyGasP256, old.SigVerifyGasSecp256K1 = 0, 0, 0, 0
	require.NoError(t, k.Params.Set(ctx, old))
	withoutParams := func() []string {
		var rest []string
		for _, kv := range apptest.StoreContents(t, ctx, s.f.App.GetKey(types.StoreKey)) {
			if !strings.HasPrefix(kv, fmt.Sprintf("%x", []byte(types.ParamsKey))) {
				rest = append(rest, kv)
			}
		}
		return rest
	}
	before := withoutParams()
	require.NotEmpty(t, before)

	require.NoError(t, keeper.NewMigrator(k).Migrate1to2(ctx))
	params, err := k.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), params)
	require.Equal(t, before, withoutParams(), "the migration changed more than the parameters")
	require.Empty(t, s.retiredPrefixKeys(t), "the migration wrote under the retired time-index prefix")
	for seq := range uint64(4) {
		v, err := k.Versions.Get(ctx, collections.Join(alice.DID(), seq))
		require.NoError(t, err)
		got, err := s.q.Did(ctx, &types.QueryDidRequest{Id: alice.DID(), VersionTime: &v.Time})
		require.NoError(t, err)
		require.Equal(t, want[seq], got.Metadata.VersionId)
	}
}
