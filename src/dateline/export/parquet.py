"""Parquet export: one file per table in a directory (``articles.parquet``, ``events.parquet``,
``places.parquet``, ``quotes.parquet``, ``quantities.parquet``, ``incidents.parquet``,
``control.parquet``), for pandas, polars, DuckDB, R arrow, Spark.

Every table has an explicit schema (:data:`~.parquet_tables.SCHEMAS`) and is written even
when empty, so a reader always finds the same files and columns. All tables are built in
memory and converted to Arrow before any file is written; then each is written to a
temporary file and all are renamed together, so an error leaves the directory as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dateline.export.atomic import atomic_paths
from dateline.export.parquet_tables import SCHEMAS, article_rows, change_rows, incident_rows
from dateline.export.records import check_change, check_incident, checked_records
from dateline.export.result import ExportResult
from dateline.model import ControlChange, Incident

__all__ = ["TABLES", "parquet_tables", "write_parquet"]

TABLES = ("articles", "events", "places", "quotes", "quantities", "incidents", "control")
_OWNER = {"articles": ("article", "id"), "incidents": ("incident", "id"),
          "control": ("control change of incident", "incident_id")}


def _table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as an Arrow table of the table's schema; ValueError naming the offending row."""
    schema = SCHEMAS[name]
    try:
        return pa.Table.from_pylist(rows, schema=schema)
    except (pa.ArrowException, OverflowError, TypeError, ValueError):
        pass
    what, key = _OWNER.get(name, ("article", "article_id"))
    for row in rows:
        try:
            pa.Table.from_pylist([row], schema=schema)
        except (pa.ArrowException, OverflowError, TypeError, ValueError) as exc:
            raise ValueError(f"{what} {row.get(key)}: {name} table: {exc}") from None
    raise ValueError(f"{name} table: rows do not fit the schema")  # pragma: no cover


def _incident_rows(incidents: Sequence[Incident]) -> list[dict[str, Any]]:
    rows = []
    for incident in map(check_incident, incidents):
        try:
            rows.extend(incident_rows([incident]))
        except ValueError as exc:
            raise ValueError(f"incident {incident.id}: {exc}") from None
    return rows


def parquet_tables(records: Iterable[dict[str, Any]], incidents: Sequence[Incident] = (),
                   changes: Sequence[ControlChange] = ()) -> dict[str, pa.Table]:
    """Every table of the export, as Arrow tables in :data:`TABLES` order."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in checked_records(records):
        for name, part in article_rows(record).items():
            rows[name].extend(part)
    rows["incidents"] = _incident_rows(incidents)
    rows["control"] = change_rows([check_change(c) for c in changes])
    return {name: _table(name, rows[name]) for name in TABLES}


def write_parquet(directory: Path, records: Iterable[dict[str, Any]],
                  incidents: Sequence[Incident] = (),
                  changes: Sequence[ControlChange] = ()) -> ExportResult:
    """Write the seven tables into ``directory`` (created if missing); ``written`` is the
    number of rows over all tables."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"{directory} is a file; the Parquet export writes a directory")
    tables = parquet_tables(records, incidents, changes)
    directory.mkdir(parents=True, exist_ok=True)
    targets = [directory / f"{name}.parquet" for name in TABLES]
    with atomic_paths(targets) as temps:
        for name, temp in zip(TABLES, temps, strict=True):
            pq.write_table(tables[name], temp)
    return ExportResult("parquet", directory, sum(t.num_rows for t in tables.values()))
