package proof

import (
	"bytes"
	"context"
	"errors"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	collcodec "cosmossdk.io/collections/codec"

	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

func mustKey[K any](t *testing.T, prefix collections.Prefix, codec collcodec.KeyCodec[K], key K) []byte {
	t.Helper()
	bz, err := collections.EncodeKeyWithPrefix(prefix, codec, key)
	require.NoError(t, err)
	return bz
}

// A node that alters an answer is caught, whatever it alters, and the
// error names the store, the collection and why.
func TestALyingNodeIsCaught(t *testing.T) {
	c := newChain(t)
	r := c.root()
	honest := &appQuerier{c: c}
	bg := context.Background()
	holderState := mustKey(t, didtypes.DidsKey, collections.StringKey, c.holder.DID())
	issuerAccreditation := mustKey(t, accreditationtypes.AccreditationsKey, collections.StringKey, c.issuerAccreditation)
	isStore := func(path, store string) bool { return path == "/store/"+store+"/key" }

	cases := []struct {
		name string
		lie  func(path string, key []byte, opts rpcclient.ABCIQueryOptions, res *abci.ResponseQuery)
		ask  func(*Source) error
		says []string
	}{
		{
			name: "a flipped bit in a status list chunk",
			lie: func(path string, key []byte, _ rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				if isStore(path, revocationtypes.StoreKey) && bytes.HasPrefix(key, revocationtypes.ChunkRecordsKey) && len(res.Value) > 0 {
					res.Value = bytes.Clone(res.Value)
					res.Value[len(res.Value)-1] ^= 1
				}
			},
			ask: func(s *Source) error {
				_, err := s.StatusList(bg, &revocationtypes.QueryStatusListRequest{ListId: c.listID})
				return err
			},
			says: []string{"revocation store, collection chunk_records", "the value does not match the app hash"},
		},
		{
			name: "an older DID state, from an older height, passed off as current",
			lie: func(path string, key []byte, opts rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				if isStore(path, didtypes.StoreKey) && bytes.Equal(key, holderState) {
					old, err := c.f.App.Query(bg, &abci.RequestQuery{Path: path, Data: key, Height: c.pastHeight, Prove: true})
					require.NoError(t, err)
					*res = *old
					res.Height = opts.Height
				}
			},
			ask: func(s *Source) error {
				_, err := s.Did(bg, &didtypes.QueryDidRequest{Id: c.holder.DID()})
				return err
			},
			says: []string{"did store, collection dids, key \"" + c.holder.DID() + "\"", "the value does not match the app hash"},
		},
		{
			name: "a removed accreditation: absence claimed with a neighbour's proof",
			lie: func(path string, key []byte, opts rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				if isStore(path, accreditationtypes.StoreKey) && bytes.Equal(key, issuerAccreditation) {
					after := append(bytes.Clone(key), 0)
					absent, err := c.f.App.Query(bg, &abci.RequestQuery{Path: path, Data: after, Height: opts.Height, Prove: true})
					require.NoError(t, err)
					absent.ProofOps.Ops[0].Key = key
					*res = *absent
				}
			},
			ask: func(s *Source) error {
				_, err := s.VerifyIssuer(bg, &accreditationtypes.QueryVerifyIssuerRequest{IssuerDid: c.issuer.DID(), CredentialTypeId: c.credentialType})
				return err
			},
			says: []string{"trust_registry store, collection accreditations, key \"" + c.issuerAccreditation + "\"", "the absence does not match the app hash"},
		},
		{
			name: "a removed accreditation: the value dropped, the proof kept",
			lie: func(path string, key []byte, _ rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				if isStore(path, accreditationtypes.StoreKey) && bytes.Equal(key, issuerAccreditation) {
					res.Value = nil
				}
			},
			ask: func(s *Source) error {
				_, err := s.VerifyIssuer(bg, &accreditationtypes.QueryVerifyIssuerRequest{IssuerDid: c.issuer.DID(), CredentialTypeId: c.credentialType})
				return err
			},
			says: []string{"trust_registry store, collection accreditations", "the value does not match the app hash"},
		},
		{
			name: "a stripped proof",
			lie: func(_ string, _ []byte, _ rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				res.ProofOps = nil
			},
			ask: func(s *Source) error {
				_, err := s.CredentialType(bg, &accreditationtypes.QueryCredentialTypeRequest{Id: c.credentialType})
				return err
			},
			says: []string{"trust_registry store, collection credential_types, key \"" + c.credentialType + "\"", "the answer carries no proof"},
		},
		{
			name: "proof ops of the wrong kinds",
			lie: func(_ string, _ []byte, _ rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				if res.ProofOps != nil {
					res.ProofOps.Ops[1].Type = res.ProofOps.Ops[0].Type
				}
			},
			ask: func(s *Source) error {
				_, err := s.CredentialType(bg, &accreditationtypes.QueryCredentialTypeRequest{Id: c.credentialType})
				return err
			},
			says: []string{"trust_registry store, collection credential_types", `app state proof op is "ics23:iavl", want "ics23:simple"`},
		},
		{
			name: "a proof with an op missing",
			lie: func(_ string, _ []byte, _ rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				if res.ProofOps != nil {
					res.ProofOps.Ops = res.ProofOps.Ops[:1]
				}
			},
			ask: func(s *Source) error {
				_, err := s.CredentialType(bg, &accreditationtypes.QueryCredentialTypeRequest{Id: c.credentialType})
				return err
			},
			says: []string{"trust_registry store, collection credential_types", "the proof has 1 ops, want 2"},
		},
		{
			name: "a refused query",
			lie: func(_ string, _ []byte, _ rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				res.Code, res.Codespace, res.Log = 18, "sdk", "invalid request"
			},
			ask: func(s *Source) error {
				_, err := s.CredentialType(bg, &accreditationtypes.QueryCredentialTypeRequest{Id: c.credentialType})
				return err
			},
			says: []string{"trust_registry store, collection credential_types", "the node refused the query (code 18, sdk): invalid request"},
		},
		{
			name: "a value sent with a proof of absence",
			lie: func(path string, key []byte, opts rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				if res.ProofOps != nil && len(res.Value) == 0 {
					res.Value = []byte("forged")
				}
			},
			ask: func(s *Source) error {
				_, err := s.VerifyIssuer(bg, &accreditationtypes.QueryVerifyIssuerRequest{IssuerDid: c.issuer.DID(), CredentialTypeId: c.credentialType})
				return err
			},
			says: []string{"trust_registry store", "the answer carries a value with a proof of absence"},
		},
		{
			name: "an answer for another height",
			lie: func(_ string, _ []byte, _ rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				res.Height--
			},
			ask: func(s *Source) error {
				_, err := s.CredentialStatus(bg, revocationtypes.NewQueryCredentialStatusRequest(c.listID, c.revoked[0], nil))
				return err
			},
			says: []string{"revocation store, collection lists, key \"" + c.listID + "\"", "the answer is for height"},
		},
		{
			name: "an answer for the wrong key's proof",
			lie: func(path string, key []byte, opts rpcclient.ABCIQueryOptions, res *abci.ResponseQuery) {
				if isStore(path, didtypes.StoreKey) && bytes.Equal(key, holderState) {
					other, err := c.f.App.Query(bg, &abci.RequestQuery{Path: path, Data: mustKey(t, didtypes.DidsKey, collections.StringKey, c.issuer.DID()), Height: opts.Height, Prove: true})
					require.NoError(t, err)
					*res = *other
				}
			},
			ask: func(s *Source) error {
				_, err := s.Did(bg, &didtypes.QueryDidRequest{Id: c.holder.DID()})
				return err
			},
			says: []string{"did store, collection dids, key \"" + c.holder.DID() + "\"", "does not match the app hash"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src, err := NewSource(lyingQuerier{honest: honest, lie: tc.lie}, r)
			require.NoError(t, err)
			err = tc.ask(src)
			t.Log(err)
			require.ErrorIs(t, err, ErrNotProven)
			for _, s := range tc.says {
				require.ErrorContains(t, err, s)
			}
		})
	}
}

// A node that cannot be reached proves nothing, and the error says which
// read it was.
func TestAnUnreachableNodeProvesNothing(t *testing.T) {
	c := newChain(t)
	down := errors.New("connection refused")
	src, err := NewSource(failingQuerier{err: down}, c.root())
	require.NoError(t, err)
	_, err = src.Did(context.Background(), &didtypes.QueryDidRequest{Id: c.holder.DID()})
	require.ErrorIs(t, err, ErrNotProven)
	require.ErrorIs(t, err, down)
	require.ErrorContains(t, err, "did store, collection dids")
}
