"""Query parameters of the API, validated before any endpoint runs: a bad value is a 422
whose body names the parameter and says what is expected."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import AfterValidator

from dateline.extract.event_types import KNOWN_ROOTS
from dateline.model import INCIDENT_STATUSES
from dateline.web.queries import BBox

__all__ = ["BBoxParam", "Day", "Kind", "Limit", "Offset", "Side", "Status", "Type", "parse_bbox"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: str) -> str:
    if not _DAY.fullmatch(value):
        raise ValueError(f"expected an ISO date YYYY-MM-DD, got {value!r}")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid day ({exc})") from None
    return value


def parse_bbox(value: str) -> BBox:
    """``minlon,minlat,maxlon,maxlat`` in degrees, each minimum below its maximum."""
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError("expected four numbers minlon,minlat,maxlon,maxlat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise ValueError("expected four numbers minlon,minlat,maxlon,maxlat") from None
    if not all(-180 <= x <= 180 for x in (min_lon, max_lon)):
        raise ValueError("longitudes must be within -180..180")
    if not all(-90 <= y <= 90 for y in (min_lat, max_lat)):
        raise ValueError("latitudes must be within -90..90")
    if not (min_lon < max_lon and min_lat < max_lat):
        raise ValueError("each minimum must be less than its maximum")
    return BBox(min_lon, min_lat, max_lon, max_lat)


def _bbox(value: str) -> str:
    parse_bbox(value)
    return value


def _type(value: str) -> str:
    if value not in KNOWN_ROOTS:
        raise ValueError(f"unknown event type {value!r}; one of {', '.join(sorted(KNOWN_ROOTS))}")
    return value


Day = Annotated[str | None, Query(description="ISO date YYYY-MM-DD"), AfterValidator(
    lambda v: v if v is None else _day(v))]
BBoxParam = Annotated[str | None, Query(
    description="minlon,minlat,maxlon,maxlat (degrees)"), AfterValidator(
    lambda v: v if v is None else _bbox(v))]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]
Status = Literal[INCIDENT_STATUSES]  # type: ignore[valid-type]
Kind = Literal["quantity", "status", "date"]
Type = Annotated[str | None, Query(description="PLOVER root type (ASSAULT, RETREAT ...)"),
                 AfterValidator(lambda v: v if v is None else _type(v))]
# Side codes come from the actors file, which users may extend: checked for shape only.
Side = Annotated[str | None, Query(pattern=r"^[A-Z0-9]{1,12}(-[A-Z0-9]{1,12}){0,3}$",
                                   description="actor side code (UA, RU, SD-RSF ...)")]
