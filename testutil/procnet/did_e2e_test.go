//go:build e2e

package procnet_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/ndi-chain/ndi/testutil/network"
	"github.com/ndi-chain/ndi/testutil/procnet"
	"github.com/ndi-chain/ndi/x/did/types"
)

// A citizen creates a DID, rotates its key and deactivates it with the ndid
// CLI against real nodes; a verifier then resolves every version over gRPC,
// REST and the DID Resolution HTTP binding.
func TestCitizenManagesADIDThroughTheCLIAndVerifiersResolveEveryVersion(t *testing.T) {
	net := procnet.Start(t, procnet.Options{Validators: 2})
	node := net.Nodes[0]

	mustCLI(t, node, "did", "keys", "generate", "citizen")
	mustCLI(t, node, "did", "keys", "generate", "citizen-2027", "--algorithm", "p256")
	var doc map[string]any
	require.NoError(t, json.Unmarshal(mustCLI(t, node, "did", "document", "citizen"), &doc))
	did := doc["id"].(string)
	require.True(t, strings.HasPrefix(did, "did:ndi:local:"), did)

	_, err := node.Tx("did", "create", "--key", "citizen")
	require.NoError(t, err)
	_, err = node.Tx("did", "rotate-key", did, "key-1", "citizen-2027", "--key", "citizen")
	require.NoError(t, err)
	_, err = node.Tx("did", "deactivate", did, "--key", "citizen")
	require.Error(t, err, "the rotated-out key no longer controls the DID")
	_, err = node.Tx("did", "deactivate", did, "--key", "citizen-2027")
	require.NoError(t, err)

	conn, err := grpc.NewClient(node.GRPCAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer func() { _ = conn.Close() }()
	q := types.NewQueryClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	versions, err := q.DidVersions(ctx, &types.QueryDidVersionsRequest{Id: did})
	require.NoError(t, err)
	require.Len(t, versions.Versions, 3)
	created, rotated, deactivated := versions.Versions[0], versions.Versions[1], versions.Versions[2]
	require.Equal(t, rotated.Metadata.VersionId, created.Metadata.NextVersionId)
	require.Equal(t, deactivated.Metadata.VersionId, rotated.Metadata.NextVersionId)
	require.True(t, deactivated.Metadata.Deactivated)
	require.NotEqual(t, created.Document.VerificationMethod[0].PublicKeyMultibase, rotated.Document.VerificationMethod[0].PublicKeyMultibase)

	// REST: the same versions through the gateway.
	var rest struct {
		Versions []struct {
			Metadata struct {
				VersionID string `json:"version_id"`
			} `json:"metadata"`
		} `json:"versions"`
	}
	network.GetJSON(t, "http://"+node.APIAddr+"/ndi/did/v1/dids/"+did+"/versions", "", http.StatusOK, &rest)
	require.Len(t, rest.Versions, 3)
	require.Equal(t, rotated.Metadata.VersionId, rest.Versions[1].Metadata.VersionID)

	// HTTP DID Resolution at each version.
	for _, v := range []*types.QueryDidResponse{&created, &rotated} {
		var res struct {
			DidDocument struct {
				VerificationMethod []struct {
					PublicKeyMultibase string `json:"publicKeyMultibase"`
				} `json:"verificationMethod"`
			} `json:"didDocument"`
			DidDocumentMetadata map[string]any `json:"didDocumentMetadata"`
		}
		network.GetJSON(t, "http://"+node.APIAddr+"/1.0/identifiers/"+did+"?versionId="+v.Metadata.VersionId, "", http.StatusOK, &res)
		require.Equal(t, v.Document.VerificationMethod[0].PublicKeyMultibase, res.DidDocument.VerificationMethod[0].PublicKeyMultibase)
		require.Equal(t, v.Metadata.VersionId, res.DidDocumentMetadata["versionId"])
		require.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, res.DidDocumentMetadata["created"])
	}
	var latest map[string]any
	network.GetJSON(t, "http://"+node.APIAddr+"/1.0/identifiers/"+did, "application/did-resolution", http.StatusGone, &latest)
	require.Equal(t, true, latest["didDocumentMetadata"].(map[string]any)["deactivated"])
}
