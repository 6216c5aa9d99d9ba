"""ACLED-style CSV: one row per incident ACLED would code, in ACLED's columns and order, so
analysts can load dateline's ledger next to (or into) their ACLED data.

Conventions (the code tables are in ``export/data``; see :mod:`dateline.export.acled_codes`):

* Rows: one per incident whose reports carry an ACLED event type (types.json maps each
  dateline subtype to ACLED's, or to none: statements, threats, aid ... are not ACLED events).
  Without incidents, one row per article event (see :func:`~.records.event_incidents`).
  Incidents without an ACLED type, a country, coordinates or any date are skipped and counted.
* ``event_id_cnty``: ACLED's ISO3 + number. The number is derived from a hash of the
  dateline incident id (kept in ``tags``), so it stays the same across exports as ACLED's does.
* ``event_date``: a day. For a "first/last" range, the first day: the earliest day the sources
  allow, never a day they do not (ACLED's coders pick a representative day; dateline does not
  invent one). ``time_precision``: 1 for a stated day, 2 for a day dateline inferred (e.g.
  the publication day) or a range of at most a week, 3 for longer ranges; the full range is in
  ``tags``. An incident without a date takes its first report's publication day (precision 2).
* ``inter1``/``inter2``/``interaction``: ACLED's numeric actor types (its API's
  ``inter_numeric`` form); interaction is the two codes lower first, a lone actor's code
  times ten. ``actor2`` is the target when the target is a known actor; for violence against
  civilians without one, ``Civilians (<country>)``. An unnamed actor becomes ACLED's
  ``Unidentified Armed Group (<country>)`` (protesters, rioters for those event types); an
  actor outside the actor lexicon keeps its name, with ``inter1`` empty when its type is
  unknown.
* ``fatalities``: ACLED's conservative rule. Per report, the largest count of people killed
  stated in the event's own sentence; over reports, the smallest such count; 0 when no report
  states one (ACLED's convention for "no fatalities reported").
* ``source``: the outlets, "; "-joined. ``source_scale``: National when an article's language
  is spoken in the event's country, International otherwise, joined with "-".
* ``notes``: English prose built from the row ("On 11 November 2022, Russian armed forces
  withdrew from Kherson. Status: claimed. [2 reports: A; B]"); evidence sentences are in the
  articles' languages and stay out (they are in the GeoJSON and incident exports).
* ``timestamp``: the Unix time (UTC midnight) of the last report's publication day: when the
  row's information last changed, as ACLED's timestamp is; the export time if none is dated.
* ``tags``: "; "-joined ``key=value`` items: the dateline incident id, the status, the full
  date range, and ``date=publication`` when the date is a publication day.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from dateline.export.acled_codes import (
    Country,
    actor_types,
    country,
    event_codes,
    interaction,
    note_phrases,
)
from dateline.export.atomic import atomic_text
from dateline.export.records import check_incident, check_record, date_bounds, parse_day
from dateline.export.result import ExportResult
from dateline.model import Incident, Report

__all__ = ["COLUMNS", "acled_rows", "write_acled"]

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"


def _majority(values: Iterable[str | None]) -> str | None:
    """The most frequent non-null value, the earliest seen on a tie."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _date_phrase(first: dt.date, last: dt.date, precision: int) -> str:
    if first == last:
        return ("On " if precision == 1 else "On or around ") + _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"Between {first.day} and {_day(last)}"
    if first.year == last.year:
        return f"Between {first.day} {_MONTHS[first.month - 1]} and {_day(last)}"
    return f"Between {_day(first)} and {_day(last)}"


def _time_precision(first: dt.date, last: dt.date, ours: int | None) -> int:
    codes = event_codes()["time_precision"]
    if first == last:
        return int(codes["day_stated"] if ours in (None, 1) else codes["day_inferred"])
    if (last - first).days < codes["week_days"]:
        return int(codes["week"])
    return int(codes["longer"])


def _fatalities(reports: Sequence[Report], records: dict[str, dict[str, Any]]) -> int:
    cues = event_codes()["fatality_cues"]
    counts = []
    for report in reports:
        record = records.get(report.article_id)
        sentence = report.provenance.sentence
        if record is None or sentence is None:
            continue
        found = []
        for q in record.get("quantities", []):
            if (q.get("provenance") or {}).get("sentence") != sentence:
                continue
            if q.get("si_unit") not in cues["units"]:
                continue
            words = f"{q.get('about') or ''} {q.get('unit') or ''}".lower()
            if not any(word in words for word in cues["words"]):
                continue
            value = q.get("low") if q.get("approximation") == "range" else q.get("value")
            if isinstance(value, int | float) and math.isfinite(value) and value >= 0:
                found.append(int(value))
        if found:
            counts.append(max(found))
    return min(counts) if counts else 0


def _source_scale(reports: Sequence[Report], place: Country) -> str:
    scale = event_codes()["source_scale"]
    labels = {scale["home"] if r.language in place.languages else scale["abroad"]
              for r in reports}
    return "-".join(label for label in scale["order"] if label in labels)


def _event_number(incident_id: str, iso3: str, taken: set[str]) -> str:
    number = int(hashlib.sha256(incident_id.encode("utf-8")).hexdigest(), 16) % 10**8
    while f"{iso3}{number}" in taken:  # a hash collision: the next free number
        number = (number + 1) % 10**8
    taken.add(f"{iso3}{number}")
    return f"{iso3}{number}"


def _coordinate(value: Any, low: float, high: float, what: str, incident: Incident) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"incident {incident.id}: {what} is not a number: {value!r}")
    if not low <= value <= high:
        raise ValueError(f"incident {incident.id}: {what} {value} out of range")
    return float(value)


def _note(incident: Incident, row: dict[str, Any], first: dt.date, last: dt.date,
          sub_event: str) -> str:
    phrases = note_phrases()
    template = phrases["phrases"].get(incident.subtype or "", phrases["default"])
    what = template.format(place=row["location"], sub_event=sub_event)
    parts = [f"{_date_phrase(first, last, row['time_precision'])}, {row['actor1']} {what}."]
    if incident.status != "reported":
        parts.append(f"Status: {incident.status}.")
        claimants = sorted({r.claimed_by for r in incident.reports if r.claimed_by})
        if incident.status == "claimed" and claimants:
            parts.append(f"Claimed by {'; '.join(claimants)}.")
    n = len(incident.reports)
    outlets = sorted({r.source for r in incident.reports if r.source})
    listed = f": {'; '.join(outlets)}" if outlets else ""
    parts.append(f"[{n} report{'s' if n != 1 else ''}{listed}]")
    return " ".join(parts)


def _row(incident: Incident, records: dict[str, dict[str, Any]], taken: set[str],
         now: int) -> tuple[dict[str, Any] | None, str | None]:
    """The ACLED row of an incident, or None and the reason it is skipped."""
    reports = sorted(incident.reports, key=lambda r: r.key)
    event_type = _majority(r.acled_event_type for r in reports)
    if event_type is None:
        return None, "not an ACLED event"
    if not incident.country:
        return None, "no country"
    place = country(incident.country)
    if place is None:
        raise ValueError(f"incident {incident.id}: unknown country code {incident.country!r}")
    if incident.lat is None or incident.lon is None:
        return None, "no coordinates"
    lat = _coordinate(incident.lat, -90, 90, "latitude", incident)
    lon = _coordinate(incident.lon, -180, 180, "longitude", incident)
    tags = [f"dateline_id={incident.id}", f"status={incident.status}"]
    bounds = date_bounds(incident.date)
    ours = incident.time_precision
    if bounds is None:
        published = sorted(r.published for r in reports if r.published)
        if not published:
            return None, "no date"
        day = parse_day(published[0])
        bounds, ours = (day, day), 3
        tags.append("date=publication")
    elif bounds[0] != bounds[1]:
        tags.append(f"date_range={incident.date}")
    first, last = bounds
    precision = _time_precision(first, last, ours)

    types = actor_types()
    codes = event_codes()
    if incident.actor:
        actor1, inter1 = incident.actor, types.inter(
            incident.actor, incident.actor_side, incident.country)
    else:
        actor1, inter1 = types.unidentified(event_type, place.name)
    actor2, inter2 = "", 0
    if types.known(incident.target) and incident.target != actor1:
        actor2 = str(incident.target)
        inter2 = types.inter(actor2, None, incident.country) or 0
    elif event_type == _VIOLENCE_AGAINST_CIVILIANS:
        actor2, inter2 = types.civilians(place.name)
    sub_event = (_majority(r.acled_sub_event_type for r in reports
                           if r.acled_event_type == event_type)
                 or codes["default_sub_event"][event_type])
    if inter1 in (2, 3, 4):
        sub_event = codes["non_state_subtypes"].get(
            incident.subtype or "", codes["non_state_sub_event"].get(sub_event, sub_event))
    disorder = codes["disorder_types"]
    geo = incident.geo_precision if incident.geo_precision in (1, 2, 3) else 3
    if incident.place_kind in ("region", "country"):
        geo = 3
    published = sorted(r.published for r in reports if r.published)
    stamp = (int(dt.datetime.combine(parse_day(published[-1]), dt.time(),
                                     tzinfo=dt.UTC).timestamp()) if published else now)
    row: dict[str, Any] = {
        "event_id_cnty": _event_number(incident.id, place.iso3, taken),
        "event_date": first.isoformat(),
        "year": first.year,
        "time_precision": precision,
        "disorder_type": disorder["sub_event_types"].get(
            sub_event, disorder["event_types"][event_type]),
        "event_type": event_type,
        "sub_event_type": sub_event,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": inter1 if inter1 is not None else "",
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction(inter1, inter2) or "",
        "civilian_targeting": codes["civilian_targeting"] if (
            event_type == _VIOLENCE_AGAINST_CIVILIANS or inter2 == 7) else "",
        "iso": place.iso,
        "region": place.region,
        "country": place.name,
        "admin1": incident.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": incident.location or incident.admin1 or place.name,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo,
        "source": "; ".join(sorted({r.source for r in reports if r.source})),
        "source_scale": _source_scale(reports, place),
        "fatalities": _fatalities(reports, records),
        "tags": "; ".join(tags),
        "timestamp": stamp,
    }
    row["notes"] = _note(incident, row, first, last, sub_event)
    return row, None


def acled_rows(incidents: Sequence[Incident], records: Iterable[dict[str, Any]] = (),
               now: int | None = None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The ACLED rows of ``incidents`` (sorted by date, then incident id) and the number of
    incidents skipped by reason. ``records`` give the quantities fatalities are read from."""
    by_id = {r["id"]: r for r in map(check_record, records)}
    stamp = int(time.time()) if now is None else now
    checked = [check_incident(i) for i in incidents]
    keyed = sorted(checked, key=lambda i: ((date_bounds(i.date) or (dt.date.max,))[0], i.id))
    rows: list[tuple[str, str, dict[str, Any]]] = []
    skipped, taken = Counter[str](), set[str]()
    for incident in keyed:
        row, reason = _row(incident, by_id, taken, stamp)
        if row is None:
            skipped[str(reason)] += 1
        else:
            rows.append((row["event_date"], incident.id, row))
    return [row for _, _, row in sorted(rows, key=lambda t: t[:2])], dict(skipped)


def write_acled(path: Path, incidents: Sequence[Incident],
                records: Iterable[dict[str, Any]] = (), now: int | None = None) -> ExportResult:
    """Write the ACLED CSV of ``incidents`` (all rows are built before the file is opened)."""
    rows, skipped = acled_rows(incidents, records, now)
    with atomic_text(path, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[column] for column in COLUMNS])
    return ExportResult("acled", Path(path), len(rows), skipped)
