"""The Python package gives the command line's answers, cell for cell."""

import csv
import io
import json
import os
import subprocess
import sys
import threading
import time

import pyarrow as pa
import pytest

import railshed
from conftest import GTFS, GTFS_DATE, ROOT


def cells(table: pa.Table):
    """A table's rows as the command line's CSV cells: None empty, whole floats as integers."""
    def cell(v):
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return [[cell(c[r]) for c in cols] for r in range(table.num_rows)]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


@pytest.fixture(scope="module")
def net():
    return railshed.Network()


@pytest.fixture(scope="module")
def gtfs():
    return railshed.Network(timetable=str(GTFS), date=GTFS_DATE)


# --- route ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "args, kwargs",
    [
        (["LDS", "MAN", "--depart", "08:00"], dict(depart="08:00")),
        (["LDS", "MAN", "--arrive-by", "09:00"], dict(arrive_by="09:00")),
        (["Liverpool Lime Street", "YRK", "--depart", "07:30", "--max-transfers", "1"],
         dict(depart="07:30", max_transfers=1)),
        (["LDS", "MAN", "--depart", "23:59"], dict(depart="23:59")),
    ],
)
def test_route_is_the_cli_json(net, cli, args, kwargs):
    expect = json.loads(cli("route", *args, "--format", "json").stdout)
    assert net.route(args[0], args[1], **kwargs) == expect


def test_route_on_a_gtfs_feed_is_the_cli_json(gtfs, cli):
    expect = cli("route", "LDS", "MAN", "--depart", "07:50", "--format", "json",
                 "--timetable", GTFS, "--date", GTFS_DATE).stdout
    got = gtfs.route("LDS", "MAN", depart="07:50")
    assert got == json.loads(expect)
    assert got["legs"], "the mini feed has a journey from Leeds to Manchester"


# --- matrix ---------------------------------------------------------------------------------------

def check_matrix(cli, tmp_path, network: railshed.Network, cli_args, **kwargs):
    """The Python matrix equals the CSV `railshed matrix` writes for the same request."""
    out = tmp_path / "m.csv"
    cli("matrix", *cli_args, "--out", out)
    header, rows = read_csv(out)
    table = network.matrix(**kwargs)
    table.validate(full=True)
    assert table.column_names == header
    assert cells(table) == rows
    return table


def test_matrix_of_all_stations_is_the_cli_csv(net, cli, tmp_path):
    t = check_matrix(
        cli, tmp_path, net,
        ["--from", "all", "--window", "07:00-07:30", "--percentiles", "10,50,90", "--mean", "--best"],
        origins="all", window=("07:00", "07:30"), percentiles=[10, 50, 90], mean=True, best=True,
    )
    n = net.stations.num_rows
    assert t.num_rows == n * n
    assert t.schema.field("p50").type == pa.int32()
    assert t.column("p50").null_count > 0, "some stations are not reached"


def test_matrix_of_named_origins_with_the_default_statistic(net, cli, tmp_path):
    check_matrix(cli, tmp_path, net, ["--from", "LDS,Manchester Piccadilly", "--max-transfers", "1"],
                 origins=["LDS", "Manchester Piccadilly"], max_transfers=1)


def test_matrix_on_a_gtfs_feed_is_the_cli_csv(gtfs, cli, tmp_path):
    check_matrix(cli, tmp_path, gtfs,
                 ["--from", "all", "--window", "07:30-09:00", "--percentiles", "50", "--best",
                  "--timetable", GTFS, "--date", GTFS_DATE],
                 origins="all", window=("07:30", "09:00"), percentiles=[50], best=True)


def test_matrix_with_schemes_is_the_cli_csv(cli, tmp_path):
    npr = railshed.Network(schemes=["npr-tfn"])
    check_matrix(cli, tmp_path, npr, ["--from", "LDS,HUL", "--scheme", "npr-tfn", "--mean"],
                 origins="LDS,HUL", mean=True)


# --- stations -------------------------------------------------------------------------------------

def test_stations_table(net, gtfs):
    s = net.stations
    s.validate(full=True)
    assert s.column_names == ["id", "name", "crs", "tiploc", "tiplocs", "lat", "lon", "min_change_s",
                              "interchange", "lad"]
    leeds = s.filter(pa.compute.equal(s.column("id"), "LDS")).to_pylist()[0]
    assert leeds["name"] == "Leeds" and leeds["crs"] == "LDS" and 53 < leeds["lat"] < 54
    assert leeds["interchange"] is True
    g = gtfs.stations.to_pylist()
    assert [r["id"] for r in g][:2] == ["LDS", "HUD"]
    assert g[0]["crs"] is None and g[0]["lad"] is None


# --- compare --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def comparison(cli, tmp_path_factory):
    """today vs npr-tfn, from Python and from the command line (its JSON and its --out files)."""
    out = tmp_path_factory.mktemp("compare")
    json_text = cli("compare", "today", "npr-tfn", "--format", "json", "--out", out / "files").stdout
    return railshed.compare(["today", "npr-tfn"]), json_text, out / "files"


def test_compare_json_is_the_cli_json(comparison):
    cmp, json_text, _ = comparison
    assert cmp.to_json() == json_text
    assert cmp.to_dict() == json.loads(json_text)
    assert cmp.scenarios == [s["name"] for s in cmp.to_dict()["scenarios"]]


def test_catchments_and_network_effect_are_the_cli_csv(comparison):
    cmp, _, files = comparison
    header, rows = read_csv(files / "hubs.csv")
    t = cmp.catchments
    t.validate(full=True)
    # hubs.csv: hub,hub_name,threshold_min,measure,scenario,population,change
    got = [[r[1], r[2], r[3], r[4], r[0], r[5], r[6]] for r in cells(t)]
    assert got == rows
    header, rows = read_csv(files / "network_effect.csv")
    t = cmp.network_effect
    # network_effect.csv: n,k,minutes,measure,scenario,population,change
    # (the table adds definition, "default" here, first)
    assert {r[0] for r in cells(t)} == {"default"}
    got = [[r[2], r[3], r[4], r[5], r[1], r[6], r[7]] for r in cells(t)]
    assert got == rows


def test_zones_are_the_cli_csv(comparison):
    cmp, _, files = comparison
    header, rows = read_csv(files / "zones.csv")
    z = cmp.zones
    z.validate(full=True)
    n = len(rows)
    assert z.num_rows == 2 * n
    fixed = ["zone", "name", "lad", "population", "jobs", "lat", "lon"]
    per_run = [h[3:] for h in header if h.startswith("s0_")]
    assert z.column_names == ["scenario"] + fixed + per_run
    fmt = {"jobs": "{:.1f}", "lat": "{:.6f}", "lon": "{:.6f}"}
    for name in per_run:
        fmt[name] = "{:.1f}" if name.startswith(("jobs_", "min_")) else "{:.2f}" if name.startswith("ed_") else "{}"
    data = z.to_pylist()
    for r, scenario in enumerate(cmp.scenarios):
        for i, row in enumerate(rows):
            rec = data[r * n + i]
            assert rec["scenario"] == scenario
            want = dict(zip(header, row))
            for col in fixed + per_run:
                v = rec[col]
                text = "" if v is None else fmt.get(col, "{}").format(v)
                key = col if col in fixed else f"s{r}_{col}"
                assert text == want[key], (scenario, row[0], col)


def test_write_report(comparison, tmp_path):
    cmp, _, _ = comparison
    path = tmp_path / "report.html"
    cmp.write_report(path)
    html = path.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "Leeds" in html
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    with pytest.raises(railshed.InputError):
        cmp.write_report(tmp_path / "a-file" / "report.html")


# --- errors ---------------------------------------------------------------------------------------

def cli_error(cli, *args):
    r = cli(*args, check=False)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("error: ")
    return r.stderr[len("error: "):].rstrip("\n")


def test_unknown_station_is_the_cli_message(net, cli):
    expect = cli_error(cli, "route", "Nowhere", "MAN", "--depart", "08:00")
    with pytest.raises(railshed.InputError) as e:
        net.route("Nowhere", "MAN", depart="08:00")
    assert str(e.value) == expect
    assert isinstance(e.value, ValueError)


def test_matrix_errors_are_the_cli_messages(net, cli, tmp_path):
    out = tmp_path / "x.csv"
    for cli_args, kwargs in [
        (["--percentiles", "101"], dict(percentiles=[101])),
        (["--threads", "257"], dict(threads=257)),
        (["--from", "LDS,Manchster"], dict(origins="LDS,Manchster")),
    ]:
        args = ["matrix", "--from", "all", *cli_args, "--out", out] if cli_args[0] != "--from" else \
            ["matrix", *cli_args, "--out", out]
        expect = cli_error(cli, *args)
        with pytest.raises(railshed.InputError) as e:
            net.matrix(**kwargs)
        assert str(e.value) == expect


@pytest.mark.parametrize(
    "name, position, obj",
    [
        (None, "1:46", None),
        ("bad-time.json", "$.lines[0].service.departures[1]", 'line "x"'),
        ("duplicate-line.json", "$.lines[1].id", 'line "x"'),
    ],
)
def test_a_bad_network_file_names_the_file_place_and_object(cli, tmp_path, name, position, obj):
    if name is None:
        bad = tmp_path / "bad.json"
        bad.write_text('{"format": "railshed-network/1", "stations": 3}', encoding="utf-8")
    else:
        bad = ROOT / "tests" / "data" / "bad" / "network" / name
    expect = cli_error(cli, "route", "LDS", "MAN", "--depart", "08:00", "--network", bad)
    with pytest.raises(railshed.InputError) as e:
        railshed.Network(str(bad))
    assert str(e.value) == expect
    assert (e.value.file, e.value.position, e.value.object) == (str(bad), position, obj)


@pytest.mark.parametrize(
    "call",
    [
        lambda: railshed.Network(schemes=["no-such-scheme"]),
        lambda: railshed.Network(timetable=str(GTFS), date="2020-02-30"),
        lambda: railshed.Network(timetable=str(GTFS)),
        lambda: railshed.Network(str(ROOT / "no-such-network.json")),
        lambda: railshed.Network().route("LDS", "MAN"),
        lambda: railshed.Network().route("LDS", "MAN", depart="25:61"),
        lambda: railshed.Network().matrix("LDS", window=("09:00", "07:00")),
        lambda: railshed.compare(["today", "no-such-scenario"]),
        lambda: railshed.compare(["today"], settings={"thresholds": [30]}),
        lambda: railshed.compare(["today"], settings={"against": "sideways"}),
    ],
)
def test_bad_input_raises_input_error(call):
    with pytest.raises(railshed.InputError) as e:
        call()
    msg = str(e.value)
    assert msg and "\n" not in msg and len(msg) <= 393


def test_a_table_is_exported_once(net):
    batch = net._net.stations()
    first = pa.record_batch(batch)
    assert first.num_rows == net.stations.num_rows
    with pytest.raises(RuntimeError):
        pa.record_batch(batch)


# --- threads --------------------------------------------------------------------------------------

def one_matrix(net):
    return net.matrix("all", window=("07:00", "08:00"), percentiles=[50], threads=1)


def test_the_gil_is_released_while_computing(net):
    """Python code runs in another thread while a matrix is computed."""
    done = threading.Event()
    result = []

    def work():
        result.append(one_matrix(net))
        done.set()

    t = threading.Thread(target=work)
    ticks = 0
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert result[0].num_rows > 0
    assert ticks > 10, f"the main thread ran {ticks} times during the computation"


def test_two_threads_at_once_give_what_one_gives(net):
    """Two matrices computed at once, in two Python threads, equal one computed alone.

    That they run in parallel rests on the GIL being released while computing
    (test_the_gil_is_released_while_computing); how fast is a measurement, not a test.
    """
    alone = one_matrix(net)
    results = [None, None]

    def work(i):
        results[i] = one_matrix(net)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert alone.num_rows > 0
    for r in results:
        assert r is not None and r.equals(alone)


def test_results_are_identical_across_rayon_thread_counts():
    script = (
        "import hashlib, railshed; net = railshed.Network(schemes=['npr-tfn']); "
        "t = net.matrix('all', window=('07:00', '07:20'), percentiles=[10, 50], mean=True); "
        "print(hashlib.sha256(repr(t.to_pydict()).encode()).hexdigest())"
    )
    digests = set()
    for n in ["1", "2", "5"]:
        env = dict(os.environ, RAYON_NUM_THREADS=n)
        r = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        digests.add(r.stdout.strip())
    assert len(digests) == 1, digests


# --- zones as a GeoDataFrame, settings ------------------------------------------------------------

def test_zones_behave_as_the_table_and_give_geometries(comparison):
    cmp, _, _ = comparison
    z = cmp.zones
    t = z.table
    assert isinstance(t, pa.Table)
    assert z.num_rows == t.num_rows == len(z)
    assert pa.table(z).equals(t)
    assert z == t and z["zone"].equals(t["zone"])
    assert z.to_pandas().equals(t.to_pandas())
    gdf = z.to_geopandas()
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == t.num_rows
    # The embedded zones are MSOAs, whose outlines are not shipped: points at their centroids.
    assert set(gdf.geom_type) == {"Point"}
    assert list(gdf.geometry.x) == t["lon"].to_pylist() and list(gdf.geometry.y) == t["lat"].to_pylist()
    assert cmp.to_geopandas().equals(gdf)


def test_zones_that_are_local_authorities_are_their_polygons(tmp_path):
    # Two local authorities as zones (the columns of a zones file): Leeds and Bradford.
    zones = tmp_path / "lads.csv"
    zones.write_text(
        "msoa21_cd,msoa21_nm,lad21_cd,population,lat,lon\n"
        "E08000035,Leeds,E08000035,811956,53.7997,-1.5492\n"
        "E08000032,Bradford,E08000032,546412,53.7960,-1.7594\n",
        encoding="utf-8",
    )
    cmp = railshed.compare(["today", "npr-tfn"], settings={"zones": str(zones)})
    gdf = cmp.zones.to_geopandas()
    assert list(gdf.geom_type) == ["MultiPolygon"] * 4
    leeds = gdf[gdf.zone == "E08000035"].geometry.iloc[0]
    assert leeds.contains(__import__("shapely").geometry.Point(-1.5492, 53.7997))
    assert 0.05 < leeds.area < 0.2  # square degrees: Leeds is about 550 km²


def test_settings_override_is_a_scenario_file_s_settings(cli, tmp_path):
    settings = {"thresholds_min": [50, 75], "percentile": 40, "network_effect": {"n": 2}}
    names = []
    for shipped in ["today", "tru"]:
        src = json.loads((ROOT / "scenarios" / f"{shipped}.json").read_text(encoding="utf-8"))
        path = tmp_path / f"{shipped}.json"
        path.write_text(json.dumps({"format": "railshed-scenario/1", "name": src["name"],
                                    "extends": str(ROOT / "scenarios" / f"{shipped}.json"),
                                    "settings": settings}), encoding="utf-8")
        names.append(path)
    cli("compare", *names, "--out", tmp_path / "files")
    cmp = railshed.compare(["today", "tru"], settings=settings)
    plain = railshed.compare(["today", "tru"])
    _, rows = read_csv(tmp_path / "files" / "hubs.csv")
    got = [[r[1], r[2], r[3], r[4], r[0], r[5], r[6]] for r in cells(cmp.catchments)]
    assert got == rows
    assert sorted({r[2] for r in rows}) == ["50", "75"]
    _, rows = read_csv(tmp_path / "files" / "network_effect.csv")
    # the table's columns: definition ("default" here), scenario, n, k, minutes, measure, population, change
    assert {r[0] for r in cells(cmp.network_effect)} == {"default"}
    assert [[r[2], r[3], r[4], r[5], r[1], r[6], r[7]] for r in cells(cmp.network_effect)] == rows
    assert cmp.to_dict()["settings"] == json.loads((tmp_path / "files" / "result.json").read_text())["settings"]
    assert not cmp.zones.table.equals(plain.zones.table)


def test_a_bad_setting_is_the_scenario_file_s_message(cli, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"format": "railshed-scenario/1", "name": "S", "settings": {"percentile": 140}}),
                    encoding="utf-8")
    want = cli_error(cli, "compare", path)
    with pytest.raises(railshed.InputError) as e:
        railshed.compare(["today"], settings={"percentile": 140})
    assert want.startswith(f"{path}: $.settings.percentile: ")
    assert str(e.value) == "settings" + want[len(str(path)):]
    assert e.value.file == "settings" and e.value.position == "$.settings.percentile"


# --- sweep ----------------------------------------------------------------------------------------

SWEEP = ROOT / "tests" / "data" / "scenario" / "tiny-sweep.json"


@pytest.fixture(scope="module")
def swept():
    return railshed.sweep(str(SWEEP))


def test_sweep_is_the_cli_sweep(swept, cli, tmp_path):
    cli("sweep", SWEEP, "--out", tmp_path / "cli", "--threads", "2")
    header, rows = read_csv(tmp_path / "cli" / "sweep.csv")
    assert swept.rows.column_names == header
    assert cells(swept.rows) == rows
    assert swept.rows.num_rows == 6
    assert swept.metadata == json.loads((tmp_path / "cli" / "sweep.json").read_text())
    # Written as the command line writes it, byte for byte: a folder and the table alone.
    swept.write(str(tmp_path / "py"))
    for name in ("sweep.csv", "sweep.json"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    cli("sweep", SWEEP, "--out", tmp_path / "cli.parquet")
    swept.write(tmp_path / "py.parquet")
    assert (tmp_path / "py.parquet").read_bytes() == (tmp_path / "cli.parquet").read_bytes()


def test_a_sweep_dict_is_its_file_on_any_number_of_threads(swept):
    doc = json.loads(SWEEP.read_text())
    doc["scenario"] = str(SWEEP.parent / doc["scenario"])  # relative to the working folder, not to a file
    one = railshed.sweep(doc, threads=1)
    assert one.rows.equals(swept.rows)
    assert one.metadata["run"]["request"] == {"sweep": "sweep", "document": doc}
    assert railshed.sweep(str(SWEEP), threads=2).rows.equals(swept.rows)


def test_one_shard_of_a_sweep_is_its_rows_of_the_whole(swept, cli, tmp_path):
    part = railshed.sweep(SWEEP, shard="1/3")
    assert part.metadata["format"] == "railshed-shard/1"
    assert part.metadata["shard"] == {"index": 1, "count": 3, "variants": [2, 4]}
    assert cells(part.rows) == cells(swept.rows.slice(2, 2))
    assert cells(railshed.sweep(SWEEP, shard=(1, 3)).rows) == cells(part.rows)
    cli("sweep", SWEEP, "--shard", "1/3", "--out", tmp_path / "parts")
    assert part.metadata == json.loads((tmp_path / "parts" / "part-00001-of-00003.json").read_text())
    with pytest.raises(railshed.InputError):
        part.write(tmp_path / "x.csv")


def test_sweep_errors_are_the_cli_messages(cli, tmp_path):
    bad = tmp_path / "bad-sweep.json"
    doc = json.loads(SWEEP.read_text())
    doc["scenario"] = str(SWEEP.parent / doc["scenario"])
    doc["parameters"][0]["modification"] = 7
    bad.write_text(json.dumps(doc))
    for cli_args, kwargs, says in [
        ([bad], dict(path_or_dict=str(bad)), "$.parameters[0].modification: 7 names no modification"),
        ([SWEEP, "--threads", "0"], dict(path_or_dict=SWEEP, threads=0), "--threads must be at least 1"),
    ]:
        expect = cli_error(cli, "sweep", *cli_args, "--out", tmp_path / "out")
        assert says in expect, expect
        with pytest.raises(railshed.InputError) as e:
            railshed.sweep(**kwargs)
        assert str(e.value) == expect
    with pytest.raises(railshed.InputError) as e:
        railshed.sweep(doc)
    assert str(e.value).startswith("sweep: $.parameters[0].modification: 7 names no modification"), str(e.value)
    for shard in ("3/3", (0, 0), "x"):
        with pytest.raises(railshed.InputError):
            railshed.sweep(SWEEP, shard=shard)
    with pytest.raises(railshed.InputError):
        railshed.sweep(42)
