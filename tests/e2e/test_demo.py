"""`dateline demo` on the bundled corpus, as `make demo` runs it."""

from __future__ import annotations

import json
from pathlib import Path

from dateline.schema.validate import record_errors
from tests.conftest import run_cli


def test_demo_analyses_every_format_in_several_languages(tmp_path: Path) -> None:
    result = run_cli("demo", "--out", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    assert f"database:      {tmp_path / 'd' / 'demo.db'}" in result.stderr
    records = [json.loads(x) for x in (tmp_path / "d" / "demo.jsonl").read_text().splitlines()]
    assert len(records) >= 12
    assert all(record_errors(r) == [] for r in records)
    assert {"fr", "en", "uk"} <= {r["language"] for r in records}
    assert all(r["published"] for r in records)  # sidecars, HTML meta, feed dates, JSONL
    by_origin = {Path(r["origin"].split(":")[0].split("#")[0]).suffix for r in records}
    assert {".txt", ".html", ".xml", ".jsonl"} <= by_origin
    assert "near 1" in result.stderr  # the syndicated copy is stored as a duplicate
    # A second demo starts from a fresh database: nothing is "unchanged".
    again = run_cli("demo", "--out", str(tmp_path / "d"))
    assert "unchanged (already stored) │ 0" in again.stderr
