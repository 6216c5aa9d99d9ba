"""Cross-article incident linking on hand-built reports (no spaCy, no shared data)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.link import incidents as incidents_module
from dateline.link.incidents import Linker, compatible, date_window, link
from dateline.model import Incident, Provenance, Report, incident_from_record, incident_record

PROV = Provenance(0, 10, 0, "test")
PLACES: dict[str, dict[str, Any]] = {
    "Kherson": {"gazetteer_id": "geonames:706448", "place_kind": "city", "country": "UA",
                "admin1": "Kherson Oblast", "lat": 46.6354, "lon": 32.6169},
    "Kherson Oblast": {"gazetteer_id": "geonames:706442", "place_kind": "region",
                       "country": "UA", "admin1": "Kherson Oblast", "lat": 46.69, "lon": 33.44},
    "Izium": {"gazetteer_id": "geonames:707292", "place_kind": "city", "country": "UA",
              "admin1": "Kharkiv Oblast", "lat": 49.2070, "lon": 37.2768},
    "Balakliia": {"gazetteer_id": "geonames:712926", "place_kind": "city", "country": "UA",
                  "admin1": "Kharkiv Oblast", "lat": 49.4560, "lon": 36.8443},
    "Kharkiv Oblast": {"gazetteer_id": "geonames:706482", "place_kind": "region",
                       "country": "UA", "admin1": "Kharkiv Oblast", "lat": 49.68, "lon": 36.51},
    "Ukraine": {"gazetteer_id": "geonames:690791", "place_kind": "country", "country": "UA",
                "admin1": None, "lat": 49.0, "lon": 32.0},
}


def rep(article: str, index: int = 0, *, place: str = "Kherson", **fields: Any) -> Report:
    """A report of a Russian withdrawal from Kherson on 11 Nov 2022 unless told otherwise."""
    base: dict[str, Any] = {
        "article_id": article, "event_index": index, "source": f"outlet of {article}",
        "language": "en", "published": "2022-11-11", "url": None, "type": "RETREAT",
        "subtype": "withdrawal", "mode": None, "actor": "Russian armed forces",
        "actor_side": "RU", "target": None, "location": place, "geo_precision": 1,
        "date": "2022-11-11", "time_precision": 1, "claimed_by": None, "status": "reported",
        "trigger": None, "evidence": f"{article} #{index}", "provenance": PROV,
        **PLACES[place],
    }
    return Report(**{**base, **fields})


def partition(incidents: Iterable[Incident]) -> set[frozenset[tuple[str, int]]]:
    return {frozenset(r.key for r in inc.reports) for inc in incidents}


def together(incidents: list[Incident], *keys: tuple[str, int]) -> bool:
    return any(set(keys) <= {r.key for r in inc.reports} for inc in incidents)


# --- same happening, different articles and languages --------------------------------------
def test_french_and_english_reports_of_one_withdrawal_are_one_incident() -> None:
    fr = rep("fr-1", language="fr", date="2022-11-11", evidence="Les forces russes se sont "
             "retirées de la ville de Kherson.")
    en = rep("en-1", language="en", published="2022-11-10", date="2022-11-10",
             evidence="Moscow confirmed it had begun its withdrawal.")
    (incident,) = link([fr, en])
    assert partition([incident]) == {frozenset({fr.key, en.key})}
    assert incident_record(incident)["languages"] == ["en", "fr"]
    assert incident.date == "2022-11-10/2022-11-11"  # only the day slack reconciles them


def test_city_and_its_admin1_region_reported_two_days_apart_are_one_withdrawal() -> None:
    region = rep("a", place="Kherson Oblast", geo_precision=2, published="2022-11-10",
                 date="2022-11-10")
    city = rep("b", place="Kherson", published="2022-11-12", date="2022-11-12",
               time_precision=3)  # only the publication day: "on or before"
    (incident,) = link([region, city])
    assert incident.location == "Kherson"  # the more precise place wins
    assert incident.gazetteer_id == "geonames:706448"
    assert incident.date == "2022-11-10"


def test_a_city_outside_the_region_is_not_the_regions_withdrawal() -> None:
    region = rep("a", place="Kharkiv Oblast", geo_precision=2)
    assert not compatible(region, rep("b", place="Kherson"))


def test_two_towns_named_in_one_article_stay_two_incidents() -> None:
    reports = [
        rep("fr", 0, place="Izium", date="2022-09-10", published="2022-09-11"),
        rep("fr", 1, place="Balakliia", date="2022-09-10", published="2022-09-11"),
        rep("en", 0, place="Balakliia", date="2022-09-10/2022-09-11", published="2022-09-13"),
        rep("en", 1, place="Izium", date="2022-09-10/2022-09-11", published="2022-09-13"),
        # a region-level report is compatible with both towns but must not chain them
        rep("de", 0, place="Kharkiv Oblast", geo_precision=2, date="2022-09-11",
            published="2022-09-11"),
    ]
    incidents = link(reports)
    assert together(incidents, ("fr", 0), ("en", 1))
    assert together(incidents, ("fr", 1), ("en", 0))
    assert not together(incidents, ("fr", 0), ("fr", 1))
    assert not together(incidents, ("en", 0), ("en", 1))
    assert len(incidents) == 2


def test_one_article_never_gives_two_reports_to_one_incident() -> None:
    same = [rep("a", 0), rep("a", 1, evidence="said again"), rep("b", 0)]
    for incident in link(same):
        articles = [r.article_id for r in incident.reports]
        assert len(articles) == len(set(articles))


def test_kherson_in_november_and_izium_in_september_stay_apart() -> None:
    kherson = rep("a", place="Kherson", date="2022-11-11")
    izium = rep("b", place="Izium", date="2022-09-10", published="2022-09-13")
    assert len(link([kherson, izium])) == 2


def test_same_place_a_week_apart_stays_apart() -> None:
    assert not compatible(rep("a", date="2022-11-01"), rep("b", date="2022-11-08"))


def test_day_slack_is_one_day_for_stated_days() -> None:
    assert compatible(rep("a", date="2022-11-10"), rep("b", date="2022-11-11"))
    assert not compatible(rep("a", date="2022-11-09"), rep("b", date="2022-11-11"))
    assert compatible(rep("a", date="2022-11-01/2022-11-09"), rep("b", date="2022-11-10"))


def test_undated_reports_link_only_when_published_within_a_few_days() -> None:
    dated = rep("a", published="2022-11-11")
    assert compatible(dated, rep("b", date=None, published="2022-11-12"))
    assert not compatible(dated, rep("c", date=None, published="2022-11-25"))
    assert not compatible(dated, rep("d", date=None, published=None))


# --- kinds and sides ---------------------------------------------------------------------------
def test_opposite_side_views_of_one_change_of_control_are_two_incidents() -> None:
    retreat = rep("a", type="RETREAT", subtype="withdrawal", actor_side="RU")
    retaken = rep("b", type="ASSAULT", subtype="territory_regained",
                  actor="Ukrainian armed forces", actor_side="UA")
    assert len(link([retreat, retaken])) == 2


def test_opposite_actor_sides_of_one_type_stay_apart_but_a_missing_side_links() -> None:
    assert not compatible(rep("a", actor_side="RU"), rep("b", actor_side="UA"))
    assert compatible(rep("a", actor_side="RU"), rep("b", actor=None, actor_side=None))


def test_withdrawal_order_and_withdrawal_are_different_happenings() -> None:
    order = rep("a", subtype="withdrawal_order", date="2022-11-09", published="2022-11-10")
    done = rep("b", subtype="withdrawal", date="2022-11-10", published="2022-11-10")
    assert not compatible(order, done)


def test_sibling_subtypes_of_a_declared_family_link() -> None:
    shelling = rep("a", type="ASSAULT", subtype="shelling")
    assert compatible(shelling, rep("b", type="ASSAULT", subtype="missile_strike"))
    assert compatible(shelling, rep("c", type="ASSAULT", subtype=None))
    assert not compatible(shelling, rep("d", type="ASSAULT", subtype="ground_battle"))
    assert compatible(rep("e", type="RETREAT", subtype="withdrawal"),
                      rep("f", type="RETREAT", subtype="territory_lost"))


def test_country_level_reports_do_not_absorb_town_reports() -> None:
    country = rep("a", place="Ukraine", geo_precision=2)
    assert not compatible(country, rep("b", place="Kherson"))
    assert compatible(country, rep("c", place="Ukraine", geo_precision=3))


def test_nearby_towns_link_within_the_precision_radius_only() -> None:
    # Izium and Balakliia are about 42 km apart
    assert not compatible(rep("a", place="Izium"), rep("b", place="Balakliia", geo_precision=2))
    assert compatible(rep("a", place="Izium"), rep("b", place="Balakliia", geo_precision=3))


# --- status ------------------------------------------------------------------------------------
def test_denied_and_claimed_make_a_disputed_incident() -> None:
    (incident,) = link([rep("a", status="denied", source="S"),
                        rep("b", status="claimed", source="S")])
    assert incident.status == "disputed"


def test_two_independent_outlets_confirm() -> None:
    (incident,) = link([rep("a", source="Northern Wire"), rep("b", source="La Gazette")])
    assert incident.status == "confirmed"


def test_outlets_that_could_not_verify_it_do_not_confirm() -> None:
    (incident,) = link([rep("a", source="Northern Wire", status="unverified"),
                        rep("b", source="La Gazette", status="unverified")])
    assert incident.status == "unverified"
    (mixed,) = link([rep("a", source="Northern Wire", status="unverified"),
                     rep("b", source="La Gazette", status="claimed")])
    assert mixed.status == "claimed"


def test_one_outlet_twice_does_not_confirm() -> None:
    (incident,) = link([rep("a", source="Fox", status="claimed"),
                        rep("b", source="Fox", status="reported")])
    assert incident.status == "reported"


def test_missing_outlets_count_as_one_per_article() -> None:
    (incident,) = link([rep("a", source=None), rep("b", source=None)])
    assert incident.status == "confirmed"


def test_single_report_keeps_its_status_and_confirmed_wins() -> None:
    (alone,) = link([rep("a", status="unverified")])
    assert alone.status == "unverified"
    (both,) = link([rep("a", status="confirmed", source="S"), rep("b", source="S")])
    assert both.status == "confirmed"


# --- aggregation and ids -------------------------------------------------------------------------
def test_incident_fields_take_the_precise_place_narrowest_date_and_majority_actor() -> None:
    reports = [
        rep("a", place="Kherson Oblast", geo_precision=2, date="2022-11-01/2022-11-30",
            actor="Russia"),
        rep("b", actor="Russian armed forces", date="2022-11-11"),
        rep("c", actor="Russian armed forces", date=None, published="2022-11-12"),
    ]
    (incident,) = link(reports)
    assert incident.location == "Kherson" and incident.place_kind == "city"
    assert incident.date == "2022-11-11" and incident.time_precision == 1
    assert incident.actor == "Russian armed forces" and incident.actor_side == "RU"
    assert (incident.type, incident.subtype) == ("RETREAT", "withdrawal")


def test_incident_id_is_stable_and_derived_from_the_earliest_report() -> None:
    reports = [rep("late", published="2022-11-12", date="2022-11-11"),
               rep("early", published="2022-11-11")]
    (one,) = link(reports)
    (two,) = link(reversed(reports))
    assert one.id == two.id and re.fullmatch(r"inc_[0-9a-f]{12}", one.id)
    assert one.reports[0].article_id == "early"
    (alone,) = link([reports[1]])
    assert alone.id == one.id


def test_incident_record_round_trips() -> None:
    (incident,) = link([rep("a"), rep("b")])
    assert incident_from_record(incident_record(incident)) == incident


def test_date_window_reads_days_ranges_months_and_years() -> None:
    assert date_window("2022-11-11") == (738470, 738470)
    assert date_window("2022-11") == (738460, 738489)
    assert date_window("2022-11-01/2022-11-30") == (738460, 738489)
    assert date_window("2022")[1] - date_window("2022")[0] == 364  # type: ignore[index]
    assert date_window("soon") is None and date_window(None) is None


# --- blocking ----------------------------------------------------------------------------------
def test_blocking_compares_far_fewer_pairs_than_all(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = incidents_module._compatible

    def counting(*args: Any) -> bool:
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(incidents_module, "_compatible", counting)
    places = list(PLACES)
    days = [(date(2022, 1, 1) + timedelta(days=n)).isoformat() for n in range(300)]
    reports = [rep(f"a{n}", place=places[n % len(places)], date=days[n], published=days[n])
               for n in range(300)]
    link(reports)
    assert 0 < calls < 300 * 299 // 2 // 20


# --- incremental linking -------------------------------------------------------------------------
def test_adding_a_report_of_a_known_happening_changes_that_incident() -> None:
    linker = Linker()
    first = linker.add([rep("a")])
    assert len(first.new) == 1 and not first.changed
    second = linker.add([rep("b")])
    assert second.changed == first.new and not second.new and not second.removed
    (incident,) = linker.incidents()
    assert len(incident.reports) == 2


def test_re_adding_an_article_replaces_its_reports() -> None:
    linker = Linker()
    linker.add([rep("a"), rep("b")])
    update = linker.add([rep("a", place="Izium", date="2022-09-10", published="2022-09-11")])
    incidents = linker.incidents()
    assert partition(incidents) == {frozenset({("a", 0)}), frozenset({("b", 0)})}
    assert next(r for i in incidents for r in i.reports if r.article_id == "a").location == "Izium"
    assert update.new or update.changed
    final = [rep("a", place="Izium", date="2022-09-10", published="2022-09-11"), rep("b")]
    assert partition(incidents) == partition(link(final))


def test_re_adding_an_article_with_fewer_events_drops_the_rest() -> None:
    linker = Linker()
    linker.add([rep("a", 0), rep("a", 1, place="Izium"), rep("b", 0, place="Izium")])
    linker.add([rep("a", 0)])
    keys = {r.key for inc in linker.incidents() for r in inc.reports}
    assert keys == {("a", 0), ("b", 0)}


def test_linker_continues_from_stored_incidents() -> None:
    stored = link([rep("a"), rep("b")])
    linker = Linker(incident_from_record(incident_record(i)) for i in stored)
    update = linker.add([rep("c")])
    assert update.changed == [stored[0].id]
    assert partition(linker.incidents()) == partition(link([rep("a"), rep("b"), rep("c")]))


_DAYS = ["2022-11-09", "2022-11-10", "2022-11-11", "2022-11-12", "2022-11-01/2022-11-30", None]
_report_fields = st.fixed_dictionaries({
    "place": st.sampled_from(list(PLACES)),
    "date": st.sampled_from(_DAYS),
    "published": st.sampled_from(["2022-11-10", "2022-11-11", "2022-11-13"]),
    "subtype": st.sampled_from(["withdrawal", "territory_lost", "withdrawal_order", None]),
    "actor_side": st.sampled_from(["RU", "UA", None]),
    "geo_precision": st.sampled_from([1, 2, 3]),
    "time_precision": st.sampled_from([1, 3]),
})
_articles = st.lists(st.lists(_report_fields, min_size=1, max_size=3), min_size=1, max_size=9)


def _build(articles: list[list[dict[str, Any]]]) -> list[Report]:
    return [rep(f"art{n}", i, **fields)
            for n, events in enumerate(articles) for i, fields in enumerate(events)]


@settings(max_examples=150, deadline=None)
@given(_articles, st.integers(min_value=0, max_value=9), st.randoms(use_true_random=False))
def test_incremental_adds_equal_one_batch_link(
    articles: list[list[dict[str, Any]]], cut: int, rnd: Any
) -> None:
    reports = _build(articles)
    split = {f"art{n}" for n in range(min(cut, len(articles)))}
    linker = Linker()
    linker.add([r for r in reports if r.article_id in split])
    linker.add([r for r in reports if r.article_id not in split])
    shuffled = reports[:]
    rnd.shuffle(shuffled)
    batch = link(shuffled)
    assert partition(linker.incidents()) == partition(batch)
    assert [i.id for i in linker.incidents()] == [i.id for i in batch]
    for incident in batch:
        assert len({r.article_id for r in incident.reports}) == len(incident.reports)


@settings(max_examples=60, deadline=None)
@given(_articles, st.integers(min_value=0, max_value=8))
def test_re_adding_an_article_equals_linking_its_new_version(
    articles: list[list[dict[str, Any]]], which: int
) -> None:
    reports = _build(articles)
    target = f"art{which % len(articles)}"
    changed = [replace(r, date="2022-09-10", published="2022-09-11") if r.article_id == target
               else r for r in reports]
    linker = Linker()
    linker.add(reports)
    linker.add([r for r in changed if r.article_id == target])
    assert partition(linker.incidents()) == partition(link(changed))
