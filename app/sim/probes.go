package sim

import (
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// Probes read the record an operation targets, so that the runner can check
// that a refused transaction left it unchanged.

func (g *generator) marshal(msgs ...interface{ Marshal() ([]byte, error) }) ([]byte, error) {
	var out []byte
	for _, m := range msgs {
		bz, err := m.Marshal()
		if err != nil {
			return nil, err
		}
		out = append(out, bz...)
	}
	return out, nil
}

func (g *generator) didProbe(did string) probe {
	return probe{"DID " + did, func(ctx sdk.Context) ([]byte, error) {
		state, v, err := g.app.DidKeeper.Latest(ctx, did)
		if errors.Is(err, didtypes.ErrDidNotFound) {
			return []byte("absent"), nil
		} else if err != nil {
			return nil, err
		}
		return g.marshal(&state, &v)
	}}
}

func (g *generator) accProbe(id string) probe {
	return probe{"accreditation " + id, func(ctx sdk.Context) ([]byte, error) {
		a, err := g.app.AccreditationKeeper.Accreditations.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			return []byte("absent"), nil
		} else if err != nil {
			return nil, err
		}
		return g.marshal(&a)
	}}
}

func (g *generator) typeProbe(id string) probe {
	return probe{"credential type " + id, func(ctx sdk.Context) ([]byte, error) {
		ct, err := g.app.AccreditationKeeper.CredentialTypes.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			return []byte("absent"), nil
		} else if err != nil {
			return nil, err
		}
		return g.marshal(&ct)
	}}
}

func (g *generator) listProbe(id string) probe {
	return probe{"status list " + id, func(ctx sdk.Context) ([]byte, error) {
		l, err := g.app.RevocationKeeper.Lists.Get(ctx, id)
		if errors.Is(err, collections.ErrNotFound) {
			return []byte("absent"), nil
		} else if err != nil {
			return nil, err
		}
		return g.marshal(&l)
	}}
}
