"""The real default index: places news about Ukraine, the Middle East, Sudan and the Caucasus
name, in several languages and scripts, resolve to the right candidates."""

from __future__ import annotations

import math
import pickle
import re
import sqlite3
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from dateline.gazetteer import Candidate, Gazetteer, default_index_path
from dateline.gazetteer.lookup import GazetteerError

KHERSON = "geonames:706448"
KHARKIV = "geonames:706483"
DNIPRO_CITY = "geonames:709930"
DNIEPER = "dateline:dnieper"


def ids(candidates: list[Candidate]) -> list[str]:
    return [c.gazetteer_id for c in candidates]


def first(gazetteer: Gazetteer, name: str, kind: str | None = None) -> Candidate:
    found = [c for c in gazetteer.candidates(name) if kind is None or c.kind == kind]
    assert found, f"no {kind or 'candidate'} for {name!r}"
    return found[0]


def near(c: Candidate, lat: float, lon: float, tolerance: float = 0.5) -> bool:
    return abs(c.lat - lat) <= tolerance and abs(c.lon - lon) <= tolerance


def test_kherson(gazetteer: Gazetteer) -> None:
    found = {c.gazetteer_id: c for c in gazetteer.candidates("Kherson")}
    city = found[KHERSON]
    assert (city.kind, city.record_kind, city.country) == ("city", "city", "UA")
    assert city.admin1 == "Kherson Oblast"
    assert city.match == "fold"
    assert near(city, 46.64, 32.61, 0.05)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Херсон", KHERSON),
        ("Kharkov", KHARKIV),
        ("Харків", KHARKIV),
        ("Харьков", KHARKIV),
        ("Izioum", "geonames:707292"),
        ("Bakhmout", "geonames:713174"),
        ("Koupiansk", "geonames:703656"),
        ("Zaporijjia", "geonames:687700"),
        ("Avdiivka", "geonames:713122"),
        ("Avdiïvka", "geonames:713122"),
        ("Awdijiwka", "geonames:713122"),
        ("Wad Madani", "geonames:364103"),
        ("Stepanakert", "geonames:146970"),
        ("Khankendi", "geonames:146970"),
    ],
)
def test_town_names_in_other_languages(gazetteer: Gazetteer, name: str, expected: str) -> None:
    assert ids(gazetteer.candidates(name))[0] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Zaporijia", "geonames:687700"), ("Izyoum", "geonames:707292"),
     ("Koupyansk", "geonames:703656")],
)
def test_spellings_only_the_skeleton_knows(gazetteer: Gazetteer, name: str, expected: str
                                           ) -> None:
    found = gazetteer.candidates(name)
    assert {c.match for c in found} == {"skeleton"}
    assert expected in [c.gazetteer_id for c in found if c.kind == "city"][:1]


@pytest.mark.parametrize("name", ["Dniepr", "Dnieper", "Дніпро", "Днепр", "Dnipro River"])
def test_the_dnieper_river(gazetteer: Gazetteer, name: str) -> None:
    river = first(gazetteer, name, "river")
    assert river.gazetteer_id == DNIEPER
    assert river.feature_code == "STM"
    assert near(river, 46.5, 32.3)


def test_dnipro_is_both_city_and_river(gazetteer: Gazetteer) -> None:
    found = ids(gazetteer.candidates("Dnipro"))
    assert DNIPRO_CITY in found
    assert DNIEPER in found


@pytest.mark.parametrize("name", ["Ukraine", "Україна", "Украина", "Ucrania"])
def test_ukraine(gazetteer: Gazetteer, name: str) -> None:
    country = first(gazetteer, name, "country")
    assert country.country == "UA"
    assert near(country, 49.0, 32.0)


@pytest.mark.parametrize(
    ("iso2", "lat", "lon"),
    [("RU", 60.0, 100.0), ("UA", 49.0, 32.0), ("US", 39.76, -98.5), ("FR", 46.0, 2.0)],
)
def test_country_points(gazetteer: Gazetteer, iso2: str, lat: float, lon: float) -> None:
    country = gazetteer.country(iso2)
    assert country is not None
    assert (country.kind, country.country, country.match) == ("country", iso2, "id")
    assert near(country, lat, lon, 0.01)


def test_russie_is_russia(gazetteer: Gazetteer) -> None:
    russia = first(gazetteer, "Russie", "country")
    assert russia.country == "RU"
    assert russia.lang == "fr"
    assert near(russia, 60.0, 100.0)


@pytest.mark.parametrize("name", ["Crimée", "Crimea", "Крим", "Krim"])
def test_crimea(gazetteer: Gazetteer, name: str) -> None:
    region = first(gazetteer, name, "region")
    assert (region.country, region.feature_code, region.name) == ("UA", "ADM1", "Crimea")


@pytest.mark.parametrize(
    "name", ["Kharkiv Oblast", "Харківська область", "Харьковская область", "oblast de Kharkiv",
             "Kharkiv region", "Харківщина"])
def test_kharkiv_oblast(gazetteer: Gazetteer, name: str) -> None:
    region = first(gazetteer, name, "region")
    assert (region.gazetteer_id, region.name, region.feature_code) == (
        "geonames:706482", "Kharkiv Oblast", "ADM1")
    assert near(region, 49.5, 36.5)


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [("Kherson Oblast", 46.7, 33.5), ("Donetsk Oblast", 48.0, 37.8)],
)
def test_admin1_centres(gazetteer: Gazetteer, name: str, lat: float, lon: float) -> None:
    assert near(first(gazetteer, name, "region"), lat, lon)


@pytest.mark.parametrize("name", ["Gaza Strip", "bande de Gaza", "Gazastreifen", "قطاع غزة"])
def test_gaza_strip(gazetteer: Gazetteer, name: str) -> None:
    region = first(gazetteer, name, "region")
    assert (region.country, region.name) == ("PS", "Gaza Strip")
    assert near(region, 31.4, 34.4)


@pytest.mark.parametrize("name", ["Darfur", "Darfour", "دارفور"])
def test_darfur(gazetteer: Gazetteer, name: str) -> None:
    region = first(gazetteer, name, "region")
    assert (region.gazetteer_id, region.country) == ("dateline:darfur", "SD")


@pytest.mark.parametrize(
    ("name", "kind", "record"),
    [("Black Sea", "sea", "other"), ("mer Noire", "sea", "other"), ("Kerch Strait", "sea", "other"),
     ("Siverskyi Donets", "river", "river"), ("Haut-Karabagh", "region", "region"),
     ("Golan Heights", "region", "region"), ("Lake Chad", "other", "other")],
)
def test_curated_features(gazetteer: Gazetteer, name: str, kind: str, record: str) -> None:
    feature = first(gazetteer, name)
    assert (feature.kind, feature.record_kind) == (kind, record)
    assert feature.gazetteer_id.startswith("dateline:")


def test_candidate_order_fold_then_skeleton_by_population(gazetteer: Gazetteer) -> None:
    for name in ("Херсон", "Lyman", "Zaporijjia", "Oleksandrivka", "Kyiv"):
        found = gazetteer.candidates(name)
        matches = [c.match for c in found]
        assert matches == sorted(matches, key=["fold", "skeleton"].index), name
        for match in ("fold", "skeleton"):
            pops = [c.population for c in found if c.match == match]
            assert pops == sorted(pops, reverse=True), name
        assert len(set(ids(found))) == len(found), name


def test_limit_and_empty_names(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.candidates("San José", limit=5)) == 5
    assert len(gazetteer.candidates("San José")) == 40
    assert gazetteer.candidates("") == []
    assert gazetteer.candidates(" - ") == []
    assert gazetteer.candidates("Qqxzzv Wyyq") == []


def test_has_name(gazetteer: Gazetteer) -> None:
    assert gazetteer.has_name("Bakhmout")
    assert gazetteer.has_name("Zaporijia")  # skeleton key only
    assert gazetteer.has_name("ХЕРСОН")
    assert not gazetteer.has_name("Qqxzzv Wyyq")
    assert not gazetteer.has_name("")


def test_get_and_admin1_of(gazetteer: Gazetteer) -> None:
    kherson = gazetteer.get(KHERSON)
    assert kherson is not None
    assert (kherson.name, kherson.match, kherson.matched_name) == ("Kherson", "id", "Kherson")
    region = gazetteer.admin1_of(kherson)
    assert region is not None
    assert (region.gazetteer_id, region.name, region.kind) == (
        "geonames:706442", "Kherson Oblast", "region")
    assert gazetteer.admin1_of(region) == region
    assert gazetteer.admin1_of(gazetteer.country("UA")) is None  # type: ignore[arg-type]
    assert gazetteer.get("geonames:0") is None
    assert gazetteer.country("XX") is None


def test_every_admin1_name_is_an_adm1_region(gazetteer: Gazetteer) -> None:
    conn = sqlite3.connect(gazetteer.path)
    used = set(conn.execute("SELECT DISTINCT country, admin1 FROM places "
                            "WHERE admin1 IS NOT NULL AND kind != 'region'"))
    regions = set(conn.execute("SELECT country, name FROM places WHERE feature_code = 'ADM1'"))
    with_admin1 = conn.execute(
        "SELECT avg(admin1 IS NOT NULL) FROM places WHERE country = 'UA'").fetchone()[0]
    conn.close()
    assert used <= regions
    assert with_admin1 > 0.99


def test_index_meta_and_counts(gazetteer: Gazetteer) -> None:
    counts = gazetteer.meta["counts"]
    assert counts["places"] > 230_000
    assert counts["kinds"]["country"] >= 245
    assert counts["kinds"]["region"] > 3_000
    assert counts["kinds"]["river"] >= 15
    assert gazetteer.meta["schema"] == 2  # names keep every language that uses them


def test_connection_is_read_only(gazetteer: Gazetteer) -> None:
    with pytest.raises(sqlite3.OperationalError):
        gazetteer._conn().execute("DELETE FROM places")


def test_pickles_and_reopens_by_path(gazetteer: Gazetteer) -> None:
    clone = pickle.loads(pickle.dumps(gazetteer))
    assert clone.path == gazetteer.path
    assert ids(clone.candidates("Bakhmout")) == ids(gazetteer.candidates("Bakhmout"))


def _worker_lookup(gazetteer: Gazetteer) -> list[str]:
    return ids(gazetteer.candidates("Izioum"))


def test_usable_from_worker_processes_and_threads(gazetteer: Gazetteer) -> None:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        assert pool.submit(_worker_lookup, gazetteer).result(timeout=120)[0] == \
            "geonames:707292"
    names = ["Kherson", "Kharkiv", "Dnipro", "Bakhmut", "Lyman", "Gaza", "Kyiv"] * 20
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda n: ids(gazetteer.candidates(n, limit=3)), names))
    assert results == [ids(gazetteer.candidates(n, limit=3)) for n in names]


def test_open_without_index(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError):
        Gazetteer.open(tmp_path / "missing.sqlite", build=False)
    not_an_index = tmp_path / "other.sqlite"
    sqlite3.connect(not_an_index).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(GazetteerError):
        Gazetteer.open(not_an_index, build=False)


def test_default_index_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATELINE_GAZETTEER", str(tmp_path / "g.sqlite"))
    assert default_index_path() == tmp_path / "g.sqlite"
    monkeypatch.delenv("DATELINE_GAZETTEER")
    assert re.fullmatch(r"gazetteer-v2-[0-9a-f]{12}\.sqlite", default_index_path().name)
    assert "dateline" in default_index_path().parts


def test_a_change_to_the_bundled_data_names_a_new_index(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from dateline.gazetteer import build

    monkeypatch.delenv("DATELINE_GAZETTEER")
    before = default_index_path()
    monkeypatch.setattr(build, "SCHEMA", 99)
    assert default_index_path() != before


def test_no_place_lacks_coordinates(gazetteer: Gazetteer) -> None:
    conn = sqlite3.connect(gazetteer.path)
    bad = conn.execute("SELECT count(*) FROM places WHERE lat NOT BETWEEN -90 AND 90 "
                       "OR lon NOT BETWEEN -180 AND 180 OR lat IS NULL").fetchone()[0]
    conn.close()
    assert bad == 0
    assert not math.isnan(gazetteer.country("UA").lat)  # type: ignore[union-attr]


def test_a_name_keeps_every_language_that_uses_it(gazetteer: Gazetteer) -> None:
    rwanda = next(c for c in gazetteer.candidates("Ruanda") if c.kind == "country")
    assert rwanda.lang is not None and {"de", "es", "pt"} <= set(rwanda.lang.split(","))


def test_every_name_of_a_place(gazetteer: Gazetteer) -> None:
    city = next(c for c in gazetteer.candidates("Kharkov") if c.kind == "city")
    names = gazetteer.names_of(city.gazetteer_id)
    assert names[0] == city.name and len(names) == len(set(names))
    assert {"Charkow", "Харьков", "Харків"} <= set(names)
    assert gazetteer.names_of("geonames:0") == []
