package verifier_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ndi-chain/ndi/verifier"
)

// BenchmarkVerify is one whole verdict on a real node (an in-process
// validator with its RPC and gRPC servers): trusting the node, and in
// light mode, where each iteration verifies the newest header and proves
// every read afresh (a new Source: nothing cached between verdicts).
func BenchmarkVerify(b *testing.B) {
	f := setUpChain(b)
	ctx := context.Background()
	node := f.nodeSource(b)
	issue := func(format string, i int) []byte {
		issuer := f.issuers[i]
		out, err := verifier.Issue(ctx, node, verifier.IssueRequest{Issuer: issuer.DID(), TypeID: f.typeID, Subject: subject("bench"),
			ValidFrom: node.Trust().Time, Format: format, Key: issuer.Keys[0],
			Status: []verifier.StatusRequest{{ListID: revocationListOf(issuer), Index: 1, Purpose: "revocation"}}})
		require.NoError(b, err)
		return out.Credential
	}
	jwt, di := issue(verifier.FormatJWT, 2), issue(verifier.FormatDataIntegrity, 0)
	require.NoError(b, f.n.WaitForNextBlock())

	for _, bc := range []struct {
		name string
		raw  []byte
		src  func() verifier.Source
		opts verifier.Options
	}{
		{"node/jwt-es256k", jwt, func() verifier.Source { return f.nodeSource(b) }, verifier.Options{}},
		{"light/jwt-es256k/whole-list", jwt, func() verifier.Source { return f.lightSource(b, "") }, verifier.Options{}},
		{"light/jwt-es256k/single-index", jwt, func() verifier.Source { return f.lightSource(b, "") },
			verifier.Options{StatusQuery: verifier.StatusSingleIndex}},
		{"light/di-eddsa-jcs-2022/whole-list", di, func() verifier.Source { return f.lightSource(b, "") }, verifier.Options{}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			queries := 0
			for b.Loop() {
				src := bc.src()
				v := verifier.Verify(ctx, bc.raw, src, bc.opts)
				if v.Verdict != verifier.Valid {
					b.Fatalf("verdict %s: %+v", v.Verdict, v.Checks)
				}
				if counted, ok := src.(interface{ QueryCount() int }); ok {
					queries = counted.QueryCount()
				}
			}
			// Proven ABCI queries per verdict (light mode only).
			b.ReportMetric(float64(queries), "queries/op")
		})
	}
}
