"""The cross-article layer of a store, parsed once and kept in memory until the store changes.

Incident, story, contradiction and control records are JSON in the store; filtering the
incident list by place, language, date window or bounding box needs them parsed, and doing
that on every request would cost far more than the filtering itself. A :class:`Snapshot`
holds them parsed, with the few keys the filters compare precomputed; :func:`snapshot_cache`
rebuilds it when ``PRAGMA data_version`` says another connection (``dateline analyze`` /
``dateline link``) committed since.

Place matching follows :func:`dateline.link.control.matches_place` exactly: an incident is at a
place when its gazetteer id is the one asked for, or one of its names (its location and its
reports' locations) matches. The names are few beside the incidents, so which of them match a
query is worked out once per query string and per snapshot, then incidents are picked by set
lookups.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from dateline.extract.timex.calendar import date_window
from dateline.link.control import matches_place, regions_of
from dateline.model import ControlChange, control_change_from_record
from dateline.web.database import ReadOnlyDatabase

__all__ = ["IncidentKeys", "Snapshot", "VersionedCache", "load_snapshot", "snapshot_cache"]

SUMMARY_FIELDS = ("id", "type", "subtype", "actor", "actor_side", "target", "location",
                  "gazetteer_id", "lat", "lon", "date", "time_precision", "status", "story_id")
_MEMO_LIMIT = 2048  # place queries remembered per snapshot
T = TypeVar("T")


@dataclass(frozen=True)
class IncidentKeys:
    """What the incident filters compare, precomputed: the date window as ISO days (an
    undated incident is placed on its first report's publication day), languages, names,
    position."""

    start: str | None
    end: str | None
    languages: frozenset[str]
    names: frozenset[str]
    lon: float | None
    lat: float | None


@dataclass
class Snapshot:
    """The parsed cross-article layer of one state of the store."""

    incidents: list[dict[str, Any]]  # full records, by date (undated last) then id
    keys: list[IncidentKeys]
    summaries: list[dict[str, Any]]
    by_id: dict[str, int]
    stories: list[dict[str, Any]]
    contradictions: list[dict[str, Any]]
    control: list[dict[str, Any]]  # records, in saved order
    changes: list[ControlChange]  # the same, as objects for controller_at
    event_incident: dict[str, dict[str, str]]  # article id -> event index -> incident id
    # field (story_id, type, subtype, actor_side, status, language, gazetteer_id, name) ->
    # value -> indexes of the incidents having it: equality filters are set lookups
    index: dict[str, dict[str, frozenset[int]]] = field(default_factory=dict)
    _names: frozenset[str] = frozenset()
    _memo: dict[str, frozenset[str]] = field(default_factory=dict)

    def having(self, name: str, value: str) -> frozenset[int]:
        """Indexes of the incidents whose ``name`` field (or one of their languages, names)
        is ``value``."""
        return self.index.get(name, {}).get(value, frozenset())

    def at_place(self, place: str) -> frozenset[int]:
        """Indexes of the incidents at ``place``: its gazetteer id, or a matching name."""
        found = set(self.having("gazetteer_id", place))
        for name in self.matching_names(place):
            found |= self.having("name", name)
        return frozenset(found)

    def matching_names(self, place: str) -> frozenset[str]:
        """The incident and control names that ``place`` matches (by matches_place)."""
        found = self._memo.get(place)
        if found is None:
            found = frozenset(n for n in self._names if matches_place(place, None, [n]))
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[place] = found
        return found

    def control_at(self, place: str) -> list[dict[str, Any]]:
        """The control change records at ``place`` (its id, its name, or a report's name for
        it), sorted by date window then incident id."""
        names = self.matching_names(place)
        regions = regions_of(place)
        found = [c for c in self.control
                 if c.get("gazetteer_id") == place or bool(_control_names(c) & names)
                 or (c.get("level") == "region" and c.get("gazetteer_id") in regions)]
        return sorted(found, key=_control_order)


def _control_names(change: dict[str, Any]) -> frozenset[str]:
    return frozenset(n for n in (change.get("place"), *(r.get("location")
                                 for r in change.get("reports", []))) if n)


def _control_order(change: dict[str, Any]) -> tuple[str, str, str]:
    window = date_window(change.get("date"))
    start, end = (window[0].isoformat(), window[1].isoformat()) if window else ("", "")
    return (start, end, change.get("incident_id", ""))


def _keys(record: dict[str, Any]) -> IncidentKeys:
    reports = record.get("reports", [])
    window = date_window(record.get("date"))
    if window is not None:
        start, end = window[0].isoformat(), window[1].isoformat()
    else:
        published = sorted(r["published"][:10] for r in reports if r.get("published"))
        start = end = published[0] if published else None
    names = {record.get("location"), *(r.get("location") for r in reports)}
    return IncidentKeys(start=start, end=end,
                        languages=frozenset(r["language"] for r in reports if r.get("language")),
                        names=frozenset(n for n in names if n),
                        lon=record.get("lon"), lat=record.get("lat"))


def summary(record: dict[str, Any]) -> dict[str, Any]:
    """An incident's list entry: its main fields and a summary of its sources."""
    data = {name: record.get(name) for name in SUMMARY_FIELDS}
    data["n_reports"] = len(record.get("reports", []))
    for name in ("outlets", "languages"):
        data[name] = record.get(name) or []
    data["first_reported"] = record.get("first_reported")
    data["last_reported"] = record.get("last_reported")
    return data


def _sort_key(record: dict[str, Any]) -> tuple[bool, str, str]:
    date = record.get("date")
    return (date is None, date or "", record["id"])


def _derived(conn: sqlite3.Connection, kind: str) -> list[dict[str, Any]]:
    return [json.loads(row[0]) for row in conn.execute(
        "SELECT record FROM derived WHERE kind = ? ORDER BY rowid", (kind,))]


def _event_incident(incidents: Iterable[dict[str, Any]]) -> dict[str, dict[str, str]]:
    mapping: dict[str, dict[str, str]] = {}
    for record in incidents:
        for report in record.get("reports", []):
            mapping.setdefault(report["article_id"], {})[str(report["event_index"])] = \
                record["id"]
    return mapping


INDEXED_FIELDS = ("story_id", "type", "subtype", "actor_side", "status", "gazetteer_id")


def _index(incidents: Sequence[dict[str, Any]],
           keys: Sequence[IncidentKeys]) -> dict[str, dict[str, frozenset[int]]]:
    index: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, (record, key) in enumerate(zip(incidents, keys, strict=True)):
        for name in INDEXED_FIELDS:
            if (value := record.get(name)) is not None:
                index[name][str(value)].add(i)
        for language in key.languages:
            index["language"][language].add(i)
        for place_name in key.names:
            index["name"][place_name].add(i)
    return {name: {value: frozenset(ids) for value, ids in values.items()}
            for name, values in index.items()}


def load_snapshot(conn: sqlite3.Connection) -> Snapshot:
    """Parse the store's incidents and derived records (call inside one read transaction)."""
    incidents = sorted((json.loads(row[0]) for row in conn.execute(
        "SELECT record FROM incidents")), key=_sort_key)
    keys = [_keys(r) for r in incidents]
    control = _derived(conn, "control")
    names = {n for k in keys for n in k.names}
    for change in control:
        names |= _control_names(change)
    return Snapshot(
        incidents=incidents, keys=keys, summaries=[summary(r) for r in incidents],
        by_id={r["id"]: i for i, r in enumerate(incidents)},
        stories=_derived(conn, "story"), contradictions=_derived(conn, "contradiction"),
        control=control, changes=[control_change_from_record(c) for c in control],
        event_incident=_event_incident(incidents), index=_index(incidents, keys),
        _names=frozenset(names),
    )


class VersionedCache(Generic[T]):
    """A value computed from the store (by ``load``, inside one read transaction), kept
    until the store changes, then computed again on next use."""

    def __init__(self, db: ReadOnlyDatabase, load: Callable[[sqlite3.Connection], T]) -> None:
        self._db = db
        self._load = load
        self._lock = threading.Lock()
        self._state: tuple[int, T] | None = None  # replaced whole, never mutated

    def get(self) -> T:
        version = self._db.version()
        state = self._state
        if state is not None and state[0] == version:
            return state[1]
        with self._lock:  # one thread rebuilds; the others wait for its result
            state = self._state
            if state is None or state[0] != version:
                with self._db.read() as conn:
                    state = (version, self._load(conn))
                self._state = state
            return state[1]


def snapshot_cache(db: ReadOnlyDatabase) -> VersionedCache[Snapshot]:
    """The current :class:`Snapshot` of a store, rebuilt when the store has changed."""
    return VersionedCache(db, load_snapshot)
