package revocation_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
	"cosmossdk.io/client/v2/autocli"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	clitestutil "github.com/cosmos/cosmos-sdk/testutil/cli"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/network"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	"github.com/ndi-chain/ndi/x/revocation"
	"github.com/ndi-chain/ndi/x/revocation/client/cli"
	"github.com/ndi-chain/ndi/x/revocation/client/statuslist"
	"github.com/ndi-chain/ndi/x/revocation/types"
)

const (
	ns = didtypes.DefaultNamespace

	// revocationSize is the revocation list's size: 32 chunks of 16,384
	// bits, larger than the default max_indices_per_update (262,144) so an
	// oversized range fits in it.
	revocationSize = 4 * types.MinSizeBits
	// suspensionSize is the suspension list's size, the W3C minimum.
	suspensionSize = types.MinSizeBits
	// updateGas is the gas limit of status-list updates: an update writes one
	// key per changed index, far more than network.DefaultGas covers.
	updateGas = 20_000_000
)

// One in-process network serves the whole story: the SDK allows one per
// process, and starting it is the slow part.
func TestIssuerRevokesAndVerifierSeesItOverGRPCAndHTTP(t *testing.T) {
	n := network.New(t, network.Options{Validators: 1, VotingPeriod: 4 * time.Second})
	val := n.Validators[0]
	chainID := n.Config.ChainID
	submitter := val.Address.String()
	q := types.NewQueryClient(val.ClientCtx)
	ctx := context.Background()
	updateTx := network.TxOptions{Gas: updateGas}

	// The university's key lives in the validator's DID key store, so the
	// CLI can sign with it (--key university) as an operator would.
	university := network.KeyStoreIdentity(t, val, "university", ns)
	ministry := didtest.NewIdentity(t, ns)
	stranger := didtest.NewIdentity(t, ns)
	degree := accreditationtypes.CredentialTypeID(ministry.DID(), "degree")
	accreditation := accreditationtypes.AccreditationID(ministry.DID(), "uni")

	revocationID := types.ListID(university.DID(), "degrees-2026")
	suspensionID := types.ListID(university.DID(), "degrees-2026-suspended")

	createList := func(issuer *didtest.Identity, name string, purpose types.StatusPurpose, size uint64) *types.MsgCreateStatusList {
		payload := types.CreateStatusListPayload{IssuerDid: issuer.DID(), Name: name, Purpose: purpose, SizeBits: size}
		return &types.MsgCreateStatusList{Submitter: submitter, Payload: payload,
			Signatures: didtest.Sign(t, chainID, &payload, issuer.With(1, didtypes.KEY_SOURCE_CURRENT))}
	}
	update := func(payload types.UpdateStatusListPayload) *types.MsgUpdateStatusList {
		return &types.MsgUpdateStatusList{Submitter: submitter, Payload: payload,
			Signatures: didtest.Sign(t, chainID, &payload, university.With(1, didtypes.KEY_SOURCE_CURRENT))}
	}
	// What the chain recorded, filled in by the subtests that write it.
	var (
		listsCreated    time.Time // block time of the lists' creation
		listsHeight     int64
		revokedAt       time.Time // block time of the 2,000-index update
		revokedHeight   int64
		suspendedAt     time.Time
		suspendHeight   int64
		reinstatedAt    time.Time
		reinstateHeight int64
	)
	// Expected bitstrings, kept by the subtests that change the lists.
	revoked := make([]byte, revocationSize/8)
	suspended := make([]byte, suspensionSize/8)
	var singles []uint64          // revoked one by one (set)
	var ranges []types.IndexRange // revoked as ranges (set_ranges)
	suspendIdx := []uint64{7, 8, 16_383, 16_384, 100_000}
	reinstateIdx := uint64(16_384)

	t.Run("the ministry, the university and a stranger create their DIDs", func(t *testing.T) {
		network.RequireOK(t, network.CreateDIDs(t, n, val, ministry, university, stranger))
	})

	t.Run("governance makes the ministry a trust anchor", func(t *testing.T) {
		network.MakeTrustAnchor(t, n, ministry.DID(), "Ministry of Education")
	})

	t.Run("the ministry defines the degree type and accredits the university as an issuer", func(t *testing.T) {
		typePayload := accreditationtypes.RegisterCredentialTypePayload{CredentialType: network.DegreeType(ministry.DID())}
		accredit := accreditationtypes.AccreditPayload{AccreditorDid: ministry.DID(), Name: "uni", SubjectDid: university.DID(),
			Role: accreditationtypes.ROLE_ISSUER, Scope: []string{degree}}
		network.RequireOK(t, network.Broadcast(t, n, val,
			&accreditationtypes.MsgRegisterCredentialType{Submitter: submitter, Payload: typePayload,
				Signatures: didtest.Sign(t, chainID, &typePayload, ministry.With(1, didtypes.KEY_SOURCE_CURRENT))},
			&accreditationtypes.MsgAccredit{Submitter: submitter, Payload: accredit,
				Signatures: didtest.Sign(t, chainID, &accredit, ministry.With(1, didtypes.KEY_SOURCE_CURRENT))}))
		res, err := accreditationtypes.NewQueryClient(val.ClientCtx).VerifyIssuer(ctx,
			&accreditationtypes.QueryVerifyIssuerRequest{IssuerDid: university.DID(), CredentialTypeId: degree})
		require.NoError(t, err)
		require.True(t, res.Accredited, res.Reason)
	})

	t.Run("the university creates a revocation list and a suspension list", func(t *testing.T) {
		res := network.Broadcast(t, n, val,
			createList(university, "degrees-2026", types.STATUS_PURPOSE_REVOCATION, revocationSize),
			createList(university, "degrees-2026-suspended", types.STATUS_PURPOSE_SUSPENSION, suspensionSize))
		network.RequireOK(t, res)
		require.Equal(t, []string{revocationID, suspensionID}, network.EventValues(res, types.EventTypeCreateStatusList, types.AttributeKeyListID))
		require.Equal(t, []string{"revocation", "suspension"}, network.EventValues(res, types.EventTypeCreateStatusList, types.AttributeKeyPurpose))
		listsCreated, listsHeight = blockTime(t, res), res.Height
		t.Logf("two lists created: gas used %d", res.GasUsed)

		for _, want := range []struct {
			id      string
			purpose types.StatusPurpose
			size    uint64
		}{{revocationID, types.STATUS_PURPOSE_REVOCATION, revocationSize}, {suspensionID, types.STATUS_PURPOSE_SUSPENSION, suspensionSize}} {
			got, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: want.id})
			require.NoError(t, err)
			require.Equal(t, want.purpose, got.List.Purpose)
			require.Equal(t, want.size, got.List.SizeBits)
			require.Equal(t, university.DID(), got.List.IssuerDid)
			require.Zero(t, got.List.Sequence)
			require.Equal(t, listsHeight, got.List.CreatedHeight)
			require.True(t, listsCreated.Equal(got.List.Created), "created: want %s, got %s", listsCreated, got.List.Created)
			requireSameBits(t, make([]byte, want.size/8), got.EncodedList)
		}
	})

	t.Run("a DID without an ISSUER accreditation cannot create a list, nor can a name be taken twice", func(t *testing.T) {
		// A stranger, and the ministry itself: a trust anchor is not an issuer.
		for _, who := range []*didtest.Identity{stranger, ministry} {
			res := network.Broadcast(t, n, val, createList(who, "mine", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits))
			network.RequireRefused(t, res, accreditationtypes.ModuleName, accreditationtypes.ErrNotAccreditedIssuer)
			require.Contains(t, res.RawLog, who.DID()+" may not create status lists")
		}
		res := network.Broadcast(t, n, val, createList(university, "degrees-2026", types.STATUS_PURPOSE_SUSPENSION, types.MinSizeBits))
		network.RequireRefused(t, res, types.ModuleName, types.ErrListExists)
		byStranger, err := q.StatusListsByIssuer(ctx, &types.QueryStatusListsByIssuerRequest{IssuerDid: stranger.DID()})
		require.NoError(t, err)
		require.Empty(t, byStranger.Lists)
	})

	t.Run("the university revokes 2,000 scattered credentials in one update of singles and ranges", func(t *testing.T) {
		require.False(t, listsCreated.IsZero(), "needs the lists")
		singles, ranges = scatteredRevocations(revocationSize)
		var count uint64
		for _, r := range ranges {
			count += r.End - r.Start + 1
		}
		require.Equal(t, 2_000, len(singles)+int(count))
		for _, i := range singles {
			types.SetBit(revoked, i, true)
		}
		for _, r := range ranges {
			for i := r.Start; i <= r.End; i++ {
				types.SetBit(revoked, i, true)
			}
		}
		chunks := map[uint64]bool{}
		for i := range uint64(revocationSize) {
			if types.Bit(revoked, i) {
				chunks[i/types.ChunkBits] = true
			}
		}

		// A later whole second than the creation, so at_time can ask for the
		// list before the update.
		waitPastSecond(listsCreated)
		res := network.BroadcastWith(t, n, val, updateTx, update(types.UpdateStatusListPayload{
			ListId: revocationID, ExpectedSequence: 0, Set: singles, SetRanges: ranges,
		}))
		network.RequireOK(t, res)
		revokedAt, revokedHeight = blockTime(t, res), res.Height
		require.True(t, revokedAt.After(listsCreated), "revoked at %s, created at %s: want a later second", revokedAt, listsCreated)
		t.Logf("2,000 indices in %d chunks: gas used %d", len(chunks), res.GasUsed)

		attr := func(key string) string {
			v := network.EventValues(res, types.EventTypeUpdateStatusList, key)
			require.Len(t, v, 1, "one event for the whole update, not one per index")
			return v[0]
		}
		require.Equal(t, revocationID, attr(types.AttributeKeyListID))
		require.Equal(t, "revocation", attr(types.AttributeKeyPurpose))
		require.Equal(t, "1", attr(types.AttributeKeySequence))
		require.Equal(t, "2000", attr(types.AttributeKeySetCount))
		require.Equal(t, "0", attr(types.AttributeKeyClearedCount))
		require.Equal(t, "0", attr(types.AttributeKeyFirstIndex))
		require.Equal(t, strconv.Itoa(revocationSize-1), attr(types.AttributeKeyLastIndex))
		require.Equal(t, strconv.Itoa(len(chunks)), attr(types.AttributeKeyChunks))
	})

	t.Run("the university suspends five credentials, then reinstates one", func(t *testing.T) {
		require.False(t, revokedAt.IsZero(), "needs the revocation")
		res := network.BroadcastWith(t, n, val, updateTx, update(types.UpdateStatusListPayload{
			ListId: suspensionID, ExpectedSequence: 0, Set: suspendIdx,
		}))
		network.RequireOK(t, res)
		suspendedAt, suspendHeight = blockTime(t, res), res.Height
		t.Logf("5 indices in 3 chunks: gas used %d", res.GasUsed)
		for _, i := range suspendIdx {
			types.SetBit(suspended, i, true)
		}

		waitPastSecond(suspendedAt)
		res = network.BroadcastWith(t, n, val, updateTx, update(types.UpdateStatusListPayload{
			ListId: suspensionID, ExpectedSequence: 1, Clear: []uint64{reinstateIdx},
		}))
		network.RequireOK(t, res)
		reinstatedAt, reinstateHeight = blockTime(t, res), res.Height
		t.Logf("1 index cleared: gas used %d", res.GasUsed)
		require.True(t, reinstatedAt.After(suspendedAt), "reinstated at %s, suspended at %s: want a later second", reinstatedAt, suspendedAt)
		types.SetBit(suspended, reinstateIdx, false)
		require.Equal(t, []string{"2"}, network.EventValues(res, types.EventTypeUpdateStatusList, types.AttributeKeySequence))
		require.Equal(t, []string{"1"}, network.EventValues(res, types.EventTypeUpdateStatusList, types.AttributeKeyClearedCount))
	})

	untouched := func(t *testing.T) uint64 {
		t.Helper()
		for i := range uint64(revocationSize) {
			if !types.Bit(revoked, i) {
				return i
			}
		}
		t.Fatal("every index revoked")
		return 0
	}

	t.Run("a verifier asks for single credentials over gRPC, now and at past times", func(t *testing.T) {
		require.False(t, reinstatedAt.IsZero(), "needs the revocation and the suspensions")
		type want struct {
			set, changed bool
			height       int64
			time         time.Time
			sequence     uint64
		}
		check := func(t *testing.T, listID string, index uint64, at *time.Time, w want) *types.QueryCredentialStatusResponse {
			t.Helper()
			res, err := q.CredentialStatus(ctx, types.NewQueryCredentialStatusRequest(listID, index, at))
			require.NoError(t, err)
			require.Equal(t, listID, res.ListId)
			require.Equal(t, index, res.Index)
			require.Equal(t, w.set, res.Set, "set of %s[%d]", listID, index)
			require.Equal(t, w.changed, res.Changed, "changed of %s[%d]", listID, index)
			require.Equal(t, w.height, res.ChangedHeight, "changed_height of %s[%d]", listID, index)
			require.True(t, w.time.Equal(res.ChangedTime), "changed_time of %s[%d]: want %s, got %s", listID, index, w.time, res.ChangedTime)
			require.Equal(t, w.sequence, res.Sequence)
			return res
		}
		revokedNow := want{set: true, changed: true, height: revokedHeight, time: revokedAt, sequence: 1}
		never := want{height: listsHeight, time: listsCreated, sequence: 1}

		res := check(t, revocationID, singles[0], nil, revokedNow)
		require.Equal(t, types.STATUS_PURPOSE_REVOCATION, res.Purpose)
		check(t, revocationID, ranges[len(ranges)-1].Start+1, nil, revokedNow)
		check(t, revocationID, 0, nil, revokedNow)
		check(t, revocationID, revocationSize-1, nil, revokedNow)
		check(t, revocationID, untouched(t), nil, never)

		// Before the update (the creation second) the credential was valid;
		// from the update's second on it is revoked.
		before := want{height: listsHeight, time: listsCreated, sequence: 0}
		check(t, revocationID, singles[0], &listsCreated, before)
		check(t, revocationID, singles[0], &revokedAt, revokedNow)
		later := revokedAt.Add(time.Hour)
		check(t, revocationID, singles[0], &later, revokedNow)

		res = check(t, suspensionID, suspendIdx[0], nil, want{set: true, changed: true, height: suspendHeight, time: suspendedAt, sequence: 2})
		require.Equal(t, types.STATUS_PURPOSE_SUSPENSION, res.Purpose)
		check(t, suspensionID, reinstateIdx, nil, want{changed: true, height: reinstateHeight, time: reinstatedAt, sequence: 2})
		check(t, suspensionID, reinstateIdx, &suspendedAt, want{set: true, changed: true, height: suspendHeight, time: suspendedAt, sequence: 1})
		check(t, suspensionID, 9, nil, want{height: listsHeight, time: listsCreated, sequence: 2})

		beforeCreation := listsCreated.Add(-time.Second)
		_, err := q.CredentialStatus(ctx, types.NewQueryCredentialStatusRequest(revocationID, 1, &beforeCreation))
		require.Equal(t, codes.NotFound, status.Code(err), "%v", err)
		require.ErrorContains(t, err, "did not exist at")
		_, err = q.CredentialStatus(ctx, types.NewQueryCredentialStatusRequest(revocationID, revocationSize, nil))
		require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
		_, err = q.CredentialStatus(ctx, types.NewQueryCredentialStatusRequest(types.ListID(university.DID(), "nope"), 1, nil))
		require.Equal(t, codes.NotFound, status.Code(err), "%v", err)
	})

	t.Run("a verifier fetches whole lists over gRPC, now and in the past, bit for bit", func(t *testing.T) {
		require.False(t, reinstatedAt.IsZero(), "needs the revocation and the suspensions")
		now, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: revocationID})
		require.NoError(t, err)
		require.Equal(t, uint64(1), now.Sequence)
		require.Equal(t, uint64(1), now.List.Sequence)
		require.Equal(t, revokedHeight, now.List.UpdatedHeight)
		require.True(t, revokedAt.Equal(now.AsOf), "as_of: want %s, got %s", revokedAt, now.AsOf)
		requireSameBits(t, revoked, now.EncodedList)

		past, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: revocationID, AtTime: &listsCreated})
		require.NoError(t, err)
		require.Zero(t, past.Sequence)
		require.Equal(t, listsHeight, past.List.UpdatedHeight)
		require.True(t, listsCreated.Equal(past.AsOf), "as_of: want %s, got %s", listsCreated, past.AsOf)
		requireSameBits(t, make([]byte, revocationSize/8), past.EncodedList)

		susNow, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: suspensionID})
		require.NoError(t, err)
		require.Equal(t, uint64(2), susNow.Sequence)
		requireSameBits(t, suspended, susNow.EncodedList)

		susPast, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: suspensionID, AtTime: &suspendedAt})
		require.NoError(t, err)
		require.Equal(t, uint64(1), susPast.Sequence)
		wantPast := slices.Clone(suspended)
		types.SetBit(wantPast, reinstateIdx, true)
		requireSameBits(t, wantPast, susPast.EncodedList)
	})

	t.Run("a verifier lists the university's status lists", func(t *testing.T) {
		res, err := q.StatusListsByIssuer(ctx, &types.QueryStatusListsByIssuerRequest{IssuerDid: university.DID()})
		require.NoError(t, err)
		require.Len(t, res.Lists, 2)
		require.Equal(t, revocationID, res.Lists[0].Id)
		require.Equal(t, uint64(1), res.Lists[0].Sequence)
		require.Equal(t, suspensionID, res.Lists[1].Id)
		require.Equal(t, uint64(2), res.Lists[1].Sequence)
	})

	identifiers := val.APIAddress + "/1.0/identifiers/"
	t.Run("a verifier dereferences the list's DID URL and gets a BitstringStatusListCredential", func(t *testing.T) {
		require.False(t, reinstatedAt.IsZero(), "needs the revocation and the suspensions")
		for _, tc := range []struct {
			id, name, purpose string
			bits              []byte
		}{
			{revocationID, "degrees-2026", "revocation", revoked},
			{suspensionID, "degrees-2026-suspended", "suspension", suspended},
		} {
			code, contentType, body := network.Get(t, identifiers+university.DID()+"/status/"+tc.name, "")
			require.Equal(t, http.StatusOK, code, "%s", body)
			require.Equal(t, "application/vc+ld+json", contentType)
			cred := decodeCredential(t, body)
			require.Contains(t, cred.Context, "https://www.w3.org/ns/credentials/v2")
			require.Equal(t, "https://www.w3.org/ns/credentials/v2", cred.Context[0], "the VC 2.0 context comes first")
			require.Contains(t, cred.Type, "VerifiableCredential")
			require.Contains(t, cred.Type, "BitstringStatusListCredential")
			require.Equal(t, tc.id, cred.ID)
			require.Equal(t, university.DID(), cred.Issuer)
			require.Equal(t, "BitstringStatusList", cred.CredentialSubject.Type)
			require.Equal(t, tc.purpose, cred.CredentialSubject.StatusPurpose)

			grpcList, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: tc.id})
			require.NoError(t, err)
			require.Equal(t, grpcList.AsOf.UTC().Format(time.RFC3339), cred.ValidFrom)
			// Decoded as any W3C library would, without our DecodeList:
			// multibase 'u', base64url without padding, GZIP, MSB first.
			httpBits := decodeW3C(t, cred.CredentialSubject.EncodedList)
			grpcBits, err := types.DecodeList(grpcList.EncodedList)
			require.NoError(t, err)
			require.Equal(t, grpcBits, httpBits, "HTTP and gRPC serve the same bits")
			requireSameBits(t, tc.bits, cred.CredentialSubject.EncodedList)
			for _, i := range suspendIdx {
				require.Equal(t, types.Bit(tc.bits, i), httpBits[i/8]>>(7-i%8)&1 == 1, "bit %d, read MSB first", i)
			}
		}

		// Revalidation end to end: the node's answer carries a strong ETag
		// and asks caches to revalidate; asking with the tag is a 304.
		latestURL := identifiers + university.DID() + "/status/degrees-2026"
		res, _ := network.GetWithHeader(t, latestURL, "", "")
		require.Equal(t, http.StatusOK, res.StatusCode)
		etag := res.Header.Get("ETag")
		require.Regexp(t, `^"[A-Za-z0-9_-]+"$`, etag)
		require.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
		res, notModified := network.GetWithHeader(t, latestURL, "If-None-Match", etag)
		require.Equal(t, http.StatusNotModified, res.StatusCode)
		require.Empty(t, notModified)
		res, _ = network.GetWithHeader(t, latestURL, "Accept", "text/html")
		require.Equal(t, http.StatusNotAcceptable, res.StatusCode)

		// A past state through the DID parameter versionTime; the list was
		// updated again later (the reinstatement), so that state is final.
		pastURL := identifiers + university.DID() + "/status/degrees-2026-suspended?versionTime=" + suspendedAt.Format(time.RFC3339)
		res, _ = network.GetWithHeader(t, pastURL, "", "")
		require.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))
		code, _, body := network.Get(t, pastURL, "")
		require.Equal(t, http.StatusOK, code, "%s", body)
		cred := decodeCredential(t, body)
		require.Equal(t, suspendedAt.Format(time.RFC3339), cred.ValidFrom)
		require.Equal(t, byte(1), decodeW3C(t, cred.CredentialSubject.EncodedList)[reinstateIdx/8]>>(7-reinstateIdx%8)&1,
			"suspended at that time")

		var p struct {
			Type   string `json:"type"`
			Title  string `json:"title"`
			Status int    `json:"status"`
			Detail string `json:"detail"`
		}
		contentType := network.GetJSON(t, identifiers+university.DID()+"/status/no-such-list", "", http.StatusNotFound, &p)
		require.Equal(t, "application/problem+json", contentType)
		require.Equal(t, "https://www.w3.org/ns/did#NOT_FOUND", p.Type)
		require.Equal(t, http.StatusNotFound, p.Status)
		require.Contains(t, p.Detail, "no-such-list")
	})

	t.Run("a verifier gets the same single-credential answers over REST", func(t *testing.T) {
		require.False(t, reinstatedAt.IsZero(), "needs the revocation and the suspensions")
		for _, tc := range []struct {
			listID string
			index  uint64
			at     *time.Time
		}{
			{revocationID, singles[0], nil},
			{revocationID, singles[0], &listsCreated},
			{revocationID, untouched(t), nil},
			{suspensionID, suspendIdx[0], nil},
			{suspensionID, reinstateIdx, nil},
			{suspensionID, reinstateIdx, &suspendedAt},
		} {
			want, err := q.CredentialStatus(ctx, types.NewQueryCredentialStatusRequest(tc.listID, tc.index, tc.at))
			require.NoError(t, err)
			query := url.Values{"list_id": {tc.listID}, "index": {strconv.FormatUint(tc.index, 10)}}
			if tc.at != nil {
				query.Set("at_time", tc.at.Format(time.RFC3339))
			}
			var got struct {
				ListID        string `json:"list_id"`
				Index         string `json:"index"`
				Purpose       string `json:"purpose"`
				Set           bool   `json:"set"`
				Changed       bool   `json:"changed"`
				ChangedHeight string `json:"changed_height"`
				ChangedTime   string `json:"changed_time"`
				Sequence      string `json:"sequence"`
			}
			u := val.APIAddress + "/ndi/revocation/v1/credential-status?" + query.Encode()
			network.GetJSON(t, u, "", http.StatusOK, &got)
			require.Equal(t, want.ListId, got.ListID)
			require.Equal(t, strconv.FormatUint(want.Index, 10), got.Index)
			require.Equal(t, want.Purpose.String(), got.Purpose)
			require.Equal(t, want.Set, got.Set, "GET %s: %+v", u, got)
			require.Equal(t, want.Changed, got.Changed, "GET %s: %+v", u, got)
			require.Equal(t, strconv.FormatInt(want.ChangedHeight, 10), got.ChangedHeight)
			changedTime, err := time.Parse(time.RFC3339, got.ChangedTime)
			require.NoError(t, err)
			require.True(t, want.ChangedTime.Equal(changedTime), "changed_time: want %s, got %s", want.ChangedTime, got.ChangedTime)
			require.Equal(t, strconv.FormatUint(want.Sequence, 10), got.Sequence, "GET %s: %+v", u, got)
		}
	})

	t.Run("a verifier gets the same whole lists over REST", func(t *testing.T) {
		require.False(t, reinstatedAt.IsZero(), "needs the revocation and the suspensions")
		for _, at := range []*time.Time{nil, &suspendedAt} {
			want, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: suspensionID, AtTime: at})
			require.NoError(t, err)
			query := url.Values{"list_id": {suspensionID}}
			if at != nil {
				query.Set("at_time", at.Format(time.RFC3339))
			}
			var got struct {
				List struct {
					ID       string `json:"id"`
					Purpose  string `json:"purpose"`
					SizeBits string `json:"size_bits"`
				} `json:"list"`
				EncodedList string `json:"encoded_list"`
				Sequence    string `json:"sequence"`
			}
			u := val.APIAddress + "/ndi/revocation/v1/status-list?" + query.Encode()
			network.GetJSON(t, u, "", http.StatusOK, &got)
			require.Equal(t, suspensionID, got.List.ID)
			require.Equal(t, "STATUS_PURPOSE_SUSPENSION", got.List.Purpose)
			require.Equal(t, strconv.Itoa(suspensionSize), got.List.SizeBits)
			require.Equal(t, strconv.FormatUint(want.Sequence, 10), got.Sequence)
			require.Equal(t, want.EncodedList, got.EncodedList)
		}

		var byIssuer struct {
			Lists []struct {
				ID string `json:"id"`
			} `json:"lists"`
		}
		u := val.APIAddress + "/ndi/revocation/v1/issuers/" + university.DID() + "/lists"
		network.GetJSON(t, u, "", http.StatusOK, &byIssuer)
		require.Len(t, byIssuer.Lists, 2, "GET %s: %+v", u, byIssuer)
		require.Equal(t, revocationID, byIssuer.Lists[0].ID)
		require.Equal(t, suspensionID, byIssuer.Lists[1].ID)

		// The history route takes the list id in the path, slashes and all.
		wantHistory, err := q.StatusListHistory(ctx, &types.QueryStatusListHistoryRequest{ListId: suspensionID})
		require.NoError(t, err)
		var history struct {
			Versions []struct {
				Sequence     string `json:"sequence"`
				Height       string `json:"height"`
				SetCount     string `json:"set_count"`
				ClearedCount string `json:"cleared_count"`
			} `json:"versions"`
		}
		u = val.APIAddress + "/ndi/revocation/v1/lists/" + suspensionID + "/history"
		network.GetJSON(t, u, "", http.StatusOK, &history)
		require.Len(t, history.Versions, len(wantHistory.Versions), "GET %s: %+v", u, history)
		for i, v := range wantHistory.Versions {
			require.Equal(t, strconv.FormatUint(v.Sequence, 10), history.Versions[i].Sequence)
			require.Equal(t, strconv.FormatInt(v.Height, 10), history.Versions[i].Height)
			require.Equal(t, strconv.FormatUint(v.SetCount, 10), history.Versions[i].SetCount)
			require.Equal(t, strconv.FormatUint(v.ClearedCount, 10), history.Versions[i].ClearedCount)
		}
		code, _, body := network.Get(t, val.APIAddress+"/ndi/revocation/v1/lists/"+types.ListID(university.DID(), "nope")+"/history", "")
		require.Equal(t, http.StatusNotFound, code, "%s", body)
	})

	t.Run("a verifier who forgets or misspells a required input gets 400, never an answer for index 0", func(t *testing.T) {
		require.False(t, revokedAt.IsZero(), "needs the revocation")
		require.True(t, types.Bit(revoked, 0), "index 0 is revoked, so an answer for it would look like an answer")
		base := val.APIAddress + "/ndi/revocation/v1/credential-status?"
		for _, query := range []url.Values{
			{"list_id": {revocationID}},
			{"list_id": {revocationID}, "indx": {strconv.Itoa(int(untouched(t)))}},
			{"list_id": {revocationID}, "Index": {strconv.Itoa(int(untouched(t)))}},
			{"index": {"5"}},
		} {
			code, _, body := network.Get(t, base+query.Encode(), "")
			require.Equal(t, http.StatusBadRequest, code, "GET ?%s: %s", query.Encode(), body)
		}
		_, err := q.CredentialStatus(ctx, &types.QueryCredentialStatusRequest{ListId: revocationID})
		require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)

		var got struct {
			Index  string `json:"index"`
			Set    bool   `json:"set"`
			Status string `json:"status"`
		}
		network.GetJSON(t, base+url.Values{"list_id": {revocationID}, "index": {"0"}}.Encode(), "", http.StatusOK, &got)
		require.Equal(t, "0", got.Index)
		require.True(t, got.Set)
		require.Equal(t, "revoked", got.Status)

		for _, did := range []string{"did:ndi:local:0OIl", "not-a-did"} {
			code, _, body := network.Get(t, val.APIAddress+"/ndi/revocation/v1/issuers/"+did+"/lists", "")
			require.Equal(t, http.StatusBadRequest, code, "%s: %s", did, body)
		}
		code, _, body := network.Get(t, val.APIAddress+"/ndi/revocation/v1/issuers/"+university.DID()+"/lists?pagination.limit=1000000", "")
		require.Equal(t, http.StatusOK, code, "%s", body)
	})

	t.Run("ndid query revocation status sends index 0 when given 0", func(t *testing.T) {
		require.False(t, revokedAt.IsZero(), "needs the revocation")
		opts := autocli.AppOptions{
			ModuleOptions:         map[string]*autocliv1.ModuleOptions{types.ModuleName: revocation.AppModule{}.AutoCLIOptions()},
			AddressCodec:          addresscodec.NewBech32Codec(params.Bech32PrefixAccAddr),
			ValidatorAddressCodec: addresscodec.NewBech32Codec(params.Bech32PrefixValAddr),
			ConsensusAddressCodec: addresscodec.NewBech32Codec(params.Bech32PrefixConsAddr),
			ClientCtx:             val.ClientCtx,
		}
		root := &cobra.Command{Use: "ndid"}
		root.AddCommand(&cobra.Command{Use: "query"})
		require.NoError(t, opts.EnhanceRootCommand(root))
		out, err := clitestutil.ExecTestCLICmd(val.ClientCtx, root, []string{"query", types.ModuleName, "status", revocationID, "0", "--output", "json"})
		require.NoError(t, err, out.String())
		var got struct {
			Index  string `json:"index"`
			Status string `json:"status"`
		}
		require.NoError(t, json.Unmarshal(out.Bytes(), &got), out.String())
		require.Equal(t, "revoked", got.Status, out.String())
		_, err = clitestutil.ExecTestCLICmd(val.ClientCtx, root, []string{"query", types.ModuleName, "status", revocationID})
		require.Error(t, err, "the index is a required argument")
	})

	t.Run("bad updates are refused whole with their registered errors and change nothing", func(t *testing.T) {
		require.False(t, revokedAt.IsZero(), "needs the revocation")
		p, err := q.Params(ctx, &types.QueryParamsRequest{})
		require.NoError(t, err)
		limit := p.Params.MaxIndicesPerUpdate
		require.Less(t, limit, uint64(revocationSize), "the oversized range must fit in the list")
		fresh := untouched(t)

		cases := []struct {
			name    string
			payload types.UpdateStatusListPayload
			want    interface{ ABCICode() uint32 }
		}{
			{"clear on a revocation list", types.UpdateStatusListPayload{ListId: revocationID, ExpectedSequence: 1,
				Set: []uint64{fresh}, Clear: []uint64{singles[0]}}, types.ErrClearOnRevocation},
			{"stale expected_sequence", types.UpdateStatusListPayload{ListId: revocationID, ExpectedSequence: 0,
				Set: []uint64{fresh}}, types.ErrSequenceMismatch},
			{"index out of range", types.UpdateStatusListPayload{ListId: revocationID, ExpectedSequence: 1,
				Set: []uint64{fresh, revocationSize}}, types.ErrIndexOutOfRange},
			{"range past the end", types.UpdateStatusListPayload{ListId: revocationID, ExpectedSequence: 1,
				Set: []uint64{fresh}, SetRanges: []types.IndexRange{{Start: revocationSize - 2, End: revocationSize}}}, types.ErrIndexOutOfRange},
			{"a batch of max_indices_per_update+1 as one range", types.UpdateStatusListPayload{ListId: revocationID, ExpectedSequence: 1,
				SetRanges: []types.IndexRange{{Start: 0, End: limit}}}, types.ErrBatchTooLarge},
			{"an index given twice", types.UpdateStatusListPayload{ListId: revocationID, ExpectedSequence: 1,
				Set: []uint64{fresh}, SetRanges: []types.IndexRange{{Start: fresh, End: fresh + 1}}}, types.ErrDuplicateIndex},
			{"an index both suspended and reinstated", types.UpdateStatusListPayload{ListId: suspensionID, ExpectedSequence: 2,
				Set: []uint64{9}, Clear: []uint64{9}}, types.ErrDuplicateIndex},
			{"an unknown list", types.UpdateStatusListPayload{ListId: types.ListID(university.DID(), "nope"),
				Set: []uint64{1}}, types.ErrListNotFound},
		}
		msgs := make([]sdk.Msg, len(cases))
		for i, c := range cases {
			msgs[i] = update(c.payload)
		}
		results := network.BroadcastEach(t, n, val, updateTx, msgs...)
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				network.RequireRefused(t, results[i], types.ModuleName, c.want)
			})
		}

		now, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: revocationID})
		require.NoError(t, err)
		require.Equal(t, uint64(1), now.Sequence, "no refused update was applied")
		requireSameBits(t, revoked, now.EncodedList)
		sus, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: suspensionID})
		require.NoError(t, err)
		require.Equal(t, uint64(2), sus.Sequence)
		requireSameBits(t, suspended, sus.EncodedList)
	})

	t.Run("after its accreditation is revoked the university still revokes but creates no new list", func(t *testing.T) {
		require.False(t, revokedAt.IsZero(), "needs the revocation")
		payload := accreditationtypes.RevokeAccreditationPayload{AccreditationId: accreditation, ActorDid: ministry.DID(),
			ExpectedVersion: 0, Reason: "licence withdrawn"}
		network.RequireOK(t, network.Broadcast(t, n, val, &accreditationtypes.MsgRevokeAccreditation{Submitter: submitter, Payload: payload,
			Signatures: didtest.Sign(t, chainID, &payload, ministry.With(1, didtypes.KEY_SOURCE_CURRENT))}))

		fresh := untouched(t)
		after := network.BroadcastWith(t, n, val, updateTx, update(types.UpdateStatusListPayload{
			ListId: revocationID, ExpectedSequence: 1, Set: []uint64{fresh},
		}))
		network.RequireOK(t, after)
		t.Logf("1 index set: gas used %d", after.GasUsed)
		types.SetBit(revoked, fresh, true)
		res, err := q.CredentialStatus(ctx, types.NewQueryCredentialStatusRequest(revocationID, fresh, nil))
		require.NoError(t, err)
		require.True(t, res.Set)
		require.Equal(t, uint64(2), res.Sequence)

		refused := network.Broadcast(t, n, val, createList(university, "degrees-2027", types.STATUS_PURPOSE_REVOCATION, types.MinSizeBits))
		network.RequireRefused(t, refused, accreditationtypes.ModuleName, accreditationtypes.ErrNotAccreditedIssuer)
	})

	t.Run("from the CLI the university revokes a file of indices in batches, then suspends and reinstates", func(t *testing.T) {
		require.False(t, revokedAt.IsZero(), "needs the revocation")
		// A low batch limit, so a small file needs several batches.
		const limit = 1_000
		network.PassProposal(t, n, "smaller status-list batches", "smaller status-list batches", &types.MsgUpdateParams{
			Authority: authtypes.NewModuleAddress("gov").String(),
			Params:    types.Params{MaxIndicesPerUpdate: limit, MaxSizeBits: types.DefaultMaxSizeBits},
		})

		// 2,300 indices not yet revoked: 18 ranges of 100 and 500 singles.
		var file strings.Builder
		file.WriteString("# degrees withdrawn by the senate\n\n")
		var fromFile []uint64
		inFile := map[uint64]bool{}
		free := func(start, length uint64) bool {
			for i := start; i < start+length; i++ {
				if types.Bit(revoked, i) || inFile[i] {
					return false
				}
			}
			return true
		}
		add := func(start, end uint64) {
			for i := start; i <= end; i++ {
				fromFile = append(fromFile, i)
				inFile[i] = true
			}
		}
		for start, found := uint64(140_000), 0; found < 18; start++ {
			if free(start, 100) {
				fmt.Fprintf(&file, "%d-%d\n", start, start+99)
				add(start, start+99)
				found++
				start += 150
			}
		}
		for i, found := uint64(1), 0; found < 500; i += 7 {
			if free(i, 1) {
				fmt.Fprintf(&file, "%d\n", i)
				add(i, i)
				found++
			}
		}
		path := filepath.Join(t.TempDir(), "revoked.txt")
		require.NoError(t, os.WriteFile(path, []byte(file.String()), 0o600))

		txFlags := []string{
			"--key", "university", "--from", val.Moniker, "--chain-id", chainID,
			"--gas", "8000000", "--fees", "8000" + params.FeeDenom,
			"--yes", "--broadcast-mode", "sync", "--output", "json",
		}
		out, err := clitestutil.ExecTestCLICmd(val.ClientCtx, cli.GetTxCmd(), append([]string{"revoke", revocationID, "--file", path}, txFlags...))
		require.NoError(t, err, out.String())
		for b := 1; b <= 3; b++ {
			require.Contains(t, out.String(), fmt.Sprintf("batch %d/3: ", b), out.String())
		}
		require.Equal(t, 3, strings.Count(out.String(), "included at height"), out.String())
		for _, i := range fromFile {
			types.SetBit(revoked, i, true)
		}
		now, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: revocationID})
		require.NoError(t, err)
		require.Equal(t, uint64(5), now.Sequence, "three batches after two updates")
		requireSameBits(t, revoked, now.EncodedList)

		runTx := func(t *testing.T, args ...string) {
			t.Helper()
			network.RequireOK(t, network.ExecTx(t, n, cli.GetTxCmd(), append(args, txFlags...)...))
		}
		// A verb that does not match the list's purpose is refused before
		// anything is signed: with a key that does not exist, the purpose
		// error (not the key error) comes back, and no list moves.
		for _, c := range []struct{ verb, list, purpose string }{
			{"suspend", revocationID, "revocation"},
			{"unsuspend", revocationID, "revocation"},
			{"revoke", suspensionID, "suspension"},
		} {
			args := []string{c.verb, c.list, "3", "--key", "no-such-key", "--from", val.Moniker, "--chain-id", chainID,
				"--gas", "8000000", "--fees", "8000" + params.FeeDenom, "--yes", "--broadcast-mode", "sync", "--output", "json"}
			out, err := clitestutil.ExecTestCLICmd(val.ClientCtx, cli.GetTxCmd(), args)
			require.Error(t, err, out.String())
			require.ErrorContains(t, err, c.list+" is a "+c.purpose+" list")
			require.ErrorContains(t, err, "nothing was signed or sent")
		}
		// Indices outside the list or given twice are refused the same way,
		// before any batch is built: a typed range of 2^64-1 indices must
		// not become ~10^14 batches on the issuer's machine.
		for _, c := range []struct {
			indices []string
			want    error
			text    string
		}{
			{[]string{"0-18446744073709551614"}, types.ErrIndexOutOfRange, fmt.Sprintf("range 0-18446744073709551614: the list has %d entries", revocationSize)},
			{[]string{fmt.Sprint(revocationSize)}, types.ErrIndexOutOfRange, fmt.Sprintf("index %d: the list has %d entries", revocationSize, revocationSize)},
			{[]string{"3", "1-5"}, types.ErrDuplicateIndex, "index 3 given twice (in 1-5 and 3)"},
		} {
			args := append([]string{"revoke", revocationID}, c.indices...)
			args = append(args, "--key", "no-such-key", "--from", val.Moniker, "--chain-id", chainID,
				"--gas", "8000000", "--fees", "8000"+params.FeeDenom, "--yes", "--broadcast-mode", "sync", "--output", "json")
			out, err := clitestutil.ExecTestCLICmd(val.ClientCtx, cli.GetTxCmd(), args)
			require.ErrorIs(t, err, c.want, out.String())
			require.ErrorContains(t, err, c.text)
			require.ErrorContains(t, err, "nothing was signed or sent")
		}
		rev, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: revocationID})
		require.NoError(t, err)
		require.Equal(t, uint64(5), rev.Sequence)
		requireSameBits(t, revoked, rev.EncodedList)
		before, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: suspensionID})
		require.NoError(t, err)
		require.Equal(t, uint64(2), before.Sequence)

		runTx(t, "suspend", suspensionID, "42", "50-52")
		runTx(t, "unsuspend", suspensionID, "51", "7")
		for _, i := range []uint64{42, 50, 52} {
			types.SetBit(suspended, i, true)
		}
		types.SetBit(suspended, 7, false)
		sus, err := q.StatusList(ctx, &types.QueryStatusListRequest{ListId: suspensionID})
		require.NoError(t, err)
		require.Equal(t, uint64(4), sus.Sequence)
		requireSameBits(t, suspended, sus.EncodedList)
	})
}

// scatteredRevocations returns 2,000 distinct indices of a list of size
// bits: 1,630 singles in random order (index 0 and the last index among
// them) and 37 ranges, one across the first chunk boundary.
func scatteredRevocations(size uint64) ([]uint64, []types.IndexRange) {
	r := rand.New(rand.NewPCG(2026, 5))
	taken := map[uint64]bool{}
	ranges := []types.IndexRange{{Start: types.ChunkBits - 5, End: types.ChunkBits + 4}} // 10 indices
	for len(ranges) < 37 {
		start := 1 + r.Uint64N(size-12) // never index 0 nor the last
		end := start + 9                // 36 × 10 more
		if slices.ContainsFunc(ranges, func(x types.IndexRange) bool { return start <= x.End+1 && x.Start <= end+1 }) {
			continue
		}
		ranges = append(ranges, types.IndexRange{Start: start, End: end})
	}
	for _, x := range ranges {
		for i := x.Start; i <= x.End; i++ {
			taken[i] = true
		}
	}
	singles := []uint64{size - 1, 0}
	taken[0], taken[size-1] = true, true
	for len(singles) < 1_630 {
		i := r.Uint64N(size)
		if !taken[i] {
			taken[i] = true
			singles = append(singles, i)
		}
	}
	r.Shuffle(len(singles), func(a, b int) { singles[a], singles[b] = singles[b], singles[a] })
	return singles, ranges
}

// waitPastSecond sleeps until the next block's time is in a later whole
// second than t (block times trail the wall clock by about a block).
func waitPastSecond(t time.Time) {
	time.Sleep(time.Until(t.Add(2 * time.Second)))
}

// blockTime is the block time of a transaction as the chain records it:
// UTC, whole seconds.
func blockTime(t *testing.T, res *sdk.TxResponse) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, res.Timestamp)
	require.NoError(t, err)
	return didtypes.RecordedTime(tm)
}

// requireSameBits decodes an encodedList with types.DecodeList and compares
// it with want bit for bit, naming the first indices that differ.
func requireSameBits(t *testing.T, want []byte, encoded string) {
	t.Helper()
	require.True(t, strings.HasPrefix(encoded, "u"), "multibase base64url starts with 'u'")
	got, err := types.DecodeList(encoded)
	require.NoError(t, err)
	require.Len(t, got, len(want), "list size in bytes")
	if bytes.Equal(want, got) {
		return
	}
	var diff []string
	for i := range uint64(len(want)) * 8 {
		if types.Bit(want, i) != types.Bit(got, i) {
			diff = append(diff, fmt.Sprintf("%d (want %t)", i, types.Bit(want, i)))
			if len(diff) == 10 {
				break
			}
		}
	}
	t.Fatalf("bits differ at %s", strings.Join(diff, ", "))
}

// decodeW3C decodes an encodedList as the W3C Bitstring Status List spec
// says, independently of types.DecodeList.
func decodeW3C(t *testing.T, encoded string) []byte {
	t.Helper()
	rest, ok := strings.CutPrefix(encoded, "u")
	require.True(t, ok, "multibase prefix 'u' (base64url, no padding)")
	gz, err := base64.RawURLEncoding.DecodeString(rest)
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	require.NoError(t, err)
	bits, err := io.ReadAll(zr)
	require.NoError(t, err)
	return bits
}

// decodeCredential decodes the BitstringStatusListCredential served over
// HTTP into the type the node renders it from.
func decodeCredential(t *testing.T, body []byte) statuslist.Credential {
	t.Helper()
	var c statuslist.Credential
	require.NoError(t, json.Unmarshal(body, &c), "%s", body)
	return c
}
