package app

// setUpgradeHandlers registers the x/upgrade handlers of each named software
// upgrade. NDI Chain has had no upgrade yet; each future one adds its handler
// (and store changes) here, so operators can follow docs/operations.md.
func (app *App) setUpgradeHandlers() error {
	return nil
}
