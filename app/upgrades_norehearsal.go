//go:build !upgraderehearsal

package app

// setRehearsalUpgradeHandler registers nothing in a normal build: only a
// binary built with the `upgraderehearsal` tag handles UpgradeRehearsal
// (upgrades_rehearsal.go), so a normal build halts at such a plan.
func (app *App) setRehearsalUpgradeHandler() {}
