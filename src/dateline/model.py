"""The data model of dateline, in one place.

An :class:`Article` is what ingest produces; :class:`Analysis` is what the per-article
analysis produces from it.  The record types (:class:`Place`, :class:`Time`,
:class:`Quote`, :class:`Quantity`, :class:`Event`) follow ``OUTPUT.md``; each keeps its
provenance: the sentence it came from, character offsets into the article text exactly as
read, and the rule or model that produced it.  :func:`to_record` is the one serializer
that turns an analysis into the OUTPUT.md record.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

RECORD_VERSION = "1"

PLACE_KINDS = ("city", "village", "region", "country", "river", "other")
EVENT_STATUSES = ("reported", "claimed", "confirmed", "denied", "unverified")
TIME_TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class Provenance:
    """Where a field came from: sentence index, offsets into the text, the producing rule."""

    start: int
    end: int
    sentence: int | None
    method: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A named-entity span as the NLP pipeline labelled it."""

    text: str
    label: str
    start: int
    end: int
    sentence: int | None


@dataclass(frozen=True)
class HomeRegion:
    """An admin-1 region an outlet writes about as home, learned from its other articles
    (a local paper's "local lexicon"): ``share`` of the places those articles resolve."""

    country: str
    admin1: str
    share: float


@dataclass
class Article:
    """One news article as ingested: the text exactly as read plus its metadata.

    ``outlet_home`` is what the store knows of the outlet before this article (see
    :mod:`dateline.outlets`); the analysis is a pure function of the article with it."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    language: str | None = None  # declared (sidecar, feed, JSONL); wins over detection
    origin: str | None = None  # file path, URL, "stdin", "file.jsonl:3" ...
    metadata: dict[str, Any] = field(default_factory=dict)
    outlet_home: tuple[HomeRegion, ...] = ()

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass
class Mention:
    text: str
    provenance: Provenance


@dataclass
class Place:
    name: str
    kind: str
    mentions: list[Mention]
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    gazetteer_id: str | None = None
    method: str = ""
    population: int | None = None  # the gazetteer's, for a resolved place that has one


@dataclass
class Time:
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # ISO-TimeML value; None when it cannot be resolved (see reason)
    provenance: Provenance
    precision: str | None = None  # day | month | year | part-of-month | week | ...
    range: str | None = None  # "start/end" ISO dates for ranges ("depuis début septembre")
    reason: str | None = None  # why value is None


@dataclass
class Quote:
    speaker: str | None  # canonical name
    speaker_text: str | None  # the words naming the speaker in the text
    channel: str | None
    text: str
    evidence: str
    provenance: Provenance  # the quoted words' span
    speaker_provenance: Provenance | None = None  # where the speaker is named (or referred to)
    cue: str | None = None  # the reporting verb or phrase ("a écrit", "according to")


@dataclass
class Quantity:
    text: str
    value: float | None
    unit: str | None
    si_value: float | None
    si_unit: str | None
    about: str | None
    claimed_by: str | None
    provenance: Provenance
    approximation: str | None = None  # about | more_than | less_than | at_least | at_most | range
    low: float | None = None  # for ranges
    high: float | None = None
    reason: str | None = None  # why value is None


@dataclass
class EventMention:
    """Another sentence of the same article that reports the same happening (an event
    repeated in the body: the fact's other evidence)."""

    evidence: str
    trigger: str
    provenance: Provenance


@dataclass
class Event:
    type: str
    subtype: str | None
    actor: str | None
    target: str | None
    location: str | None
    lat: float | None
    lon: float | None
    date: str | None
    date_text: str | None
    claimed_by: str | None
    status: str
    evidence: str
    provenance: Provenance
    mode: str | None = None  # PLOVER mode, where the lexicon gives one
    actor_side: str | None = None  # the actor's side code from the actors file (UA, RU ...)
    trigger: str | None = None  # the words that signal the event
    geo_precision: int | None = None  # 1 town named in the clause, 2 nearby/region, 3 article
    time_precision: int | None = None  # 1 day stated, 2 range, 3 publication date assumed
    cameo: str | None = None  # CAMEO code of the type/subtype (lexicons/events/types.json)
    acled_event_type: str | None = None  # ACLED event type, where ACLED would code it
    acled_sub_event_type: str | None = None
    mentions: list[EventMention] = field(default_factory=list)  # its other sentences


@dataclass(frozen=True)
class ExtractorRun:
    """Which extractor ran on an article, in which version, by which method."""

    name: str
    version: str
    method: str


@dataclass
class Analysis:
    """Everything the per-article analysis found in one article."""

    article: Article
    language: str
    language_source: str  # "declared" | "detected" | "default"
    language_score: float | None
    pipeline: str  # the spaCy pipeline used, e.g. "fr_core_news_md" or "blank:uk"
    components: list[str]
    sentences: list[Sentence]
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    extractors: list[ExtractorRun] = field(default_factory=list)
    dateline_version: str = ""


_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """The form two texts are compared in for exact duplicates: NFKC, case-folded, one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


# Characters str.splitlines() and some JSON Lines readers take for line ends; json.dumps
# with ensure_ascii=False leaves them raw, which would split one record over two lines.
_LINE_BREAKERS = {ord(c): f"\\u{ord(c):04x}" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def jsonl_line(record: dict[str, Any]) -> str:
    """One record as one JSON Lines line (readable UTF-8, no character any reader splits on)."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKERS) + "\n"


def _provenance(p: Provenance) -> dict[str, Any]:
    return {"start": p.start, "end": p.end, "sentence": p.sentence, "method": p.method}


def _place_record(place: Place) -> dict[str, Any]:
    return {
        "name": place.name,
        "mentions": [m.text for m in place.mentions],
        "kind": place.kind,
        "lat": place.lat,
        "lon": place.lon,
        "country": place.country,
        "admin1": place.admin1,
        "gazetteer_id": place.gazetteer_id,
        "population": place.population,
        "method": place.method,
        "spans": [_provenance(m.provenance) for m in place.mentions],
    }


def _with_provenance(obj: Any) -> dict[str, Any]:
    data = asdict(obj)
    data["provenance"] = _provenance(obj.provenance)
    return data


def to_record(analysis: Analysis) -> dict[str, Any]:
    """The OUTPUT.md record of an analysis: the one serializer every output goes through."""
    art = analysis.article
    return {
        "id": art.id,
        "language": analysis.language,
        "published": art.published,
        "source": art.source,
        "url": art.url,
        "title": art.title,
        "places": [_place_record(p) for p in analysis.places],
        "events": [_with_provenance(e) for e in analysis.events],
        "quotes": [_with_provenance(q) for q in analysis.quotes],
        "quantities": [_with_provenance(q) for q in analysis.quantities],
        "times": [
            {
                "text": t.text,
                "start": t.provenance.start,
                "end": t.provenance.end,
                "type": t.type,
                "value": t.value,
                "sentence": t.provenance.sentence,
                "method": t.provenance.method,
                "precision": t.precision,
                "range": t.range,
                "reason": t.reason,
            }
            for t in analysis.times
        ],
        "record_version": RECORD_VERSION,
        "dateline_version": analysis.dateline_version,
        "origin": art.origin,
        "warnings": list(art.metadata.get("warnings", [])),
        "outlet_home": [asdict(h) for h in art.outlet_home],
        "content_hash": art.content_hash,
        "language_source": analysis.language_source,
        "language_score": analysis.language_score,
        "nlp": {"pipeline": analysis.pipeline, "components": list(analysis.components)},
        "extractors": [asdict(x) for x in analysis.extractors],
        "sentences": [[s.start, s.end] for s in analysis.sentences],
        "entities": [asdict(e) for e in analysis.entities],
    }


# --- the cross-article layer (link/): incidents, stories, contradictions, control ----------
INCIDENT_STATUSES = ("confirmed", "disputed", "reported", "claimed", "unverified", "denied")


@dataclass(frozen=True)
class ReportMention:
    """Another sentence of the report's article that tells the same happening."""

    article_id: str
    evidence: str
    provenance: Provenance


@dataclass(frozen=True)
class Report:
    """One article's report of a happening: an event of a stored record, flattened with what
    linking needs from its article (outlet, language, publication) and from the article's
    place list (gazetteer id, kind, country, admin-1 of the event's location)."""

    article_id: str
    event_index: int  # position in the article record's "events"
    source: str | None  # outlet
    language: str
    published: str | None
    url: str | None
    type: str
    subtype: str | None
    mode: str | None
    actor: str | None
    actor_side: str | None
    target: str | None
    location: str | None
    gazetteer_id: str | None
    place_kind: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    date: str | None  # ISO day or "first/last" range, as in the event
    time_precision: int | None
    claimed_by: str | None
    status: str
    trigger: str | None
    evidence: str
    provenance: Provenance
    cameo: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    mentions: tuple[ReportMention, ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.event_index)


@dataclass
class Incident:
    """One happening, however many articles report it, in whatever language."""

    id: str  # stable: derived from its earliest report's key
    type: str
    subtype: str | None
    reports: list[Report]
    actor: str | None = None
    actor_side: str | None = None
    target: str | None = None
    location: str | None = None
    gazetteer_id: str | None = None
    place_kind: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    date: str | None = None  # the narrowest window all reports allow: a day or "first/last"
    time_precision: int | None = None
    status: str = "reported"  # one of INCIDENT_STATUSES
    story_id: str | None = None


@dataclass
class Story:
    """Articles and incidents about one developing situation (the Kherson withdrawal)."""

    id: str
    title: str
    incident_ids: list[str]
    article_ids: list[str]
    places: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    first: str | None = None  # earliest incident date or publication
    last: str | None = None


@dataclass(frozen=True)
class Claim:
    """One source's side of a contradiction: what it says, and where."""

    article_id: str
    source: str | None
    claimed_by: str | None
    text: str  # the words as written ("2 000 kilomètres carrés", "confirmed")
    value: float | str | None  # an SI value, a status or a date
    unit: str | None
    evidence: str
    provenance: Provenance


@dataclass
class Contradiction:
    """Sources disagreeing on one thing: a quantity beyond tolerance, a status, a date."""

    id: str
    kind: str  # "quantity" | "status" | "date"
    about: str  # what they disagree on ("territory retaken", "status of <incident>")
    claims: list[Claim]
    incident_id: str | None = None
    story_id: str | None = None
    note: str | None = None  # e.g. "a length read as an area"


@dataclass
class ControlChange:
    """A settlement changing hands (or being reported to), from territory events."""

    place: str
    gazetteer_id: str | None
    lat: float | None
    lon: float | None
    date: str | None
    from_side: str | None
    to_side: str | None
    subtype: str  # withdrawal | territory_regained | territory_lost | capture | ...
    incident_id: str
    status: str
    reports: list[Report] = field(default_factory=list)
    level: str = "settlement"  # "settlement" | "region" (a region-level territory event)


def incident_record(incident: Incident) -> dict[str, Any]:
    """An incident as one JSON object (``dateline export incidents``): its fields, a summary
    of its sources (outlets, languages, first/last report) and every report with its
    article id and evidence sentence."""
    data = asdict(incident)
    published = sorted(r.published for r in incident.reports if r.published)
    data["first_reported"] = published[0] if published else None
    data["last_reported"] = published[-1] if published else None
    data["outlets"] = sorted({r.source for r in incident.reports if r.source})
    data["languages"] = sorted({r.language for r in incident.reports})
    data["articles"] = len({r.article_id for r in incident.reports})
    return data


def report_from_record(data: dict[str, Any]) -> Report:
    mentions = tuple(
        ReportMention(m["article_id"], m["evidence"], Provenance(**m["provenance"]))
        for m in data.get("mentions", ())
    )
    return Report(**{**data, "provenance": Provenance(**data["provenance"]),
                     "mentions": mentions})


def incident_from_record(data: dict[str, Any]) -> Incident:
    """The inverse of :func:`incident_record` (summary fields are recomputed, not read)."""
    fields = {k: v for k, v in data.items() if k in Incident.__dataclass_fields__}
    fields["reports"] = [report_from_record(r) for r in data["reports"]]
    return Incident(**fields)


def control_change_from_record(data: dict[str, Any]) -> ControlChange:
    """The inverse of ``dataclasses.asdict`` on a :class:`ControlChange`."""
    return ControlChange(**{**data, "reports": [report_from_record(r) for r in data["reports"]]})
