package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ndi-chain/ndi/testutil/apptest"
	"github.com/ndi-chain/ndi/x/accreditation/types"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
)

func TestLifecycleKeepsEveryVersion(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	id := c.universityID
	created := s.record(id).Created

	t1 := s.advance(time.Hour)
	v, err := s.act(action{kind: types.LifecycleSuspend, id: id, actor: c.regional, expected: 0})
	require.NoError(t, err)
	require.Equal(t, uint64(1), v)
	t2 := s.advance(time.Hour)
	v, err = s.act(action{kind: types.LifecycleReinstate, id: id, actor: c.regional, expected: 1})
	require.NoError(t, err)
	require.Equal(t, uint64(2), v)
	t3 := s.advance(time.Hour)
	v, err = s.act(action{kind: types.LifecycleRevoke, id: id, actor: c.regional, expected: 2})
	require.NoError(t, err)
	require.Equal(t, uint64(3), v)

	r := s.record(id)
	require.Equal(t, types.STATUS_REVOKED, r.Status)
	require.Equal(t, types.LifecycleRevoke.ExampleReason(), r.Reason)
	require.Equal(t, c.regional.DID(), r.ChangedBy)
	require.Equal(t, t3, r.Updated)
	require.Equal(t, created, r.Created)

	history, err := s.q.AccreditationHistory(s.ctx(), &types.QueryAccreditationHistoryRequest{Id: id})
	require.NoError(t, err)
	require.Len(t, history.Versions, 4)
	wantStatus := []types.Status{types.STATUS_ACTIVE, types.STATUS_SUSPENDED, types.STATUS_ACTIVE, types.STATUS_REVOKED}
	wantTime := []time.Time{created, t1, t2, t3}
	for i, hv := range history.Versions {
		require.Equal(t, uint64(i), hv.Record.Version)
		require.Equal(t, wantStatus[i], hv.Record.Status)
		require.Equal(t, wantTime[i], hv.Time)
		require.Positive(t, hv.Height)
	}

	statusAt := func(tm time.Time) types.Status {
		res, err := s.q.Accreditation(s.ctx(), &types.QueryAccreditationRequest{Id: id, AtTime: at(tm)})
		require.NoError(t, err)
		return res.Accreditation.Status
	}
	require.Equal(t, types.STATUS_ACTIVE, statusAt(t1.Add(-time.Second)))
	require.Equal(t, types.STATUS_SUSPENDED, statusAt(t1))
	require.Equal(t, types.STATUS_SUSPENDED, statusAt(t2.Add(-time.Second)))
	require.Equal(t, types.STATUS_ACTIVE, statusAt(t2))
	require.Equal(t, types.STATUS_REVOKED, statusAt(t3.Add(time.Hour)))
	_, err = s.q.Accreditation(s.ctx(), &types.QueryAccreditationRequest{Id: id, AtTime: at(created.Add(-time.Second))})
	require.Equal(t, codes.NotFound, status.Code(err), "before its creation the accreditation did not exist")

	t.Run("revocation is final", func(t *testing.T) {
		for _, kind := range types.LifecycleActions {
			_, err := s.act(action{kind: kind, id: id, actor: c.regional, expected: 3})
			require.ErrorIs(t, err, types.ErrRevoked)
		}
	})
}

func TestLifecycleRefusals(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain()
	stranger := s.newDID()
	id := c.universityID

	// A suspend signed at version 0, kept to replay later.
	suspendPayload := types.SuspendAccreditationPayload{AccreditationId: id, ActorDid: c.regional.DID(), ExpectedVersion: 0, Reason: "audit"}
	suspendMsg := &types.MsgSuspendAccreditation{Submitter: s.submitter(), Payload: suspendPayload,
		Signatures: didtest.Sign(t, apptest.ChainID, &suspendPayload, c.regional.With(1, didtypes.KEY_SOURCE_CURRENT))}

	cases := []struct {
		name string
		act  action
		want error
	}{
		{"an actor that is neither accreditor nor ancestor is refused", action{kind: types.LifecycleSuspend, id: id, actor: stranger}, types.ErrActorNotAuthorized},
		{"the subject cannot suspend its own accreditation", action{kind: types.LifecycleSuspend, id: id, actor: c.university}, types.ErrActorNotAuthorized},
		{"a stale expected_version is refused", action{kind: types.LifecycleSuspend, id: id, actor: c.regional, expected: 7}, types.ErrVersionMismatch},
		{"reinstating an ACTIVE accreditation is refused", action{kind: types.LifecycleReinstate, id: id, actor: c.regional}, types.ErrInvalidTransition},
		{"a signature with the wrong key is refused", action{kind: types.LifecycleSuspend, id: id, actor: c.regional,
			signer: &didtest.Signer{MethodID: c.regional.MethodID(1), Key: stranger.Keys[0], Source: didtypes.KEY_SOURCE_CURRENT}}, didtypes.ErrInvalidSignature},
		{"a signature by another DID than the actor is refused", action{kind: types.LifecycleSuspend, id: id, actor: c.regional,
			signer: &didtest.Signer{MethodID: stranger.MethodID(1), Key: stranger.Keys[0], Source: didtypes.KEY_SOURCE_CURRENT}}, didtypes.ErrMissingSignature},
		{"acting without a DID is refused unless governance submits", action{kind: types.LifecycleSuspend, id: id}, types.ErrUnauthorized},
		{"an unknown accreditation is refused", action{kind: types.LifecycleSuspend, id: c.regional.DID() + "/accreditations/nope", actor: c.regional}, types.ErrAccreditationNotFound},
		{"a malformed accreditation id is refused", action{kind: types.LifecycleSuspend, id: "uni", actor: c.regional}, types.ErrInvalidID},
		{"a reason over the limit is refused", action{kind: types.LifecycleSuspend, id: id, actor: c.regional, reason: strings.Repeat("x", types.MaxReasonLength+1)}, types.ErrInvalidReason},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := s.stored(t)
			_, err := s.act(tc.act)
			require.ErrorIs(t, err, tc.want)
			require.Zero(t, s.record(id).Version)
			require.Equal(t, before, s.stored(t), "a refused change writes nothing")
		})
	}

	t.Run("a suspend signature cannot be replayed as a revoke", func(t *testing.T) {
		revoke := &types.MsgRevokeAccreditation{Submitter: s.submitter(),
			Payload:    types.RevokeAccreditationPayload(suspendPayload),
			Signatures: suspendMsg.Signatures}
		_, err := s.srv.RevokeAccreditation(s.ctx(), revoke)
		require.ErrorIs(t, err, didtypes.ErrInvalidSignature, "each action has its own sign bytes")
	})

	_, err := s.srv.SuspendAccreditation(s.ctx(), suspendMsg)
	require.NoError(t, err)
	_, err = s.act(action{kind: types.LifecycleReinstate, id: id, actor: c.regional, expected: 1})
	require.NoError(t, err)
	t.Run("a replayed suspend is refused", func(t *testing.T) {
		_, err := s.srv.SuspendAccreditation(s.ctx(), suspendMsg)
		require.ErrorIs(t, err, types.ErrVersionMismatch)
		require.Equal(t, types.STATUS_ACTIVE, s.record(id).Status)
	})
	t.Run("suspending twice is refused", func(t *testing.T) {
		s.mustAct(types.LifecycleSuspend, id, c.regional)
		_, err := s.act(action{kind: types.LifecycleSuspend, id: id, actor: c.regional, expected: s.record(id).Version})
		require.ErrorIs(t, err, types.ErrInvalidTransition)
	})
	t.Run("the trust anchor at the top may act on any link below it", func(t *testing.T) {
		s.mustAct(types.LifecycleReinstate, id, c.anchor)
		require.Equal(t, c.anchor.DID(), s.record(id).ChangedBy)
	})
	t.Run("governance suspends without a DID signature", func(t *testing.T) {
		v, err := s.act(action{kind: types.LifecycleSuspend, id: id, expected: s.record(id).Version, submitter: s.gov()})
		require.NoError(t, err)
		r := s.record(id)
		require.Equal(t, v, r.Version)
		require.Equal(t, types.STATUS_SUSPENDED, r.Status)
		require.Equal(t, s.gov(), r.ChangedBy)
	})
	t.Run("a lapsed accreditor keeps its standing to act below it", func(t *testing.T) {
		s.mustAct(types.LifecycleSuspend, c.regionalID, c.anchor)
		s.mustAct(types.LifecycleRevoke, id, c.regional)
		require.Equal(t, types.STATUS_REVOKED, s.record(id).Status)
	})
}

// TestSuspensionPrecedence is the attack of issue 9 item 4 from the
// attacker's side: a lower accreditor tries to undo a suspension imposed by
// governance or by an accreditor above it. Only the suspender, an ancestor
// above it, or governance may lift a suspension.
func TestSuspensionPrecedence(t *testing.T) {
	s := newSuite(t)
	c := s.newTrustChain() // anchor → regional → (mid) → issuer
	mid := s.newDID()
	midID := s.mustAccredit(accreditor(c.regional, mid, "mid", 1, c.degree).under(c.regionalID))
	iss := s.newDID()
	id := s.mustAccredit(issuer(mid, iss, "issuer", c.degree).under(midID))

	suspendAs := func(actor *didtest.Identity) {
		t.Helper()
		a := action{kind: types.LifecycleSuspend, id: id, actor: actor, expected: s.record(id).Version}
		if actor == nil {
			a.submitter = s.gov()
		}
		_, err := s.act(a)
		require.NoError(t, err)
		r := s.record(id)
		require.Equal(t, types.STATUS_SUSPENDED, r.Status)
		want := s.gov()
		if actor != nil {
			want = actor.DID()
		}
		require.Equal(t, want, r.SuspendedBy, "the suspension records who imposed it")
	}
	reinstateAs := func(actor *didtest.Identity) error {
		a := action{kind: types.LifecycleReinstate, id: id, actor: actor, expected: s.record(id).Version}
		if actor == nil {
			a.submitter = s.gov()
		}
		_, err := s.act(a)
		return err
	}
	refused := func(t *testing.T, actor *didtest.Identity) {
		t.Helper()
		before := s.stored(t)
		require.ErrorIs(t, reinstateAs(actor), types.ErrReinstateNotAllowed)
		require.Equal(t, before, s.stored(t), "a refused reinstatement writes nothing")
	}
	lifted := func(t *testing.T, actor *didtest.Identity) {
		t.Helper()
		require.NoError(t, reinstateAs(actor))
		r := s.record(id)
		require.Equal(t, types.STATUS_ACTIVE, r.Status)
		require.Empty(t, r.SuspendedBy, "suspended_by is set only while suspended")
	}

	t.Run("a governance suspension is lifted by governance only", func(t *testing.T) {
		suspendAs(nil)
		refused(t, mid)
		refused(t, c.regional)
		refused(t, c.anchor)
		lifted(t, nil)
	})
	t.Run("a lower accreditor cannot lift an ancestor's suspension", func(t *testing.T) {
		suspendAs(c.regional)
		refused(t, mid)
		lifted(t, c.regional)
	})
	t.Run("an ancestor above the suspender may lift it", func(t *testing.T) {
		suspendAs(c.regional)
		lifted(t, c.anchor)
	})
	t.Run("governance may lift any suspension", func(t *testing.T) {
		suspendAs(c.anchor)
		refused(t, c.regional)
		lifted(t, nil)
	})
	t.Run("the accreditor lifts its own suspension", func(t *testing.T) {
		suspendAs(mid)
		lifted(t, mid)
	})
	t.Run("an actor outside the chain is still refused as such", func(t *testing.T) {
		suspendAs(mid)
		require.ErrorIs(t, reinstateAs(s.newDID()), types.ErrActorNotAuthorized)
		lifted(t, c.regional)
	})
	t.Run("the history keeps who suspended each time", func(t *testing.T) {
		history, err := s.q.AccreditationHistory(s.ctx(), &types.QueryAccreditationHistoryRequest{Id: id})
		require.NoError(t, err)
		var suspenders []string
		for _, v := range history.Versions {
			if v.Record.Status == types.STATUS_SUSPENDED {
				suspenders = append(suspenders, v.Record.SuspendedBy)
			} else {
				require.Empty(t, v.Record.SuspendedBy)
			}
		}
		require.Equal(t, []string{s.gov(), c.regional.DID(), c.regional.DID(), c.anchor.DID(), mid.DID(), mid.DID()}, suspenders)
	})
	t.Run("a lower accreditor may still revoke a suspended accreditation", func(t *testing.T) {
		// Revocation only makes the registry stricter; it is not an undo.
		suspendAs(c.anchor)
		_, err := s.act(action{kind: types.LifecycleRevoke, id: id, actor: mid, expected: s.record(id).Version})
		require.NoError(t, err)
		r := s.record(id)
		require.Equal(t, types.STATUS_REVOKED, r.Status)
		require.Empty(t, r.SuspendedBy)
	})
}
