"""Reads railshed's Parquet files with pyarrow and DuckDB (see parquet_readers.sh)."""

import csv
import glob
import json
import os
import sys

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

tmp = sys.argv[1]
passed, failed = 0, 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


with open(os.path.join(tmp, "whole", "zone_hub_times.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
expect = [(r["zone"], r["hub"], r["scenario"], float(r["minutes"]) if r["minutes"] else None) for r in rows]

for name in ["zone-hub.parquet", "merged.parquet"]:
    path = os.path.join(tmp, name)
    table = pq.read_table(path)
    check(f"{name}: pyarrow columns", table.schema.names == ["zone", "hub", "scenario", "minutes"], table.schema)
    check(f"{name}: pyarrow types", [str(t) for t in table.schema.types] == ["string", "string", "string", "double"])
    got = list(zip(*(table.column(c).to_pylist() for c in ["zone", "hub", "scenario", "minutes"])))
    check(f"{name}: pyarrow rows equal the CSV's", got == expect, f"{len(got)} rows, {len(expect)} expected")
    con = duckdb.connect()
    got = con.execute(f"SELECT zone, hub, scenario, minutes FROM read_parquet('{path}')").fetchall()
    check(f"{name}: DuckDB rows equal the CSV's", got == expect, f"{len(got)} rows")
    n, reached = con.execute(
        f"SELECT count(*), count(minutes) FROM '{path}' WHERE scenario = 'Today' AND hub = 'leeds'"
    ).fetchone()
    check(f"{name}: DuckDB query", n == 1968 and 0 < reached <= n, (n, reached))

# The parts, read as one dataset: every zone once per scenario and indicator key.
parts = sorted(glob.glob(os.path.join(tmp, "parts", "part-*.parquet")))
check("three parts", len(parts) == 3, parts)
manifests = [json.load(open(p[: -len(".parquet")] + ".json")) for p in parts]
rows_recorded = sum(m["part"]["rows"] for m in manifests)
con = duckdb.connect()
n, zones = con.execute(
    f"SELECT count(*), count(DISTINCT zone) FROM read_parquet('{os.path.join(tmp, 'parts', 'part-*.parquet')}')"
).fetchone()
check("DuckDB reads the parts as one dataset", n == rows_recorded and zones == 1968, (n, zones, rows_recorded))
dataset = pq.ParquetDataset(parts).read()
check("pyarrow reads the parts as one dataset", dataset.num_rows == rows_recorded, dataset.num_rows)
leeds = {
    (r["zone_code"], r["scenario"]): r["value"]
    for r in dataset.to_pylist()
    if r["indicator"] == "minutes" and r["key"] == "leeds"
}
scen = {"Today": 0, "NPR (TfN full network)": 1}
same = all(
    (leeds[(z, scen[s])] is None) == (m is None) and (m is None or f"{leeds[(z, scen[s])]:.1f}" == f"{m:.1f}")
    for (z, h, s, m) in expect
    if h == "leeds"
)
check("per-zone minutes of the parts round to the zone × hub table", same)

# The matrix, long: the values of the CSV.
with open(os.path.join(tmp, "matrix.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
cols = ["origin", "destination", "p10", "p50", "best"]
num = lambda v: float(v) if v else None
expect = [(r["origin"], r["destination"], num(r["p10"]), num(r["p50"]), num(r["best"])) for r in rows]
path = os.path.join(tmp, "matrix.parquet")
table = pq.read_table(path)
check("matrix: pyarrow columns", table.schema.names == cols, table.schema.names)
got = list(zip(*(table.column(c).to_pylist() for c in cols)))
check("matrix: pyarrow rows equal the CSV's", got == expect, f"{len(got)} rows, {len(expect)} expected")
got = duckdb.connect().execute(f"SELECT {', '.join(cols)} FROM read_parquet('{path}')").fetchall()
check("matrix: DuckDB rows equal the CSV's", got == expect, f"{len(got)} rows")

# A large matrix, written a row group at a time: its row groups, and the
# values of its CSV in order.
path = os.path.join(tmp, "big.parquet")
meta = pq.ParquetFile(path).metadata
shape = (meta.num_rows, meta.num_row_groups)
check("big matrix: rows and row groups", shape == (2304 * 2304, 21), shape)
cols = ["origin", "destination", "p50"]
types = {"origin": pa.string(), "destination": pa.string(), "p50": pa.float64()}
want = pacsv.read_csv(os.path.join(tmp, "big.csv"), convert_options=pacsv.ConvertOptions(column_types=types))
got = pq.read_table(path)
check("big matrix: pyarrow columns", got.schema.names == cols, got.schema.names)
for c in cols:
    check(f"big matrix: pyarrow column {c} equals the CSV's", got.column(c).equals(want.column(c)))
summary = "SELECT count(*), count(DISTINCT origin), count(p50), sum(p50) FROM "
got = duckdb.connect().execute(summary + f"read_parquet('{path}')").fetchone()
columns = "{'origin': 'VARCHAR', 'destination': 'VARCHAR', 'p50': 'DOUBLE'}"
csv_path = os.path.join(tmp, "big.csv")
want = duckdb.connect().execute(summary + f"read_csv('{csv_path}', header = true, columns = {columns})").fetchone()
check("big matrix: DuckDB sums equal the CSV's", got == want and got[0] == 2304 * 2304, f"{got} {want}")

print(f"parquet readers: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
