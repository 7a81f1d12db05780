package cmd

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	cmtconfig "github.com/cometbft/cometbft/config"
	"github.com/spf13/cobra"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	srvconfig "github.com/cosmos/cosmos-sdk/server/config"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/ndi-chain/ndi/app"
	"github.com/ndi-chain/ndi/app/params"
	"github.com/ndi-chain/ndi/internal/ports"
)

const (
	flagValidatorCount  = "validator-count"
	flagFullNodeCount   = "full-node-count"
	flagOutputDir       = "output-dir"
	flagPortOffset      = "port-offset"
	flagVotingPeriod    = "voting-period"
	flagTimeoutCommit   = "timeout-commit"
	flagValidatorPower  = "validator-power"
	flagMinGasPrices    = "minimum-gas-prices"
	operatorKeyName     = "operator"
	accountFeeTokens    = 1_000_000_000_000
	defaultLocalChainID = "ndi-localnet-1"
)

func newTestnetCmd(basics module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "testnet",
		Short: "Create files for a local multi-node network",
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newTestnetInitFilesCmd(basics), newTestnetPortsCmd())
	return cmd
}

// newTestnetPortsCmd prints the port plan, so scripts (scripts/localnet.sh)
// read the ports init-files uses instead of restating them.
func newTestnetPortsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ports <node-index> [p2p|rpc|prometheus|grpc|api]",
		Short: "Print the ports node <node-index> of a local network listens on (one named port, or all)",
		Example: `ndid testnet ports 0 rpc                  # 26657
ndid testnet ports 2 --port-offset 1000    # p2p=27676 rpc=27677 prometheus=27680 grpc=10110 api=2337`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			i, err := strconv.Atoi(args[0])
			if err != nil || i < 0 {
				return fmt.Errorf("node-index %q: want a whole number ≥ 0", args[0])
			}
			offset, _ := cmd.Flags().GetInt(flagPortOffset)
			plan := ports.For(offset, i)
			if len(args) == 2 {
				p, ok := plan.Named(args[1])
				if !ok {
					return fmt.Errorf("port %q: want p2p, rpc, prometheus, grpc or api", args[1])
				}
				cmd.Println(p)
				return nil
			}
			cmd.Printf("p2p=%d rpc=%d prometheus=%d grpc=%d api=%d\n", plan.P2P, plan.RPC, plan.Prometheus, plan.GRPC, plan.API)
			return nil
		},
	}
	cmd.Flags().Int(flagPortOffset, 0, "added to every port of every node (node i also adds 10·i)")
	return cmd
}

type testnetArgs struct {
	validators, fullNodes int
	outputDir, chainID    string
	portOffset            int
	votingPeriod          time.Duration
	timeoutCommit         time.Duration
	power                 int64
	minGasPrices          string
	keyringBackend        string
}

func newTestnetInitFilesCmd(basics module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init-files",
		Short: "Write the homes of a local network: validators with collected gentxs, optional full nodes, one genesis",
		Long: `Writes <output-dir>/node0 … node{N+M-1}: N validators, then M full nodes. Every home holds a
complete node config, the shared genesis and a test-backend keyring with one funded key named
"operator" (its mnemonic is in key_seed.json). Node i listens on 127.0.0.1 with every standard port
(p2p 26656, RPC 26657, Prometheus 26660, gRPC 9090, REST 1317) shifted by port-offset + 10·i,
and peers with every validator. Start a node with: ndid start --home <output-dir>/node<i>`,
		Example: "ndid testnet init-files --validator-count 4 --output-dir build/localnet --voting-period 60s",
		RunE: func(cmd *cobra.Command, _ []string) error {
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			f := cmd.Flags()
			var a testnetArgs
			a.validators, _ = f.GetInt(flagValidatorCount)
			a.fullNodes, _ = f.GetInt(flagFullNodeCount)
			a.outputDir, _ = f.GetString(flagOutputDir)
			a.chainID, _ = f.GetString(flags.FlagChainID)
			a.portOffset, _ = f.GetInt(flagPortOffset)
			a.votingPeriod, _ = f.GetDuration(flagVotingPeriod)
			a.timeoutCommit, _ = f.GetDuration(flagTimeoutCommit)
			a.power, _ = f.GetInt64(flagValidatorPower)
			a.minGasPrices, _ = f.GetString(flagMinGasPrices)
			a.keyringBackend, _ = f.GetString(flags.FlagKeyringBackend)
			if a.validators < 1 {
				return fmt.Errorf("--%s must be at least 1, got %d", flagValidatorCount, a.validators)
			}
			if a.fullNodes < 0 {
				return fmt.Errorf("--%s must not be negative, got %d", flagFullNodeCount, a.fullNodes)
			}
			if a.power < 1 {
				return fmt.Errorf("--%s must be at least 1, got %d", flagValidatorPower, a.power)
			}
			if a.chainID == "" {
				a.chainID = defaultLocalChainID
			}
			return initTestnetFiles(cmd, clientCtx, basics, a)
		},
	}
	cmd.Flags().Int(flagValidatorCount, 4, "number of validators")
	cmd.Flags().Int(flagFullNodeCount, 0, "number of full (non-validator) nodes, written after the validators")
	cmd.Flags().String(flagOutputDir, "./build/localnet", "directory for the node homes")
	cmd.Flags().String(flags.FlagChainID, defaultLocalChainID, "chain id")
	cmd.Flags().Int(flagPortOffset, 0, "added to every port of every node (node i also adds 10·i)")
	cmd.Flags().Duration(flagVotingPeriod, 60*time.Second, "governance voting period (expedited: half)")
	cmd.Flags().Duration(flagTimeoutCommit, time.Second, "CometBFT timeout_commit (time between blocks)")
	cmd.Flags().Int64(flagValidatorPower, 100, "consensus power of each genesis validator")
	cmd.Flags().String(flagMinGasPrices, "0.001"+params.FeeDenom, "minimum gas prices each node accepts")
	cmd.Flags().String(flags.FlagKeyringBackend, keyring.BackendTest, "keyring backend of the generated keys")
	return cmd
}

// nodeFiles is what init-files learns about one node while writing it.
type nodeFiles struct {
	dir       string
	moniker   string
	nodeID    string
	valPubKey cryptotypes.PubKey
	address   sdk.AccAddress
	config    *cmtconfig.Config
}

func initTestnetFiles(cmd *cobra.Command, clientCtx client.Context, basics module.BasicManager, a testnetArgs) error {
	total := a.validators + a.fullNodes
	gentxsDir := filepath.Join(a.outputDir, "gentxs")
	if err := os.MkdirAll(gentxsDir, 0o755); err != nil {
		return err
	}
	reduction := sdk.DefaultPowerReduction
	bondTokens := reduction.MulRaw(a.power)

	nodes := make([]nodeFiles, total)
	var (
		genAccounts []authtypes.GenesisAccount
		genBalances []banktypes.Balance
	)
	for i := range total {
		n, err := writeNodeHome(cmd, clientCtx, a, i)
		if err != nil {
			return fmt.Errorf("node%d: %w", i, err)
		}
		nodes[i] = n
		coins := sdk.NewCoins(sdk.NewCoin(params.FeeDenom, sdkmath.NewInt(accountFeeTokens)))
		if i < a.validators {
			coins = coins.Add(sdk.NewCoin(params.BondDenom, bondTokens))
		}
		addrStr, err := clientCtx.TxConfig.SigningContext().AddressCodec().BytesToString(n.address)
		if err != nil {
			return err
		}
		genAccounts = append(genAccounts, authtypes.NewBaseAccount(n.address, nil, 0, 0))
		genBalances = append(genBalances, banktypes.Balance{Address: addrStr, Coins: coins})
		if i < a.validators {
			if err := writeGentx(cmd, clientCtx, a, n, bondTokens, gentxsDir, i); err != nil {
				return fmt.Errorf("node%d gentx: %w", i, err)
			}
		}
	}

	appState, err := localnetAppState(clientCtx, basics, genAccounts, genBalances, a.votingPeriod)
	if err != nil {
		return err
	}
	genTime := time.Now().UTC().Truncate(time.Second)
	if err := collectGenesis(clientCtx, nodes, a, appState, gentxsDir, genTime); err != nil {
		return err
	}
	cmd.PrintErrf("Wrote %d validator and %d full-node homes under %s (chain-id %s)\n", a.validators, a.fullNodes, a.outputDir, a.chainID)
	return nil
}

// writeNodeHome writes config.toml, app.toml, the node and validator keys
// and the operator key of node i.
func writeNodeHome(cmd *cobra.Command, clientCtx client.Context, a testnetArgs, i int) (nodeFiles, error) {
	moniker := "node" + strconv.Itoa(i)
	dir := filepath.Join(a.outputDir, moniker)
	if err := os.MkdirAll(filepath.Join(dir, "config"), 0o755); err != nil {
		return nodeFiles{}, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return nodeFiles{}, err
	}
	plan := ports.For(a.portOffset, i)

	// A fresh config per node: cmtconfig.Config holds its sections by
	// pointer, so copying one would make every node share them.
	cfg := initCometConfig()
	cfg.SetRoot(dir)
	cfg.Moniker = moniker
	cfg.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", plan.P2P)
	cfg.P2P.AddrBookStrict = false
	cfg.P2P.AllowDuplicateIP = true
	cfg.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", plan.RPC)
	cfg.RPC.PprofListenAddress = ""
	cfg.ProxyApp = fmt.Sprintf("tcp://127.0.0.1:%d", plan.RPC+1)
	cfg.Instrumentation.Prometheus = true
	cfg.Instrumentation.PrometheusListenAddr = fmt.Sprintf("127.0.0.1:%d", plan.Prometheus)
	cfg.Consensus.TimeoutCommit = a.timeoutCommit

	nodeID, valPubKey, err := genutil.InitializeNodeValidatorFiles(cfg)
	if err != nil {
		return nodeFiles{}, err
	}

	appCfg := srvconfig.DefaultConfig()
	appCfg.MinGasPrices = a.minGasPrices
	appCfg.API.Enable = true
	appCfg.API.Address = fmt.Sprintf("tcp://127.0.0.1:%d", plan.API)
	appCfg.GRPC.Enable = true
	appCfg.GRPC.Address = fmt.Sprintf("127.0.0.1:%d", plan.GRPC)
	appCfg.GRPCWeb.Enable = false
	// The SDK's go-metrics (tx, query, begin/end block, runtime) join
	// CometBFT's and ndi_ on the Prometheus port and the API server's
	// /metrics?format=prometheus. Deprecated for OpenTelemetry, whose
	// Prometheus exporter needs its own port and an otel.yaml; this is the
	// path v0.55 still serves on the shared registry.
	appCfg.Telemetry.Enabled = true                //nolint:staticcheck // see above
	appCfg.Telemetry.PrometheusRetentionTime = 600 //nolint:staticcheck // see above
	srvconfig.WriteConfigFile(filepath.Join(dir, "config", "app.toml"), appCfg)

	kb, err := keyring.New(sdk.KeyringServiceName(), a.keyringBackend, dir, bufio.NewReader(cmd.InOrStdin()), clientCtx.Codec)
	if err != nil {
		return nodeFiles{}, err
	}
	addr, secret, err := testutil.GenerateSaveCoinKey(kb, operatorKeyName, "", true, hd.Secp256k1)
	if err != nil {
		return nodeFiles{}, err
	}
	addrStr, err := clientCtx.TxConfig.SigningContext().AddressCodec().BytesToString(addr)
	if err != nil {
		return nodeFiles{}, err
	}
	seed, err := json.MarshalIndent(map[string]string{"address": addrStr, "secret": secret}, "", "  ")
	if err != nil {
		return nodeFiles{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, "key_seed.json"), seed, 0o600); err != nil {
		return nodeFiles{}, err
	}
	// client.toml, so CLI commands run with --home talk to this node.
	clientToml := fmt.Sprintf("chain-id = %q\nkeyring-backend = %q\noutput = \"text\"\nnode = \"tcp://127.0.0.1:%d\"\nbroadcast-mode = \"sync\"\n",
		a.chainID, a.keyringBackend, plan.RPC)
	if err := os.WriteFile(filepath.Join(dir, "config", "client.toml"), []byte(clientToml), 0o644); err != nil {
		return nodeFiles{}, err
	}
	return nodeFiles{dir: dir, moniker: moniker, nodeID: nodeID, valPubKey: valPubKey, address: addr, config: cfg}, nil
}

// writeGentx signs node i's MsgCreateValidator. Its memo carries the node's
// p2p address, which collect-gentxs turns into persistent peers.
func writeGentx(cmd *cobra.Command, clientCtx client.Context, a testnetArgs, n nodeFiles, bondTokens sdkmath.Int, gentxsDir string, i int) error {
	valStr, err := clientCtx.TxConfig.SigningContext().ValidatorAddressCodec().BytesToString(n.address)
	if err != nil {
		return err
	}
	msg, err := stakingtypes.NewMsgCreateValidator(
		valStr, n.valPubKey, sdk.NewCoin(params.BondDenom, bondTokens),
		stakingtypes.NewDescription(n.moniker, "", "", "", ""),
		stakingtypes.NewCommissionRates(sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()),
		sdkmath.OneInt(),
	)
	if err != nil {
		return err
	}
	memo := fmt.Sprintf("%s@127.0.0.1:%d", n.nodeID, ports.For(a.portOffset, i).P2P)
	kb, err := keyring.New(sdk.KeyringServiceName(), a.keyringBackend, n.dir, bufio.NewReader(cmd.InOrStdin()), clientCtx.Codec)
	if err != nil {
		return err
	}
	txBuilder := clientCtx.TxConfig.NewTxBuilder()
	if err := txBuilder.SetMsgs(msg); err != nil {
		return err
	}
	txBuilder.SetMemo(memo)
	txf := tx.Factory{}.WithChainID(a.chainID).WithMemo(memo).WithKeybase(kb).WithTxConfig(clientCtx.TxConfig)
	if err := tx.Sign(cmd.Context(), txf, operatorKeyName, txBuilder, true); err != nil {
		return err
	}
	bz, err := clientCtx.TxConfig.TxJSONEncoder()(txBuilder.GetTx())
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(gentxsDir, n.moniker+".json"), bz, 0o644)
}

// localnetAppState is NDI's default genesis with the generated accounts and
// a short voting period.
func localnetAppState(clientCtx client.Context, basics module.BasicManager, accounts []authtypes.GenesisAccount, balances []banktypes.Balance, voting time.Duration) (json.RawMessage, error) {
	cdc := clientCtx.Codec
	state := app.NewDefaultGenesisState(cdc, basics)

	var authGen authtypes.GenesisState
	cdc.MustUnmarshalJSON(state[authtypes.ModuleName], &authGen)
	packed, err := authtypes.PackAccounts(accounts)
	if err != nil {
		return nil, err
	}
	authGen.Accounts = packed
	state[authtypes.ModuleName] = cdc.MustMarshalJSON(&authGen)

	var bankGen banktypes.GenesisState
	cdc.MustUnmarshalJSON(state[banktypes.ModuleName], &bankGen)
	bankGen.Balances = append(bankGen.Balances, balances...)
	bankGen.Balances = banktypes.SanitizeGenesisBalances(bankGen.Balances)
	bankGen.Supply = nil // recomputed by bank from the balances
	state[banktypes.ModuleName] = cdc.MustMarshalJSON(&bankGen)

	state = app.WithVotingPeriod(cdc, state, voting)
	return json.MarshalIndent(state, "", "  ")
}

// collectGenesis writes one genesis into every home, with the gentxs of all
// validators delivered in it and every node peered with the validators.
func collectGenesis(clientCtx client.Context, nodes []nodeFiles, a testnetArgs, appState json.RawMessage, gentxsDir string, genTime time.Time) error {
	genesis := genutiltypes.NewAppGenesisWithVersion(a.chainID, appState)
	if err := genesis.ValidateAndComplete(); err != nil {
		return err
	}
	for _, n := range nodes {
		if err := genutil.ExportGenesisFileWithTime(n.config.GenesisFile(), genesis, genTime); err != nil {
			return err
		}
	}
	var collected json.RawMessage
	var peers string
	valAddrCodec := clientCtx.TxConfig.SigningContext().ValidatorAddressCodec()
	for i, n := range nodes {
		if i >= a.validators {
			break
		}
		initCfg := genutiltypes.NewInitConfig(a.chainID, gentxsDir, n.nodeID, n.valPubKey)
		appGenesis, err := genutiltypes.AppGenesisFromFile(n.config.GenesisFile())
		if err != nil {
			return err
		}
		state, err := genutil.GenAppStateFromConfig(clientCtx.Codec, clientCtx.TxConfig, n.config, initCfg, appGenesis,
			banktypes.GenesisBalancesIterator{}, genutiltypes.DefaultMessageValidator, valAddrCodec)
		if err != nil {
			return fmt.Errorf("collect gentxs for %s: %w", n.moniker, err)
		}
		if collected == nil {
			collected = state
			// GenAppStateFromConfig set this node's peers to every other
			// validator's gentx memo; full nodes get those plus this node.
			peers = n.config.P2P.PersistentPeers
		}
	}
	allValidatorPeers := peers
	if a.validators > 0 {
		allValidatorPeers = joinPeers(peers, fmt.Sprintf("%s@127.0.0.1:%d", nodes[0].nodeID, ports.For(a.portOffset, 0).P2P))
	}
	final := genutiltypes.NewAppGenesisWithVersion(a.chainID, collected)
	final.Consensus = &genutiltypes.ConsensusGenesis{Params: app.DefaultConsensusParams()}
	if err := final.ValidateAndComplete(); err != nil {
		return err
	}
	for i, n := range nodes {
		if err := genutil.ExportGenesisFileWithTime(n.config.GenesisFile(), final, genTime); err != nil {
			return err
		}
		if i >= a.validators {
			n.config.P2P.PersistentPeers = allValidatorPeers
		}
		cmtconfig.WriteConfigFile(filepath.Join(n.dir, "config", "config.toml"), n.config)
	}
	return nil
}

func joinPeers(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	default:
		return a + "," + b
	}
}
