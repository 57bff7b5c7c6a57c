"""The examples of docs/python.md run as written: the worked example, and the Ray example on a local Ray."""

import os
import re

import pandas as pd

from conftest import ROOT


def example(marker: str = "python-example") -> str:
    text = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    m = re.search(rf"<!-- {re.escape(marker)} -->\s*```python\n(.*?)```", text, re.S)
    assert m, f"docs/python.md has no example after <!-- {marker} -->"
    return m.group(1)


def test_the_worked_example_runs(tmp_path, capsys):
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(compile(example(), "docs/python.md", "exec"), {"__name__": "example"})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "NPR (TfN full network)" in out and "zones get to Leeds faster" in out
    saved = pd.read_csv(tmp_path / "leeds-minutes.csv")
    assert list(saved.columns) == ["zone", "NPR (TfN full network)", "Today", "saved_min"]
    assert len(saved) == 1968
    png = (tmp_path / "leeds-npr.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_the_ray_example_runs(tmp_path, capsys):
    import ray

    import railshed

    if ray.is_initialized():  # the example starts its own
        ray.shutdown()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        scope = {"__name__": "example"}
        exec(compile(example("python-example: ray"), "docs/python.md", "exec"), scope)
    finally:
        os.chdir(cwd)
        if ray.is_initialized():
            ray.shutdown()
    assert not ray.is_initialized(), "the example shuts Ray down"
    # What each line says it equals.
    matrix = railshed.Network().matrix("all", window=("07:00", "08:00"), percentiles=[50])
    assert scope["table"].column_names == matrix.column_names
    for name in matrix.column_names:
        assert scope["table"][name].to_pylist() == matrix[name].to_pylist(), name
    assert scope["cmp"].to_json() == railshed.compare(["today", "tru"], settings={"percentile": 40}).to_json()
    assert (tmp_path / "out" / "result.json").read_text() == scope["cmp"].to_json()
    whole = railshed.sweep(scope["sweep"])
    assert scope["sw"].rows.equals(whole.rows)
    assert whole.rows.num_rows == 4
    whole.write(tmp_path / "whole")
    for name in ("sweep.csv", "sweep.json"):
        assert (tmp_path / "sweep" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    out = capsys.readouterr().out
    assert "catchment_leeds_60_change" in out
