// Package lyingproxy puts a lying node in front of an honest one, so tests
// can show that a verifier which trusts no node refuses what the node says.
//
// Proxy is an HTTP server on 127.0.0.1 that forwards CometBFT JSON-RPC
// (POST, single or batch, and the GET URI form) to an upstream node and
// lets a Lie alter two kinds of answer on the way back:
//
//   - abci_query: the request before it is forwarded (Lie.Query, e.g. ask an
//     older height) and the response the client receives (Lie.QueryResult,
//     e.g. flip a bit of the value, drop the value, strip the proof);
//   - commit: the signed header CometBFT's light client fetches
//     (Lie.Commit, e.g. forge the app hash).
//
// Everything else passes through untouched. The ready-made lies
// (FlipValueBit, AnswerFromHeight, ClaimAbsent, StripProofs, ForgeAppHash,
// ForgeValidatorsHash) are the ones issue 11 asks a light-mode verifier to
// catch. Told counts the answers a lie actually altered, so a test can
// assert the lie was told before it asserts that it was caught.
//
// FakeChain is the upstream for unit tests: a synthetic chain signed by
// mock validators, served over the same JSON-RPC a node speaks.
package lyingproxy
