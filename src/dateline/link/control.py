"""Control: who held a place when, per which sources.

Territory events change hands: a side withdrawing from, fleeing or losing a place loses it; a
side capturing, occupying, retaking or raising its flag over a place gains it. Which subtypes
count and in which direction is data (``data/control.json``). The other side of a change is the
place's opponent in its conflict dyad, inferred from the sides of the military incidents at the
place (then in its admin-1 region, then in its country): in Kherson the opponent of RU is UA,
in Wad Madani the opponent of SD is SD-RSF. When no opponent shows up it stays None.

:func:`control_changes` lists the changes of every settlement (and of regions, marked
``level="region"``), sorted by place then date; :func:`controller_at` answers "who held
Kherson on 2022-11-20, per which sources" from such a list.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.extract.timex.calendar import date_window
from dateline.gazetteer.fold import fold, skeleton
from dateline.model import ControlChange, Incident

__all__ = [
    "ControlState",
    "control_changes",
    "controller_at",
    "matches_place",
    "matches_record",
    "regions_of",
]

_DATA = Path(__file__).parent / "data" / "control.json"


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The tunables of ``data/control.json`` (read once)."""
    return dict(json.loads(_DATA.read_text("utf-8")))


@dataclass(frozen=True)
class ControlState:
    """Who held a place on a day, per which change (its incident, outlets and status).
    basis "changed": the side gained it in ``change`` (``since`` its date), corroborated by the
    later changes to the same side up to that day (``incident_ids``, all their ``sources``,
    the best ``status`` among them); "held before": no
    change up to that day, the side is the loser of the first later change; None: no change
    known at all. side None: unknown."""

    place: str
    day: str
    side: str | None
    since: str | None = None
    change: ControlChange | None = None
    incident_id: str | None = None
    sources: tuple[str, ...] = ()
    status: str | None = None
    basis: str | None = None
    incident_ids: tuple[str, ...] = ()


# --- the conflict dyad -----------------------------------------------------------------------


def _place_key(incident: Incident) -> str:
    """A place's key: its gazetteer id, else its folded name."""
    return incident.gazetteer_id or "name:" + fold(incident.location or "")


def _side_of_names(incidents: Iterable[Incident]) -> dict[str, str]:
    """Canonical actor name -> side, as the reports themselves pair them; used to give a
    target ("Russian armed forces") its side."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for incident in incidents:
        for r in incident.reports:
            if r.actor and r.actor_side:
                votes[r.actor][r.actor_side] += 1
    return {name: c.most_common(1)[0][0] for name, c in votes.items()}


def _scopes(incident: Incident) -> list[str]:
    """The scopes a place's dyad is looked for in, narrowest first."""
    scopes = [_place_key(incident)]
    if incident.admin1:
        scopes.append(f"admin1:{incident.country}:{incident.admin1}")
    if incident.country:
        scopes.append(f"country:{incident.country}")
    return scopes


def _side_counts(incidents: Sequence[Incident]) -> dict[str, Counter[str]]:
    """Scope -> how often each side acts in, or is the target of, a military incident there."""
    belligerent = set(settings()["belligerent_types"])
    side_of = _side_of_names(incidents)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for incident in incidents:
        if incident.type not in belligerent:
            continue
        sides = {incident.actor_side, side_of.get(incident.target or "")} - {None}
        for scope in _scopes(incident):
            for side in sides:
                counts[scope][str(side)] += 1
    return counts


def _opponent(side: str, scopes: Sequence[str], counts: Mapping[str, Counter[str]]) -> str | None:
    """The side most often found fighting at the narrowest scope that has another side."""
    for scope in scopes:
        others = {s: n for s, n in counts.get(scope, Counter()).items() if s != side}
        if others:
            return min(others, key=lambda s: (-others[s], s))
    return None


# --- changes ---------------------------------------------------------------------------------


def _level(incident: Incident) -> str | None:
    """"settlement", "region", or None for places whose control is not tracked."""
    cfg = settings()
    if incident.place_kind in cfg["settlement_kinds"]:
        return "settlement"
    if incident.place_kind in cfg["region_kinds"]:
        return "region"
    return None


def _change_date(incident: Incident) -> str | None:
    """The change's date: the incident's window; without one, the first publication (it had
    happened by then). None for a date after every report of it (an upstream date error)."""
    published = sorted(r.published for r in incident.reports if r.published)
    window = date_window(incident.date)
    if window is None:
        return published[0] if published else None
    if published and window[0] > date.fromisoformat(published[-1]):
        return None
    return incident.date


def _change(incident: Incident, counts: Mapping[str, Counter[str]]) -> ControlChange | None:
    """The control change an incident makes, or None (not a territory event, no side, no
    tracked place, no usable date)."""
    rule = settings()["changes"].get(incident.subtype or "")
    level = _level(incident)
    when = _change_date(incident)
    if rule is None or level is None or not incident.actor_side or when is None:
        return None
    side = incident.actor_side
    other = _opponent(side, _scopes(incident), counts)
    from_side, to_side = (other, side) if rule == "actor_gains" else (side, other)
    return ControlChange(
        place=incident.location or incident.gazetteer_id or "",
        gazetteer_id=incident.gazetteer_id,
        lat=incident.lat,
        lon=incident.lon,
        date=when,
        from_side=from_side,
        to_side=to_side,
        subtype=str(incident.subtype),
        incident_id=incident.id,
        status=incident.status,
        reports=sorted(incident.reports, key=lambda r: r.key),
        level=level,
    )


def _time_order(change: ControlChange) -> tuple[Any, ...]:
    """Order of one place's changes: by date window, then the better-attested change last (it
    wins a tie in :func:`controller_at`), then by incident id."""
    window = date_window(change.date)
    start, end = (window[0].isoformat(), window[1].isoformat()) if window else ("", "")
    rank = settings()["status_rank"].get(change.status, 0)
    return (start, end, rank, len(change.reports), change.incident_id)


def _order(change: ControlChange) -> tuple[Any, ...]:
    """Sort key of a change list: place (name, then gazetteer id), then :func:`_time_order`."""
    return (fold(change.place), change.gazetteer_id or "", *_time_order(change))


def control_changes(incidents: Sequence[Incident]) -> list[ControlChange]:
    """Every control change the territory incidents make, sorted by place then date."""
    counts = _side_counts(incidents)
    changes: list[ControlChange] = [
        c for i in incidents if (c := _change(i, counts)) is not None
    ]
    return sorted(changes, key=_order)


# --- queries ---------------------------------------------------------------------------------


def _matches(change: ControlChange, place: str) -> bool:
    """Whether a change is about ``place``: its gazetteer id, or its name or a report's name
    for it ("Kherson" for a change at Kherson Oblast reported as Kherson), or, for a change of
    a whole region, the region the town named lies in (the right bank's withdrawal answers
    "who held Kherson")."""
    names = [change.place, *(r.location for r in change.reports)]
    if matches_place(place, change.gazetteer_id, names):
        return True
    return change.level == "region" and change.gazetteer_id in regions_of(place)


def matches_record(record: Mapping[str, Any], place: str) -> bool:
    """:func:`_matches` on a stored record (a dict): a control change (its ``place``) or an
    incident (its ``location``), and the names its reports give the place."""
    names = [record.get("place"), record.get("location"),
             *(r.get("location") for r in record.get("reports", []))]
    if matches_place(place, record.get("gazetteer_id"), names):
        return True
    return record.get("level") == "region" and record.get("gazetteer_id") in regions_of(place)


@lru_cache(maxsize=1024)
def regions_of(place: str) -> frozenset[str]:
    """Gazetteer ids of the admin-1 regions the towns named ``place`` lie in (the largest
    towns of that name: "Kherson" -> Kherson Oblast), empty when the gazetteer is missing."""
    from dateline.gazetteer.lookup import built_gazetteer

    gazetteer = built_gazetteer()
    if gazetteer is None:
        return frozenset()
    towns = [c for c in gazetteer.candidates(place, limit=10) if c.kind in ("city", "village")]
    if not towns:
        return frozenset()
    top = max(t.population for t in towns)
    regions = (gazetteer.admin1_of(t) for t in towns if t.population * 10 >= top)
    return frozenset(r.gazetteer_id for r in regions if r is not None)


def matches_place(place: str, gazetteer_id: str | None, names: Iterable[str | None]) -> bool:
    """Whether ``place`` (a gazetteer id or a name) is this one: the same id, or one of its
    names compared without case and accents, then by transliteration skeleton ("Херсон" ~
    "Kherson")."""
    if gazetteer_id and gazetteer_id == place:
        return True
    wanted, wanted_skeleton = fold(place), skeleton(place)
    for name in names:
        if not name:
            continue
        if fold(name) == wanted or (wanted_skeleton and skeleton(name) == wanted_skeleton):
            return True
    return False


def _sources(change: ControlChange) -> tuple[str, ...]:
    """The outlets (or, when unnamed, article ids) of a change's reports."""
    return tuple(sorted({r.source or r.article_id for r in change.reports}))


def _holding_run(applicable: Sequence[ControlChange]) -> list[ControlChange]:
    """The latest changes (in time order) that all give the place to the same side as the
    last one: they corroborate one another; the first of them is when the holder took it."""
    side = applicable[-1].to_side
    start = len(applicable) - 1
    while start > 0 and applicable[start - 1].to_side == side:
        start -= 1
    return list(applicable[start:])


def _best_status(changes: Iterable[ControlChange]) -> str:
    """The best-attested status among some changes (confirmed over reported over claimed)."""
    rank = settings()["status_rank"]
    return max((c.status for c in changes), key=lambda st: (rank.get(st, 0), st))


def controller_at(changes: Sequence[ControlChange], place: str, day: str) -> ControlState:
    """Who held ``place`` (a gazetteer id or a name) on ``day`` (ISO): the gaining side of the
    latest change (by date, ties to the better attested) whose window starts on or before the
    day, since the first of the changes in a row that gave it that side;
    before the first change, the side that change takes it from. Denied changes are ignored.
    side None when no change is known or the deciding one names no side."""
    ignored = set(settings()["ignored_statuses"])
    target = date.fromisoformat(day)
    relevant = [
        (c, w) for c in sorted(changes, key=_time_order)
        if c.status not in ignored and _matches(c, place)
        and (w := date_window(c.date)) is not None
    ]
    applicable = [c for c, w in relevant if w[0] <= target]
    if applicable:
        run = _holding_run(applicable)
        return ControlState(
            place=place, day=day, side=run[-1].to_side, since=run[0].date, change=run[0],
            incident_id=run[0].incident_id,
            sources=tuple(sorted({s for c in run for s in _sources(c)})),
            status=_best_status(run), basis="changed",
            incident_ids=tuple(c.incident_id for c in run),
        )
    if relevant:
        first = relevant[0][0]
        return ControlState(
            place=place, day=day, side=first.from_side, change=first,
            incident_id=first.incident_id, sources=_sources(first), status=first.status,
            basis="held before",
        )
    return ControlState(place=place, day=day, side=None)
