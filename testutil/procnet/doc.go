// Package procnet runs a local ndid network as real operating-system
// processes, for end-to-end tests.
//
// Start builds the ndid binary (once per test process), writes node homes
// with `ndid testnet init-files` into t.TempDir(), starts the nodes on
// 127.0.0.1 with a free block of ports and waits for the first blocks.
// Every process it starts is stopped by t.Cleanup; when the test failed the
// tail of each node's log (HOME/node.log) is printed.
//
//	net := procnet.Start(t, procnet.Options{Validators: 4})
//	v0 := net.Nodes[0]
//	out, err := v0.Query("poa", "validators")
//	res, err := v0.Tx("bank", "send", "operator", addr, "1undi")
//	v0.Kill(); v0.Start(); net.WaitForHeight(10, time.Minute)
//
// With Options.Cosmovisor every node runs under cosmovisor
// (CosmovisorBinary builds the pinned release), its home laid out with the
// network's binary as genesis and one binary per upgrade plan (BuildTagged
// builds one from this tree with build tags), as docs/operations.md §4
// tells operators to.
//
// Nodes talk to CometBFT's RPC with plain HTTP (Height, Signed), and to the
// application through the ndid CLI (CLI, Query, Tx). The e2e tests live
// behind the `e2e` build tag: go test -tags e2e ./testutil/procnet/...
//
// What a test and cmd/ndi-bench (against a `make localnet`, through
// Remote nodes) share returns errors rather than failing a test: Sender
// signs transactions in-process with the app's TxConfig and broadcasts them
// in sequence order; WaitCommitted, WaitCaughtUp, WaitForHeight and
// MaxHeight wait on nodes; SubmitProposal, VoteYes and WaitForPassed drive
// governance; ReadGenesis and DiffGenesis compare exports.
package procnet
