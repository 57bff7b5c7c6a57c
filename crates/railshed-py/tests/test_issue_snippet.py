"""The package's API as README.md and docs/python.md introduce it, line by line as a user writes it: each call
runs and gives what its documentation says. Only the file names are this test's (a zip of the mini GTFS feed on a
weekday it runs, and a scenario file of its own)."""

import json
import shutil

import pyarrow as pa
import pytest

import railshed
from conftest import GTFS, GTFS_DATE


@pytest.fixture()
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.make_archive(str(tmp_path / "feed"), "zip", GTFS)
    scenario = {
        "format": "railshed-scenario/1",
        "name": "My scenario",
        "description": "NPR (TfN) written as a file of one's own.",
        "base": "default",
        "modifications": [{"type": "add_overlay", "scheme": "npr-tfn"}],
    }
    (tmp_path / "my_scenario.json").write_text(json.dumps(scenario), encoding="utf-8")
    sweep = {
        "format": "railshed-sweep/1",
        "name": "My sweep",
        "scenario": "my_scenario.json",
        "parameters": [{"name": "npr", "modification": 0, "field": "enabled", "values": [False]}],
    }
    (tmp_path / "my-sweep.json").write_text(json.dumps(sweep), encoding="utf-8")
    return tmp_path


def test_the_api_runs_as_written(files):
    net = railshed.Network()
    assert net.stations.num_rows > 500
    net = railshed.Network(schemes=["npr-tfn"])
    assert net.stations.num_rows > 500
    feed = railshed.Network(timetable="feed.zip", date=GTFS_DATE, default_change_time=5)
    assert feed.stations.num_rows > 0
    assert isinstance(net.stations, pa.Table)
    assert {"id", "name", "crs", "tiploc", "lat", "lon"} <= set(net.stations.column_names)

    net = railshed.Network()
    by_departure = net.route("LDS", "MAN", depart="08:00")
    by_arrival = net.route("LDS", "MAN", arrive_by="09:00")
    assert isinstance(by_departure, dict) and isinstance(by_arrival, dict)
    assert by_departure != by_arrival

    m = net.matrix(origins="all", window=("07:00", "09:00"), percentiles=[10, 50, 90])
    assert isinstance(m, pa.Table) and m.num_rows > 100_000

    cmp = railshed.compare(["today", "npr-tfn", "my_scenario.json"], settings={"thresholds_min": [60, 90]})
    d = cmp.to_dict()
    assert [s["name"] for s in d["scenarios"]][-1] == "My scenario"
    assert isinstance(cmp.catchments, pa.Table)
    assert {"scenario", "hub", "minutes", "population", "change"} <= set(cmp.catchments.column_names)
    assert set(cmp.catchments.column("minutes").to_pylist()) == {60, 90}
    rows = cmp.catchments.to_pylist()
    by = {}
    for r in rows:
        by.setdefault(r["scenario"], []).append((r["hub"], r["minutes"], r["measure"], r["population"]))
    assert len(by) == 3
    today, npr, mine = by.values()
    assert mine == npr != today  # the file adds the same scheme as npr-tfn
    assert isinstance(cmp.network_effect, pa.Table) and cmp.network_effect.num_rows > 0
    assert cmp.zones.num_rows == 3 * 1968
    gdf = cmp.zones.to_geopandas()
    assert len(gdf) == cmp.zones.num_rows and str(gdf.crs) == "EPSG:4326"
    cmp.write_report("report.html")
    assert (files / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    sw = railshed.sweep("my-sweep.json", threads=4)
    assert isinstance(sw.rows, pa.Table) and sw.rows.num_rows == 1
    assert sw.rows.column("npr").to_pylist() == [0] and sw.rows.column("trips_change").to_pylist()[0] < 0
    assert sw.metadata["format"] == "railshed-sweep-result/1"
    assert sw.metadata["run"]["request"] == {"sweep": "my-sweep.json"}
    sw.write("sweep/")
    assert (files / "sweep" / "sweep.csv").read_bytes().startswith(b"variant,npr,trips,trips_change,")
