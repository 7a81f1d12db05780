package keeper_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ndi-chain/ndi/x/revocation/types"
)

// scattered returns n distinct indices spread over a list of size bits,
// from a fixed seed so runs compare.
func scattered(n int, size uint64, seed uint64) []uint64 {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	seen := make(map[uint64]bool, n)
	out := make([]uint64, 0, n)
	for len(out) < n {
		i := r.Uint64N(size)
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

func benchmarkUpdate(b *testing.B, n int) {
	f := newFixture(b)
	id := f.mustCreate("bench", types.STATUS_PURPOSE_SUSPENSION)
	const size = types.DefaultMaxSizeBits
	big, err := f.create("bench-big", types.STATUS_PURPOSE_SUSPENSION, size)
	if err != nil {
		b.Fatal(err)
	}
	_ = id
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		p := types.UpdateStatusListPayload{ListId: big, ExpectedSequence: uint64(i), Set: scattered(n, size, uint64(i))}
		if i%2 == 1 {
			p.Set, p.Clear = nil, scattered(n, size, uint64(i-1))
		}
		sigs := f.sign(f.issuer, issuerDID, chainID, &p)
		f.nextBlock()
		b.StartTimer()
		// As in a block: the message runs on a cache over committed state,
		// written back on success.
		txCtx, write := f.ctx.CacheContext()
		if _, err := f.srv.UpdateStatusList(txCtx, &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: sigs}); err != nil {
			b.Fatal(err)
		}
		write()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "indices/s")
}

// Batches of scattered indices over a 16,777,216-entry list (1,024 chunks),
// alternating set and clear so every update changes every index.
func BenchmarkUpdateScattered1(b *testing.B)     { benchmarkUpdate(b, 1) }
func BenchmarkUpdateScattered1000(b *testing.B)  { benchmarkUpdate(b, 1_000) }
func BenchmarkUpdateScattered65536(b *testing.B) { benchmarkUpdate(b, 65_536) }

// BenchmarkCredentialStatus is the verifier's single-index check on a list
// with 20 updates of 1,000 scattered indices.
func BenchmarkCredentialStatus(b *testing.B) {
	f := newFixture(b)
	id := f.mustCreate("status", types.STATUS_PURPOSE_REVOCATION)
	for i := range 20 {
		p := types.UpdateStatusListPayload{ListId: id, ExpectedSequence: uint64(i), Set: scatteredUnset(f, id, 1_000, uint64(i))}
		if _, err := f.srv.UpdateStatusList(f.ctx, &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: f.sign(f.issuer, issuerDID, chainID, &p)}); err != nil {
			b.Fatal(err)
		}
		f.nextBlock()
	}
	f.nextBlock()
	probes := scattered(1024, types.MinSizeBits, 99)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := f.q.CredentialStatus(f.ctx, types.NewQueryCredentialStatusRequest(id, probes[i%len(probes)], nil)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatusListEncoded is the herd-private check: the whole 131,072
// entry list, GZIP and base64url.
func BenchmarkStatusListEncoded(b *testing.B) {
	f := newFixture(b)
	id := f.mustCreate("whole", types.STATUS_PURPOSE_REVOCATION)
	p := types.UpdateStatusListPayload{ListId: id, Set: scattered(5_000, types.MinSizeBits, 7)}
	if _, err := f.srv.UpdateStatusList(f.ctx, &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: f.sign(f.issuer, issuerDID, chainID, &p)}); err != nil {
		b.Fatal(err)
	}
	f.nextBlock()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := f.q.StatusList(f.ctx, &types.QueryStatusListRequest{ListId: id}); err != nil {
			b.Fatal(err)
		}
	}
}

// scatteredUnset picks indices not yet set in a revocation list, so each
// update changes them.
func scatteredUnset(f *fixture, id string, n int, seed uint64) []uint64 {
	bits := f.bits(id, nil)
	var out []uint64
	for _, i := range scattered(n*2, types.MinSizeBits, seed+1000) {
		if !types.Bit(bits, i) && len(out) < n {
			out = append(out, i)
		}
	}
	return out
}

// benchmarkBatchesPerBlock runs k updates of 65,536 scattered indices on a
// 16,777,216-entry list inside one block, as FinalizeBlock does: each
// transaction on a cache over the block's cache, written back on success
// (oneTx: all k messages in one transaction's cache). Before store version
// 2 every update opened iterators, and each iterator made the cache store
// sort every key the block had written, so the k-th batch cost more than
// the first; ms/batch must not grow with k.
func benchmarkBatchesPerBlock(b *testing.B, k int, oneTx bool) {
	f := newFixture(b)
	const size = types.DefaultMaxSizeBits
	id, err := f.create("batches", types.STATUS_PURPOSE_SUSPENSION, size)
	if err != nil {
		b.Fatal(err)
	}
	seq := uint64(0)
	b.ReportAllocs()
	b.ResetTimer()
	for n := range b.N {
		b.StopTimer()
		msgs := make([]*types.MsgUpdateStatusList, k)
		for i := range msgs {
			// Alternate set and clear of the same indices so every batch
			// changes 65,536 bits.
			idx := scattered(65_536, size, uint64(n*k+i)/2)
			p := types.UpdateStatusListPayload{ListId: id, ExpectedSequence: seq}
			// The plain form, so store version 1 can run the same benchmark
			// (docs/benchmarks.md compares them); unpacking 128 KB costs
			// well under a millisecond either way.
			if seq%2 == 0 {
				p.Set = idx
			} else {
				p.Clear = idx
			}
			msgs[i] = &types.MsgUpdateStatusList{Submitter: submitter, Payload: p, Signatures: f.sign(f.issuer, issuerDID, chainID, &p)}
			seq++
		}
		f.nextBlock()
		b.StartTimer()
		blockCtx, writeBlock := f.ctx.CacheContext()
		txCtx, writeTx := blockCtx.CacheContext()
		for _, msg := range msgs {
			if !oneTx {
				txCtx, writeTx = blockCtx.CacheContext()
			}
			if _, err := f.srv.UpdateStatusList(txCtx, msg); err != nil {
				b.Fatal(err)
			}
			if !oneTx {
				writeTx()
			}
		}
		if oneTx {
			writeTx()
		}
		writeBlock()
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N*k), "ms/batch")
	b.ReportMetric(float64(65_536*k*b.N)/b.Elapsed().Seconds(), "indices/s")
}

func BenchmarkBatchesPerBlock(b *testing.B) {
	for _, k := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("K=%d/txs", k), func(b *testing.B) { benchmarkBatchesPerBlock(b, k, false) })
		b.Run(fmt.Sprintf("K=%d/one-tx", k), func(b *testing.B) { benchmarkBatchesPerBlock(b, k, true) })
	}
}
