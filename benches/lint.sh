#!/usr/bin/env bash
# Wall time of `authlint lint` (release build), with hyperfine: the sample solutions, the corpus flows
# (when ../shared/corpus is there), and a generated folder of 400 flow definitions read with one
# thread and with all of them (RAYON_NUM_THREADS), to show what the parallel walk and analysis give.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release -q
big=$(mktemp -d)
trap 'rm -rf "$big"' EXIT
# 400 copies of the broken sample's flow, 25 folders deep enough to walk.
unzip -p samples/solutions/ContosoSync_broken_1_0_0_1.zip 'Workflows/*.json' > "$big/flow.json"
for d in $(seq 1 20); do
  mkdir -p "$big/s$d/Workflows"
  for f in $(seq 1 20); do cp "$big/flow.json" "$big/s$d/Workflows/Flow-$f.json"; done
done
rm "$big/flow.json"
corpus=${AUTHLINT_CORPUS:-../shared/corpus}/flows
cmds=(
  './target/release/authlint lint samples/solutions --format concise'
  "RAYON_NUM_THREADS=1 ./target/release/authlint lint $big --format concise"
  "./target/release/authlint lint $big --format concise"
)
[ -d "$corpus" ] && cmds+=("./target/release/authlint lint $corpus --format concise")
out=$(mktemp)
hyperfine --shell=bash --warmup 3 --runs "${RUNS:-30}" -i --export-json "$out" "${cmds[@]}" >/dev/null 2>&1
python3 - "$out" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
base = rs[0]["median"]
for r in rs:
    print(f'{r["median"]*1000:8.2f} ms median  {r["median"]/base:6.2f}x  {r["command"]}')
PY
echo "(400 definitions: $(find "$big" -name '*.json' | wc -l) files, $(du -sh "$big" | cut -f1))"
