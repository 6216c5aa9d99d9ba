"""Stories: articles about one developing situation ("the Kherson withdrawal, Nov 2022").

An article belongs to exactly one story. Articles are grouped by what they are *mainly* about,
not by every place they name: each article gets a place profile (its main places, weighted by
mentions and by the events located there, plus the admin-1 regions those places lie in), the
actor sides of its military events, its publication day and the day of its core events.
Two articles are similar when their main places overlap (cosine, weighted by inverse document
frequency so that places every article names count little), their belligerents overlap, they
are close in time, and, strongest, when the incident linker put their reports in one incident.
Articles are then merged by average linkage above a threshold. All tunables are in
``data/stories.json``.

Language independence comes from the records themselves: places are gazetteer ids, actors
canonical English names, dates ISO. Multilingual sentence embeddings of titles/leads would be a
natural extra similarity term (not used now: no model is shipped for it).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.extract.timex.calendar import date_window
from dateline.gazetteer.fold import fold
from dateline.model import Incident, Report, Story

__all__ = [
    "ArticleProfile",
    "article_profiles",
    "assign_stories",
    "date_window",
    "earliest_report",
    "group_stories",
    "story_id",
]

_DATA = Path(__file__).parent / "data" / "stories.json"


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The tunables of ``data/stories.json`` (read once)."""
    return dict(json.loads(_DATA.read_text("utf-8")))


# --- dates -------------------------------------------------------------------------------


def _day(text: str) -> date | None:
    """The first day of an ISO date (a publication day, month or year), else None."""
    window = date_window(text)
    return window[0] if window else None


def earliest_report(incident: Incident) -> Report | None:
    """The report published first (then by article id and event index): the one whose
    article an incident is attributed to."""
    if not incident.reports:
        return None
    return min(incident.reports, key=lambda r: (r.published or "9999", r.article_id, r.event_index))


# --- article profiles ----------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleProfile:
    """What one article is mainly about, in language-independent terms."""

    article_id: str
    published: date | None
    core_day: date | None  # median start of its non-background event dates
    places: dict[str, float]  # main place keys (and their admin-1 keys) -> weight
    names: dict[str, str]  # place key -> display name (the gazetteer's English name)
    kinds: dict[str, str]  # place key -> place kind
    sides: frozenset[str]  # actor sides of its military events
    incidents: frozenset[str] = frozenset()
    subtypes: dict[str, float] = field(default_factory=dict)  # share of its current events
    regions: frozenset[str] = field(default_factory=frozenset)  # admin-1 keys of main places
    countries: frozenset[str] = field(default_factory=frozenset)  # countries of main places


def _place_key(place: Mapping[str, Any]) -> str:
    """A language-independent key for a record place: an admin-1 region's own region key (so
    naming "Kharkiv Oblast" and naming Izyum, which lies in it, meet on one key), else its
    gazetteer id, else its folded name."""
    if place.get("kind") == "region" and place.get("admin1") == place.get("name"):
        region = _admin1_key(place)
        if region:
            return region
    return str(place.get("gazetteer_id") or "name:" + fold(str(place.get("name") or "")))


def _admin1_key(place: Mapping[str, Any]) -> str | None:
    """The key of the admin-1 region a place lies in ("admin1:UA:Kharkiv Oblast")."""
    admin1, country = place.get("admin1"), place.get("country")
    return f"admin1:{country}:{admin1}" if admin1 else None


def _is_background(window: tuple[date, date] | None, published: date | None) -> bool:
    """An event that ended long before the article was published (background, history)."""
    if window is None or published is None:
        return False
    return window[1] < published - timedelta(days=int(settings()["background_days"]))


def _record_place(record: Mapping[str, Any], name: str | None) -> Mapping[str, Any] | None:
    """The record place an event's location names (by resolved name, then by mention)."""
    if not name:
        return None
    places = record.get("places") or []
    for place in places:
        if place.get("name") == name:
            return dict(place)
    for place in places:
        if name in (place.get("mentions") or []):
            return dict(place)
    return None


def _raw_place_scores(record: Mapping[str, Any], published: date | None) -> dict[str, float]:
    """Each counted place's score in one article: log-scaled mentions plus a bonus for every
    current (not background) event located there."""
    cfg = settings()
    excluded = set(cfg["excluded_place_kinds"])
    scores: dict[str, float] = defaultdict(float)
    for place in record.get("places") or []:
        if place.get("kind") in excluded:
            continue
        mentions = max(1, len(place.get("mentions") or []))
        scores[_place_key(place)] += cfg["mention_weight"] * (1.0 + math.log(mentions))
    for event in record.get("events") or []:
        place = _record_place(record, event.get("location"))
        if place is None or place.get("kind") in excluded:
            continue
        if not _is_background(date_window(event.get("date")), published):
            scores[_place_key(place)] += cfg["event_place_weight"]
    return dict(scores)


def _core_day(record: Mapping[str, Any], published: date | None) -> date | None:
    """The median start day of the article's current, dated events (None if it has none)."""
    starts = sorted(
        w[0]
        for e in record.get("events") or []
        if (w := date_window(e.get("date"))) is not None and not _is_background(w, published)
    )
    return starts[len(starts) // 2] if starts else None


def _sides(record: Mapping[str, Any]) -> frozenset[str]:
    """The actor sides of an article's military events (its belligerents)."""
    military = set(settings()["military_types"])
    return frozenset(
        str(e["actor_side"])
        for e in record.get("events") or []
        if e.get("actor_side") and e.get("type") in military
    )


def _subtypes(record: Mapping[str, Any], published: date | None) -> dict[str, float]:
    """The subtypes (or lower-cased types) of an article's current events, each with its share
    of them: an article of five withdrawals and one meeting is 5/6 about withdrawal."""
    counts = Counter(
        str(e.get("subtype") or e.get("type") or "").lower()
        for e in record.get("events") or []
        if (e.get("subtype") or e.get("type"))
        and not _is_background(date_window(e.get("date")), published)
    )
    total = sum(counts.values())
    return {k: n / total for k, n in counts.items()}


def _profile(record: Mapping[str, Any], incident_ids: frozenset[str]) -> ArticleProfile:
    """One article's profile: its main places (with their admin-1 regions) and the rest."""
    cfg = settings()
    published = _day(str(record.get("published") or ""))
    scores = _raw_place_scores(record, published)
    best = max(scores.values(), default=0.0)
    by_key = {_place_key(p): p for p in record.get("places") or []}
    main: dict[str, float] = {}
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for key, score in scores.items():
        if score < cfg["main_place_share"] * best:
            continue
        place = by_key[key]
        main[key] = main.get(key, 0.0) + score
        names[key], kinds[key] = str(place.get("name")), str(place.get("kind"))
        region = _admin1_key(place)
        if region and region != key:
            main[region] = main.get(region, 0.0) + cfg["admin1_weight"] * score
            names.setdefault(region, str(place.get("admin1")))
            kinds.setdefault(region, "admin1")
    main_places = [by_key[k] for k in main if k in by_key]
    return ArticleProfile(
        article_id=str(record["id"]),
        published=published,
        core_day=_core_day(record, published),
        places=main,
        names=names,
        kinds=kinds,
        sides=_sides(record),
        incidents=incident_ids,
        subtypes=_subtypes(record, published),
        regions=frozenset(k for p in main_places if (k := _admin1_key(p))),
        countries=frozenset(str(p["country"]) for p in main_places if p.get("country")),
    )


def _article_incidents(incidents: Iterable[Incident]) -> dict[str, set[str]]:
    """Article id -> ids of the current (not background) incidents it reports."""
    out: dict[str, set[str]] = defaultdict(set)
    for incident in incidents:
        for report in incident.reports:
            published = _day(report.published or "")
            if not _is_background(date_window(report.date), published):
                out[report.article_id].add(incident.id)
    return out


def article_profiles(
    incidents: Sequence[Incident], records: Sequence[Mapping[str, Any]]
) -> dict[str, ArticleProfile]:
    """Article id -> profile, for every record (in record order)."""
    shared = _article_incidents(incidents)
    return {
        str(r["id"]): _profile(r, frozenset(shared.get(str(r["id"]), ()))) for r in records
    }


# --- similarity and clustering -------------------------------------------------------------


def _idf(profiles: Iterable[ArticleProfile]) -> dict[str, float]:
    """Inverse document frequency of each place key over the articles' main places."""
    listed = list(profiles)
    df = Counter(k for p in listed for k in p.places)
    n = len(listed)
    return {k: math.log(1.0 + n / d) for k, d in df.items()}


def _cosine(a: Mapping[str, float], b: Mapping[str, float], idf: Mapping[str, float]) -> float:
    """Cosine of two IDF-weighted place vectors (0 when either is empty)."""
    dot = sum(w * b[k] * idf.get(k, 1.0) ** 2 for k, w in a.items() if k in b)
    if not dot:
        return 0.0
    na = math.sqrt(sum((w * idf.get(k, 1.0)) ** 2 for k, w in a.items()))
    nb = math.sqrt(sum((w * idf.get(k, 1.0)) ** 2 for k, w in b.items()))
    return dot / (na * nb)


def _time_factor(a: ArticleProfile, b: ArticleProfile) -> float:
    """1 for articles published (or whose core events fall) close together, falling linearly to
    0 with the gap; an article without any date gets a neutral half."""
    cfg = settings()
    gaps = [abs((x - y).days) for x, y in ((a.published, b.published), (a.core_day, b.core_day))
            if x is not None and y is not None]
    if not gaps:
        return 0.5
    gap, full, zero = min(gaps), cfg["time_full_days"], cfg["time_zero_days"]
    if gap <= full:
        return 1.0
    return max(0.0, (zero - gap) / (zero - full))


def similarity(a: ArticleProfile, b: ArticleProfile, idf: Mapping[str, float]) -> float:
    """How likely two articles are about one story (see the module docstring)."""
    cfg = settings()
    sides = len(a.sides & b.sides) / len(a.sides | b.sides) if a.sides | b.sides else 0.0
    score = cfg["place_weight"] * _cosine(a.places, b.places, idf) + cfg["actor_weight"] * sides
    if a.incidents & b.incidents:
        score += cfg["shared_incident_bonus"]
    return score * _time_factor(a, b)


def _pair_scores(profiles: Sequence[ArticleProfile]) -> dict[tuple[int, int], float]:
    """Similarity of the pairs of articles that may score above 0: they share a place key or
    an incident, and (the time factor being 0 beyond ``time_zero_days``) their publication
    days, or their core event days, fall in the same or adjacent buckets of that length.
    Articles without a publication day meet every article of their keys."""
    idf = _idf(profiles)
    span = int(settings()["time_zero_days"])
    timed: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    members: dict[str, list[int]] = defaultdict(list)
    undated: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for key in [*p.places, *("incident:" + x for x in p.incidents)]:
            members[key].append(i)
            if p.published is None:
                undated[key].append(i)
            for kind, day in (("published", p.published), ("core", p.core_day)):
                if day is not None:
                    timed[(key, kind, day.toordinal() // span)].append(i)
    pairs: set[tuple[int, int]] = set()
    for (key, kind, bucket), ids in timed.items():
        for later in (bucket, bucket + 1):
            for j in timed.get((key, kind, later), ()):
                pairs.update((min(i, j), max(i, j)) for i in ids if i != j)
    for key, ids in undated.items():
        for j in members[key]:
            pairs.update((min(i, j), max(i, j)) for i in ids if i != j)
    return {(i, j): s for i, j in sorted(pairs)
            if (s := similarity(profiles[i], profiles[j], idf)) > 0}


def _average_linkage(n: int, scores: Mapping[tuple[int, int], float]) -> list[list[int]]:
    """Groups of 0..n-1 merged by average linkage while the best pair averages >= threshold.
    A group is named by its smallest member; ties break on the smallest names, so the result
    does not depend on dict order. A heap with stale entries skipped keeps each merge to the
    merged group's neighbours."""
    threshold = settings()["threshold"]
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, float]] = defaultdict(dict)  # group -> neighbour -> sum
    for (a, b), total in scores.items():
        links[a][b] = links[a].get(b, 0.0) + total
        links[b][a] = links[b].get(a, 0.0) + total
    version = dict.fromkeys(range(n), 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        x, y = min(a, b), max(a, b)
        average = links[x][y] / (len(groups[x]) * len(groups[y]))
        heapq.heappush(heap, (-average, x, y, version[x], version[y]))

    for (a, b) in scores:
        push(a, b)
    while heap:
        negative, a, b, va, vb = heapq.heappop(heap)
        if a not in groups or b not in groups or version[a] != va or version[b] != vb:
            continue  # a group merged since this entry was pushed
        if -negative < threshold:
            break
        groups[a].extend(groups.pop(b))
        for c, total in links.pop(b).items():
            del links[c][b]
            if c != a:
                links[a][c] = links[a].get(c, 0.0) + total
                links[c][a] = links[a][c]
        version[a] += 1
        for c in links[a]:
            push(a, c)
    return [sorted(g) for g in groups.values()]


# --- stories ---------------------------------------------------------------------------------


def story_id(first_article_id: str) -> str:
    """A story's stable id: from its earliest article's id."""
    return "story_" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:10]


def _pub_key(profile: ArticleProfile) -> tuple[str, str]:
    """Sort key of an article: publication day (undated last), then id."""
    return (profile.published.isoformat() if profile.published else "9999", profile.article_id)


def _is_current(incident: Incident) -> bool:
    """False for an incident its earliest report tells as background (long before)."""
    first = earliest_report(incident)
    published = _day(first.published or "") if first else None
    return not _is_background(date_window(incident.date), published)


def _title_place(members: Sequence[ArticleProfile]) -> str | None:
    """The story's dominant place: the settlement or region (not the admin-1 roll-up) with the
    most weight over its articles."""
    weights: Counter[str] = Counter()
    names: dict[str, str] = {}
    for p in members:
        for key, w in p.places.items():
            if p.kinds.get(key) != "admin1":
                weights[key] += w
                names[key] = p.names[key]
    if not weights:
        return None
    return names[min(weights, key=lambda k: (-weights[k], names[k]))]


def _title_subtype(members: Sequence[ArticleProfile]) -> str | None:
    """The dominant event subtype (or type): the largest summed share of the story's articles'
    events, weighted by salience (``title_weights``), generic ones ("statement") only when
    nothing else is there."""
    generic = set(settings()["title_generic_subtypes"])
    weights = settings()["title_weights"]
    counts: Counter[str] = Counter()
    for p in members:
        counts.update({k: share * weights.get(k, 1.0) for k, share in p.subtypes.items()})
    specific = {k: v for k, v in counts.items() if k not in generic}
    pool = specific or counts
    return min(pool, key=lambda k: (-pool[k], k)) if pool else None


def _title(members: Sequence[ArticleProfile]) -> str:
    """"withdrawal — Kherson, 2022-11": dominant subtype, dominant place, median month."""
    days = sorted(p.published for p in members if p.published)
    month = days[(len(days) - 1) // 2].isoformat()[:7] if days else "undated"
    subtype = _title_subtype(members) or "news"
    return f"{subtype} — {_title_place(members) or 'unknown place'}, {month}"


def _top_actors(incidents: Sequence[Incident]) -> list[str]:
    """The canonical actors (those with a side) most often reported in the story's incidents."""
    counts = Counter(
        r.actor for i in incidents for r in i.reports if r.actor and r.actor_side
    )
    return [a for a, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))][
        : settings()["max_listed"]
    ]


def _top_places(members: Sequence[ArticleProfile]) -> list[str]:
    """The story's main place names, those most of its articles are about first (then by
    weight): a capital one article dwells on ranks below the place every article names."""
    weights: Counter[str] = Counter()
    support: Counter[str] = Counter()
    for p in members:
        for name in {p.names[k] for k in p.places}:
            support[name] += 1
        for key, w in p.places.items():
            weights[p.names[key]] += w
    ranked = sorted(weights, key=lambda n: (-support[n], -weights[n], n))
    return ranked[: settings()["max_listed"]]


def _span(members: Sequence[ArticleProfile], incidents: Sequence[Incident]) -> tuple[str, str]:
    """First and last day of a story: its publications and the windows of its current
    incidents that are precise (at most span_window_days long: "since June" does not open the
    story in June) and not after the last publication (a date error or a plan)."""
    days = [p.published for p in members if p.published]
    limit = max(days, default=None)
    for incident in incidents:
        window = date_window(incident.date)
        if window is None or not _is_current(incident) or (limit and window[0] > limit):
            continue
        if (window[1] - window[0]).days < settings()["span_window_days"]:
            days.extend(w for w in window if limit is None or w <= limit)
    if not days:
        return ("", "")
    return (min(days).isoformat(), max(days).isoformat())


def _incident_article(incidents: Iterable[Incident]) -> dict[str, str]:
    """Incident id -> the article of its earliest report."""
    return {i.id: r.article_id for i in incidents if (r := earliest_report(i)) is not None}


def _build_story(members: Sequence[ArticleProfile], incidents: Sequence[Incident]) -> Story:
    """A Story from its articles (sorted by publication) and the incidents attributed to it."""
    members = sorted(members, key=_pub_key)
    current = [i for i in incidents if _is_current(i)]
    first, last = _span(members, incidents)
    return Story(
        id=story_id(members[0].article_id),
        title=_title(members),
        incident_ids=sorted(i.id for i in incidents),
        article_ids=[p.article_id for p in members],
        places=_top_places(members),
        actors=_top_actors(current),
        first=first or None,
        last=last or None,
    )


def group_stories(
    incidents: Sequence[Incident], records: Sequence[Mapping[str, Any]]
) -> list[Story]:
    """Group the articles of ``records`` into stories (each article in exactly one) using
    their main places, belligerents, time and shared ``incidents``; sorted by first day then id.
    A story lists the incidents whose earliest report comes from one of its articles."""
    profiles = list(article_profiles(incidents, records).values())
    profiles.sort(key=_pub_key)
    groups = _average_linkage(len(profiles), _pair_scores(profiles))
    home = _incident_article(incidents)
    by_article: dict[str, list[Incident]] = defaultdict(list)
    for incident in incidents:
        if incident.id in home:
            by_article[home[incident.id]].append(incident)
    stories = []
    for group in groups:
        members = [profiles[i] for i in group]
        attributed = [x for p in members for x in by_article.get(p.article_id, [])]
        stories.append(_build_story(members, attributed))
    return sorted(stories, key=lambda s: (s.first or "9999", s.id))


def assign_stories(incidents: Sequence[Incident], stories: Sequence[Story]) -> None:
    """Set each incident's ``story_id``: the story of its earliest report's article (None when
    that article is in no story)."""
    story_of = {a: s.id for s in stories for a in s.article_ids}
    for incident in incidents:
        first = earliest_report(incident)
        incident.story_id = story_of.get(first.article_id) if first else None
