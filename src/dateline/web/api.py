"""The versioned JSON API, ``/api/v1``: the contract between the server and the browser pages.

Endpoints are plain functions (run in FastAPI's thread pool, each thread with its own read-only
connection); they validate parameters (see :mod:`dateline.web.params`), read through
:mod:`dateline.web.queries` and :mod:`dateline.web.search`, and answer unknown ids with a 404
``{"detail": "no incident 'x'"}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from dateline import __version__
from dateline.web import queries
from dateline.web.database import ReadOnlyDatabase
from dateline.web.models import (
    ArticleDetail,
    ArticleList,
    Config,
    Error,
    IncidentList,
    Items,
    PlaceDetail,
    SearchResult,
)
from dateline.web.params import (
    BBoxParam,
    Day,
    Kind,
    Limit,
    Offset,
    Side,
    Status,
    Type,
    parse_bbox,
)
from dateline.web.search import PlaceIndex, load_place_index, search
from dateline.web.snapshot import Snapshot, VersionedCache, snapshot_cache

__all__ = ["WebState", "router"]

PREFIX = "/api/v1"


@dataclass
class WebState:
    """What the endpoints share: the store and the caches built from it."""

    db: ReadOnlyDatabase
    tiles: str | None

    def __post_init__(self) -> None:
        self.snapshots: VersionedCache[Snapshot] = snapshot_cache(self.db)
        self.places: VersionedCache[PlaceIndex] = VersionedCache(self.db, load_place_index)


def _state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


State = Annotated[WebState, Depends(_state)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Error}}
router = APIRouter(prefix=PREFIX, tags=["api"])


def _missing(kind: str, key: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {kind} {key!r}")


@router.get("/config", response_model=Config)
def config(state: State) -> dict[str, Any]:
    """The map's tile layer (None: offline outlines) and the server's version."""
    return {"tiles": state.tiles, "version": __version__}


@router.get("/articles", response_model=ArticleList)
def articles(state: State, language: str | None = None, source: str | None = None,
             since: Day = None, until: Day = None, limit: Limit = 50,
             offset: Offset = 0) -> dict[str, Any]:
    """Analysed articles, newest first."""
    with state.db.read() as conn:
        return queries.list_articles(
            conn, queries.ArticleFilter(language, source, since, until),
            queries.Page(limit, offset))


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses=NOT_FOUND)
def article(state: State, article_id: str) -> dict[str, Any]:
    """An article: its text exactly as read (record offsets index it), its analysis record and
    the incident each of its events belongs to."""
    snapshot = state.snapshots.get()
    with state.db.read() as conn:
        found = queries.article_detail(conn, snapshot, article_id)
    if found is None:
        raise _missing("article", article_id)
    return found


@router.get("/incidents", response_model=IncidentList)
def incidents(state: State, story: str | None = None,
              place: Annotated[str | None, Query(
                  description="a place name in any language, or a gazetteer id")] = None,
              type: Type = None, subtype: str | None = None, side: Side = None,
              status: Status | None = None, language: str | None = None,
              since: Day = None, until: Day = None, bbox: BBoxParam = None,
              limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Incidents matching every filter given, by date then id."""
    f = queries.IncidentFilter(story=story, place=place, type=type, subtype=subtype, side=side,
                               status=status, language=language, since=since, until=until,
                               bbox=parse_bbox(bbox) if bbox else None)
    return queries.list_incidents(state.snapshots.get(), f, queries.Page(limit, offset))


@router.get("/incidents/{incident_id}", response_model=dict[str, Any], responses=NOT_FOUND)
def incident(state: State, incident_id: str) -> dict[str, Any]:
    """The full incident record with its contradictions and the quantities its reports state."""
    snapshot = state.snapshots.get()
    with state.db.read() as conn:
        found = queries.incident_detail(conn, snapshot, incident_id)
    if found is None:
        raise _missing("incident", incident_id)
    return found


@router.get("/stories", response_model=Items)
def stories(state: State) -> dict[str, Any]:
    return queries.stories(state.snapshots.get())


@router.get("/contradictions", response_model=Items)
def contradictions(state: State, kind: Kind | None = None,
                   story: str | None = None) -> dict[str, Any]:
    return queries.contradictions(state.snapshots.get(), kind, story)


@router.get("/places/{key}", response_model=PlaceDetail, responses=NOT_FOUND)
def place(state: State, key: str) -> dict[str, Any]:
    """A place by name (any language) or gazetteer id: control timeline, holder, incidents."""
    found = queries.place_detail(state.snapshots.get(), key)
    if found is None:
        raise _missing("place", key)
    return found


@router.get("/search", response_model=SearchResult)
def search_articles(state: State, q: Annotated[str, Query(min_length=1, max_length=500)],
                    limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Full-text search; place names are widened to all their names (see dateline.web.search)."""
    index = state.places.get()
    with state.db.read() as conn:
        return search(conn, q, index, limit, offset)
