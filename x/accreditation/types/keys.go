package types

import "cosmossdk.io/collections"

const (
	// ModuleName is x/accreditation's name and store key.
	ModuleName = "accreditation"
	// StoreKey is the KV store of x/accreditation. It cannot be the module
	// name: store names must not prefix one another, and x/auth's is "acc".
	StoreKey = "trust_registry"
)

// Store prefixes. Each collection of the schema in keeper.go has one.
var (
	ParamsKey                  = collections.NewPrefix(0)
	CredentialTypesKey         = collections.NewPrefix(1)
	TrustAnchorsKey            = collections.NewPrefix(2)
	TrustAnchorVersionsKey     = collections.NewPrefix(3)
	AccreditationsKey          = collections.NewPrefix(4)
	AccreditationsBySubject    = collections.NewPrefix(5)
	AccreditationsByAccreditor = collections.NewPrefix(6)
	AccreditationVersionsKey   = collections.NewPrefix(7)
)

// MaxPageLimit caps the page of every list query: a request for more gets
// this many and a next_key. A node answers queries for anyone, so no single
// request may make it read an unbounded part of the store. A request
// without a limit gets the SDK's default (query.DefaultLimit).
const MaxPageLimit = 200
