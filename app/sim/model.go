package sim

import (
	"fmt"
	"time"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// identity is a DID the generator controls: its private keys by method id.
// The chain holds the truth about the document; the generator only needs
// the keys, and learns new ones when an update that adds or rotates a key
// succeeds.
type identity struct {
	did  string
	keys map[string]didsig.PrivateKey
	// nextKey numbers the next method added: #key-<nextKey>.
	nextKey int
	anchor  bool
	// genesisDoc is the document of a DID written at genesis.
	genesisDoc didtypes.DidDocument
}

// newIdentity makes the document of a new DID with one key per algorithm,
// the keys drawn from r.
func newIdentity(r *rng, algs ...didsig.Algorithm) (*identity, didtypes.DidDocument, error) {
	id := &identity{keys: map[string]didsig.PrivateKey{}}
	privs := make([]didsig.PrivateKey, 0, len(algs))
	pubs := make([]didsig.PublicKey, 0, len(algs))
	for _, alg := range algs {
		priv, err := didsig.GeneratePrivateKey(alg, r)
		if err != nil {
			return nil, didtypes.DidDocument{}, err
		}
		pub, err := priv.PublicKey()
		if err != nil {
			return nil, didtypes.DidDocument{}, err
		}
		privs = append(privs, priv)
		pubs = append(pubs, pub)
	}
	doc, err := didtypes.NewDocument(didtypes.DefaultNamespace, pubs...)
	if err != nil {
		return nil, didtypes.DidDocument{}, err
	}
	id.did = doc.Id
	for i, p := range privs {
		id.keys[methodID(doc.Id, i+1)] = p
	}
	id.nextKey = len(algs) + 1
	return id, doc, nil
}

func methodID(did string, n int) string { return fmt.Sprintf("%s#key-%d", did, n) }

// keyFor returns a signer, reading from the current document, as the first
// method of doc, in document order, that has the role, whose private key
// the identity holds, and that skip does not exclude.
func (id *identity) keyFor(doc *didtypes.DidDocument, role didtypes.KeyRole, skip func(string) bool) (didtypes.Signer, bool) {
	for _, vm := range doc.VerificationMethod {
		if skip != nil && skip(vm.Id) {
			continue
		}
		k, ok := id.keys[vm.Id]
		if !ok || !role.Allows(doc, vm.Id) {
			continue
		}
		pub, err := k.PublicKey()
		if err != nil || pub.Multikey() != vm.PublicKeyMultibase {
			continue
		}
		return didtypes.Signer{MethodID: vm.Id, Key: k, Source: didtypes.KEY_SOURCE_CURRENT}, true
	}
	return didtypes.Signer{}, false
}

// assertKey returns a key of the identity that may sign assertions
// (x/accreditation and x/revocation) in doc.
func (id *identity) assertKey(doc *didtypes.DidDocument) (didtypes.Signer, bool) {
	return id.keyFor(doc, didtypes.RoleAssert, nil)
}

// anchorDef is a trust anchor: registered at genesis, or by a governance
// proposal during the run (gov).
type anchorDef struct {
	id  *identity
	def accreditationtypes.TrustAnchor
	gov bool
}

// pendingAnchor is a DID proposed as a trust anchor at height.
type pendingAnchor struct {
	id     *identity
	height int64
}

// world is what the generator knows: the identities whose keys it holds
// and the ids of everything it created, in creation order. Selection only
// ever indexes these slices, never iterates a map, so it is deterministic.
type world struct {
	ids     []*identity
	byDID   map[string]*identity
	anchors []anchorDef
	// scoped is the genesis anchor limited to two named types.
	scoped  *identity
	pending []pendingAnchor
	// govAdded and govRemoved count anchor changes governance made.
	govAdded, govRemoved int
	types                []string
	// accreditors and issuers are accreditation ids by role.
	accreditors []string
	issuers     []string
	accs        []string
	lists       []string
	// setBits lists the indices set on each status list, for clears.
	setBits map[string][]uint64
	names   int
}

func newWorld() *world {
	return &world{byDID: map[string]*identity{}, setBits: map[string][]uint64{}}
}

func (w *world) addIdentity(id *identity) {
	w.ids = append(w.ids, id)
	w.byDID[id.did] = id
}

// name returns a fresh name with prefix: names are never reused, whether
// or not the operation that used one succeeded.
func (w *world) name(prefix string) string {
	w.names++
	return fmt.Sprintf("%s%d", prefix, w.names)
}

// after returns t moved forward by n blocks.
func after(t time.Time, blocks int) time.Time { return t.Add(time.Duration(blocks) * BlockInterval) }
