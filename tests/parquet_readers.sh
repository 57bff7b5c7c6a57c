#!/usr/bin/env bash
# Parquet files railshed writes open in DuckDB and pyarrow without options, with the
# values of the CSV beside them: the zone × hub table of `compare --out FILE.parquet`,
# the same table merged from parts, the parts of a sharded run read as one dataset, and
# matrices of one and of many row groups.
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
# A matrix of 2,304 stations (5,308,416 cells, 21 row groups): the mini feed with 2,300 more stops.
cp -r tests/data/timetable/mini_gtfs "$tmp/feed"
"$python" -c '
import sys
with open(sys.argv[1], "a") as f:
    f.writelines(f"X{i},Stop {i},{53.0 + i * 1e-4:.6f},-1.5,,\n" for i in range(2300))
' "$tmp/feed/stops.txt"
for out in big.csv big.parquet; do
    "$railshed" --quiet matrix --from all --timetable "$tmp/feed" --date 2020-03-20 --out "$tmp/$out"
done
"$python" tests/parquet_readers.py "$tmp"
