"""The ACLED CSV, read back with the csv module and checked column by column."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from dateline.export import export, export_result
from dateline.export.acled import write_acled
from dateline.export.acled_codes import interaction
from tests.export import samples

# ACLED's columns in ACLED's order, written out independently of the exporter.
ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


def _by_tag(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {re.search(r"dateline_id=([^;]+)", r["tags"]).group(1): r for r in rows}


def _midnight(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()))


@pytest.fixture
def exported(tmp_path: Path) -> tuple[list[str], dict[str, dict[str, str]], list[str]]:
    path = tmp_path / "acled.csv"
    result = export_result("acled", path, samples.records(), samples.incidents())
    assert result.written == 4
    assert result.skipped == {"not an ACLED event": 1, "no country": 1}
    header, rows = _read(path)
    return header, _by_tag(rows), [r["tags"].split(";")[0] for r in rows]


def test_header_is_acleds_columns_in_acleds_order(exported) -> None:
    header, _, _ = exported
    assert header == ACLED_HEADER


def test_rows_sorted_by_date_then_incident(exported) -> None:
    _, _, order = exported
    assert order == ["dateline_id=inc-killing", "dateline_id=inc-retaken",
                     "dateline_id=inc-withdrawal", "dateline_id=inc-capture"]


def test_withdrawal_row_field_by_field(exported) -> None:
    _, rows, _ = exported
    row = rows["inc-withdrawal"]
    assert re.fullmatch(r"UKR\d+", row["event_id_cnty"])
    expected = {
        "event_date": "2022-11-10", "year": "2022", "time_precision": "1",
        "disorder_type": "Strategic developments", "event_type": "Strategic developments",
        "sub_event_type": "Non-violent transfer of territory",
        "actor1": "Russian armed forces", "assoc_actor_1": "",
        "inter1": "8",  # state forces outside their own country: External/Other forces
        "actor2": "", "assoc_actor_2": "", "inter2": "0", "interaction": "80",
        "civilian_targeting": "", "iso": "804", "region": "Europe", "country": "Ukraine",
        "admin1": "Kherson Oblast", "admin2": "", "admin3": "", "location": "Kherson",
        "geo_precision": "1", "source": "La Gazette de l'Est", "source_scale": "International",
        "notes": "On 10 November 2022, Russian armed forces withdrew from Kherson. "
                 "Status: claimed. Claimed by Russian Defense Ministry. "
                 "[1 report: La Gazette de l'Est]",
        "fatalities": "0", "tags": "dateline_id=inc-withdrawal; status=claimed",
        "timestamp": _midnight("2022-11-10"),
    }
    assert {k: row[k] for k in expected} == expected
    assert (float(row["latitude"]), float(row["longitude"])) == (46.6354, 32.6169)


def test_date_range_gives_first_day_precision_and_range_tag(exported) -> None:
    _, rows, _ = exported
    row = rows["inc-retaken"]
    assert row["event_date"] == "2022-11-09"
    assert row["time_precision"] == "2"
    assert row["tags"] == ("dateline_id=inc-retaken; status=confirmed; "
                           "date_range=2022-11-09/2022-11-11")
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == (
        "Battles", "Government regains territory", "Political violence")
    assert (row["actor1"], row["inter1"], row["interaction"]) == (
        "Ukrainian armed forces", "1", "10")
    assert row["source"] == "Степовий кур'єр"
    assert row["source_scale"] == "National"  # Ukrainian is spoken in Ukraine
    assert row["notes"] == ("Between 9 and 11 November 2022, Ukrainian armed forces regained "
                            "control of Kherson. Status: confirmed. [1 report: Степовий кур'єр]")
    assert row["timestamp"] == _midnight("2022-11-12")


def test_violence_against_civilians_fatalities_and_sources(exported) -> None:
    _, rows, _ = exported
    row = rows["inc-killing"]
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("Civilians (Ukraine)", "7", "78")
    assert row["civilian_targeting"] == "Civilian targeting"
    # seven killed (French report), five (Ukrainian): ACLED keeps the lower count; the 12
    # wounded in the same sentence are not fatalities
    assert row["fatalities"] == "5"
    assert row["source"] == "La Gazette de l'Est; Степовий кур'єр"
    assert row["source_scale"] == "National-International"
    assert row["notes"].endswith("[2 reports: La Gazette de l'Est; Степовий кур'єр]")
    assert row["timestamp"] == _midnight("2022-11-12")  # the last report's publication


def test_non_state_capture_in_sudan(exported) -> None:
    _, rows, _ = exported
    row = rows["inc-capture"]
    assert re.fullmatch(r"SDN\d+", row["event_id_cnty"])
    assert (row["iso"], row["country"], row["region"]) == ("729", "Sudan", "Northern Africa")
    assert (row["actor1"], row["inter1"], row["interaction"]) == (
        "Rapid Support Forces", "3", "30")
    assert row["sub_event_type"] == "Non-state actor overtakes territory"
    assert row["source_scale"] == "National"


def test_event_ids_are_unique_and_stable(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    export("acled", first, samples.records(), samples.incidents())
    export("acled", second, samples.records(), list(reversed(samples.incidents())))
    ids_a = {r["tags"]: r["event_id_cnty"] for r in _read(first)[1]}
    ids_b = {r["tags"]: r["event_id_cnty"] for r in _read(second)[1]}
    assert ids_a == ids_b
    assert len(set(ids_a.values())) == len(ids_a)


def test_without_incidents_one_row_per_acled_event(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    result = export_result("acled", path, samples.records())
    assert result.written == 5
    assert result.skipped == {"not an ACLED event": 1, "no country": 1}
    rows = _by_tag(_read(path)[1])
    assert set(rows) == {"fr-kherson#0", "fr-kherson#1", "uk-kherson#0", "uk-kherson#1",
                         "en-wad-madani#0"}
    assert rows["fr-kherson#1"]["fatalities"] == "7"
    assert rows["uk-kherson#1"]["fatalities"] == "5"
    assert rows["fr-kherson#0"]["source"] == "La Gazette de l'Est"


def test_undated_incident_takes_publication_day(tmp_path: Path) -> None:
    incident = samples.incidents()[0]
    incident.date, incident.time_precision = None, None
    path = tmp_path / "a.csv"
    write_acled(path, [incident])
    (row,) = _read(path)[1]
    assert (row["event_date"], row["time_precision"]) == ("2022-11-10", "2")
    assert row["tags"].endswith("; date=publication")
    assert row["notes"].startswith("On or around 10 November 2022, ")


def test_unnamed_actor_is_acleds_unidentified_group(tmp_path: Path) -> None:
    incident = samples.incidents()[0]
    incident.actor = incident.actor_side = None
    path = tmp_path / "a.csv"
    write_acled(path, [incident])
    (row,) = _read(path)[1]
    assert (row["actor1"], row["inter1"], row["interaction"]) == (
        "Unidentified Armed Group (Ukraine)", "3", "30")


def test_interaction_is_lower_code_first() -> None:
    assert interaction(2, 1) == 12
    assert interaction(1, 2) == 12
    assert interaction(8, 7) == 78
    assert interaction(1, 0) == 10
    assert interaction(3, None) == 30
    assert interaction(None, 1) is None


def test_incident_without_type_is_refused_by_id(tmp_path: Path) -> None:
    incidents = samples.incidents()
    incidents[2].type = ""
    with pytest.raises(ValueError, match="incident inc-killing: no type"):
        export("acled", tmp_path / "a.csv", samples.records(), incidents)
    assert not (tmp_path / "a.csv").exists()


def test_event_without_type_is_refused_by_article(tmp_path: Path) -> None:
    records = samples.records()
    del records[1]["events"][0]["type"]
    with pytest.raises(ValueError, match="article uk-kherson: event 0 has no type"):
        export("acled", tmp_path / "a.csv", records)


def test_bad_coordinates_refused(tmp_path: Path) -> None:
    incidents = samples.incidents()
    incidents[0].lat = 146.6
    with pytest.raises(ValueError, match=r"incident inc-withdrawal: latitude 146\.6 out of range"):
        export("acled", tmp_path / "a.csv", samples.records(), incidents)


def test_failure_leaves_existing_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    export("acled", path, samples.records(), samples.incidents())
    before = path.read_bytes()
    incidents = samples.incidents()
    incidents[-2].date = "2022-13-45"  # the fifth of six incidents is bad
    with pytest.raises(ValueError, match="incident inc-meeting"):
        export("acled", path, samples.records(), incidents)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["acled.csv"]
