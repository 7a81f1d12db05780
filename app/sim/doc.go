// Package sim is NDI Chain's determinism run: a seeded generator of real,
// signed transactions for x/did, x/accreditation and x/revocation, delivered
// block by block through FinalizeBlock to the real application in memory.
//
// A run records the app hash after every Commit, so two runs from the same
// seed can be compared block by block, and its final state can be exported,
// imported into a fresh application and exported again. The checks live in
// determinism_test.go; docs/determinism.md explains the design and why the
// SDK's simsx is not used.
package sim
