package did_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/testutil/network"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	"github.com/ndi-chain/ndi/x/did/types"
)

const (
	ns = types.DefaultNamespace

	problemNamespace = "https://www.w3.org/ns/did#"
)

// didCoreTime is how DID Core metadata writes times: RFC 3339, UTC, whole
// seconds.
var didCoreTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)

// version is what the chain recorded for one transaction of the lifecycle.
type version struct {
	id          string
	time        time.Time // block time, UTC whole seconds
	key         string    // publicKeyMultibase of #key-1 in that version
	deactivated bool
}

// One in-process network serves every scenario: the SDK allows one per
// process, and starting it is the slow part.
func TestDidLifecycleOverGRPCRestAndHTTP(t *testing.T) {
	n := network.New(t, network.Options{Validators: 1})
	val := n.Validators[0]
	chainID := n.Config.ChainID
	submitter := val.Address.String()
	q := types.NewQueryClient(val.ClientCtx)
	ctx := context.Background()

	alice := didtest.NewIdentity(t, ns, didsig.Ed25519)
	did := alice.DID()
	p256, err := didsig.GeneratePrivateKey(didsig.P256, nil)
	require.NoError(t, err)
	p256Pub, err := p256.PublicKey()
	require.NoError(t, err)
	ed25519Key := alice.Doc.VerificationMethod[0].PublicKeyMultibase
	p256Key := p256Pub.Multikey()
	require.NotEqual(t, ed25519Key, p256Key)

	// versions[i] is the i-th version written, filled in by the subtests
	// that write them; the read subtests need all three.
	var versions []version
	record := func(t *testing.T, res *sdk.TxResponse, eventType, key string, deactivated bool) {
		t.Helper()
		require.Zero(t, res.Code, res.RawLog)
		id := eventAttribute(t, res, eventType, types.AttributeKeyVersionID)
		latest, err := q.Did(ctx, &types.QueryDidRequest{Id: did})
		require.NoError(t, err)
		require.Equal(t, id, latest.Metadata.VersionId, "the event names the version the chain stored")
		tm := latest.Metadata.Created
		if latest.Metadata.Updated != nil {
			tm = *latest.Metadata.Updated
		}
		versions = append(versions, version{id: id, time: tm, key: key, deactivated: deactivated})
	}
	// Version times are whole seconds: leave more than a second between
	// writes so that every version has its own time and a time strictly
	// between two versions exists.
	nextSecond := func() {
		if len(versions) > 0 {
			time.Sleep(time.Until(versions[len(versions)-1].time.Add(2500 * time.Millisecond)))
		}
	}
	requireLifecycle := func(t *testing.T) {
		t.Helper()
		require.Len(t, versions, 3, "the reads need the create, rotation and deactivation above to have succeeded")
	}

	t.Run("a citizen creates a DID with an Ed25519 key", func(t *testing.T) {
		payload := types.CreateDidPayload{Document: alice.Doc}
		res := network.Broadcast(t, n, val, &types.MsgCreateDid{
			Submitter: submitter, Payload: payload,
			Signatures: didtest.Sign(t, chainID, &payload, alice.With(1, types.KEY_SOURCE_NEW)),
		})
		record(t, res, types.EventTypeCreateDid, ed25519Key, false)
	})

	t.Run("the citizen rotates key-1 to a P-256 key, signing with the old and the new key", func(t *testing.T) {
		require.Len(t, versions, 1)
		nextSecond()
		doc := alice.Doc.Clone()
		doc.VerificationMethod[0].PublicKeyMultibase = p256Key
		payload := types.UpdateDidPayload{Document: doc, ExpectedVersionId: versions[0].id}
		res := network.Broadcast(t, n, val, &types.MsgUpdateDid{
			Submitter: submitter, Payload: payload,
			Signatures: didtest.Sign(t, chainID, &payload,
				alice.With(1, types.KEY_SOURCE_CURRENT),
				didtest.Signer{MethodID: alice.MethodID(1), Key: p256, Source: types.KEY_SOURCE_NEW}),
		})
		record(t, res, types.EventTypeUpdateDid, p256Key, false)
	})

	t.Run("an update naming a stale expected version is refused in the block", func(t *testing.T) {
		require.Len(t, versions, 2)
		doc := alice.Doc.Clone()
		doc.VerificationMethod[0].PublicKeyMultibase = p256Key
		doc.AlsoKnownAs = []string{"https://registry.example/alice"}
		payload := types.UpdateDidPayload{Document: doc, ExpectedVersionId: versions[0].id}
		res := network.Broadcast(t, n, val, &types.MsgUpdateDid{
			Submitter: submitter, Payload: payload,
			Signatures: didtest.Sign(t, chainID, &payload,
				didtest.Signer{MethodID: alice.MethodID(1), Key: p256, Source: types.KEY_SOURCE_CURRENT}),
		})
		require.Equal(t, types.ModuleName, res.Codespace, res.RawLog)
		require.Equal(t, types.ErrVersionMismatch.ABCICode(), res.Code, res.RawLog)
		latest, err := q.Did(ctx, &types.QueryDidRequest{Id: did})
		require.NoError(t, err)
		require.Equal(t, versions[1].id, latest.Metadata.VersionId, "a refused update writes no version")
	})

	t.Run("a create signed over another chain-id is refused in the block", func(t *testing.T) {
		bob := didtest.NewIdentity(t, ns)
		payload := types.CreateDidPayload{Document: bob.Doc}
		res := network.Broadcast(t, n, val, &types.MsgCreateDid{
			Submitter: submitter, Payload: payload,
			Signatures: didtest.Sign(t, chainID+"-other", &payload, bob.With(1, types.KEY_SOURCE_NEW)),
		})
		require.Equal(t, types.ModuleName, res.Codespace, res.RawLog)
		require.Equal(t, types.ErrInvalidSignature.ABCICode(), res.Code, res.RawLog)
		_, err := q.Did(ctx, &types.QueryDidRequest{Id: bob.DID()})
		require.Equal(t, codes.NotFound, status.Code(err), "nothing was stored")
	})

	t.Run("the citizen deactivates the DID with the P-256 key", func(t *testing.T) {
		require.Len(t, versions, 2)
		nextSecond()
		payload := types.DeactivateDidPayload{Id: did, ExpectedVersionId: versions[1].id}
		res := network.Broadcast(t, n, val, &types.MsgDeactivateDid{
			Submitter: submitter, Payload: payload,
			Signatures: didtest.Sign(t, chainID, &payload,
				didtest.Signer{MethodID: alice.MethodID(1), Key: p256, Source: types.KEY_SOURCE_CURRENT}),
		})
		record(t, res, types.EventTypeDeactivateDid, p256Key, true)
	})

	// want is the DID Core metadata of version i, as the chain must report it.
	want := func(i int) types.DidDocumentMetadata {
		md := types.DidDocumentMetadata{Created: versions[0].time, VersionId: versions[i].id, Deactivated: versions[i].deactivated}
		if i > 0 {
			updated := versions[i].time
			md.Updated = &updated
		}
		if i+1 < len(versions) {
			next := versions[i+1].time
			md.NextUpdate = &next
			md.NextVersionId = versions[i+1].id
		}
		return md
	}

	t.Run("a verifier reads every version over gRPC", func(t *testing.T) {
		requireLifecycle(t)
		for i := 1; i < len(versions); i++ {
			require.True(t, versions[i].time.After(versions[i-1].time), "versions have increasing times")
		}
		for i, v := range versions {
			res, err := q.Did(ctx, &types.QueryDidRequest{Id: did, VersionId: v.id})
			require.NoError(t, err)
			requireMetadata(t, want(i), res.Metadata)
			require.Equal(t, did, res.Document.Id)
			require.Equal(t, v.key, res.Document.VerificationMethod[0].PublicKeyMultibase)

			byID, err := q.DidVersion(ctx, &types.QueryDidVersionRequest{Id: did, VersionId: v.id})
			require.NoError(t, err)
			require.Equal(t, res, byID)
		}

		latest, err := q.Did(ctx, &types.QueryDidRequest{Id: did})
		require.NoError(t, err)
		requireMetadata(t, want(2), latest.Metadata)
		require.True(t, latest.Metadata.Deactivated, "a deactivated DID stays resolvable, marked deactivated")

		list, err := q.DidVersions(ctx, &types.QueryDidVersionsRequest{Id: did})
		require.NoError(t, err)
		require.Len(t, list.Versions, 3)
		for i, v := range list.Versions {
			requireMetadata(t, want(i), v.Metadata)
			require.Equal(t, versions[i].key, v.Document.VerificationMethod[0].PublicKeyMultibase)
		}

		at := func(tm time.Time) (*types.QueryDidResponse, error) {
			return q.Did(ctx, &types.QueryDidRequest{Id: did, VersionTime: &tm})
		}
		for i, v := range versions {
			res, err := at(v.time)
			require.NoError(t, err)
			require.Equal(t, v.id, res.Metadata.VersionId, "at its own time, version %d is in force", i+1)
			if i+1 < len(versions) {
				res, err = at(versions[i+1].time.Add(-time.Second))
				require.NoError(t, err)
				require.Equal(t, v.id, res.Metadata.VersionId, "between versions %d and %d, version %d is in force", i+1, i+2, i+1)
			}
		}
		res, err := at(versions[2].time.Add(24 * time.Hour))
		require.NoError(t, err)
		require.Equal(t, versions[2].id, res.Metadata.VersionId)
		_, err = at(versions[0].time.Add(-time.Second))
		require.Equal(t, codes.NotFound, status.Code(err), "before its creation the DID did not exist")
		_, err = q.Did(ctx, &types.QueryDidRequest{Id: did, VersionId: "00ff"})
		require.Equal(t, codes.NotFound, status.Code(err))
	})

	api := val.APIAddress
	t.Run("a verifier reads every version over REST", func(t *testing.T) {
		requireLifecycle(t)
		base := api + "/ndi/did/v1/dids/" + did

		var latest restDidResponse
		network.GetJSON(t, base, "", http.StatusOK, &latest)
		requireRESTVersion(t, want(2), versions[2].key, latest)

		var list struct {
			Versions []restDidResponse `json:"versions"`
		}
		network.GetJSON(t, base+"/versions", "", http.StatusOK, &list)
		require.Len(t, list.Versions, 3)
		for i, v := range list.Versions {
			requireRESTVersion(t, want(i), versions[i].key, v)
		}

		for i, v := range versions {
			var one restDidResponse
			network.GetJSON(t, base+"/versions/"+v.id, "", http.StatusOK, &one)
			requireRESTVersion(t, want(i), v.key, one)

			var byParam restDidResponse
			network.GetJSON(t, base+"?version_id="+v.id, "", http.StatusOK, &byParam)
			requireRESTVersion(t, want(i), v.key, byParam)
		}

		var between restDidResponse
		network.GetJSON(t, base+"?version_time="+versions[1].time.Add(-time.Second).Format(time.RFC3339), "", http.StatusOK, &between)
		requireRESTVersion(t, want(0), versions[0].key, between)

		code, _, body := network.Get(t, base+"/versions/00ff", "")
		require.Equal(t, http.StatusNotFound, code, "%s", body)
	})

	t.Run("a verifier resolves the DID over the DID Resolution HTTP binding", func(t *testing.T) {
		requireLifecycle(t)
		identifiers := api + "/1.0/identifiers/"

		for i, v := range versions {
			wantStatus := http.StatusOK
			if v.deactivated {
				wantStatus = http.StatusGone
			}
			for _, accept := range []string{"", "application/did-resolution"} {
				var res resolutionResult
				contentType := network.GetJSON(t, identifiers+did+"?versionId="+v.id, accept, wantStatus, &res)
				require.Equal(t, "application/did-resolution", contentType)
				require.Nil(t, res.DidResolutionMetadata.Error)
				require.Equal(t, did, res.DidDocument.ID)
				require.Equal(t, v.key, res.DidDocument.VerificationMethod[0].PublicKeyMultibase)
				requireDIDCoreMetadata(t, want(i), res.DidDocumentMetadata)
			}

			var doc didCoreDocument
			contentType := network.GetJSON(t, identifiers+did+"?versionId="+v.id, "application/did+json", wantStatus, &doc)
			require.Equal(t, "application/did+json", contentType)
			require.Equal(t, did, doc.ID)
			require.Equal(t, v.key, doc.VerificationMethod[0].PublicKeyMultibase)

			var deref struct {
				ContentStream   didCoreMethod   `json:"contentStream"`
				ContentMetadata didCoreMetadata `json:"contentMetadata"`
			}
			network.GetJSON(t, identifiers+did+"%23key-1?versionId="+v.id, "", wantStatus, &deref)
			require.Equal(t, alice.MethodID(1), deref.ContentStream.ID)
			require.Equal(t, v.key, deref.ContentStream.PublicKeyMultibase)
			requireDIDCoreMetadata(t, want(i), deref.ContentMetadata)

			var method didCoreMethod
			contentType = network.GetJSON(t, identifiers+did+"%23key-1?versionId="+v.id, "application/did+json", wantStatus, &method)
			require.Equal(t, "application/did+json", contentType)
			require.Equal(t, alice.MethodID(1), method.ID)
			require.Equal(t, "Multikey", method.Type)
			require.Equal(t, did, method.Controller)
			require.Equal(t, v.key, method.PublicKeyMultibase)
		}

		// The latest version is the deactivation: 410, with the document.
		var latest resolutionResult
		network.GetJSON(t, identifiers+did, "", http.StatusGone, &latest)
		require.NotNil(t, latest.DidDocumentMetadata.Deactivated)
		require.True(t, *latest.DidDocumentMetadata.Deactivated)
		require.Equal(t, p256Key, latest.DidDocument.VerificationMethod[0].PublicKeyMultibase)
		requireDIDCoreMetadata(t, want(2), latest.DidDocumentMetadata)
		var latestDoc didCoreDocument
		network.GetJSON(t, identifiers+did, "application/did+json", http.StatusGone, &latestDoc)
		require.Equal(t, did, latestDoc.ID)

		var between resolutionResult
		network.GetJSON(t, identifiers+did+"?versionTime="+versions[1].time.Add(-time.Second).Format(time.RFC3339), "", http.StatusOK, &between)
		requireDIDCoreMetadata(t, want(0), between.DidDocumentMetadata)
		require.Equal(t, ed25519Key, between.DidDocument.VerificationMethod[0].PublicKeyMultibase)
	})

	t.Run("a verifier gets DID Resolution errors as problem objects", func(t *testing.T) {
		identifiers := api + "/1.0/identifiers/"
		unknown := didtest.NewIdentity(t, ns).DID()
		cases := []struct {
			name, didURL string
			status       int
			errorType    string
		}{
			{"an unknown DID", unknown, http.StatusNotFound, "NOT_FOUND"},
			{"another DID method", "did:web:x", http.StatusNotImplemented, "METHOD_NOT_SUPPORTED"},
			{"a malformed did:ndi", "did:ndi:local:0OIl", http.StatusBadRequest, "INVALID_DID"},
			{"an unknown version", did + "?versionId=00ff", http.StatusNotFound, "NOT_FOUND"},
		}
		for _, tc := range cases {
			t.Run(tc.name+" answers "+fmt.Sprint(tc.status), func(t *testing.T) {
				var res struct {
					DidDocument           json.RawMessage `json:"didDocument"`
					DidResolutionMetadata struct {
						Error *problem `json:"error"`
					} `json:"didResolutionMetadata"`
					DidDocumentMetadata map[string]any `json:"didDocumentMetadata"`
				}
				contentType := network.GetJSON(t, identifiers+tc.didURL, "", tc.status, &res)
				require.Equal(t, "application/did-resolution", contentType)
				require.JSONEq(t, "null", string(res.DidDocument), "on error didDocument is null")
				require.NotNil(t, res.DidDocumentMetadata, "on error didDocumentMetadata is {}")
				require.Empty(t, res.DidDocumentMetadata)
				require.NotNil(t, res.DidResolutionMetadata.Error)
				require.Equal(t, problemNamespace+tc.errorType, res.DidResolutionMetadata.Error.Type)
				require.Equal(t, tc.status, res.DidResolutionMetadata.Error.Status)

				var bare problem
				contentType = network.GetJSON(t, identifiers+tc.didURL, "application/did+json", tc.status, &bare)
				require.Equal(t, "application/problem+json", contentType)
				require.Equal(t, problemNamespace+tc.errorType, bare.Type)
				require.Equal(t, tc.status, bare.Status)
				require.NotEmpty(t, bare.Title)
			})
		}

		t.Run("an unacceptable representation answers 406", func(t *testing.T) {
			var bare problem
			contentType := network.GetJSON(t, identifiers+did, "text/html", http.StatusNotAcceptable, &bare)
			require.Equal(t, "application/problem+json", contentType)
			require.Equal(t, problemNamespace+"REPRESENTATION_NOT_SUPPORTED", bare.Type)
			require.Equal(t, http.StatusNotAcceptable, bare.Status)
		})
	})
}

// eventAttribute returns the value of key in the first eventType event of
// the transaction result.
func eventAttribute(t *testing.T, res *sdk.TxResponse, eventType, key string) string {
	t.Helper()
	values := network.EventValues(res, eventType, key)
	require.NotEmpty(t, values, "no %s.%s in %v", eventType, key, res.Events)
	return values[0]
}

// requireMetadata compares gRPC metadata with want, and checks that every
// time is UTC whole seconds.
func requireMetadata(t *testing.T, want, got types.DidDocumentMetadata) {
	t.Helper()
	for _, tm := range []*time.Time{&got.Created, got.Updated, got.NextUpdate} {
		if tm != nil {
			require.Equal(t, time.UTC, tm.Location(), "times are UTC")
			require.Equal(t, tm.Truncate(time.Second), *tm, "times are whole seconds")
		}
	}
	require.Equal(t, want.VersionId, got.VersionId)
	require.Equal(t, want.NextVersionId, got.NextVersionId)
	require.Equal(t, want.Deactivated, got.Deactivated)
	require.True(t, want.Created.Equal(got.Created), "created: want %s, got %s", want.Created, got.Created)
	requireSameTime(t, "updated", want.Updated, got.Updated)
	requireSameTime(t, "nextUpdate", want.NextUpdate, got.NextUpdate)
}

func requireSameTime(t *testing.T, name string, want, got *time.Time) {
	t.Helper()
	if want == nil {
		require.Nil(t, got, "%s must be absent", name)
		return
	}
	require.NotNil(t, got, "%s must be present", name)
	require.True(t, want.Equal(*got), "%s: want %s, got %s", name, want, got)
}

// DID Core JSON, as the resolver renders it.
type (
	didCoreMethod struct {
		ID                 string `json:"id"`
		Type               string `json:"type"`
		Controller         string `json:"controller"`
		PublicKeyMultibase string `json:"publicKeyMultibase"`
	}
	didCoreDocument struct {
		Context            []string        `json:"@context"`
		ID                 string          `json:"id"`
		VerificationMethod []didCoreMethod `json:"verificationMethod"`
	}
	// didCoreMetadata keeps every field as raw JSON so presence and format
	// can be checked.
	didCoreMetadata struct {
		Created       *string `json:"created"`
		Updated       *string `json:"updated"`
		NextUpdate    *string `json:"nextUpdate"`
		VersionID     *string `json:"versionId"`
		NextVersionID *string `json:"nextVersionId"`
		Deactivated   *bool   `json:"deactivated"`
	}
	problem struct {
		Type   string `json:"type"`
		Title  string `json:"title"`
		Status int    `json:"status"`
		Detail string `json:"detail"`
	}
	resolutionResult struct {
		DidDocument           didCoreDocument `json:"didDocument"`
		DidResolutionMetadata struct {
			ContentType string   `json:"contentType"`
			Error       *problem `json:"error"`
		} `json:"didResolutionMetadata"`
		DidDocumentMetadata didCoreMetadata `json:"didDocumentMetadata"`
	}
)

// requireDIDCoreMetadata checks DID Core document metadata: present
// members as want says, absent ones omitted, times as 2026-01-02T03:04:05Z,
// deactivated only when true.
func requireDIDCoreMetadata(t *testing.T, want types.DidDocumentMetadata, got didCoreMetadata) {
	t.Helper()
	requireDIDCoreTime(t, "created", &want.Created, got.Created)
	requireDIDCoreTime(t, "updated", want.Updated, got.Updated)
	requireDIDCoreTime(t, "nextUpdate", want.NextUpdate, got.NextUpdate)
	require.NotNil(t, got.VersionID)
	require.Equal(t, want.VersionId, *got.VersionID)
	if want.NextVersionId == "" {
		require.Nil(t, got.NextVersionID, "nextVersionId is omitted for the latest version")
	} else {
		require.NotNil(t, got.NextVersionID)
		require.Equal(t, want.NextVersionId, *got.NextVersionID)
	}
	if want.Deactivated {
		require.NotNil(t, got.Deactivated)
		require.True(t, *got.Deactivated)
	} else {
		require.Nil(t, got.Deactivated, "deactivated appears only when true")
	}
}

func requireDIDCoreTime(t *testing.T, name string, want *time.Time, got *string) {
	t.Helper()
	if want == nil {
		require.Nil(t, got, "%s must be omitted", name)
		return
	}
	require.NotNil(t, got, "%s must be present", name)
	require.Regexp(t, didCoreTime, *got, "%s is RFC 3339 UTC whole seconds", name)
	require.Equal(t, want.UTC().Format(time.RFC3339), *got, name)
}

// restDidResponse is QueryDidResponse as the REST gateway renders it:
// proto field names, defaults emitted, absent times null.
type restDidResponse struct {
	Document struct {
		ID                 string `json:"id"`
		VerificationMethod []struct {
			ID                 string `json:"id"`
			PublicKeyMultibase string `json:"public_key_multibase"`
		} `json:"verification_method"`
	} `json:"document"`
	Metadata struct {
		Created       *string `json:"created"`
		Updated       *string `json:"updated"`
		VersionID     string  `json:"version_id"`
		NextUpdate    *string `json:"next_update"`
		NextVersionID string  `json:"next_version_id"`
		Deactivated   bool    `json:"deactivated"`
	} `json:"metadata"`
}

func requireRESTVersion(t *testing.T, want types.DidDocumentMetadata, key string, got restDidResponse) {
	t.Helper()
	require.Equal(t, want.VersionId, got.Metadata.VersionID)
	require.Equal(t, want.NextVersionId, got.Metadata.NextVersionID)
	require.Equal(t, want.Deactivated, got.Metadata.Deactivated)
	requireDIDCoreTime(t, "created", &want.Created, got.Metadata.Created)
	requireDIDCoreTime(t, "updated", want.Updated, got.Metadata.Updated)
	requireDIDCoreTime(t, "next_update", want.NextUpdate, got.Metadata.NextUpdate)
	require.NotEmpty(t, got.Document.VerificationMethod)
	require.Equal(t, key, got.Document.VerificationMethod[0].PublicKeyMultibase)
}
