#!/usr/bin/env bash
# Wall time of `authlint check` on the samples (release build), with hyperfine.
# Installs hyperfine from Debian's packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release -q
out=$(mktemp)
hyperfine -N --warmup 20 --runs "${RUNS:-300}" -i --export-json "$out" \
  './target/release/authlint check samples/quoted-token.json' \
  './target/release/authlint check samples/token-response-inserted.json --format json' \
  './target/release/authlint check samples/clean-request.json' >/dev/null 2>&1
python3 - "$out" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["median"]*1000:6.2f} ms median  {r["mean"]*1000:6.2f} ms mean  {r["command"]}')
PY
