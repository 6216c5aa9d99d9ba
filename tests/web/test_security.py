"""What the server does with hostile input: security headers on every response, no way out of
the static folder, article markup served as JSON data only, pages that are fixed shells."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dateline.link.update import update_links
from dateline.model import Article
from dateline.store.sqlite import Store
from dateline.web.app import PAGES, create_app
from dateline.web.headers import content_security_policy, tiles_origin

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HOSTILE = (
    "Markup in an article\n\n"
    "The report quoted <script>alert(1)</script> and an image "
    "<img src=x onerror=alert(1)> and a <a href=\"javascript:alert(1)\">link</a> "
    "next to Kherson, where troops withdrew.\n"
)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one hand-written article whose text and record carry markup."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    start = HOSTILE.index("The report")
    end = HOSTILE.index("withdrew.") + len("withdrew.")
    record: dict[str, Any] = {
        "id": "xss", "language": "en", "published": "2022-11-11", "source": "<b>Outlet</b>",
        "url": "javascript:alert(1)", "title": "Markup in an article", "places": [],
        "events": [], "quotes": [], "quantities": [], "times": [],
        "notes": "<script>alert(1)</script>", "evidence_span": [start, end],
    }
    with Store(path) as store:
        store.save_analysis(Article(id="xss", text=HOSTILE, title=record["title"],
                                    published="2022-11-11", source=record["source"],
                                    url=record["url"], language="en"), record)
        update_links(store)
    return path


@pytest.fixture(scope="module")
def hostile(hostile_db: Path, static_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_db, static_dir=static_dir)) as c:
        yield c


def assert_secured(response: Any, csp: str = CSP) -> None:
    assert response.headers["content-security-policy"] == csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


# --- headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/", "/incidents/inc_x", "/articles/a", "/places/Kherson", "/search?q=x", "/static/app.js",
    "/favicon.ico", "/api/v1/config", "/api/v1/incidents", "/api/v1/incidents/nope",
    "/api/v1/incidents?limit=0", "/static/../app.py", "/no/such/page",
])
def test_every_response_has_the_security_headers(client: TestClient, path: str) -> None:
    assert_secured(client.get(path))


def test_tiles_origin_is_allowed_for_images_only(demo_db: Path, static_dir: Path) -> None:
    template = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    with TestClient(create_app(demo_db, tiles=template, static_dir=static_dir)) as c:
        response = c.get("/api/v1/config")
    assert response.json()["tiles"] == template
    csp = response.headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tile.example.org;" in csp
    assert "connect-src 'self';" in csp and "script-src 'self';" in csp
    assert csp == content_security_policy(template)


@pytest.mark.parametrize("template", [
    "javascript:alert(1)", "ftp://tiles.example.org/{z}/{x}/{y}.png", "/{z}/{x}/{y}.png",
    "https://tiles.{s}.example.org/{z}.png", "https://x.org; script-src *",
    "https://x.org\r\nX-Injected: 1/{z}.png", "https://{s}x.org/{z}.png",
])
def test_bad_tile_templates_are_refused(demo_db: Path, template: str) -> None:
    with pytest.raises(ValueError, match="tiles"):
        create_app(demo_db, tiles=template)


def test_tiles_origin_keeps_port() -> None:
    assert tiles_origin("http://localhost:8080/{z}/{x}/{y}.png") == "http://localhost:8080"


# --- static files ------------------------------------------------------------------------------


def raw_get(app: FastAPI, raw_path: str) -> tuple[int, bytes]:
    """Send a path to the app exactly as given (an HTTP client would normalise "..")."""
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    path, _, query = raw_path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "root_path": "", "query_string": query.encode(), "headers": [],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return status, body


TRAVERSALS = [
    "/static/../app.py", "/static/../../secret.txt", "/static/pages/../../secret.txt",
    "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/%2e%2e%2fapp.py",
    "/static/%2E%2E/%2E%2E/secret.txt", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/..\\app.py", "/static/....//app.py",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_way_out_of_the_static_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert b"outside the static folder" not in response.content
    assert b"create_app" not in response.content
    status, body = raw_get(client.app, path)  # type: ignore[arg-type]
    assert status == 404 and b"outside" not in body and b"root:" not in body


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/%2e%2e/app.py",
                                  "/static/../web/app.py", "/static/vendor/../../app.py"])
def test_bundled_static_folder_keeps_the_code_private(demo_db: Path, path: str) -> None:
    app = create_app(demo_db)
    status, body = raw_get(app, path)
    assert status == 404 and b"create_app" not in body


def test_static_files_are_served(client: TestClient, static_dir: Path) -> None:
    response = client.get("/static/app.js")
    assert response.status_code == 200
    assert response.content == (static_dir / "app.js").read_bytes()


def test_favicon_needs_no_file(client: TestClient) -> None:
    assert client.get("/favicon.ico").status_code in (200, 204)


# --- hostile content ---------------------------------------------------------------------------


def test_markup_in_an_article_is_served_as_json_data_unchanged(hostile: TestClient) -> None:
    response = hostile.get("/api/v1/articles/xss")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    assert data["text"] == HOSTILE  # not escaped, not stripped: the page renders it as text
    assert data["article"]["source"] == "<b>Outlet</b>"
    assert data["article"]["url"] == "javascript:alert(1)"
    assert data["record"]["notes"] == "<script>alert(1)</script>"
    listing = hostile.get("/api/v1/articles").json()["items"]
    assert listing[0]["url"] == "javascript:alert(1)" and listing[0]["title"] == (
        "Markup in an article")


def test_search_snippets_are_segments_not_html(hostile: TestClient) -> None:
    data = hostile.get("/api/v1/search", params={"q": "alert"}).json()
    assert data["total"] == 1
    segments = [seg for snippet in data["items"][0]["snippets"] for seg in snippet]
    assert [seg["text"] for seg in segments if seg["hit"]] == ["alert", "alert", "alert"]
    joined = "".join(seg["text"] for seg in segments)
    assert "<script>" in joined and "<mark>" not in joined and "&lt;" not in joined
    assert hostile.get("/api/v1/search", params={"q": "<script>"}).json()["total"] == 1


@pytest.mark.parametrize(("route", "page"), [
    ("/", "index.html"), ("/incidents/inc_x", "incident.html"),
    ("/articles/xss", "article.html"), ("/articles/<script>alert(1)<script>", "article.html"),
    ("/places/Херсон", "place.html"), ("/search?q=<script>", "search.html"),
])
def test_pages_are_static_shells(hostile: TestClient, static_dir: Path, route: str,
                                 page: str) -> None:
    response = hostile.get(route)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.content == (static_dir / "pages" / page).read_bytes()
    assert b"alert" not in response.content
    assert_secured(response)


def test_api_is_read_only(client: TestClient) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert client.request(method, "/api/v1/incidents").status_code == 405
    assert set(PAGES) >= {"/", "/search"}
