// Package app wires the NDI Chain application: the SDK modules it keeps, the
// NDI modules, the ante handler that makes the validator set permissioned,
// and the encoding shared by the node and its clients.
package app

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	gogogrpc "github.com/cosmos/gogoproto/grpc"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cast"

	reflectionv1 "cosmossdk.io/api/cosmos/reflection/v1"
	"cosmossdk.io/client/v2/autocli"
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/log/v2"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	nodeservice "github.com/cosmos/cosmos-sdk/client/grpc/node"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	runtimeservices "github.com/cosmos/cosmos-sdk/runtime/services"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/version"
	"github.com/cosmos/cosmos-sdk/x/auth"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
	authcodec "github.com/cosmos/cosmos-sdk/x/auth/codec"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	authzmodule "github.com/cosmos/cosmos-sdk/x/authz/module"
	"github.com/cosmos/cosmos-sdk/x/bank"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/consensus"
	consensusparamkeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	consensusparamtypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distr "github.com/cosmos/cosmos-sdk/x/distribution"
	distrkeeper "github.com/cosmos/cosmos-sdk/x/distribution/keeper"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	"github.com/cosmos/cosmos-sdk/x/evidence"
	evidencekeeper "github.com/cosmos/cosmos-sdk/x/evidence/keeper"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantkeeper "github.com/cosmos/cosmos-sdk/x/feegrant/keeper"
	feegrantmodule "github.com/cosmos/cosmos-sdk/x/feegrant/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govclient "github.com/cosmos/cosmos-sdk/x/gov/client"
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	"github.com/cosmos/cosmos-sdk/x/slashing"
	slashingkeeper "github.com/cosmos/cosmos-sdk/x/slashing/keeper"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	"github.com/cosmos/cosmos-sdk/x/upgrade"
	upgradekeeper "github.com/cosmos/cosmos-sdk/x/upgrade/keeper"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/explorer"
	ndimetrics "github.com/ndi-chain/ndi/internal/metrics"
	"github.com/ndi-chain/ndi/verifier"
	"github.com/ndi-chain/ndi/x/accreditation"
	accreditationkeeper "github.com/ndi-chain/ndi/x/accreditation/keeper"
	accreditationtypes "github.com/ndi-chain/ndi/x/accreditation/types"
	"github.com/ndi-chain/ndi/x/did"
	"github.com/ndi-chain/ndi/x/did/client/resolver"
	didkeeper "github.com/ndi-chain/ndi/x/did/keeper"
	didtypes "github.com/ndi-chain/ndi/x/did/types"
	"github.com/ndi-chain/ndi/x/poa"
	poakeeper "github.com/ndi-chain/ndi/x/poa/keeper"
	poatypes "github.com/ndi-chain/ndi/x/poa/types"
	"github.com/ndi-chain/ndi/x/revocation"
	"github.com/ndi-chain/ndi/x/revocation/client/statuslist"
	revocationkeeper "github.com/ndi-chain/ndi/x/revocation/keeper"
	revocationtypes "github.com/ndi-chain/ndi/x/revocation/types"
)

// DefaultNodeHome is where ndid keeps its config and data unless --home
// says otherwise: ~/.ndid.
var DefaultNodeHome = func() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ".ndid"
	}
	return filepath.Join(home, ".ndid")
}()

// moduleAccountPermissions lists every module account and what it may do.
// x/poa is the only minter: it creates and destroys upower.
var moduleAccountPermissions = map[string][]string{
	authtypes.FeeCollectorName:          nil,
	distrtypes.ModuleName:               nil,
	stakingtypes.BondedPoolName:         {authtypes.Burner, authtypes.Staking},
	stakingtypes.NotBondedPoolName:      {authtypes.Burner, authtypes.Staking},
	stakingtypes.KeyRotationFeePoolName: {authtypes.Burner},
	govtypes.ModuleName:                 {authtypes.Burner},
	poatypes.ModuleName:                 {authtypes.Minter, authtypes.Burner},
}

var (
	_ runtime.AppI            = (*App)(nil)
	_ servertypes.Application = (*App)(nil)
)

// App is the NDI Chain application.
type App struct {
	*baseapp.BaseApp

	legacyAmino       *codec.LegacyAmino
	appCodec          codec.Codec
	txConfig          client.TxConfig
	interfaceRegistry types.InterfaceRegistry

	keys map[string]*storetypes.KVStoreKey

	AccountKeeper         authkeeper.AccountKeeper
	BankKeeper            bankkeeper.BaseKeeper
	StakingKeeper         *stakingkeeper.Keeper
	SlashingKeeper        slashingkeeper.Keeper
	DistrKeeper           distrkeeper.Keeper
	GovKeeper             *govkeeper.Keeper
	UpgradeKeeper         *upgradekeeper.Keeper
	EvidenceKeeper        evidencekeeper.Keeper
	FeeGrantKeeper        feegrantkeeper.Keeper
	AuthzKeeper           authzkeeper.Keeper
	ConsensusParamsKeeper consensusparamkeeper.Keeper
	PoaKeeper             poakeeper.Keeper
	DidKeeper             didkeeper.Keeper
	AccreditationKeeper   accreditationkeeper.Keeper
	RevocationKeeper      revocationkeeper.Keeper

	ModuleManager      *module.Manager
	BasicModuleManager module.BasicManager
	configurator       module.Configurator

	// sigCache is the ante handler's cache of verified account signatures.
	sigCache *sigCache

	// metrics feeds the ndi_ Prometheus metrics, served beside CometBFT's
	// (docs/operations.md §6).
	metrics *ndimetrics.Metrics
}

// New builds the application on db. loadLatest loads the last committed state.
func New(
	logger log.Logger,
	db dbm.DB,
	loadLatest bool,
	appOpts servertypes.AppOptions,
	baseAppOptions ...func(*baseapp.BaseApp),
) *App {
	enc := MakeEncodingConfig()
	appCodec, legacyAmino, interfaceRegistry, txConfig := enc.Codec, enc.Amino, enc.InterfaceRegistry, enc.TxConfig

	bApp := baseapp.NewBaseApp(params.AppName, logger, db, txConfig.TxDecoder(), baseAppOptions...)
	bApp.SetVersion(version.Version)
	bApp.SetInterfaceRegistry(interfaceRegistry)
	bApp.SetTxEncoder(txConfig.TxEncoder())

	keys := storetypes.NewKVStoreKeys(
		authtypes.StoreKey, banktypes.StoreKey, stakingtypes.StoreKey,
		distrtypes.StoreKey, slashingtypes.StoreKey, govtypes.StoreKey,
		consensusparamtypes.StoreKey, upgradetypes.StoreKey, evidencetypes.StoreKey,
		feegrant.StoreKey, authzkeeper.StoreKey, poatypes.StoreKey, didtypes.StoreKey,
		accreditationtypes.StoreKey, revocationtypes.StoreKey,
	)
	tkeys := storetypes.NewTransientStoreKeys(poatypes.TransientStoreKey)

	app := &App{
		BaseApp:           bApp,
		legacyAmino:       legacyAmino,
		appCodec:          appCodec,
		txConfig:          txConfig,
		interfaceRegistry: interfaceRegistry,
		keys:              keys,
	}

	govAuthority := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	addrCodec := address.NewBech32Codec(params.Bech32PrefixAccAddr)
	valAddrCodec := address.NewBech32Codec(params.Bech32PrefixValAddr)
	consAddrCodec := address.NewBech32Codec(params.Bech32PrefixConsAddr)

	app.ConsensusParamsKeeper = consensusparamkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[consensusparamtypes.StoreKey]), govAuthority, runtime.EventService{})
	bApp.SetParamStore(app.ConsensusParamsKeeper.ParamsStore)

	app.AccountKeeper = authkeeper.NewAccountKeeper(
		appCodec, runtime.NewKVStoreService(keys[authtypes.StoreKey]), authtypes.ProtoBaseAccount,
		moduleAccountPermissions, addrCodec, params.Bech32PrefixAccAddr, govAuthority)

	app.BankKeeper = bankkeeper.NewBaseKeeper(
		appCodec, runtime.NewKVStoreService(keys[banktypes.StoreKey]), app.AccountKeeper,
		BlockedAddresses(), govAuthority, logger)

	app.StakingKeeper = stakingkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[stakingtypes.StoreKey]), app.AccountKeeper,
		app.BankKeeper, govAuthority, valAddrCodec, consAddrCodec)

	app.DistrKeeper = distrkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[distrtypes.StoreKey]), app.AccountKeeper,
		app.BankKeeper, app.StakingKeeper, authtypes.FeeCollectorName, govAuthority)

	app.SlashingKeeper = slashingkeeper.NewKeeper(
		appCodec, legacyAmino, runtime.NewKVStoreService(keys[slashingtypes.StoreKey]),
		app.StakingKeeper, govAuthority)

	app.FeeGrantKeeper = feegrantkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[feegrant.StoreKey]), app.AccountKeeper)

	app.StakingKeeper.SetHooks(stakingtypes.NewMultiStakingHooks(
		app.DistrKeeper.Hooks(), app.SlashingKeeper.Hooks()))

	app.AuthzKeeper = authzkeeper.NewKeeper(
		runtime.NewKVStoreService(keys[authzkeeper.StoreKey]), appCodec, app.MsgServiceRouter(), app.AccountKeeper)

	skipUpgradeHeights := map[int64]bool{}
	for _, h := range cast.ToIntSlice(appOpts.Get(server.FlagUnsafeSkipUpgrades)) {
		skipUpgradeHeights[int64(h)] = true
	}
	homePath, _ := appOpts.Get("home").(string)
	app.UpgradeKeeper = upgradekeeper.NewKeeper(
		skipUpgradeHeights, runtime.NewKVStoreService(keys[upgradetypes.StoreKey]), appCodec,
		homePath, app.BaseApp, govAuthority)

	app.GovKeeper = govkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[govtypes.StoreKey]), app.AccountKeeper,
		app.BankKeeper, app.DistrKeeper, app.MsgServiceRouter(), govtypes.DefaultConfig(),
		govAuthority, govkeeper.NewDefaultCalculateVoteResultsAndVotingPower(app.StakingKeeper))

	app.EvidenceKeeper = *evidencekeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[evidencetypes.StoreKey]), app.StakingKeeper,
		app.SlashingKeeper, addrCodec, runtime.ProvideCometInfoService())

	app.PoaKeeper = poakeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[poatypes.StoreKey]),
		runtime.NewTransientStoreService(tkeys[poatypes.TransientStoreKey]), govAuthority,
		app.AccountKeeper, app.BankKeeper, app.StakingKeeper, stakingkeeper.NewMsgServerImpl(app.StakingKeeper))

	app.DidKeeper = didkeeper.NewKeeper(appCodec, runtime.NewKVStoreService(keys[didtypes.StoreKey]), govAuthority)
	app.AccreditationKeeper = accreditationkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[accreditationtypes.StoreKey]), govAuthority, app.DidKeeper)
	app.RevocationKeeper = revocationkeeper.NewKeeper(
		appCodec, runtime.NewKVStoreService(keys[revocationtypes.StoreKey]), govAuthority, app.DidKeeper, app.AccreditationKeeper)

	// The process-wide registry is the one CometBFT's Prometheus endpoint
	// and the API server's /metrics serve.
	metrics, err := ndimetrics.New(prometheus.DefaultRegisterer)
	if err != nil {
		panic(err)
	}
	if err := ndimetrics.RegisterListCache(prometheus.DefaultRegisterer, app.RevocationKeeper.ListCache().Stats); err != nil {
		panic(err)
	}
	app.metrics = metrics
	bApp.SetStreamingManager(storetypes.StreamingManager{
		ABCIListeners: []storetypes.ABCIListener{ndimetrics.NewListener(metrics)},
	})

	app.ModuleManager = module.NewManager(
		genutil.NewAppModule(app.AccountKeeper, app.StakingKeeper, app, txConfig),
		auth.NewAppModule(appCodec, app.AccountKeeper, nil),
		bank.NewAppModule(appCodec, app.BankKeeper, app.AccountKeeper),
		feegrantmodule.NewAppModule(appCodec, app.AccountKeeper, app.BankKeeper, app.FeeGrantKeeper, interfaceRegistry),
		gov.NewAppModule(appCodec, app.GovKeeper, app.AccountKeeper, app.BankKeeper),
		slashing.NewAppModule(appCodec, app.SlashingKeeper, app.AccountKeeper, app.BankKeeper, app.StakingKeeper, interfaceRegistry),
		distr.NewAppModule(appCodec, app.DistrKeeper, app.AccountKeeper, app.BankKeeper, app.StakingKeeper),
		stakingModule{
			AppModule: staking.NewAppModule(appCodec, app.StakingKeeper, app.AccountKeeper, app.BankKeeper),
			keeper:    app.StakingKeeper,
			msgServer: rotationMsgServer{
				MsgServer: stakingkeeper.NewMsgServerImpl(app.StakingKeeper),
				staking:   app.StakingKeeper, bank: app.BankKeeper, poa: app.PoaKeeper,
			},
		},
		upgrade.NewAppModule(app.UpgradeKeeper, addrCodec),
		evidence.NewAppModule(app.EvidenceKeeper),
		authzmodule.NewAppModule(appCodec, app.AuthzKeeper, app.AccountKeeper, app.BankKeeper, interfaceRegistry),
		consensus.NewAppModule(appCodec, app.ConsensusParamsKeeper),
		poa.NewAppModule(appCodec, app.PoaKeeper),
		did.NewAppModule(appCodec, app.DidKeeper, addrCodec),
		accreditation.NewAppModule(appCodec, app.AccreditationKeeper, addrCodec),
		revocation.NewAppModule(appCodec, app.RevocationKeeper, addrCodec),
	)

	app.BasicModuleManager = module.NewBasicManagerFromManager(
		app.ModuleManager,
		map[string]module.AppModuleBasic{
			genutiltypes.ModuleName: genutil.NewAppModuleBasic(genutiltypes.DefaultMessageValidator),
			govtypes.ModuleName:     gov.NewAppModuleBasic([]govclient.ProposalHandler{}),
		})
	withNDIGenesisDefaults(app.BasicModuleManager)
	app.BasicModuleManager.RegisterLegacyAminoCodec(legacyAmino)
	app.BasicModuleManager.RegisterInterfaces(interfaceRegistry)

	app.ModuleManager.SetOrderPreBlockers(upgradetypes.ModuleName, authtypes.ModuleName)
	app.ModuleManager.SetOrderBeginBlockers(
		distrtypes.ModuleName, slashingtypes.ModuleName, evidencetypes.ModuleName,
		stakingtypes.ModuleName, authz.ModuleName,
	)
	app.ModuleManager.SetOrderEndBlockers(
		govtypes.ModuleName, stakingtypes.ModuleName, feegrant.ModuleName, banktypes.ModuleName,
	)
	// genutil runs after staking and bank so that gentxs see funded accounts
	// and an initialised staking pool.
	genesisOrder := []string{
		authtypes.ModuleName, banktypes.ModuleName, distrtypes.ModuleName,
		stakingtypes.ModuleName, slashingtypes.ModuleName, govtypes.ModuleName,
		genutiltypes.ModuleName, evidencetypes.ModuleName, authz.ModuleName,
		feegrant.ModuleName, upgradetypes.ModuleName, consensusparamtypes.ModuleName,
		poatypes.ModuleName, didtypes.ModuleName, accreditationtypes.ModuleName, revocationtypes.ModuleName,
	}
	app.ModuleManager.SetOrderInitGenesis(genesisOrder...)
	app.ModuleManager.SetOrderExportGenesis(genesisOrder...)

	app.configurator = module.NewConfigurator(app.appCodec, app.MsgServiceRouter(), app.GRPCQueryRouter())
	if err := app.ModuleManager.RegisterServices(app.configurator); err != nil {
		panic(fmt.Errorf("register module services: %w", err))
	}

	// Reflection lets grpcurl and other clients discover every service.
	reflectionSvc, err := runtimeservices.NewReflectionService()
	if err != nil {
		panic(err)
	}
	reflectionv1.RegisterReflectionServiceServer(app.GRPCQueryRouter(), reflectionSvc)

	app.MountKVStores(keys)
	app.MountTransientStores(tkeys)

	app.SetInitChainer(app.InitChainer)
	app.SetPreBlocker(app.PreBlocker)
	app.SetBeginBlocker(app.BeginBlocker)
	app.SetEndBlocker(app.EndBlocker)
	app.setAnteHandler(txConfig)

	if err := app.setUpgradeHandlers(); err != nil {
		panic(err)
	}

	if loadLatest {
		if err := app.LoadLatestVersion(); err != nil {
			panic(fmt.Errorf("load latest version: %w", err))
		}
	}
	return app
}

func (app *App) setAnteHandler(txConfig client.TxConfig) {
	app.sigCache = newSigCache(DefaultSigCacheSize)
	handler, err := NewAnteHandler(HandlerOptions{
		HandlerOptions: ante.HandlerOptions{
			AccountKeeper:   app.AccountKeeper,
			BankKeeper:      app.BankKeeper,
			SignModeHandler: txConfig.SignModeHandler(),
			FeegrantKeeper:  app.FeeGrantKeeper,
			SigGasConsumer:  ante.DefaultSigVerificationGasConsumer,
		},
		StakingKeeper: app.StakingKeeper,
		sigCache:      app.sigCache,
	})
	if err != nil {
		panic(fmt.Errorf("build ante handler: %w", err))
	}
	app.SetAnteHandler(handler)
}

// Name returns the application's name.
func (app *App) Name() string { return app.BaseApp.Name() }

// PreBlocker runs the upgrade module before each block.
func (app *App) PreBlocker(ctx sdk.Context, _ *abci.RequestFinalizeBlock) (*sdk.ResponsePreBlock, error) {
	return app.ModuleManager.PreBlock(ctx)
}

// BeginBlocker runs every module's begin-block logic.
func (app *App) BeginBlocker(ctx sdk.Context) (sdk.BeginBlock, error) {
	return app.ModuleManager.BeginBlock(ctx)
}

// EndBlocker runs every module's end-block logic.
func (app *App) EndBlocker(ctx sdk.Context) (sdk.EndBlock, error) {
	return app.ModuleManager.EndBlock(ctx)
}

// InitChainer initialises every module from the genesis app state.
func (app *App) InitChainer(ctx sdk.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	var genesisState map[string]json.RawMessage
	if err := json.Unmarshal(req.AppStateBytes, &genesisState); err != nil {
		return nil, fmt.Errorf("decode genesis app state: %w", err)
	}
	if err := app.UpgradeKeeper.SetModuleVersionMap(ctx, app.ModuleManager.GetVersionMap()); err != nil {
		return nil, err
	}
	return app.ModuleManager.InitGenesis(ctx, app.appCodec, genesisState)
}

// LoadHeight loads the state committed at height.
func (app *App) LoadHeight(height int64) error { return app.LoadVersion(height) }

// LegacyAmino returns the amino codec, still needed by some SDK clients.
func (app *App) LegacyAmino() *codec.LegacyAmino { return app.legacyAmino }

// AppCodec returns the application's protobuf codec.
func (app *App) AppCodec() codec.Codec { return app.appCodec }

// InterfaceRegistry returns the application's interface registry.
func (app *App) InterfaceRegistry() types.InterfaceRegistry { return app.interfaceRegistry }

// TxConfig returns the application's transaction config.
func (app *App) TxConfig() client.TxConfig { return app.txConfig }

// DefaultGenesis returns the genesis state every new NDI network starts from.
func (app *App) DefaultGenesis() map[string]json.RawMessage {
	return NewDefaultGenesisState(app.appCodec, app.BasicModuleManager)
}

// GetKey returns the store key of a module, for tests.
func (app *App) GetKey(storeKey string) *storetypes.KVStoreKey { return app.keys[storeKey] }

// SimulationManager is not used: NDI Chain runs simulations through simsx.
func (app *App) SimulationManager() *module.SimulationManager { return nil }

// RegisterAPIRoutes registers the REST gateway routes of every module.
func (app *App) RegisterAPIRoutes(apiSvr *api.Server, apiConfig config.APIConfig) {
	clientCtx := apiSvr.ClientCtx
	authtx.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	cmtservice.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	nodeservice.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	app.BasicModuleManager.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	// The W3C DID Resolution binding, beside the REST gateway on the same port.
	// Status lists are dereferenced as did:ndi:…/status/<name>.
	apiSvr.Router.PathPrefix(resolver.IdentifiersPath).Methods(http.MethodGet, http.MethodHead).Handler(
		app.metrics.InstrumentResolver(resolver.NewHandler(didtypes.NewQueryClient(clientCtx),
			resolver.WithPathDereferencer(statuslist.PathPrefix, statuslist.Dereferencer(revocationtypes.NewQueryClient(clientCtx))))))
	// Credential verification for services that prefer HTTP: it trusts this
	// node, and every verdict says so.
	apiSvr.Router.Handle(verifier.VerifyPath, verifier.NewHTTPHandler(func(ctx context.Context) (verifier.Source, error) {
		node, err := clientCtx.GetNode()
		if err != nil {
			return nil, err
		}
		st, err := node.Status(ctx)
		if err != nil {
			return nil, fmt.Errorf("node status: %w", err)
		}
		return verifier.NewNodeSource(clientCtx, "this node's API server", st.SyncInfo.LatestBlockHeight, st.SyncInfo.LatestBlockTime), nil
	}, verifier.DefaultHTTPLimits()))
	// The explorer, a web page for people over the same endpoints; before
	// the swagger routes, which would otherwise not see /explorer/.
	explorerHandler, err := explorer.Handler()
	if err != nil {
		panic(err)
	}
	apiSvr.Router.Path(explorer.RedirectPath).Handler(explorer.Redirect())
	apiSvr.Router.PathPrefix(explorer.Path).Handler(explorerHandler)
	if err := server.RegisterSwaggerAPI(apiSvr.ClientCtx, apiSvr.Router, apiConfig.Swagger); err != nil {
		panic(err)
	}
}

// RegisterGRPCServer registers the query services on server, timing
// x/revocation's (ndi_revocation_query_duration_seconds).
func (app *App) RegisterGRPCServer(server gogogrpc.Server) {
	app.RegisterGRPCServerWithSkipCheckHeader(server, false)
}

// RegisterGRPCServerWithSkipCheckHeader is RegisterGRPCServer with the
// SDK's header check switch; the node's gRPC server registers through it.
func (app *App) RegisterGRPCServerWithSkipCheckHeader(server gogogrpc.Server, skipCheckHeader bool) {
	app.BaseApp.RegisterGRPCServerWithSkipCheckHeader(
		app.metrics.TimeServices(server, revocationtypes.Query_serviceDesc.ServiceName), skipCheckHeader)
}

// RegisterTxService exposes the tx simulate and broadcast services.
func (app *App) RegisterTxService(clientCtx client.Context) {
	authtx.RegisterTxService(app.GRPCQueryRouter(), clientCtx, app.Simulate, app.interfaceRegistry)
}

// RegisterTendermintService exposes the CometBFT query service.
func (app *App) RegisterTendermintService(clientCtx client.Context) {
	cmtservice.RegisterTendermintService(clientCtx, app.GRPCQueryRouter(), app.interfaceRegistry, app.Query)
}

// RegisterNodeService exposes node configuration and status.
func (app *App) RegisterNodeService(clientCtx client.Context, cfg config.Config) {
	nodeservice.RegisterNodeService(clientCtx, app.GRPCQueryRouter(), cfg, func() int64 {
		return app.CommitMultiStore().EarliestVersion()
	})
}

// AutoCliOpts gives autocli every module, so `ndid tx` and `ndid query`
// build their commands from the modules' services.
func (app *App) AutoCliOpts() autocli.AppOptions {
	modules := make(map[string]appmodule.AppModule)
	for name, m := range app.ModuleManager.Modules {
		if am, ok := m.(appmodule.AppModule); ok {
			modules[name] = am
		}
	}
	return autocli.AppOptions{
		Modules:               modules,
		ModuleOptions:         runtimeservices.ExtractAutoCLIOptions(app.ModuleManager.Modules),
		AddressCodec:          authcodec.NewBech32Codec(params.Bech32PrefixAccAddr),
		ValidatorAddressCodec: authcodec.NewBech32Codec(params.Bech32PrefixValAddr),
		ConsensusAddressCodec: authcodec.NewBech32Codec(params.Bech32PrefixConsAddr),
	}
}

// ModuleAccountAddrs returns every module account address.
func ModuleAccountAddrs() map[string]bool {
	addrs := make(map[string]bool, len(moduleAccountPermissions))
	for name := range moduleAccountPermissions {
		addrs[authtypes.NewModuleAddress(name).String()] = true
	}
	return addrs
}

// BlockedAddresses are the accounts bank refuses to send to: every module
// account except gov, which receives deposits.
func BlockedAddresses() map[string]bool {
	blocked := ModuleAccountAddrs()
	delete(blocked, authtypes.NewModuleAddress(govtypes.ModuleName).String())
	return blocked
}

// ModuleAccountPermissions returns a copy of the module account permissions.
func ModuleAccountPermissions() map[string][]string {
	return maps.Clone(moduleAccountPermissions)
}
