#!/usr/bin/env bash
# Runs every fuzz target for SECONDS_PER_TARGET seconds (default 600), one after another, and prints
# per target: runs executed, coverage, and whether a crash/timeout/OOM was found.
#
#   SECONDS_PER_TARGET=90 fuzz/run.sh            # all targets
#   SECONDS_PER_TARGET=90 fuzz/run.sh auth jwt   # some targets
#
# Seeds are read from fuzz/corpus/<t>/ (kept in git, small); inputs libFuzzer generates go to
# fuzz/corpus-gen/<t>/ (ignored). Reproducers land in fuzz/artifacts/<t>/, logs in fuzz/logs/.
set -uo pipefail

cd "$(dirname "$0")/.."
N="${SECONDS_PER_TARGET:-600}"
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(source json raw postman curl definition zip expr auth jwt challenge check lint)
fi

cargo +nightly fuzz build || exit 1
mkdir -p fuzz/logs

summary=()
status=0
for t in "${TARGETS[@]}"; do
    mkdir -p "fuzz/corpus-gen/$t" "fuzz/artifacts/$t"
    before=$(ls "fuzz/artifacts/$t" | wc -l)
    log="fuzz/logs/$t.log"
    echo "=== $t: ${N}s ==="
    start=$(date +%s)
    cargo +nightly fuzz run "$t" "fuzz/corpus-gen/$t" "fuzz/corpus/$t" -- \
        -max_total_time="$N" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - start ))
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    if [ -z "$runs" ]; then
        # No final stats (the run stopped on a finding): the last status line's run count.
        runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    after=$(ls "fuzz/artifacts/$t" | wc -l)
    finding="none"
    if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
        kind=$(grep -oE 'ERROR: libFuzzer: [a-z-]+|panicked at [^ ]+' "$log" | head -1)
        artifact=$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //')
        finding="FOUND (exit $rc${kind:+, $kind}${artifact:+, $artifact})"
        status=1
    fi
    line=$(printf '%-11s runs=%-10s %-22s time=%ss finding=%s' "$t" "${runs:-?}" "${cov:-cov: ?}" "$elapsed" "$finding")
    echo "$line"
    summary+=("$line")
done

echo
echo "=== summary (${N}s per target; logs in fuzz/logs/) ==="
printf '%s\n' "${summary[@]}"
exit $status
