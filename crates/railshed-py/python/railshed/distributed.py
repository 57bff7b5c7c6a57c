"""Sharded matrices, comparisons and sweeps run as Ray tasks, then merged.

Each Ray task runs one shard, exactly what ``railshed matrix --shard I/N``,
``railshed compare --shard I/N`` or ``railshed sweep FILE --shard I/N``
runs (a contiguous part of the origins, of the zones or of the variants,
every station or zone still a destination), and the parts
are merged as ``railshed merge`` merges them: the result is the unsharded
run's, byte for byte::

    import ray, railshed.distributed as rd
    ray.init()                                             # a local Ray, one worker per core
    table = rd.matrix("all", window=("07:00", "09:00"))    # pyarrow.Table, = Network().matrix(...)
    cmp = rd.compare(["today", "npr-tfn"], shards=16)      # railshed.Comparison, = railshed.compare(...)
    sw = rd.sweep("my-sweep.json", shards=8)               # railshed.Sweep, = railshed.sweep(...)

On a cluster, give its address (``address="ray://head:10001"`` or
``"auto"`` on a node of it), or call ``ray.init`` yourself first. Every
node needs the ``railshed`` package installed, and the files a run names
(sweep, scenario, overlay, network, zone and hub files) at the same paths;
shipped scenarios and the embedded network need nothing.

Where parts go: by default each task returns its part (the Parquet bytes
and the manifest) through Ray's object store and this process writes them
into a folder of its own (``parts=`` keeps them there). With
``shared=True``, each task writes its part into ``parts`` itself, a folder
every node sees at the same path (NFS, a shared volume), and only the file
names travel back.

Needs ``ray`` (``pip install "ray>=2.9"``).
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Callable, Dict, Optional, Sequence, Tuple, Union

import pyarrow as pa

from . import Comparison, InputError, Sweep, _names, _request, _sweep_source
from . import _railshed

__all__ = ["matrix", "compare", "sweep", "merge"]


def _ray() -> Any:
    try:
        import ray
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("railshed.distributed needs Ray: pip install ray") from e
    return ray


def _connect(address: Optional[str]) -> Any:
    """Ray, initialised: as it is if it is, else with ``address``."""
    ray = _ray()
    if not ray.is_initialized():
        ray.init(address=address)
    return ray


def _shard_count(ray: Any, shards: Optional[int]) -> int:
    if shards is None:
        return max(1, int(ray.cluster_resources().get("CPU", 1)))
    if not isinstance(shards, int) or isinstance(shards, bool) or not 1 <= shards <= 99_999:
        raise InputError(f"shards {shards!r}: expected a whole number between 1 and 99999")
    return shards


# The tasks. Module-level functions, so that Ray ships them by reference to
# this module: each worker imports railshed itself. Bad input comes back as
# a value, not as an exception to unpickle: the driver raises it.

def _guard(run: Callable[[], Tuple]) -> Tuple:
    try:
        return ("part", run())
    except InputError as e:
        return ("error", str(e), getattr(e, "file", None), getattr(e, "position", None), getattr(e, "object", None))


def _compare_task(request: Dict[str, Any], index: int, count: int, dir: Optional[str], part_format: str) -> Tuple:
    return _guard(
        lambda: _railshed.compare_shard(index=index, count=count, dir=dir, part_format=part_format, **request)
    )


def _sweep_task(
    source: Dict[str, Any], threads: Optional[int], index: int, count: int, dir: Optional[str], part_format: str
) -> Tuple:
    return _guard(
        lambda: _railshed.sweep_shard(
            index, count, threads=threads, dir=dir, part_format=part_format, **source
        )
    )


def _matrix_task(
    network: Dict[str, Any], query: Dict[str, Any], index: int, count: int, dir: Optional[str], part_format: str
) -> Tuple:
    def run() -> Tuple:
        net = _railshed.Network(**network)
        return net.matrix_shard(index=index, count=count, dir=dir, part_format=part_format, **query)

    return _guard(run)


def _input_error(message: str, file: Optional[str], position: Optional[str], obj: Optional[str]) -> InputError:
    e = InputError(message)
    e.file, e.position, e.object = file, position, obj
    return e


def _run(
    ray: Any,
    task: Callable[..., Tuple],
    args: Tuple,
    count: int,
    *,
    parts: Optional[str],
    shared: bool,
    part_format: str,
    num_cpus: float,
    finish: Callable[[str], Any],
) -> Any:
    """Submits ``count`` shards of ``task`` as Ray tasks, waits for them,
    gathers their parts into one folder and gives it to ``finish``."""
    if shared and parts is None:
        raise InputError("shared=True needs parts=DIR, a folder every node of the cluster sees")
    if part_format not in ("parquet", "csv"):
        raise InputError(f'part_format {part_format!r}: expected "parquet" or "csv"')
    remote = ray.remote(num_cpus=num_cpus, max_retries=0)(task)
    with tempfile.TemporaryDirectory(prefix="railshed-parts-") as scratch:
        folder = os.fspath(parts) if parts is not None else scratch
        os.makedirs(folder, exist_ok=True)
        refs = [remote.remote(*args, i, count, folder if shared else None, part_format) for i in range(count)]
        results = ray.get(refs)
        for result in results:
            if result[0] == "error":
                raise _input_error(*result[1:])
        if not shared:
            for _, (part_name, part, manifest_name, manifest) in results:
                _write(os.path.join(folder, part_name), part)
                # The manifest last: a part is complete once its manifest is there.
                _write(os.path.join(folder, manifest_name), manifest.encode("utf-8"))
        return finish(folder)


def _write(path: str, data: bytes) -> None:
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def merge(parts: str, out: Optional[str] = None) -> Union[Comparison, pa.Table, Sweep]:
    """Merges a folder of parts (from these functions or from ``railshed
    compare --shard``, ``railshed matrix --shard`` or ``railshed sweep
    --shard``), as ``railshed merge`` does: a :class:`railshed.Comparison`
    for a comparison (with ``out``, its files written into that folder,
    those of ``compare --out``), a ``pyarrow.Table`` for a matrix (with
    ``out``, the file of ``matrix --out``, ``.parquet`` or ``.csv`` as the
    parts), a :class:`railshed.Sweep` for a sweep (with ``out``, what
    ``sweep --out`` writes there: a folder, ``.parquet`` or ``.csv``).

    Raises:
        InputError: a part missing, of another run, or changed since.
    """
    kind, value = _railshed.merge(os.fspath(parts), None if out is None else os.fspath(out))
    if kind == "compare":
        return Comparison(value)
    if kind == "sweep":
        return Sweep._of(value)
    extension, data = value
    if extension == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(pa.BufferReader(data))
    import pyarrow.csv as pacsv

    return pacsv.read_csv(pa.BufferReader(data))


def compare(
    scenarios: Optional[Sequence[str]] = None,
    settings: Optional[Dict[str, Any]] = None,
    *,
    shards: Optional[int] = None,
    parts: Optional[str] = None,
    shared: bool = False,
    out: Optional[str] = None,
    part_format: str = "parquet",
    address: Optional[str] = None,
    num_cpus: float = 1,
) -> Comparison:
    """:func:`railshed.compare`, its zones split into ``shards`` Ray tasks.

    Args:
        scenarios, settings: as :func:`railshed.compare`.
        shards: how many parts (default: the cluster's CPUs).
        parts: keep the parts in this folder (default: a temporary one).
        shared: each task writes its part into ``parts`` itself, a folder
            every node sees at the same path; else parts come back through
            Ray's object store.
        out: also write the merged files into this folder (those of
            ``railshed compare --out``).
        part_format: ``"parquet"`` (the default) or ``"csv"``.
        address: the Ray cluster to connect to when Ray is not initialised
            (None: a local Ray; ``"auto"``; ``"ray://head:10001"``).
        num_cpus: CPUs Ray reserves for each task.

    Returns:
        The merged :class:`railshed.Comparison`: the same figures, tables
        and JSON as the unsharded run.

    Raises:
        InputError: bad input, as :func:`railshed.compare` raises it.
    """
    request = _request(scenarios, settings)
    ray = _connect(address)
    count = _shard_count(ray, shards)
    return _run(
        ray,
        _compare_task,
        (request,),
        count,
        parts=parts,
        shared=shared,
        part_format=part_format,
        num_cpus=num_cpus,
        finish=lambda folder: merge(folder, out),
    )


def matrix(
    origins: Union[str, Sequence[str]] = "all",
    *,
    network: Optional[str] = None,
    schemes: Union[str, Sequence[str], None] = None,
    overlays: Union[str, Sequence[str], None] = None,
    timetable: Optional[str] = None,
    date: Optional[str] = None,
    default_change_time: Optional[int] = None,
    window: Tuple[str, str] = ("07:00", "09:00"),
    percentiles: Optional[Sequence[float]] = None,
    mean: bool = False,
    best: bool = False,
    max_transfers: Optional[int] = None,
    threads: Optional[int] = None,
    shards: Optional[int] = None,
    parts: Optional[str] = None,
    shared: bool = False,
    out: Optional[str] = None,
    part_format: str = "parquet",
    address: Optional[str] = None,
    num_cpus: float = 1,
) -> pa.Table:
    """:meth:`railshed.Network.matrix`, its origins split into ``shards``
    Ray tasks, each preparing the network itself.

    Args:
        origins, window, percentiles, mean, best, max_transfers, threads: as
            :meth:`railshed.Network.matrix` (``threads`` per task).
        network, schemes, overlays, timetable, date, default_change_time:
            the network, as :class:`railshed.Network` takes it.
        shards, parts, shared, part_format, address, num_cpus: as
            :func:`compare`.
        out: also write the merged matrix to this file (that of ``railshed
            matrix --out``, ``.parquet`` or ``.csv`` as ``part_format``).

    Returns:
        The merged matrix in long layout, read from the merged file:
        ``origin``, ``destination``, one column of whole minutes per
        statistic, null where there is no journey (the cells of
        :meth:`railshed.Network.matrix`).

    Raises:
        InputError: bad input, as :meth:`railshed.Network.matrix` raises it.
    """
    spec = dict(
        network=None if network is None else str(network),
        schemes=_names(schemes, "schemes"),
        overlays=[str(o) for o in _names(overlays, "overlays")],
        timetable=None if timetable is None else str(timetable),
        date=date,
        default_change_time=default_change_time,
    )
    if isinstance(origins, str):
        text = origins
    else:
        text = ",".join(_names(origins, "origins"))
    if not isinstance(window, (tuple, list)) or len(window) != 2:
        raise InputError("window: expected (start, end), two times HH:MM")
    query = dict(
        origins=text,
        start=str(window[0]),
        end=str(window[1]),
        percentiles=[float(p) for p in (percentiles or [])],
        mean=bool(mean),
        best=bool(best),
        max_transfers=max_transfers,
        threads=threads,
    )
    ray = _connect(address)
    count = _shard_count(ray, shards)
    return _run(
        ray,
        _matrix_task,
        (spec, query),
        count,
        parts=parts,
        shared=shared,
        part_format=part_format,
        num_cpus=num_cpus,
        finish=lambda folder: merge(folder, out),
    )


def sweep(
    path_or_dict: Any,
    *,
    threads: Optional[int] = None,
    shards: Optional[int] = None,
    parts: Optional[str] = None,
    shared: bool = False,
    out: Optional[str] = None,
    part_format: str = "parquet",
    address: Optional[str] = None,
    num_cpus: float = 1,
) -> Sweep:
    """:func:`railshed.sweep`, its variants split into ``shards`` Ray tasks
    (each evaluating the scenario as written and its share of the
    variants).

    Args:
        path_or_dict: a sweep file (at the same path on every node), or the
            sweep as a dict (it travels with the tasks and in the parts'
            manifests; a relative ``scenario`` is relative to each worker's
            working folder, so prefer a shipped scenario or an absolute
            path on a cluster).
        threads: worker threads per task (default: one per core).
        shards, parts, shared, part_format, address, num_cpus: as
            :func:`compare`.
        out: also write the merged rows where ``railshed sweep --out``
            writes them: a folder (``sweep.csv`` and ``sweep.json``), or
            ``FILE.parquet`` or ``FILE.csv``.

    Returns:
        The merged :class:`railshed.Sweep`: the rows and record of the
        unsharded run, its files byte for byte.

    Raises:
        InputError: bad input, as :func:`railshed.sweep` raises it.
    """
    source = _sweep_source(path_or_dict)
    ray = _connect(address)
    count = _shard_count(ray, shards)
    return _run(
        ray,
        _sweep_task,
        (source, threads),
        count,
        parts=parts,
        shared=shared,
        part_format=part_format,
        num_cpus=num_cpus,
        finish=lambda folder: merge(folder, out),
    )
