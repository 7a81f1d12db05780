package sim

import (
	"errors"
	"fmt"
	"slices"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/x/did/didsig"
)

// phase orders the transactions of a block. Every operation is generated
// and dry-run against the last committed state; the phases and the locks
// make the block deliver each one against that same state:
//
//   - phaseCreate: creations (DIDs, credential types, accreditations,
//     status lists) and status-list updates. They read DIDs, statuses and
//     anchors that only later phases change.
//   - phaseLifecycle: accreditation suspend / reinstate / revoke.
//   - phaseDID: DID updates and deactivations, last, so that every DID
//     signs the block's other operations with its committed keys.
type phase int

const (
	phaseCreate phase = iota
	phaseLifecycle
	phaseDID
)

// probe reads one record an operation targets, for checking that a refused
// transaction left it unchanged.
type probe struct {
	name string
	read func(sdk.Context) ([]byte, error)
}

// op is one transaction of a block.
type op struct {
	kind      string
	phase     phase
	msg       sdk.Msg
	submitter string
	// want is set on deliberately invalid operations: the error the
	// message must fail with.
	want *errorsmod.Error
	// locks name what the operation touches or depends on; two operations
	// of one block never share a lock.
	locks  []string
	probes []probe
	// onOK runs after the block when the transaction succeeded.
	onOK func()

	// dryErr is the outcome of running the message on the committed
	// state; the block must reproduce it.
	dryErr error
	// before holds the probes' readings before the block (refused
	// operations only).
	before [][]byte
}

type opKind struct {
	name   string
	weight int
	gen    func(*generator, sdk.Context) (*op, error)
}

// kinds are the weighted operations. The invalid ones must fail with the
// error they name, and the block must leave their targets unchanged.
var kinds = []opKind{
	{"did/create", 12, (*generator).didCreate},
	{"did/update", 9, (*generator).didUpdate},
	{"did/deactivate", 1, (*generator).didDeactivate},
	{"did/invalid", 3, (*generator).didInvalid},
	{"accreditation/register-type", 3, (*generator).typeRegister},
	{"accreditation/invalid-type", 1, (*generator).typeInvalid},
	{"accreditation/accredit", 12, (*generator).accredit},
	{"accreditation/lifecycle", 6, (*generator).lifecycle},
	{"accreditation/invalid-lifecycle", 3, (*generator).lifecycleInvalid},
	{"revocation/create-list", 5, (*generator).listCreate},
	{"revocation/update-list", 12, (*generator).listUpdate},
	{"revocation/invalid-update", 3, (*generator).listInvalid},
	{"gov/anchor-proposal", 1, (*generator).anchorProposal},
}

var allAlgs = []didsig.Algorithm{didsig.Ed25519, didsig.P256, didsig.Secp256k1}

// generator draws the operations of each block.
type generator struct {
	// rng is the seeded source of every choice: the same seed draws the
	// same blocks.
	rng *rng
	// world is what the generator knows: the identities whose keys it
	// holds and the records it created.
	world *world
	// app is the chain under test: the generator reads its committed
	// state and dry-runs every message through its router.
	app *app.App
	// submitters are the funded accounts that sign and pay for the
	// transactions, taken in turn.
	submitters []string
	// voters are the validator operators: they vote on every proposal.
	voters []string
	// nextSubmitter counts the submitters handed out; it picks the next
	// one round-robin.
	nextSubmitter int
	// totalWeight is the sum of the kinds' weights, the range pickKind
	// draws from.
	totalWeight int
}

func newGenerator(r *rng, w *world, a *app.App, submitters, voters []string) *generator {
	g := &generator{rng: r, world: w, app: a, submitters: submitters, voters: voters}
	for _, k := range kinds {
		g.totalWeight += k.weight
	}
	return g
}

// submitter returns the account that submits the next transaction.
func (g *generator) submitter() string {
	s := g.submitters[g.nextSubmitter%len(g.submitters)]
	g.nextSubmitter++
	return s
}

func (g *generator) pickKind() opKind {
	n := g.rng.IntN(g.totalWeight)
	for _, k := range kinds {
		if n < k.weight {
			return k
		}
		n -= k.weight
	}
	return kinds[len(kinds)-1]
}

// block draws up to n operations against the committed state in ctx,
// dry-runs each, and returns them in delivery order.
func (g *generator) block(ctx sdk.Context, n int) ([]*op, error) {
	locks := map[string]bool{}
	ops, err := g.votes(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range ops {
		if err := g.dryRun(ctx, o); err != nil {
			return nil, err
		}
	}
	n += len(ops)
	for attempts := 0; len(ops) < n && attempts < 8*n; attempts++ {
		k := g.pickKind()
		o, err := k.gen(g, ctx)
		if err != nil {
			return nil, fmt.Errorf("generate %s: %w", k.name, err)
		}
		if o == nil || slices.ContainsFunc(o.locks, func(l string) bool { return locks[l] }) {
			continue
		}
		o.kind = k.name
		if err := g.dryRun(ctx, o); err != nil {
			return nil, err
		}
		for _, l := range o.locks {
			locks[l] = true
		}
		ops = append(ops, o)
	}
	slices.SortStableFunc(ops, func(a, b *op) int { return int(a.phase) - int(b.phase) })
	return ops, nil
}

// dryRun runs the message through the app's message router on a branch of
// the committed state. A deliberately invalid message must fail with its
// error: if it does not, the chain accepts what it must refuse.
func (g *generator) dryRun(ctx sdk.Context, o *op) error {
	handler := g.app.MsgServiceRouter().Handler(o.msg)
	if handler == nil {
		return fmt.Errorf("%s: no handler for %T", o.kind, o.msg)
	}
	branch, _ := ctx.CacheContext()
	_, o.dryErr = handler(branch, o.msg)
	if o.want != nil {
		if o.dryErr == nil {
			return fmt.Errorf("%s: the chain accepted a message it must refuse with %q: %s", o.kind, o.want, o.msg)
		}
		if !errors.Is(o.dryErr, o.want) {
			return fmt.Errorf("%s: want error %q, got %v", o.kind, o.want, o.dryErr)
		}
	}
	if o.dryErr != nil {
		for _, p := range o.probes {
			bz, err := p.read(ctx)
			if err != nil {
				return fmt.Errorf("%s: probe %s: %w", o.kind, p.name, err)
			}
			o.before = append(o.before, bz)
		}
	}
	return nil
}
