package metrics

import (
	"context"
	"strconv"

	abci "github.com/cometbft/cometbft/abci/types"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

var didOps = map[string]string{
	didtypes.EventTypeCreateDid:     OpCreated,
	didtypes.EventTypeUpdateDid:     OpUpdated,
	didtypes.EventTypeDeactivateDid: OpDeactivated,
}

var accreditationKinds = map[string]string{
	accreditationtypes.EventTypeRegisterCredentialType: "register_credential_type",
	accreditationtypes.EventTypeRegisterTrustAnchor:    "register_trust_anchor",
	accreditationtypes.EventTypeRemoveTrustAnchor:      "remove_trust_anchor",
	accreditationtypes.EventTypeAccredit:               "accredit",
	accreditationtypes.EventTypeSuspend:                "suspend",
	accreditationtypes.EventTypeReinstate:              "reinstate",
	accreditationtypes.EventTypeRevoke:                 "revoke",
}

// Listener counts module changes from the events of each finalized block:
// events of successful transactions and of the block's own begin and end
// blocking (where governance executes proposals). Failed transactions'
// events are not counted, as their changes were discarded. It runs after
// the block is executed, outside any state transition.
//
// The counts are per process: a node counts every block it finalizes,
// including blocks replayed while catching up.
type Listener struct {
	m *Metrics
}

var _ storetypes.ABCIListener = Listener{}

// NewListener returns a listener feeding m.
func NewListener(m *Metrics) Listener { return Listener{m: m} }

// ListenFinalizeBlock counts the block's changes.
func (l Listener) ListenFinalizeBlock(_ context.Context, _ abci.RequestFinalizeBlock, res abci.ResponseFinalizeBlock) error {
	l.count(res.Events)
	for _, tx := range res.TxResults {
		if tx != nil && tx.Code == abci.CodeTypeOK {
			l.count(tx.Events)
		}
	}
	return nil
}

// ListenCommit does nothing: the counts come from FinalizeBlock.
func (Listener) ListenCommit(context.Context, abci.ResponseCommit, []*storetypes.StoreKVPair) error {
	return nil
}

func (l Listener) count(events []abci.Event) {
	for _, e := range events {
		if op, ok := didOps[e.Type]; ok {
			l.m.DIDOperations.WithLabelValues(op).Inc()
			continue
		}
		if kind, ok := accreditationKinds[e.Type]; ok {
			l.m.AccreditationChanges.WithLabelValues(kind).Inc()
			continue
		}
		if e.Type == revocationtypes.EventTypeUpdateStatusList {
			l.countStatusBits(e)
		}
	}
}

func (l Listener) countStatusBits(e abci.Event) {
	var purpose string
	var set, cleared uint64
	for _, a := range e.Attributes {
		switch a.Key {
		case revocationtypes.AttributeKeyPurpose:
			purpose = a.Value
		case revocationtypes.AttributeKeySetCount:
			set, _ = strconv.ParseUint(a.Value, 10, 64)
		case revocationtypes.AttributeKeyClearedCount:
			cleared, _ = strconv.ParseUint(a.Value, 10, 64)
		}
	}
	// The label takes the two purposes x/revocation accepts; anything else
	// would be a bug in the event, and must not grow the label set.
	if purpose != revocationtypes.STATUS_PURPOSE_REVOCATION.W3CPurpose() &&
		purpose != revocationtypes.STATUS_PURPOSE_SUSPENSION.W3CPurpose() {
		purpose = "unknown"
	}
	if set > 0 {
		l.m.StatusBitsChanged.WithLabelValues(purpose, ChangeSet).Add(float64(set))
	}
	if cleared > 0 {
		l.m.StatusBitsChanged.WithLabelValues(purpose, ChangeCleared).Add(float64(cleared))
	}
}
