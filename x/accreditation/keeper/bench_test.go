package keeper_test

import (
	"fmt"
	"testing"
)

// benchmarkVerifyIssuer measures VerifyIssuer (now) for an issuer whose
// chain holds depth accreditations: the issuer's, and depth-1 accreditors
// between it and the trust anchor.
func benchmarkVerifyIssuer(b *testing.B, depth int) {
	s := newSuite(b)
	anchor := s.newDID()
	s.registerAnchor(anchor)
	typeID := s.mustRegisterType(anchor, "degree")
	by, parent := anchor, ""
	for level := 1; level < depth; level++ {
		next := s.newDID()
		parent = s.mustAccredit(accreditor(by, next, fmt.Sprintf("level-%d", level), uint32(depth-level), typeID).under(parent))
		by = next
	}
	issuerDID := s.newDID()
	s.mustAccredit(issuer(by, issuerDID, "issuer", typeID).under(parent))
	ctx := s.ctx()

	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := s.k.VerifyIssuer(ctx, issuerDID.DID(), typeID, nil)
		if err != nil || !res.Accredited || len(res.Chain) != depth+1 {
			b.Fatalf("verify: %v %+v", err, res)
		}
	}
}

func BenchmarkVerifyIssuerDepth1(b *testing.B) { benchmarkVerifyIssuer(b, 1) }
func BenchmarkVerifyIssuerDepth2(b *testing.B) { benchmarkVerifyIssuer(b, 2) }
func BenchmarkVerifyIssuerDepth3(b *testing.B) { benchmarkVerifyIssuer(b, 3) }
func BenchmarkVerifyIssuerDepth4(b *testing.B) { benchmarkVerifyIssuer(b, 4) }
func BenchmarkVerifyIssuerDepth5(b *testing.B) { benchmarkVerifyIssuer(b, 5) }

// BenchmarkCheckActiveIssuerDepth3 measures the check x/revocation makes
// before an issuer creates a status list.
func BenchmarkCheckActiveIssuerDepth3(b *testing.B) {
	s := newSuite(b)
	anchor, mid, iss := s.newDID(), s.newDID(), s.newDID()
	s.registerAnchor(anchor)
	typeID := s.mustRegisterType(anchor, "degree")
	top := s.newDID()
	topID := s.mustAccredit(accreditor(anchor, top, "top", 2, typeID))
	midID := s.mustAccredit(accreditor(top, mid, "mid", 1, typeID).under(topID))
	s.mustAccredit(issuer(mid, iss, "issuer", typeID).under(midID))
	ctx := s.ctx()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := s.k.CheckActiveIssuer(ctx, iss.DID()); err != nil {
			b.Fatal(err)
		}
	}
}
