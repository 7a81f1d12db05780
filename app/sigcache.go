package app

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"

	"google.golang.org/protobuf/types/known/anypb"

	txsigning "github.com/cosmos/cosmos-sdk/x/tx/signing"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
)

// DefaultSigCacheSize bounds the verified-signature cache: a mempool's
// worth of transactions (CometBFT's default mempool holds 5,000) several
// times over, at about 100 bytes an entry.
const DefaultSigCacheSize = 1 << 15

// sigCache remembers account signatures that verified, so a transaction
// admitted by CheckTx does not pay for the same elliptic-curve verification
// again in FinalizeBlock. An entry is the SHA-256 of everything the
// verification's answer depends on — the public key (type and bytes), the
// exact sign bytes and the signature — and only successful verifications
// are stored. Verification is a deterministic function of those three, so
// a hit returns what verifying would have returned: whether the cache is
// warm, cold or evicted never changes a result, and it is never written to
// state. It is bounded (first in, first out) and safe for CheckTx and
// FinalizeBlock running concurrently.
type sigCache struct {
	mu      sync.Mutex
	entries map[[sha256.Size]byte]struct{}
	order   [][sha256.Size]byte // ring of the entries in insertion order
	next    int                 // slot of order the next entry takes
}

func newSigCache(size int) *sigCache {
	return &sigCache{
		entries: make(map[[sha256.Size]byte]struct{}, size),
		order:   make([][sha256.Size]byte, 0, size),
	}
}

// sigCacheKey is the cache key of pub's signature sig over signBytes. Each
// part is length-prefixed so that no two different triples hash the same
// bytes.
func sigCacheKey(pub cryptotypes.PubKey, signBytes, sig []byte) [sha256.Size]byte {
	h := sha256.New()
	for _, part := range [][]byte{[]byte(pub.Type()), pub.Bytes(), signBytes, sig} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write(part)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key
}

// verify reports whether sig is pub's signature over signBytes, from the
// cache when this exact triple verified before.
func (c *sigCache) verify(pub cryptotypes.PubKey, signBytes, sig []byte) bool {
	key := sigCacheKey(pub, signBytes, sig)
	c.mu.Lock()
	_, hit := c.entries[key]
	c.mu.Unlock()
	if hit {
		return true
	}
	if !pub.VerifySignature(signBytes, sig) {
		return false
	}
	c.add(key)
	return true
}

func (c *sigCache) add(key [sha256.Size]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok {
		return
	}
	if len(c.order) < cap(c.order) {
		c.order = append(c.order, key)
	} else {
		delete(c.entries, c.order[c.next])
		c.order[c.next] = key
		c.next = (c.next + 1) % len(c.order)
	}
	c.entries[key] = struct{}{}
}

// len is the number of entries held.
func (c *sigCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// cachedSigVerificationDecorator is the SDK's SigVerificationDecorator with
// the elliptic-curve work done through a sigCache. It checks every
// single-key signature of the tx itself, over the sign bytes the SDK's
// decorator would build (same signer data, same sign-mode handler), then
// runs the SDK's decorator with signature verification switched off, so
// that every other rule (signer count, sequence, unordered nonce, missing
// public key) is the SDK's own. Whenever it cannot vouch for every
// signature — a multisig, a missing account or key, a signature that does
// not verify — it hands the tx to the SDK's decorator unchanged, which then
// verifies and refuses with its own error. Gas is untouched: the SDK
// charges signature gas in SigGasConsumeDecorator, before this runs.
type cachedSigVerificationDecorator struct {
	inner           ante.SigVerificationDecorator
	ak              ante.AccountKeeper
	signModeHandler *txsigning.HandlerMap
	cache           *sigCache
}

func newCachedSigVerificationDecorator(ak ante.AccountKeeper, handler *txsigning.HandlerMap, cache *sigCache,
	opts ...ante.SigVerificationDecoratorOption,
) cachedSigVerificationDecorator {
	return cachedSigVerificationDecorator{
		inner: ante.NewSigVerificationDecorator(ak, handler, opts...),
		ak:    ak, signModeHandler: handler, cache: cache,
	}
}

func (d cachedSigVerificationDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	// The SDK's decorator verifies nothing in these cases; leave them to it.
	if simulate || ctx.IsReCheckTx() || !ctx.IsSigverifyTx() {
		return d.inner.AnteHandle(ctx, tx, simulate, next)
	}
	if !d.allVerified(ctx, tx) {
		return d.inner.AnteHandle(ctx, tx, simulate, next)
	}
	// Later decorators and messages see the flag as it was.
	restore := func(ctx sdk.Context, tx sdk.Tx, simulate bool) (sdk.Context, error) {
		return next(ctx.WithIsSigverifyTx(true), tx, simulate)
	}
	return d.inner.AnteHandle(ctx.WithIsSigverifyTx(false), tx, simulate, restore)
}

// allVerified reports whether every signature of tx is a single-key
// signature that verifies over the sign bytes the SDK's decorator builds
// for it (x/auth/ante.SigVerificationDecorator.AnteHandle, whose signer
// data this mirrors field by field).
func (d cachedSigVerificationDecorator) allVerified(ctx sdk.Context, tx sdk.Tx) bool {
	sigTx, ok := tx.(authsigning.Tx)
	if !ok {
		return false
	}
	adaptable, ok := tx.(authsigning.V2AdaptableTx)
	if !ok {
		return false
	}
	sigs, err := sigTx.GetSignaturesV2()
	if err != nil {
		return false
	}
	signers, err := sigTx.GetSigners()
	if err != nil || len(sigs) != len(signers) || len(sigs) == 0 {
		return false
	}
	txData := adaptable.GetSigningTxData()
	for i, sig := range sigs {
		single, ok := sig.Data.(*signing.SingleSignatureData)
		if !ok {
			return false
		}
		acc := d.ak.GetAccount(ctx, signers[i])
		if acc == nil || acc.GetPubKey() == nil {
			return false
		}
		signerData, err := signerDataOf(ctx, acc, sig)
		if err != nil {
			return false
		}
		pub := cachingPubKey{PubKey: acc.GetPubKey(), cache: d.cache}
		if authsigning.VerifySignature(ctx, pub, signerData, single, d.signModeHandler, txData) != nil {
			return false
		}
	}
	return true
}

// signerDataOf is the signer data the SDK's decorator builds for acc's
// signature sig.
func signerDataOf(ctx sdk.Context, acc sdk.AccountI, sig signing.SignatureV2) (txsigning.SignerData, error) {
	var accNum uint64
	if ctx.BlockHeight() != 0 { // genesis transactions sign account number 0
		accNum = acc.GetAccountNumber()
	}
	anyPk, err := codectypes.NewAnyWithValue(acc.GetPubKey())
	if err != nil {
		return txsigning.SignerData{}, err
	}
	return txsigning.SignerData{
		Address:       acc.GetAddress().String(),
		ChainID:       ctx.ChainID(),
		AccountNumber: accNum,
		Sequence:      sig.Sequence,
		PubKey:        &anypb.Any{TypeUrl: anyPk.TypeUrl, Value: anyPk.Value},
	}, nil
}

// cachingPubKey is an account key whose verifications go through a
// sigCache, so the SDK's own VerifySignature (sign-mode conversion, sign
// bytes) builds the bytes it checks.
type cachingPubKey struct {
	cryptotypes.PubKey
	cache *sigCache
}

func (k cachingPubKey) VerifySignature(msg, sig []byte) bool {
	return k.cache.verify(k.PubKey, msg, sig)
}
