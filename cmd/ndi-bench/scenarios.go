package main

import (
	"context"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/testutil/procnet"
	acctypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// maxInFlight bounds one account's uncommitted transactions.
const maxInFlight = 30

// Gas limits per message kind, generous enough for the largest batch.
const (
	gasDidCreate    = 300_000
	gasSetup        = 500_000
	gasStatusUpdate = 400_000_000
)

// identity is a DID and its key, made in-process.
type identity struct {
	doc didtypes.DidDocument
	key didsig.PrivateKey
}

func newIdentity(namespace string) (identity, error) {
	priv, err := didsig.GeneratePrivateKey(didsig.Ed25519, nil)
	if err != nil {
		return identity{}, err
	}
	pub, err := priv.PublicKey()
	if err != nil {
		return identity{}, err
	}
	doc, err := didtypes.NewDocument(namespace, pub)
	return identity{doc: doc, key: priv}, err
}

// as signs as the identity's key-1, read from the source document.
func (id identity) as(source didtypes.KeySource) didtypes.Signer {
	return didtypes.Signer{MethodID: id.doc.Id + "#key-1", Key: id.key, Source: source}
}

func (id identity) createMsg(chainID string, submitter sdk.AccAddress) (*didtypes.MsgCreateDid, error) {
	payload := didtypes.CreateDidPayload{Document: id.doc}
	sigs, err := didtypes.Sign(chainID, &payload, id.as(didtypes.KEY_SOURCE_NEW))
	return &didtypes.MsgCreateDid{Submitter: submitter.String(), Payload: payload, Signatures: sigs}, err
}

// throughput is one measured load: what was committed and over how long.
type throughput struct {
	committed   int     // transactions (or indices) committed
	failed      int     // transactions included but failed
	wallSeconds float64 // from the first send to the client seeing the last commit
	seconds     float64 // from the first to the last block holding them
	blocks      int
	minGasLimit uint64 // of a status update
	maxGasLimit uint64
	avgBlockSec float64
	maxBlockSec float64
}

func (t throughput) perSecond() float64 {
	if t.seconds <= 0 {
		return 0
	}
	return float64(t.committed) / t.seconds
}

// measureBlocks turns the heights that held the load into a throughput:
// the span is from the block before the first to the last block.
func measureBlocks(ctx context.Context, s *procnet.Sender, heights []int64, units int) (throughput, error) {
	if len(heights) == 0 {
		return throughput{}, fmt.Errorf("nothing was committed")
	}
	// A header's time is when its block was proposed, before it ran; the
	// work of the last block ends at the time of the block after it.
	first, last := slices.Min(heights), slices.Max(heights)
	if err := waitHeight(ctx, s.Node(), last+1); err != nil {
		return throughput{}, err
	}
	times, err := blockTimes(ctx, s.Node(), first-1, last+1)
	if err != nil {
		return throughput{}, err
	}
	t := throughput{committed: units, seconds: times[len(times)-1].Sub(times[0]).Seconds(), blocks: int(last - first + 1)}
	for i := 1; i < len(times); i++ {
		d := times[i].Sub(times[i-1]).Seconds()
		t.avgBlockSec += d / float64(len(times)-1)
		t.maxBlockSec = max(t.maxBlockSec, d)
	}
	return t, nil
}

// waitHeight waits until the node has committed height h, for as long as
// ctx allows.
func waitHeight(ctx context.Context, node *procnet.Node, h int64) error {
	timeout := time.Hour // ctx bounds every run; this is only a fallback
	if deadline, ok := ctx.Deadline(); ok {
		timeout = time.Until(deadline)
	}
	return node.WaitForHeight(h, timeout)
}

// loadDidCreates signs n DID creates ahead of time (spread over the
// senders), sends them as fast as the nodes accept, and measures the blocks
// that committed them.
func loadDidCreates(ctx context.Context, senders []*procnet.Sender, chainID, namespace string, n int) (throughput, []string, error) {
	type signedTx struct {
		bz  []byte
		did string
	}
	perSender := make([][]signedTx, len(senders))
	for i := range n {
		s := senders[i%len(senders)]
		id, err := newIdentity(namespace)
		if err != nil {
			return throughput{}, nil, err
		}
		msg, err := id.createMsg(chainID, s.Address())
		if err != nil {
			return throughput{}, nil, err
		}
		bz, err := s.Sign(gasDidCreate, msg)
		if err != nil {
			return throughput{}, nil, err
		}
		perSender[i%len(senders)] = append(perSender[i%len(senders)], signedTx{bz: bz, did: id.doc.Id})
	}
	logf("signed %d DID creates ahead of time; sending", n)
	start := time.Now()
	var (
		mu     sync.Mutex
		hashes []string
		dids   []string
		wg     sync.WaitGroup
		errs   = make(chan error, len(senders))
	)
	for i, s := range senders {
		wg.Add(1)
		go func(s *procnet.Sender, txs []signedTx) {
			defer wg.Done()
			first := s.Sequence() - uint64(len(txs))
			for k, tx := range txs {
				// Keep at most maxInFlight of this account's transactions
				// uncommitted: a node whose mempool holds hundreds from one
				// account drops them after a block (observed as a sequence
				// gap), so the sender paces itself by the committed sequence.
				if err := s.WaitCommittedSequence(ctx, first+uint64(k)-maxInFlight); err != nil {
					errs <- err
					return
				}
				hash, err := s.BroadcastRetry(ctx, tx.bz)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				hashes = append(hashes, hash)
				dids = append(dids, tx.did)
				mu.Unlock()
			}
		}(s, perSender[i])
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return throughput{}, nil, err
	}
	// A transaction that fails in its block (rare: a sequence gap when the
	// mempools saw an account's transactions out of order) is counted, not
	// fatal; only committed successes count towards the throughput.
	heights := make([]int64, 0, len(hashes))
	committed := make([]string, 0, len(dids))
	failed := 0
	for i, h := range hashes {
		height, err := senders[0].WaitTx(ctx, h, 120*time.Second)
		if err != nil {
			failed++
			if failed == 1 {
				logf("first failed DID create: %v", err)
			}
			continue
		}
		heights = append(heights, height)
		committed = append(committed, dids[i])
	}
	t, err := measureBlocks(ctx, senders[0], heights, len(heights))
	t.failed = failed
	t.wallSeconds = time.Since(start).Seconds()
	return t, committed, err
}

// issuerSetup makes an accredited issuer with a status list: a trust
// anchor by governance, a credential type, an ISSUER accreditation, a list.
type issuerSetup struct {
	issuer identity
	listID string
	size   uint64
}

func setupIssuer(ctx context.Context, cfg config, senders []*procnet.Sender, chainID, namespace string) (issuerSetup, error) {
	s := senders[0]
	anchor, err := newIdentity(namespace)
	if err != nil {
		return issuerSetup{}, err
	}
	issuer, err := newIdentity(namespace)
	if err != nil {
		return issuerSetup{}, err
	}
	for _, id := range []identity{anchor, issuer} {
		msg, err := id.createMsg(chainID, s.Address())
		if err != nil {
			return issuerSetup{}, err
		}
		if _, err := s.SendAndWait(ctx, gasSetup, msg); err != nil {
			return issuerSetup{}, fmt.Errorf("create DID: %w", err)
		}
	}
	gov := authtypes.NewModuleAddress("gov").String()
	proposal, err := govv1.NewMsgSubmitProposal(
		[]sdk.Msg{&acctypes.MsgRegisterTrustAnchor{Authority: gov, Anchor: acctypes.TrustAnchor{Did: anchor.doc.Id, AllTypes: true, Description: "benchmark anchor"}}},
		sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(10_000_000))),
		s.Address().String(), "", "Benchmark trust anchor", "ndi-bench", false)
	if err != nil {
		return issuerSetup{}, err
	}
	if _, err := s.SendAndWait(ctx, gasSetup, proposal); err != nil {
		return issuerSetup{}, fmt.Errorf("submit proposal: %w", err)
	}
	q := govv1.NewQueryClient(s.ClientContext())
	props, err := q.Proposals(ctx, &govv1.QueryProposalsRequest{ProposalStatus: govv1.StatusVotingPeriod})
	if err != nil || len(props.Proposals) == 0 {
		return issuerSetup{}, fmt.Errorf("find the proposal: %v", err)
	}
	id := props.Proposals[len(props.Proposals)-1].Id
	for _, v := range senders {
		if _, err := v.SendAndWait(ctx, gasSetup, govv1.NewMsgVote(v.Address(), id, govv1.OptionYes, "")); err != nil {
			return issuerSetup{}, fmt.Errorf("vote: %w", err)
		}
	}
	logf("trust-anchor proposal %d voted; waiting for it to pass (at most %s)", id, cfg.votingWait)
	deadline := time.Now().Add(cfg.votingWait)
	for {
		p, err := q.Proposal(ctx, &govv1.QueryProposalRequest{ProposalId: id})
		if err == nil && p.Proposal.Status == govv1.StatusPassed {
			break
		}
		if err == nil && p.Proposal.Status != govv1.StatusVotingPeriod {
			return issuerSetup{}, fmt.Errorf("proposal %d ended %s", id, p.Proposal.Status)
		}
		if time.Now().After(deadline) {
			return issuerSetup{}, fmt.Errorf("proposal %d did not pass within %s (start the localnet with LOCALNET_VOTING_PERIOD=10s)", id, cfg.votingWait)
		}
		time.Sleep(time.Second)
	}

	typePayload := acctypes.RegisterCredentialTypePayload{CredentialType: acctypes.CredentialType{
		Id: acctypes.CredentialTypeID(anchor.doc.Id, "bench-degree"), OwnerDid: anchor.doc.Id, Name: "bench-degree",
		VcTypes:   []string{"VerifiableCredential", "BenchDegree"},
		SchemaUri: "https://schemas.ndi.example/bench-degree.json", SchemaDigest: strings.Repeat("ab", 32),
	}}
	sigs, err := didtypes.Sign(chainID, &typePayload, anchor.as(didtypes.KEY_SOURCE_CURRENT))
	if err != nil {
		return issuerSetup{}, err
	}
	if _, err := s.SendAndWait(ctx, gasSetup, &acctypes.MsgRegisterCredentialType{Submitter: s.Address().String(), Payload: typePayload, Signatures: sigs}); err != nil {
		return issuerSetup{}, fmt.Errorf("register credential type: %w", err)
	}
	acc := acctypes.AccreditPayload{
		AccreditorDid: anchor.doc.Id, Name: "bench-issuer", SubjectDid: issuer.doc.Id,
		Role: acctypes.ROLE_ISSUER, Scope: []string{typePayload.CredentialType.Id},
	}
	if sigs, err = didtypes.Sign(chainID, &acc, anchor.as(didtypes.KEY_SOURCE_CURRENT)); err != nil {
		return issuerSetup{}, err
	}
	if _, err := s.SendAndWait(ctx, gasSetup, &acctypes.MsgAccredit{Submitter: s.Address().String(), Payload: acc, Signatures: sigs}); err != nil {
		return issuerSetup{}, fmt.Errorf("accredit: %w", err)
	}
	const size = revtypes.DefaultMaxSizeBits
	create := revtypes.CreateStatusListPayload{IssuerDid: issuer.doc.Id, Name: "bench", Purpose: revtypes.STATUS_PURPOSE_REVOCATION, SizeBits: size}
	if sigs, err = didtypes.Sign(chainID, &create, issuer.as(didtypes.KEY_SOURCE_CURRENT)); err != nil {
		return issuerSetup{}, err
	}
	if _, err := s.SendAndWait(ctx, gasSetup, &revtypes.MsgCreateStatusList{Submitter: s.Address().String(), Payload: create, Signatures: sigs}); err != nil {
		return issuerSetup{}, fmt.Errorf("create status list: %w", err)
	}
	return issuerSetup{issuer: issuer, listID: revtypes.ListID(issuer.doc.Id, "bench"), size: size}, nil
}

// statusLoad sends status-list updates in the packed form, each of
// batchSize scattered indices never set before (so every index in every
// run is a real change), signed ahead of time with consecutive expected
// sequences.
type statusLoad struct {
	s          *procnet.Sender
	chainID    string
	setup      issuerSetup
	batchSize  int
	r          *rand.Rand
	used       []uint64       // one bit per list index already set
	nextSeq    uint64         // the list's next expected sequence
	maxGas     int64          // the block gas limit (≤ 0: none)
	gasByLevel map[int]uint64 // the most gas an update used, by span level
}

func newStatusLoad(s *procnet.Sender, chainID string, setup issuerSetup, batchSize int) *statusLoad {
	return &statusLoad{
		s: s, chainID: chainID, setup: setup, batchSize: batchSize,
		r:          rand.New(rand.NewPCG(42, 7)),
		used:       make([]uint64, (setup.size+63)/64),
		gasByLevel: map[int]uint64{},
	}
}

// sign builds and signs the next update.
func (l *statusLoad) sign(gas uint64) ([]byte, error) {
	idx := make([]uint64, 0, l.batchSize)
	for len(idx) < l.batchSize {
		i := l.r.Uint64N(l.setup.size)
		if l.used[i/64]&(1<<(i%64)) == 0 {
			l.used[i/64] |= 1 << (i % 64)
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	packed, err := revtypes.PackIndices(idx)
	if err != nil {
		return nil, err
	}
	payload := revtypes.UpdateStatusListPayload{ListId: l.setup.listID, ExpectedSequence: l.nextSeq, SetPacked: packed}
	sigs, err := didtypes.Sign(l.chainID, &payload, l.setup.issuer.as(didtypes.KEY_SOURCE_CURRENT))
	if err != nil {
		return nil, err
	}
	bz, err := l.s.Sign(gas, &revtypes.MsgUpdateStatusList{Submitter: l.s.Address().String(), Payload: payload, Signatures: sigs})
	if err != nil {
		return nil, err
	}
	l.nextSeq++
	return bz, nil
}

// An update's gas depends on its sequence: the chunk record written at
// sequence q carries a span of the changed bits of the 2^L updates up to q
// (a Fenwick span, L the trailing ones of q, docs/revocation.md §4), and
// writing it costs gas per byte. So the load predicts each update's gas
// from the largest seen at its level and gives each its own limit.
func spanLevel(seq uint64) int { return bits.TrailingZeros64(seq + 1) }

// calibrate sends four updates (sequences 0–3: levels 0, 1, 0, 2), each
// with the block's whole gas, which also warms the nodes up, and records
// their gas.
func (l *statusLoad) calibrate(ctx context.Context, maxGas int64) error {
	l.maxGas = maxGas
	limit := uint64(gasStatusUpdate)
	if maxGas > 0 {
		limit = min(limit, uint64(maxGas))
	}
	var hashes []string
	for range 4 {
		bz, err := l.sign(limit)
		if err != nil {
			return err
		}
		hash, err := l.s.Broadcast(ctx, bz)
		if err != nil {
			return err
		}
		hashes = append(hashes, hash)
	}
	if _, err := l.observe(ctx, hashes, l.nextSeq-4); err != nil {
		return fmt.Errorf("calibration: %w", err)
	}
	logf("calibration: updates of %d indices used %v gas by span level", l.batchSize, l.gasByLevel)
	return nil
}

// observe waits for the updates, the first with list sequence seq, and
// records each one's gas used by level.
func (l *statusLoad) observe(ctx context.Context, hashes []string, seq uint64) ([]int64, error) {
	var heights []int64
	for i, hash := range hashes {
		c, err := l.s.Node().WaitCommitted(ctx, hash, 180*time.Second)
		if err != nil {
			return nil, err
		}
		if c.Code != 0 {
			return nil, fmt.Errorf("update %s failed at height %d: code %d: %s", hash, c.Height, c.Code, c.Log)
		}
		used, err := gasUsed(c)
		if err != nil {
			return nil, fmt.Errorf("update %s: gas used: %w", hash, err)
		}
		lvl := spanLevel(seq + uint64(i))
		l.gasByLevel[lvl] = max(l.gasByLevel[lvl], used)
		heights = append(heights, c.Height)
	}
	return heights, nil
}

// limitFor predicts the gas of the update with sequence seq: 10% over the
// largest seen at its level (the lists fills up between runs), or for a
// level not seen yet 25% over the highest level seen; at most the block's.
func (l *statusLoad) limitFor(seq uint64) uint64 {
	lvl := spanLevel(seq)
	limit, ok := l.gasByLevel[lvl]
	if ok {
		limit += limit / 10
	} else {
		top := -1
		for k := range l.gasByLevel {
			top = max(top, k)
		}
		limit = l.gasByLevel[top] + l.gasByLevel[top]/4
	}
	if l.maxGas > 0 {
		limit = min(limit, uint64(l.maxGas))
	}
	return limit
}

// run sends `batches` updates and measures indices committed per second.
func (l *statusLoad) run(ctx context.Context, batches int) (throughput, error) {
	if err := l.s.Refresh(); err != nil {
		return throughput{}, err
	}
	first := l.nextSeq
	var txs [][]byte
	var limits []uint64
	for range batches {
		limit := l.limitFor(l.nextSeq)
		limits = append(limits, limit)
		bz, err := l.sign(limit)
		if err != nil {
			return throughput{}, err
		}
		txs = append(txs, bz)
	}
	logf("signed %d packed updates of %d scattered indices (%d bytes each, gas limits %v); sending",
		batches, l.batchSize, len(txs[0]), limits)
	// CheckTx runs only the ante handler, so every update can wait in the
	// mempool at once; the block applies them in account-sequence order,
	// which is expected-sequence order.
	start := time.Now()
	var hashes []string
	for _, tx := range txs {
		hash, err := l.s.Broadcast(ctx, tx)
		if err != nil {
			return throughput{}, err
		}
		hashes = append(hashes, hash)
	}
	heights, err := l.observe(ctx, hashes, first)
	if err != nil {
		return throughput{}, err
	}
	wall := time.Since(start)
	logf("all updates committed (heights %v) %s after the first was sent; most gas by span level %v", heights,
		wall.Round(time.Millisecond), l.gasByLevel)
	m, err := measureBlocks(ctx, l.s, heights, batches*l.batchSize)
	m.wallSeconds = wall.Seconds()
	m.minGasLimit, m.maxGasLimit = slices.Min(limits), slices.Max(limits)
	return m, err
}
