"""Shared fixtures: the repository, the command-line binary to compare with."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
GTFS = ROOT / "tests" / "data" / "timetable" / "mini_gtfs"
GTFS_DATE = "2020-03-20"


def cli_path() -> pathlib.Path:
    """The railshed binary: $RAILSHED_BIN, else the release build of this checkout."""
    return pathlib.Path(os.environ.get("RAILSHED_BIN", ROOT / "target" / "release" / "railshed"))


@pytest.fixture(scope="session")
def cli():
    """Runs the railshed command line; returns the completed process (check=False)."""
    path = cli_path()
    if not path.exists():
        pytest.fail(f"{path} is missing: build it with `cargo build --release -p railshed-cli` or set RAILSHED_BIN")

    def run(*args, check=True):
        r = subprocess.run([str(path), "--quiet", *map(str, args)], capture_output=True, text=True, cwd=ROOT)
        if check and r.returncode != 0:
            raise AssertionError(f"railshed {' '.join(map(str, args))}: exit {r.returncode}: {r.stderr}")
        return r

    return run
