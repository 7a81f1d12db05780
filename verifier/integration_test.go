package verifier_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/ndi-chain/ndi/testutil/lyingproxy"
	"github.com/ndi-chain/ndi/testutil/network"
	"github.com/ndi-chain/ndi/verifier"
	"github.com/ndi-chain/ndi/verifier/credential"
	"github.com/ndi-chain/ndi/verifier/light"
	"github.com/ndi-chain/ndi/verifier/lightsource"
	acctypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did/didsig"
	didtest "github.com/ndi-chain/ndi/x/did/testutil"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

const ns = didtypes.DefaultNamespace

// chainFixture is what the story set up on the network.
type chainFixture struct {
	n        *sdknetwork.Network
	val      *sdknetwork.Validator
	ministry *didtest.Identity
	typeID   string
	// issuers, one per key algorithm, each accredited for typeID with its
	// own revocation list.
	issuers []*didtest.Identity
	// suspension is a suspension list of issuers[0].
	suspension string
	// lightHome holds the light client's state, made by the first openLight.
	lightHome  string
	lightReady bool
}

func revocationListOf(id *didtest.Identity) string { return revtypes.ListID(id.DID(), "degrees") }

func (f *chainFixture) submitter() string { return f.val.Address.String() }

// openLight opens a light client on the validator (or on primary, a proxy
// in front of it), trusting height 1 as the node reports it: the test's own
// node is honest.
func (f *chainFixture) openLight(t testing.TB, primary string) *light.Client {
	t.Helper()
	ctx := context.Background()
	if !f.lightReady {
		one := int64(1)
		commit, err := f.val.RPCClient.Commit(ctx, &one)
		require.NoError(t, err)
		f.lightReady = true
		require.NoError(t, light.Init(ctx, light.Options{Home: f.lightHome, ChainID: f.n.Config.ChainID,
			Primary: f.val.RPCAddress}, light.TrustHeader(1, commit.Hash())))
	}
	lc, err := light.Open(ctx, f.lightHome, primary)
	require.NoError(t, err)
	t.Cleanup(lc.Close)
	return lc
}

// lightSource is a Source that trusts no node, reading through primary
// (the validator when empty).
func (f *chainFixture) lightSource(t testing.TB, primary string) *lightsource.Source {
	t.Helper()
	lc := f.openLight(t, primary)
	src, err := lightsource.New(context.Background(), lc)
	require.NoError(t, err)
	lc.Close()
	return src
}

// nodeSource is the validator's word as of its latest block.
func (f *chainFixture) nodeSource(t testing.TB) *verifier.NodeSource {
	t.Helper()
	st, err := f.val.RPCClient.Status(context.Background())
	require.NoError(t, err)
	return verifier.NewNodeSource(f.val.ClientCtx, "validator 0", st.SyncInfo.LatestBlockHeight, st.SyncInfo.LatestBlockTime)
}

func (f *chainFixture) updateStatus(t *testing.T, issuer *didtest.Identity, listID string, set, clear []uint64) {
	t.Helper()
	q := revtypes.NewQueryClient(f.val.ClientCtx)
	l, err := q.StatusList(context.Background(), &revtypes.QueryStatusListRequest{ListId: listID})
	require.NoError(t, err)
	payload := revtypes.UpdateStatusListPayload{ListId: listID, ExpectedSequence: l.List.Sequence, Set: set, Clear: clear}
	network.RequireOK(t, network.BroadcastWith(t, f.n, f.val, network.TxOptions{Gas: 5_000_000},
		&revtypes.MsgUpdateStatusList{Submitter: f.submitter(), Payload: payload,
			Signatures: didtest.Sign(t, f.n.Config.ChainID, &payload, issuer.With(1, didtypes.KEY_SOURCE_CURRENT))}))
}

func setUpChain(t testing.TB) *chainFixture {
	t.Helper()
	n := network.New(t, network.Options{Validators: 1, VotingPeriod: 4 * time.Second})
	f := &chainFixture{n: n, val: n.Validators[0], ministry: didtest.NewIdentity(t, ns), lightHome: t.TempDir()}
	f.typeID = acctypes.CredentialTypeID(f.ministry.DID(), "degree")
	for _, alg := range []didsig.Algorithm{didsig.Ed25519, didsig.P256, didsig.Secp256k1} {
		f.issuers = append(f.issuers, didtest.NewIdentity(t, ns, alg))
	}
	chainID := n.Config.ChainID
	network.RequireOK(t, network.CreateDIDs(t, n, f.val, append([]*didtest.Identity{f.ministry}, f.issuers...)...))
	network.MakeTrustAnchor(t, n, f.ministry.DID(), "Ministry of Education")

	typePayload := acctypes.RegisterCredentialTypePayload{CredentialType: network.DegreeType(f.ministry.DID())}
	msgs := []sdk.Msg{&acctypes.MsgRegisterCredentialType{Submitter: f.submitter(), Payload: typePayload,
		Signatures: didtest.Sign(t, chainID, &typePayload, f.ministry.With(1, didtypes.KEY_SOURCE_CURRENT))}}
	for i, issuer := range f.issuers {
		p := acctypes.AccreditPayload{AccreditorDid: f.ministry.DID(), Name: fmt.Sprintf("issuer-%d", i), SubjectDid: issuer.DID(),
			Role: acctypes.ROLE_ISSUER, Scope: []string{f.typeID}}
		msgs = append(msgs, &acctypes.MsgAccredit{Submitter: f.submitter(), Payload: p,
			Signatures: didtest.Sign(t, chainID, &p, f.ministry.With(1, didtypes.KEY_SOURCE_CURRENT))})
	}
	network.RequireOK(t, network.Broadcast(t, n, f.val, msgs...))

	msgs = msgs[:0]
	createList := func(issuer *didtest.Identity, name string, purpose revtypes.StatusPurpose) {
		p := revtypes.CreateStatusListPayload{IssuerDid: issuer.DID(), Name: name, Purpose: purpose, SizeBits: revtypes.MinSizeBits}
		msgs = append(msgs, &revtypes.MsgCreateStatusList{Submitter: f.submitter(), Payload: p,
			Signatures: didtest.Sign(t, chainID, &p, issuer.With(1, didtypes.KEY_SOURCE_CURRENT))})
	}
	for _, issuer := range f.issuers {
		createList(issuer, "degrees", revtypes.STATUS_PURPOSE_REVOCATION)
	}
	createList(f.issuers[0], "degrees-suspended", revtypes.STATUS_PURPOSE_SUSPENSION)
	f.suspension = revtypes.ListID(f.issuers[0].DID(), "degrees-suspended")
	network.RequireOK(t, network.Broadcast(t, n, f.val, msgs...))
	return f
}

func subject(name string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"id":"did:example:%s","degree":{"type":"BachelorDegree","name":"Bachelor of Science"}}`, name))
}

func requireVerdict(t *testing.T, want string, v verifier.Verdict) {
	t.Helper()
	if v.Verdict != want {
		bz, _ := json.MarshalIndent(v, "", "  ")
		t.Fatalf("verdict %s, want %s:\n%s", v.Verdict, want, bz)
	}
}

// failedCheck returns the one failed (or undecided) check of a verdict.
func failedCheck(t *testing.T, v verifier.Verdict) verifier.Check {
	t.Helper()
	var bad []verifier.Check
	for _, c := range v.Checks {
		if c.Result != verifier.Passed {
			bad = append(bad, c)
		}
	}
	require.Len(t, bad, 1, "checks: %+v", v.Checks)
	return bad[0]
}

// issued is one credential of the story.
type issued struct {
	name   string
	issuer *didtest.Identity
	index  uint64
	raw    []byte
}

// One in-process network serves the whole story (the SDK allows one per
// process): issue in both formats with every key algorithm, verify, revoke,
// verify again, over the library, HTTP and the CLI, trusting the node and
// trusting no node.
func TestIssueVerifyRevokeVerify(t *testing.T) {
	f := setUpChain(t)
	ctx := context.Background()
	var creds []issued
	var fresh []byte // a valid credential, issued after the revocations

	t.Run("each issuer issues in each format its key allows, and each verifies as valid", func(t *testing.T) {
		src := f.nodeSource(t)
		next := uint64(100)
		for _, issuer := range f.issuers {
			alg := issuer.Keys[0].Algorithm
			for _, format := range []string{verifier.FormatJWT, verifier.FormatDataIntegrity} {
				req := verifier.IssueRequest{
					Issuer: issuer.DID(), TypeID: f.typeID, Subject: subject("alice"), ID: fmt.Sprintf("urn:ndi:test:%d", next),
					ValidFrom: src.Trust().Time, Format: format, Key: issuer.Keys[0],
					Status: []verifier.StatusRequest{{ListID: revocationListOf(issuer), Index: next, Purpose: "revocation"}},
				}
				out, err := verifier.Issue(ctx, src, req)
				if format == verifier.FormatDataIntegrity && alg == didsig.Secp256k1 {
					require.ErrorIs(t, err, credential.ErrUnsupported, "no W3C jcs cryptosuite signs with secp256k1")
					continue
				}
				require.NoError(t, err, "%s %s", alg, format)
				name := fmt.Sprintf("%s/%s", alg, format)
				creds = append(creds, issued{name: name, issuer: issuer, index: next, raw: out.Credential})
				requireVerdict(t, verifier.Valid, verifier.Verify(ctx, out.Credential, src, verifier.Options{}))
				requireVerdict(t, verifier.Valid, verifier.Verify(ctx, out.Credential, src, verifier.Options{StatusQuery: verifier.StatusSingleIndex}))
				next++
			}
		}
		require.Len(t, creds, 5, "3 JWS algorithms and 2 Data Integrity suites")
	})

	t.Run("the issuer revokes every credential and each now verifies as invalid: revoked", func(t *testing.T) {
		require.NotEmpty(t, creds)
		for _, issuer := range f.issuers {
			var idx []uint64
			for _, c := range creds {
				if c.issuer == issuer {
					idx = append(idx, c.index)
				}
			}
			f.updateStatus(t, issuer, revocationListOf(issuer), idx, nil)
		}
		src := f.nodeSource(t)
		for _, c := range creds {
			for _, q := range []verifier.StatusQuery{verifier.StatusWholeList, verifier.StatusSingleIndex} {
				v := verifier.Verify(ctx, c.raw, src, verifier.Options{StatusQuery: q})
				requireVerdict(t, verifier.Invalid, v)
				bad := failedCheck(t, v)
				require.Equal(t, verifier.Failed, bad.Result, c.name)
				require.Contains(t, bad.Name, "status (revocation)", c.name)
				require.Contains(t, bad.Detail, "revoked", c.name)
			}
		}
	})

	t.Run("light mode: the same verdicts with every answer proven against a verified header", func(t *testing.T) {
		require.NotEmpty(t, creds)
		src := f.lightSource(t, "")
		require.Equal(t, verifier.TrustLight, src.Trust().Mode)
		require.Contains(t, src.Trust().Note, "believed only once proven (ICS23)")
		for _, c := range creds {
			v := verifier.Verify(ctx, c.raw, src, verifier.Options{})
			requireVerdict(t, verifier.Invalid, v)
			bad := failedCheck(t, v)
			require.Contains(t, bad.Detail, "revoked", c.name)
		}
		// A fresh credential is valid in light mode too, by whole list and by index.
		node := f.nodeSource(t)
		out, err := verifier.Issue(ctx, node, verifier.IssueRequest{Issuer: f.issuers[1].DID(), TypeID: f.typeID, Subject: subject("gina"),
			ValidFrom: node.Trust().Time, Format: verifier.FormatJWT, Key: f.issuers[1].Keys[0],
			Status: []verifier.StatusRequest{{ListID: revocationListOf(f.issuers[1]), Index: 11, Purpose: "revocation"}}})
		require.NoError(t, err)
		fresh = out.Credential
		require.NoError(t, f.n.WaitForNextBlock())
		for _, q := range []verifier.StatusQuery{verifier.StatusWholeList, verifier.StatusSingleIndex} {
			requireVerdict(t, verifier.Valid, verifier.Verify(ctx, fresh, f.lightSource(t, ""), verifier.Options{StatusQuery: q}))
		}
	})

	t.Run("light mode refuses a lying node, naming what failed to prove", func(t *testing.T) {
		require.NotNil(t, fresh)
		upstream := strings.Replace(f.val.RPCAddress, "tcp://", "http://", 1)
		// Something changes in every store between the heights the proxy
		// mixes up, so an answer from an older height is a real lie.
		other := didtest.NewIdentity(t, ns)
		network.RequireOK(t, network.CreateDIDs(t, f.n, f.val, other))
		require.NoError(t, f.n.WaitForNextBlock())
		for _, tc := range []struct {
			name      string
			lie       lyingproxy.Lie
			check     string
			wantParts []string
		}{
			{"a flipped status bit", lyingproxy.FlipValueBit(revtypes.StoreKey, revtypes.ChunkRecordsKey), "status (revocation)",
				[]string{"chain answer not proven", "revocation store"}},
			{"an older DID document", lyingproxy.AnswerFromHeight(didtypes.StoreKey, didtypes.DidsKey, 3), verifier.CheckSignature,
				[]string{"chain answer not proven", "did store", "collection dids"}},
			{"a removed accreditation link", lyingproxy.ClaimAbsent(acctypes.StoreKey, acctypes.AccreditationsKey), verifier.CheckIssuerThen,
				[]string{"chain answer not proven", "trust_registry store", "collection accreditations"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p, err := lyingproxy.Start(upstream, tc.lie)
				require.NoError(t, err)
				defer func() { require.NoError(t, p.Close()) }()
				v := verifier.Verify(ctx, fresh, f.lightSource(t, p.URL), verifier.Options{})
				require.Positive(t, p.Told(), "the proxy told no lie")
				requireVerdict(t, verifier.Undecided, v)
				var got *verifier.Check
				for i, c := range v.Checks {
					if strings.HasPrefix(c.Name, tc.check) {
						got = &v.Checks[i]
					}
				}
				require.NotNil(t, got, "no %q check in %+v", tc.check, v.Checks)
				require.Equal(t, verifier.NotDecided, got.Result, got.Detail)
				for _, part := range tc.wantParts {
					require.Contains(t, got.Detail, part)
				}
			})
		}
		t.Run("a forged header", func(t *testing.T) {
			st, err := f.val.RPCClient.Status(ctx)
			require.NoError(t, err)
			p, err := lyingproxy.Start(upstream, lyingproxy.ForgeAppHash(st.SyncInfo.LatestBlockHeight))
			require.NoError(t, err)
			defer func() { require.NoError(t, p.Close()) }()
			require.NoError(t, f.n.WaitForNextBlock())
			lc := f.openLight(t, p.URL)
			_, err = lightsource.New(ctx, lc)
			require.ErrorIs(t, err, light.ErrHeaderNotVerified)
			require.Contains(t, err.Error(), "failed verification")
			require.Positive(t, p.Told(), "the proxy told no lie")
		})
	})

	t.Run("issue refuses what would not verify, naming why", func(t *testing.T) {
		src := f.nodeSource(t)
		base := func() verifier.IssueRequest {
			return verifier.IssueRequest{Issuer: f.issuers[0].DID(), TypeID: f.typeID, Subject: subject("bob"),
				ValidFrom: src.Trust().Time, Format: verifier.FormatJWT, Key: f.issuers[0].Keys[0],
				Status: []verifier.StatusRequest{{ListID: revocationListOf(f.issuers[0]), Index: 7, Purpose: "revocation"}}}
		}
		for _, tc := range []struct {
			name   string
			change func(*verifier.IssueRequest)
			want   string
		}{
			{"a trust anchor is not an issuer", func(r *verifier.IssueRequest) {
				r.Issuer, r.Key, r.Status = f.ministry.DID(), f.ministry.Keys[0], nil
			}, "is not accredited for " + f.typeID},
			{"another issuer's list", func(r *verifier.IssueRequest) {
				r.Status[0].ListID = revocationListOf(f.issuers[1])
			}, "is not the issuer's own"},
			{"an index past the end", func(r *verifier.IssueRequest) { r.Status[0].Index = revtypes.MinSizeBits },
				fmt.Sprintf("status index %d is out of range", revtypes.MinSizeBits)},
			{"an index already revoked", func(r *verifier.IssueRequest) { r.Status[0].Index = creds[0].index }, "is already revoked"},
			{"a suspension list as the revocation entry", func(r *verifier.IssueRequest) { r.Status[0].ListID = f.suspension },
				"is a suspension list, not revocation"},
			{"a key that is not the issuer's", func(r *verifier.IssueRequest) { r.Key = f.issuers[1].Keys[0] },
				"the signing key is not an assertionMethod of " + f.issuers[0].DID()},
		} {
			t.Run(tc.name, func(t *testing.T) {
				req := base()
				tc.change(&req)
				_, err := verifier.Issue(ctx, src, req)
				require.ErrorIs(t, err, verifier.ErrWouldNotVerify)
				require.Contains(t, err.Error(), tc.want)
			})
		}
	})

	t.Run("a tampered credential fails the signature check and nothing else", func(t *testing.T) {
		src := f.nodeSource(t)
		out, err := verifier.Issue(ctx, src, verifier.IssueRequest{Issuer: f.issuers[1].DID(), TypeID: f.typeID, Subject: subject("carol"),
			ValidFrom: src.Trust().Time, Format: verifier.FormatDataIntegrity, Key: f.issuers[1].Keys[0]})
		require.NoError(t, err)
		requireVerdict(t, verifier.Valid, verifier.Verify(ctx, out.Credential, src, verifier.Options{}))
		forged := bytes.Replace(out.Credential, []byte("Bachelor of Science"), []byte("Doctor of Medicine"), 1)
		require.NotEqual(t, out.Credential, forged)
		v := verifier.Verify(ctx, forged, src, verifier.Options{})
		requireVerdict(t, verifier.Invalid, v)
		bad := failedCheck(t, v)
		require.Equal(t, verifier.CheckSignature, bad.Name)
		require.Contains(t, bad.Detail, credential.ErrBadSignature.Error())
	})

	t.Run("a suspended credential is invalid until it is reinstated", func(t *testing.T) {
		src := f.nodeSource(t)
		issuer := f.issuers[0]
		out, err := verifier.Issue(ctx, src, verifier.IssueRequest{Issuer: issuer.DID(), TypeID: f.typeID, Subject: subject("dave"),
			ValidFrom: src.Trust().Time, Format: verifier.FormatJWT, Key: issuer.Keys[0],
			Status: []verifier.StatusRequest{{ListID: revocationListOf(issuer), Index: 9, Purpose: "revocation"},
				{ListID: f.suspension, Index: 9, Purpose: "suspension"}}})
		require.NoError(t, err)
		requireVerdict(t, verifier.Valid, verifier.Verify(ctx, out.Credential, src, verifier.Options{}))
		f.updateStatus(t, issuer, f.suspension, []uint64{9}, nil)
		v := verifier.Verify(ctx, out.Credential, f.nodeSource(t), verifier.Options{})
		requireVerdict(t, verifier.Invalid, v)
		bad := failedCheck(t, v)
		require.Contains(t, bad.Name, "status (suspension)")
		require.Contains(t, bad.Detail, "suspended")
		f.updateStatus(t, issuer, f.suspension, nil, []uint64{9})
		requireVerdict(t, verifier.Valid, verifier.Verify(ctx, out.Credential, f.nodeSource(t), verifier.Options{}))
	})

	t.Run("an expired credential fails the validity check", func(t *testing.T) {
		src := f.nodeSource(t)
		from := src.Trust().Time.Truncate(time.Second)
		until := from.Add(time.Second)
		out, err := verifier.Issue(ctx, src, verifier.IssueRequest{Issuer: f.issuers[0].DID(), TypeID: f.typeID, Subject: subject("erin"),
			ValidFrom: from, ValidUntil: &until, Format: verifier.FormatJWT, Key: f.issuers[0].Keys[0]})
		require.NoError(t, err)
		for f.nodeSource(t).Trust().Time.Before(until) {
			require.NoError(t, f.n.WaitForNextBlock())
		}
		v := verifier.Verify(ctx, out.Credential, f.nodeSource(t), verifier.Options{})
		requireVerdict(t, verifier.Invalid, v)
		bad := failedCheck(t, v)
		require.Equal(t, verifier.CheckValidity, bad.Name)
		require.Contains(t, bad.Detail, "expired: validUntil "+acctypes.FormatTime(until))
	})

	t.Run("after the issuer's accreditation is revoked, its credentials fail the check for now but not for validFrom", func(t *testing.T) {
		src := f.nodeSource(t)
		issuer := f.issuers[2]
		out, err := verifier.Issue(ctx, src, verifier.IssueRequest{Issuer: issuer.DID(), TypeID: f.typeID, Subject: subject("frank"),
			ValidFrom: src.Trust().Time, Format: verifier.FormatJWT, Key: issuer.Keys[0]})
		require.NoError(t, err)
		accID := acctypes.AccreditationID(f.ministry.DID(), "issuer-2")
		acc, err := acctypes.NewQueryClient(f.val.ClientCtx).Accreditation(ctx, &acctypes.QueryAccreditationRequest{Id: accID})
		require.NoError(t, err)
		p := acctypes.RevokeAccreditationPayload{AccreditationId: accID, ActorDid: f.ministry.DID(),
			ExpectedVersion: acc.Accreditation.Version, Reason: "test: degree mill"}
		waitPastSecond(t, f)
		network.RequireOK(t, network.Broadcast(t, f.n, f.val, &acctypes.MsgRevokeAccreditation{Submitter: f.submitter(), Payload: p,
			Signatures: didtest.Sign(t, f.n.Config.ChainID, &p, f.ministry.With(1, didtypes.KEY_SOURCE_CURRENT))}))
		v := verifier.Verify(ctx, out.Credential, f.nodeSource(t), verifier.Options{})
		requireVerdict(t, verifier.Invalid, v)
		bad := failedCheck(t, v)
		require.Equal(t, verifier.CheckIssuerNow, bad.Name)
		require.Contains(t, bad.Detail, "REVOKED")
	})

	t.Run("the API server gives the same verdict over HTTP and says it trusts its node", func(t *testing.T) {
		require.NotEmpty(t, creds)
		url := f.val.APIAddress + verifier.VerifyPath
		res, err := http.Post(url, "application/vc+jwt", bytes.NewReader(creds[0].raw))
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		var v verifier.Verdict
		require.NoError(t, json.NewDecoder(res.Body).Decode(&v))
		requireVerdict(t, verifier.Invalid, v)
		require.Equal(t, verifier.TrustNode, v.Trust.Mode)
		require.Contains(t, v.Trust.Note, "not proven")

		res2, err := http.Post(url, "application/json", strings.NewReader(strings.Repeat(" ", 300<<10)))
		require.NoError(t, err)
		defer res2.Body.Close()
		require.Equal(t, http.StatusRequestEntityTooLarge, res2.StatusCode)
		res3, err := http.Get(url)
		require.NoError(t, err)
		defer res3.Body.Close()
		require.Equal(t, http.StatusMethodNotAllowed, res3.StatusCode)
	})
}

// waitPastSecond waits until the chain's block time is in a later whole
// second than now, so an answer "at validFrom" and one "now" differ.
func waitPastSecond(t *testing.T, f *chainFixture) {
	t.Helper()
	start := f.nodeSource(t).Trust().Time.Truncate(time.Second)
	for !f.nodeSource(t).Trust().Time.Truncate(time.Second).After(start) {
		require.NoError(t, f.n.WaitForNextBlock())
	}
}
