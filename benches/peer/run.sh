#!/usr/bin/env bash
# Times the official Python SDK and fgs-model decoding the same documented ShowEvent 200 body,
# and prints both times per decode and their ratio.
#
# Usage: benches/peer/run.sh [ITERATIONS] [REPEATS]   (defaults: 100000 and 5)
#
# The SDK is installed from PyPI at a pinned version into benches/peer/.venv, which git ignores.
# Each side times REPEATS rounds of ITERATIONS decodes in thread CPU time, which leaves out the
# time spent waiting for a core on a shared machine, and keeps its fastest round.
set -euo pipefail

SDK_VERSION=3.1.219
ITERATIONS=${1:-100000}
REPEATS=${2:-5}

cd "$(dirname "$0")/../.."
peer_dir=benches/peer
venv="$peer_dir/.venv"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "--- creating $venv" >&2
    python3 -m venv "$venv"
fi
echo "--- installing huaweicloudsdkfunctiongraph $SDK_VERSION" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "huaweicloudsdkfunctiongraph==$SDK_VERSION" "huaweicloudsdkcore==$SDK_VERSION"

echo "--- building the peer_show_event example" >&2
cargo build --release --locked --quiet -p fgs-benches --example peer_show_event
example=target/release/examples/peer_show_event

body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
"$example" --print-body >"$body_file"

echo "--- timing $ITERATIONS decodes, best of $REPEATS rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
sdk_ns=$("$venv/bin/python" "$peer_dir/sdk_show_event.py" "$body_file" "$ITERATIONS" "$REPEATS")
contract_ns=$("$example" "$ITERATIONS" "$REPEATS")

python_version=$("$venv/bin/python" -c 'import platform; print(platform.python_version())')
printf 'body: %s bytes, the documented ShowEvent example\n' "$(wc -c <"$body_file")"
printf 'python sdk (huaweicloudsdkfunctiongraph %s, CPython %s): %10.1f ns CPU per decode\n' \
    "$SDK_VERSION" "$python_version" "$sdk_ns"
printf 'fgs-model contract (ShowEventResponse::from_json):        %10.1f ns CPU per decode\n' \
    "$contract_ns"
awk -v sdk="$sdk_ns" -v contract="$contract_ns" \
    'BEGIN { printf "ratio sdk / contract: %.1f\n", sdk / contract }'
