package proof

import (
	"context"
	"fmt"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"cosmossdk.io/core/header"
	corestore "cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	accreditationkeeper "github.com/ndi-chain/ndi/x/accreditation/keeper"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	didkeeper "github.com/ndi-chain/ndi/x/did/keeper"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	revocationkeeper "github.com/ndi-chain/ndi/x/revocation/keeper"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// Source answers the queries a verdict needs from proven chain state: the
// modules' own query servers, run over stores whose every read is proven
// against the root's app hash. An answer is the one the node's own query
// server gives at the root's height, or an error wrapping ErrNotProven
// that names what failed to prove. A Source is safe for concurrent use.
type Source struct {
	root   Root
	stores []*provenStore
	queryServers
}

// NewSource builds a Source reading through q at root.
func NewSource(q ABCIQuerier, root Root) (*Source, error) {
	if q == nil {
		return nil, fmt.Errorf("%w: no querier", ErrInvalidRoot)
	}
	if err := root.validate(); err != nil {
		return nil, err
	}
	root.AppHash = append([]byte(nil), root.AppHash...)
	s := &Source{root: root}
	names := collectionNames{}
	s.queryServers = newQueryServers(names, func(name string) corestore.KVStoreService {
		ps := newProvenStore(name, root, q, names)
		s.stores = append(s.stores, ps)
		return storeService{store: ps}
	})
	return s, nil
}

// queryServers are the modules' query servers over the stores storeFor
// gives, wired to each other as the app wires their keepers.
type queryServers struct {
	did           didtypes.QueryServer
	accreditation accreditationtypes.QueryServer
	revocation    revocationtypes.QueryServer
}

// newQueryServers builds the keepers over storeFor's stores and records
// their collections' names in names.
func newQueryServers(names collectionNames, storeFor func(storeName string) corestore.KVStoreService) queryServers {
	// Values in these stores are plain messages (no Any), so an empty
	// interface registry decodes them; the authority only guards writes.
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	const noAuthority = ""
	dids := didkeeper.NewKeeper(cdc, storeFor(didtypes.StoreKey), noAuthority)
	accreditations := accreditationkeeper.NewKeeper(cdc, storeFor(accreditationtypes.StoreKey), noAuthority, dids)
	revocations := revocationkeeper.NewKeeper(cdc, storeFor(revocationtypes.StoreKey), noAuthority, dids, accreditations)
	names.add(didtypes.StoreKey, dids.Schema)
	names.add(accreditationtypes.StoreKey, accreditations.Schema)
	names.add(revocationtypes.StoreKey, revocations.Schema)
	return queryServers{
		did:           didkeeper.NewQueryServerImpl(dids),
		accreditation: accreditationkeeper.NewQueryServerImpl(accreditations),
		revocation:    revocationkeeper.NewQueryServerImpl(revocations),
	}
}

func (r Root) validate() error {
	switch {
	case r.ChainID == "":
		return fmt.Errorf("%w: chain id is empty", ErrInvalidRoot)
	case r.Height < 1:
		return fmt.Errorf("%w: height %d is not a block height", ErrInvalidRoot, r.Height)
	case len(r.AppHash) == 0:
		return fmt.Errorf("%w: app hash is empty", ErrInvalidRoot)
	case r.Time.IsZero():
		return fmt.Errorf("%w: block time is not set", ErrInvalidRoot)
	}
	return nil
}

// Root returns the root the Source proves against.
func (s *Source) Root() Root { return s.root }

// QueryCount is how many proven store queries the Source has sent; each
// key is asked once per Source.
func (s *Source) QueryCount() int {
	n := 0
	for _, st := range s.stores {
		n += st.queryCount()
	}
	return n
}

// Did is x/did's Did query: a DID at its latest version, a version id or a time.
func (s *Source) Did(ctx context.Context, req *didtypes.QueryDidRequest) (*didtypes.QueryDidResponse, error) {
	return run(s, ctx, func(c context.Context) (*didtypes.QueryDidResponse, error) { return s.did.Did(c, req) })
}

// VerifyIssuer is x/accreditation's VerifyIssuer query.
func (s *Source) VerifyIssuer(ctx context.Context, req *accreditationtypes.QueryVerifyIssuerRequest) (*accreditationtypes.QueryVerifyIssuerResponse, error) {
	return run(s, ctx, func(c context.Context) (*accreditationtypes.QueryVerifyIssuerResponse, error) {
		return s.accreditation.VerifyIssuer(c, req)
	})
}

// CredentialType is x/accreditation's CredentialType query.
func (s *Source) CredentialType(ctx context.Context, req *accreditationtypes.QueryCredentialTypeRequest) (*accreditationtypes.QueryCredentialTypeResponse, error) {
	return run(s, ctx, func(c context.Context) (*accreditationtypes.QueryCredentialTypeResponse, error) {
		return s.accreditation.CredentialType(c, req)
	})
}

// StatusList is x/revocation's StatusList query: the whole list.
func (s *Source) StatusList(ctx context.Context, req *revocationtypes.QueryStatusListRequest) (*revocationtypes.QueryStatusListResponse, error) {
	return run(s, ctx, func(c context.Context) (*revocationtypes.QueryStatusListResponse, error) {
		return s.revocation.StatusList(c, req)
	})
}

// CredentialStatus is x/revocation's CredentialStatus query: one index.
func (s *Source) CredentialStatus(ctx context.Context, req *revocationtypes.QueryCredentialStatusRequest) (*revocationtypes.QueryCredentialStatusResponse, error) {
	return run(s, ctx, func(c context.Context) (*revocationtypes.QueryCredentialStatusResponse, error) {
		return s.revocation.CredentialStatus(c, req)
	})
}

// run runs one query server call at the root. Any read that failed to
// prove decides the answer, whatever the query server made of the error.
func run[T any](s *Source, ctx context.Context, query func(context.Context) (T, error)) (T, error) {
	failures := &failureLog{}
	res, err := query(s.queryContext(ctx, failures))
	if failed := failures.err(); failed != nil {
		var none T
		return none, failed
	}
	return res, err
}

// queryContext is the context a node's query server sees at the root's
// height: that block's height, time and chain id, and no gas limit.
func (s *Source) queryContext(ctx context.Context, failures *failureLog) sdk.Context {
	r := s.root
	return sdk.NewContext(nil, cmtproto.Header{ChainID: r.ChainID, Height: r.Height, Time: r.Time}, false, log.NewNopLogger()).
		WithContext(context.WithValue(ctx, failureLogKey{}, failures)).
		WithHeaderInfo(header.Info{ChainID: r.ChainID, Height: r.Height, Time: r.Time}).
		WithGasMeter(storetypes.NewInfiniteGasMeter())
}
