#!/usr/bin/env bash
# Parquet files railshed writes open in DuckDB and pyarrow without options, with the
# values of the CSV beside them: the zone × hub table of `compare --out FILE.parquet`,
# the same table merged from parts, and the parts of a sharded run read as one dataset.
# Called by .ci/run; needs the Python packages of .ci/requirements.txt (.ci/venv).
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(.ci/venv)
cargo build --quiet -p railshed-cli --locked
railshed="$PWD/target/debug/railshed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$railshed" --quiet compare npr-tfn --out "$tmp/whole" >/dev/null
"$railshed" --quiet compare npr-tfn --out "$tmp/zone-hub.parquet" >/dev/null
for i in 0 1 2; do
    "$railshed" --quiet compare npr-tfn --shard "$i/3" --out "$tmp/parts"
done
"$railshed" --quiet merge "$tmp/parts" --out "$tmp/merged.parquet"
"$railshed" --quiet matrix --from all --window 07:00-07:20 --percentiles 10,50 --best --out "$tmp/matrix.csv"
"$railshed" --quiet matrix --from all --window 07:00-07:20 --percentiles 10,50 --best --out "$tmp/matrix.parquet"
"$python" tests/parquet_readers.py "$tmp"
