#!/usr/bin/env bash
# Validates the document `fgs-contract openapi` prints with validators independent of the
# Rust code: openapi-spec-validator checks it against the OpenAPI 3.1 schema, and jsonschema
# checks every example it carries against the example's schema. The validators are installed
# from PyPI, pinned in requirements.txt, into the git-ignored virtual environment .venv/openapi.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=.venv/openapi
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --requirement tests/openapi/requirements.txt

document=$(mktemp)
trap 'rm -f "$document"' EXIT
cargo run --quiet --locked -p fgs-contract -- openapi >"$document"
"$venv/bin/python" tests/openapi/validate.py "$document"
