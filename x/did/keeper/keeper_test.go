package keeper_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"
	"github.com/cosmos/gogoproto/proto"

	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/x/did/didsig"
	"github.com/ndi-chain/ndi/x/did/keeper"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

const ns = types.DefaultNamespace

type suite struct {
	t   *testing.T
	f   *apptest.Fixture
	srv types.MsgServer
	q   types.QueryServer
}

func newSuite(t *testing.T) *suite {
	f := apptest.Setup(t, 1, 1)
	return &suite{
		t: t, f: f,
		srv: keeper.NewMsgServerImpl(f.App.DidKeeper, f.App.AccountKeeper.AddressCodec()),
		q:   keeper.NewQueryServerImpl(f.App.DidKeeper),
	}
}

func (s *suite) submitter() string { return s.f.Users[0].Address.String() }

// stored is the whole x/did store (apptest.StoreContents).
func (s *suite) stored(t testing.TB) []string {
	t.Helper()
	return apptest.StoreContents(t, s.f.Ctx(), s.f.App.GetKey(types.StoreKey))
}

// create builds, signs (with key 1 of the subject) and submits a create.
func (s *suite) create(id *didtest.Identity, extra ...didtest.Signer) (string, error) {
	payload := types.CreateDidPayload{Document: id.Doc}
	signers := append([]didtest.Signer{id.With(1, types.KEY_SOURCE_NEW)}, extra...)
	return s.createSigned(payload, didtest.Sign(s.t, apptest.ChainID, &payload, signers...))
}

func (s *suite) createSigned(payload types.CreateDidPayload, sigs []types.DidSignature) (string, error) {
	res, err := s.srv.CreateDid(s.f.Ctx(), &types.MsgCreateDid{Submitter: s.submitter(), Payload: payload, Signatures: sigs})
	if err != nil {
		return "", err
	}
	s.f.NextBlock(s.t)
	return res.VersionId, nil
}

func (s *suite) mustCreate(id *didtest.Identity, extra ...didtest.Signer) string {
	v, err := s.create(id, extra...)
	require.NoError(s.t, err)
	return v
}

func (s *suite) update(doc types.DidDocument, expected string, signers ...didtest.Signer) (string, error) {
	payload := types.UpdateDidPayload{Document: doc, ExpectedVersionId: expected}
	return s.updateSigned(payload, didtest.Sign(s.t, apptest.ChainID, &payload, signers...))
}

func (s *suite) updateSigned(payload types.UpdateDidPayload, sigs []types.DidSignature) (string, error) {
	res, err := s.srv.UpdateDid(s.f.Ctx(), &types.MsgUpdateDid{Submitter: s.submitter(), Payload: payload, Signatures: sigs})
	if err != nil {
		return "", err
	}
	s.f.NextBlock(s.t)
	return res.VersionId, nil
}

func (s *suite) deactivate(did, expected string, signers ...didtest.Signer) (string, error) {
	payload := types.DeactivateDidPayload{Id: did, ExpectedVersionId: expected}
	res, err := s.srv.DeactivateDid(s.f.Ctx(), &types.MsgDeactivateDid{
		Submitter: s.submitter(), Payload: payload, Signatures: didtest.Sign(s.t, apptest.ChainID, &payload, signers...),
	})
	if err != nil {
		return "", err
	}
	s.f.NextBlock(s.t)
	return res.VersionId, nil
}

func (s *suite) resolve(did string) *types.QueryDidResponse {
	res, err := s.q.Did(s.f.Ctx(), &types.QueryDidRequest{Id: did})
	require.NoError(s.t, err)
	return res
}

// rotated returns id's document with key 1 replaced by a new key (the
// method keeps its id), and the new private key.
func rotated(t *testing.T, id *didtest.Identity) (types.DidDocument, didsig.PrivateKey) {
	priv, err := didsig.GeneratePrivateKey(didsig.Ed25519, nil)
	require.NoError(t, err)
	pub, err := priv.PublicKey()
	require.NoError(t, err)
	doc := id.Doc.Clone()
	doc.VerificationMethod[0].PublicKeyMultibase = pub.Multikey()
	return doc, priv
}

func TestCreateUpdateDeactivateLifecycle(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns, didsig.Ed25519)

	v1 := s.mustCreate(alice)
	res := s.resolve(alice.DID())
	require.Equal(t, alice.Doc.Id, res.Document.Id)
	require.Equal(t, v1, res.Metadata.VersionId)
	require.Nil(t, res.Metadata.Updated, "a never-updated DID has no updated time")
	require.False(t, res.Metadata.Deactivated)
	require.Equal(t, res.Metadata.Created, res.Metadata.Created.UTC().Truncate(time.Second), "times are UTC whole seconds")

	// Key rotation: the current key and the new key both sign.
	newDoc, newKey := rotated(t, alice)
	v2, err := s.update(newDoc, v1,
		alice.With(1, types.KEY_SOURCE_CURRENT),
		didtest.Signer{MethodID: alice.MethodID(1), Key: newKey, Source: types.KEY_SOURCE_NEW})
	require.NoError(t, err)
	require.NotEqual(t, v1, v2)

	res = s.resolve(alice.DID())
	require.Equal(t, v2, res.Metadata.VersionId)
	require.NotNil(t, res.Metadata.Updated)
	require.Equal(t, newDoc.VerificationMethod[0].PublicKeyMultibase, res.Document.VerificationMethod[0].PublicKeyMultibase)

	first, err := s.q.DidVersion(s.f.Ctx(), &types.QueryDidVersionRequest{Id: alice.DID(), VersionId: v1})
	require.NoError(t, err)
	require.Equal(t, v2, first.Metadata.NextVersionId)
	require.Equal(t, *res.Metadata.Updated, *first.Metadata.NextUpdate)
	require.Equal(t, alice.Doc.VerificationMethod[0].PublicKeyMultibase, first.Document.VerificationMethod[0].PublicKeyMultibase)

	// Deactivation with the new key.
	v3, err := s.deactivate(alice.DID(), v2, didtest.Signer{MethodID: alice.MethodID(1), Key: newKey, Source: types.KEY_SOURCE_CURRENT})
	require.NoError(t, err)
	res = s.resolve(alice.DID())
	require.True(t, res.Metadata.Deactivated, "a deactivated DID stays resolvable, marked deactivated")
	require.Equal(t, v3, res.Metadata.VersionId)

	versions, err := s.q.DidVersions(s.f.Ctx(), &types.QueryDidVersionsRequest{Id: alice.DID()})
	require.NoError(t, err)
	require.Len(t, versions.Versions, 3)
	require.Equal(t, []string{v1, v2, v3}, []string{versions.Versions[0].Metadata.VersionId, versions.Versions[1].Metadata.VersionId, versions.Versions[2].Metadata.VersionId})

	page, err := s.q.DidVersions(s.f.Ctx(), &types.QueryDidVersionsRequest{Id: alice.DID(), Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, page.Versions, 2)
	require.NotEmpty(t, page.Pagination.NextKey)
}

func TestResolveAtVersionTime(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	v1 := s.mustCreate(alice)
	created := s.resolve(alice.DID()).Metadata.Created

	doc := alice.Doc.Clone()
	doc.AlsoKnownAs = []string{"https://ministry.example/alice"}
	v2, err := s.update(doc, v1, alice.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err)
	updated := *s.resolve(alice.DID()).Metadata.Updated

	at := func(tm time.Time) (*types.QueryDidResponse, error) {
		return s.q.Did(s.f.Ctx(), &types.QueryDidRequest{Id: alice.DID(), VersionTime: &tm})
	}
	res, err := at(created)
	require.NoError(t, err)
	require.Equal(t, v1, res.Metadata.VersionId)
	res, err = at(updated.Add(-time.Second))
	require.NoError(t, err)
	require.Equal(t, v1, res.Metadata.VersionId)
	res, err = at(updated)
	require.NoError(t, err)
	require.Equal(t, v2, res.Metadata.VersionId)
	_, err = at(created.Add(-time.Second))
	require.Equal(t, codes.NotFound, status.Code(err), "before its creation the DID did not exist")
}

func TestUpdateWithUnchangedKeySignsOnce(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	v1 := s.mustCreate(alice)
	doc := alice.Doc.Clone()
	doc.Service = []types.Service{{Id: alice.DID() + "#wallet", Type: []string{"LinkedDomains"}, ServiceEndpoint: `"https://wallet.example"`}}
	_, err := s.update(doc, v1, alice.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err, "a key present unchanged in both documents satisfies both")
}

func TestControllerDIDManagesAnother(t *testing.T) {
	s := newSuite(t)
	ministry := didtest.NewIdentity(t, ns)
	s.mustCreate(ministry)

	citizen := didtest.NewIdentity(t, ns)
	citizen.Doc.Controller = []string{ministry.DID()}
	_, err := s.create(citizen)
	require.ErrorIs(t, err, types.ErrMissingSignature, "every controller must sign a create")
	v1 := s.mustCreate(citizen, ministry.With(1, types.KEY_SOURCE_CURRENT))

	// The subject's own key no longer suffices: the ministry controls it.
	doc := citizen.Doc.Clone()
	doc.AlsoKnownAs = []string{"https://registry.example/c/1"}
	_, err = s.update(doc, v1, citizen.With(1, types.KEY_SOURCE_CURRENT))
	require.ErrorIs(t, err, types.ErrMissingSignature)
	_, err = s.update(doc, v1, ministry.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err)
}

func TestAddingAKeyControlledByAnotherDIDNeedsThatDID(t *testing.T) {
	s := newSuite(t)
	bank := didtest.NewIdentity(t, ns)
	s.mustCreate(bank)
	alice := didtest.NewIdentity(t, ns)
	v1 := s.mustCreate(alice)

	doc := alice.Doc.Clone()
	doc.VerificationMethod = append(doc.VerificationMethod, types.VerificationMethod{
		Id: alice.DID() + "#bank-key", Type: didsig.MethodTypeMultikey, Controller: bank.DID(),
		PublicKeyMultibase: bank.Doc.VerificationMethod[0].PublicKeyMultibase,
	})
	_, err := s.update(doc, v1, alice.With(1, types.KEY_SOURCE_CURRENT))
	require.ErrorIs(t, err, types.ErrMissingSignature)
	_, err = s.update(doc, v1, alice.With(1, types.KEY_SOURCE_CURRENT), bank.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err)
}

func TestDidAttacksAreRefused(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	v1 := s.mustCreate(alice)
	mallory := didtest.NewIdentity(t, ns)
	s.mustCreate(mallory)
	aliceDoc := alice.Doc.Clone()
	aliceDoc.AlsoKnownAs = []string{"https://evil.example"}

	t.Run("an update signed by another DID's key is refused", func(t *testing.T) {
		_, err := s.update(aliceDoc, v1, mallory.With(1, types.KEY_SOURCE_CURRENT))
		require.ErrorIs(t, err, types.ErrMissingSignature)
	})
	t.Run("a signature naming alice's method but made with mallory's key is refused", func(t *testing.T) {
		_, err := s.update(aliceDoc, v1, didtest.Signer{MethodID: alice.MethodID(1), Key: mallory.Keys[0], Source: types.KEY_SOURCE_CURRENT})
		require.ErrorIs(t, err, types.ErrInvalidSignature)
	})
	t.Run("a signature over another chain-id is refused", func(t *testing.T) {
		payload := types.UpdateDidPayload{Document: aliceDoc, ExpectedVersionId: v1}
		sigs := didtest.Sign(t, "ndi-other-chain", &payload, alice.With(1, types.KEY_SOURCE_CURRENT))
		_, err := s.updateSigned(payload, sigs)
		require.ErrorIs(t, err, types.ErrInvalidSignature)
	})
	t.Run("a signature over another payload type is refused", func(t *testing.T) {
		// The same document bytes signed as a create are not an update.
		payload := types.UpdateDidPayload{Document: aliceDoc, ExpectedVersionId: v1}
		create := types.CreateDidPayload{Document: aliceDoc}
		sigs := didtest.Sign(t, apptest.ChainID, &create, alice.With(1, types.KEY_SOURCE_CURRENT))
		_, err := s.updateSigned(payload, sigs)
		require.ErrorIs(t, err, types.ErrInvalidSignature)
	})
	t.Run("a key outside authentication and capabilityInvocation cannot update", func(t *testing.T) {
		id := didtest.NewIdentity(t, ns, didsig.Ed25519, didsig.Secp256k1)
		id.Doc.Authentication = id.Doc.Authentication[:1]
		id.Doc.CapabilityInvocation = id.Doc.CapabilityInvocation[:1]
		v, err := s.create(id)
		require.NoError(t, err)
		doc := id.Doc.Clone()
		doc.AlsoKnownAs = []string{"https://x.example"}
		_, err = s.update(doc, v, id.With(2, types.KEY_SOURCE_CURRENT))
		require.ErrorIs(t, err, types.ErrMissingSignature, "key-2 is only an assertionMethod")
	})
	t.Run("an unknown method id is refused", func(t *testing.T) {
		_, err := s.update(aliceDoc, v1, didtest.Signer{MethodID: alice.DID() + "#nope", Key: alice.Keys[0], Source: types.KEY_SOURCE_CURRENT})
		require.ErrorIs(t, err, types.ErrUnknownMethod)
	})
	t.Run("an unspecified key source is refused", func(t *testing.T) {
		_, err := s.update(aliceDoc, v1, alice.With(1, types.KEY_SOURCE_UNSPECIFIED))
		require.ErrorIs(t, err, types.ErrInvalidKeySource)
	})
	t.Run("a rotation signed only by the new key is refused", func(t *testing.T) {
		doc, newKey := rotated(t, alice)
		_, err := s.update(doc, v1, didtest.Signer{MethodID: alice.MethodID(1), Key: newKey, Source: types.KEY_SOURCE_NEW})
		require.ErrorIs(t, err, types.ErrMissingSignature)
	})
	t.Run("a rotation signed only by the old key is refused", func(t *testing.T) {
		doc, _ := rotated(t, alice)
		_, err := s.update(doc, v1, alice.With(1, types.KEY_SOURCE_CURRENT))
		require.ErrorIs(t, err, types.ErrMissingSignature)
	})
	t.Run("an old key claimed as the new document's key is refused", func(t *testing.T) {
		doc, _ := rotated(t, alice)
		_, err := s.update(doc, v1, alice.With(1, types.KEY_SOURCE_CURRENT), alice.With(1, types.KEY_SOURCE_NEW))
		require.ErrorIs(t, err, types.ErrInvalidSignature, "never guess which document a method comes from")
	})
	t.Run("a valid signature beside an invalid one is refused", func(t *testing.T) {
		payload := types.UpdateDidPayload{Document: aliceDoc, ExpectedVersionId: v1}
		sigs := didtest.Sign(t, apptest.ChainID, &payload, alice.With(1, types.KEY_SOURCE_CURRENT), mallory.With(1, types.KEY_SOURCE_CURRENT))
		sigs[1].Signature[0] ^= 1
		_, err := s.updateSigned(payload, sigs)
		require.ErrorIs(t, err, types.ErrInvalidSignature)
	})
	t.Run("a stale version is refused", func(t *testing.T) {
		_, err := s.update(aliceDoc, "0000", alice.With(1, types.KEY_SOURCE_CURRENT))
		require.ErrorIs(t, err, types.ErrVersionMismatch)
	})
	t.Run("a front-run create with someone else's id is refused", func(t *testing.T) {
		victim := didtest.NewIdentity(t, ns)
		stolen := mallory.Doc.Clone()
		stolen.Id = victim.DID()
		for i := range stolen.VerificationMethod {
			stolen.VerificationMethod[i].Id = victim.DID() + "#key-1"
			stolen.VerificationMethod[i].Controller = victim.DID()
		}
		for _, rel := range [][]types.VerificationRelationship{stolen.Authentication, stolen.AssertionMethod, stolen.CapabilityInvocation} {
			rel[0].Reference = victim.DID() + "#key-1"
		}
		payload := types.CreateDidPayload{Document: stolen}
		_, err := s.createSigned(payload, didtest.Sign(t, apptest.ChainID, &payload,
			didtest.Signer{MethodID: victim.DID() + "#key-1", Key: mallory.Keys[0], Source: types.KEY_SOURCE_NEW}))
		require.ErrorIs(t, err, types.ErrNotSelfCertifying)
	})

	// Replay: the exact message that created v2 cannot be applied again.
	payload := types.UpdateDidPayload{Document: aliceDoc, ExpectedVersionId: v1}
	sigs := didtest.Sign(t, apptest.ChainID, &payload, alice.With(1, types.KEY_SOURCE_CURRENT))
	v2, err := s.updateSigned(payload, sigs)
	require.NoError(t, err)
	t.Run("a replayed update is refused", func(t *testing.T) {
		_, err := s.updateSigned(payload, sigs)
		require.ErrorIs(t, err, types.ErrVersionMismatch)
	})
	t.Run("a replayed create is refused", func(t *testing.T) {
		_, err := s.create(alice)
		require.ErrorIs(t, err, types.ErrDidExists)
	})

	_, err = s.deactivate(alice.DID(), v2, alice.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err)
	latest := s.resolve(alice.DID()).Metadata.VersionId
	t.Run("an update after deactivation is refused", func(t *testing.T) {
		_, err := s.update(aliceDoc, latest, alice.With(1, types.KEY_SOURCE_CURRENT))
		require.ErrorIs(t, err, types.ErrDidDeactivated)
	})
	t.Run("a second deactivation is refused", func(t *testing.T) {
		_, err := s.deactivate(alice.DID(), latest, alice.With(1, types.KEY_SOURCE_CURRENT))
		require.ErrorIs(t, err, types.ErrDidDeactivated)
	})
	t.Run("re-creating a deactivated id is refused", func(t *testing.T) {
		_, err := s.create(alice)
		require.ErrorIs(t, err, types.ErrDidExists)
	})
	t.Run("a deactivated controller's key signs nothing", func(t *testing.T) {
		dependent := didtest.NewIdentity(t, ns)
		dependent.Doc.Controller = []string{alice.DID()}
		_, err := s.create(dependent, alice.With(1, types.KEY_SOURCE_CURRENT))
		require.ErrorIs(t, err, types.ErrControllerDeactivated)
	})
	t.Run("deactivating by a non-controller is refused", func(t *testing.T) {
		vm := s.resolve(mallory.DID()).Metadata.VersionId
		_, err := s.deactivate(mallory.DID(), vm, s.aliceLikeSigner(t))
		require.ErrorIs(t, err, types.ErrMissingSignature)
	})
}

// aliceLikeSigner returns a valid signature by a fresh, existing DID, which
// controls nothing else.
func (s *suite) aliceLikeSigner(t *testing.T) didtest.Signer {
	other := didtest.NewIdentity(t, ns)
	s.mustCreate(other)
	return other.With(1, types.KEY_SOURCE_CURRENT)
}

func TestBadDocumentsAreRefused(t *testing.T) {
	s := newSuite(t)
	cases := []struct {
		name   string
		mutate func(id *didtest.Identity)
		want   error
	}{
		{"a DID of another namespace", func(id *didtest.Identity) { renameDID(id, "did:ndi:mainnet:"+uniqueID(id)) }, types.ErrWrongNamespace},
		{"a DID of another method", func(id *didtest.Identity) { id.Doc.Id = "did:web:" + uniqueID(id) }, types.ErrInvalidDid},
		{"a malformed unique-id", func(id *didtest.Identity) { renameDID(id, "did:ndi:local:0OIl") }, types.ErrInvalidDid},
		{"an unknown key type", func(id *didtest.Identity) { id.Doc.VerificationMethod[0].Type = "RsaVerificationKey2018" }, didsig.ErrUnsupportedKeyType},
		{"bad multibase", func(id *didtest.Identity) { id.Doc.VerificationMethod[0].PublicKeyMultibase = "mAAAA" }, didsig.ErrInvalidMultibase},
		{"a JWK with a bad curve", func(id *didtest.Identity) {
			id.Doc.VerificationMethod[0].Type = didsig.MethodTypeJSONWebKey2020
			id.Doc.VerificationMethod[0].PublicKeyMultibase = ""
			id.Doc.VerificationMethod[0].PublicKeyJwk = &types.Jwk{Kty: "OKP", Crv: "X448", X: "AAAA"}
		}, didsig.ErrInvalidJWK},
		{"no verification method", func(id *didtest.Identity) {
			id.Doc.VerificationMethod = nil
			id.Doc.Authentication, id.Doc.AssertionMethod, id.Doc.CapabilityInvocation = nil, nil, nil
		}, types.ErrInvalidDocument},
		{"a missing DID context", func(id *didtest.Identity) { id.Doc.Context = []string{"https://example.com/ctx"} }, types.ErrInvalidDocument},
		{"a reference to a missing method", func(id *didtest.Identity) {
			id.Doc.Authentication = append(id.Doc.Authentication, types.VerificationRelationship{Reference: id.DID() + "#ghost"})
		}, types.ErrInvalidDocument},
		{"a duplicate method id", func(id *didtest.Identity) {
			id.Doc.VerificationMethod = append(id.Doc.VerificationMethod, id.Doc.VerificationMethod[0])
		}, types.ErrDuplicateID},
		{"a method id under another DID", func(id *didtest.Identity) {
			id.Doc.VerificationMethod = append(id.Doc.VerificationMethod, types.VerificationMethod{
				Id: "did:ndi:local:" + uniqueID(didtest.NewIdentity(t, ns)) + "#k", Type: didsig.MethodTypeMultikey,
				Controller: id.DID(), PublicKeyMultibase: id.Doc.VerificationMethod[0].PublicKeyMultibase,
			})
		}, types.ErrInvalidDocument},
		{"a service endpoint that is not JSON", func(id *didtest.Identity) {
			id.Doc.Service = []types.Service{{Id: id.DID() + "#s", Type: []string{"X"}, ServiceEndpoint: "https://not-quoted"}}
		}, types.ErrInvalidDocument},
		{"a service without type", func(id *didtest.Identity) {
			id.Doc.Service = []types.Service{{Id: id.DID() + "#s", ServiceEndpoint: `"https://a.example"`}}
		}, types.ErrInvalidDocument},
		{"too many services", func(id *didtest.Identity) {
			for i := range types.DefaultMaxServices + 1 {
				id.Doc.Service = append(id.Doc.Service, types.Service{Id: id.DID() + "#s" + itoa(i), Type: []string{"X"}, ServiceEndpoint: `"https://a.example"`})
			}
		}, types.ErrTooManyServices},
		{"too many verification methods", func(id *didtest.Identity) {
			for i := range types.DefaultMaxVerificationMethods {
				vm := id.Doc.VerificationMethod[0]
				vm.Id = id.DID() + "#extra-" + itoa(i)
				id.Doc.VerificationMethod = append(id.Doc.VerificationMethod, vm)
			}
		}, types.ErrTooManyMethods},
		{"an id over the length limit", func(id *didtest.Identity) {
			long := make([]byte, types.DefaultMaxIDLength)
			for i := range long {
				long[i] = 'a'
			}
			id.Doc.Service = []types.Service{{Id: id.DID() + "#" + string(long), Type: []string{"X"}, ServiceEndpoint: `"https://a.example"`}}
		}, types.ErrIDTooLong},
		{"a document over the size limit", func(id *didtest.Identity) {
			big := make([]byte, 2000)
			for i := range big {
				big[i] = 'a'
			}
			for i := range 20 {
				id.Doc.AlsoKnownAs = append(id.Doc.AlsoKnownAs, "https://a.example/"+itoa(i)+string(big))
			}
		}, types.ErrDocumentTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			id := didtest.NewIdentity(t, ns)
			tc.mutate(id)
			before := s.stored(t)
			_, err := s.create(id)
			require.ErrorIs(t, err, tc.want)
			require.Equal(t, before, s.stored(t), "nothing was stored")
		})
	}
}

func TestParamsAndGenesis(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	v1 := s.mustCreate(alice)
	_, err := s.deactivate(alice.DID(), v1, alice.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err)

	_, err = s.srv.UpdateParams(s.f.Ctx(), &types.MsgUpdateParams{Authority: s.submitter(), Params: types.DefaultParams()})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	bad := types.DefaultParams()
	bad.Namespace = "Not Valid"
	_, err = s.srv.UpdateParams(s.f.Ctx(), &types.MsgUpdateParams{Authority: s.f.GovAddress, Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams)

	exported, err := s.f.App.DidKeeper.ExportGenesis(s.f.Ctx())
	require.NoError(t, err)
	require.Len(t, exported.Dids, 1)
	require.Len(t, exported.Dids[0].Versions, 2)

	fresh := apptest.Setup(t, 1, 0)
	require.NoError(t, fresh.App.DidKeeper.InitGenesis(fresh.Ctx(), exported))
	again, err := fresh.App.DidKeeper.ExportGenesis(fresh.Ctx())
	require.NoError(t, err)
	require.Equal(t, exported, again, "export → import → export round-trips")

	res, err := keeper.NewQueryServerImpl(fresh.App.DidKeeper).Did(fresh.Ctx(), &types.QueryDidRequest{Id: alice.DID()})
	require.NoError(t, err)
	require.True(t, res.Metadata.Deactivated)
}

func TestAuthorizeAssertion(t *testing.T) {
	s := newSuite(t)
	issuer := didtest.NewIdentity(t, ns, didsig.Ed25519, didsig.P256)
	issuer.Doc.AssertionMethod = issuer.Doc.AssertionMethod[1:] // only key-2 asserts
	s.mustCreate(issuer)
	statement := &types.DeactivateDidPayload{Id: issuer.DID(), ExpectedVersionId: "revoke 42"}
	sign := func(n int, msg proto.Message) []types.DidSignature {
		return didtest.Sign(t, apptest.ChainID, msg, issuer.With(n, types.KEY_SOURCE_CURRENT))
	}
	ctx := s.f.Ctx()
	require.NoError(t, s.f.App.DidKeeper.AuthorizeAssertion(ctx, issuer.DID(), statement, sign(2, statement)))
	require.ErrorIs(t, s.f.App.DidKeeper.AuthorizeAssertion(ctx, issuer.DID(), statement, sign(1, statement)), types.ErrMissingSignature,
		"an authentication-only key cannot assert")
	other := &types.DeactivateDidPayload{Id: issuer.DID(), ExpectedVersionId: "revoke 43"}
	require.ErrorIs(t, s.f.App.DidKeeper.AuthorizeAssertion(ctx, issuer.DID(), other, sign(2, statement)), types.ErrInvalidSignature)
	require.ErrorIs(t, s.f.App.DidKeeper.AuthorizeAssertion(ctx, "did:ndi:local:"+uniqueID(didtest.NewIdentity(t, ns)), statement, sign(2, statement)), types.ErrDidNotFound)
	// x/did computes the sign bytes with this chain's id: a signature made
	// for another network does not authorize here.
	elsewhere := didtest.Sign(t, "ndi-other-1", statement, issuer.With(2, types.KEY_SOURCE_CURRENT))
	require.ErrorIs(t, s.f.App.DidKeeper.AuthorizeAssertion(ctx, issuer.DID(), statement, elsewhere), types.ErrInvalidSignature)
}

func TestSubmitterMustBeAnAddress(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	payload := types.CreateDidPayload{Document: alice.Doc}
	_, err := s.srv.CreateDid(s.f.Ctx(), &types.MsgCreateDid{Submitter: "nobody", Payload: payload,
		Signatures: didtest.Sign(t, apptest.ChainID, &payload, alice.With(1, types.KEY_SOURCE_NEW))})
	require.ErrorIs(t, err, types.ErrInvalidSubmitter)
}

func uniqueID(id *didtest.Identity) string {
	d, err := types.ParseDID(id.DID())
	if err != nil {
		panic(err)
	}
	return d.UniqueID
}

// renameDID moves every id of the document under newDID.
func renameDID(id *didtest.Identity, newDID string) {
	old := id.Doc.Id
	id.Doc.Id = newDID
	for i := range id.Doc.VerificationMethod {
		id.Doc.VerificationMethod[i].Id = newDID + id.Doc.VerificationMethod[i].Id[len(old):]
		id.Doc.VerificationMethod[i].Controller = newDID
	}
	for _, rel := range [][]types.VerificationRelationship{id.Doc.Authentication, id.Doc.AssertionMethod, id.Doc.CapabilityInvocation} {
		for i := range rel {
			rel[i].Reference = newDID + rel[i].Reference[len(old):]
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestStateAt(t *testing.T) {
	s := newSuite(t)
	alice := didtest.NewIdentity(t, ns)
	v1 := s.mustCreate(alice)
	created := s.resolve(alice.DID()).Metadata.Created
	_, err := s.deactivate(alice.DID(), v1, alice.With(1, types.KEY_SOURCE_CURRENT))
	require.NoError(t, err)
	deactivatedAt := *s.resolve(alice.DID()).Metadata.Updated

	k := s.f.App.DidKeeper
	for _, tc := range []struct {
		at                  time.Time
		exists, deactivated bool
	}{
		{created.Add(-time.Second), false, false},
		{created, true, false},
		{deactivatedAt.Add(-time.Second), true, false},
		{deactivatedAt, true, true},
	} {
		exists, deactivated, err := k.StateAt(s.f.Ctx(), alice.DID(), tc.at)
		require.NoError(t, err)
		require.Equal(t, tc.exists, exists, tc.at)
		require.Equal(t, tc.deactivated, deactivated, tc.at)
	}
	exists, _, err := k.StateAt(s.f.Ctx(), "did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF", deactivatedAt)
	require.NoError(t, err)
	require.False(t, exists)
}
