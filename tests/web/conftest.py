"""Web fixtures: the demo corpus analysed and linked into a store once per session, the app
over it, and page shells of our own (so these tests do not depend on the real pages)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.link.update import update_links
from dateline.store.sqlite import Store
from dateline.web.app import PAGES, create_app

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo"
SHELL = ("<!doctype html><html><head><meta charset=utf-8><title>dateline</title>"
         "<script src=\"/static/app.js\"></script></head><body data-page=\"{page}\">"
         "<main id=\"app\"></main></body></html>\n")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus, analysed and linked (spaCy loads here, once per session)."""
    from dateline.api import analyze_paths

    path = tmp_path_factory.mktemp("web") / "demo.db"
    analyze_paths([DEMO], db=path)
    with Store(path) as store:
        update_links(store)
    return path


@pytest.fixture(scope="session")
def static_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A static folder with one shell per page, a script and a file to try to reach."""
    root = tmp_path_factory.mktemp("static")
    (root / "pages").mkdir()
    for name in PAGES.values():
        (root / "pages" / name).write_text(SHELL.format(page=name), "utf-8")
    (root / "app.js").write_text("document.title = 'dateline';\n", "utf-8")
    (root.parent / "secret.txt").write_text("outside the static folder\n", "utf-8")
    return root


@pytest.fixture(scope="session")
def client(demo_db: Path, static_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db, static_dir=static_dir)) as c:
        yield c
