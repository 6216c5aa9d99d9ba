"""The tables of the Parquet export: explicit Arrow schemas and the rows that fill them.

One table per kind of thing, joinable on ``article_id`` (plus the item's index in its
article) and ``incident_id``: articles, events, places, quotes, quantities, incidents, control.
Provenance is flattened into ``provenance_start/_end/_sentence/_method`` columns; event dates
keep their text form (a day or "first/last") in ``date`` and get typed ``date_first`` and
``date_last`` columns; publication days are Arrow dates. Missing values are nulls, never empty
strings or zeros. Fields of a record outside these schemas are not exported (the JSON Lines
export keeps everything).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from dateline.export.records import date_bounds, event_place, parse_day
from dateline.model import ControlChange, Incident, Report, incident_record

__all__ = ["SCHEMAS", "article_rows", "change_rows", "incident_rows"]

_PROVENANCE = [
    pa.field("provenance_start", pa.int32()),
    pa.field("provenance_end", pa.int32()),
    pa.field("provenance_sentence", pa.int32()),
    pa.field("provenance_method", pa.string()),
]
_DATES = [
    pa.field("date", pa.string()),
    pa.field("date_first", pa.date32()),
    pa.field("date_last", pa.date32()),
]
_REPORT_KEY = pa.struct([pa.field("article_id", pa.string()), pa.field("event_index", pa.int32())])


def _strings(*names: str) -> list[pa.Field]:
    return [pa.field(name, pa.string()) for name in names]


def _key(item: str) -> list[pa.Field]:
    return [pa.field("article_id", pa.string(), nullable=False),
            pa.field(f"{item}_index", pa.int32(), nullable=False)]


SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        pa.field("id", pa.string(), nullable=False),
        pa.field("language", pa.string()),
        pa.field("published", pa.date32()),
        *_strings("source", "url", "title", "origin", "record_version", "dateline_version",
                  "content_hash", "language_source"),
        pa.field("language_score", pa.float64()),
        pa.field("nlp_pipeline", pa.string()),
        pa.field("warnings", pa.list_(pa.string())),
        *[pa.field(f"n_{part}", pa.int32())
          for part in ("places", "events", "quotes", "quantities", "times")],
    ]),
    "events": pa.schema([
        *_key("event"),
        pa.field("language", pa.string()),
        pa.field("source", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("type", pa.string(), nullable=False),
        *_strings("subtype", "mode", "actor", "actor_side", "target", "location",
                  "gazetteer_id", "place_kind", "country", "admin1"),
        pa.field("lat", pa.float64()),
        pa.field("lon", pa.float64()),
        pa.field("geo_precision", pa.int8()),
        *_DATES,
        pa.field("date_text", pa.string()),
        pa.field("time_precision", pa.int8()),
        *_strings("claimed_by", "status", "trigger", "evidence"),
        *_PROVENANCE,
        *_strings("cameo", "acled_event_type", "acled_sub_event_type"),
    ]),
    "places": pa.schema([
        *_key("place"),
        *_strings("name", "kind"),
        pa.field("lat", pa.float64()),
        pa.field("lon", pa.float64()),
        *_strings("country", "admin1", "gazetteer_id", "method"),
        pa.field("mentions", pa.list_(pa.string())),
    ]),
    "quotes": pa.schema([
        *_key("quote"),
        *_strings("speaker", "speaker_text", "channel", "cue", "text", "evidence"),
        *_PROVENANCE,
        pa.field("speaker_start", pa.int32()),
        pa.field("speaker_end", pa.int32()),
        pa.field("speaker_sentence", pa.int32()),
    ]),
    "quantities": pa.schema([
        *_key("quantity"),
        pa.field("text", pa.string()),
        pa.field("value", pa.float64()),
        pa.field("unit", pa.string()),
        pa.field("si_value", pa.float64()),
        *_strings("si_unit", "about", "claimed_by", "approximation"),
        pa.field("low", pa.float64()),
        pa.field("high", pa.float64()),
        pa.field("reason", pa.string()),
        *_PROVENANCE,
    ]),
    "incidents": pa.schema([
        pa.field("id", pa.string(), nullable=False),
        pa.field("type", pa.string(), nullable=False),
        *_strings("subtype", "actor", "actor_side", "target", "location", "gazetteer_id",
                  "place_kind", "country", "admin1"),
        pa.field("lat", pa.float64()),
        pa.field("lon", pa.float64()),
        pa.field("geo_precision", pa.int8()),
        *_DATES,
        pa.field("time_precision", pa.int8()),
        pa.field("status", pa.string()),
        pa.field("story_id", pa.string()),
        pa.field("n_reports", pa.int32()),
        pa.field("articles", pa.int32()),
        pa.field("outlets", pa.list_(pa.string())),
        pa.field("languages", pa.list_(pa.string())),
        pa.field("first_reported", pa.date32()),
        pa.field("last_reported", pa.date32()),
        pa.field("reports", pa.list_(_REPORT_KEY)),
    ]),
    "control": pa.schema([
        pa.field("incident_id", pa.string(), nullable=False),
        *_strings("place", "gazetteer_id"),
        pa.field("lat", pa.float64()),
        pa.field("lon", pa.float64()),
        *_DATES,
        *_strings("from_side", "to_side", "subtype", "status"),
        pa.field("n_reports", pa.int32()),
        pa.field("reports", pa.list_(_REPORT_KEY)),
    ]),
}


def _day(value: str | None) -> dt.date | None:
    return parse_day(value) if value is not None else None


def _dates(value: str | None) -> dict[str, Any]:
    bounds = date_bounds(value)
    return {"date": value, "date_first": bounds[0] if bounds else None,
            "date_last": bounds[1] if bounds else None}


def _provenance(prov: dict[str, Any] | None, prefix: str = "provenance") -> dict[str, Any]:
    prov = prov or {}
    names = ("start", "end", "sentence") + (("method",) if prefix == "provenance" else ())
    return {f"{prefix}_{name}": prov.get(name) for name in names}


def _pick(item: dict[str, Any], schema: str, *skip: str) -> dict[str, Any]:
    """The item's values of the schema's columns (those not filled otherwise)."""
    return {name: item.get(name) for name in SCHEMAS[schema].names if name not in skip}


def article_rows(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows one checked article record contributes to each per-article table."""
    aid = record["id"]
    published = _day(record.get("published"))
    events = record.get("events", [])
    article = _pick(record, "articles", "published", "nlp_pipeline", "warnings")
    article.update(
        published=published,
        nlp_pipeline=(record.get("nlp") or {}).get("pipeline"),
        warnings=list(record.get("warnings") or []),
        **{f"n_{part}": len(record.get(part) or [])
           for part in ("places", "events", "quotes", "quantities", "times")},
    )
    rows: dict[str, list[dict[str, Any]]] = {"articles": [article], "events": [], "places": [],
                                             "quotes": [], "quantities": []}
    for i, event in enumerate(events):
        place = event_place(record, event) or {}
        row = _pick(event, "events")
        row.update(
            article_id=aid, event_index=i, language=record.get("language"),
            source=record.get("source"), published=published,
            gazetteer_id=place.get("gazetteer_id"), place_kind=place.get("kind"),
            country=place.get("country"), admin1=place.get("admin1"),
            **_dates(event.get("date")), **_provenance(event.get("provenance")),
        )
        rows["events"].append(row)
    for i, place in enumerate(record.get("places", [])):
        row = _pick(place, "places")
        row.update(article_id=aid, place_index=i, mentions=list(place.get("mentions") or []))
        rows["places"].append(row)
    for i, quote in enumerate(record.get("quotes", [])):
        row = _pick(quote, "quotes")
        row.update(article_id=aid, quote_index=i, **_provenance(quote.get("provenance")),
                   **_provenance(quote.get("speaker_provenance"), "speaker"))
        rows["quotes"].append(row)
    for i, quantity in enumerate(record.get("quantities", [])):
        row = _pick(quantity, "quantities")
        row.update(article_id=aid, quantity_index=i, **_provenance(quantity.get("provenance")))
        rows["quantities"].append(row)
    return rows


def _report_keys(reports: Sequence[Report]) -> list[dict[str, Any]]:
    return [{"article_id": r.article_id, "event_index": r.event_index} for r in reports]


def incident_rows(incidents: Sequence[Incident]) -> list[dict[str, Any]]:
    """The incidents table: fields, source summary and the keys of the reports."""
    rows = []
    for incident in incidents:
        record = incident_record(incident)
        row = _pick(record, "incidents")
        row.update(
            **_dates(incident.date), n_reports=len(incident.reports),
            first_reported=_day(record["first_reported"]),
            last_reported=_day(record["last_reported"]),
            reports=_report_keys(incident.reports),
        )
        rows.append(row)
    return rows


def change_rows(changes: Sequence[ControlChange]) -> list[dict[str, Any]]:
    """The control table: one row per control change, with the keys of its reports."""
    return [{
        "incident_id": c.incident_id, "place": c.place, "gazetteer_id": c.gazetteer_id,
        "lat": c.lat, "lon": c.lon, **_dates(c.date), "from_side": c.from_side,
        "to_side": c.to_side, "subtype": c.subtype, "status": c.status,
        "n_reports": len(c.reports), "reports": _report_keys(c.reports),
    } for c in changes]
