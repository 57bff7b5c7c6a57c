"""railshed.distributed on a local two-CPU Ray: the merged results (matrix, comparison, sweep) are the unsharded ones.

Ray is required: without it these tests fail (they are the check that the
distributed runs work), they do not skip.
"""

import json

import pyarrow.parquet as pq
import pytest
import ray

import railshed
import railshed.distributed as rd
from conftest import ROOT

SHARDS = 3


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_distributed_matrix_is_the_unsharded_matrix(cli, tmp_path):
    window = ("07:00", "08:00")
    cli("matrix", "--from", "all", "--window", "07:00-08:00", "--percentiles", "50", "--best",
        "--out", tmp_path / "whole.parquet")
    table = rd.matrix("all", window=window, percentiles=[50], best=True, shards=SHARDS,
                      parts=tmp_path / "parts", out=tmp_path / "merged.parquet")
    parts = sorted(p.name for p in (tmp_path / "parts").iterdir())
    assert parts == [f"part-{i:05}-of-{SHARDS:05}.{x}" for i in range(SHARDS) for x in ("json", "parquet")]
    assert (tmp_path / "merged.parquet").read_bytes() == (tmp_path / "whole.parquet").read_bytes()
    assert table.equals(pq.read_table(tmp_path / "whole.parquet"))
    # The cells of Network.matrix, in the same order.
    direct = railshed.Network().matrix("all", window=window, percentiles=[50], best=True)
    assert table.column_names == direct.column_names
    for name in direct.column_names:
        assert table[name].to_pylist() == direct[name].to_pylist(), name


def test_a_distributed_comparison_is_the_unsharded_comparison(cli, tmp_path):
    settings = {"measures": ["door-to-door", "station"], "thresholds_min": [45, 60]}
    whole = railshed.compare(["today", "tru"], settings=settings)
    merged = rd.compare(["today", "tru"], settings=settings, shards=SHARDS, parts=tmp_path / "parts",
                        shared=True, out=tmp_path / "merged")
    assert len(list((tmp_path / "parts").glob("part-*.json"))) == SHARDS
    assert merged.to_json() == whole.to_json()
    for name in ("catchments", "network_effect"):
        assert getattr(merged, name).equals(getattr(whole, name)), name
    assert merged.zones == whole.zones.table
    # Parts returned through Ray's object store: the merged files are those of the command line's unsharded run.
    plain = rd.compare(["today", "tru"], shards=SHARDS, out=tmp_path / "plain")
    cli("compare", "today", "tru", "--out", tmp_path / "cli-plain")
    assert files(tmp_path / "plain") == files(tmp_path / "cli-plain")
    assert plain.to_json() == railshed.compare(["today", "tru"]).to_json()


def test_bad_input_in_a_task_raises_input_error():
    with pytest.raises(railshed.InputError) as e:
        rd.compare(["today", "no-such-scenario"], shards=2)
    assert "no-such-scenario" in str(e.value)
    with pytest.raises(railshed.InputError):
        rd.matrix(["Nowhere Parkway"], shards=2)
    with pytest.raises(railshed.InputError):
        rd.compare(["today"], shards=0)


SWEEP = ROOT / "tests" / "data" / "scenario" / "tiny-sweep.json"


def test_a_distributed_sweep_is_the_unsharded_sweep(cli, tmp_path):
    cli("sweep", SWEEP, "--out", tmp_path / "whole")
    cli("sweep", SWEEP, "--out", tmp_path / "whole.parquet")
    # Parts through Ray's object store, merged into the folder of `railshed sweep --out`.
    merged = rd.sweep(str(SWEEP), shards=SHARDS, parts=tmp_path / "parts", out=tmp_path / "merged")
    parts = sorted(p.name for p in (tmp_path / "parts").iterdir())
    assert parts == [f"part-{i:05}-of-{SHARDS:05}.{x}" for i in range(SHARDS) for x in ("json", "parquet")]
    assert files(tmp_path / "merged") == files(tmp_path / "whole")
    whole = railshed.sweep(str(SWEEP))
    assert merged.rows.equals(whole.rows)
    assert merged.metadata == whole.metadata
    # Parts written by the tasks into a shared folder, merged into the Parquet table.
    rd.sweep(str(SWEEP), shards=SHARDS, parts=tmp_path / "shared", shared=True, threads=1,
             out=tmp_path / "merged.parquet")
    assert (tmp_path / "merged.parquet").read_bytes() == (tmp_path / "whole.parquet").read_bytes()
    # A dict travels with the tasks and in the manifests.
    doc = json.loads(SWEEP.read_text())
    doc["scenario"] = str(SWEEP.parent / doc["scenario"])
    by_dict = rd.sweep(doc, shards=SHARDS, part_format="csv")
    assert by_dict.rows.equals(whole.rows)
    assert by_dict.metadata == railshed.sweep(doc).metadata
    # rd.merge of the command line's parts gives a Sweep too.
    for i in range(SHARDS):
        cli("sweep", SWEEP, "--shard", f"{i}/{SHARDS}", "--out", tmp_path / "cli-parts")
    assert rd.merge(tmp_path / "cli-parts").rows.equals(whole.rows)
    with pytest.raises(railshed.InputError) as e:
        rd.sweep({"format": "railshed-sweep/1"}, shards=2)
    assert str(e.value).startswith("sweep: ")
