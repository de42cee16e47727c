#!/usr/bin/env bash
# Measures the whole-process wall time of `fgs-contract check` (the full ShowEvent suite against
# the emulator it starts inside the process) and of two commands that only start up and exit:
# `fgs-contract --version` and `fgs-contract urn URN`. Their ratio is the share of a check run
# spent on process start-up.
#
# Usage: benches/runner.sh [RUNS]   (default: 30)
#
# Uses hyperfine when it is installed (Debian: `apt-get install hyperfine`), otherwise a timed
# loop that prints the median and the minimum.
set -euo pipefail

RUNS=${1:-30}
URN=urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:latest

cd "$(dirname "$0")/.."

echo "--- building fgs-contract" >&2
cargo build --release --locked --quiet -p fgs-contract
runner=target/release/fgs-contract

echo "--- $RUNS runs each, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2

if command -v hyperfine >/dev/null; then
    results=$(mktemp)
    trap 'rm -f "$results"' EXIT
    hyperfine --shell=none --warmup 3 --runs "$RUNS" --export-json "$results" \
        --command-name 'check (full suite, built-in emulator)' "$runner check" \
        --command-name 'start-up: --version' "$runner --version" \
        --command-name 'start-up: urn' "$runner urn $URN" >&2
    # The median, the minimum and the CPU time resist the bursts of load of a shared machine
    # better than hyperfine's mean, which the share below leaves out.
    python3 - "$results" <<'PYTHON'
import json
import sys

results = json.load(open(sys.argv[1]))["results"]
print(f"{'command':<40} {'median':>9} {'min':>9} {'user+sys':>9}")
for result in results:
    cpu = result["user"] + result["system"]
    print(
        f"{result['command']:<40} {result['median'] * 1e3:>6.2f} ms "
        f"{result['min'] * 1e3:>6.2f} ms {cpu * 1e3:>6.2f} ms"
    )
check, version = results[0], results[1]
cpu_share = (version["user"] + version["system"]) / (check["user"] + check["system"])
print(
    f"start-up share of a check run (--version / check): user+sys {cpu_share:.0%}, "
    f"min wall {version['min'] / check['min']:.0%}"
)
PYTHON
    exit 0
fi

# Prints the median and minimum wall time in milliseconds of RUNS runs of the command, timed
# with bash's microsecond clock: /usr/bin/time reports wall time in steps of 10 ms, which is
# coarser than these commands take.
measure() {
    local name=$1
    shift
    local times start end
    times=$(for _ in $(seq "$RUNS"); do
        start=$EPOCHREALTIME
        "$@" >/dev/null
        end=$EPOCHREALTIME
        echo "$start $end"
    done | awk '{ printf "%.6f\n", $2 - $1 }' | sort -n)
    awk -v name="$name" '
        { seconds[NR] = $1 }
        END {
            median = (NR % 2) ? seconds[(NR + 1) / 2] : (seconds[NR / 2] + seconds[NR / 2 + 1]) / 2
            printf "%-40s median %8.2f ms  min %8.2f ms\n", name, median * 1000, seconds[1] * 1000
        }' <<<"$times"
}

measure 'check (full suite, built-in emulator)' "$runner" check
measure 'start-up: --version' "$runner" --version
measure 'start-up: urn' "$runner" urn "$URN"
