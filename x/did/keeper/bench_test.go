package keeper_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/x/did/keeper"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

// benchFixture is the in-memory app with x/did's message and query
// services, as a transaction and a verifier reach them.
type benchFixture struct {
	f         *apptest.Fixture
	srv       types.MsgServer
	q         types.QueryServer
	submitter string
}

func newBenchFixture(b testing.TB) *benchFixture {
	b.Helper()
	f := apptest.Setup(b, 1, 1)
	return &benchFixture{
		f:         f,
		srv:       keeper.NewMsgServerImpl(f.App.DidKeeper, f.App.AccountKeeper.AddressCodec()),
		q:         keeper.NewQueryServerImpl(f.App.DidKeeper),
		submitter: f.Users[0].Address.String(),
	}
}

// createMsg returns a signed create of id's document.
func (bf *benchFixture) createMsg(b testing.TB, id *didtest.Identity) *types.MsgCreateDid {
	b.Helper()
	payload := types.CreateDidPayload{Document: id.Doc}
	return &types.MsgCreateDid{
		Submitter: bf.submitter, Payload: payload,
		Signatures: didtest.Sign(b, apptest.ChainID, &payload, id.With(1, types.KEY_SOURCE_NEW)),
	}
}

// updateMsg returns an update of id to a document that differs from the
// previous one by its alsoKnownAs, signed by key 1.
func (bf *benchFixture) updateMsg(b testing.TB, id *didtest.Identity, expected string, n int) *types.MsgUpdateDid {
	b.Helper()
	bz, err := id.Doc.Marshal()
	require.NoError(b, err)
	var doc types.DidDocument
	require.NoError(b, doc.Unmarshal(bz))
	doc.AlsoKnownAs = []string{fmt.Sprintf("https://registry.example/citizens/%d", n)}
	payload := types.UpdateDidPayload{Document: doc, ExpectedVersionId: expected}
	return &types.MsgUpdateDid{
		Submitter: bf.submitter, Payload: payload,
		Signatures: didtest.Sign(b, apptest.ChainID, &payload, id.With(1, types.KEY_SOURCE_CURRENT)),
	}
}

// withVersions creates a DID and updates it until it has n versions, one
// block each, and returns it with its version ids and times.
func (bf *benchFixture) withVersions(b testing.TB, n int) (*didtest.Identity, []string, []time.Time) {
	b.Helper()
	id := didtest.NewIdentity(b, ns)
	res, err := bf.srv.CreateDid(bf.f.Ctx(), bf.createMsg(b, id))
	require.NoError(b, err)
	bf.f.NextBlock(b)
	ids := []string{res.VersionId}
	for i := 1; i < n; i++ {
		upd, err := bf.srv.UpdateDid(bf.f.Ctx(), bf.updateMsg(b, id, ids[i-1], i))
		require.NoError(b, err)
		bf.f.NextBlock(b)
		ids = append(ids, upd.VersionId)
	}
	versions, err := bf.q.DidVersions(bf.f.Ctx(), &types.QueryDidVersionsRequest{Id: id.DID()})
	require.NoError(b, err)
	require.Len(b, versions.Versions, n)
	times := make([]time.Time, n)
	for i, v := range versions.Versions {
		require.Equal(b, ids[i], v.Metadata.VersionId)
		times[i] = v.Metadata.Created
		if v.Metadata.Updated != nil {
			times[i] = *v.Metadata.Updated
		}
	}
	return id, ids, times
}

// BenchmarkCreateDid measures a create through the message service:
// document validation, self-certification, signature verification and the
// writes. Identities and signatures are made before the timer starts.
func BenchmarkCreateDid(b *testing.B) {
	bf := newBenchFixture(b)
	msgs := make([]*types.MsgCreateDid, b.N)
	for i := range msgs {
		msgs[i] = bf.createMsg(b, didtest.NewIdentity(b, ns))
	}
	// Every create goes into one block: Ctx writes straight to the store.
	ctx := bf.f.Ctx()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := bf.srv.CreateDid(ctx, msgs[i]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateDid measures successive updates of one DID, each naming
// the version the previous one wrote. Signing is outside the timer.
func BenchmarkUpdateDid(b *testing.B) {
	bf := newBenchFixture(b)
	id := didtest.NewIdentity(b, ns)
	res, err := bf.srv.CreateDid(bf.f.Ctx(), bf.createMsg(b, id))
	require.NoError(b, err)
	bf.f.NextBlock(b)
	expected := res.VersionId
	ctx := bf.f.Ctx()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		msg := bf.updateMsg(b, id, expected, i)
		b.StartTimer()
		upd, err := bf.srv.UpdateDid(ctx, msg)
		if err != nil {
			b.Fatal(err)
		}
		expected = upd.VersionId
	}
}

// BenchmarkResolveDid measures resolving the latest version of a DID with
// 10 versions.
func BenchmarkResolveDid(b *testing.B) {
	bf := newBenchFixture(b)
	id, ids, _ := bf.withVersions(b, 10)
	ctx := bf.f.Ctx()
	req := &types.QueryDidRequest{Id: id.DID()}
	res, err := bf.q.Did(ctx, req)
	require.NoError(b, err)
	require.Equal(b, ids[9], res.Metadata.VersionId)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := bf.q.Did(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolveDidAtTime measures resolving a DID with 10 versions at a
// version_time in the middle of its history (between versions 5 and 6).
func BenchmarkResolveDidAtTime(b *testing.B) {
	bf := newBenchFixture(b)
	id, ids, times := bf.withVersions(b, 10)
	at := times[4].Add(times[5].Sub(times[4]) / 2)
	require.True(b, at.Before(times[5]) && !at.Before(times[4]))
	ctx := bf.f.Ctx()
	req := &types.QueryDidRequest{Id: id.DID(), VersionTime: &at}
	res, err := bf.q.Did(ctx, req)
	require.NoError(b, err)
	require.Equal(b, ids[4], res.Metadata.VersionId)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := bf.q.Did(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
