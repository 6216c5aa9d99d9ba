"""Contradictions: sources disagreeing on one thing.

Three kinds, each listing every claim with its article, outlet, claimant, words and sentence:

* **quantity**: figures on one topic ("territory retaken") from articles sharing a context (a
  story, or overlapping main regions and close publication days) whose value intervals lie
  further apart than a relative tolerance, compared in SI units. A length stated about
  territory ("2 000 kilomètres de territoire") is read as an area, with a note.
* **status**: one incident that one report denies while another reports, claims or confirms.
* **date**: one incident whose reports state dates further apart than their precision allows.

A disagreement needs two different articles or two different claimants: one source giving two
figures in one breath is usually giving two different things. Tunables and topic groups are in
``data/contradictions.json``.

Evidence sentences: records do not carry the article text, so a claim's sentence is, in order,
the text slice of the record's ``sentences`` span when a record does carry ``text``; else the
evidence of an event or quote extracted from the same sentence (events and quotes keep their
full sentence); else the quote whose span covers the figure; else the figure's own words.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.extract.timex.calendar import date_window
from dateline.link.stories import ArticleProfile, article_profiles
from dateline.model import Claim, Contradiction, Incident, Provenance, Report, Story

__all__ = ["find_contradictions"]

_DATA = Path(__file__).parent / "data" / "contradictions.json"
_NO_PROVENANCE = Provenance(0, 0, None, "")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The tunables of ``data/contradictions.json`` (read once)."""
    return dict(json.loads(_DATA.read_text("utf-8")))


def _contradiction_id(kind: str, about: str, claims: Iterable[Claim]) -> str:
    """A stable id from what is disputed and who disputes it (not from input order)."""
    keys = sorted(f"{c.article_id}:{c.provenance.start}:{c.value}" for c in claims)
    digest = hashlib.sha1("|".join([kind, about, *keys]).encode("utf-8")).hexdigest()
    return "con_" + digest[:10]


def _claim_order(claim: Claim) -> tuple[str, int, str]:
    """Claims in a stable order: by article, position, value."""
    return (claim.article_id, claim.provenance.start, str(claim.value))


def _independent(a: Claim, b: Claim) -> bool:
    """Two claims from different articles, or from different claimants of one article."""
    return a.article_id != b.article_id or (a.claimed_by or "") != (b.claimed_by or "")


# --- evidence sentences ----------------------------------------------------------------------


def _sentence_text(record: Mapping[str, Any], index: int | None, start: int, end: int) -> str:
    """The best available sentence for a span of a record (see the module docstring)."""
    sentences = record.get("sentences") or []
    text = record.get("text")
    if isinstance(text, str) and index is not None and 0 <= index < len(sentences):
        first, last = sentences[index]
        return text[first:last].strip()
    if index is not None:
        for item in [*(record.get("events") or []), *(record.get("quotes") or [])]:
            prov = item.get("provenance") or {}
            if prov.get("sentence") == index and item.get("evidence"):
                return str(item["evidence"])
    for quote in record.get("quotes") or []:
        prov = quote.get("provenance") or {}
        if prov.get("start", 1) <= start and end <= prov.get("end", -1) and quote.get("evidence"):
            return str(quote["evidence"])
    return ""


# --- quantities --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    """One quantity of one article, as compared: its topic, SI interval and claim."""

    topic: str
    unit: str
    low: float
    high: float
    claim: Claim
    published: date | None
    note: str | None


def _topic_of(about: str | None, si_unit: str | None) -> tuple[dict[str, Any] | None, str | None]:
    """The topic entry (if any) and topic name of a quantity's ``about`` (or, for a figure
    with no ``about``, of its unit); None when it is not compared at all."""
    cfg = settings()
    key = " ".join((about or "").casefold().split())
    if key in {x.casefold() for x in cfg["ignore_about"]}:
        return None, None
    for topic in cfg["topics"]:
        if key and key in {x.casefold() for x in topic["about"]}:
            return topic, str(topic["topic"])
        if not key and si_unit in topic.get("default_for_si_units", []):
            return topic, str(topic["topic"])
    return None, (key or None)


def _interval(q: Mapping[str, Any], factor: float) -> tuple[float, float]:
    """The values a figure allows, in SI units: a point, a range, or a half-line for
    'more than' / 'less than'."""
    value = float(q["value"]) * factor
    approx = q.get("approximation")
    if q.get("low") is not None and q.get("high") is not None:
        return (float(q["low"]) * factor, float(q["high"]) * factor)
    if approx in ("more_than", "at_least"):
        return (value, math.inf)
    if approx in ("less_than", "at_most"):
        return (0.0, value)
    return (value, value)


def _figure(record: Mapping[str, Any], q: Mapping[str, Any]) -> _Figure | None:
    """A record quantity as a comparable figure, or None (no value, or no topic)."""
    if q.get("value") is None or q.get("si_value") is None or not q.get("value"):
        return None
    entry, topic = _topic_of(q.get("about"), q.get("si_unit"))
    if topic is None:
        return None
    factor = float(q["si_value"]) / float(q["value"])
    unit, note = str(q.get("si_unit") or q.get("unit") or ""), None
    loose = (entry or {}).get("loose_units", {})
    if unit in loose and q.get("about"):  # a length said of territory: an area, loosely
        factor, unit = factor * factor, str(loose[unit])
        note = f"a length read as an area: {q['text']!r} compared as {unit}"
    low, high = _interval(q, factor)
    prov = q.get("provenance") or {}
    provenance = Provenance(
        int(prov.get("start", 0)), int(prov.get("end", 0)), prov.get("sentence"),
        str(prov.get("method", "")),
    )
    claim = Claim(
        article_id=str(record["id"]),
        source=record.get("source"),
        claimed_by=q.get("claimed_by"),
        text=str(q.get("text") or ""),
        value=round(float(q["value"]) * factor, 4),
        unit=unit,
        evidence=_sentence_text(record, provenance.sentence, provenance.start, provenance.end)
        or str(q.get("text") or ""),
        provenance=provenance,
    )
    window = date_window(record.get("published"))
    return _Figure(topic, unit, low, high, claim, window[0] if window else None, note)


def _apart(a: _Figure, b: _Figure) -> bool:
    """True when two figures' intervals are further apart than the relative tolerance."""
    tolerance = settings()["relative_tolerance"]
    if a.low > b.high:
        return a.low - b.high > tolerance * a.low
    if b.low > a.high:
        return b.low - a.high > tolerance * b.low
    return False


def _same_context(
    a: _Figure, b: _Figure, profiles: Mapping[str, ArticleProfile], story_of: Mapping[str, str]
) -> bool:
    """Whether two figures speak of one situation: one story when stories are given, else
    overlapping main regions (or countries) and publication days within the window."""
    ida, idb = a.claim.article_id, b.claim.article_id
    if ida == idb:
        return True
    if story_of:
        return ida in story_of and story_of.get(ida) == story_of.get(idb)
    days_apart = abs((a.published - b.published).days) if a.published and b.published else 0
    if days_apart > settings()["window_days"]:
        return False
    pa, pb = profiles.get(ida), profiles.get(idb)
    if pa is None or pb is None:
        return False
    if pa.regions and pb.regions:
        return bool(pa.regions & pb.regions)
    return bool(pa.countries & pb.countries)


def _components(figures: Sequence[_Figure], linked: Any) -> list[list[_Figure]]:
    """Connected components of figures under the ``linked(a, b)`` relation (union-find)."""
    parent = list(range(len(figures)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(figures)):
        for j in range(i + 1, len(figures)):
            if linked(figures[i], figures[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[_Figure]] = defaultdict(list)
    for i, fig in enumerate(figures):
        groups[root(i)].append(fig)
    return list(groups.values())


def _value_summary(figures: Sequence[_Figure]) -> str:
    """"values: 1000 km2 (001 haut commandement), 2000 km2 (...)" for the contradiction note."""
    parts = []
    for f in sorted(figures, key=lambda f: (f.low, _claim_order(f.claim))):
        shown = f"{f.low:g}" if f.low == f.high else (
            f">={f.low:g}" if math.isinf(f.high) else f"{f.low:g}-{f.high:g}")
        parts.append(f"{shown} {f.unit} ({f.claim.claimed_by or f.claim.source or '?'})")
    return "values: " + "; ".join(parts)


def _quantity_contradiction(group: Sequence[_Figure], story_id: str | None) -> Contradiction | None:
    """One contradiction for a context group of one topic, if two independent figures in it
    disagree; every figure of the group is listed (agreeing ones too)."""
    disagree = any(
        _apart(a, b) and _independent(a.claim, b.claim)
        for i, a in enumerate(group) for b in group[i + 1:]
    )
    if not disagree:
        return None
    claims = sorted((f.claim for f in group), key=_claim_order)
    notes = sorted({f.note for f in group if f.note})
    note = "; ".join([*notes, _value_summary(group)])
    topic = group[0].topic
    return Contradiction(
        id=_contradiction_id("quantity", topic, claims), kind="quantity", about=topic,
        claims=claims, story_id=story_id, note=note,
    )


def _quantity_contradictions(
    records: Sequence[Mapping[str, Any]], profiles: Mapping[str, ArticleProfile],
    story_of: Mapping[str, str],
) -> list[Contradiction]:
    """Quantity contradictions over all records (see the module docstring)."""
    by_topic: dict[tuple[str, str], list[_Figure]] = defaultdict(list)
    for record in sorted(records, key=lambda r: str(r["id"])):
        for q in record.get("quantities") or []:
            fig = _figure(record, q)
            if fig is not None:
                by_topic[(fig.topic, fig.unit)].append(fig)
    out = []
    for figures in by_topic.values():
        figures.sort(key=lambda f: _claim_order(f.claim))
        for group in _components(figures, lambda a, b: _same_context(a, b, profiles, story_of)):
            first = min(group, key=lambda f: (str(f.published), f.claim.article_id)).claim
            found = _quantity_contradiction(group, story_of.get(first.article_id))
            if found:
                out.append(found)
    return out


# --- status and date -------------------------------------------------------------------------


def _report_claim(report: Report, text: str, value: str | None) -> Claim:
    """A report of an incident as one side's claim."""
    return Claim(
        article_id=report.article_id, source=report.source, claimed_by=report.claimed_by,
        text=text, value=value, unit=None, evidence=report.evidence, provenance=report.provenance,
    )


def _incident_label(incident: Incident) -> str:
    """"withdrawal at Kherson (2022-11-11)": how an incident is named in ``about``."""
    where = f" at {incident.location}" if incident.location else ""
    when = f" ({incident.date})" if incident.date else ""
    return f"{incident.subtype or incident.type.lower()}{where}{when}"


def _sources(claims: Iterable[Claim]) -> str:
    """The outlets/claimants behind some claims, for a note."""
    names = sorted({f"{c.claimed_by or '?'} in {c.source or c.article_id}" for c in claims})
    return ", ".join(names)


def _status_contradiction(incident: Incident) -> Contradiction | None:
    """An incident one report denies while another affirms (from another source)."""
    cfg = settings()
    deny = [_report_claim(r, r.status, r.status) for r in incident.reports
            if r.status in cfg["denying_statuses"]]
    affirm = [_report_claim(r, r.status, r.status) for r in incident.reports
              if r.status in cfg["affirming_statuses"]]
    if not any(_independent(d, a) for d in deny for a in affirm):
        return None
    claims = sorted(deny + affirm, key=_claim_order)
    about = "status of " + _incident_label(incident)
    return Contradiction(
        id=_contradiction_id("status", incident.id, claims), kind="status", about=about,
        claims=claims, incident_id=incident.id, story_id=incident.story_id,
        note=f"denied: {_sources(deny)}; affirmed: {_sources(affirm)}",
    )


def _date_text(records: Mapping[str, Mapping[str, Any]], report: Report) -> str:
    """The words that gave a report's date ("vendredi"), from its record, else the date."""
    events = (records.get(report.article_id) or {}).get("events") or []
    if 0 <= report.event_index < len(events):
        text = events[report.event_index].get("date_text")
        if text:
            return str(text)
    return report.date or ""


def _date_contradiction(
    incident: Incident, records: Mapping[str, Mapping[str, Any]]
) -> Contradiction | None:
    """An incident two independent reports date further apart than the tolerance allows
    (only stated dates count: a date assumed from publication claims nothing)."""
    cfg = settings()
    dated = [
        (r, w) for r in incident.reports
        if r.time_precision != cfg["assumed_time_precision"] and (w := date_window(r.date))
    ]
    tolerance = cfg["date_tolerance_days"]
    claims = {r.key: _report_claim(r, _date_text(records, r), r.date) for r, _ in dated}
    clash = any(
        max((wb[0] - wa[1]).days, (wa[0] - wb[1]).days) > tolerance
        and _independent(claims[ra.key], claims[rb.key])
        for i, (ra, wa) in enumerate(dated) for rb, wb in dated[i + 1:]
    )
    if not clash:
        return None
    listed = sorted(claims.values(), key=_claim_order)
    return Contradiction(
        id=_contradiction_id("date", incident.id, listed), kind="date",
        about="date of " + _incident_label(incident), claims=listed,
        incident_id=incident.id, story_id=incident.story_id,
        note="dates: " + "; ".join(f"{c.value} ({c.claimed_by or c.source or '?'})"
                                   for c in listed),
    )


# --- entry point ---------------------------------------------------------------------------


def find_contradictions(
    incidents: Sequence[Incident],
    records: Sequence[Mapping[str, Any]],
    stories: Sequence[Story] | None = None,
) -> list[Contradiction]:
    """Every quantity, status and date contradiction among ``incidents`` and ``records``,
    sorted by kind then id. With ``stories``, figures are compared within one story only;
    without, within overlapping regions and a publication window."""
    story_of = {a: s.id for s in stories or () for a in s.article_ids}
    profiles = article_profiles(incidents, records)
    by_id = {str(r["id"]): r for r in records}
    found: dict[str, Contradiction] = {}
    for c in _quantity_contradictions(records, profiles, story_of):
        found[c.id] = c
    for incident in sorted(incidents, key=lambda i: i.id):
        for c in (_status_contradiction(incident), _date_contradiction(incident, by_id)):
            if c is not None:
                found[c.id] = c
    return sorted(found.values(), key=lambda c: (c.kind, c.id))
