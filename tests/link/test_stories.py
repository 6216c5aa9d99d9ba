"""Stories: articles grouped by main places, belligerents, time and shared incidents."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract.timex.calendar import date_window
from dateline.link.stories import assign_stories, group_stories, story_id
from dateline.model import Incident, Provenance, Report

# name -> (kind, country, admin1, gazetteer id)
PLACES = {
    "Ukraine": ("country", "UA", None, "geonames:690791"),
    "Russia": ("country", "RU", None, "geonames:2017370"),
    "Kherson": ("city", "UA", "Kherson Oblast", "geonames:706448"),
    "Kherson Oblast": ("region", "UA", "Kherson Oblast", "geonames:706442"),
    "Izyum": ("city", "UA", "Kharkiv Oblast", "geonames:707292"),
    "Balakliya": ("city", "UA", "Kharkiv Oblast", "geonames:712926"),
    "Kharkiv Oblast": ("region", "UA", "Kharkiv Oblast", "geonames:706482"),
    "Lviv": ("city", "UA", "Lviv Oblast", "geonames:702550"),
    "Wad Medani": ("city", "SD", "Gezira State", "geonames:364103"),
}


def place(name: str, mentions: int = 1) -> dict[str, Any]:
    kind, country, admin1, gid = PLACES[name]
    return {"name": name, "mentions": [name] * mentions, "kind": kind, "country": country,
            "admin1": admin1, "gazetteer_id": gid}


def event(subtype: str, location: str, day: str | None, side: str | None = "RU",
          kind: str = "RETREAT") -> dict[str, Any]:
    return {"type": kind, "subtype": subtype, "actor": None, "actor_side": side,
            "target": None, "location": location, "date": day, "status": "reported",
            "evidence": f"{subtype} at {location}."}


def record(rid: str, published: str, places: list[dict[str, Any]],
           events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": rid, "published": published, "language": "en", "source": "Wire",
            "places": places, "events": events or [], "quantities": [], "quotes": []}


def kherson(rid: str, published: str) -> dict[str, Any]:
    return record(rid, published,
                  [place("Ukraine", 9), place("Russia", 9), place("Kherson", 4)],
                  [event("withdrawal", "Kherson", published),
                   event("withdrawal", "Kherson Oblast", published),
                   event("territory_regained", "Kherson", published, "UA", "ASSAULT")])


def kharkiv(rid: str, published: str, town: str = "Izyum") -> dict[str, Any]:
    return record(rid, published,
                  [place("Ukraine", 9), place("Russia", 9), place(town, 3),
                   place("Kharkiv Oblast", 2)],
                  [event("withdrawal", town, published)])


def report(article: str, index: int, published: str, day: str | None = None) -> Report:
    return Report(
        article_id=article, event_index=index, source="Wire", language="en",
        published=published, url=None, type="RETREAT", subtype="withdrawal", mode=None,
        actor=None, actor_side="RU", target=None, location="Kherson",
        gazetteer_id="geonames:706448", place_kind="city", country="UA",
        admin1="Kherson Oblast", lat=None, lon=None, geo_precision=1, date=day or published,
        time_precision=1, claimed_by=None, status="reported", trigger=None,
        evidence="They withdrew.", provenance=Provenance(0, 10, 0, "test"),
    )


def incident(iid: str, *reports: Report) -> Incident:
    return Incident(id=iid, type="RETREAT", subtype="withdrawal", reports=list(reports))


def stories_by_articles(records: list[dict[str, Any]], incidents: list[Incident] | None = None
                        ) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in group_stories(incidents or [], records)}


SEEDLIKE = [
    kherson("k1", "2022-11-10"),
    kherson("k2", "2022-11-11"),
    kharkiv("h1", "2022-09-11"),
    kharkiv("h2", "2022-09-13", "Balakliya"),
    kharkiv("h3", "2022-09-12"),
]


def test_articles_on_two_situations_make_two_stories() -> None:
    assert stories_by_articles(SEEDLIKE) == {
        frozenset({"k1", "k2"}), frozenset({"h1", "h2", "h3"}),
    }


def test_title_is_dominant_subtype_place_and_month() -> None:
    titles = {s.title for s in group_stories([], SEEDLIKE)}
    assert "withdrawal — Kherson, 2022-11" in titles
    assert any(t.startswith("withdrawal — ") and t.endswith(", 2022-09") for t in titles)


def test_country_mentions_do_not_glue_articles() -> None:
    lviv = record("l1", "2022-11-10", [place("Ukraine", 9), place("Russia", 9), place("Lviv", 3)])
    assert stories_by_articles([kherson("k1", "2022-11-10"), lviv]) == {
        frozenset({"k1"}), frozenset({"l1"}),
    }


def test_same_place_months_apart_are_different_stories() -> None:
    later = kherson("k9", "2023-06-06")
    assert stories_by_articles([kherson("k1", "2022-11-10"), later]) == {
        frozenset({"k1"}), frozenset({"k9"}),
    }


def test_a_shared_incident_links_articles_without_shared_places() -> None:
    bare = [record("a", "2022-11-10", []), record("b", "2022-11-11", [])]
    shared = incident("inc_1", report("a", 0, "2022-11-10"), report("b", 0, "2022-11-11"))
    assert stories_by_articles(bare) == {frozenset({"a"}), frozenset({"b"})}
    assert stories_by_articles(bare, [shared]) == {frozenset({"a", "b"})}


def test_story_id_comes_from_the_earliest_article() -> None:
    story = next(s for s in group_stories([], SEEDLIKE) if "k1" in s.article_ids)
    assert story.id == story_id("k1")
    assert story.article_ids == ["k1", "k2"]
    assert (story.first, story.last) == ("2022-11-10", "2022-11-11")
    assert "Kherson" in story.places


def test_background_events_do_not_stretch_a_story() -> None:
    old = kherson("k1", "2022-11-10")
    old["events"].append(event("capture", "Kherson", "2022-03-01/2022-03-10", "RU", "ASSAULT"))
    (story,) = group_stories([], [old])
    assert story.first == "2022-11-10"


def test_assign_stories_uses_the_earliest_report() -> None:
    stories = group_stories([], SEEDLIKE)
    inc = incident("inc_1", report("k2", 0, "2022-11-11"), report("h1", 0, "2022-09-11"))
    assign_stories([inc], stories)
    assert inc.story_id == next(s.id for s in stories if "h1" in s.article_ids)
    orphan = incident("inc_2", report("zz", 0, "2022-11-11"))
    assign_stories([orphan], stories)
    assert orphan.story_id is None


def test_stories_list_their_attributed_incidents() -> None:
    inc = incident("inc_1", report("k1", 0, "2022-11-10"), report("k2", 1, "2022-11-11"))
    stories = group_stories([inc], SEEDLIKE)
    assert [s.incident_ids for s in stories if "k1" in s.article_ids] == [["inc_1"]]
    assert all(s.incident_ids == [] for s in stories if "k1" not in s.article_ids)


def test_date_window_reads_days_ranges_and_months() -> None:
    assert date_window("2022-11-11") == (date(2022, 11, 11), date(2022, 11, 11))
    assert date_window("2022-09-01/2022-09-11") == (date(2022, 9, 1), date(2022, 9, 11))
    assert date_window("2022-02") == (date(2022, 2, 1), date(2022, 2, 28))
    assert date_window(None) is None
    assert date_window("soon") is None


POOL = [*SEEDLIKE, kherson("k3", "2023-06-07"), kharkiv("h4", "2022-10-30", "Balakliya"),
        record("s1", "2023-12-19", [place("Wad Medani", 3)],
               [event("capture", "Wad Medani", "2023-12-18", "SD-RSF", "ASSAULT")])]


@settings(max_examples=40, deadline=None)
@given(st.permutations(POOL), st.integers(min_value=1, max_value=len(POOL)))
def test_each_article_is_in_exactly_one_story_whatever_the_order(
    records: list[dict[str, Any]], n: int
) -> None:
    chosen = records[:n]
    stories = group_stories([], chosen)
    listed = [a for s in stories for a in s.article_ids]
    assert sorted(listed) == sorted(r["id"] for r in chosen)
    canonical = sorted(chosen, key=lambda r: r["id"])
    assert {(s.id, tuple(s.article_ids), s.title) for s in stories} == {
        (s.id, tuple(s.article_ids), s.title) for s in group_stories([], canonical)
    }
