"""Reading the inputs of an export: per-article records (OUTPUT.md), incidents, control changes.

Exports refuse bad input before writing anything: :func:`check_record` and
:func:`check_incident` raise :class:`ValueError` naming the article or incident and the
problem. :func:`event_incidents` is the fallback of the incident-based exports (ACLED,
GeoJSON) when no cross-article linking was run: one single-report incident per article event,
so that an export of a store that was only analysed still has a row per event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from dateline.link.reports import reports_from_record
from dateline.model import ControlChange, Incident

__all__ = [
    "check_change",
    "check_incident",
    "check_record",
    "checked_records",
    "date_bounds",
    "event_incidents",
    "event_place",
    "parse_day",
]


def parse_day(value: str) -> dt.date:
    """An ISO day (YYYY-MM-DD) as a date; ValueError for anything else."""
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError(f"not an ISO day: {value!r}")
    return dt.date.fromisoformat(value)


def date_bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of an event date: an ISO day or a "first/last" range."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"not an ISO date: {value!r}")
    first, sep, last = value.partition("/")
    start = parse_day(first)
    end = parse_day(last) if sep else start
    if end < start:
        raise ValueError(f"date range ends before it starts: {value!r}")
    return start, end


def check_record(record: Any) -> dict[str, Any]:
    """The record itself if it has what exports read (an id, typed events, valid dates)."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), str) or not record["id"]:
        raise ValueError(f"article record without an id: {str(record)[:80]!r}")
    aid = record["id"]
    for key in ("places", "events", "quotes", "quantities"):
        if not isinstance(record.get(key, []), list):
            raise ValueError(f"article {aid}: {key!r} is not a list")
    for i, event in enumerate(record.get("events", [])):
        if not isinstance(event, dict):
            raise ValueError(f"article {aid}: event {i} is not an object")
        if not isinstance(event.get("type"), str) or not event["type"]:
            raise ValueError(f"article {aid}: event {i} has no type")
        try:
            date_bounds(event.get("date"))
        except ValueError as exc:
            raise ValueError(f"article {aid}: event {i}: {exc}") from None
    if record.get("published") is not None:
        try:
            parse_day(record["published"])
        except ValueError as exc:
            raise ValueError(f"article {aid}: published: {exc}") from None
    return record


def checked_records(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each record, checked as it is read (so a generator is consumed once)."""
    for record in records:
        yield check_record(record)


def check_incident(incident: Incident) -> Incident:
    """The incident itself if it has an id, a type and a valid date."""
    if not isinstance(incident.id, str) or not incident.id:
        raise ValueError(f"incident without an id (type {incident.type!r})")
    if not isinstance(incident.type, str) or not incident.type:
        raise ValueError(f"incident {incident.id}: no type")
    try:
        date_bounds(incident.date)
    except ValueError as exc:
        raise ValueError(f"incident {incident.id}: {exc}") from None
    return incident


def check_change(change: ControlChange) -> ControlChange:
    """The control change itself if it names its incident, its place and a valid date."""
    if not change.incident_id:
        raise ValueError(f"control change of {change.place!r} without an incident id")
    if not change.place:
        raise ValueError(f"control change of incident {change.incident_id}: no place")
    try:
        date_bounds(change.date)
    except ValueError as exc:
        raise ValueError(f"control change of incident {change.incident_id}: {exc}") from None
    return change


def event_place(record: dict[str, Any], event: dict[str, Any]) -> dict[str, Any] | None:
    """The article's place the event happened at: same name, else same coordinates."""
    location = event.get("location")
    places = record.get("places", [])
    for place in places:
        if location and place.get("name") == location:
            return place
    for place in places:
        if location and location in place.get("mentions", []):
            return place
    if event.get("lat") is not None:
        for place in places:
            if (place.get("lat"), place.get("lon")) == (event.get("lat"), event.get("lon")):
                return place
    return None


def event_incidents(records: Iterable[dict[str, Any]]) -> list[Incident]:
    """One incident per article event, id ``<article id>#<event index>``: the unit of the
    ACLED and GeoJSON exports when no incidents were linked."""
    incidents = []
    for record in checked_records(records):
        for r in reports_from_record(record):
            incidents.append(Incident(
                id=f"{r.article_id}#{r.event_index}", type=r.type, subtype=r.subtype, reports=[r],
                actor=r.actor, actor_side=r.actor_side, target=r.target, location=r.location,
                gazetteer_id=r.gazetteer_id, place_kind=r.place_kind, country=r.country,
                admin1=r.admin1, lat=r.lat, lon=r.lon, geo_precision=r.geo_precision,
                date=r.date, time_precision=r.time_precision, status=r.status,
            ))
    return incidents
