package types

import (
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"

	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

// LifecycleAction is one of the three changes an accreditor makes to an
// accreditation after granting it. The CLI, the tests and app/sim build
// their payloads and messages from lifecycleActions below, so that a new
// action or a changed message is written in one place.
type LifecycleAction int

const (
	LifecycleSuspend LifecycleAction = iota
	LifecycleReinstate
	LifecycleRevoke
)

// LifecycleActions lists every action, in the order the CLI shows them.
var LifecycleActions = []LifecycleAction{LifecycleSuspend, LifecycleReinstate, LifecycleRevoke}

// LifecyclePayload is the payload of a lifecycle action: what the actor
// signs.
type LifecyclePayload interface {
	proto.Message
	// Msg wraps the signed payload into the message that carries it.
	Msg(submitter string, sigs []didtypes.DidSignature) sdk.Msg
}

type lifecycleAction struct {
	verb, gerund, summary, exampleReason string
	payload                              func(accreditationID, actorDID string, expectedVersion uint64, reason string) LifecyclePayload
}

// lifecycleActions is the table: the CLI verb, its progress word and help,
// a reason that fits the action, and the payload (whose Msg gives the
// message type).
var lifecycleActions = [...]lifecycleAction{
	LifecycleSuspend: {
		verb: "suspend", gerund: "Suspending", summary: "Suspend an ACTIVE accreditation (it can be reinstated)",
		exampleReason: "audit pending",
		payload: func(id, actor string, version uint64, reason string) LifecyclePayload {
			return &SuspendAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: version, Reason: reason}
		},
	},
	LifecycleReinstate: {
		verb: "reinstate", gerund: "Reinstating", summary: "Reinstate a SUSPENDED accreditation",
		exampleReason: "audit passed",
		payload: func(id, actor string, version uint64, reason string) LifecyclePayload {
			return &ReinstateAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: version, Reason: reason}
		},
	},
	LifecycleRevoke: {
		verb: "revoke", gerund: "Revoking", summary: "Revoke an accreditation for good",
		exampleReason: "accreditation withdrawn by the ministry",
		payload: func(id, actor string, version uint64, reason string) LifecyclePayload {
			return &RevokeAccreditationPayload{AccreditationId: id, ActorDid: actor, ExpectedVersion: version, Reason: reason}
		},
	},
}

func (a LifecycleAction) def() lifecycleAction {
	if a < 0 || int(a) >= len(lifecycleActions) {
		// Only this package defines actions; any other value is a bug in
		// the caller, not input to refuse.
		panic(fmt.Sprintf("unknown accreditation lifecycle action %d", int(a)))
	}
	return lifecycleActions[a]
}

// Verb is the CLI command: suspend, reinstate or revoke.
func (a LifecycleAction) Verb() string { return a.def().verb }

// Gerund is the word the CLI prints while it acts: "Suspending".
func (a LifecycleAction) Gerund() string { return a.def().gerund }

// Summary is the CLI command's one-line help.
func (a LifecycleAction) Summary() string { return a.def().summary }

// ExampleReason is a reason that fits the action, for help texts and
// tests.
func (a LifecycleAction) ExampleReason() string { return a.def().exampleReason }

// String returns the verb.
func (a LifecycleAction) String() string { return a.Verb() }

// Payload builds the payload the actor signs.
func (a LifecycleAction) Payload(accreditationID, actorDID string, expectedVersion uint64, reason string) LifecyclePayload {
	return a.def().payload(accreditationID, actorDID, expectedVersion, reason)
}

// Msg implements LifecyclePayload.
func (p *SuspendAccreditationPayload) Msg(submitter string, sigs []didtypes.DidSignature) sdk.Msg {
	return &MsgSuspendAccreditation{Submitter: submitter, Payload: *p, Signatures: sigs}
}

// Msg implements LifecyclePayload.
func (p *ReinstateAccreditationPayload) Msg(submitter string, sigs []didtypes.DidSignature) sdk.Msg {
	return &MsgReinstateAccreditation{Submitter: submitter, Payload: *p, Signatures: sigs}
}

// Msg implements LifecyclePayload.
func (p *RevokeAccreditationPayload) Msg(submitter string, sigs []didtypes.DidSignature) sdk.Msg {
	return &MsgRevokeAccreditation{Submitter: submitter, Payload: *p, Signatures: sigs}
}
