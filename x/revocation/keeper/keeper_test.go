package keeper_test

import (
	"context"
	"fmt"
	goruntime "runtime"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	"github.com/ndi-chain/ndi/x/revocation/keeper"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

const (
	chainID   = "ndi-test-1"
	issuerDID = "did:ndi:local:9PqXGvX2ZGKKg2x3GgQAMF"
	otherDID  = "did:ndi:local:VNZFjaiHSYd2KUv5ivm6jV"
)

var (
	addressCodec = addresscodec.NewBech32Codec("ndi")
	submitter    = mustAddress(1)
	authority    = mustAddress(2)
)

func mustAddress(b byte) string {
	bz := make([]byte, 20)
	bz[19] = b
	s, err := addressCodec.BytesToString(bz)
	if err != nil {
		panic(err)
	}
	return s
}

// fakeDids knows one assertion key per DID and checks the first signature
// against it over the payload's sign bytes on the context's chain, as
// x/did's AuthorizeAssertion would.
type fakeDids struct {
	keys map[string]didsig.PublicKey
}

func (f fakeDids) AuthorizeAssertion(ctx context.Context, did string, payload proto.Message, sigs []didtypes.DidSignature) error {
	signBytes, err := didtypes.SignBytes(sdk.UnwrapSDKContext(ctx).ChainID(), payload)
	if err != nil {
		return err
	}
	key, ok := f.keys[did]
	if !ok {
		return didtypes.ErrDidNotFound.Wrap(did)
	}
	if len(sigs) == 0 || sigs[0].VerificationMethodId != did+"#key-1" {
		return didtypes.ErrMissingSignature.Wrapf("%s must sign", did)
	}
	if err := key.Verify(signBytes, sigs[0].Signature); err != nil {
		return didtypes.ErrInvalidSignature.Wrap(err.Error())
	}
	return nil
}

// fakeAccreditations says which DIDs are active issuers now.
type fakeAccreditations struct {
	active map[string]bool
}

func (f fakeAccreditations) CheckActiveIssuer(_ context.Context, did string) error {
	if f.active[did] {
		return nil
	}
	return didtypes.ErrUnauthorized.Wrapf("%s holds no active ISSUER accreditation", did)
}

var errNotIssuer = didtypes.ErrUnauthorized

type fixture struct {
	t        testing.TB
	ctx      sdk.Context
	cms      interface{ Commit() storetypes.CommitID }
	key      *storetypes.KVStoreKey
	k        keeper.Keeper
	srv      types.MsgServer
	q        types.QueryServer
	issuer   didsig.PrivateKey
	other    didsig.PrivateKey
	accredit fakeAccreditations
	now      time.Time
}

func newFixture(t testing.TB) *fixture { return newFixtureWith(t, nil) }

// newFixtureWith builds the fixture with the keeper's store service passed
// through wrap (when not nil), to watch how the keeper uses its store.
func newFixtureWith(t testing.TB, wrap func(store.KVStoreService) store.KVStoreService) *fixture {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_test"))
	enc := moduletestutil.MakeTestEncodingConfig()
	issuer, err := didsig.GeneratePrivateKey(didsig.Ed25519, nil)
	require.NoError(t, err)
	other, err := didsig.GeneratePrivateKey(didsig.P256, nil)
	require.NoError(t, err)
	issuerPub, _ := issuer.PublicKey()
	otherPub, _ := other.PublicKey()
	acc := fakeAccreditations{active: map[string]bool{issuerDID: true}}
	storeService := runtime.NewKVStoreService(key)
	if wrap != nil {
		storeService = wrap(storeService)
	}
	k := keeper.NewKeeper(enc.Codec, storeService, authority,
		fakeDids{keys: map[string]didsig.PublicKey{issuerDID: issuerPub, otherDID: otherPub}}, acc)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ctx := tctx.Ctx.WithChainID(chainID).WithBlockHeight(10).WithBlockTime(now)
	require.NoError(t, k.InitGenesis(ctx, types.DefaultGenesis()))
	return &fixture{t: t, ctx: ctx, cms: tctx.CMS, key: key, k: k, srv: keeper.NewMsgServerImpl(k, addressCodec), q: keeper.NewQueryServerImpl(k),
		issuer: issuer, other: other, accredit: acc, now: now}
}

// nextBlock commits the store and moves the context on by one block and
// five seconds.
func (f *fixture) nextBlock() {
	f.cms.Commit()
	f.now = f.now.Add(5 * time.Second)
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1).WithBlockTime(f.now)
}

func (f *fixture) sign(key didsig.PrivateKey, did string, chain string, payload proto.Message) []didtypes.DidSignature {
	f.t.Helper()
	return didtest.Sign(f.t, chain, payload, didtest.Signer{MethodID: did + "#key-1", Key: key, Source: didtypes.KEY_SOURCE_CURRENT})
}

func (f *fixture) create(name string, purpose types.StatusPurpose, size uint64) (string, error) {
	p := &types.CreateStatusListPayload{IssuerDid: issuerDID, Name: name, Purpose: purpose, SizeBits: size}
	res, err := f.srv.CreateStatusList(f.ctx, &types.MsgCreateStatusList{Submitter: submitter, Payload: *p, Signatures: f.sign(f.issuer, issuerDID, chainID, p)})
	if err != nil {
		return "", err
	}
	return res.ListId, nil
}

func (f *fixture) mustCreate(name string, purpose types.StatusPurpose) string {
	id, err := f.create(name, purpose, types.MinSizeBits)
	require.NoError(f.t, err)
	return id
}

func (f *fixture) update(p types.UpdateStatusListPayload) (*types.MsgUpdateStatusListResponse, error) {
	return f.srv.UpdateStatusList(f.ctx, &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: f.sign(f.issuer, issuerDID, chainID, &p)})
}

func (f *fixture) seq(id string) uint64 {
	l, err := f.k.Lists.Get(f.ctx, id)
	require.NoError(f.t, err)
	return l.Sequence
}

func (f *fixture) status(id string, index uint64, at *time.Time) *types.QueryCredentialStatusResponse {
	f.t.Helper()
	res, err := f.q.CredentialStatus(f.ctx, types.NewQueryCredentialStatusRequest(id, index, at))
	require.NoError(f.t, err)
	return res
}

// lowerMaxIndices sets max_indices_per_update to max and returns it.
func (f *fixture) lowerMaxIndices(max uint64) uint64 {
	f.t.Helper()
	params, err := f.k.Params.Get(f.ctx)
	require.NoError(f.t, err)
	params.MaxIndicesPerUpdate = max
	require.NoError(f.t, f.k.Params.Set(f.ctx, params))
	return max
}

// stored is the whole x/revocation store (apptest.StoreContents).
func (f *fixture) stored(t testing.TB) []string {
	t.Helper()
	return apptest.StoreContents(t, f.ctx, f.key)
}

func (f *fixture) bits(id string, at *time.Time) []byte {
	f.t.Helper()
	res, err := f.q.StatusList(f.ctx, &types.QueryStatusListRequest{ListId: id, AtTime: at})
	require.NoError(f.t, err)
	bits, err := types.DecodeList(res.EncodedList)
	require.NoError(f.t, err)
	return bits
}

func TestRevokeSuspendAndReinstate(t *testing.T) {
	f := newFixture(t)
	rev := f.mustCreate("degrees", types.STATUS_PURPOSE_REVOCATION)
	sus := f.mustCreate("degrees-suspended", types.STATUS_PURPOSE_SUSPENSION)
	created := f.now
	f.nextBlock()

	res, err := f.update(types.UpdateStatusListPayload{ListId: rev, Set: []uint64{0, 42, 131071}, SetRanges: []types.IndexRange{{Start: 1000, End: 1009}}})
	require.NoError(t, err)
	require.Equal(t, uint64(13), res.SetCount)
	revokedAt := f.now
	f.nextBlock()

	_, err = f.update(types.UpdateStatusListPayload{ListId: sus, Set: []uint64{7, 8}})
	require.NoError(t, err)
	suspendedAt := f.now
	f.nextBlock()
	_, err = f.update(types.UpdateStatusListPayload{ListId: sus, ExpectedSequence: 1, Clear: []uint64{7}})
	require.NoError(t, err)
	reinstatedAt := f.now

	st := f.status(rev, 42, nil)
	require.True(t, st.Set)
	require.True(t, st.Changed)
	require.Equal(t, revokedAt, st.ChangedTime)
	require.False(t, f.status(rev, 43, nil).Set)
	require.False(t, f.status(rev, 43, nil).Changed)
	require.True(t, f.status(rev, 1009, nil).Set)
	require.False(t, f.status(rev, 1010, nil).Set)

	require.False(t, f.status(sus, 7, nil).Set, "reinstated")
	require.Equal(t, reinstatedAt, f.status(sus, 7, nil).ChangedTime)
	require.True(t, f.status(sus, 8, nil).Set)

	// History: before the revocation the credential was valid.
	before := revokedAt.Add(-time.Second)
	require.False(t, f.status(rev, 42, &before).Set)
	require.True(t, f.status(rev, 42, &revokedAt).Set)
	require.True(t, f.status(sus, 7, &suspendedAt).Set, "suspended then")
	beforeCreation := created.Add(-time.Second)
	_, err = f.q.CredentialStatus(f.ctx, types.NewQueryCredentialStatusRequest(rev, 1, &beforeCreation))
	require.Equal(t, codes.NotFound, status.Code(err))

	// The whole list agrees bit for bit, now and in the past.
	now := f.bits(rev, nil)
	require.Len(t, now, types.MinSizeBits/8)
	for _, i := range []uint64{0, 42, 131071, 1000, 1009} {
		require.True(t, types.Bit(now, i))
	}
	require.Equal(t, 13, popcount(now))
	require.Zero(t, popcount(f.bits(rev, &before)))
}

func TestUpdatesWriteOnlyTouchedChunks(t *testing.T) {
	f := newFixture(t)
	id := f.mustCreate("big", types.STATUS_PURPOSE_REVOCATION)
	list, err := f.k.Lists.Get(f.ctx, id)
	require.NoError(t, err)
	_, err = f.update(types.UpdateStatusListPayload{ListId: id, Set: []uint64{5, types.ChunkBits*3 + 1}})
	require.NoError(t, err)
	var chunks []uint64
	require.NoError(t, f.k.ChunkHeads.Walk(f.ctx, nil, func(k collections.Pair[uint64, uint64], _ types.ChunkHead) (bool, error) {
		if k.K1() == list.Number {
			chunks = append(chunks, k.K2())
		}
		return false, nil
	}))
	require.Equal(t, []uint64{0, 3}, chunks)
}

func TestBadUpdatesAreRefusedAndChangeNothing(t *testing.T) {
	f := newFixture(t)
	rev := f.mustCreate("rev", types.STATUS_PURPOSE_REVOCATION)
	sus := f.mustCreate("sus", types.STATUS_PURPOSE_SUSPENSION)
	_, err := f.update(types.UpdateStatusListPayload{ListId: rev, Set: []uint64{1}})
	require.NoError(t, err)
	// The default limit exceeds this list's size; a lower one makes an
	// oversized batch that still lies within the list.
	max := f.lowerMaxIndices(1000)

	cases := []struct {
		name string
		p    types.UpdateStatusListPayload
		want error
	}{
		{"an index out of range", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 1, Set: []uint64{2, types.MinSizeBits}}, types.ErrIndexOutOfRange},
		{"a range past the end", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 1, SetRanges: []types.IndexRange{{Start: 10, End: types.MinSizeBits}}}, types.ErrIndexOutOfRange},
		{"a reversed range", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 1, SetRanges: []types.IndexRange{{Start: 10, End: 9}}}, types.ErrInvalidRange},
		{"a duplicate index", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 1, Set: []uint64{5, 6, 5}}, types.ErrDuplicateIndex},
		{"an index both in set and in a range", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 1, Set: []uint64{15}, SetRanges: []types.IndexRange{{Start: 10, End: 20}}}, types.ErrDuplicateIndex},
		{"an index both set and cleared", types.UpdateStatusListPayload{ListId: sus, Set: []uint64{3}, Clear: []uint64{3}}, types.ErrDuplicateIndex},
		{"a clear on a revocation list", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 1, Clear: []uint64{1}}, types.ErrClearOnRevocation},
		{"a stale sequence", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 0, Set: []uint64{2}}, types.ErrSequenceMismatch},
		{"a future sequence", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 7, Set: []uint64{2}}, types.ErrSequenceMismatch},
		{"an oversized batch", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 1, SetRanges: []types.IndexRange{{Start: 2, End: 2 + max}}}, types.ErrBatchTooLarge},
		{"an empty update", types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 1}, types.ErrEmptyUpdate},
		{"an unknown list", types.UpdateStatusListPayload{ListId: issuerDID + "/status/nope", Set: []uint64{2}}, types.ErrListNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			before := f.stored(t)
			_, err := f.update(tc.p)
			require.ErrorIs(t, err, tc.want)
			require.Equal(t, before, f.stored(t), "a refused update changes nothing")
			require.Equal(t, uint64(1), f.seq(rev))
		})
	}

	t.Run("a replayed update is refused", func(t *testing.T) {
		p := types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: 1, Set: []uint64{9}}
		msg := &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: f.sign(f.issuer, issuerDID, chainID, &p)}
		_, err := f.srv.UpdateStatusList(f.ctx, msg)
		require.NoError(t, err)
		_, err = f.srv.UpdateStatusList(f.ctx, msg)
		require.ErrorIs(t, err, types.ErrSequenceMismatch)
	})
	t.Run("a signature by another DID's key is refused", func(t *testing.T) {
		p := types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: f.seq(rev), Set: []uint64{11}}
		_, err := f.srv.UpdateStatusList(f.ctx, &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: f.sign(f.other, issuerDID, chainID, &p)})
		require.ErrorIs(t, err, didtypes.ErrInvalidSignature)
	})
	t.Run("a signature over another chain-id is refused", func(t *testing.T) {
		p := types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: f.seq(rev), Set: []uint64{11}}
		_, err := f.srv.UpdateStatusList(f.ctx, &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: f.sign(f.issuer, issuerDID, "ndi-other-1", &p)})
		require.ErrorIs(t, err, didtypes.ErrInvalidSignature)
	})
	t.Run("a bad submitter is refused", func(t *testing.T) {
		p := types.UpdateStatusListPayload{ListId: rev, ExpectedSequence: f.seq(rev), Set: []uint64{11}}
		_, err := f.srv.UpdateStatusList(f.ctx, &types.MsgUpdateStatusList{Submitter: "nobody", Payload: p, Signatures: f.sign(f.issuer, issuerDID, chainID, &p)})
		require.ErrorIs(t, err, types.ErrInvalidSubmitter)
	})
}

func TestCreateStatusListRules(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name    string
		issuer  string
		key     didsig.PrivateKey
		list    string
		purpose types.StatusPurpose
		size    uint64
		want    error
	}{
		{"a list smaller than 131072 entries", issuerDID, f.issuer, "small", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits - 8, types.ErrInvalidSize},
		{"a size not a multiple of 8", issuerDID, f.issuer, "odd", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits + 1, types.ErrInvalidSize},
		{"a list over the size limit", issuerDID, f.issuer, "huge", types.STATUS_PURPOSE_REVOCATION, types.DefaultMaxSizeBits + 8, types.ErrInvalidSize},
		{"no purpose", issuerDID, f.issuer, "nopurpose", types.STATUS_PURPOSE_UNSPECIFIED, types.MinSizeBits, types.ErrInvalidPurpose},
		{"a bad name", issuerDID, f.issuer, "Bad Name", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits, types.ErrInvalidListName},
		{"a malformed issuer DID", "did:ndi:local:0OIl", f.issuer, "x", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits, didtypes.ErrInvalidDid},
		{"a DID that is not an accredited issuer", otherDID, f.other, "x", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits, errNotIssuer},
		{"a list signed by another DID's key", issuerDID, f.other, "x", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits, didtypes.ErrInvalidSignature},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			p := &types.CreateStatusListPayload{IssuerDid: tc.issuer, Name: tc.list, Purpose: tc.purpose, SizeBits: tc.size}
			before := f.stored(t)
			_, err := f.srv.CreateStatusList(f.ctx, &types.MsgCreateStatusList{Submitter: submitter, Payload: *p, Signatures: f.sign(tc.key, tc.issuer, chainID, p)})
			require.ErrorIs(t, err, tc.want)
			require.Equal(t, before, f.stored(t), "a refused create stores nothing and takes no list number")
		})
	}
	f.mustCreate("once", types.STATUS_PURPOSE_REVOCATION)
	before := f.stored(t)
	_, err := f.create("once", types.STATUS_PURPOSE_SUSPENSION, types.MinSizeBits)
	require.ErrorIs(t, err, types.ErrListExists)
	require.Equal(t, before, f.stored(t), "a refused create stores nothing and takes no list number")
}

func TestIssuerRevokesAfterAccreditationLapses(t *testing.T) {
	f := newFixture(t)
	id := f.mustCreate("rev", types.STATUS_PURPOSE_REVOCATION)
	f.accredit.active[issuerDID] = false
	_, err := f.update(types.UpdateStatusListPayload{ListId: id, Set: []uint64{3}})
	require.NoError(t, err, "revocation power survives the accreditation")
	_, err = f.create("another", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits)
	require.ErrorIs(t, err, errNotIssuer, "but no new list")
}

func TestListsByIssuerAndGenesisRoundTrip(t *testing.T) {
	f := newFixture(t)
	a := f.mustCreate("a", types.STATUS_PURPOSE_REVOCATION)
	f.mustCreate("b", types.STATUS_PURPOSE_SUSPENSION)
	_, err := f.update(types.UpdateStatusListPayload{ListId: a, Set: []uint64{1, 2, 40000}})
	require.NoError(t, err)
	res, err := f.q.StatusListsByIssuer(f.ctx, &types.QueryStatusListsByIssuerRequest{IssuerDid: issuerDID})
	require.NoError(t, err)
	require.Len(t, res.Lists, 2)

	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	fresh := newFixture(t)
	require.NoError(t, fresh.k.InitGenesis(fresh.ctx, exported))
	again, err := fresh.k.ExportGenesis(fresh.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)
	require.True(t, fresh.status(a, 40000, nil).Set)
	id, err := fresh.create("c", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits)
	require.NoError(t, err)
	c, err := fresh.k.Lists.Get(fresh.ctx, id)
	require.NoError(t, err)
	require.Equal(t, uint64(2), c.Number, "list numbers continue after imported ones")
}

func TestParamsAuthority(t *testing.T) {
	f := newFixture(t)
	_, err := f.srv.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: submitter, Params: types.DefaultParams()})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	_, err = f.srv.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: authority, Params: types.Params{MaxIndicesPerUpdate: 0, MaxSizeBits: types.DefaultMaxSizeBits}})
	require.ErrorIs(t, err, types.ErrInvalidParams)
}

func popcount(bits []byte) int {
	n := 0
	for _, b := range bits {
		for ; b != 0; b &= b - 1 {
			n++
		}
	}
	return n
}

func TestExportSurvivesALoweredSizeLimit(t *testing.T) {
	f := newFixture(t)
	_, err := f.create("wide", types.STATUS_PURPOSE_REVOCATION, 2*types.MinSizeBits)
	require.NoError(t, err)
	_, err = f.srv.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: authority, Params: types.Params{MaxIndicesPerUpdate: 1000, MaxSizeBits: types.MinSizeBits}})
	require.NoError(t, err)
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate(), "a list created under the old limit stays valid")
	exported.Lists[0].Versions[0].Sequence = 5
	require.ErrorIs(t, exported.Validate(), types.ErrSequenceMismatch)
}

func TestStatusIsSaidInWords(t *testing.T) {
	f := newFixture(t)
	rev := f.mustCreate("rev", types.STATUS_PURPOSE_REVOCATION)
	sus := f.mustCreate("sus", types.STATUS_PURPOSE_SUSPENSION)
	_, err := f.update(types.UpdateStatusListPayload{ListId: rev, Set: []uint64{1}})
	require.NoError(t, err)
	_, err = f.update(types.UpdateStatusListPayload{ListId: sus, Set: []uint64{1}})
	require.NoError(t, err)
	require.Equal(t, "revoked", f.status(rev, 1, nil).Status)
	require.Equal(t, "suspended", f.status(sus, 1, nil).Status)
	require.Equal(t, "valid", f.status(rev, 2, nil).Status)
}

// hugeUpdate prepares the attack on work before authorization: a list of
// 2^21 entries, the largest batch limit governance may set (2^20), and an
// update whose one range of 2^20 indices is a few bytes on the wire but
// 8 MiB once expanded.
func hugeUpdate(t *testing.T) (*fixture, types.UpdateStatusListPayload) {
	f := newFixture(t)
	_, err := f.srv.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: authority,
		Params: types.Params{MaxIndicesPerUpdate: 1 << 20, MaxSizeBits: types.DefaultMaxSizeBits}})
	require.NoError(t, err)
	id, err := f.create("huge", types.STATUS_PURPOSE_REVOCATION, 1<<21)
	require.NoError(t, err)
	return f, types.UpdateStatusListPayload{ListId: id, SetRanges: []types.IndexRange{{Start: 0, End: 1<<20 - 1}}}
}

// allocated returns the bytes the heap allocated while fn ran.
func allocated(fn func()) uint64 {
	var before, after goruntime.MemStats
	goruntime.ReadMemStats(&before)
	fn()
	goruntime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// An expanded range of 2^20 indices is 8 MiB; a refusal that did not
// expand it allocates far less than 1 MiB.
const noExpansion = 1 << 20

func TestAnUnauthorizedHugeUpdateIsRefusedBeforeAnyWork(t *testing.T) {
	for _, tc := range []struct {
		name string
		sigs func(f *fixture, p *types.UpdateStatusListPayload) []didtypes.DidSignature
		want error
	}{
		{"signed by another key", func(f *fixture, p *types.UpdateStatusListPayload) []didtypes.DidSignature {
			return f.sign(f.other, issuerDID, chainID, p)
		}, didtypes.ErrInvalidSignature},
		{"unsigned", func(*fixture, *types.UpdateStatusListPayload) []didtypes.DidSignature { return nil }, didtypes.ErrMissingSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, p := hugeUpdate(t)
			msg := &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: tc.sigs(f, &p)}
			ctx := f.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
			var err error
			bytes := allocated(func() { _, err = f.srv.UpdateStatusList(ctx, msg) })
			require.ErrorIs(t, err, tc.want)
			require.Less(t, bytes, uint64(noExpansion), "the range was expanded before the signature was checked")
			require.Less(t, ctx.GasMeter().GasConsumed(), uint64(50_000), "gas for the declared indices is charged only once authorized")
			require.Zero(t, f.seq(p.ListId))
		})
	}
}

func TestAHugeUpdateRunsOutOfGasBeforeExpansion(t *testing.T) {
	f, p := hugeUpdate(t)
	msg := &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: f.sign(f.issuer, issuerDID, chainID, &p)}
	// Enough for the reads and the signature, far from 10 gas × 2^20.
	ctx := f.ctx.WithGasMeter(storetypes.NewGasMeter(200_000))
	var recovered any
	bytes := allocated(func() {
		defer func() { recovered = recover() }()
		_, _ = f.srv.UpdateStatusList(ctx, msg)
	})
	oog, ok := recovered.(storetypes.ErrorOutOfGas)
	require.True(t, ok, "want an out-of-gas panic, got %v", recovered)
	require.Equal(t, keeper.GasDescriptorIndices, oog.Descriptor)
	require.Less(t, bytes, uint64(noExpansion), "the range was expanded before its gas was consumed")
	require.Zero(t, f.seq(p.ListId))
}

func TestCheapChecksRefuseBeforeTheSignatureAndDuplicatesAfter(t *testing.T) {
	f := newFixture(t)
	rev := f.mustCreate("rev", types.STATUS_PURPOSE_REVOCATION)
	max := f.lowerMaxIndices(1000)
	// Out of range, a reversed range, a clear on a revocation list and an
	// oversized batch are refused from the message alone, whoever signed.
	for _, tc := range []struct {
		p    types.UpdateStatusListPayload
		want error
	}{
		{types.UpdateStatusListPayload{ListId: rev, Set: []uint64{types.MinSizeBits}}, types.ErrIndexOutOfRange},
		{types.UpdateStatusListPayload{ListId: rev, SetRanges: []types.IndexRange{{Start: 9, End: 8}}}, types.ErrInvalidRange},
		{types.UpdateStatusListPayload{ListId: rev, Clear: []uint64{1}}, types.ErrClearOnRevocation},
		{types.UpdateStatusListPayload{ListId: rev, SetRanges: []types.IndexRange{{Start: 0, End: max}}}, types.ErrBatchTooLarge},
		{types.UpdateStatusListPayload{ListId: rev}, types.ErrEmptyUpdate},
		{types.UpdateStatusListPayload{ListId: rev, SetPacked: []byte{0x80}}, types.ErrInvalidPacked},
		{types.UpdateStatusListPayload{ListId: rev, SetPacked: pack(t, types.MinSizeBits)}, types.ErrIndexOutOfRange},
		{types.UpdateStatusListPayload{ListId: rev, ClearPacked: pack(t, 1)}, types.ErrClearOnRevocation},
		{types.UpdateStatusListPayload{ListId: rev, Set: []uint64{1}, SetPacked: pack(t, scattered(int(max), types.MinSizeBits, 1)...)}, types.ErrBatchTooLarge},
	} {
		_, err := f.srv.UpdateStatusList(f.ctx, &types.MsgUpdateStatusList{Submitter: submitter, Payload: tc.p, Signatures: f.sign(f.other, issuerDID, chainID, &tc.p)})
		require.ErrorIs(t, err, tc.want)
	}
	// A duplicate needs the sorted batch: an unauthorized sender learns only
	// that the signature is bad.
	p := types.UpdateStatusListPayload{ListId: rev, Set: []uint64{5, 5}}
	_, err := f.srv.UpdateStatusList(f.ctx, &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: f.sign(f.other, issuerDID, chainID, &p)})
	require.ErrorIs(t, err, didtypes.ErrInvalidSignature)
	_, err = f.update(p)
	require.ErrorIs(t, err, types.ErrDuplicateIndex)
	_, err = f.update(types.UpdateStatusListPayload{ListId: rev, Set: []uint64{5}, SetPacked: pack(t, 4, 5)})
	require.ErrorIs(t, err, types.ErrDuplicateIndex)
	sus := f.mustCreate("sus", types.STATUS_PURPOSE_SUSPENSION)
	_, err = f.update(types.UpdateStatusListPayload{ListId: sus, SetPacked: pack(t, 5), ClearPacked: pack(t, 5)})
	require.ErrorIs(t, err, types.ErrDuplicateIndex)
	require.Zero(t, f.seq(rev))
	require.Zero(t, f.seq(sus))
}

func pack(t *testing.T, idx ...uint64) []byte {
	t.Helper()
	enc, err := types.PackIndices(idx)
	require.NoError(t, err)
	return enc
}

// The packed form changes exactly what the same indices given plainly do.
func TestPackedUpdatesEqualPlainOnes(t *testing.T) {
	f := newFixture(t)
	plain := f.mustCreate("plain", types.STATUS_PURPOSE_SUSPENSION)
	packed := f.mustCreate("packed", types.STATUS_PURPOSE_SUSPENSION)
	set := scattered(5_000, types.MinSizeBits, 4)
	clear := set[:1000]
	for seq, op := range []struct{ set, clear []uint64 }{{set, nil}, {nil, clear}} {
		f.nextBlock()
		a, err := f.update(types.UpdateStatusListPayload{ListId: plain, ExpectedSequence: uint64(seq), Set: op.set, Clear: op.clear})
		require.NoError(t, err)
		b, err := f.update(types.UpdateStatusListPayload{ListId: packed, ExpectedSequence: uint64(seq), SetPacked: pack(t, op.set...), ClearPacked: pack(t, op.clear...)})
		require.NoError(t, err)
		require.Equal(t, a.SetCount, b.SetCount)
		require.Equal(t, a.ClearedCount, b.ClearedCount)
		require.Equal(t, f.bits(plain, nil), f.bits(packed, nil))
	}
	require.Equal(t, 4000, popcount(f.bits(packed, nil)))
}

func TestRequiredQueryInputsAreRequired(t *testing.T) {
	f := newFixture(t)
	rev := f.mustCreate("rev", types.STATUS_PURPOSE_REVOCATION)
	_, err := f.update(types.UpdateStatusListPayload{ListId: rev, Set: []uint64{0}})
	require.NoError(t, err)

	t.Run("a credential-status request without an index is InvalidArgument, not index 0", func(t *testing.T) {
		_, err := f.q.CredentialStatus(f.ctx, &types.QueryCredentialStatusRequest{ListId: rev})
		require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
		require.ErrorContains(t, err, "index is required")
	})
	t.Run("index 0 given explicitly is answered", func(t *testing.T) {
		res := f.status(rev, 0, nil)
		require.Equal(t, uint64(0), res.Index)
		require.Equal(t, "revoked", res.Status)
	})
	t.Run("a request without a list id is InvalidArgument", func(t *testing.T) {
		_, err := f.q.CredentialStatus(f.ctx, types.NewQueryCredentialStatusRequest("", 0, nil))
		require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
		require.ErrorContains(t, err, "list_id is required")
		_, err = f.q.StatusList(f.ctx, &types.QueryStatusListRequest{})
		require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
		_, err = f.q.StatusList(f.ctx, &types.QueryStatusListRequest{ListId: "degrees"})
		require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
		require.ErrorIs(t, err, types.ErrInvalidListID)
	})
	t.Run("lists of a malformed or missing issuer DID are InvalidArgument, not an empty page", func(t *testing.T) {
		for _, did := range []string{"", "did:ndi:local:0OIl", "not-a-did", issuerDID + "/status/rev"} {
			_, err := f.q.StatusListsByIssuer(f.ctx, &types.QueryStatusListsByIssuerRequest{IssuerDid: did})
			require.Equal(t, codes.InvalidArgument, status.Code(err), "%q: %v", did, err)
			require.ErrorIs(t, err, didtypes.ErrInvalidDid)
			require.ErrorContains(t, err, "issuer_did")
		}
		res, err := f.q.StatusListsByIssuer(f.ctx, &types.QueryStatusListsByIssuerRequest{IssuerDid: otherDID})
		require.NoError(t, err, "a well-formed DID without lists is an empty page")
		require.Empty(t, res.Lists)
	})
	t.Run("empty requests are InvalidArgument", func(t *testing.T) {
		_, err := f.q.CredentialStatus(f.ctx, nil)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		_, err = f.q.StatusList(f.ctx, nil)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		_, err = f.q.StatusListsByIssuer(f.ctx, nil)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		_, err = f.q.Params(f.ctx, nil)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
	})
}

func TestListPagesAreCappedServerSide(t *testing.T) {
	f := newFixture(t)
	const lists = types.MaxPageLimit + 5
	for i := range lists {
		p := &types.CreateStatusListPayload{IssuerDid: issuerDID, Name: fmt.Sprintf("l%03d", i), Purpose: types.STATUS_PURPOSE_REVOCATION, SizeBits: types.MinSizeBits}
		_, err := f.k.CreateStatusList(f.ctx, *p, f.sign(f.issuer, issuerDID, chainID, p))
		require.NoError(t, err)
	}
	res, err := f.q.StatusListsByIssuer(f.ctx, &types.QueryStatusListsByIssuerRequest{IssuerDid: issuerDID,
		Pagination: &query.PageRequest{Limit: 1_000_000}})
	require.NoError(t, err)
	require.Len(t, res.Lists, types.MaxPageLimit, "a limit of 1,000,000 is answered with the cap")
	require.NotEmpty(t, res.Pagination.NextKey, "and the rest is a next page away")
	rest, err := f.q.StatusListsByIssuer(f.ctx, &types.QueryStatusListsByIssuerRequest{IssuerDid: issuerDID,
		Pagination: &query.PageRequest{Key: res.Pagination.NextKey, Limit: 1_000_000}})
	require.NoError(t, err)
	require.Len(t, rest.Lists, lists-types.MaxPageLimit)
	require.Empty(t, rest.Pagination.NextKey)

	// Offset pages are capped too; without a limit the SDK default (100) applies.
	res, err = f.q.StatusListsByIssuer(f.ctx, &types.QueryStatusListsByIssuerRequest{IssuerDid: issuerDID,
		Pagination: &query.PageRequest{Offset: 1, Limit: 1_000_000, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, res.Lists, types.MaxPageLimit)
	require.Equal(t, uint64(lists), res.Pagination.Total)
	res, err = f.q.StatusListsByIssuer(f.ctx, &types.QueryStatusListsByIssuerRequest{IssuerDid: issuerDID})
	require.NoError(t, err)
	require.Len(t, res.Lists, int(query.DefaultLimit))
}
