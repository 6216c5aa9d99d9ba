"""Control: changes of hands from territory incidents, and who held a place on a day."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract.timex.calendar import date_window
from dateline.link.control import (
    ControlState,
    control_changes,
    controller_at,
    regions_of,
)
from dateline.model import ControlChange, Incident, Provenance, Report

KHERSON = ("Kherson", "geonames:706448", "city", "UA", "Kherson Oblast")
KHERSON_OBLAST = ("Kherson Oblast", "geonames:706442", "region", "UA", "Kherson Oblast")
UKRAINE = ("Ukraine", "geonames:690791", "country", "UA", None)
WAD_MEDANI = ("Wad Medani", "geonames:364103", "city", "SD", "Gezira State")


def make(iid: str, subtype: str, side: str | None, day: str | None,
         where: tuple[str, str, str, str, str | None] = KHERSON, *, status: str = "reported",
         published: str | None = None, target: str | None = None,
         actor: str | None = None) -> Incident:
    name, gid, kind, country, admin1 = where
    kind_of = {"withdrawal": "RETREAT", "flight": "RETREAT", "advance": "ASSAULT"}
    report = Report(
        article_id=f"art-{iid}", event_index=0, source=f"outlet-{iid}", language="en",
        published=published or (day or "2022-11-12").split("/")[-1], url=None,
        type=kind_of.get(subtype, "ASSAULT"), subtype=subtype, mode=None,
        actor=actor, actor_side=side, target=target, location=name, gazetteer_id=gid,
        place_kind=kind, country=country, admin1=admin1, lat=46.6, lon=32.6, geo_precision=1,
        date=day, time_precision=1, claimed_by=None, status=status, trigger=None,
        evidence=f"{iid}.", provenance=Provenance(0, 1, 0, "test"),
    )
    return Incident(
        id=iid, type=report.type, subtype=subtype, reports=[report], actor=actor,
        actor_side=side, target=target, location=name, gazetteer_id=gid, place_kind=kind,
        country=country, admin1=admin1, lat=46.6, lon=32.6, date=day, status=status,
    )


KHERSON_2022 = [
    make("i3", "withdrawal", "RU", "2022-11-11", status="confirmed"),
    make("i1", "capture", "RU", "2022-03-01/2022-03-02"),
    make("i4", "territory_regained", "UA", "2022-11-11", status="claimed"),
    make("i2", "advance", "UA", "2022-11-09"),  # fighting for a place is not holding it
]


def test_kherson_changes_hands_in_november() -> None:
    changes = control_changes(KHERSON_2022)
    assert [(c.incident_id, c.date, c.from_side, c.to_side, c.subtype) for c in changes] == [
        ("i1", "2022-03-01/2022-03-02", "UA", "RU", "capture"),
        ("i4", "2022-11-11", "RU", "UA", "territory_regained"),
        ("i3", "2022-11-11", "RU", "UA", "withdrawal"),  # confirmed: sorts after claimed
    ]
    assert all(c.level == "settlement" for c in changes)
    assert changes[0].reports[0].article_id == "art-i1"


def test_who_held_kherson_and_per_whom() -> None:
    changes = control_changes(KHERSON_2022)
    summer = controller_at(changes, "Kherson", "2022-07-01")
    assert (summer.side, summer.since, summer.incident_id, summer.basis) == (
        "RU", "2022-03-01/2022-03-02", "i1", "changed")
    after = controller_at(changes, "geonames:706448", "2022-11-20")
    assert (after.side, after.since, after.status) == ("UA", "2022-11-11", "confirmed")
    assert after.incident_ids == ("i4", "i3")
    assert after.sources == ("outlet-i3", "outlet-i4")


def test_place_names_match_without_case_accents_or_script() -> None:
    changes = control_changes(KHERSON_2022)
    for name in ("KHERSON", "kherson", "Khersón", "Херсон"):
        assert controller_at(changes, name, "2022-12-01").side == "UA"
    assert controller_at(changes, "Mykolaiv", "2022-12-01") == ControlState(
        place="Mykolaiv", day="2022-12-01", side=None)


def test_before_the_first_change_the_loser_held_it() -> None:
    changes = control_changes([make("w", "withdrawal", "RU", "2022-11-11")])
    state = controller_at(changes, "Kherson", "2022-10-01")
    assert (state.side, state.basis, state.since) == ("RU", "held before", None)


def test_the_opponent_comes_from_the_sides_fighting_there() -> None:
    sudan = [
        make("s1", "withdrawal", "SD", "2023-12-19", WAD_MEDANI),
        make("s2", "ground_battle", "SD-RSF", "2023-12-17", WAD_MEDANI),
    ]
    (change,) = control_changes(sudan)
    assert (change.from_side, change.to_side) == ("SD", "SD-RSF")
    (alone,) = control_changes(sudan[:1])
    assert (alone.from_side, alone.to_side) == ("SD", None)


def test_a_target_gives_its_side_through_the_actor_names() -> None:
    incidents = [
        make("a", "shelling", None, "2022-11-01", target="Russian armed forces"),
        make("b", "offensive", "RU", "2022-10-01", UKRAINE, actor="Russian armed forces"),
        make("c", "territory_regained", "UA", "2022-11-11"),
    ]
    (change,) = control_changes(incidents)
    assert (change.from_side, change.to_side) == ("RU", "UA")


def test_regions_are_tracked_and_marked() -> None:
    (change,) = control_changes([make("r", "withdrawal", "RU", "2022-11-10", KHERSON_OBLAST)])
    assert change.level == "region"


def test_untracked_places_missing_sides_and_future_dates_are_left_out() -> None:
    incidents = [
        make("x1", "withdrawal", "RU", "2022-11-11", UKRAINE),
        make("x2", "withdrawal", None, "2022-11-11"),
        make("x3", "capture", "RU", "2023-03-02", published="2022-11-12"),
    ]
    assert control_changes(incidents) == []


def test_an_undated_change_takes_its_first_publication() -> None:
    (change,) = control_changes([make("u", "capture", "RU", None, published="2022-03-05")])
    assert change.date == "2022-03-05"


def test_denied_changes_are_listed_but_not_believed() -> None:
    incidents = [KHERSON_2022[1],
                 make("d", "territory_regained", "UA", "2022-11-15", status="denied")]
    changes = control_changes(incidents)
    assert "d" in {c.incident_id for c in changes}
    assert controller_at(changes, "Kherson", "2022-11-20").side == "RU"


SIDES = st.sampled_from(["RU", "UA"])
DAYS = st.integers(min_value=0, max_value=60)


@st.composite
def change_lists(draw: st.DrawFn) -> list[ControlChange]:
    start = date(2022, 9, 1)
    out: list[ControlChange] = []
    for i in range(draw(st.integers(min_value=0, max_value=8))):
        first = start + timedelta(days=draw(DAYS))
        length = draw(st.sampled_from([0, 0, 3]))
        day = first.isoformat() if not length else (
            f"{first.isoformat()}/{(first + timedelta(days=length)).isoformat()}")
        gain = draw(SIDES)
        out.append(ControlChange(
            place="Kherson", gazetteer_id="geonames:706448", lat=None, lon=None, date=day,
            from_side="UA" if gain == "RU" else "RU", to_side=gain, subtype="capture",
            incident_id=f"c{i}", status=draw(st.sampled_from(["reported", "confirmed"])),
        ))
    return out


@settings(max_examples=80, deadline=None)
@given(change_lists(), DAYS, st.randoms(use_true_random=False))
def test_controller_at_follows_the_latest_change_in_sorted_order(
    changes: list[ControlChange], offset: int, rng: random.Random
) -> None:
    day = (date(2022, 9, 1) + timedelta(days=offset)).isoformat()
    ordered = sorted(changes, key=lambda c: (c.date or "", c.status == "confirmed",
                                             c.incident_id))
    began = [c for c in ordered if (w := date_window(c.date)) and w[0].isoformat() <= day]
    shuffled = list(changes)
    rng.shuffle(shuffled)
    state = controller_at(shuffled, "kherson", day)
    if began:
        assert state.side == began[-1].to_side
        assert state.basis == "changed"
        assert state.since is not None and state.since[:10] <= day
    elif ordered:
        assert state.side == ordered[0].from_side and state.basis == "held before"
    else:
        assert state.side is None


def test_a_town_is_answered_by_its_regions_change_when_it_has_none() -> None:
    # a withdrawal from the whole Kherson region says who holds the town of Kherson; a
    # change in another region does not
    changes = control_changes([
        make("r1", "withdrawal", "RU", "2022-11-10", KHERSON_OBLAST, status="confirmed"),
        make("r2", "advance", "UA", "2022-11-09", KHERSON_OBLAST),  # who fights RU there
        make("w1", "capture", "SD-RSF", "2023-12-18", WAD_MEDANI),
    ])
    region = next(c for c in changes if c.incident_id == "r1")
    assert region.level == "region" and region.gazetteer_id in regions_of("Kherson")
    state = controller_at(changes, "Kherson", "2022-12-01")
    assert (state.side, state.incident_id) == ("UA", "r1")
    assert controller_at(changes, "Херсон", "2022-12-01").side == "UA"
    assert controller_at(changes, "Kyiv", "2022-12-01").basis is None
