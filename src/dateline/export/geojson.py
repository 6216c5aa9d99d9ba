"""GeoJSON (RFC 7946) export: incidents and control changes as Point features, for QGIS,
kepler.gl, geojson.io and the like.

One FeatureCollection, no ``crs`` member (RFC 7946 coordinates are WGS 84 longitude,
latitude, in that order). Incident features carry ``"feature": "incident"`` and the incident's
fields with a summary of its sources (number of reports, outlets, languages, first and last
publication) and the evidence sentence of its first report; control-change features carry
``"feature": "control_change"``. Without incidents, every article event is a feature (see
:func:`~.records.event_incidents`). Features without coordinates are skipped and counted;
coordinates out of range or not numbers are refused (ValueError naming the incident).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dateline.export.atomic import atomic_text
from dateline.export.records import check_change, check_incident
from dateline.export.result import ExportResult
from dateline.model import ControlChange, Incident, Report, incident_record

__all__ = ["feature_collection", "write_geojson"]


def _point(lat: Any, lon: Any, owner: str) -> dict[str, Any]:
    """A GeoJSON Point, longitude first; ValueError (naming ``owner``) for bad coordinates."""
    for value, what, bound in ((lat, "latitude", 90), (lon, "longitude", 180)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{owner}: {what} is not a number: {value!r}")
        if not math.isfinite(value) or abs(value) > bound:
            raise ValueError(f"{owner}: {what} {value} out of range")
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def _first_report(reports: Sequence[Report]) -> Report | None:
    """The earliest published report (undated ones last), by key on a tie."""
    return min(reports, key=lambda r: (r.published is None, r.published or "", r.key),
               default=None)


def _incident_feature(incident: Incident) -> dict[str, Any]:
    record = incident_record(incident)
    first = _first_report(incident.reports)
    properties = {
        "feature": "incident",
        **{key: record[key] for key in (
            "id", "type", "subtype", "actor", "actor_side", "target", "location",
            "gazetteer_id", "place_kind", "country", "admin1", "geo_precision", "date",
            "time_precision", "status", "story_id")},
        "n_reports": len(incident.reports),
        "articles": record["articles"],
        "outlets": record["outlets"],
        "languages": record["languages"],
        "first_reported": record["first_reported"],
        "last_reported": record["last_reported"],
        "evidence": first.evidence if first else None,
        "evidence_article": first.article_id if first else None,
        "evidence_language": first.language if first else None,
    }
    return {"type": "Feature", "id": incident.id,
            "geometry": _point(incident.lat, incident.lon, f"incident {incident.id}"),
            "properties": properties}


def _change_feature(change: ControlChange) -> dict[str, Any]:
    properties = {
        "feature": "control_change",
        "place": change.place,
        "gazetteer_id": change.gazetteer_id,
        "date": change.date,
        "from_side": change.from_side,
        "to_side": change.to_side,
        "subtype": change.subtype,
        "incident_id": change.incident_id,
        "status": change.status,
        "n_reports": len(change.reports),
        "outlets": sorted({r.source for r in change.reports if r.source}),
    }
    owner = f"control change of incident {change.incident_id}"
    return {"type": "Feature", "geometry": _point(change.lat, change.lon, owner),
            "properties": properties}


def feature_collection(incidents: Sequence[Incident], changes: Sequence[ControlChange] = ()
                       ) -> tuple[dict[str, Any], dict[str, int]]:
    """The FeatureCollection of incidents then control changes, and the skipped counts."""
    features = []
    skipped: dict[str, int] = {}
    for incident in map(check_incident, incidents):
        if incident.lat is None or incident.lon is None:
            skipped["incident without coordinates"] = (
                skipped.get("incident without coordinates", 0) + 1)
            continue
        features.append(_incident_feature(incident))
    for change in map(check_change, changes):
        if change.lat is None or change.lon is None:
            skipped["control change without coordinates"] = (
                skipped.get("control change without coordinates", 0) + 1)
            continue
        features.append(_change_feature(change))
    return {"type": "FeatureCollection", "features": features}, skipped


def write_geojson(path: Path, incidents: Sequence[Incident],
                  changes: Sequence[ControlChange] = ()) -> ExportResult:
    """Write the FeatureCollection (built in full before the file is opened)."""
    collection, skipped = feature_collection(incidents, changes)
    text = json.dumps(collection, ensure_ascii=False, allow_nan=False)
    with atomic_text(path) as out:
        out.write(text)
        out.write("\n")
    return ExportResult("geojson", Path(path), len(collection["features"]), skipped)
