package sim

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensusparamtypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/ndi-chain/ndi/app"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	poatypes "github.com/ndi-chain/ndi/x/poa/types"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// StoreNames are the app's KV stores, in the order block records list them.
var StoreNames = []string{
	authtypes.StoreKey, banktypes.StoreKey, stakingtypes.StoreKey, distrtypes.StoreKey,
	slashingtypes.StoreKey, govtypes.StoreKey, consensusparamtypes.StoreKey, upgradetypes.StoreKey,
	evidencetypes.StoreKey, feegrant.StoreKey, authzkeeper.StoreKey, poatypes.StoreKey,
	didtypes.StoreKey, accreditationtypes.StoreKey, revocationtypes.StoreKey,
}

// Config is one determinism run.
type Config struct {
	Seed uint64
	// Blocks is the number of blocks with transactions, after the first
	// (empty) block; empty blocks follow them until the chain is quiescent
	// (see settle).
	Blocks int
	// OpsPerBlock is the mean number of transactions per block.
	OpsPerBlock int
	Validators  int
	Submitters  int
	// Logf, when set, receives a progress line every ProgressEvery blocks.
	Logf          func(format string, args ...any)
	ProgressEvery int
}

func (c *Config) defaults() {
	if c.Blocks <= 0 {
		c.Blocks = 20
	}
	if c.OpsPerBlock <= 0 {
		c.OpsPerBlock = 10
	}
	if c.Validators <= 0 {
		c.Validators = 2
	}
	if c.Submitters <= 0 {
		c.Submitters = 8
	}
	if c.ProgressEvery <= 0 {
		c.ProgressEvery = 50
	}
}

// BlockRecord is what a block committed: its app hash and every store's
// commit hash, to name the store where two runs part.
type BlockRecord struct {
	Height  int64
	AppHash []byte
	Stores  [][]byte // in StoreNames order
	Txs, OK int
}

// KindStats counts the operations of one kind.
type KindStats struct {
	Kind string
	// Accepted succeeded; Refused failed on their own (the generator aimed
	// for success, the chain said no, the block agreed with the dry run);
	// Invalid were built to fail and failed as required.
	Accepted, Refused, Invalid int
	// Reasons counts refusals by error, "codespace/code: description".
	Reasons map[string]int
}

// Runner runs one simulated chain.
type Runner struct {
	cfg      Config
	r        *rng
	App      *app.App
	gen      *generator
	accounts map[string]*account
	Blocks   []BlockRecord
	stats    map[string]*KindStats
	started  time.Time
}

// NewRunner builds the genesis of cfg.Seed, starts the chain and commits
// its first, empty block.
func NewRunner(cfg Config) (*Runner, error) {
	cfg.defaults()
	r := newRNG(cfg.Seed)
	a := NewApp()
	w := newWorld()

	var spec genesisSpec
	accounts := map[string]*account{}
	newAccount := func() *account {
		k := secp256k1.GenPrivKeyFromSecret(r.bytes(32))
		acc := &account{key: k, addr: sdk.AccAddress(k.PubKey().Address())}
		accounts[acc.addr.String()] = acc
		return acc
	}
	var addrs, voters []string
	for range cfg.Validators {
		acc := newAccount()
		spec.operators = append(spec.operators, acc)
		voters = append(voters, acc.addr.String())
	}
	for range cfg.Submitters {
		acc := newAccount()
		spec.submitters = append(spec.submitters, acc)
		addrs = append(addrs, acc.addr.String())
	}
	// Three trust anchors: one for every type, one for two named types, and
	// one for every type whose registration expires halfway through the run.
	for i, alg := range []didsig.Algorithm{didsig.Ed25519, didsig.P256, didsig.Secp256k1} {
		id, doc, err := newIdentity(r, alg)
		if err != nil {
			return nil, err
		}
		id.anchor, id.genesisDoc = true, doc
		def := accreditationtypes.TrustAnchor{Did: id.did, AllTypes: true, Description: fmt.Sprintf("simulated anchor %d", i)}
		switch i {
		case 1:
			w.scoped = id
			def.AllTypes = false
			def.Scope = []string{
				accreditationtypes.CredentialTypeID(id.did, "license"),
				accreditationtypes.CredentialTypeID(id.did, "permit"),
			}
		case 2:
			until := BlockTime(int64(cfg.Blocks/2 + 2))
			def.ValidUntil = &until
		}
		w.addIdentity(id)
		w.anchors = append(w.anchors, anchorDef{id: id, def: def})
		spec.anchors = append(spec.anchors, id)
		spec.anchorDefs = append(spec.anchorDefs, def)
	}
	state, err := buildGenesis(a, r, spec)
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	if err := initChain(a, state); err != nil {
		return nil, err
	}
	ctx := queryContext(a)
	for _, acc := range append(spec.operators, spec.submitters...) {
		got := a.AccountKeeper.GetAccount(ctx, acc.addr)
		if got == nil {
			return nil, fmt.Errorf("account %s is not in genesis", acc.addr)
		}
		acc.num, acc.seq = got.GetAccountNumber(), got.GetSequence()
	}
	run := &Runner{
		cfg: cfg, r: r, App: a, accounts: accounts,
		gen:     newGenerator(r, w, a, addrs, voters),
		stats:   map[string]*KindStats{},
		started: time.Now(),
	}
	run.record(0, 0)
	return run, nil
}

func (run *Runner) record(txs, ok int) {
	cms := run.App.CommitMultiStore()
	rec := BlockRecord{Height: run.App.LastBlockHeight(), AppHash: run.App.LastCommitID().Hash, Txs: txs, OK: ok}
	for _, name := range StoreNames {
		var hash []byte
		if c, ok := cms.GetStore(run.App.GetKey(name)).(storetypes.Committer); ok {
			hash = c.LastCommitID().Hash
		}
		rec.Stores = append(rec.Stores, hash)
	}
	run.Blocks = append(run.Blocks, rec)
}

// Run delivers cfg.Blocks blocks of transactions, then settles.
func (run *Runner) Run() error {
	for i := 1; i <= run.cfg.Blocks; i++ {
		if err := run.Step(); err != nil {
			return err
		}
		if run.cfg.Logf != nil && (i%run.cfg.ProgressEvery == 0 || i == run.cfg.Blocks) {
			last := run.Blocks[len(run.Blocks)-1]
			run.cfg.Logf("seed %d: block %d/%d (height %d) app hash %X, %d txs (%d ok), %s",
				run.cfg.Seed, i, run.cfg.Blocks, last.Height, last.AppHash, last.Txs, last.OK, time.Since(run.started).Round(time.Millisecond))
		}
	}
	return run.settle()
}

// maxSettleBlocks bounds settle: the voting period is three blocks.
const maxSettleBlocks = 10

// settle commits empty blocks until the chain is quiescent: at least one,
// so the fees of the last transactions are distributed, and then until no
// proposal waits for its deposit or voting period to end. An export of a
// quiescent chain is what the next empty block would leave unchanged, so
// a chain imported from it and advanced by one block must match it.
func (run *Runner) settle() error {
	for i := 0; ; i++ {
		if _, err := finalizeAndCommit(run.App, nil); err != nil {
			return err
		}
		run.record(0, 0)
		ctx := queryContext(run.App)
		pending := false
		gov := run.App.GovKeeper
		for _, queue := range []collections.Map[collections.Pair[time.Time, uint64], uint64]{gov.ActiveProposalsQueue, gov.InactiveProposalsQueue} {
			if err := queue.Walk(ctx, nil, func(collections.Pair[time.Time, uint64], uint64) (bool, error) {
				pending = true
				return true, nil
			}); err != nil {
				return err
			}
		}
		if !pending {
			return nil
		}
		if i >= maxSettleBlocks {
			return fmt.Errorf("governance proposals still pending after %d empty blocks", maxSettleBlocks)
		}
	}
}

// Step generates, delivers and checks one block of transactions.
func (run *Runner) Step() error {
	ctx := queryContext(run.App)
	height := ctx.BlockHeight()
	n := run.r.between(max(1, run.cfg.OpsPerBlock/2), run.cfg.OpsPerBlock*3/2)
	ops, err := run.gen.block(ctx, n)
	if err != nil {
		return fmt.Errorf("block %d: %w", height, err)
	}
	txs := make([][]byte, len(ops))
	for i, o := range ops {
		o.submitter = submitterOf(o.msg)
		acc := run.accounts[o.submitter]
		if acc == nil {
			return fmt.Errorf("block %d: %s has unknown submitter %q", height, o.kind, o.submitter)
		}
		if txs[i], err = signTx(run.App.TxConfig(), acc, o.msg); err != nil {
			return fmt.Errorf("block %d: sign %s: %w", height, o.kind, err)
		}
		acc.seq++
	}
	res, err := finalizeAndCommit(run.App, txs)
	if err != nil {
		return err
	}
	if len(res.TxResults) != len(ops) {
		return fmt.Errorf("block %d: %d results for %d transactions", height, len(res.TxResults), len(ops))
	}
	after := queryContext(run.App)
	var problems []string
	accepted := 0
	for i, o := range ops {
		tr := res.TxResults[i]
		st := run.stats[o.kind]
		if st == nil {
			st = &KindStats{Kind: o.kind, Reasons: map[string]int{}}
			run.stats[o.kind] = st
		}
		where := fmt.Sprintf("block %d tx %d (%s)", height, i, o.kind)
		if o.dryErr == nil {
			if tr.Code != 0 {
				problems = append(problems, fmt.Sprintf("%s: the dry run on the committed state accepted it, the block refused it: %s/%d %s", where, tr.Codespace, tr.Code, tr.Log))
				continue
			}
			accepted++
			st.Accepted++
			if o.onOK != nil {
				o.onOK()
			}
			continue
		}
		codespace, code, _ := errorsmod.ABCIInfo(o.dryErr, false)
		switch {
		case tr.Code == 0:
			accepted++
			problems = append(problems, fmt.Sprintf("%s: the dry run refused it (%v), the block accepted it", where, o.dryErr))
			continue
		case tr.Codespace != codespace || tr.Code != code:
			problems = append(problems, fmt.Sprintf("%s: the dry run refused it with %s/%d (%v), the block with %s/%d (%s)", where, codespace, code, o.dryErr, tr.Codespace, tr.Code, tr.Log))
		}
		if o.want != nil {
			st.Invalid++
		} else {
			st.Refused++
		}
		st.Reasons[reason(o.dryErr)]++
		for j, p := range o.probes {
			now, err := p.read(after)
			if err != nil {
				return fmt.Errorf("%s: probe %s: %w", where, p.name, err)
			}
			if !bytes.Equal(now, o.before[j]) {
				problems = append(problems, fmt.Sprintf("%s: refused (%s/%d), yet %s changed", where, tr.Codespace, tr.Code, p.name))
			}
		}
	}
	if err := run.gen.refreshAnchors(after); err != nil {
		return fmt.Errorf("block %d: %w", height, err)
	}
	run.record(len(ops), accepted)
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// reason names the registered error err wraps.
func reason(err error) string {
	codespace, code, _ := errorsmod.ABCIInfo(err, false)
	var reg *errorsmod.Error
	if errors.As(err, &reg) {
		return fmt.Sprintf("%s/%d: %s", codespace, code, reg.Error())
	}
	return fmt.Sprintf("%s/%d", codespace, code)
}

// submitterOf returns the account that signs msg's transaction: the
// submitter of NDI messages, the proposer or voter of governance ones.
func submitterOf(msg sdk.Msg) string {
	switch m := msg.(type) {
	case interface{ GetSubmitter() string }:
		return m.GetSubmitter()
	case interface{ GetProposer() string }:
		return m.GetProposer()
	case interface{ GetVoter() string }:
		return m.GetVoter()
	}
	return ""
}

// Stats returns the operation counts by kind.
func (run *Runner) Stats() []KindStats {
	out := make([]KindStats, 0, len(run.stats))
	for _, s := range run.stats {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b KindStats) int { return strings.Compare(a.Kind, b.Kind) })
	return out
}

// StatsTable renders Stats as a table.
func (run *Runner) StatsTable() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-34s %9s %8s %8s\n", "operation", "accepted", "refused", "invalid")
	var ta, tr, ti int
	for _, s := range run.Stats() {
		fmt.Fprintf(&b, "%-34s %9d %8d %8d\n", s.Kind, s.Accepted, s.Refused, s.Invalid)
		ta, tr, ti = ta+s.Accepted, tr+s.Refused, ti+s.Invalid
		reasons := make([]string, 0, len(s.Reasons))
		for r := range s.Reasons {
			reasons = append(reasons, r)
		}
		slices.Sort(reasons)
		for _, r := range reasons {
			fmt.Fprintf(&b, "    %5d × %s\n", s.Reasons[r], r)
		}
	}
	fmt.Fprintf(&b, "%-34s %9d %8d %8d\n", "total", ta, tr, ti)
	fmt.Fprintf(&b, "trust anchors registered by governance: %d, removed: %d", run.gen.world.govAdded, run.gen.world.govRemoved)
	return b.String()
}

// FirstDivergence compares two runs block by block and describes the first
// block whose app hash differs, naming the stores that differ; "" when the
// runs agree.
func FirstDivergence(a, b []BlockRecord) string {
	for i := range min(len(a), len(b)) {
		if bytes.Equal(a[i].AppHash, b[i].AppHash) {
			continue
		}
		var stores []string
		for j, name := range StoreNames {
			if !bytes.Equal(a[i].Stores[j], b[i].Stores[j]) {
				stores = append(stores, name)
			}
		}
		return fmt.Sprintf("height %d: app hash %X vs %X (txs %d/%d, ok %d/%d); differing stores: %s",
			a[i].Height, a[i].AppHash, b[i].AppHash, a[i].Txs, b[i].Txs, a[i].OK, b[i].OK, strings.Join(stores, ", "))
	}
	if len(a) != len(b) {
		return fmt.Sprintf("the runs committed %d and %d blocks", len(a), len(b))
	}
	return ""
}
