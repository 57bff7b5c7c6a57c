"""The worked example of docs/python.md runs as written."""

import os
import re

import pandas as pd

from conftest import ROOT


def example() -> str:
    text = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- python-example -->\s*```python\n(.*?)```", text, re.S)
    assert m, "docs/python.md has no example after <!-- python-example -->"
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
