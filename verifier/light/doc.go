// Package light gives a verifier app hashes it can believe without trusting
// the node it talks to: CometBFT headers verified by CometBFT's light client
// from a trust root, with the light client's state kept on disk.
//
// Init sets the trust root once and writes the state under Options.Home;
// Open reopens it; Client.Root returns the newest state the chain has
// committed to, as (chain id, state height H, app hash, block time), for
// ICS23 proofs (package verifier/proof) to be checked against.
//
// # Which header commits to which state
//
// Header H+1 carries the app hash of the state after block H (CometBFT
// commits the app hash one block late), and the keepers ran block H with
// header H's time. So a Root for state height H needs headers H+1 (its
// AppHash) and H (its Time), both verified, and H+1 must link to H.
//
// # Trust roots
//
// A trust root is one header hash the user believes. From it the light
// client verifies every later header: a header is believed when more than
// 1/3 of the voting power of an already-believed validator set signed it
// (skipping verification) and more than 2/3 of its own validator set did.
// This holds while fewer than 1/3 of the voting power is faulty, and only
// within the trusting period after the believed header's time: after that,
// validators who have since left (and can no longer be punished) could sign
// a false history. Options.TrustingPeriod must be shorter than the chain's
// unbonding time (21 days by default; this package defaults to 14 days).
//
// TrustHeader takes the root as given (`--trust-height/--trust-hash`): the
// user vouches for the hash; the light client checks that the primary's
// header at that height has that hash and that more than 2/3 of the
// validator set the header names signed it.
//
// TrustGenesis derives the root from a genesis file. See Genesis and
// Genesis.CheckFirstBlock for exactly what is checked; in short: the
// validator set is computed from the genesis file alone (consensus.validators
// when present, else the gen_txs' MsgCreateValidator keys and self-bonds,
// power = bonded tokens / 10^6), and the primary's first block must carry
// that set's hash, the genesis chain id and initial height, a time not
// before the genesis time and not older than the trusting period, and a
// commit signed by more than 2/3 of that set's power. Only then is the first
// block's hash taken as the root.
//
// What trust-from-genesis establishes: if the genesis file is the chain's
// real one and the genesis validators did not (with 1/3 or more of the
// power) sign a second first block, the root is the chain's first block.
// What it does not establish:
//   - that the genesis file is authentic: it is the trust root's source, so
//     get it from a source you trust and compare its SHA-256 (Init records
//     it) with the published one;
//   - the genesis app state: the app hash in the first block (the state
//     InitChain produced) is believed on the validators' signatures, not
//     recomputed from app_state, which would mean running the application;
//     gen_txs' own signatures and the genesis accounts are not checked;
//   - anything once the first block is older than the trusting period: Init
//     refuses, and a header from a trusted source is needed instead;
//   - freshness: no light client can prove that the primary's latest header
//     is the chain's latest. Root refuses a state whose next header is older
//     than Options.MaxRootAge, and independent witnesses (Options.Witnesses)
//     cross-check the headers the primary serves (fork detection). With no
//     witness, the primary is its own witness: a lying primary is then
//     caught by the signature checks only (it cannot forge a header, but it
//     can withhold newer ones up to MaxRootAge).
//
// # Network use
//
// The light client reads /commit (signed header) and /validators (the
// validator set, in pages of 100) at each height it verifies, from the
// primary and then from each witness; Client.Root also reads /status from
// the primary and each witness to pick the newest height they all have. On
// a conflicting header it sends /broadcast_evidence.
package light
