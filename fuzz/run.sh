#!/usr/bin/env bash
# Runs godock's fuzz targets one after the other and prints, per target, the
# executions, executions per second, coverage and whether it crashed.
#
# Usage:   fuzz/run.sh [SECONDS] [TARGET...]     (default: 600 s, every target)
# Example: fuzz/run.sh 60 go_header
# Needs:   cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain
#          (`rustup toolchain install nightly`); run from anywhere.
#
# One libFuzzer process per target, one target at a time (the same as
# `-jobs=1`), so it takes one core. New inputs go to fuzz/corpus/TARGET
# (ignored by git), seeded from fuzz/seeds/TARGET (committed); a crash is saved
# under fuzz/artifacts/TARGET and makes the script exit 1. Logs: fuzz/logs/.
#
# Adding a target: write fuzz/fuzz_targets/NAME.rs (copy one; `fuzz_target!`
# over the bytes, assert what is cheap), add a [[bin]] NAME to
# fuzz/Cargo.toml, optionally put a few inputs in fuzz/seeds/NAME/, and list
# NAME in TARGETS below. `cargo +nightly fuzz list` shows the targets.
set -euo pipefail

TARGETS=(go_mod build_constraint go_header go_work vendor_modules_txt dockerfile makefile dockerignore)

cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
if [ $# -gt 0 ]; then TARGETS=("$@"); fi

mkdir -p logs
cargo +nightly fuzz build
status=0
for target in "${TARGETS[@]}"; do
    mkdir -p "corpus/$target" "seeds/$target"
    log="logs/$target.log"
    echo "== $target: ${seconds}s (log: fuzz/$log)"
    if cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
        result="no crash"
    else
        result="CRASH (see fuzz/$log and fuzz/artifacts/$target)"
        status=1
    fi
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    per_second=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    peak=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    coverage=$(echo "$last" | grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*/[0-9a-zA-Z]*' || echo "?")
    echo "   executions: $executions  exec/s: $per_second  $coverage  peak RSS: ${peak} MB  result: $result"
done
exit "$status"
