"""The GeoJSON export, read back with json and checked against RFC 7946 and the inputs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dateline.export import export, export_result
from tests.export import samples


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def collection(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "map.geojson"
    result = export_result("geojson", path, samples.records(), samples.incidents(),
                           samples.changes())
    assert result.written == 6  # five located incidents, one located control change
    assert result.skipped == {"incident without coordinates": 1,
                              "control change without coordinates": 1}
    return _load(path)


def _features(collection: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in collection["features"] if f["properties"]["feature"] == kind]


def test_rfc7946_structure(collection: dict[str, Any]) -> None:
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert all(type(v) is float for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_incident_feature_longitude_first_and_properties(collection: dict[str, Any]) -> None:
    (feature,) = [f for f in _features(collection, "incident") if f["id"] == "inc-killing"]
    assert feature["geometry"]["coordinates"] == [32.6169, 46.6354]  # lon, lat
    assert feature["properties"] == {
        "feature": "incident", "id": "inc-killing", "type": "ASSAULT", "subtype": "killing",
        "actor": "Russian armed forces", "actor_side": "RU", "target": None,
        "location": "Kherson", "gazetteer_id": "geonames:706448", "place_kind": "city",
        "country": "UA", "admin1": "Kherson Oblast", "geo_precision": 1, "date": "2022-11-09",
        "time_precision": 1, "status": "confirmed", "story_id": "story-kherson",
        "n_reports": 2, "articles": 2, "outlets": ["La Gazette de l'Est", "Степовий кур'єр"],
        "languages": ["fr", "uk"], "first_reported": "2022-11-10",
        "last_reported": "2022-11-12",
        # the first report is the earliest published: the French one, accents intact
        "evidence": samples.FR_KILLING, "evidence_article": "fr-kherson",
        "evidence_language": "fr",
    }


def test_every_located_incident_is_a_feature(collection: dict[str, Any]) -> None:
    ids = [f["id"] for f in _features(collection, "incident")]
    assert ids == ["inc-withdrawal", "inc-retaken", "inc-killing", "inc-capture",
                   "inc-meeting"]
    capture = _features(collection, "incident")[3]
    assert capture["geometry"]["coordinates"] == [33.5199, 14.4012]


def test_control_change_feature(collection: dict[str, Any]) -> None:
    (feature,) = _features(collection, "control_change")
    assert feature["geometry"]["coordinates"] == [32.6169, 46.6354]
    assert feature["properties"] == {
        "feature": "control_change", "place": "Kherson", "gazetteer_id": "geonames:706448",
        "date": "2022-11-11", "from_side": "RU", "to_side": "UA", "subtype": "withdrawal",
        "incident_id": "inc-withdrawal", "status": "confirmed", "n_reports": 2,
        "outlets": ["La Gazette de l'Est", "Степовий кур'єр"],
    }


def test_cyrillic_evidence_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "uk.geojson"
    export("geojson", path, samples.records(), samples.incidents()[1:2])
    (feature,) = _load(path)["features"]
    assert feature["properties"]["evidence"] == samples.UK_EVIDENCE
    assert "Українські" in path.read_text(encoding="utf-8")  # readable, not \u-escaped


def test_without_incidents_every_located_event_is_a_feature(tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    result = export_result("geojson", path, samples.records())
    assert result.written == 6 and result.skipped == {"incident without coordinates": 1}
    ids = [f["id"] for f in _load(path)["features"]]
    assert ids == ["fr-kherson#0", "fr-kherson#1", "fr-kherson#2", "uk-kherson#0",
                   "uk-kherson#1", "en-wad-madani#0"]


@pytest.mark.parametrize(("lat", "lon", "message"), [
    (46.6, 200.0, "incident inc-withdrawal: longitude 200.0 out of range"),
    (float("nan"), 32.6, "incident inc-withdrawal: latitude nan out of range"),
    ("46.6", 32.6, "incident inc-withdrawal: latitude is not a number"),
])
def test_bad_coordinates_refused(tmp_path: Path, lat: Any, lon: Any, message: str) -> None:
    incidents = samples.incidents()
    incidents[0].lat, incidents[0].lon = lat, lon
    with pytest.raises(ValueError, match=re.escape(message)):
        export("geojson", tmp_path / "x.geojson", [], incidents)


def test_incident_without_type_refused(tmp_path: Path) -> None:
    incidents = samples.incidents()
    incidents[3].type = None  # type: ignore[assignment]
    with pytest.raises(ValueError, match="incident inc-capture: no type"):
        export("geojson", tmp_path / "x.geojson", [], incidents)


def test_failure_leaves_existing_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "map.geojson"
    export("geojson", path, samples.records(), samples.incidents(), samples.changes())
    before = path.read_bytes()
    changes = samples.changes()
    changes[1].date = "11/11/2022"  # the last input is bad
    with pytest.raises(ValueError, match="control change of incident inc-retaken"):
        export("geojson", path, samples.records(), samples.incidents(), changes)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["map.geojson"]
