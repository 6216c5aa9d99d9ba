"""Per-article records (``OUTPUT.md``) to :class:`~dateline.model.Report` objects.

A report is one event of one article, flattened with what linking needs from its article
(outlet, language, publication day) and from the article's place list (the gazetteer id, kind,
country and admin-1 region of the event's location), so the linker never has to look back at
the record. Every event becomes a report, whatever its PLOVER mode: the extractor already drops
hypothetical events, and a denied or reported-as-claimed event still tells which happening
sources talk about.
"""

from __future__ import annotations

from typing import Any

from dateline.model import Provenance, Report, ReportMention

__all__ = ["reports_from_record"]

_REQUIRED_RECORD_KEYS = ("language", "events")
_REQUIRED_EVENT_KEYS = ("type", "status", "evidence", "provenance")
_PROVENANCE_KEYS = ("start", "end", "sentence", "method")


def reports_from_record(record: dict[str, Any]) -> list[Report]:
    """Every event of one article record as a :class:`Report`, in the record's event order.

    Raises ValueError naming the article and the problem when the record lacks what a report
    needs (id, language, events, and per event type, status, evidence, provenance)."""
    article_id = _article_id(record)
    for key in _REQUIRED_RECORD_KEYS:
        if key not in record:
            raise ValueError(f"article {article_id}: record has no {key!r}")
    events = record["events"]
    if not isinstance(events, list):
        raise ValueError(f"article {article_id}: 'events' is not a list")
    places = record.get("places") or []
    if not isinstance(places, list):
        raise ValueError(f"article {article_id}: 'places' is not a list")
    lookup = _place_lookup(places)
    return [
        _report(record, article_id, index, event, lookup) for index, event in enumerate(events)
    ]


def _article_id(record: Any) -> str:
    """The record's article id as a string; a record without one cannot be linked."""
    if not isinstance(record, dict):
        raise ValueError(f"record is not a JSON object: {type(record).__name__}")
    article_id = record.get("id")
    if not isinstance(article_id, str | int) or isinstance(article_id, bool) or article_id == "":
        raise ValueError("record has no article 'id'")
    return str(article_id)


def _place_lookup(places: list[Any]) -> dict[str, dict[str, Any]]:
    """Place records by the strings an event's ``location`` may hold: a place's canonical
    ``name`` first, then its ``mentions`` (an earlier place keeps a string it already has),
    then both case-folded, as a last resort."""
    exact: dict[str, dict[str, Any]] = {}
    folded: dict[str, dict[str, Any]] = {}
    usable = [p for p in places if isinstance(p, dict)]
    for place in usable:
        name = place.get("name")
        if isinstance(name, str):
            exact.setdefault(name, place)
    for place in usable:
        for mention in place.get("mentions") or []:
            if isinstance(mention, str):
                exact.setdefault(mention, place)
    for text, place in exact.items():
        folded.setdefault(text.casefold(), place)
    return {**{f"\0{k}": v for k, v in folded.items()}, **exact}


def _find_place(lookup: dict[str, dict[str, Any]], location: Any) -> dict[str, Any]:
    """The place record an event's location names, or an empty dict when none does."""
    if not isinstance(location, str):
        return {}
    return lookup.get(location) or lookup.get(f"\0{location.casefold()}") or {}


def _provenance(article_id: str, index: int, value: Any) -> Provenance:
    """An event's provenance as the model's dataclass, checked field by field."""
    if not isinstance(value, dict) or any(k not in value for k in _PROVENANCE_KEYS):
        raise ValueError(
            f"article {article_id}: event {index} has no provenance with "
            f"{', '.join(_PROVENANCE_KEYS)}"
        )
    return Provenance(value["start"], value["end"], value["sentence"], value["method"])


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _optional_float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _optional_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _report(
    record: dict[str, Any],
    article_id: str,
    index: int,
    event: Any,
    lookup: dict[str, dict[str, Any]],
) -> Report:
    """One event as a report: the event's own fields, its article's metadata and the details
    of the place its location names."""
    if not isinstance(event, dict):
        raise ValueError(f"article {article_id}: event {index} is not a JSON object")
    for key in _REQUIRED_EVENT_KEYS:
        if key not in event:
            raise ValueError(f"article {article_id}: event {index} has no {key!r}")
    if not isinstance(event["type"], str) or not event["type"]:
        raise ValueError(f"article {article_id}: event {index} has no type")
    place = _find_place(lookup, event.get("location"))
    lat = _optional_float(event.get("lat"))
    lon = _optional_float(event.get("lon"))
    if lat is None or lon is None:
        lat, lon = _optional_float(place.get("lat")), _optional_float(place.get("lon"))
    return Report(
        article_id=article_id,
        event_index=index,
        source=_optional_str(record.get("source")),
        language=str(record["language"]),
        published=_optional_str(record.get("published")),
        url=_optional_str(record.get("url")),
        type=event["type"],
        subtype=_optional_str(event.get("subtype")),
        mode=_optional_str(event.get("mode")),
        actor=_optional_str(event.get("actor")),
        actor_side=_optional_str(event.get("actor_side")),
        target=_optional_str(event.get("target")),
        location=_optional_str(event.get("location")),
        gazetteer_id=_optional_str(place.get("gazetteer_id")),
        place_kind=_optional_str(place.get("kind")),
        country=_optional_str(place.get("country")),
        admin1=_optional_str(place.get("admin1")),
        lat=lat,
        lon=lon,
        geo_precision=_optional_int(event.get("geo_precision")),
        date=_optional_str(event.get("date")),
        time_precision=_optional_int(event.get("time_precision")),
        claimed_by=_optional_str(event.get("claimed_by")),
        status=str(event["status"]),
        trigger=_optional_str(event.get("trigger")),
        evidence=str(event["evidence"]),
        provenance=_provenance(article_id, index, event["provenance"]),
        cameo=_optional_str(event.get("cameo")),
        acled_event_type=_optional_str(event.get("acled_event_type")),
        acled_sub_event_type=_optional_str(event.get("acled_sub_event_type")),
        mentions=_mentions(article_id, index, event.get("mentions")),
    )


def _mentions(article_id: str, index: int, raw: Any) -> tuple[ReportMention, ...]:
    """The event's other sentences in its article (optional in a record)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(
        isinstance(m, dict) and isinstance(m.get("evidence"), str) and "provenance" in m
        for m in raw
    ):
        raise ValueError(f"article {article_id}: event {index} has malformed 'mentions'")
    return tuple(ReportMention(article_id, m["evidence"],
                               _provenance(article_id, index, m["provenance"])) for m in raw)
