"""What an export did: how many rows or features it wrote, and what it left out and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ExportResult"]


@dataclass(frozen=True)
class ExportResult:
    """``written`` rows/lines/features (Parquet: rows over all tables); ``skipped`` counts
    inputs left out, by reason ("no coordinates", "not an ACLED event" ...)."""

    format: str
    path: Path
    written: int
    skipped: dict[str, int] = field(default_factory=dict)
