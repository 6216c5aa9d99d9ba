"""Response models of the JSON API (``/api/v1``): the contract the browser pages rely on, and
what the generated OpenAPI document describes. Records defined elsewhere (the OUTPUT.md
analysis record, incident, story, contradiction and control change records) pass through as
JSON objects; their fields are documented where they are made (``dateline.model``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

Record = dict[str, Any]


class Config(BaseModel):
    tiles: str | None
    version: str


class ArticleItem(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    language: str | None
    url: str | None
    events: int
    places: int


class ArticleList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleItem]


class ArticleMeta(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    language: str | None
    duplicate_of: str | None = None


class ArticleDetail(BaseModel):
    article: ArticleMeta
    text: str
    record: Record | None
    incident_of_event: dict[str, str]


class IncidentSummary(BaseModel):
    id: str
    type: str
    subtype: str | None
    actor: str | None
    actor_side: str | None
    target: str | None
    location: str | None
    gazetteer_id: str | None
    lat: float | None
    lon: float | None
    date: str | None
    time_precision: int | None
    status: str
    story_id: str | None
    n_reports: int
    outlets: list[str]
    languages: list[str]
    first_reported: str | None
    last_reported: str | None


class IncidentList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[IncidentSummary]


class Items(BaseModel):
    items: list[Record]


class PlaceInfo(BaseModel):
    key: str
    name: str | None
    gazetteer_id: str | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None


class Holder(BaseModel):
    side: str | None
    since: str | None
    sources: list[str]
    status: str | None


class PlaceDetail(BaseModel):
    place: PlaceInfo
    control: list[Record]
    holder_today: Holder | None
    incidents: list[IncidentSummary]


class Segment(BaseModel):
    text: str
    hit: bool


class SearchItem(BaseModel):
    id: str
    title: str | None
    published: str | None
    language: str | None
    source: str | None
    snippets: list[list[Segment]]


class SearchResult(BaseModel):
    total: int
    items: list[SearchItem]
    expanded: list[str]


class Error(BaseModel):
    detail: str
