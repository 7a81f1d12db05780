#!/usr/bin/env bash
# Run a local 4-validator NDI network on 127.0.0.1.
#
#   scripts/localnet.sh start    build build/ndid, write build/localnet/node0..3 afresh, start them
#   scripts/localnet.sh status   show each node's state and height
#   scripts/localnet.sh stop     stop the nodes started by `start`
#
# Node i listens on the standard ports + 10*i (RPC 26657, gRPC 9090, REST 1317,
# p2p 26656, Prometheus 26660), logs to build/localnet/node<i>/node.log and
# records its PID in build/localnet/node<i>/ndid.pid. LOCALNET_VOTING_PERIOD sets the
# governance voting period (default 60s). LOCALNET_FULL_NODES=n (default 0) adds n
# non-validator full nodes, node4 onwards, for query traffic kept off the validators.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/build/ndid"
NET="$ROOT/build/localnet"
VALIDATORS=4
FULL_NODES="${LOCALNET_FULL_NODES:-0}"
CHAIN_ID="ndi-localnet-1"
START_TIMEOUT=90 # seconds until node0 must report height >= 2
STOP_TIMEOUT=15  # seconds between SIGTERM and SIGKILL

die() {
	echo "localnet: $*" >&2
	exit 1
}

# role INDEX: "validator" or "full node".
role() {
	if (($1 < VALIDATORS)); then echo validator; else echo "full node"; fi
}

# node homes, in index order
homes() {
	local i=0
	while [[ -d "$NET/node$i" ]]; do
		echo "$NET/node$i"
		i=$((i + 1))
	done
}

# The port plan is defined once, in Go (internal/ports); ask the binary.
rpc_port() { "$BIN" testnet ports "$1" rpc; }
grpc_port() { "$BIN" testnet ports "$1" grpc; }
api_port() { "$BIN" testnet ports "$1" api; }

# live_pid HOME: prints the PID in HOME/ndid.pid if that process is alive and
# is this home's ndid (a PID reused by another program does not count).
live_pid() {
	local home="$1" pid args
	[[ -f "$home/ndid.pid" ]] || return 1
	pid="$(tr -dc '0-9' <"$home/ndid.pid")"
	[[ -n "$pid" ]] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	args="$(ps -o args= -p "$pid" 2>/dev/null || true)"
	[[ "$args" == *ndid* && "$args" == *"--home $home"* ]] || return 1
	echo "$pid"
}

# height INDEX: prints node INDEX's latest block height, or nothing.
height() {
	local out
	out="$(timeout 5 "$BIN" status --node "tcp://127.0.0.1:$(rpc_port "$1")" 2>/dev/null || true)"
	sed -n 's/.*"latest_block_height":"\{0,1\}\([0-9]*\).*/\1/p' <<<"$out" | head -n 1
}

cmd_start() {
	local home pid i
	[[ "$FULL_NODES" =~ ^[0-9]+$ ]] || die "LOCALNET_FULL_NODES must be a non-negative integer, got '$FULL_NODES'"
	if [[ -d "$NET" ]]; then
		while read -r home; do
			if pid="$(live_pid "$home")"; then
				die "already running ($(basename "$home") has pid $pid); run: scripts/localnet.sh stop"
			fi
		done < <(homes)
	fi

	echo "Building $BIN ..."
	# The same flags as `make build`: release and commit in `ndid version`.
	(cd "$ROOT" && go build -trimpath -ldflags "$(bash scripts/ldflags.sh)" -o build/ndid ./cmd/ndid)

	rm -rf "$NET"
	"$BIN" testnet init-files --validator-count "$VALIDATORS" --output-dir "$NET" \
		--chain-id "$CHAIN_ID" --voting-period "${LOCALNET_VOTING_PERIOD:-60s}" \
		--full-node-count "$FULL_NODES"

	i=0
	while read -r home; do
		nohup "$BIN" start --home "$home" --log_no_color >"$home/node.log" 2>&1 </dev/null &
		echo "$!" >"$home/ndid.pid"
		echo "Started node$i, $(role "$i") (pid $!)"
		i=$((i + 1))
	done < <(homes)

	printf 'Waiting for node0 to reach height 2 '
	local h="" deadline=$((SECONDS + START_TIMEOUT))
	while :; do
		while read -r home; do
			if ! live_pid "$home" >/dev/null; then
				echo
				echo "localnet: $(basename "$home") exited; last lines of $home/node.log:" >&2
				tail -n 30 "$home/node.log" >&2 || true
				cmd_stop >/dev/null
				exit 1
			fi
		done < <(homes)
		h="$(height 0)"
		if [[ -n "$h" && "$h" -ge 2 ]]; then
			break
		fi
		if ((SECONDS >= deadline)); then
			echo
			echo "localnet: node0 did not reach height 2 within ${START_TIMEOUT}s (height: ${h:-none}); see $NET/node0/node.log" >&2
			cmd_stop >/dev/null
			exit 1
		fi
		printf '%s' "${h:-.}"
		[[ -n "$h" ]] && printf ' '
		sleep 1
	done
	echo " height $h"
	echo
	echo "Localnet $CHAIN_ID is running: $VALIDATORS validators, power 100 each, and $FULL_NODES full nodes."
	i=0
	while read -r home; do
		printf 'node%d  %-9s  RPC tcp://127.0.0.1:%d  gRPC 127.0.0.1:%d  REST http://127.0.0.1:%d  log %s\n' \
			"$i" "$(role "$i")" "$(rpc_port "$i")" "$(grpc_port "$i")" "$(api_port "$i")" "${home#"$ROOT"/}/node.log"
		i=$((i + 1))
	done < <(homes)
	cat <<EOF

Try:
  build/ndid query poa validators --node tcp://127.0.0.1:$(rpc_port 0)
  build/ndid status --node tcp://127.0.0.1:$(rpc_port 0)
  build/ndid tx bank send operator <ndi1...> 1000undi --from operator --home build/localnet/node0 --fees 2000undi --yes
  grpcurl -plaintext 127.0.0.1:$(grpc_port 0) list
  curl -s http://127.0.0.1:$(api_port 0)/cosmos/base/tendermint/v1beta1/blocks/latest
Each node home has a funded key "operator" (keyring-backend test, mnemonic in key_seed.json).
Stop with: scripts/localnet.sh stop
EOF
}

cmd_stop() {
	local home pid pids=() homes_running=()
	if [[ ! -d "$NET" ]]; then
		echo "No localnet at $NET."
		return 0
	fi
	while read -r home; do
		if pid="$(live_pid "$home")"; then
			kill -TERM "$pid" 2>/dev/null || true
			pids+=("$pid")
			homes_running+=("$home")
			echo "Stopping $(basename "$home") (pid $pid)"
		elif [[ -f "$home/ndid.pid" ]]; then
			echo "$(basename "$home"): not running (removing stale pid file)"
			rm -f "$home/ndid.pid"
		fi
	done < <(homes)
	if ((${#pids[@]} == 0)); then
		echo "Localnet is not running."
		return 0
	fi

	local deadline=$((SECONDS + STOP_TIMEOUT)) alive n
	while :; do
		alive=()
		for n in "${!homes_running[@]}"; do
			if live_pid "${homes_running[$n]}" >/dev/null; then
				alive+=("$n")
			fi
		done
		((${#alive[@]} == 0)) && break
		if ((SECONDS >= deadline)); then
			for n in "${alive[@]}"; do
				echo "$(basename "${homes_running[$n]}") did not exit after ${STOP_TIMEOUT}s; sending SIGKILL"
				kill -KILL "${pids[$n]}" 2>/dev/null || true
			done
			sleep 1
			break
		fi
		sleep 0.5
	done
	for n in "${!homes_running[@]}"; do
		if live_pid "${homes_running[$n]}" >/dev/null; then
			die "$(basename "${homes_running[$n]}") (pid ${pids[$n]}) is still running"
		fi
		rm -f "${homes_running[$n]}/ndid.pid"
	done
	echo "Localnet stopped."
}

cmd_status() {
	local home pid i=0 h
	if [[ ! -d "$NET" ]]; then
		echo "No localnet at $NET (run: scripts/localnet.sh start)."
		return 0
	fi
	while read -r home; do
		if pid="$(live_pid "$home")"; then
			h="$(height "$i")"
			printf 'node%d  %-9s  running (pid %s)  height %s  RPC tcp://127.0.0.1:%d\n' "$i" "$(role "$i")" "$pid" "${h:-?}" "$(rpc_port "$i")"
		else
			printf 'node%d  %-9s  stopped\n' "$i" "$(role "$i")"
		fi
		i=$((i + 1))
	done < <(homes)
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*)
	echo "usage: $0 start|stop|status" >&2
	exit 2
	;;
esac
