"""The JSON Lines exports (articles, incidents) and the export entry point, read back with
json and compared with the inputs."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.export import FORMATS, export, export_result
from dateline.model import incident_from_record, incident_record
from tests.export import samples


def _lines(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_articles_round_trip_exactly(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    assert export("jsonl", path, samples.records()) == 3
    assert _lines(path) == samples.records()


def test_unicode_stays_readable_and_one_record_per_line(tmp_path: Path) -> None:
    records = samples.records()
    records[1]["events"][0]["evidence"] += "\u2028Кінець рядка"  # a line separator inside
    path = tmp_path / "articles.jsonl"
    export("jsonl", path, records)
    text = path.read_text(encoding="utf-8")
    assert "Степовий кур'єр" in text and "L'armée russe" in text
    assert len(text.splitlines()) == 3
    assert _lines(path)[1]["events"][0]["evidence"].endswith("\u2028Кінець рядка")


def test_records_are_streamed_from_a_generator(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    assert export("jsonl", path, iter(samples.records())) == 3
    assert [r["id"] for r in _lines(path)] == ["fr-kherson", "uk-kherson", "en-wad-madani"]


def test_incidents_one_record_per_line(tmp_path: Path) -> None:
    path = tmp_path / "incidents.jsonl"
    incidents = samples.incidents()
    assert export("incidents", path, [], incidents) == 6
    lines = _lines(path)
    assert lines == [json.loads(json.dumps(incident_record(i))) for i in incidents]
    assert [incident_from_record(line) for line in lines] == incidents
    killing = lines[2]
    assert killing["outlets"] == ["La Gazette de l'Est", "Степовий кур'єр"]
    assert killing["reports"][0]["evidence"] == samples.UK_KILLING
    assert killing["reports"][0]["provenance"] == {"start": 67, "end": 125, "sentence": 1,
                                                   "method": "test"}


def test_event_without_type_refused_naming_the_article(tmp_path: Path) -> None:
    records = samples.records()
    records[2]["events"][1]["type"] = None
    with pytest.raises(ValueError, match="article en-wad-madani: event 1 has no type"):
        export("jsonl", tmp_path / "a.jsonl", records)
    assert list(tmp_path.iterdir()) == []


def test_record_without_id_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="article record without an id"):
        export("jsonl", tmp_path / "a.jsonl", [{"language": "fr", "events": []}])


def test_bad_event_date_refused(tmp_path: Path) -> None:
    records = samples.records()
    records[0]["events"][0]["date"] = "2022-11-12/2022-11-10"
    with pytest.raises(ValueError, match="article fr-kherson: event 0: date range ends"):
        export("jsonl", tmp_path / "a.jsonl", records)


def test_failure_partway_leaves_existing_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    export("jsonl", path, samples.records())
    before = path.read_bytes()

    def failing() -> Iterator[dict[str, Any]]:
        yield samples.fr_record()
        yield samples.uk_record()
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError, match="store went away"):
        export("jsonl", path, failing())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["articles.jsonl"]


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    export("jsonl", path, samples.records())
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() would, not mkstemp's 0600


def test_unknown_format_lists_the_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xlsx'; formats: jsonl, "
                                         "incidents, acled, geojson, parquet"):
        export("xlsx", tmp_path / "x", samples.records())
    assert set(FORMATS) == {"jsonl", "incidents", "acled", "geojson", "parquet"}


def test_result_names_format_and_path(tmp_path: Path) -> None:
    result = export_result("incidents", tmp_path / "i.jsonl", [], samples.incidents())
    assert (result.format, result.path, result.written, result.skipped) == (
        "incidents", tmp_path / "i.jsonl", 6, {})
