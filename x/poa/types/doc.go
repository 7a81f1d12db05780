// Package types holds x/poa's messages, parameters, errors and the
// interfaces it needs from x/auth, x/bank and x/staking.
package types
