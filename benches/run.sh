#!/usr/bin/env bash
# How `authlint lint` scales with the size of a corpus, against a floor that only inflates and parses
# the same JSON on one thread (benches/floor.rs). Corpora of generated flow definitions
# (benches/gencorpus.rs, seed 42): loose solution files, solution zips and package zips.
#
#   benches/run.sh                        # 200, 2,000 and 20,000 flows
#   SIZES="200 2000" RUNS=3 benches/run.sh
#   BENCH_DIR=/tmp/authlint-bench benches/run.sh   # keep the corpora and reuse them next time
#
# RUNS (default 5) runs per command, at most 3 for corpora of 10,000 flows or more; one warmup run.
# lint is timed with its 2 worker threads and with RAYON_NUM_THREADS=1, and authlint's reader alone
# (`floor --parse model`: the spanned model every rule reads, no rule run) on one thread, which
# splits lint's one-thread time into reading and analysis. Wall times are hyperfine's medians; peak RSS is /usr/bin/time -v's "Maximum resident set size" of
# one more authlint run per format (concise, text, json, sarif). files and MB count the JSON documents read (loose files and zip entries,
# inflated), as the floor counts them.
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null 2>&1 && return
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  apt-get install -y -qq "$2" >/dev/null
}
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time
need python3 python3

SIZES=${SIZES:-"200 2000 20000"}
RUNS=${RUNS:-5}
SEED=42

echo "building (release)..." >&2
cargo build --release -q
cargo build --release --examples -q

if [ -n "${BENCH_DIR:-}" ]; then
  base=$BENCH_DIR
  mkdir -p "$base"
else
  base=$(mktemp -d)
fi
results=$(mktemp)
cleanup() {
  rm -f "$results"
  [ -n "${BENCH_DIR:-}" ] || rm -rf "$base"
}
trap cleanup EXIT
# A corpus is reused when it was made from the same generator sources, size and seed.
gen_id=$(cat benches/gencorpus.rs benches/common/flowgen.rs | sha256sum | cut -c1-16)

floor=./target/release/examples/floor
authlint=./target/release/authlint

for n in $SIZES; do
  dir=$base/flows-$n
  stamp=$base/flows-$n.stamp
  if [ -f "$stamp" ] && [ "$(head -1 "$stamp")" = "$gen_id seed=$SEED" ] && [ -d "$dir" ]; then
    echo "reusing $dir" >&2
  else
    rm -rf "$dir" "$stamp"
    echo "generating $n flows into $dir..." >&2
    summary=$(./target/release/examples/gencorpus --flows "$n" --seed "$SEED" --out "$dir")
    printf '%s seed=%s\n%s\n' "$gen_id" "$SEED" "$summary" >"$stamp"
  fi
  sed -n '2,$p' "$stamp" | sed 's/^/  /' >&2

  runs=$RUNS
  if [ "$n" -ge 10000 ] && [ "$runs" -gt 3 ]; then runs=3; fi
  # Warm the page cache and check that authlint reads the corpus without input errors.
  docs=$("$floor" "$dir")
  code=0
  "$authlint" lint "$dir" --format concise --exit-zero --isolated >/dev/null || code=$?
  if [ "$code" -ne 0 ]; then
    echo "authlint lint $dir exited $code: input errors in the generated corpus?" >&2
    exit 1
  fi
  json=$base/hyperfine-$n.json
  echo "timing $n flows ($runs runs)..." >&2
  hyperfine -N --warmup 1 --runs "$runs" --style basic --export-json "$json" \
    "$floor $dir" \
    "$authlint lint $dir --format concise --exit-zero --isolated" \
    "env RAYON_NUM_THREADS=1 $authlint lint $dir --format concise --exit-zero --isolated" \
    "$floor --parse model $dir" >&2
  # Peak RSS of one 2-thread run per format: concise (the timed one), text (streamed, the default), json, sarif.
  peak() {
    { /usr/bin/time -v "$authlint" lint "$dir" --format "$1" --exit-zero --isolated >/dev/null; } 2>&1 |
      awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}'
  }
  rss=$(peak concise)
  echo "$n $docs rss_kb=$rss rss_text=$(peak text) rss_json=$(peak json) rss_sarif=$(peak sarif) json=$json" >>"$results"
done

python3 - "$results" <<'PY'
import json, re, sys

rows = []
for line in open(sys.argv[1]):
    n, rest = line.split(" ", 1)
    f = dict(re.findall(r"([\w/]+)=(\S+)", rest))
    res = json.load(open(f["json"]))["results"]
    floor_s, lint_s, one_s, model_s = (res[i]["median"] for i in range(4))
    mb = int(f["bytes"]) / 1e6
    rows.append((int(n), int(f["files"]), mb, floor_s, lint_s, one_s, lint_s / floor_s, one_s / floor_s,
                 lint_s / mb, int(f["rss_kb"]) / 1024, model_s))

print("| flows | files | MB | floor s | lint s (2 threads) | lint s (1 thread) | ratio | ratio, 1 thread | s/MB | peak RSS MB |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n, files, mb, fs, ls, os_, ratio, ratio1, spm, rss, _ in rows:
    print(f"| {n:,} | {files:,} | {mb:.1f} | {fs:.3f} | {ls:.3f} | {os_:.3f} | {ratio:.2f} | {ratio1:.2f} | {spm:.4f} | {rss:.0f} |")
print("\nlint's one-thread time split: authlint's reader alone (floor --parse model, one thread) and the rest\n")
print("| flows | floor s | reader s | reader / floor | lint s (1 thread) | analysis s (1 thread - reader) | analysis share |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n, files, mb, fs, ls, os_, ratio, ratio1, spm, rss, ms in rows:
    print(f"| {n:,} | {fs:.3f} | {ms:.3f} | {ms / fs:.2f} | {os_:.3f} | {os_ - ms:.3f} | {(os_ - ms) / os_:.0%} |")
if len(rows) > 1:
    a, b = rows[0], rows[-1]
    print(f"\ns/MB at {b[0]:,} flows vs {a[0]:,}: {b[8] / a[8]:.2f}x")
print("\npeak RSS MB by format (one 2-thread run each):\n")
print("| flows | concise | text | json | sarif |")
print("| ---: | ---: | ---: | ---: | ---: |")
for line in open(sys.argv[1]):
    n, rest = line.split(" ", 1)
    f = dict(re.findall(r"([\w/]+)=(\S+)", rest))
    mb = [int(f[k]) / 1024 for k in ("rss_kb", "rss_text", "rss_json", "rss_sarif")]
    print(f"| {int(n):,} | " + " | ".join(f"{m:.0f}" for m in mb) + " |")
print("\nfiles and MB: JSON documents read (loose files and zip entries, inflated); times: hyperfine medians;"
      " ratio = lint / floor (the floor reads and parses on one thread); peak RSS of the 2-thread run")
PY
