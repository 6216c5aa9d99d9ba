"""reports_from_record: OUTPUT.md records to Report objects (no spaCy: records as dicts)."""

from __future__ import annotations

from typing import Any

import pytest

from dateline.link.reports import reports_from_record
from dateline.model import Provenance

KHERSON_CITY = {
    "name": "Kherson", "mentions": ["Kherson", "Херсона"], "kind": "city",
    "lat": 46.6354, "lon": 32.6169, "country": "UA", "admin1": "Kherson Oblast",
    "gazetteer_id": "geonames:706448",
}
KHERSON_REGION = {
    "name": "Kherson Oblast", "mentions": ["région de Kherson"], "kind": "region",
    "lat": 46.69, "lon": 33.44, "country": "UA", "admin1": "Kherson Oblast",
    "gazetteer_id": "geonames:706442",
}


def event(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "RETREAT", "subtype": "withdrawal", "actor": "Russian armed forces",
        "actor_side": "RU", "target": None, "location": "Kherson", "lat": 46.6354,
        "lon": 32.6169, "date": "2022-11-11", "date_text": "vendredi", "claimed_by": None,
        "status": "reported", "evidence": "Russia withdrew from Kherson.",
        "provenance": {"start": 0, "end": 29, "sentence": 0, "method": "rule"},
        "mode": "withdraw", "geo_precision": 1, "time_precision": 1,
    }
    return {**base, **fields}


def record(*events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "art-1", "language": "fr", "published": "2022-11-11", "source": "La Gazette",
        "url": "https://example.org/a", "places": [KHERSON_CITY, KHERSON_REGION],
        "events": list(events),
    }
    return {**base, **fields}


def test_every_event_becomes_a_report_with_article_metadata() -> None:
    reports = reports_from_record(record(event(), event(type="ASSAULT", subtype="advance")))
    assert [(r.article_id, r.event_index) for r in reports] == [("art-1", 0), ("art-1", 1)]
    first = reports[0]
    assert (first.source, first.language, first.published) == ("La Gazette", "fr", "2022-11-11")
    assert first.url == "https://example.org/a"
    assert first.provenance == Provenance(0, 29, 0, "rule")
    assert reports[1].type == "ASSAULT" and reports[1].subtype == "advance"


def test_place_details_come_from_the_place_named_by_location() -> None:
    (report,) = reports_from_record(record(event(location="Kherson")))
    assert report.gazetteer_id == "geonames:706448"
    assert (report.place_kind, report.country, report.admin1) == ("city", "UA", "Kherson Oblast")


def test_location_matched_against_mentions_when_no_name_matches() -> None:
    (report,) = reports_from_record(record(event(location="région de Kherson")))
    assert report.gazetteer_id == "geonames:706442"
    assert report.place_kind == "region"


def test_unknown_location_leaves_place_details_empty_and_keeps_event_coordinates() -> None:
    (report,) = reports_from_record(record(event(location="Nowhere", lat=1.5, lon=2.5)))
    assert report.gazetteer_id is None and report.admin1 is None and report.place_kind is None
    assert (report.lat, report.lon) == (1.5, 2.5)


def test_missing_event_coordinates_fall_back_to_the_place() -> None:
    (report,) = reports_from_record(record(event(lat=None, lon=None)))
    assert (report.lat, report.lon) == (46.6354, 32.6169)


def test_events_with_a_non_factual_mode_are_kept() -> None:
    reports = reports_from_record(record(event(mode="hypothetical", status="unverified")))
    assert len(reports) == 1 and reports[0].mode == "hypothetical"


def test_missing_source_and_places_are_allowed() -> None:
    rec = record(event())
    del rec["places"]
    rec["source"] = None
    (report,) = reports_from_record(rec)
    assert report.source is None and report.gazetteer_id is None


@pytest.mark.parametrize("key", ["language", "events"])
def test_record_without_a_required_key_names_article_and_key(key: str) -> None:
    rec = record(event())
    del rec[key]
    with pytest.raises(ValueError, match=rf"art-1.*{key}"):
        reports_from_record(rec)


@pytest.mark.parametrize("key", ["type", "status", "evidence", "provenance"])
def test_event_without_a_required_key_names_article_event_and_key(key: str) -> None:
    bad = event()
    del bad[key]
    with pytest.raises(ValueError, match=rf"art-1: event 1 .*{key}"):
        reports_from_record(record(event(), bad))


def test_record_without_id_is_rejected() -> None:
    rec = record(event())
    del rec["id"]
    with pytest.raises(ValueError, match="no article 'id'"):
        reports_from_record(rec)


def test_events_not_a_list_is_rejected() -> None:
    with pytest.raises(ValueError, match="art-1: 'events' is not a list"):
        reports_from_record(record(events={"type": "RETREAT"}))


def test_an_events_other_sentences_come_along_as_mentions() -> None:
    other = {"evidence": "Russian troops left Kherson.", "trigger": "left",
             "provenance": {"start": 30, "end": 58, "sentence": 1, "method": "rule"}}
    (report,) = reports_from_record(record(event(mentions=[other])))
    assert [(m.article_id, m.evidence, m.provenance.sentence) for m in report.mentions] == [
        ("art-1", "Russian troops left Kherson.", 1)]
    with pytest.raises(ValueError, match="art-1: event 0 has malformed 'mentions'"):
        reports_from_record(record(event(mentions=[{"trigger": "left"}])))
