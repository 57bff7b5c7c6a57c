#!/usr/bin/env bash
# A short bounded run of every fuzz target (`cargo fuzz list`, the command
# line parser `args` among them): SECONDS each (default 20),
# starting from the regression inputs in tests/data/fuzz/<target>/, into a
# throwaway corpus. A crash, hang (10 s per input) or memory blow-up
# (2 GiB) fails the run and leaves the input in fuzz/artifacts/<target>/.
# Needs cargo-fuzz (fuzz/README.md); runs on stable with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
export RUSTC_BOOTSTRAP=1
cargo fuzz build
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
for target in $(cargo fuzz list); do
  echo "-- $target: $secs s"
  mkdir -p "$corpus/$target"
  log="$corpus/$target.log"
  if ! cargo fuzz run "$target" "$corpus/$target" "tests/data/fuzz/$target" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 80 "$log"
    exit 1
  fi
  grep -E '^(Done|stat::number_of_executed_units)' "$log"
done
