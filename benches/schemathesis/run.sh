#!/usr/bin/env bash
# Runs fgs-contract and Schemathesis side by side against the emulator with each fault, and
# prints one table: fault, whether each tool detected it, and the wall time of each.
#
# Usage: benches/schemathesis/run.sh [FAULT...]
#
# Without arguments it runs a healthy emulator and then every fault of
# `fgs-contract emulator --list-faults`. Everything listens on 127.0.0.1 only.
#
# Environment:
#   MAX_EXAMPLES     Schemathesis test cases per API operation (default 10)
#   REQUEST_TIMEOUT  seconds each tool allows one request (default 2)
#   RUN_TIMEOUT      seconds after which one Schemathesis run is stopped (default 300)
#   SEED             Schemathesis random seed (default 1)
#   OPENAPI_DOCUMENT a file to give Schemathesis instead of the output of `fgs-contract openapi`
#
# A fault counts as detected by fgs-contract when `check` exits 1. It counts as detected by
# Schemathesis when the run reports a failure that the run against the healthy emulator did
# not report (same operation, same check), or when it stops on its time limit: a failure
# Schemathesis also reports for the healthy emulator says nothing about the fault.
#
# This is a comparison, not a test: CI does not run it.
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
MAX_EXAMPLES=${MAX_EXAMPLES:-10}
REQUEST_TIMEOUT=${REQUEST_TIMEOUT:-2}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
SEED=${SEED:-1}

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV="$ROOT/.venv/schemathesis"
BIN="$ROOT/target/release/fgs-contract"
TOKEN="schemathesis-side-by-side-token"
PROJECT_ID=7aad83af3e8d42e99ac194e8419e2c9b
FUNCTION_URN="urn:fss:cn-north-4:$PROJECT_ID:function:default:test"
EVENT_ID=3b659dc0-12fc-40dc-aa05-a321d9424cb3

WORK=$(mktemp -d)
EMULATOR_PID=
cleanup() {
    if [ -n "$EMULATOR_PID" ]; then
        kill "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "$*" >&2; }

# --- Schemathesis, pinned, in a virtual environment that git ignores --------------------------
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION\$"; then
    log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

# --- fgs-contract and its OpenAPI document ----------------------------------------------------
log "building fgs-contract (release)"
cargo build --quiet --release --locked -p fgs-contract --manifest-path "$ROOT/Cargo.toml"
if [ -n "${OPENAPI_DOCUMENT:-}" ]; then
    cp "$OPENAPI_DOCUMENT" "$WORK/openapi.json"
else
    "$BIN" openapi > "$WORK/openapi.json"
fi

# Schemathesis gets the same known function and event as fgs-contract: the path parameters
# are pinned to the seeded ones, and every request carries the token.
cat > "$WORK/schemathesis.toml" <<EOF
[parameters]
"path.project_id" = "$PROJECT_ID"
"path.function_urn" = "$FUNCTION_URN"
"path.event_id" = "$EVENT_ID"
EOF

# Starts the emulator with the given arguments and sets EMULATOR_PID and EMULATOR_URL.
start_emulator() {
    # The previous emulator's output must not be read as this one's URL.
    rm -f "$WORK/emulator.out"
    "$BIN" emulator --listen 127.0.0.1:0 --token "$TOKEN" "$@" > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
    EMULATOR_PID=$!
    for _ in $(seq 100); do
        EMULATOR_URL=$(head -n 1 "$WORK/emulator.out" 2>/dev/null || true)
        [ -n "$EMULATOR_URL" ] && return 0
        sleep 0.05
    done
    log "the emulator did not start: $(cat "$WORK/emulator.err")"
    exit 1
}

stop_emulator() {
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
    EMULATOR_PID=
}

now() { date +%s.%N; }
elapsed() { awk -v start="$1" -v end="$2" 'BEGIN { printf "%.2f", end - start }'; }

# Runs fgs-contract check against a fresh emulator; prints "<exit code> <seconds>".
run_fgs_contract() {
    start_emulator "$@"
    local start end code=0
    start=$(now)
    FGS_TOKEN="$TOKEN" "$BIN" check --endpoint "$EMULATOR_URL" --project-id "$PROJECT_ID" \
        --function-urn "$FUNCTION_URN" --event-id "$EVENT_ID" \
        --timeout "$REQUEST_TIMEOUT" --quota-check --format json > "$WORK/fgs-contract.json" 2> /dev/null || code=$?
    end=$(now)
    stop_emulator
    echo "$code $(elapsed "$start" "$end")"
}

# Runs Schemathesis against a fresh emulator; writes the failures it reports, one
# "<operation> <check>" a line, to $1 and prints "<exit code> <seconds>".
run_schemathesis() {
    local failures=$1
    shift
    start_emulator "$@"
    local start end code=0
    rm -f "$WORK/junit.xml"
    start=$(now)
    (cd "$WORK" && timeout "$RUN_TIMEOUT" "$VENV/bin/schemathesis" run "$WORK/openapi.json" \
        --url "$EMULATOR_URL" \
        --header "X-Auth-Token: $TOKEN" \
        --header "Content-Type: application/json" \
        --max-examples "$MAX_EXAMPLES" \
        --request-timeout "$REQUEST_TIMEOUT" \
        --seed "$SEED" \
        --workers 1 \
        --no-color \
        --report junit --report-junit-path "$WORK/junit.xml" \
        > "$WORK/schemathesis.log" 2>&1) || code=$?
    end=$(now)
    stop_emulator
    "$VENV/bin/python" - "$WORK/junit.xml" > "$failures" <<'EOF'
import re
import sys
import xml.etree.ElementTree as ElementTree

# Each test case names an operation. A failure lists the checks it broke as "- ST204 Title"
# lines; an error (a request that failed outright) has only a message.
try:
    root = ElementTree.parse(sys.argv[1]).getroot()
except (OSError, ElementTree.ParseError):
    sys.exit(0)
found = set()
for case in root.iter("testcase"):
    name = case.get("name")
    for failure in case.iter("failure"):
        for check in re.findall(r"^- (ST\d+ [^\n]+)$", failure.text or "", re.MULTILINE):
            found.add(f"{name} | {check.strip()}")
    for error in case.iter("error"):
        message = (error.get("message") or error.text or "error").strip().splitlines()[0]
        found.add(f"{name} | error: {message[:100]}")
for line in sorted(found):
    print(line)
EOF
    echo "$code $(elapsed "$start" "$end")"
}

if [ $# -gt 0 ]; then
    FAULTS=("$@")
else
    mapfile -t FAULTS < <("$BIN" emulator --list-faults | awk '{ print $1 }')
fi

log "healthy emulator"
read -r healthy_fgs_code healthy_fgs_time < <(run_fgs_contract)
read -r healthy_st_code healthy_st_time < <(run_schemathesis "$WORK/healthy.failures")
cp "$WORK/schemathesis.log" "$WORK/healthy.log"

printf '%-26s %-14s %-14s %10s %10s\n' FAULT FGS-CONTRACT SCHEMATHESIS "FGS TIME" "ST TIME"
printf '%-26s %-14s %-14s %9ss %9ss\n' "(none)" \
    "$([ "$healthy_fgs_code" = 0 ] && echo clean || echo "exit $healthy_fgs_code")" \
    "$(wc -l < "$WORK/healthy.failures") failures" "$healthy_fgs_time" "$healthy_st_time"

fgs_detected=0
st_detected=0
for fault in "${FAULTS[@]}"; do
    log "fault $fault"
    read -r fgs_code fgs_time < <(run_fgs_contract --fault "$fault")
    read -r st_code st_time < <(run_schemathesis "$WORK/fault.failures" --fault "$fault")

    case "$fgs_code" in
        0) fgs=no ;;
        1) fgs=yes; fgs_detected=$((fgs_detected + 1)) ;;
        *) fgs="exit $fgs_code" ;;
    esac
    st=no
    new=$(comm -13 "$WORK/healthy.failures" "$WORK/fault.failures" | wc -l)
    if [ "$st_code" = 124 ]; then
        st="timed out"
        st_detected=$((st_detected + 1))
    elif [ "$new" -gt 0 ]; then
        st=yes
        st_detected=$((st_detected + 1))
    fi
    printf '%-26s %-14s %-14s %9ss %9ss\n' "$fault" "$fgs" "$st" "$fgs_time" "$st_time"
    if [ -n "${VERBOSE:-}" ]; then
        comm -13 "$WORK/healthy.failures" "$WORK/fault.failures" | sed 's/^/    new: /'
    fi
done

echo
echo "detected: fgs-contract $fgs_detected of ${#FAULTS[@]}, schemathesis $st_detected of ${#FAULTS[@]}"
echo "schemathesis failures against the healthy emulator:"
sed 's/^/    /' "$WORK/healthy.failures"
