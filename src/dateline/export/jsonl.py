"""JSON Lines exports: the per-article records exactly as stored (``jsonl``), and the linked
incidents (``incidents``), one :func:`~dateline.model.incident_record` per line.

Lines go through :func:`~dateline.model.jsonl_line` (UTF-8, no character a reader splits on),
so Cyrillic and accented text stays readable. Records are checked and written as they are read:
a store's record generator is consumed once, and a bad record met halfway aborts the export
with the old file still in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from dateline.export.atomic import atomic_text
from dateline.export.records import check_incident, checked_records
from dateline.export.result import ExportResult
from dateline.model import Incident, incident_record, jsonl_line

__all__ = ["write_articles", "write_incidents"]


def write_articles(path: Path, records: Iterable[dict[str, Any]]) -> ExportResult:
    """Write every article record as one JSON line."""
    count = 0
    with atomic_text(path) as out:
        for record in checked_records(records):
            out.write(jsonl_line(record))
            count += 1
    return ExportResult("jsonl", Path(path), count)


def write_incidents(path: Path, incidents: Sequence[Incident]) -> ExportResult:
    """Write every incident as one JSON line (fields, source summary, reports)."""
    count = 0
    with atomic_text(path) as out:
        for incident in incidents:
            out.write(jsonl_line(incident_record(check_incident(incident))))
            count += 1
    return ExportResult("incidents", Path(path), count)
