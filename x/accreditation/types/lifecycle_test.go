package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// TestLifecycleActions: each action builds its own payload and message
// type from the fields it is given, with a distinct verb and a reason that
// fits within the limit.
func TestLifecycleActions(t *testing.T) {
	const (
		id    = did + "/accreditations/uni"
		actor = did
	)
	sigs := []didtypes.DidSignature{{VerificationMethodId: actor + "#key-1", Signature: []byte{1}}}
	want := map[types.LifecycleAction]struct {
		verb    string
		payload any
		msg     sdk.Msg
	}{
		types.LifecycleSuspend: {"suspend", &types.SuspendAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: 3, Reason: "r"},
			&types.MsgSuspendAccreditation{Submitter: "sub", Payload: types.SuspendAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: 3, Reason: "r"}, Signatures: sigs}},
		types.LifecycleReinstate: {"reinstate", &types.ReinstateAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: 3, Reason: "r"},
			&types.MsgReinstateAccreditation{Submitter: "sub", Payload: types.ReinstateAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: 3, Reason: "r"}, Signatures: sigs}},
		types.LifecycleRevoke: {"revoke", &types.RevokeAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: 3, Reason: "r"},
			&types.MsgRevokeAccreditation{Submitter: "sub", Payload: types.RevokeAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: 3, Reason: "r"}, Signatures: sigs}},
	}
	require.Len(t, types.LifecycleActions, len(want))
	verbs := map[string]bool{}
	for _, act := range types.LifecycleActions {
		w, ok := want[act]
		require.True(t, ok, "action %d", int(act))
		require.Equal(t, w.verb, act.Verb())
		require.Equal(t, w.verb, act.String())
		require.False(t, verbs[act.Verb()], "verb %q twice", act.Verb())
		verbs[act.Verb()] = true
		require.NotEmpty(t, act.Gerund())
		require.NotEmpty(t, act.Summary())
		require.NotEmpty(t, act.ExampleReason())
		require.LessOrEqual(t, len(act.ExampleReason()), types.MaxReasonLength)

		p := act.Payload(id, actor, 3, "r")
		require.Equal(t, w.payload, p)
		require.Equal(t, w.msg, p.Msg("sub", sigs))
	}
	require.Panics(t, func() { types.LifecycleAction(len(types.LifecycleActions)).Verb() }, "an action outside the table is a programming error")
}
