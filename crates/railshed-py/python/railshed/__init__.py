"""railshed: transport connectivity of the North of England, from Python.

The same engine and the same answers as the ``railshed`` command line, as
Python objects and Arrow tables (pandas is one ``.to_pandas()`` away)::

    import railshed
    net = railshed.Network()                       # the embedded network of the North
    net.route("LDS", "MAN", depart="08:00")        # dict: the document of `route --format json`
    net.matrix(origins="all", window=("07:00", "09:00"), percentiles=[10, 50, 90])
    cmp = railshed.compare(["today", "npr-tfn"])
    cmp.catchments.to_pandas()
    sw = railshed.sweep("my-sweep.json")            # one row per variant, as `railshed sweep`
    sw.rows.to_pandas()

Every computation runs with the GIL released, so threads run in parallel.
Bad input raises :class:`InputError` (a ``ValueError``) with the command
line's one-line message.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import pyarrow as pa

from . import _railshed
from ._railshed import InputError

__all__ = ["Network", "Comparison", "ZoneTable", "Sweep", "compare", "sweep", "InputError", "__version__"]
__version__: str = _railshed.__version__


def _table(batch: Any) -> pa.Table:
    """An Arrow table from a native batch, through the Arrow C data interface."""
    return pa.Table.from_batches([pa.record_batch(batch)])


def _names(value: Union[str, Iterable[str], None], what: str) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    names = list(value)
    if not all(isinstance(n, str) for n in names):
        raise InputError(f"{what}: expected a name or a list of names")
    return names


class Network:
    """A rail network prepared for journey planning.

    With no argument, the embedded network of the North (December 2019's
    standard hour, with the early trains, morning peak and late trains).

    Args:
        network: a ``railshed-network`` JSON file to use instead of the
            embedded network.
        schemes: embedded schemes to apply, with the schemes they require
            (``hs2-phase1``, ``hs2-phase2a``, ``hs2-phase2b-west``,
            ``hs2-phase2b-east``, ``npr-irp``, ``npr-tfn``, ``lm-2026``,
            ``tru``).
        overlays: overlay files to apply after the schemes, in order.
        timetable: a real timetable instead of a network: a GTFS feed (zip
            or folder) or an RDG CIF archive (zip), recognised by content.
            Needs ``date``.
        date: the service date of ``timetable``, ``"YYYY-MM-DD"``.
        default_change_time: minimum change time, in minutes, at imported
            stations whose data states none (default 5, RDG's default).

    Raises:
        InputError: a file that cannot be read or used, an unknown scheme,
            a bad date.
    """

    def __init__(
        self,
        network: Optional[str] = None,
        *,
        schemes: Union[str, Sequence[str], None] = None,
        overlays: Union[str, Sequence[str], None] = None,
        timetable: Optional[str] = None,
        date: Optional[str] = None,
        default_change_time: Optional[int] = None,
    ) -> None:
        self._net = _railshed.Network(
            network=None if network is None else str(network),
            schemes=_names(schemes, "schemes"),
            overlays=[str(o) for o in _names(overlays, "overlays")],
            timetable=None if timetable is None else str(timetable),
            date=date,
            default_change_time=default_change_time,
        )

    @property
    def stations(self) -> pa.Table:
        """The stations, in the order of every matrix's destinations.

        Columns: ``id``, ``name``, ``crs`` (null where none), ``tiploc``
        (the principal TIPLOC), ``tiplocs`` (all, space-separated), ``lat``,
        ``lon`` (WGS84), ``min_change_s`` (minimum change time, seconds),
        ``interchange`` (an RDG interchange point), ``lad`` (local authority
        district code, null where unknown).
        """
        return _table(self._net.stations())

    def route(
        self,
        origin: str,
        destination: str,
        *,
        depart: Optional[str] = None,
        arrive_by: Optional[str] = None,
        max_transfers: Optional[int] = None,
    ) -> Dict[str, Any]:
        """The earliest journey from ``origin`` to ``destination``.

        Args:
            origin: the station to leave from, by id, CRS code, TIPLOC or a
                unique part of its name.
            destination: the station to go to, named the same ways.
            depart: leave at or after this time, ``"HH:MM"`` or
                ``"HH:MM:SS"`` (past 24:00 is after midnight).
            arrive_by: or arrive by this time, leaving as late as possible.
            max_transfers: at most this many changes between trains.

        Returns:
            The document ``railshed route --format json`` prints: ``from``
            and ``to`` (``{"id", "name"}``), ``depart_after`` or
            ``arrive_by``, ``departure`` and ``arrival`` (None when there is
            no journey), ``duration_min``, ``boardings`` and ``legs``.

        Raises:
            InputError: an unknown station, a bad time, neither or both of
                ``depart`` and ``arrive_by``.
        """
        return json.loads(
            self._net.route(origin, destination, depart=depart, arrive_by=arrive_by, max_transfers=max_transfers)
        )

    def matrix(
        self,
        origins: Union[str, Sequence[str]] = "all",
        *,
        window: Tuple[str, str] = ("07:00", "09:00"),
        percentiles: Optional[Sequence[float]] = None,
        mean: bool = False,
        best: bool = False,
        max_transfers: Optional[int] = None,
        threads: Optional[int] = None,
    ) -> pa.Table:
        """Travel times from ``origins`` to every station over a window of departures.

        For each origin and each minute of the window, the travel time to
        every station is that of the journey arriving first among those
        leaving at or after that minute (waiting included); the statistics
        are taken over the minutes of the window (percentiles by nearest
        rank). The cells are those of ``railshed matrix --layout long``.

        Args:
            origins: ``"all"`` (every station, in the order of
                :attr:`stations`), or station names (a list, or one string
                with names separated by commas).
            window: the first and the last minute of departures,
                ``("HH:MM", "HH:MM")``.
            percentiles: percentiles of travel time over the window (0–100).
            mean: also the mean travel time.
            best: also the best (shortest) travel time.
            max_transfers: at most this many changes between trains.
            threads: worker threads (default: one per core; at most 256).
                The result is the same for any number.

        Returns:
            A table in long layout: ``origin``, ``destination`` (station
            ids), then one int32 column of whole minutes per statistic
            (``p10``, ``p50``, ..., ``mean``, ``best``; ``p50`` alone when
            none is asked for), null where there is no journey.

        Raises:
            InputError: an unknown station, a bad window or percentile, too
                many cells.
        """
        if isinstance(origins, str):
            text = origins
        else:
            text = ",".join(_names(origins, "origins"))
        if not isinstance(window, (tuple, list)) or len(window) != 2:
            raise InputError("window: expected (start, end), two times HH:MM")
        batch = self._net.matrix(
            text,
            str(window[0]),
            str(window[1]),
            [float(p) for p in (percentiles or [])],
            bool(mean),
            bool(best),
            max_transfers=max_transfers,
            threads=threads,
        )
        return _table(batch)


class ZoneTable:
    """The zones of a comparison: a ``pyarrow.Table``, one row per zone and
    scenario, with :meth:`to_geopandas`.

    A pyarrow table cannot carry methods of its own, so this thin wrapper
    stands for it: attributes and methods are the table's (``to_pandas()``,
    ``num_rows``, ``column_names``, ``filter``, ...), as are indexing,
    ``len()``, equality and the Arrow PyCapsule stream protocol
    (``pa.table(zones)``, DuckDB, Polars). :attr:`table` is the
    ``pyarrow.Table`` itself.
    """

    def __init__(self, table: pa.Table, native: Any) -> None:
        self._table = table
        self._cmp = native

    @property
    def table(self) -> pa.Table:
        """The ``pyarrow.Table``."""
        return self._table

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)

    def __getitem__(self, key: Any) -> Any:
        return self._table[key]

    def __len__(self) -> int:
        return len(self._table)

    def __eq__(self, other: Any) -> bool:
        other = other.table if isinstance(other, ZoneTable) else other
        return isinstance(other, pa.Table) and self._table.equals(other)

    __hash__ = None  # type: ignore[assignment]  # compared by value, as a pyarrow.Table is

    def __repr__(self) -> str:
        return repr(self._table)

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The table through the Arrow PyCapsule stream protocol."""
        return self._table.__arrow_c_stream__(requested_schema)

    def __dataframe__(self, nan_as_null: bool = False, allow_copy: bool = True) -> Any:
        """The table through the dataframe interchange protocol."""
        return self._table.__dataframe__(nan_as_null, allow_copy)

    def to_geopandas(self) -> Any:
        """The zones as a GeoPandas ``GeoDataFrame`` in EPSG:4326 (WGS84
        longitude and latitude), the columns of this table plus
        ``geometry``.

        Each zone's geometry comes from the library: the polygon of the
        embedded boundaries (local authorities and regions of the North)
        whose ONS code is the zone's, where there is one (zones given as
        local authorities through a zones file), else the zone's centroid as
        a point. The embedded zones are MSOAs, for which no outlines are
        shipped: they are points. Needs ``geopandas``.
        """
        try:
            import geopandas
            from shapely.geometry import shape
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("to_geopandas needs geopandas: pip install geopandas") from e
        shapes = [shape(json.loads(g)) for g in self._cmp.zone_geometries()]
        runs = self._table.num_rows // len(shapes) if shapes else 0
        return geopandas.GeoDataFrame(self._table.to_pandas(), geometry=shapes * runs, crs="EPSG:4326")


class Comparison:
    """Scenarios evaluated and compared with the first (see :func:`compare`)."""

    def __init__(self, native: Any) -> None:
        self._cmp = native

    def to_dict(self) -> Dict[str, Any]:
        """The ``railshed-result/2`` document ``railshed compare --format json`` prints."""
        return json.loads(self._cmp.json())

    def to_json(self) -> str:
        """:meth:`to_dict` as the text ``railshed compare --format json`` prints, byte for byte."""
        return self._cmp.json()

    @property
    def scenarios(self) -> List[str]:
        """The scenarios' names, the reference first."""
        return list(self._cmp.scenario_names())

    @property
    def catchments(self) -> pa.Table:
        """Population within reach of each hub: ``scenario``, ``hub`` (id),
        ``hub_name``, ``minutes``, ``measure``, ``population``, ``change``
        (from the first scenario; 0 for it). The rows of ``hubs.csv``."""
        return _table(self._cmp.catchments())

    @property
    def network_effect(self) -> pa.Table:
        """Population within ``minutes`` of at least ``n`` of the ``k``
        network-effect cities: ``definition`` (its id: ``default`` for the
        scenarios' ``network_effect``), ``scenario``, ``n``, ``k``,
        ``minutes``, ``measure``, ``population``, ``change``."""
        return _table(self._cmp.network_effect())

    @property
    def zones(self) -> "ZoneTable":
        """One row per zone and scenario: ``scenario``, ``zone`` (ONS code),
        ``name``, ``lad``, ``population``, ``jobs``, ``lat``, ``lon``, then
        the scenario's indicators as in ``zones.csv``: ``cities_{minutes}``,
        ``jobs_{minutes}``, ``ed_{sector}`` and ``min_{hub}`` (door-to-door
        minutes to each hub, null when not reached in time).

        A :class:`ZoneTable`: it behaves as the ``pyarrow.Table`` it wraps
        (``.to_pandas()``, ``.num_rows``, ``["zone"]``, ``pa.table(zones)``;
        ``.table`` is the table itself) and adds ``.to_geopandas()``."""
        return ZoneTable(_table(self._cmp.zones()), self._cmp)

    def to_geopandas(self) -> Any:
        """:attr:`zones` as a GeoPandas ``GeoDataFrame`` (see
        :meth:`ZoneTable.to_geopandas`). Needs ``geopandas``."""
        return self.zones.to_geopandas()

    def zones_geojson(self) -> Dict[str, Any]:
        """The zones as the GeoJSON ``compare --out`` writes (``zones.geojson``)."""
        return json.loads(self._cmp.zones_geojson())

    def write_report(self, path: str) -> None:
        """Writes the HTML report of ``railshed compare --report FILE`` to ``path``
        (the whole file, or nothing on failure).

        Raises:
            InputError: a path that cannot be written.
        """
        self._cmp.write_report(str(path))


_OPTIONS = {"against", "zones", "hubs", "measures", "centre_sets", "centre_sets_file"}


def _request(scenarios: Optional[Sequence[str]], settings: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The native arguments of a comparison: the compare options, and the
    evaluation settings as JSON text."""
    settings = dict(settings or {})
    options = {k: settings.pop(k) for k in list(settings) if k in _OPTIONS}
    zones = options.get("zones")
    hubs = options.get("hubs")
    try:
        evaluation = json.dumps(settings) if settings else None
    except (TypeError, ValueError) as e:
        raise InputError(f"settings: not JSON: {e}") from None
    return dict(
        scenarios=[str(s) for s in _names(scenarios, "scenarios")],
        against=str(options.get("against", "base")),
        zones=None if zones is None else str(zones),
        hubs=None if hubs is None else str(hubs),
        measures=_names(options.get("measures"), "measures"),
        settings=evaluation,
        centre_sets=_names(options.get("centre_sets"), "centre_sets"),
        centre_sets_file=None if options.get("centre_sets_file") is None else str(options["centre_sets_file"]),
    )


def compare(scenarios: Optional[Sequence[str]] = None, settings: Optional[Dict[str, Any]] = None) -> Comparison:
    """Evaluates scenarios and compares each with the first.

    Args:
        scenarios: scenario files or names of shipped scenarios (``today``,
            ``npr-tfn``, ...); the first is the reference. None or empty: the
            flagship comparison (today, HS2, NPR, HS2 + NPR + TRU). A single
            scenario is compared with its base (or its parent, see
            ``settings``).
        settings: a dict of the options of ``railshed compare``:
            ``against`` (``"base"``, the default, or ``"parent"``),
            ``zones`` (a zones CSV instead of the embedded zones of the
            North), ``hubs`` (a ``railshed-hubs/1`` file instead of the
            embedded cities), ``measures`` (a list of ``"door-to-door"``,
            ``"station"`` and ``"gjt"``), ``centre_sets`` (a list of ids of
            centre sets, whose network-effect definitions replace the
            scenarios', as ``--centre-set``) and ``centre_sets_file`` (a
            ``railshed-centre-sets/1`` file to take them from, as
            ``--centre-sets``); and of evaluation settings, the
            keys of a scenario file's ``settings`` (``thresholds_min``,
            ``arrive_by``, ``arrival_window_min``, ``depart_window``,
            ``percentile``, ``network_effect``, ``jobs_minutes``, ``gjt``,
            ``access``, ...: ``scenarios/README.md``), put on top of every
            scenario's own as a scenario's go on top of its parent's
            (objects key by key). They are read and checked as a scenario
            file's settings are; their errors name ``settings``.

    Returns:
        A :class:`Comparison`.

    Raises:
        InputError: an unknown scenario or setting, a setting out of range,
            a bad file.
    """
    return Comparison(_railshed.compare(**_request(scenarios, settings)))


class Sweep:
    """A sweep's rows and the record of its run (see :func:`sweep`)."""

    def __init__(self, rows: pa.Table, metadata: Dict[str, Any], native: Any = None) -> None:
        self._rows = rows
        self._metadata = metadata
        self._native = native

    @property
    def rows(self) -> pa.Table:
        """One row per variant: ``variant`` (its index, from 0), each
        parameter's value (float64; 1 and 0 for ``enabled``, int64), then
        ``trips``, ``network_effect_{minutes}``, ``catchment_{hub}_{minutes}``
        and ``jobs_within_{minutes}``, each followed by its change from the
        scenario as written (``..._change``): the columns and values of
        ``railshed sweep --out FILE.csv``."""
        return self._rows

    @property
    def metadata(self) -> Dict[str, Any]:
        """The record of the run: for a whole sweep, the ``sweep.json``
        (``railshed-sweep-result/1``) that ``railshed sweep --out DIR``
        writes beside ``sweep.csv`` (``run``: command, version, request,
        the SHA-256 of every input, settings, variants, columns; ``table``:
        the file, its rows and SHA-256); for one shard, its
        ``railshed-shard/1`` manifest."""
        return self._metadata

    def write(self, out: str) -> None:
        """Writes the rows as ``railshed sweep --out`` does: a folder
        (``sweep.csv`` and ``sweep.json``), or the table alone as
        ``FILE.parquet`` or ``FILE.csv`` (the whole file, or nothing on
        failure).

        Raises:
            InputError: a path that cannot be written, or the rows of one
                shard (merge the parts: ``railshed.distributed.merge``).
        """
        if self._native is None:
            raise InputError("the rows of one shard: write them with the other parts and merge them")
        self._native.write(str(out))

    def __repr__(self) -> str:
        return f"railshed.Sweep({self._rows.num_rows} variants)"

    @classmethod
    def _of(cls, native: Any) -> "Sweep":
        _, manifest = native.files()
        return cls(_table(native.rows()), json.loads(manifest), native)


def _sweep_source(path_or_dict: Any) -> Dict[str, Any]:
    """The native arguments naming a sweep: a file's path, or a document."""
    if isinstance(path_or_dict, dict):
        try:
            return dict(path=None, document=json.dumps(path_or_dict))
        except (TypeError, ValueError) as e:
            raise InputError(f"sweep: not JSON: {e}") from None
    if isinstance(path_or_dict, (str, os.PathLike)):
        return dict(path=os.fspath(path_or_dict), document=None)
    raise InputError("sweep: expected the path of a railshed-sweep/1 file or a dict of one")


def _shard_of(shard: Any) -> Tuple[int, int]:
    """``(I, N)`` from ``"I/N"`` or a pair."""
    if isinstance(shard, str) and "/" in shard:
        i, _, n = shard.partition("/")
        try:
            return int(i), int(n)
        except ValueError:
            pass
    elif isinstance(shard, (tuple, list)) and len(shard) == 2:
        i, n = shard
        if all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in (i, n)):
            return i, n
    raise InputError(f"shard {shard!r}: give it as \"I/N\" or (I, N), e.g. \"0/16\"")


def sweep(path_or_dict: Any, *, threads: Optional[int] = None, shard: Any = None) -> Sweep:
    """Runs a sweep: one scenario with values of its modifications varied,
    every variant evaluated and compared with the scenario as written
    (``railshed sweep``; the format is ``railshed-sweep/1``,
    ``scenarios/README.md``, "Sweeps").

    Args:
        path_or_dict: a sweep file, or the sweep as a dict (a relative
            ``scenario`` is then relative to the working folder, or the name
            of a shipped scenario; messages name it ``sweep``).
        threads: worker threads (default: one per core; at most 256). The
            rows are the same for any number.
        shard: ``"I/N"`` or ``(I, N)``: only part I of N (from 0) of the
            variants, as ``railshed sweep --shard I/N`` runs it; its
            :attr:`Sweep.metadata` is the part's manifest.

    Returns:
        A :class:`Sweep`: :attr:`Sweep.rows` (a ``pyarrow.Table``, one row
        per variant) and :attr:`Sweep.metadata` (the ``sweep.json`` of
        ``railshed sweep --out DIR``).

    Raises:
        InputError: a bad sweep, scenario or setting, a parameter that names
            no modification of the scenario, a variant that cannot be built.
    """
    source = _sweep_source(path_or_dict)
    if shard is None:
        return Sweep._of(_railshed.sweep(threads=threads, **source))
    index, count = _shard_of(shard)
    _, part, _, manifest = _railshed.sweep_shard(index, count, threads=threads, part_format="parquet", **source)
    import pyarrow.parquet as pq

    return Sweep(pq.read_table(pa.BufferReader(part)), json.loads(manifest))
