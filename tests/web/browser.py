"""Helpers for the browser tests: the store they browse, a live server in a thread, the
Chromium launch, and a page that records what the browser complains about."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Error, Page, Response

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
READY = "body[data-ready=true]"

HOSTILE_ID = "hostile-kherson"
HOSTILE_WORD = "pwnedcheck"  # a word only the hostile article has, to search for it
HOSTILE_TEXT = (
    "Kherson <script>window.__pwned=1</script> retaken\n\n"
    "Ukrainian troops entered Kherson on Friday <img src=x onerror=\"window.__pwned=1\"> after "
    "Russia said it had completed its withdrawal across the Dnipro River.\n"
    "Residents of Kherson gathered in the central square, a local official said "
    "<script>window.__pwned=1</script> on Saturday.\n"
    "Readers were told to click javascript:window.__pwned=1 for updates about Kherson, where "
    "300 people <b onmouseover=\"window.__pwned=1\">celebrated</b>. Editors called the "
    f"page {HOSTILE_WORD}.\n"
)
HOSTILE_META = {
    "published": "2022-11-12",
    "language": "en",
    "source": "The <script>window.__pwned=1</script> Herald",
    "title": "Kherson <img src=x onerror=\"window.__pwned=1\"> retaken",
    "url": "javascript:window.__pwned=1",
}


def build_store(folder: Path) -> Path:
    """The demo corpus plus the hostile article, analysed and linked into folder/web.db."""
    from dateline.api import analyze_paths
    from dateline.demo import demo_corpus
    from dateline.link.update import update_links
    from dateline.store.sqlite import Store

    db = folder / "web.db"
    hostile = folder / "hostile"
    hostile.mkdir()
    (hostile / f"{HOSTILE_ID}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (hostile / f"{HOSTILE_ID}.meta.json").write_text(json.dumps(HOSTILE_META), encoding="utf-8")
    demo = analyze_paths([str(demo_corpus())], db=db)
    assert demo.analysed >= 12 and not demo.failures, demo
    extra = analyze_paths([str(hostile / f"{HOSTILE_ID}.txt")], db=db)
    assert extra.analysed == 1 and not extra.failures, extra
    with Store(db) as store:
        update_links(store)
    return db


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    """An ASGI app served by uvicorn in a background thread."""

    app: Any
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        import uvicorn

        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, name="uvicorn", daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while True:  # wait until it answers (a readiness wait, not a timing assertion)
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/config", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def get(self, path: str, **params: Any) -> Any:
        """JSON from the live server's API."""
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        with urllib.request.urlopen(f"{self.url}{path}{'?' + query if query else ''}",
                                    timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))

    def all_incidents(self, **params: Any) -> list[dict[str, Any]]:
        """Every incident summary for these filters, following offset (limit max 500)."""
        items: list[dict[str, Any]] = []
        while True:
            page = self.get("/api/v1/incidents", limit=500, offset=len(items), **params)
            items.extend(page["items"])
            if not page["items"] or len(items) >= page["total"]:
                return items


CSP_WORDS = re.compile(r"content security policy|content-security-policy|refused to",
                       re.IGNORECASE)


@dataclass
class Watched:
    """A page, with the console messages and uncaught errors it produced."""

    page: Page
    base: str
    console: list[ConsoleMessage] = field(default_factory=list)
    errors: list[Error] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        self.console.append(message)

    def _on_error(self, error: Error) -> None:
        self.errors.append(error)

    def open(self, path: str) -> Response:
        """Go to path on the server and wait until the page says its data is rendered."""
        response = self.page.goto(self.base + path)
        assert response is not None, path
        self.page.wait_for_selector(READY)
        self.assert_clean()
        return response

    def csp_violations(self) -> list[str]:
        return [m.text for m in self.console if CSP_WORDS.search(m.text)]

    def assert_clean(self) -> None:
        assert [str(e) for e in self.errors] == [], "uncaught errors in the page"
        assert self.csp_violations() == [], "Content-Security-Policy violations"

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def texts(self, selector: str) -> list[str]:
        return self.page.locator(selector).all_text_contents()


def located(incidents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in incidents
            if isinstance(i.get("lat"), int | float) and isinstance(i.get("lon"), int | float)]


def first_day(date: str | None) -> str | None:
    """The map page's day for an incident date: the first day of a date or range."""
    if not date:
        return None
    first = date.split("/")[0]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", first):
        return first
    if re.fullmatch(r"\d{4}-\d{2}", first):
        return f"{first}-01"
    if re.fullmatch(r"\d{4}", first):
        return f"{first}-01-01"
    return None


def incident_day(incident: dict[str, Any]) -> str | None:
    return first_day(incident.get("date")) or first_day(incident.get("first_reported"))


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
