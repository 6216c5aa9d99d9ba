"""Cross-article incident linking: reports of one happening, from any article in any language,
become one :class:`~dateline.model.Incident` that keeps all its sources.

How it works, and why:

* **Blocking, never all pairs.** Each report gets index keys and query keys built from its
  type family × a spatial key (a ~1° cell for point places, with the neighbouring cells its
  radius may reach; the admin-1 region for region-level places; the country for country-level
  ones) × a time key (the buckets its date window touches, on a ladder of bucket sizes so that a
  day and a year-long range still meet). Only reports sharing a key are compared.
* **Compatibility** compares language-independent values only (``compatible``): type families
  from ``data/incidents.json``, gazetteer ids, distances, admin-1 regions, ISO date windows,
  actor sides. Two events of one article are never the same incident.
* **Clustering** is greedy over candidate edges sorted by a similarity score, then by report
  keys (so the result depends on the set of reports, never on their order), with complete
  linkage: a report joins an incident only when it is compatible with every report already in
  it. That keeps a region-level report from chaining two towns' withdrawals into one.
* **Incremental.** The clustering of a connected component of the compatibility graph depends
  on that component alone, so :class:`Linker` re-clusters only the components that new (or
  replaced) reports touch; the result equals linking everything at once.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from dateline.extract.timex.calendar import date_window as days_of
from dateline.model import Incident, Report

__all__ = ["LinkUpdate", "Linker", "Rules", "compatible", "link", "load_rules"]

# Spatial classes of a report's place.
POINT, REGION, COUNTRY, NOWHERE = "point", "region", "country", "nowhere"
_KIND_RANK = {POINT: 0, REGION: 1, COUNTRY: 2, NOWHERE: 3}
_CELL_DEG = 1.0  # spatial cell size; radii must stay under ~111 km for one lat row to suffice
_KM_PER_DEG = 111.2
_TIME_LEVELS = (8, 64, 512)  # bucket sizes in days; longer windows go to one catch-all level
_STATUS_ORDER = ("reported", "claimed", "unverified", "denied")
_ASSUMED_DAY = 3  # time_precision of a date that is only the publication day, assumed
_Key = tuple[Any, ...]
_Keys = tuple[list[_Key], list[_Key]]  # (index keys, query keys)


@dataclass(frozen=True)
class Rules:
    """The linker's tunable tables (``data/incidents.json``)."""

    families: dict[str, frozenset[str]]  # "TYPE/subtype" -> family names
    root_families: dict[str, frozenset[str]]  # root type -> every family with one of its subtypes
    radius_km: dict[int, float]
    default_radius_km: float
    kind_radius_km: dict[str, float]
    day_slack: int
    undated_days: int

    @property
    def max_radius_km(self) -> float:
        return max([self.default_radius_km, *self.radius_km.values(),
                    *self.kind_radius_km.values()])


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The bundled linking rules (cached: read once per process)."""
    text = resources.files("dateline.link").joinpath("data", "incidents.json").read_text("utf-8")
    return rules_from_dict(json.loads(text))


def rules_from_dict(data: dict[str, Any]) -> Rules:
    """Rules from the JSON form of ``data/incidents.json`` (tests pass their own)."""
    families: dict[str, set[str]] = defaultdict(set)
    roots: dict[str, set[str]] = defaultdict(set)
    for name, members in data.get("families", {}).items():
        for member in members:
            families[member].add(name)
            roots[member.split("/", 1)[0]].add(name)
    rules = Rules(
        families={k: frozenset(v) for k, v in families.items()},
        root_families={k: frozenset(v) for k, v in roots.items()},
        radius_km={int(k): float(v) for k, v in data.get("radius_km", {}).items()},
        default_radius_km=float(data.get("default_radius_km", 35)),
        kind_radius_km={k: float(v) for k, v in data.get("kind_radius_km", {}).items()},
        day_slack=int(data.get("day_slack_days", 1)),
        undated_days=int(data.get("undated_days", 3)),
    )
    if rules.max_radius_km >= _KM_PER_DEG * _CELL_DEG:
        raise ValueError("linking radii must stay under one degree of latitude")
    return rules


# --- features: what compatibility and blocking read from a report -----------------------------
def _window_start(value: str | None) -> int | None:
    """The ordinal of the first day of a date (a publication day), or None."""
    window = date_window(value)
    return window[0] if window else None


def date_window(value: str | None) -> tuple[int, int] | None:
    """An event date ("2022-11-11", "2022-09-01/2022-09-30", "2022-09", "2022") as a window of
    day ordinals, first and last day included; None when missing or unreadable."""
    window = days_of(value)
    return (window[0].toordinal(), window[1].toordinal()) if window else None


@dataclass(slots=True)
class _Feat:
    """The values of one report that linking compares, precomputed once."""

    key: tuple[str, int]
    article: str
    type: str
    subtype: str | None
    families: frozenset[str]
    space: str
    gid: str | None
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    radius: float
    place_key: str
    window: tuple[int, int] | None  # the stated date
    span: tuple[int, int] | None  # the window used for blocking (stated, or implied by pub)
    published: int | None
    side: str | None
    actor: str | None
    claimed_by: str | None
    geo_precision: int


def _stated_window(report: Report, rules: Rules) -> tuple[int, int] | None:
    """The days a report's date allows: its window, except that a day which is only the
    publication day assumed stands for that day or the few days before it."""
    window = date_window(report.date)
    if window is not None and report.time_precision == _ASSUMED_DAY and window[0] == window[1]:
        return (window[0] - rules.undated_days, window[0])
    return window


def _space_of(report: Report) -> str:
    """Which spatial class a report's place belongs to (see module docstring)."""
    if report.place_kind == "country":
        return COUNTRY
    if report.place_kind == "region" and (report.admin1 or report.gazetteer_id):
        return REGION
    if report.lat is not None and report.lon is not None:
        return POINT
    return NOWHERE


def _families_of(report: Report, rules: Rules) -> frozenset[str]:
    """The type families a report can share: its subtype's (or itself alone), or, without a
    subtype, every family of its root type plus the bare root."""
    if report.subtype is None:
        return rules.root_families.get(report.type, frozenset()) | {report.type}
    own = f"{report.type}/{report.subtype}"
    return rules.families.get(own, frozenset({own})) | {report.type}


def _features(report: Report, rules: Rules) -> _Feat:
    """Precompute what :func:`compatible` and the blocking keys need from a report."""
    space = _space_of(report)
    precision = report.geo_precision if report.geo_precision is not None else 3
    radius = rules.kind_radius_km.get(report.place_kind or "") or rules.radius_km.get(
        precision, rules.default_radius_km)
    window = _stated_window(report, rules)
    published = _window_start(report.published)
    span = window
    if span is None and published is not None:
        span = (published - rules.undated_days, published)
    return _Feat(
        key=report.key, article=report.article_id, type=report.type, subtype=report.subtype,
        families=_families_of(report, rules), space=space, gid=report.gazetteer_id,
        country=report.country, admin1=report.admin1,
        lat=report.lat if report.lat is not None else 0.0,
        lon=report.lon if report.lon is not None else 0.0,
        radius=radius,
        place_key=report.gazetteer_id or (report.location or "").casefold(),
        window=window, span=span, published=published, side=report.actor_side,
        actor=report.actor, claimed_by=report.claimed_by, geo_precision=precision,
    )


# --- compatibility -----------------------------------------------------------------------------
def _types_ok(a: _Feat, b: _Feat) -> bool:
    """Same root with a subtype missing on one side, same subtype, or one declared family."""
    if a.subtype is None or b.subtype is None:
        return a.type == b.type
    if a.type == b.type and a.subtype == b.subtype:
        return True
    shared = a.families & b.families
    return bool(shared - {a.type, b.type})


def _distance_km(a: _Feat, b: _Feat) -> float:
    """Equirectangular distance: exact enough under a hundred kilometres, and cheap."""
    dx = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2.0))
    return _KM_PER_DEG * math.hypot(a.lat - b.lat, dx)


def _places_ok(a: _Feat, b: _Feat) -> bool:
    """One place: same gazetteer id; two points within the larger radius; a point inside the
    admin-1 region a region-level report names; one region; one country."""
    if a.gid is not None and a.gid == b.gid:
        return True
    if a.space == POINT and b.space == POINT:
        return _distance_km(a, b) <= max(a.radius, b.radius)
    if {a.space, b.space} == {POINT, REGION} or (a.space == REGION and b.space == REGION):
        return a.admin1 is not None and a.admin1 == b.admin1 and a.country == b.country
    if a.space == COUNTRY and b.space == COUNTRY:
        return (a.country or a.place_key) == (b.country or b.place_key)
    if a.space == NOWHERE and b.space == NOWHERE:
        return a.place_key == b.place_key
    return False


def _dates_ok(a: _Feat, b: _Feat, rules: Rules) -> bool:
    """Overlapping windows, with a day's slack when one is a single day; an undated report only
    with reports published within a few days whose window reaches its own days."""
    if a.span is None or b.span is None:
        return False
    if a.window is None or b.window is None:
        if a.published is None or b.published is None:
            return False
        if abs(a.published - b.published) > rules.undated_days:
            return False
    single_day = a.span[0] == a.span[1] or b.span[0] == b.span[1]
    slack = rules.day_slack if single_day else 0
    return max(a.span[0], b.span[0]) <= min(a.span[1], b.span[1]) + slack


def _actors_ok(a: _Feat, b: _Feat) -> bool:
    """The same side, or a side missing on one of them."""
    return a.side is None or b.side is None or a.side == b.side


def _compatible(a: _Feat, b: _Feat, rules: Rules) -> bool:
    return (
        a.article != b.article
        and _types_ok(a, b)
        and _actors_ok(a, b)
        and _dates_ok(a, b, rules)
        and _places_ok(a, b)
    )


def compatible(a: Report, b: Report, rules: Rules | None = None) -> bool:
    """Whether two reports may describe one happening (never two events of one article)."""
    rules = rules or load_rules()
    return _compatible(_features(a, rules), _features(b, rules), rules)


def _score(a: _Feat, b: _Feat) -> float:
    """How alike two compatible reports are; the clustering merges the most alike first.
    Symmetric, and computed from the pair in key order so floats never depend on order."""
    if b.key < a.key:
        a, b = b, a
    score = 0.0
    if a.subtype is not None and a.subtype == b.subtype:
        score += 2.0
    elif a.subtype is not None and b.subtype is not None:
        score += 1.0
    if a.gid is not None and a.gid == b.gid:
        score += 3.0
    elif a.space == POINT and b.space == POINT:
        score += 2.0 * (1.0 - _distance_km(a, b) / max(a.radius, b.radius))
    else:
        score += 1.0
    if a.window is not None and b.window is not None:
        low, high = max(a.window[0], b.window[0]), min(a.window[1], b.window[1])
        width = max(a.window[1] - a.window[0], b.window[1] - b.window[0])
        score += (2.0 + 1.0 / (1 + width)) if low <= high else 0.5
    if a.actor is not None and a.actor == b.actor:
        score += 1.0
    elif a.side is not None and a.side == b.side:
        score += 0.5
    if a.claimed_by is not None and a.claimed_by == b.claimed_by:
        score += 1.0
    return score - 0.1 * (a.geo_precision + b.geo_precision)


# --- blocking ----------------------------------------------------------------------------------
def _cell(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG))


def _space_keys(f: _Feat, max_radius: float) -> _Keys:
    """Spatial index keys and query keys. Points meet points in neighbouring cells (as many
    longitude cells as the largest radius needs at that latitude) and regions by admin-1."""
    if f.space == POINT:
        row, col = _cell(f.lat, f.lon)
        shrink = math.cos(math.radians(min(89.0, abs(f.lat) + _CELL_DEG)))
        reach = math.ceil(max_radius / (_KM_PER_DEG * _CELL_DEG * shrink))
        index: list[_Key] = [("c", row, col)]
        query: list[_Key] = [
            ("c", row + dr, col + dc) for dr in (-1, 0, 1) for dc in range(-reach, reach + 1)
        ]
        if f.admin1 is not None:
            index.append(("a1p", f.country, f.admin1))
            query.append(("a1r", f.country, f.admin1))
        return index, query
    if f.space == REGION and f.admin1 is not None:
        own = ("a1r", f.country, f.admin1)
        return [own], [own, ("a1p", f.country, f.admin1)]
    if f.space == COUNTRY:
        own = ("cc", f.country or f.place_key)
        return [own], [own]
    own = ("g", f.place_key)
    return [own], [own]


def _level(span: tuple[int, int]) -> int:
    length = span[1] - span[0] + 1
    return next((i for i, size in enumerate(_TIME_LEVELS) if length <= size), len(_TIME_LEVELS))


def _buckets(span: tuple[int, int], level: int) -> range:
    if level >= len(_TIME_LEVELS):
        return range(1)
    size = _TIME_LEVELS[level]
    return range(span[0] // size, span[1] // size + 1)


def _time_keys(span: tuple[int, int], slack: int) -> _Keys:
    """Time index keys and query keys on the bucket ladder. A report at level L is indexed at
    every level from L up (tagged with L); it queries each coarser level for reports of that
    level, and its own level for reports of any finer level, so every overlapping pair meets."""
    padded = (span[0] - slack, span[1] + slack)
    own = _level(padded)
    top = len(_TIME_LEVELS)
    index = [(lv, b, own) for lv in range(own, top + 1) for b in _buckets(padded, lv)]
    query = [(lv, b, lv) for lv in range(own, top + 1) for b in _buckets(padded, lv)]
    query += [(own, b, finer) for finer in range(own) for b in _buckets(padded, own)]
    return index, query


def _block_keys(f: _Feat, rules: Rules) -> _Keys:
    """Family × space × time keys under which a report is indexed, and those it looks up."""
    if f.span is None:
        return [], []
    s_index, s_query = _space_keys(f, rules.max_radius_km)
    t_index, t_query = _time_keys(f.span, rules.day_slack)
    families = sorted(f.families)
    index = [(fam, *s, *t) for fam in families for s in s_index for t in t_index]
    query = [(fam, *s, *t) for fam in families for s in s_query for t in t_query]
    return index, query


# --- clustering --------------------------------------------------------------------------------
def _cluster(ids: Iterable[int], feats: dict[int, _Feat],
             adj: dict[int, dict[int, float]]) -> list[list[int]]:
    """Greedy complete-linkage clustering of a closed set of reports (whole components),
    then single-report moves that raise the similarity within incidents (see ``_refine``).

    Edges are taken best score first, ties by report keys; two groups merge when they share no
    article and every cross pair is compatible (an edge)."""
    members = {i: [i] for i in ids}
    articles = {i: {feats[i].article} for i in members}
    root = {i: i for i in members}
    edges = sorted(
        (-w, feats[i].key, feats[j].key, i, j)
        for i in members for j, w in adj[i].items() if feats[i].key < feats[j].key
    )
    for _, _, _, i, j in edges:
        ri, rj = root[i], root[j]
        if ri == rj or articles[ri] & articles[rj]:
            continue
        if not all(v in adj[u] for u in members[ri] for v in members[rj]):
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        for v in members[rj]:
            root[v] = ri
        members[ri].extend(members.pop(rj))
        articles[ri] |= articles.pop(rj)
    return _refine(list(members.values()), feats, adj)


def _fits(i: int, group: set[int], feats: dict[int, _Feat],
          adj: dict[int, dict[int, float]]) -> bool:
    """Whether a report may join a group: compatible with all of it, no article twice."""
    article = feats[i].article
    return all(j in adj[i] and feats[j].article != article for j in group)


def _refine(groups: list[list[int]], feats: dict[int, _Feat],
            adj: dict[int, dict[int, float]], rounds: int = 5) -> list[list[int]]:
    """Move single reports to the incident they are most alike with (summed similarity).

    Greedy merging is myopic: a report may pair early with a weak partner and then be locked
    out of the incident where most of its corroborating reports end up. Each move strictly
    raises the total similarity within incidents, so the passes end; reports and candidate
    groups are visited in key order, so the result depends only on the set of reports."""
    def first_key(group: set[int]) -> tuple[str, int]:
        return min(feats[i].key for i in group)

    sets = sorted((set(g) for g in groups), key=first_key)
    where = {i: n for n, g in enumerate(sets) for i in g}
    order = sorted(where, key=lambda i: feats[i].key)
    for _ in range(rounds):
        moved = False
        for i in order:
            here = where[i]
            best, best_sum = here, _linkage(i, sets[here] - {i}, adj, feats)
            for n in sorted({where[j] for j in adj[i]} - {here}):
                if _fits(i, sets[n], feats, adj):
                    total = _linkage(i, sets[n], adj, feats)
                    if total > best_sum + 1e-9:
                        best, best_sum = n, total
            if best != here:
                sets[here].discard(i)
                sets[best].add(i)
                where[i] = best
                moved = True
        if not moved:
            break
    return [sorted(g) for g in sets if g]


def _linkage(i: int, group: set[int], adj: dict[int, dict[int, float]],
             feats: dict[int, _Feat]) -> float:
    """Summed similarity of a report to a group (in key order, so floats are reproducible)."""
    return sum(adj[i][j] for j in sorted(group, key=lambda j: feats[j].key))


# --- incidents from clusters ---------------------------------------------------------------------
def _report_order(report: Report) -> tuple[str, str, int]:
    """Reports of an incident run from the first published; undated publications last."""
    return (report.published or "9999-99-99", report.article_id, report.event_index)


def incident_id(first: Report) -> str:
    """A stable incident id from its earliest report's key."""
    digest = hashlib.sha1(f"{first.article_id}\x1f{first.event_index}".encode()).hexdigest()
    return f"inc_{digest[:12]}"


def _majority(values: Iterable[str | None]) -> str | None:
    """The most frequent non-null value; ties go to the one seen first."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    best = max(counts.values())
    return next(v for v in counts if counts[v] == best)


def _iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


def _intersection(windows: list[tuple[int, int]]) -> tuple[int, int] | None:
    low, high = max(w[0] for w in windows), min(w[1] for w in windows)
    return (low, high) if low <= high else None


def _aggregate_date(reports: list[Report], rules: Rules) -> tuple[str | None, int | None]:
    """The narrowest window consistent with every dated report: the intersection of their
    windows, or, when only the day slack reconciles them, of their windows with single days
    widened by the slack (pairwise compatible windows always share a day then)."""
    dated = [(r, w) for r in reports if (w := _stated_window(r, rules)) is not None]
    if not dated:
        return None, None
    windows = [w for _, w in dated]
    slack = rules.day_slack
    both = _intersection(windows) or _intersection(
        [(w[0] - slack, w[1] + slack) if w[0] == w[1] else w for w in windows])
    if both is None:  # not from compatible reports; say what they span
        both = (min(w[0] for w in windows), max(w[1] for w in windows))
    low, high = both
    if low == high:
        precisions = [r.time_precision for r, w in dated
                      if w == (low, low) and r.time_precision is not None]
        return _iso(low), min(precisions, default=None)
    return f"{_iso(low)}/{_iso(high)}", 2


def _best_place(reports: list[Report]) -> Report:
    """The report with the most precise place: lowest geo_precision, then the place most
    reports name, then a town over a region over a country, then the earliest report."""
    counts = Counter(r.gazetteer_id or r.location for r in reports)

    def rank(r: Report) -> tuple[int, int, int]:
        precision = r.geo_precision if r.geo_precision is not None else 3
        return (precision, -counts[r.gazetteer_id or r.location], _KIND_RANK[_space_of(r)])

    return min(reports, key=rank)


@lru_cache(maxsize=1)
def _actor_sides() -> dict[str, str]:
    """Canonical actor name -> side, from the actors lexicon (loaded only when needed)."""
    from dateline.extract.actors import ActorIndex

    return {a.canonical: a.side for a in ActorIndex.default() if a.side}


def _claimant_sides(reports: list[Report]) -> set[str]:
    sides = set()
    for r in reports:
        if r.claimed_by is None:
            continue
        side = r.actor_side if r.claimed_by == r.actor else _actor_sides().get(r.claimed_by)
        if side:
            sides.add(side)
    return sides


def incident_status(reports: list[Report]) -> str:
    """disputed when one report denies what another does not; confirmed when one report says
    confirmed, two independent outlets report it (a missing outlet counts as its own, per
    article) or claimants of two sides agree; else the strongest single status."""
    statuses = [r.status for r in reports]
    if "denied" in statuses and any(s != "denied" for s in statuses):
        return "disputed"
    if "confirmed" in statuses:
        return "confirmed"
    # outlets that could not verify it confirm nothing, however many they are
    outlets = {r.source or f"\0article:{r.article_id}" for r in reports
               if r.status != "unverified"}
    if len(outlets) >= 2 or len(_claimant_sides(reports)) >= 2:
        return "confirmed"
    return next((s for s in _STATUS_ORDER if s in statuses), "reported")


def make_incident(reports: Iterable[Report], rules: Rules | None = None) -> Incident:
    """One incident from its reports: the most precise place, the narrowest date, the
    majority actor, side, type and target, and the status the sources support together."""
    rules = rules or load_rules()
    ordered = sorted(reports, key=_report_order)
    if not ordered:
        raise ValueError("an incident needs at least one report")
    kind = _majority(f"{r.type}/{r.subtype}" for r in ordered if r.subtype)
    typed = next((r for r in ordered if f"{r.type}/{r.subtype}" == kind), ordered[0])
    place = _best_place(ordered)
    side = _majority(r.actor_side for r in ordered)
    actor = _majority(r.actor for r in ordered if side is None or r.actor_side == side)
    when, time_precision = _aggregate_date(ordered, rules)
    return Incident(
        id=incident_id(ordered[0]), type=typed.type, subtype=typed.subtype, reports=ordered,
        actor=actor, actor_side=side, target=_majority(r.target for r in ordered),
        location=place.location, gazetteer_id=place.gazetteer_id, place_kind=place.place_kind,
        country=place.country, admin1=place.admin1, lat=place.lat, lon=place.lon,
        geo_precision=place.geo_precision, date=when, time_precision=time_precision,
        status=incident_status(ordered),
    )


# --- the linker ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LinkUpdate:
    """What one :meth:`Linker.add` changed: incident ids created, changed (same id, other
    reports or fields) and gone (merged into another or left without reports)."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class Linker:
    """Incremental linking: add articles' reports as they come; incidents are updated by
    re-clustering only the components of the compatibility graph the new reports touch.
    Re-adding an article (same article id) replaces its earlier reports."""

    def __init__(self, incidents: Iterable[Incident] = (), rules: Rules | None = None) -> None:
        self._rules = rules or load_rules()
        self._reports: dict[int, Report] = {}
        self._feats: dict[int, _Feat] = {}
        self._ids: dict[tuple[str, int], int] = {}
        self._by_article: dict[str, list[int]] = defaultdict(list)
        self._index: dict[_Key, list[int]] = defaultdict(list)
        self._adj: dict[int, dict[int, float]] = {}
        self._incident_of: dict[int, str] = {}
        self._incidents: dict[str, Incident] = {}
        self._next = 0
        self._load(list(incidents))

    def _load(self, incidents: list[Incident]) -> None:
        """Take stored incidents as they are (their grouping is trusted, not recomputed)."""
        fresh = [self._insert(r) for inc in incidents for r in inc.reports]
        self._connect(fresh)
        for inc in incidents:
            self._incidents[inc.id] = inc
            for r in inc.reports:
                self._incident_of[self._ids[r.key]] = inc.id

    def incidents(self) -> list[Incident]:
        """Every incident, in a deterministic order (by first report)."""
        return sorted(self._incidents.values(), key=lambda i: _report_order(i.reports[0]))

    def __len__(self) -> int:
        return len(self._incidents)

    def __iter__(self) -> Iterator[Incident]:
        return iter(self.incidents())

    def add(self, reports: Iterable[Report], replace: Iterable[str] = ()) -> LinkUpdate:
        """Add reports (replacing earlier reports of the same articles, and of the articles
        in ``replace`` even when they bring none now) and update incidents."""
        batch = {r.key: r for r in reports}
        seeds: set[int] = set()
        touched: set[str] = set()
        for article in sorted({key[0] for key in batch} | set(replace)):
            self._drop_article(article, seeds, touched)
        for inc_id in touched:
            seeds.update(self._members(inc_id))
        fresh = [self._insert(batch[key]) for key in sorted(batch)]
        self._connect(fresh)
        seeds.update(fresh)
        seeds = {i for i in seeds if i in self._reports}
        component = self._closure(seeds)
        touched.update(self._incident_of[i] for i in component if i in self._incident_of)
        before = {iid: self._incidents.pop(iid) for iid in touched if iid in self._incidents}
        after: dict[str, Incident] = {}
        for group in _cluster(sorted(component), self._feats, self._adj):
            inc = make_incident((self._reports[i] for i in group), self._rules)
            after[inc.id] = inc
            for i in group:
                self._incident_of[i] = inc.id
        self._incidents.update(after)
        return LinkUpdate(
            new=sorted(set(after) - set(before)),
            changed=sorted(k for k in set(after) & set(before) if after[k] != before[k]),
            removed=sorted(set(before) - set(after)),
        )

    def remove_articles(self, articles: Iterable[str]) -> LinkUpdate:
        """Forget these articles' reports (an article now a duplicate, or analysed again with
        no events) and re-cluster what they were linked with."""
        return self.add((), replace=articles)

    # -- internals --------------------------------------------------------------------------
    def _insert(self, report: Report) -> int:
        if report.key in self._ids:
            raise ValueError(f"report {report.key} is already linked")
        i = self._next
        self._next += 1
        feat = _features(report, self._rules)
        self._reports[i], self._feats[i], self._ids[report.key] = report, feat, i
        self._by_article[report.article_id].append(i)
        for key in _block_keys(feat, self._rules)[0]:
            self._index[key].append(i)
        self._adj[i] = {}
        return i

    def _connect(self, fresh: list[int]) -> None:
        """Compare each fresh report with the reports its query keys reach; keep the
        compatible pairs as scored edges."""
        feats, adj, rules = self._feats, self._adj, self._rules
        for i in fresh:
            a = feats[i]
            seen: set[int] = set()
            for key in _block_keys(a, rules)[1]:
                seen.update(self._index.get(key, ()))
            seen.discard(i)
            for j in seen:
                if j in adj[i]:
                    continue
                b = feats[j]
                if _compatible(a, b, rules):
                    w = _score(a, b)
                    adj[i][j] = w
                    adj[j][i] = w

    def _drop_article(self, article: str, seeds: set[int], touched: set[str]) -> None:
        """Forget an article's reports; their neighbours and incidents must be re-clustered."""
        for i in self._by_article.pop(article, []):
            for key in _block_keys(self._feats[i], self._rules)[0]:
                bucket = self._index[key]
                bucket.remove(i)
                if not bucket:
                    del self._index[key]
            for j in self._adj.pop(i):
                del self._adj[j][i]
                seeds.add(j)
            if i in self._incident_of:
                touched.add(self._incident_of.pop(i))
            del self._ids[self._reports.pop(i).key]
            del self._feats[i]

    def _members(self, incident_id: str) -> list[int]:
        """The linked reports of an incident (a stored one may hold reports no edge joins)."""
        inc = self._incidents.get(incident_id)
        return [self._ids[r.key] for r in inc.reports if r.key in self._ids] if inc else []

    def _closure(self, seeds: set[int]) -> set[int]:
        """Every report connected to a seed through compatibility edges or through sharing an
        incident with one (which only matters for incidents loaded as given)."""
        done = set(seeds)
        stack = list(seeds)
        while stack:
            i = stack.pop()
            nexts = list(self._adj[i])
            if i in self._incident_of:
                nexts += self._members(self._incident_of[i])
            for j in nexts:
                if j not in done:
                    done.add(j)
                    stack.append(j)
        return done


def link(reports: Iterable[Report], rules: Rules | None = None) -> list[Incident]:
    """Link reports into incidents in one go (the same result as adding them to a
    :class:`Linker` in any number of batches)."""
    linker = Linker(rules=rules)
    linker.add(reports)
    return linker.incidents()
