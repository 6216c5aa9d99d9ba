"""Contradictions: figures beyond tolerance, denied vs affirmed incidents, clashing dates."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.link.contradictions import find_contradictions
from dateline.link.stories import group_stories
from dateline.model import Incident, Provenance, Report, Story

KHARKIV = {"name": "Izyum", "mentions": ["Izyum", "Izioum"], "kind": "city", "country": "UA",
           "admin1": "Kharkiv Oblast", "gazetteer_id": "geonames:707292"}
KHERSON = {"name": "Kherson", "mentions": ["Kherson", "Kherson"], "kind": "city", "country": "UA",
           "admin1": "Kherson Oblast", "gazetteer_id": "geonames:706448"}


def qty(text: str, value: float | None, unit: str, si_value: float | None, si_unit: str,
        about: str | None, by: str | None, sentence: int, **extra: Any) -> dict[str, Any]:
    return {"text": text, "value": value, "unit": unit, "si_value": si_value,
            "si_unit": si_unit, "about": about, "claimed_by": by,
            "approximation": extra.get("approximation"), "low": extra.get("low"),
            "high": extra.get("high"),
            "provenance": {"start": 10 * sentence, "end": 10 * sentence + 5,
                           "sentence": sentence, "method": "test"}}


def rec(rid: str, published: str, quantities: list[dict[str, Any]], *, source: str = "Wire",
        where: dict[str, Any] = KHARKIV, evidence: dict[int, str] | None = None) -> dict[str, Any]:
    events = [{"type": "ASSAULT", "subtype": "territory_regained", "location": where["name"],
               "date": published, "actor_side": "UA", "evidence": text,
               "provenance": {"start": 0, "end": 1, "sentence": i, "method": "test"}}
              for i, text in (evidence or {}).items()]
    return {"id": rid, "published": published, "source": source, "language": "fr",
            "places": [where], "events": events, "quotes": [], "quantities": quantities,
            "sentences": [[0, 10]] * 30}


SEEDS = [
    rec("001", "2022-09-11", [
        qty("2 000 kilomètres", 2000, "km", 2000, "km", "territory retaken",
            "Volodymyr Zelensky", 0),
        qty("1 000 kilomètres carrés", 1000, "km2", 1000, "km2", "territory retaken",
            "haut commandement ukrainien", 15),
    ], source="AFP", evidence={0: "L'armée ukrainienne a repris 2 000 kilomètres de territoire"}),
    rec("003", "2022-09-13", [
        qty("1 200 miles carrés", 1200, "mi2", 3107.9857, "km2", "territory retaken",
            "ministère britannique de la Défense", 11, approximation="about"),
    ], source="Fox News"),
    rec("004", "2022-09-11", [
        qty("1 250 miles carrés (2 000 kilomètres carrés)", 2000, "km2", 2000, "km2",
            "territory retaken", "Volodymyr Zelenskyy", 25, approximation="about"),
        qty("des centaines de kilomètres carrés", None, "km2", None, "km2",
            "territory retaken", "rapports", 1, approximation="at_least", low=200),
    ], source="Insider"),
]


def quantity_contradictions(records: list[dict[str, Any]], **kw: Any) -> list[Any]:
    return [c for c in find_contradictions([], records, **kw) if c.kind == "quantity"]


def test_territory_figures_from_three_sources_make_one_contradiction() -> None:
    (con,) = quantity_contradictions(SEEDS)
    assert con.about == "territory retaken"
    assert con.id.startswith("con_")
    assert [(c.article_id, c.claimed_by) for c in con.claims] == [
        ("001", "Volodymyr Zelensky"), ("001", "haut commandement ukrainien"),
        ("003", "ministère britannique de la Défense"), ("004", "Volodymyr Zelenskyy"),
    ]
    assert {c.source for c in con.claims} == {"AFP", "Fox News", "Insider"}
    assert all(c.unit == "km2" for c in con.claims)
    assert [c.value for c in con.claims] == [2000.0, 1000.0, 3107.9857, 2000.0]
    assert con.note is not None and "length read as an area" in con.note


def test_evidence_is_the_sentence_of_an_event_from_the_same_sentence() -> None:
    (con,) = quantity_contradictions(SEEDS)
    assert con.claims[0].evidence == "L'armée ukrainienne a repris 2 000 kilomètres de territoire"
    assert con.claims[1].evidence == "1 000 kilomètres carrés"  # nothing better in the record


def test_evidence_comes_from_the_article_text_when_the_record_has_it() -> None:
    records = [dict(r) for r in SEEDS]
    text = "Un. Le commandement parle de 1 000 kilomètres carrés. Fin."
    records[0] = {**records[0], "text": text, "sentences": [[0, 3]] * 15 + [[4, 54]]}
    (con,) = quantity_contradictions(records)
    assert con.claims[1].evidence == "Le commandement parle de 1 000 kilomètres carrés."


def test_figures_within_tolerance_agree() -> None:
    records = [
        rec("a", "2022-09-11", [qty("1 000 km²", 1000, "km2", 1000, "km2",
                                    "territory retaken", "X", 1)]),
        rec("b", "2022-09-12", [qty("1 150 km²", 1150, "km2", 1150, "km2",
                                    "territory retaken", "Y", 1)]),
    ]
    assert quantity_contradictions(records) == []


def test_ranges_compare_by_overlap() -> None:
    def fled(rid: str, low: float, high: float) -> dict[str, Any]:
        q = qty(f"{low}-{high}", low, "people", low, "people", "people fled", rid, 1,
                approximation="range", low=low, high=high)
        return rec(rid, "2023-12-20", [q])

    assert quantity_contradictions([fled("a", 250000, 300000), fled("b", 280000, 400000)]) == []
    (con,) = quantity_contradictions([fled("a", 250000, 300000), fled("b", 500000, 600000)])
    assert [c.article_id for c in con.claims] == ["a", "b"]


def test_more_than_is_a_half_line() -> None:
    records = [
        rec("a", "2022-09-11", [qty("plus de 3 000 km²", 3000, "km2", 3000, "km2",
                                    "territory retaken", "X", 1, approximation="more_than")]),
        rec("b", "2022-09-12", [qty("6 000 km²", 6000, "km2", 6000, "km2",
                                    "territory retaken", "Y", 1)]),
    ]
    assert quantity_contradictions(records) == []


def test_other_places_or_other_weeks_are_not_compared() -> None:
    far = rec("b", "2022-09-12", [qty("5 000 km²", 5000, "km2", 5000, "km2",
                                      "territory retaken", "Y", 1)], where=KHERSON)
    late = rec("c", "2022-11-12", [qty("5 000 km²", 5000, "km2", 5000, "km2",
                                       "territory retaken", "Y", 1)])
    assert quantity_contradictions([SEEDS[1], far]) == []
    assert quantity_contradictions([SEEDS[1], late]) == []


def test_stories_scope_the_comparison() -> None:
    stories = group_stories([], SEEDS)
    assert len(stories) == 1
    (con,) = quantity_contradictions(SEEDS, stories=stories)
    assert con.story_id == stories[0].id
    split = [Story(id="s1", title="", incident_ids=[], article_ids=["001", "004"]),
             Story(id="s2", title="", incident_ids=[], article_ids=["003"])]
    (alone,) = quantity_contradictions(SEEDS, stories=split)
    assert {c.article_id for c in alone.claims} == {"001", "004"}
    assert alone.story_id == "s1"


def test_one_claimant_in_one_article_does_not_contradict_itself() -> None:
    record = rec("a", "2022-09-11", [
        qty("1 000 km²", 1000, "km2", 1000, "km2", "territory retaken", "X", 1),
        qty("3 000 km²", 3000, "km2", 3000, "km2", "territory retaken", "X", 2),
    ])
    assert quantity_contradictions([record]) == []


def test_different_topics_are_not_compared() -> None:
    records = [
        rec("a", "2022-09-11", [qty("97", 97, "people", 97, "people", "people killed", "X", 1)]),
        rec("b", "2022-09-11", [qty("942", 942, "people", 942, "people", "people wounded",
                                    "Y", 1)]),
    ]
    assert quantity_contradictions(records) == []


def report(article: str, status: str, day: str | None = "2022-11-11", *,
           precision: int = 1, by: str | None = None, index: int = 0) -> Report:
    return Report(
        article_id=article, event_index=index, source=f"outlet-{article}", language="en",
        published="2022-11-12", url=None, type="RETREAT", subtype="withdrawal", mode=None,
        actor="Russian armed forces", actor_side="RU", target=None, location="Kherson",
        gazetteer_id="geonames:706448", place_kind="city", country="UA",
        admin1="Kherson Oblast", lat=None, lon=None, geo_precision=1, date=day,
        time_precision=precision, claimed_by=by, status=status, trigger=None,
        evidence=f"{article} says {status}.", provenance=Provenance(0, 5, 0, "test"),
    )


def incident(*reports: Report) -> Incident:
    return Incident(id="inc_1", type="RETREAT", subtype="withdrawal", reports=list(reports),
                    location="Kherson", date="2022-11-11", story_id="story_x")


def test_a_denied_incident_others_report_is_a_status_contradiction() -> None:
    inc = incident(report("a", "confirmed", by="Russian MoD"), report("b", "denied", by="Kyiv"),
                   report("c", "unverified"))
    (con,) = find_contradictions([inc], [])
    assert (con.kind, con.incident_id, con.story_id) == ("status", "inc_1", "story_x")
    assert [(c.article_id, c.value) for c in con.claims] == [("a", "confirmed"), ("b", "denied")]
    assert con.note is not None and "Kyiv" in con.note and "Russian MoD" in con.note


def test_agreeing_reports_are_no_contradiction() -> None:
    assert find_contradictions([incident(report("a", "claimed"), report("b", "confirmed"))],
                               []) == []


def test_reports_dated_apart_are_a_date_contradiction() -> None:
    inc = incident(report("a", "reported", "2022-11-01"), report("b", "reported", "2022-11-11"))
    (con,) = find_contradictions([inc], [])
    assert con.kind == "date"
    assert sorted(str(c.value) for c in con.claims) == ["2022-11-01", "2022-11-11"]


def test_dates_within_precision_or_assumed_do_not_clash() -> None:
    near = incident(report("a", "reported", "2022-11-10"), report("b", "reported", "2022-11-11"))
    window = incident(report("a", "reported", "2022-11-01/2022-11-30"),
                      report("b", "reported", "2022-11-11"))
    assumed = incident(report("a", "reported", "2022-11-01", precision=3),
                       report("b", "reported", "2022-11-11"))
    for inc in (near, window, assumed):
        assert find_contradictions([inc], []) == []


POOL = [*SEEDS, rec("005", "2022-09-12", [qty("6 000 km²", 6000, "km2", 6000, "km2", None,
                                              "Volodymyr Zelensky", 3)], source="Wire")]
INCIDENTS = [incident(report("a", "confirmed"), report("b", "denied", "2022-11-05"))]


def signature(cons: list[Any]) -> list[tuple[Any, ...]]:
    return [(c.id, c.kind, c.about, tuple((x.article_id, x.value) for x in c.claims), c.note)
            for c in cons]


@settings(max_examples=40, deadline=None)
@given(st.permutations(POOL), st.permutations(INCIDENTS[0].reports))
def test_contradictions_do_not_depend_on_input_order(
    records: list[dict[str, Any]], reports: list[Report]
) -> None:
    shuffled = [incident(*reports)]
    assert signature(find_contradictions(shuffled, records)) == signature(
        find_contradictions(INCIDENTS, POOL))
