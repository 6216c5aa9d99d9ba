"""The API's reads: pure functions of a read-only connection (or a parsed snapshot of the
cross-article layer) and already validated parameters, returning plain JSON-ready data.

Articles are paged in SQL; incidents, stories, contradictions and control changes come from
the :class:`~dateline.web.snapshot.Snapshot`, which holds them parsed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dateline.extract.timex.calendar import date_window
from dateline.link.control import controller_at
from dateline.model import control_change_from_record
from dateline.web.snapshot import Snapshot

__all__ = [
    "ArticleFilter", "BBox", "IncidentFilter", "Page", "article_detail", "contradictions",
    "incident_detail", "list_articles", "list_incidents", "place_detail", "stories",
]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lon: float | None, lat: float | None) -> bool:
        return (lon is not None and lat is not None and self.min_lon <= lon <= self.max_lon
                and self.min_lat <= lat <= self.max_lat)


@dataclass(frozen=True)
class ArticleFilter:
    language: str | None = None
    source: str | None = None
    since: str | None = None  # ISO days, inclusive
    until: str | None = None


@dataclass(frozen=True)
class IncidentFilter:
    story: str | None = None
    place: str | None = None
    type: str | None = None
    subtype: str | None = None
    side: str | None = None
    status: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None
    bbox: BBox | None = None


def _listing(total: int, page: Page, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


# --- articles ----------------------------------------------------------------------------------

_ARTICLE_FROM = "FROM articles a JOIN analyses n ON n.article_id = a.id"


def _article_where(f: ArticleFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if f.language:
        clauses.append("n.language = ?")
        args.append(f.language)
    if f.source:
        clauses.append("a.source = ?")
        args.append(f.source)
    if f.since:
        clauses.append("substr(a.published, 1, 10) >= ?")
        args.append(f.since)
    if f.until:
        clauses.append("substr(a.published, 1, 10) <= ?")
        args.append(f.until)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), args


def list_articles(conn: sqlite3.Connection, f: ArticleFilter, page: Page) -> dict[str, Any]:
    """Analysed articles (duplicates have no analysis and are left out), newest first, with
    how many events and places their analysis found."""
    where, args = _article_where(f)
    total = int(conn.execute(f"SELECT count(*) {_ARTICLE_FROM}{where}", args).fetchone()[0])
    ids = [row[0] for row in conn.execute(
        f"SELECT a.id {_ARTICLE_FROM}{where} "
        "ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?",
        [*args, page.limit, page.offset])]
    rows = {row["id"]: row for row in conn.execute(
        "SELECT a.id, a.title, a.published, a.source, n.language, a.url, "
        "json_array_length(n.record, '$.events') AS events, "
        "json_array_length(n.record, '$.places') AS places "
        f"{_ARTICLE_FROM} WHERE a.id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
    return _listing(total, page, [dict(rows[i]) for i in ids])


def article_detail(conn: sqlite3.Connection, snapshot: Snapshot,
                   article_id: str) -> dict[str, Any] | None:
    """An article, its text exactly as read, its analysis record and which incident each of
    its events was linked into. A duplicate has ``record`` None and says what it duplicates."""
    row = conn.execute(
        "SELECT a.id, a.title, a.published, a.source, a.url, "
        "coalesce(n.language, a.language) AS language, a.duplicate_of, a.text, n.record "
        "FROM articles a LEFT JOIN analyses n ON n.article_id = a.id WHERE a.id = ?",
        (article_id,)).fetchone()
    if row is None:
        return None
    article = {k: row[k] for k in ("id", "title", "published", "source", "url", "language",
                                   "duplicate_of")}
    return {
        "article": article,
        "text": row["text"],
        "record": json.loads(row["record"]) if row["record"] is not None else None,
        "incident_of_event": dict(snapshot.event_incident.get(article_id, {})),
    }


# --- incidents ---------------------------------------------------------------------------------


def _incident_indexes(snapshot: Snapshot, f: IncidentFilter) -> list[int]:
    """Indexes of the incidents passing every filter given, in snapshot order. Equality
    filters and the place intersect the snapshot's indexes; dates and the box then test what
    is left."""
    chosen: list[frozenset[int]] = [
        snapshot.having(name, value) for name, value in (
            ("story_id", f.story), ("type", f.type), ("subtype", f.subtype),
            ("actor_side", f.side), ("status", f.status), ("language", f.language)) if value]
    if f.place:
        chosen.append(snapshot.at_place(f.place))
    if chosen:
        chosen.sort(key=len)
        found: list[int] = sorted(chosen[0].intersection(*chosen[1:]))
    else:
        found = list(range(len(snapshot.incidents)))
    keys = snapshot.keys
    if f.since:
        found = [i for i in found if (end := keys[i].end) is not None and end >= f.since]
    if f.until:
        found = [i for i in found if (start := keys[i].start) is not None and start <= f.until]
    if f.bbox:
        box = f.bbox
        found = [i for i in found if box.contains(keys[i].lon, keys[i].lat)]
    return found


def list_incidents(snapshot: Snapshot, f: IncidentFilter, page: Page) -> dict[str, Any]:
    """Incident summaries matching every filter given, by date (undated last) then id. A date
    filter keeps incidents whose date window overlaps it (an undated one is placed on its
    first report's publication day)."""
    found = _incident_indexes(snapshot, f)
    chosen = found[page.offset:page.offset + page.limit]
    return _listing(len(found), page, [snapshot.summaries[i] for i in chosen])


def _evidence_sentences(record: dict[str, Any]) -> set[tuple[str, int]]:
    return {(r["article_id"], r["provenance"]["sentence"]) for r in record.get("reports", [])
            if r.get("provenance", {}).get("sentence") is not None}


def _incident_contradictions(snapshot: Snapshot, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Contradictions about this incident: those naming it, and quantity contradictions with
    a claim stated in the evidence sentence of one of its reports."""
    sentences = _evidence_sentences(record)
    found = []
    for c in snapshot.contradictions:
        if c.get("incident_id") == record["id"] or (c.get("kind") == "quantity" and any(
                (cl.get("article_id"), (cl.get("provenance") or {}).get("sentence"))
                in sentences for cl in c.get("claims", []))):
            found.append(c)
    return found


def _quantities(conn: sqlite3.Connection, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The quantities each report's article states in that report's evidence sentence."""
    reports = record.get("reports", [])
    ids = sorted({r["article_id"] for r in reports})
    analyses = {row[0]: json.loads(row[1]) for row in conn.execute(
        f"SELECT article_id, record FROM analyses WHERE article_id IN "
        f"({','.join('?' * len(ids))})", ids)} if ids else {}
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    for report in reports:
        sentence = report.get("provenance", {}).get("sentence")
        analysis = analyses.get(report["article_id"])
        if sentence is None or analysis is None:
            continue
        for n, q in enumerate(analysis.get("quantities", [])):
            key = (report["article_id"], n)
            if q.get("provenance", {}).get("sentence") != sentence or key in seen:
                continue
            seen.add(key)
            found.append({"article_id": report["article_id"], "source": report.get("source"),
                          **{k: q.get(k) for k in ("text", "value", "unit", "si_value",
                                                   "si_unit", "about", "claimed_by")}})
    return found


def incident_detail(conn: sqlite3.Connection, snapshot: Snapshot,
                    incident_id: str) -> dict[str, Any] | None:
    """The full incident record, with its contradictions and the quantities its reports
    state (see :func:`_incident_contradictions`, :func:`_quantities`)."""
    index = snapshot.by_id.get(incident_id)
    if index is None:
        return None
    record = snapshot.incidents[index]
    return {**record, "contradictions": _incident_contradictions(snapshot, record),
            "quantities": _quantities(conn, record)}


# --- stories, contradictions -------------------------------------------------------------------


def stories(snapshot: Snapshot) -> dict[str, Any]:
    return {"items": snapshot.stories}


def contradictions(snapshot: Snapshot, kind: str | None, story: str | None) -> dict[str, Any]:
    return {"items": [c for c in snapshot.contradictions
                      if (kind is None or c.get("kind") == kind)
                      and (story is None or c.get("story_id") == story)]}


# --- places ------------------------------------------------------------------------------------

_PLACE_FIELDS = ("gazetteer_id", "lat", "lon", "country", "admin1")


def _place_from(key: str, incidents: Sequence[dict[str, Any]], names: frozenset[str],
                control: Sequence[dict[str, Any]], snapshot: Snapshot) -> dict[str, Any]:
    """The place's description, from the first incident that is at it by id or by its own
    location (not only a report's), else the first such control change."""
    direct = [r for r in incidents if r.get("gazetteer_id") == key or r.get("location") in names]
    if direct or incidents:
        best = (direct or list(incidents))[0]
        return {"key": key, "name": best.get("location"),
                **{k: best.get(k) for k in _PLACE_FIELDS}}
    change = next((c for c in control if c.get("gazetteer_id") == key
                   or c.get("place") in names), control[0])
    index = snapshot.by_id.get(change.get("incident_id", ""))
    incident = snapshot.incidents[index] if index is not None else {}
    return {"key": key, "name": change.get("place"), "gazetteer_id": change.get("gazetteer_id"),
            "lat": change.get("lat"), "lon": change.get("lon"),
            "country": incident.get("country"), "admin1": incident.get("admin1")}


def _holder(key: str, control: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Who holds the place on the latest day its changes know of (controller_at)."""
    windows = [w for c in control if (w := date_window(c.get("date"))) is not None]
    if not windows:
        return None
    day = max(w[1] for w in windows).isoformat()
    state = controller_at([control_change_from_record(c) for c in control], key, day)
    if state.basis is None:
        return None
    return {"side": state.side, "since": state.since, "sources": list(state.sources),
            "status": state.status}


def place_detail(snapshot: Snapshot, key: str) -> dict[str, Any] | None:
    """A place (a name in any language, or a gazetteer id): its control timeline, who holds it
    now, and the incidents there. None when nothing is at that place."""
    names = snapshot.matching_names(key)
    indexes = sorted(snapshot.at_place(key))
    incidents = [snapshot.incidents[i] for i in indexes]
    control = snapshot.control_at(key)
    if not incidents and not control:
        return None
    return {
        "place": _place_from(key, incidents, names, control, snapshot),
        "control": control,
        "holder_today": _holder(key, control),
        "incidents": [snapshot.summaries[i] for i in indexes],
    }
