package sim

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// Reading committed state: the generator picks its targets from what the
// chain holds, not from what it has sent.

// pickIdentity tries a few random identities and returns the first that
// keep accepts and whose DID is live (deactivated: the opposite).
func (g *generator) pickIdentity(ctx sdk.Context, deactivated bool, keep func(*identity, didtypes.DidState) bool) (*identity, didtypes.DidVersion, bool, error) {
	if len(g.world.ids) == 0 {
		return nil, didtypes.DidVersion{}, false, nil
	}
	for range 8 {
		id := pick(g.rng, g.world.ids)
		state, v, err := g.app.DidKeeper.Latest(ctx, id.did)
		if err != nil {
			return nil, v, false, err
		}
		if state.Deactivated != deactivated || (keep != nil && !keep(id, state)) {
			continue
		}
		return id, v, true, nil
	}
	return nil, didtypes.DidVersion{}, false, nil
}

// liveDoc returns the latest document of a DID that is not deactivated.
func (g *generator) liveDoc(ctx sdk.Context, did string) (didtypes.DidVersion, bool, error) {
	state, v, err := g.app.DidKeeper.Latest(ctx, did)
	if err != nil {
		return v, false, err
	}
	return v, !state.Deactivated, nil
}

func (g *generator) accreditation(ctx sdk.Context, id string) (accreditationtypes.Accreditation, error) {
	return g.app.AccreditationKeeper.Accreditations.Get(ctx, id)
}

// pickAccreditation tries a few random ids and returns the first record
// that keep accepts.
func (g *generator) pickAccreditation(ctx sdk.Context, ids []string, keep func(accreditationtypes.Accreditation) bool) (accreditationtypes.Accreditation, bool, error) {
	if len(ids) == 0 {
		return accreditationtypes.Accreditation{}, false, nil
	}
	for range 6 {
		a, err := g.accreditation(ctx, pick(g.rng, ids))
		if err != nil {
			return a, false, err
		}
		if keep == nil || keep(a) {
			return a, true, nil
		}
	}
	return accreditationtypes.Accreditation{}, false, nil
}

// freshKey is a key no document holds, for wrong-key signatures.
func (g *generator) freshKey() (didsig.PrivateKey, error) {
	return didsig.GeneratePrivateKey(pick(g.rng, allAlgs), g.rng)
}
