"""The Parquet export, read back with pyarrow.parquet: files, schemas, values and nulls."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dateline.export import export, export_result
from tests.export import samples

FILES = ["articles.parquet", "control.parquet", "events.parquet", "incidents.parquet",
         "places.parquet", "quantities.parquet", "quotes.parquet"]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    directory = tmp_path / "tables"
    result = export_result("parquet", directory, samples.records(), samples.incidents(),
                           samples.changes())
    # 3 articles, 7 events, 3 places, 1 quote, 4 quantities, 6 incidents, 2 changes
    assert result.written == 26
    return directory


def _rows(directory: Path, table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(directory / f"{table}.parquet").to_pylist()
    return rows


def test_one_file_per_table(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == FILES


def test_schema_types(out: Path) -> None:
    events = pq.read_schema(out / "events.parquet")
    assert events.field("published").type == pa.date32()
    assert events.field("date").type == pa.string()
    assert events.field("date_first").type == pa.date32()
    assert events.field("geo_precision").type == pa.int8()
    assert events.field("lat").type == pa.float64()
    assert events.field("provenance_sentence").type == pa.int32()
    assert not events.field("type").nullable
    incidents = pq.read_schema(out / "incidents.parquet")
    assert incidents.field("reports").type == pa.list_(pa.struct([
        pa.field("article_id", pa.string()), pa.field("event_index", pa.int32())]))
    assert incidents.field("outlets").type == pa.list_(pa.string())
    assert pq.read_schema(out / "places.parquet").field("mentions").type == pa.list_(
        pa.string())


def test_articles_table(out: Path) -> None:
    fr, uk, en = _rows(out, "articles")
    assert fr["id"] == "fr-kherson" and fr["published"] == dt.date(2022, 11, 10)
    assert (fr["source"], fr["title"]) == ("La Gazette de l'Est",
                                           "Les forces russes se retirent de Kherson")
    assert (fr["n_events"], fr["n_quotes"], fr["n_quantities"], fr["n_times"]) == (3, 1, 2, 1)
    assert fr["language_score"] is None  # null preserved, not NaN
    assert (uk["source"], uk["url"], uk["warnings"]) == (
        "Степовий кур'єр", None, ["declared language"])
    assert (en["title"], en["nlp_pipeline"]) == (None, "en_core_web_sm")


def test_events_table_field_by_field(out: Path) -> None:
    rows = _rows(out, "events")
    assert [(r["article_id"], r["event_index"]) for r in rows] == [
        ("fr-kherson", 0), ("fr-kherson", 1), ("fr-kherson", 2), ("uk-kherson", 0),
        ("uk-kherson", 1), ("en-wad-madani", 0), ("en-wad-madani", 1)]
    event = samples.fr_record()["events"][0]
    row = rows[0]
    for field in ("type", "subtype", "mode", "actor", "actor_side", "target", "location",
                  "lat", "lon", "geo_precision", "date", "date_text", "time_precision",
                  "claimed_by", "status", "trigger", "evidence", "cameo", "acled_event_type",
                  "acled_sub_event_type"):
        assert row[field] == event[field], field
    assert (row["provenance_start"], row["provenance_end"], row["provenance_sentence"],
            row["provenance_method"]) == (0, 70, 1, "rule:fr")
    assert (row["language"], row["source"], row["published"]) == (
        "fr", "La Gazette de l'Est", dt.date(2022, 11, 10))
    assert (row["gazetteer_id"], row["place_kind"], row["country"], row["admin1"]) == (
        "geonames:706448", "city", "UA", "Kherson Oblast")
    assert row["date_first"] == row["date_last"] == dt.date(2022, 11, 10)
    retaken = rows[3]
    assert retaken["date"] == "2022-11-09/2022-11-11"
    assert (retaken["date_first"], retaken["date_last"]) == (
        dt.date(2022, 11, 9), dt.date(2022, 11, 11))
    assert retaken["evidence"] == samples.UK_EVIDENCE
    shelling = rows[6]  # nulls stay nulls
    for field in ("actor", "location", "lat", "lon", "date", "date_first", "geo_precision",
                  "gazetteer_id", "country"):
        assert shelling[field] is None, field


def test_places_quotes_quantities(out: Path) -> None:
    places = _rows(out, "places")
    assert places[1] == {
        "article_id": "uk-kherson", "place_index": 0, "name": "Kherson", "kind": "city",
        "lat": 46.6354, "lon": 32.6169, "country": "UA", "admin1": "Kherson Oblast",
        "gazetteer_id": "geonames:706448", "method": "test", "mentions": ["Херсон", "Херсона"]}
    (quote,) = _rows(out, "quotes")
    assert quote == {
        "article_id": "fr-kherson", "quote_index": 0, "speaker": "Volodymyr Zelensky",
        "speaker_text": "Zelensky", "channel": "Telegram", "cue": "a écrit",
        "text": "Notre peuple. Le nôtre. Kherson",
        "evidence": "« Notre peuple. Le nôtre. Kherson », a écrit Zelensky.",
        "provenance_start": 183, "provenance_end": 214, "provenance_sentence": 4,
        "provenance_method": "quote-marks", "speaker_start": 220, "speaker_end": 228,
        "speaker_sentence": 4}
    quantities = _rows(out, "quantities")
    assert [(q["article_id"], q["quantity_index"], q["text"], q["value"]) for q in quantities] == [
        ("fr-kherson", 0, "sept civils", 7.0), ("fr-kherson", 1, "2 000 kilomètres carrés", 2000.0),
        ("uk-kherson", 0, "п'ятеро", 5.0), ("uk-kherson", 1, "12 поранених", 12.0)]
    assert quantities[0]["claimed_by"] == "préfecture"
    assert quantities[1]["si_unit"] == "km2" and quantities[1]["low"] is None


def test_incidents_and_control_tables(out: Path) -> None:
    incidents = {r["id"]: r for r in _rows(out, "incidents")}
    killing = incidents["inc-killing"]
    assert killing["reports"] == [{"article_id": "uk-kherson", "event_index": 1},
                                  {"article_id": "fr-kherson", "event_index": 1}]
    assert (killing["n_reports"], killing["articles"]) == (2, 2)
    assert killing["outlets"] == ["La Gazette de l'Est", "Степовий кур'єр"]
    assert (killing["first_reported"], killing["last_reported"]) == (
        dt.date(2022, 11, 10), dt.date(2022, 11, 12))
    assert (killing["lat"], killing["lon"], killing["story_id"]) == (
        46.6354, 32.6169, "story-kherson")
    shelling = incidents["inc-shelling"]
    assert (shelling["lat"], shelling["country"], shelling["date_first"]) == (None, None, None)
    located, unlocated = _rows(out, "control")
    assert located == {
        "incident_id": "inc-withdrawal", "place": "Kherson", "gazetteer_id": "geonames:706448",
        "lat": 46.6354, "lon": 32.6169, "date": "2022-11-11",
        "date_first": dt.date(2022, 11, 11), "date_last": dt.date(2022, 11, 11),
        "from_side": "RU", "to_side": "UA", "subtype": "withdrawal", "status": "confirmed",
        "n_reports": 2, "reports": [{"article_id": "fr-kherson", "event_index": 0},
                                    {"article_id": "uk-kherson", "event_index": 0}]}
    assert unlocated["place"] == "Нова Каховка" and unlocated["reports"] == []


def test_empty_tables_still_written_with_their_schema(tmp_path: Path) -> None:
    assert export("parquet", tmp_path / "t", samples.records()) == 18
    table = pq.read_table(tmp_path / "t" / "incidents.parquet")
    assert table.num_rows == 0 and "reports" in table.schema.names


def test_value_of_wrong_type_refused_naming_the_article(tmp_path: Path) -> None:
    records = samples.records()
    records[1]["events"][1]["geo_precision"] = "near"
    with pytest.raises(ValueError, match="article uk-kherson: events table"):
        export("parquet", tmp_path / "t", records)
    assert not (tmp_path / "t").exists()


def test_failure_leaves_existing_tables_untouched(out: Path) -> None:
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    incidents = samples.incidents()
    incidents[-1].type = ""  # the last incident is bad: articles were already converted
    with pytest.raises(ValueError, match="incident inc-shelling: no type"):
        export("parquet", out, samples.records()[:1], incidents)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_write_failure_midway_removes_every_temporary_file(out: Path, monkeypatch) -> None:
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    written = []

    def write_then_fail(table: pa.Table, where: Any) -> None:
        if len(written) == 3:
            raise OSError("disk full")
        written.append(where)
        Path(where).write_bytes(b"partial")

    monkeypatch.setattr(pq, "write_table", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        export("parquet", out, samples.records())
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_path_that_is_a_file_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(ValueError, match="is a file"):
        export("parquet", tmp_path / "f", samples.records())
