"""The web app: static HTML pages that fetch the JSON API, over one dateline store.

The pages are fixed shells (``static/pages/*.html``, each extending ``layout.html`` for the
head and the site header) whatever the id in the URL; their scripts read the data from
``/api/v1`` and render it as text, so no article content ever reaches the browser as markup.
Static files are served only from inside ``static/`` (Starlette resolves the path and
refuses anything outside: ``..``, encoded ``%2e%2e``, absolute paths). The store is opened
read-only and checked at startup: a missing or foreign file fails there, clearly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from dateline import __version__
from dateline.web.api import PREFIX, WebState, router
from dateline.web.database import ReadOnlyDatabase
from dateline.web.headers import SecurityHeaders, tiles_origin

__all__ = ["STATIC", "create_app"]

STATIC = Path(__file__).parent / "static"
PAGES = {  # route -> page shell under static/pages/ (each extends pages/layout.html)
    "/": "index.html",
    "/incidents/{incident_id}": "incident.html",
    "/articles/{article_id}": "article.html",
    "/places/{key}": "place.html",
    "/search": "search.html",
}


def _pages(folder: Path) -> jinja2.Environment:
    """The page shells: each extends ``layout.html`` (head, site header, error line) with its
    title, scripts and main section. They take no data: rendering only assembles them."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                              trim_blocks=True, keep_trailing_newline=True)


def _page_route(app: FastAPI, route: str, pages: jinja2.Environment, name: str) -> None:
    def serve_page() -> Response:
        try:
            html = pages.get_template(name).render()
        except jinja2.TemplateNotFound:
            return Response("page not installed", status_code=404, media_type="text/plain")
        return Response(html, media_type="text/html; charset=utf-8")

    app.add_api_route(route, serve_page, methods=["GET"], include_in_schema=False,
                      name=f"page:{Path(name).stem}:{route}")


def create_app(db_path: Path, *, tiles: str | None = None,
               static_dir: Path | None = None) -> FastAPI:
    """The app over the store at ``db_path`` (read-only). ``tiles``: an http(s) tile URL
    template for the map, allowed in the CSP; ``static_dir`` replaces the bundled pages and
    assets (tests). Raises StoreError for a missing or non-dateline database, ValueError for a
    bad tiles template."""
    if tiles is not None:
        tiles_origin(tiles)  # refuse a bad template now, not at the first response
    db = ReadOnlyDatabase(db_path)
    db.check()
    static = Path(static_dir) if static_dir is not None else STATIC
    app = FastAPI(title="dateline", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url=f"{PREFIX}/openapi.json")
    app.state.web = WebState(db=db, tiles=tiles)
    app.include_router(router)
    pages = _pages(static / "pages")
    for route, name in PAGES.items():
        _page_route(app, route, pages, name)
    app.add_api_route("/favicon.ico", _favicon(static), methods=["GET"],
                      include_in_schema=False)
    app.mount("/static", StaticFiles(directory=static, check_dir=False), name="static")
    app.add_middleware(SecurityHeaders, tiles=tiles)
    return app


def _favicon(static: Path) -> Callable[[], Response]:
    icon = static / "favicon.ico"

    def favicon() -> Response:
        if icon.is_file():
            return FileResponse(icon, media_type="image/x-icon")
        return Response(status_code=204)

    return favicon
