#!/usr/bin/env bash
# Runs the official Huawei Cloud Python SDK against an `fgs-contract emulator` on a loopback
# port: all five test-event operations signed with AK/SK, then a wrong secret key.
#
# The SDK and its dependencies, pinned in requirements.txt, are installed from PyPI into
# .venv/sdk (git-ignored). FGS_CONTRACT names the binary to test; by default the debug build,
# which is built when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=.venv/sdk
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/sdk/requirements.txt

binary=${FGS_CONTRACT:-target/debug/fgs-contract}
if [ ! -x "$binary" ]; then
    cargo build --locked -p fgs-contract --bin fgs-contract
fi

# The project and function the emulator serves from the start.
project_id=7aad83af3e8d42e99ac194e8419e2c9b
function_urn=urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test
access_key="sdk-test-$("$venv/bin/python" -c 'import secrets; print(secrets.token_hex(8))')"
secret_key="$("$venv/bin/python" -c 'import secrets; print(secrets.token_hex(16))')"

work=$(mktemp -d)
"$binary" emulator --listen 127.0.0.1:0 --ak "$access_key" --sk "$secret_key" >"$work/stdout" &
emulator=$!
stop() {
    kill "$emulator" 2>/dev/null || true
    wait "$emulator" 2>/dev/null || true
    rm -rf "$work"
}
trap stop EXIT

# The first line of standard output is the bound URL. Wait up to 10 seconds for it.
url=
for _ in $(seq 100); do
    url=$(head -n 1 "$work/stdout")
    if [ -n "$url" ]; then
        break
    fi
    if ! kill -0 "$emulator" 2>/dev/null; then
        echo "run.sh: the emulator exited before printing its URL" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "run.sh: the emulator printed no URL within 10 seconds" >&2
    exit 1
fi
echo "emulator at $url"

"$venv/bin/python" tests/sdk/check_sdk.py "$url" "$access_key" "$secret_key" "$project_id" "$function_urn"
