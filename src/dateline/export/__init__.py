"""Exports analysts load into their own tools: JSON Lines (articles, incidents), an
ACLED-style CSV, GeoJSON and a directory of Parquet tables.

:func:`export` is the one entry point (``dateline export FORMAT``); :func:`export_result`
does the same and also says what was skipped. Every export checks its input first (bad input:
ValueError naming the article or incident) and writes atomically (an existing file is replaced
only by a complete new one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from dateline.export.acled import write_acled
from dateline.export.geojson import write_geojson
from dateline.export.jsonl import write_articles, write_incidents
from dateline.export.parquet import write_parquet
from dateline.export.records import event_incidents
from dateline.export.result import ExportResult
from dateline.model import ControlChange, Incident

__all__ = ["FORMATS", "ExportResult", "export", "export_result"]

FORMATS: dict[str, str] = {
    "jsonl": "every article record (OUTPUT.md), one JSON object per line",
    "incidents": "every incident with its reports, one JSON object per line",
    "acled": "a CSV in ACLED's columns, one row per incident ACLED would code",
    "geojson": "a GeoJSON FeatureCollection of incidents and control changes",
    "parquet": "a directory of Parquet tables (articles, events, places, quotes, quantities, "
               "incidents, control)",
}


def export_result(format: str, path: Path, records: Iterable[dict[str, Any]],
                  incidents: Sequence[Incident] = (),
                  changes: Sequence[ControlChange] = ()) -> ExportResult:
    """Export in ``format`` to ``path``; the result counts what was written and skipped.

    ``acled`` and ``geojson`` export ``incidents``; given none, they export one incident per
    article event of ``records``. ``incidents`` ignores ``records``.
    """
    path = Path(path)
    if format == "jsonl":
        return write_articles(path, records)
    if format == "incidents":
        return write_incidents(path, incidents)
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; formats: {', '.join(FORMATS)}")
    records = list(records)
    if format == "parquet":
        return write_parquet(path, records, incidents, changes)
    units = incidents or event_incidents(records)
    if format == "acled":
        return write_acled(path, units, records)
    return write_geojson(path, units, changes)


def export(format: str, path: Path, records: Iterable[dict[str, Any]],
           incidents: Sequence[Incident] = (), changes: Sequence[ControlChange] = ()) -> int:
    """Export in ``format`` to ``path``; returns the rows, lines or features written."""
    return export_result(format, path, records, incidents, changes).written
