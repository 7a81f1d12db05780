#!/usr/bin/env bash
# The whole NDI Chain story against a running localnet (make localnet), told
# step by step and checked as it goes:
#
#   1. DID keys and DIDs for a trust anchor (the Ministry of Education), an
#      accreditation body (the National Accreditation Agency), a university
#      and a citizen;
#   2. a governance proposal making the Ministry a trust anchor, voted by
#      every validator operator;
#   3. a credential type, <ministry>/types/university-degree;
#   4. the chain Ministry -> Agency (ACCREDITOR) -> University (ISSUER);
#   5. a revocation list and a suspension list for the university;
#   6. 10,000 scattered indices revoked from a file;
#   7. one credential suspended, then reinstated;
#   8. what a verifier sees: DID resolution over HTTP, verify-issuer,
#      CredentialStatus over gRPC, the status list credential over HTTP
#      decoded and compared with the file bit for bit, and the status at a
#      time before the revocation;
#   9. the university issues the citizen a degree, as a VC-JOSE-COSE JWS and
#      with a Data Integrity proof (eddsa-jcs-2022), and the CLI refuses one
#      that would not verify;
#  10. a verifier that trusts no node: a light client from the genesis file
#      (node1 witnessing), both credentials verified valid with every chain
#      answer proven, timed; and the API server's verdict for comparison;
#  11. the university revokes the degree: verified again, invalid (revoked);
#  12. a lying proxy in front of node0 flips a bit in the revocation store's
#      answers: the light-mode verifier refuses the answer (undecided, not
#      fooled). Needs go to build the proxy (skipped with a note without).
#
# Any unexpected answer stops the demo with a non-zero exit, printing what
# was expected and what came.
#
# Environment (defaults in brackets):
#   NDID         ndid binary [build/ndid]
#   NODE_HOMES   space-separated validator homes, node0 first [build/localnet/node0 … node3];
#                each holds a funded "operator" key (keyring-backend test)
#   RPC          CometBFT RPC of node0 [tcp://127.0.0.1:26657]
#   API          REST / DID resolution server [http://127.0.0.1:1317]
#   GRPC         gRPC server [127.0.0.1:9090]
#   CHAIN_ID     chain id [read from node0's config/client.toml]
#   VOTING_WAIT  max seconds to wait for the proposal to pass [120]
#   DEMO_DIR     scratch directory, recreated each run [build/demo]
#   NDID_DID_KEY_PASSPHRASE_FILE  passphrase file of the demo's DID keys, which are
#                encrypted like any others [a random one in DEMO_DIR, mode 0600]
#   GRPCURL      grpcurl binary [build/tools/grpcurl if present; else the CLI over gRPC]
#
# Needs bash, curl and coreutils; gzip and base64 for the bit-for-bit check,
# go to build the lying proxy of step 12 (each skipped with a note when
# missing). No jq, no python.
set -euo pipefail
shopt -s inherit_errexit

# Defaults live in the repository; paths given in the environment are taken
# as they are (relative to the current directory).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

NDID="${NDID:-$ROOT/build/ndid}"
NODE_HOMES="${NODE_HOMES:-$ROOT/build/localnet/node0 $ROOT/build/localnet/node1 $ROOT/build/localnet/node2 $ROOT/build/localnet/node3}"
RPC="${RPC:-tcp://127.0.0.1:26657}"
API="${API:-http://127.0.0.1:1317}"
GRPC="${GRPC:-127.0.0.1:9090}"
VOTING_WAIT="${VOTING_WAIT:-120}"
DEMO_DIR="${DEMO_DIR:-$ROOT/build/demo}"
GRPCURL="${GRPCURL:-$ROOT/build/tools/grpcurl}"
API="${API%/}"

read -r -a HOMES <<<"$NODE_HOMES"
H0="${HOMES[0]:-}"

# ---------------------------------------------------------------- output ---

START=$SECONDS
STEP=0
heading() {
	STEP=$((STEP + 1))
	printf '\n== %d. %s\n' "$STEP" "$*"
}
say() { printf '   %s\n' "$*"; }
ok() { printf '   ok: %s\n' "$*"; }

die() {
	printf '\ndemo: FAILED: %s\n' "$1" >&2
	shift
	local line
	for line in "$@"; do
		[[ -n "$line" ]] && printf '%s\n' "$line" | sed 's/^/   | /' >&2
	done
	exit 1
}

trap 'rc=$?; printf "\ndemo: FAILED (exit %d) at line %d: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2' ERR

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	if [[ "$2" != "$3" ]]; then
		die "$1" "expected: $2" "got:      $3"
	fi
	ok "$1: $3"
}

# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() {
	if [[ "$3" != *"$2"* ]]; then
		die "$1" "expected to contain: $2" "got: $(printf '%s' "$3" | head -c 3000)"
	fi
	ok "$1"
}

# ------------------------------------------------------------------ JSON ---
# ndid prints JSON either compact or indented; flatten it and pick fields
# with sed. Good enough for the scalar fields read here.

flat() { tr -d '\n' | sed 's/": */":/g'; }

# json_str FIELD: the first "FIELD":"value" (string) in stdin.
json_str() { flat | grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | sed "s/^\"$1\":\"//; s/\"\$//" || true; }

# json_val FIELD: the first "FIELD":value (number, bool, or quoted number) in stdin.
json_val() { flat | grep -o "\"$1\":[^,}]*" | head -n 1 | sed "s/^\"$1\"://; s/\"//g; s/ *\$//" || true; }

# ------------------------------------------------------------------- CLI ---

ERR_LOG=""

# ndid ARGS...: run the binary, stderr to a log; on failure show both.
ndid() {
	local out rc=0
	out="$("$NDID" "$@" 2>"$ERR_LOG")" || rc=$?
	if ((rc != 0)); then
		die "ndid $* (exit $rc)" "$(cat "$ERR_LOG")" "$out"
	fi
	printf '%s\n' "$out"
}

q() { ndid query "$@" --node "$RPC"; }

# wait_tx HASH: wait for the transaction to be in a block; it must have
# succeeded. Leaves the `query tx` JSON in $DEMO_DIR/tx.json and sets
# TX_HEIGHT and TX_TIME.
TX_HEIGHT="" TX_TIME=""
wait_tx() {
	local hash="$1" out code deadline=$((SECONDS + 60))
	while :; do
		if out="$("$NDID" query tx "$hash" --node "$RPC" -o json 2>/dev/null)" && [[ -n "$out" ]]; then
			break
		fi
		((SECONDS < deadline)) || die "tx $hash was not in a block after 60s"
		sleep 0.5
	done
	printf '%s\n' "$out" >"$DEMO_DIR/tx.json"
	code="$(json_val code <<<"$out")"
	if [[ "$code" != 0 ]]; then
		die "tx $hash failed in block $(json_val height <<<"$out") with code $code" "$(json_str raw_log <<<"$out")"
	fi
	TX_HEIGHT="$(json_val height <<<"$out")"
	TX_TIME="$(json_str timestamp <<<"$out")"
}

# tx HOME ARGS...: `ndid tx ARGS` paid by HOME's operator, broadcast to node0,
# waited for. Sets TX_HASH, TX_HEIGHT, TX_TIME.
TX_HASH=""
tx() {
	local home="$1" out code
	shift
	out="$(ndid tx "$@" --from operator --home "$home" --keyring-backend test --node "$RPC" \
		--chain-id "$CHAIN_ID" --gas auto --gas-adjustment 1.5 --gas-prices 0.002undi --yes -o json)"
	out="$(grep '^{' <<<"$out" | tail -n 1)"
	code="$(json_val code <<<"$out")"
	if [[ "$code" != 0 ]]; then
		die "ndid tx $* refused at CheckTx (code ${code:-?})" "$(json_str raw_log <<<"$out")" "$(cat "$ERR_LOG")"
	fi
	TX_HASH="$(json_str txhash <<<"$out")"
	[[ -n "$TX_HASH" ]] || die "ndid tx $*: no txhash" "$out"
	wait_tx "$TX_HASH"
}

short() { printf '%s…' "${1:0:10}"; }

# event_attr TYPE KEY: the first value of attribute KEY of an event TYPE in tx.json.
event_attr() {
	flat <"$DEMO_DIR/tx.json" | grep -o "\"type\":\"$1\",\"attributes\":\[[^]]*\]" |
		grep -o "\"key\":\"$2\",\"value\":\"[^\"]*\"" | head -n 1 | sed 's/.*"value":"//; s/"$//' || true
}

# is_set JSON: "true" or "false" for a CredentialStatus answer; the CLI
# leaves "set" out when it is false (proto3 JSON omits default values).
is_set() {
	local v
	v="$(json_val set)"
	printf '%s\n' "${v:-false}"
}

# block_time: node0's latest block time, RFC 3339 with fraction.
block_time() { "$NDID" status --node "$RPC" 2>/dev/null | json_str latest_block_time; }
epoch() { date -u -d "$1" +%s; }
rfc3339() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# wait_height H: wait until node0 has made block H.
wait_height() {
	local h deadline=$((SECONDS + 60))
	while :; do
		h="$("$NDID" status --node "$RPC" 2>/dev/null | json_val latest_block_height)"
		[[ -n "$h" ]] && (($1 <= h)) && return 0
		((SECONDS < deadline)) || die "node0 did not reach height $1 within 60s (at ${h:-?})"
		sleep 0.5
	done
}

# verify_light FILE ARGS...: `ndid credential verify FILE` in light mode
# against node0 (a later --node in ARGS wins), timed. Sets OUT (stdout and
# stderr), RC (the exit code: 0 valid, 1 invalid, 2 undecided) and MS.
OUT="" RC=0 MS=0
verify_light() {
	local t0 t1
	t0="$(date +%s%N)"
	RC=0
	OUT="$("$NDID" credential verify "$1" --verifier-home "$VHOME" --node "$RPC" "${@:2}" 2>&1)" || RC=$?
	t1="$(date +%s%N)"
	MS=$(((t1 - t0) / 1000000))
}

# verdict_of TEXT: the verdict line of `ndid credential verify`'s text output.
verdict_of() { grep '^verdict' <<<"$1" | tr -s ' ' || true; }

# The lying proxy of step 12 runs in the background; it never outlives the
# demo, whatever way the demo ends.
PROXY_PID=""
stop_proxy() {
	if [[ -n "$PROXY_PID" ]]; then
		kill "$PROXY_PID" 2>/dev/null || true
		wait "$PROXY_PID" 2>/dev/null || true
		PROXY_PID=""
	fi
}

# ----------------------------------------------------------------- setup ---

if [[ "$NDID" != */* ]] && command -v "$NDID" >/dev/null; then
	NDID="$(command -v "$NDID")"
fi
[[ -x "$NDID" ]] || die "no ndid binary at $NDID (run: make build, or set NDID)"
[[ -n "$H0" && -d "$H0" ]] || die "node0 home '$H0' does not exist (run: make localnet, or set NODE_HOMES)"
command -v curl >/dev/null || die "curl is needed"
if [[ -z "${CHAIN_ID:-}" ]]; then
	CHAIN_ID="$(sed -n 's/^chain-id *= *"\(.*\)"/\1/p' "$H0/config/client.toml" 2>/dev/null | head -n 1)"
	[[ -n "$CHAIN_ID" ]] || die "no chain-id in $H0/config/client.toml; set CHAIN_ID"
fi

case "$(cd "$DEMO_DIR" 2>/dev/null && pwd || echo "$DEMO_DIR")" in
"" | / | "$ROOT" | "$HOME" | "$PWD") die "DEMO_DIR=$DEMO_DIR would wipe more than a scratch directory" ;;
esac
rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"
DEMO_DIR="$(cd "$DEMO_DIR" && pwd)"
ERR_LOG="$DEMO_DIR/stderr.log"
: >"$ERR_LOG"

# DID keys are encrypted at rest (docs/did-keys.md). Every ndid command that
# opens one reads the passphrase from the file this variable names, so the
# demo runs unattended; its own passphrase is random and never leaves a 0600
# file in the scratch directory.
if [[ -z "${NDID_DID_KEY_PASSPHRASE_FILE:-}" ]]; then
	NDID_DID_KEY_PASSPHRASE_FILE="$DEMO_DIR/did-key-passphrase"
	(umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$NDID_DID_KEY_PASSPHRASE_FILE")
fi
export NDID_DID_KEY_PASSPHRASE_FILE

# A run suffix keeps the DID key names of every run apart.
RUN="$(date +%s)"
while [[ -e "$H0/did-keys/demo-$RUN-ministry.json" ]] || "$NDID" did keys list --home "$H0" 2>/dev/null | grep -q "^demo-$RUN-"; do
	RUN=$((RUN + 1))
done
NS="$(q did params -o json | json_str namespace)"
[[ -n "$NS" ]] || die "could not read the DID namespace (is the chain at $RPC running?)"
H_START="$("$NDID" status --node "$RPC" 2>/dev/null | json_val latest_block_height)"

printf 'NDI Chain demo — run %s on chain %s (node %s, API %s, gRPC %s)\n' "$RUN" "$CHAIN_ID" "$RPC" "$API" "$GRPC"
printf 'height %s, DID namespace "%s", %d validator operators, scratch dir %s\n' "$H_START" "$NS" "${#HOMES[@]}" "$DEMO_DIR"

# ------------------------------------------------------------- 1. DIDs ---

heading "DID keys and DIDs (keys kept in $H0/did-keys)"
declare -A KEY DID
for who in ministry agency university citizen; do
	KEY[$who]="demo-$RUN-$who"
	ndid did keys generate "${KEY[$who]}" --home "$H0" >/dev/null
	DID[$who]="$(ndid did document "${KEY[$who]}" --home "$H0" --namespace "$NS" | json_str id)"
	[[ "${DID[$who]}" == "did:ndi:$NS:"* ]] || die "did document ${KEY[$who]}: no DID" "${DID[$who]}"
	tx "$H0" did create --key "${KEY[$who]}"
	printf '   %-38s %s  (height %s)\n' "$(case $who in
		ministry) echo "Ministry of Education (trust anchor)" ;;
		agency) echo "National Accreditation Agency" ;;
		university) echo "National University (issuer)" ;;
		citizen) echo "a citizen" ;;
		esac)" "${DID[$who]}" "$TX_HEIGHT"
done
MIN="${DID[ministry]}" AGENCY="${DID[agency]}" UNI="${DID[university]}" CITIZEN="${DID[citizen]}"
expect_eq "citizen DID resolves on chain" "$CITIZEN" "$(q did resolve "$CITIZEN" -o json | json_str id)"

# ------------------------------------------------------- 2. governance ---

heading "Governance: register the Ministry of Education as a trust anchor"
tx "$H0" accreditation register-trust-anchor-proposal "$MIN" --scope all \
	--title "Ministry of Education as trust anchor ($RUN)" \
	--summary "Root of trust for education credentials" --description "Ministry of Education" \
	--deposit 10000000undi
PROPOSAL="$(event_attr submit_proposal proposal_id)"
[[ -n "$PROPOSAL" ]] || die "no submit_proposal.proposal_id event in tx $TX_HASH" "$(head -c 2000 "$DEMO_DIR/tx.json")"
SUBMITTED=$SECONDS
say "proposal $PROPOSAL submitted by node0's operator (tx $(short "$TX_HASH"), height $TX_HEIGHT)"
i=0
for home in "${HOMES[@]}"; do
	tx "$home" gov vote "$PROPOSAL" yes
	say "node$i's operator votes yes (height $TX_HEIGHT)"
	i=$((i + 1))
done
printf '   waiting for the voting period to end (at most %ss): ' "$VOTING_WAIT"
while :; do
	STATUS="$(q gov proposal "$PROPOSAL" -o json | json_str status)"
	case "$STATUS" in
	PROPOSAL_STATUS_PASSED) break ;;
	PROPOSAL_STATUS_REJECTED | PROPOSAL_STATUS_FAILED)
		echo
		die "proposal $PROPOSAL: $STATUS" "$(q gov proposal "$PROPOSAL" -o json | head -c 3000)"
		;;
	esac
	if ((SECONDS - SUBMITTED >= VOTING_WAIT)); then
		echo
		die "proposal $PROPOSAL still ${STATUS:-unknown} after ${VOTING_WAIT}s (VOTING_WAIT)"
	fi
	printf '%ss ' "$((SECONDS - SUBMITTED))"
	sleep 5
done
echo "passed after $((SECONDS - SUBMITTED))s"
ANCHOR="$(q accreditation trust-anchor "$MIN" -o json)"
expect_eq "the Ministry is an active trust anchor" "true" "$(json_val active <<<"$ANCHOR")"
expect_eq "its scope" "true" "$(json_val all_types <<<"$ANCHOR")"

# ---------------------------------------------------- 3. credential type ---

heading "The Ministry defines a credential type"
cat >"$DEMO_DIR/university-degree.schema.json" <<'JSON'
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "University degree",
  "type": "object",
  "properties": {
    "credentialSubject": {
      "type": "object",
      "properties": {"degree": {"type": "string"}, "awarded": {"type": "string", "format": "date"}},
      "required": ["degree", "awarded"]
    }
  }
}
JSON
tx "$H0" accreditation register-type "$MIN" university-degree \
	--vc-type VerifiableCredential,UniversityDegreeCredential \
	--schema-uri https://schemas.education.example.gov/university-degree.json \
	--schema-file "$DEMO_DIR/university-degree.schema.json" \
	--description "A degree awarded by an accredited university" --key "${KEY[ministry]}"
TYPE="$MIN/types/university-degree"
CT="$(q accreditation credential-type "$TYPE" -o json)"
expect_eq "credential type registered" "$TYPE" "$(json_str id <<<"$CT")"
say "schema digest $(json_str schema_digest <<<"$CT") (sha256 of the schema file)"

# ------------------------------------------------------- 4. accreditation ---

heading "Accreditation chain: Ministry -> Agency (ACCREDITOR) -> University (ISSUER)"
tx "$H0" accreditation accredit "$MIN" national-accreditation-agency "$AGENCY" \
	--role accreditor --max-depth 1 --scope "$TYPE" --as-anchor --key "${KEY[ministry]}"
ACC_AGENCY="$MIN/accreditations/national-accreditation-agency"
say "$ACC_AGENCY (height $TX_HEIGHT)"
tx "$H0" accreditation accredit "$AGENCY" national-university "$UNI" \
	--role issuer --scope "$TYPE" --parent "$ACC_AGENCY" --key "${KEY[agency]}"
ACC_UNI="$AGENCY/accreditations/national-university"
say "$ACC_UNI (height $TX_HEIGHT)"
A="$(q accreditation accreditation "$ACC_UNI" -o json)"
expect_eq "the university's accreditation" "ROLE_ISSUER STATUS_ACTIVE parent=$ACC_AGENCY" \
	"$(json_str role <<<"$A") $(json_str status <<<"$A") parent=$(json_str parent_id <<<"$A")"

# ------------------------------------------------------- 5. status lists ---

heading "The university creates a revocation list and a suspension list"
tx "$H0" revocation create-list "$UNI" degrees-revocation --purpose revocation --key "${KEY[university]}"
REV="$UNI/status/degrees-revocation"
REV_CREATED="$TX_TIME"
say "$REV (height $TX_HEIGHT, block time $TX_TIME)"
tx "$H0" revocation create-list "$UNI" degrees-suspension --purpose suspension --key "${KEY[university]}"
SUS="$UNI/status/degrees-suspension"
say "$SUS (height $TX_HEIGHT)"
L="$(q revocation list "$REV" -o json)"
SIZE="$(json_val size_bits <<<"$L")"
expect_eq "revocation list: purpose, size" "STATUS_PURPOSE_REVOCATION 131072" "$(json_str purpose <<<"$L") $SIZE"

# ------------------------------------------------------- 6. mass revoke ---

heading "The university revokes 10,000 degrees listed in a file"
REVOKED="$DEMO_DIR/revoked.txt"
{
	echo "# degrees revoked by $UNI (demo run $RUN): one index per line"
	awk -v seed="$RUN" -v size="$SIZE" 'BEGIN {
		srand(seed)
		while (n < 10000) {
			i = int(rand() * size)
			if (!(i in seen)) { seen[i] = 1; n++; print i }
		}
	}'
} >"$REVOKED"
grep -v '^#' "$REVOKED" | sort -n >"$DEMO_DIR/revoked.sorted"
COUNT="$(wc -l <"$DEMO_DIR/revoked.sorted" | tr -d ' ')"
expect_eq "distinct indices in $(basename "$REVOKED")" 10000 "$(sort -un "$DEMO_DIR/revoked.sorted" | wc -l | tr -d ' ')"
say "scattered over [0, $SIZE): first lines $(grep -v '^#' "$REVOKED" | head -n 4 | tr '\n' ' ')…"

# A time strictly after the list was created and strictly before the
# revocation: the next whole second after the creation block, once the
# chain has passed it.
BEFORE_REVOKE="$(rfc3339 $(($(epoch "$REV_CREATED") + 1)))"
deadline=$((SECONDS + 30))
while (($(epoch "$(block_time)") <= $(epoch "$BEFORE_REVOKE"))); do
	((SECONDS < deadline)) || die "the chain made no block after $BEFORE_REVOKE within 30s"
	sleep 0.5
done

SEQ_BEFORE="$(json_val sequence <<<"$L")"
say "ndid tx revocation revoke $REV --file $(basename "$REVOKED") --key ${KEY[university]}"
set +e
"$NDID" tx revocation revoke "$REV" --file "$REVOKED" --key "${KEY[university]}" \
	--from operator --home "$H0" --keyring-backend test --node "$RPC" --chain-id "$CHAIN_ID" \
	--gas auto --gas-adjustment 1.5 --gas-prices 0.002undi --yes -o json \
	>"$DEMO_DIR/revoke.out" 2>"$DEMO_DIR/revoke.err"
rc=$?
set -e
((rc == 0)) || die "ndid tx revocation revoke --file (exit $rc)" "$(cat "$DEMO_DIR/revoke.err")" "$(head -c 2000 "$DEMO_DIR/revoke.out")"
# The CLI prints "batch i/n: … included at height h" for each batch it waits
# for, and fails if any batch is not included.
grep -q '^batch ' "$DEMO_DIR/revoke.err" || die "ndid tx revocation revoke --file reported no batch" "$(cat "$DEMO_DIR/revoke.err")"
grep '^batch ' "$DEMO_DIR/revoke.err" | sed 's/^/   /'
L="$(q revocation list "$REV" -o json)"
say "list sequence ${SEQ_BEFORE:-0} -> $(json_val sequence <<<"$L"), updated at height $(json_val updated_height <<<"$L")"

# --------------------------------------------- 7. suspend and reinstate ---

heading "Suspend one degree, then reinstate it"
SUSPENDED_INDEX=4242
tx "$H0" revocation suspend "$SUS" "$SUSPENDED_INDEX" --key "${KEY[university]}"
SUSPENDED_AT="$TX_HEIGHT"
say "suspended index $SUSPENDED_INDEX (height $TX_HEIGHT)"
expect_eq "status of $SUSPENDED_INDEX on the suspension list" "true" \
	"$(q revocation status "$SUS" "$SUSPENDED_INDEX" -o json | is_set)"
tx "$H0" revocation unsuspend "$SUS" "$SUSPENDED_INDEX" --key "${KEY[university]}"
say "reinstated index $SUSPENDED_INDEX (height $TX_HEIGHT)"
S="$(q revocation status "$SUS" "$SUSPENDED_INDEX" -o json)"
expect_eq "status of $SUSPENDED_INDEX after reinstatement (set, last change height)" "false $TX_HEIGHT" \
	"$(is_set <<<"$S") $(json_val changed_height <<<"$S")"

# ------------------------------------------------------------ 8. verifier ---

heading "What a verifier sees"

say "-- DID resolution over HTTP: GET $API/1.0/identifiers/$UNI (Accept: application/did+json)"
BODY="$DEMO_DIR/university.did.json"
CODE="$(curl -sS -o "$BODY" -w '%{http_code} %{content_type}' -H 'Accept: application/did+json' "$API/1.0/identifiers/$UNI")"
expect_eq "HTTP status and content type" "200 application/did+json" "$CODE"
DOC="$(cat "$BODY")"
expect_eq "document id" "$UNI" "$(json_str id <<<"$DOC")"
expect_contains "assertionMethod names the university's key" "\"assertionMethod\":[\"$UNI#key-1\"]" "$(flat <<<"$DOC")"
say "publicKeyMultibase $(json_str publicKeyMultibase <<<"$DOC")"

say "-- ndid query accreditation verify-issuer $UNI $TYPE"
V="$(q accreditation verify-issuer "$UNI" "$TYPE")"
sed 's/^/      /' <<<"$V"
expect_contains "verdict" "ACCREDITED: $UNI may issue $TYPE" "$V"
expect_contains "link 1: the university's ISSUER accreditation" "1. ACTIVE    ISSUER     $ACC_UNI (v0)  $AGENCY -> $UNI" "$V"
expect_contains "link 2: the agency's ACCREDITOR accreditation" "2. ACTIVE    ACCREDITOR $ACC_AGENCY (v0)  $MIN -> $AGENCY" "$V"
expect_contains "link 3: the trust anchor" "3. ACTIVE    trust anchor $MIN" "$V"

# Indices to check one by one: the first, middle and last of the file, and
# the smallest index not in it.
SAMPLE=("$(sed -n 1p "$DEMO_DIR/revoked.sorted")" "$(sed -n 5000p "$DEMO_DIR/revoked.sorted")" "$(sed -n '$p' "$DEMO_DIR/revoked.sorted")")
NOT_REVOKED="$(awk 'BEGIN { n = 0 } $1 == n { n++ } END { print n }' "$DEMO_DIR/revoked.sorted")"
grep -qx "$NOT_REVOKED" "$DEMO_DIR/revoked.sorted" && die "picked $NOT_REVOKED as not revoked, but it is in the file"

if [[ -x "$GRPCURL" ]]; then
	say "-- CredentialStatus over gRPC: grpcurl $GRPC ndi.revocation.v1.Query/CredentialStatus"
	grpc_status() {
		"$GRPCURL" -plaintext -emit-defaults -d "{\"list_id\":\"$REV\",\"index\":\"$1\"}" "$GRPC" ndi.revocation.v1.Query/CredentialStatus
	}
	CH_FIELD=changedHeight
else
	say "-- CredentialStatus over gRPC ($GRPCURL not found; bash scripts/tools.sh grpcurl builds it): ndid query revocation status --grpc-addr $GRPC"
	grpc_status() {
		"$NDID" query revocation status "$REV" "$1" --grpc-addr "$GRPC" --grpc-insecure --node "$RPC" -o json
	}
	CH_FIELD=changed_height
fi
for idx in "${SAMPLE[@]}" "$NOT_REVOKED"; do
	want=true
	[[ "$idx" == "$NOT_REVOKED" ]] && want=false
	R="$(grpc_status "$idx" 2>"$ERR_LOG")" || die "CredentialStatus $idx" "$(cat "$ERR_LOG")" "$R"
	got="$(is_set <<<"$R")"
	if [[ "$got" != "$want" ]]; then
		die "CredentialStatus of index $idx" "expected: set=$want" "got:      $R"
	fi
	if [[ "$idx" == "${SAMPLE[0]}" ]]; then
		say "answer for index $idx: $(flat <<<"$R" | tr -s ' ')"
	fi
	if [[ "$want" == true ]]; then
		ok "index $idx: revoked (set since height $(json_val "$CH_FIELD" <<<"$R"))"
	else
		ok "index $idx (not in the file): not revoked"
	fi
done

say "-- The status list credential over HTTP: GET $API/1.0/identifiers/$REV"
BODY="$DEMO_DIR/status-list.json"
CODE="$(curl -sS -o "$BODY" -w '%{http_code}' "$API/1.0/identifiers/$REV")"
expect_eq "HTTP status" "200" "$CODE"
CRED="$(cat "$BODY")"
expect_contains "a BitstringStatusListCredential" '"BitstringStatusListCredential"' "$CRED"
expect_eq "statusPurpose" "revocation" "$(json_str statusPurpose <<<"$CRED")"
ENCODED="$(json_str encodedList <<<"$CRED")"
[[ "$ENCODED" == u* ]] || die "encodedList is not multibase base64url (u…)" "${ENCODED:0:80}"
say "encodedList: ${#ENCODED} characters (${ENCODED:0:32}…)"
if command -v gzip >/dev/null && command -v base64 >/dev/null; then
	# multibase 'u' = base64url without padding; then GZIP; index 0 is the
	# most significant bit of byte 0.
	b64="$(printf '%s' "${ENCODED:1}" | tr '_-' '/+')"
	while ((${#b64} % 4)); do b64="$b64="; done
	printf '%s' "$b64" | base64 -d | gzip -dc >"$DEMO_DIR/status-list.bin" ||
		die "could not decode encodedList (base64url, then gzip)"
	expect_eq "decoded bitstring length (bytes)" "$((SIZE / 8))" "$(wc -c <"$DEMO_DIR/status-list.bin" | tr -d ' ')"
	od -An -v -tu1 "$DEMO_DIR/status-list.bin" | awk '{
		for (f = 1; f <= NF; f++) {
			b = $f
			for (k = 7; k >= 0; k--) {
				p = 2 ^ k
				if (b >= p) { b -= p; print pos * 8 + (7 - k) }
			}
			pos++
		}
	}' >"$DEMO_DIR/status-list.set"
	if ! cmp -s "$DEMO_DIR/status-list.set" "$DEMO_DIR/revoked.sorted"; then
		die "the decoded status list differs from $(basename "$REVOKED")" \
			"$(diff "$DEMO_DIR/revoked.sorted" "$DEMO_DIR/status-list.set" | head -n 10)"
	fi
	ok "decoded list agrees with $(basename "$REVOKED") bit for bit: $COUNT of $SIZE bits set, exactly the file's"
else
	say "(gzip or base64 missing: bit-for-bit comparison skipped; the sampled indices above agree)"
fi

say "-- Before the revocation: status at $BEFORE_REVOKE"
for idx in "${SAMPLE[0]}"; do
	R="$(q revocation status "$REV" "$idx" --at-time "$BEFORE_REVOKE" -o json)"
	expect_eq "index $idx at $BEFORE_REVOKE (set)" "false" "$(is_set <<<"$R")"
	R="$(q revocation status "$REV" "$idx" -o json)"
	expect_eq "index $idx now (set)" "true" "$(is_set <<<"$R")"
done
V="$(q accreditation verify-issuer "$UNI" "$TYPE" --at-time "$BEFORE_REVOKE")"
expect_contains "the university was accredited then too" "ACCREDITED: $UNI may issue $TYPE at $BEFORE_REVOKE" "$V"

# ------------------------------------------------ 9. issue a credential ---

heading "The university issues a degree to the citizen"
# Two indices that are neither among the 10,000 revoked nor the one
# suspended and reinstated above: one per credential, on both lists.
FREE="$(awk -v skip="$SUSPENDED_INDEX" '{ r[$1] = 1 }
	END { n = 0; while (c < 2) { if (!(n in r) && n != skip) { out = out (c ? " " : "") n; c++ } n++ } print out }' \
	"$DEMO_DIR/revoked.sorted")"
read -r DEGREE_INDEX DI_INDEX <<<"$FREE"
SUBJECT="$DEMO_DIR/degree-subject.json"
cat >"$SUBJECT" <<JSON
{
  "id": "$CITIZEN",
  "degree": "Bachelor of Science in Computer Science",
  "awarded": "2026-06-30"
}
JSON
say "credentialSubject ($(basename "$SUBJECT")): $(flat <"$SUBJECT" | tr -s ' ')"

# issue FORMAT INDEX [ARGS...]: `ndid credential issue` with the
# university's key (in node0's DID key store) for the degree type, on both
# of its lists at INDEX, with the id cred_id INDEX.
cred_id() { printf 'https://degrees.university.example.bt/%s/%s' "$RUN" "$1"; }
issue() {
	local format="$1" index="$2"
	shift 2
	"$NDID" credential issue --issuer "$UNI" --key "${KEY[university]}" --home "$H0" --type "$TYPE" \
		--id "$(cred_id "$index")" --subject "$SUBJECT" --status-list "$REV" --status-index "$index" \
		--suspension-list "$SUS" --suspension-index "$index" --format "$format" --node "$RPC" "$@"
}
JWT="$DEMO_DIR/degree.jwt"
DI="$DEMO_DIR/degree.di.json"
say "-- ndid credential issue --issuer $(short "$UNI") --type …/types/university-degree --status-index $DEGREE_INDEX --suspension-index $DEGREE_INDEX --format jwt"
issue jwt "$DEGREE_INDEX" --out "$JWT" 2>"$ERR_LOG" || die "credential issue --format jwt" "$(cat "$ERR_LOG")"
say "$(cat "$ERR_LOG")"
[[ "$(cat "$JWT")" =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]] || die "$JWT is not a compact JWS" "$(head -c 500 "$JWT")"
ok "a compact JWS of $(wc -c <"$JWT" | tr -d ' ') bytes: $(head -c 40 "$JWT")…"
if command -v base64 >/dev/null; then
	b64="$(cut -d. -f1 "$JWT" | tr '_-' '/+')"
	while ((${#b64} % 4)); do b64="$b64="; done
	HDR="$(printf '%s' "$b64" | base64 -d)"
	expect_eq "JWS header: alg, typ" "EdDSA vc+jwt" "$(json_str alg <<<"$HDR") $(json_str typ <<<"$HDR")"
fi
say "-- the same with --format di (Data Integrity), index $DI_INDEX"
issue di "$DI_INDEX" --out "$DI" 2>"$ERR_LOG" || die "credential issue --format di" "$(cat "$ERR_LOG")"
say "$(cat "$ERR_LOG")"
D="$(cat "$DI")"
expect_eq "proof type, cryptosuite, purpose" "DataIntegrityProof eddsa-jcs-2022 assertionMethod" \
	"$(flat <<<"$D" | grep -o '"proof":{.*' | json_str type) $(json_str cryptosuite <<<"$D") $(json_str proofPurpose <<<"$D")"
expect_contains "credentialSubject is the citizen" "\"id\":\"$CITIZEN\"" "$(flat <<<"$D")"
expect_contains "credentialSchema names the on-chain type" "$TYPE" "$D"
expect_contains "a revocation entry at index $DI_INDEX" "\"statusListIndex\":\"$DI_INDEX\"" "$(flat <<<"$D")"
ISSUED_HEIGHT="$("$NDID" status --node "$RPC" 2>/dev/null | json_val latest_block_height)"

say "-- what the CLI refuses to issue"
OUT="$(issue jwt "${SAMPLE[0]}" 2>&1)" && die "credential issue at the revoked index ${SAMPLE[0]} succeeded" "$OUT"
expect_contains "index ${SAMPLE[0]} (revoked in the file): refused" "index ${SAMPLE[0]} of $REV is already revoked" "$OUT"
OUT="$(issue jwt "$SIZE" 2>&1)" && die "credential issue at index $SIZE succeeded" "$OUT"
expect_contains "index $SIZE: refused" "status index $SIZE is out of range" "$OUT"

# -------------------------------------------------- 10. light-mode verify ---

heading "A verifier trusts no node: light client from the genesis file, then verify"
VHOME="$DEMO_DIR/verifier"
# node1, run by another operator, witnesses node0's headers.
WITNESS=""
if ((${#HOMES[@]} > 1)); then
	WITNESS="$(sed -n 's/^node *= *"\(.*\)"/\1/p' "${HOMES[1]}/config/client.toml" 2>/dev/null | head -n 1)"
fi
INIT=(--genesis "$H0/config/genesis.json" --node "$RPC" --chain-id "$CHAIN_ID" --verifier-home "$VHOME")
if [[ -n "$WITNESS" ]]; then
	INIT+=(--witness "$WITNESS")
else
	say "(no node1 RPC in ${HOMES[1]:-node1}/config/client.toml: no witness; verdicts will warn so)"
fi
say "-- ndid verifier init --genesis node0/config/genesis.json (the published genesis file) --node $RPC${WITNESS:+ --witness $WITNESS}"
T0="$(date +%s%N)"
V="$(ndid verifier init "${INIT[@]}")"
T1="$(date +%s%N)"
sed 's/^/      /' <<<"$V"
expect_contains "trust root: block 1, checked against the genesis file" "trust root    height 1, hash" "$V"
expect_contains "its source" "(genesis sha256:" "$V"
say "init took $(((T1 - T0) / 1000000)) ms"
V="$(ndid verifier status --verifier-home "$VHOME" --node "$RPC")"
expect_contains "ndid verifier status: a verified state" "verified      state height" "$V"
say "$(grep '^verified' <<<"$V")"

# The verdict is on the state of block L-1 (header L carries its app hash),
# and validFrom is the issuing node's latest block time: wait until both
# credentials are in the past of what the light client can prove.
wait_height $((ISSUED_HEIGHT + 2))

LIGHT_MS=()
for cred in "$JWT" "$DI"; do
	index="$DEGREE_INDEX"
	[[ "$cred" == "$DI" ]] && index="$DI_INDEX"
	say "-- ndid credential verify $(basename "$cred") --verifier-home $(basename "$VHOME") --node $RPC"
	verify_light "$cred"
	sed 's/^/      /' <<<"$OUT"
	expect_eq "exit code, verdict" "0 verdict VALID" "$RC $(verdict_of "$OUT")"
	expect_contains "answers believed only when proven" "believed only once proven (ICS23)" "$OUT"
	say "light-mode verify took $MS ms"
	LIGHT_MS+=("$MS")
	verify_light "$cred" -o json
	expect_eq "-o json: exit code, verdict, trust mode, credential id" "0 valid light $(cred_id "$index")" \
		"$RC $(json_str verdict <<<"$OUT") $(json_str mode <<<"$OUT") $(json_str credentialId <<<"$OUT")"
	say "light-mode verify (-o json) took $MS ms"
	LIGHT_MS+=("$MS")
done
say "light-mode verify times: ${LIGHT_MS[*]} ms (target: under 2000 ms)"

say "-- the API server's verdict: POST $API/1.0/credentials/verify (the node's word)"
for cred in "$JWT" "$DI"; do
	BODY="$DEMO_DIR/verify-response.json"
	ctype=application/vc+ld+json
	[[ "$cred" == *.jwt ]] && ctype=application/vc+jwt
	CODE="$(curl -sS -o "$BODY" -w '%{http_code}' -X POST -H "Content-Type: $ctype" \
		--data-binary @"$cred" "$API/1.0/credentials/verify")"
	R="$(cat "$BODY")"
	expect_eq "$(basename "$cred"): HTTP status, verdict, trust mode" "200 valid node" \
		"$CODE $(json_str verdict <<<"$R") $(json_str mode <<<"$R")"
done

# ------------------------------------------------------------ 11. revoke ---

heading "The university revokes the degree; the verifier sees it"
tx "$H0" revocation revoke "$REV" "$DEGREE_INDEX" --key "${KEY[university]}"
say "revoked index $DEGREE_INDEX (height $TX_HEIGHT)"
wait_height $((TX_HEIGHT + 2))
verify_light "$JWT"
sed 's/^/      /' <<<"$OUT"
expect_eq "$(basename "$JWT"): exit code, verdict" "1 verdict INVALID" "$RC $(verdict_of "$OUT")"
expect_contains "the failed check says revoked" "revoked (list sequence" "$(grep '^FAILED' <<<"$OUT" || true)"
say "light-mode verify took $MS ms"
verify_light "$DI"
expect_eq "$(basename "$DI") (index $DI_INDEX): exit code, verdict" "0 verdict VALID" "$RC $(verdict_of "$OUT")"

# ------------------------------------------------------ 12. a lying node ---

heading "A lying node is caught"
if ! command -v go >/dev/null; then
	say "(go not found: the lying proxy (testutil/lyingproxy) cannot be built, so this step is skipped;"
	say " make demo and the e2e test run it where Go is installed)"
else
	say "-- go build ./testutil/lyingproxy/cmd/lyingproxy"
	(cd "$ROOT" && go build -o "$DEMO_DIR/lyingproxy" ./testutil/lyingproxy/cmd/lyingproxy) 2>"$ERR_LOG" ||
		die "go build ./testutil/lyingproxy/cmd/lyingproxy" "$(cat "$ERR_LOG")"
	# The output files exist before the proxy starts: the background job
	# opens them itself, possibly after the loop below first reads them.
	: >"$DEMO_DIR/lyingproxy.out"
	: >"$DEMO_DIR/lyingproxy.err"
	# timeout bounds the proxy's life should this script be killed before
	# its EXIT trap can stop it.
	timeout 600 "$DEMO_DIR/lyingproxy" -upstream "http://${RPC#*://}" -lie flip-bit -store revocation \
		>"$DEMO_DIR/lyingproxy.out" 2>"$DEMO_DIR/lyingproxy.err" &
	PROXY_PID=$!
	trap stop_proxy EXIT
	deadline=$((SECONDS + 30))
	PROXY=""
	while [[ -z "$PROXY" ]]; do
		PROXY="$(head -n 1 "$DEMO_DIR/lyingproxy.out")"
		[[ -n "$PROXY" ]] && break
		kill -0 "$PROXY_PID" 2>/dev/null || die "lyingproxy exited" "$(cat "$DEMO_DIR/lyingproxy.err")"
		((SECONDS < deadline)) || die "lyingproxy printed no URL within 30s" "$(cat "$DEMO_DIR/lyingproxy.err")"
		sleep 0.2
	done
	say "a proxy at $PROXY in front of node0 flips a bit in every revocation-store answer"
	say "-- ndid credential verify $(basename "$JWT") --verifier-home $(basename "$VHOME") --node $PROXY"
	verify_light "$JWT" --node "$PROXY"
	sed 's/^/      /' <<<"$OUT"
	expect_eq "through the liar: exit code, verdict" "2 verdict UNDECIDED" "$RC $(verdict_of "$OUT")"
	expect_contains "the status check names what failed to prove" "chain answer not proven" \
		"$(grep '^UNDECIDED *status' <<<"$OUT" || true)"
	stop_proxy
	say "$(tail -n 1 "$DEMO_DIR/lyingproxy.err")"
	grep -q 'told [1-9][0-9]* lies' "$DEMO_DIR/lyingproxy.err" || die "the proxy told no lie" "$(cat "$DEMO_DIR/lyingproxy.err")"
	ok "the lie was refused, not believed: the verdict is neither valid nor invalid"
fi

printf '\nDemo complete in %ds (heights %s to %s): every answer was as expected.\n' \
	"$((SECONDS - START))" "$H_START" "$("$NDID" status --node "$RPC" 2>/dev/null | json_val latest_block_height)"
