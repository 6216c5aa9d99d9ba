"""The web pages of `dateline serve`, driven in Debian's Chromium by Playwright, over a store
built from the demo corpus plus one hostile article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from playwright import sync_api

from dateline.web import app as web_app
from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE_ID,
    HOSTILE_WORD,
    READY,
    LiveServer,
    Watched,
    build_store,
    incident_day,
    located,
    screenshot,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.slow

KHERSON_UK = "Херсон"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = build_store(tmp_path_factory.mktemp("web"))
    with LiveServer(web_app.create_app(db)) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def web(browser: Browser, server: LiveServer) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(20_000)
    watched = Watched(context.new_page(), server.url)
    yield watched
    context.close()


def kherson_withdrawal(server: LiveServer) -> dict[str, Any]:
    """The Kherson withdrawal of November 2022, reported in several languages."""
    candidates = [i for i in server.all_incidents(type="RETREAT")
                  if i["subtype"] == "withdrawal" and "Kherson" in (i["location"] or "")
                  and (i["date"] or "").startswith("2022-11")]
    assert candidates, "no Kherson withdrawal incident in the demo store"
    return max(candidates, key=lambda i: (len(i["languages"]), i["n_reports"]))


def marker_ids(web: Watched) -> list[str]:
    return web.page.eval_on_selector_all(
        "path.incident-marker", "els => els.map(e => e.getAttribute('data-incident-id'))")


def incident_count(web: Watched) -> int:
    text = web.page.text_content("#incident-count") or ""
    match = re.fullmatch(r"(\d+) incidents?", text.strip())
    assert match, f"#incident-count says {text!r}"
    return int(match.group(1))


def wait_for_refetch(web: Watched) -> None:
    web.page.wait_for_selector("body:not([data-loading])", state="attached")


# ------------------------------------------------------------------------------- map page
def test_map_shows_a_marker_per_located_incident(web: Watched, server: LiveServer) -> None:
    web.open("/")
    incidents = server.all_incidents()
    with_coordinates = located(incidents)
    assert len(with_coordinates) >= 50
    ids = marker_ids(web)
    assert len(ids) == len(with_coordinates)
    assert set(ids) == {i["id"] for i in with_coordinates}
    assert incident_count(web) == len(incidents)
    assert web.count("#incident-list li.incident-item") == len(incidents)
    assert web.count("#incident-list li.incident-item a.incident-link") == len(incidents)
    legend = web.texts("#legend .legend-item")
    assert any(t.startswith("ASSAULT") for t in legend) and len(legend) >= 5
    # the markers are coloured by type, and the bigger the more reports
    most = max(with_coordinates, key=lambda i: i["n_reports"])
    least = min(with_coordinates, key=lambda i: i["n_reports"])
    radius = "el => el.getBBox().width"
    big = web.page.eval_on_selector(f'path.incident-marker[data-incident-id="{most["id"]}"]',
                                    radius)
    small = web.page.eval_on_selector(f'path.incident-marker[data-incident-id="{least["id"]}"]',
                                      radius)
    assert most["n_reports"] > least["n_reports"] and big > small
    assert web.count("#stories li.story-item") == len(server.get("/api/v1/stories")["items"])
    web.assert_clean()


def test_clicking_a_marker_opens_the_incident_with_its_sources(
        web: Watched, server: LiveServer) -> None:
    incident = kherson_withdrawal(server)
    web.open("/")
    marker = f'path.incident-marker[data-incident-id="{incident["id"]}"]'
    # raise it above neighbours that may overlap it at this zoom (SVG paints in DOM order)
    web.page.eval_on_selector(marker, "el => el.parentNode.appendChild(el)")
    web.page.click(marker)
    web.page.wait_for_url(f"**/incidents/{incident['id']}")
    web.page.wait_for_selector(READY)
    title = web.page.text_content("h1#incident-title") or ""
    assert "withdrawal" in title and "Kherson" in title and "2022-11" in title
    assert (web.page.text_content("#incident-status") or "").strip() == incident["status"]
    sources = web.page.locator(".source")
    assert sources.count() >= 3
    languages = set(web.texts(".source .language"))
    assert len(languages) >= 2
    for k in range(sources.count()):
        source = sources.nth(k)
        mark = source.locator(".evidence mark")
        assert mark.count() == 1
        assert (mark.text_content() or "").strip()
        assert source.locator(".outlet").text_content()
        href = source.locator("a.article-link").get_attribute("href") or ""
        assert href.startswith("/articles/")
    reports = server.get(f"/api/v1/incidents/{quote(incident['id'])}")["reports"]
    assert sorted(web.texts(".source .outlet")) == sorted(r["source"] for r in reports)
    web.assert_clean()



def test_contradictions_and_quantities_on_the_incident_page(
        web: Watched, server: LiveServer) -> None:
    contradictions = server.get("/api/v1/contradictions")["items"]
    incident_id = next(c["incident_id"] for c in contradictions if c.get("incident_id"))
    incident = server.get(f"/api/v1/incidents/{quote(incident_id)}")
    assert incident["contradictions"]
    web.open(f"/incidents/{quote(incident_id)}")
    blocks = web.page.locator(".contradiction")
    assert blocks.count() == len(incident["contradictions"])
    for k, contradiction in enumerate(incident["contradictions"]):
        block = blocks.nth(k)
        assert (block.locator(".kind").text_content() or "") == contradiction["kind"]
        assert (block.locator(".about").text_content() or "") == contradiction["about"]
        claims = block.locator(".claim")
        assert claims.count() == len(contradiction["claims"])
        for j, claim in enumerate(contradiction["claims"]):
            text = claims.nth(j).text_content() or ""
            assert (claim["claimed_by"] or "unattributed") in text
            assert (claim["source"] or claim["article_id"]) in text
    assert web.count(".quantity") == len(incident["quantities"])
    web.assert_clean()

def test_dragging_a_range_on_the_timeline_filters_and_clear_restores(
        web: Watched, server: LiveServer) -> None:
    web.open("/")
    incidents = server.all_incidents()
    before = incident_count(web)
    markers_before = len(marker_ids(web))
    bars = web.page.eval_on_selector_all(
        "#timeline rect.bar",
        "els => els.map(e => { const b = e.getBoundingClientRect();"
        " return {x: b.x, width: b.width, day: e.dataset.day}; })")
    assert len(bars) >= 10
    bars.sort(key=lambda b: b["x"])
    first, last = bars[len(bars) // 3], bars[(2 * len(bars)) // 3]
    box = web.page.locator("#timeline").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    web.page.mouse.move(first["x"] - 1, y)
    web.page.mouse.down()
    web.page.mouse.move((first["x"] + last["x"]) / 2, y, steps=5)
    web.page.mouse.move(last["x"] + last["width"] + 1, y, steps=5)
    web.page.mouse.up()
    shown = web.page.text_content("#timeline-range") or ""
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})", shown.strip())
    assert match, shown
    lo, hi = match.groups()
    assert lo <= first["day"] and last["day"] <= hi
    expected = [i for i in incidents if (day := incident_day(i)) and lo <= day <= hi]
    after = incident_count(web)
    assert 0 < after < before
    assert after == len(expected)
    ids = marker_ids(web)
    assert 0 < len(ids) < markers_before
    assert set(ids) == {i["id"] for i in located(expected)}
    listed = web.page.eval_on_selector_all(
        "#incident-list li.incident-item", "els => els.map(e => e.dataset.incidentId)")
    assert set(listed) == {i["id"] for i in expected}
    web.page.click("#timeline-clear")
    assert incident_count(web) == before
    assert len(marker_ids(web)) == markers_before
    web.assert_clean()


def test_the_language_filter_keeps_only_incidents_reported_in_it(
        web: Watched, server: LiveServer) -> None:
    web.open("/")
    before = incident_count(web)
    web.page.select_option("form#filters select[name=language]", "uk")
    wait_for_refetch(web)
    ukrainian = server.all_incidents(language="uk")
    assert 0 < len(ukrainian) < before
    assert incident_count(web) == len(ukrainian)
    languages = web.texts("#incident-list li.incident-item .languages")
    assert len(languages) == len(ukrainian)
    assert all("uk" in text.split(", ") for text in languages)
    assert set(marker_ids(web)) == {i["id"] for i in located(ukrainian)}
    web.page.select_option("form#filters select[name=language]", "")
    wait_for_refetch(web)
    assert incident_count(web) == before
    web.assert_clean()



def test_type_and_date_filters_refetch_the_incidents(web: Watched, server: LiveServer) -> None:
    web.open("/")
    web.page.select_option("form#filters select[name=type]", "ASSAULT")
    wait_for_refetch(web)
    web.page.fill("form#filters input[name=since]", "2022-09-01")
    wait_for_refetch(web)
    web.page.fill("form#filters input[name=until]", "2022-10-31")
    wait_for_refetch(web)
    expected = server.all_incidents(type="ASSAULT", since="2022-09-01", until="2022-10-31")
    assert 0 < len(expected) < len(server.all_incidents(type="ASSAULT"))
    assert incident_count(web) == len(expected)
    listed = web.page.eval_on_selector_all(
        "#incident-list li.incident-item", "els => els.map(e => e.dataset.incidentId)")
    assert sorted(listed) == sorted(i["id"] for i in expected)
    assert set(marker_ids(web)) == {i["id"] for i in located(expected)}
    web.assert_clean()

def test_clicking_a_story_shows_only_its_incidents(web: Watched, server: LiveServer) -> None:
    stories = server.get("/api/v1/stories")["items"]
    story = max(stories, key=lambda s: len(s["incident_ids"]))
    web.open("/")
    web.page.click(f'#stories li.story-item[data-story-id="{story["id"]}"] button')
    wait_for_refetch(web)
    listed = web.page.eval_on_selector_all(
        "#incident-list li.incident-item", "els => els.map(e => e.dataset.incidentId)")
    expected = {i["id"] for i in server.all_incidents(story=story["id"])}
    assert listed and set(listed) == expected
    assert set(listed) <= set(story["incident_ids"])
    web.assert_clean()


# --------------------------------------------------------------------------------- search
def test_search_finds_french_and_ukrainian_articles(web: Watched) -> None:
    web.open("/")
    web.page.fill("form#search input[name=q]", "Kharkiv")
    web.page.press("form#search input[name=q]", "Enter")
    web.page.wait_for_url("**/search?q=Kharkiv")
    web.page.wait_for_selector(READY)
    assert web.page.input_value("form#search input[name=q]") == "Kharkiv"
    results = web.page.locator(".search-result")
    assert results.count() >= 2
    assert re.match(r"\d+ articles?", web.page.text_content("#search-count") or "")
    by_language: dict[str, list[str]] = {}
    for k in range(results.count()):
        result = results.nth(k)
        language = (result.locator(".language").text_content() or "").strip()
        marks = result.locator(".snippet mark").all_text_contents()
        assert marks, f"result {k} has no highlighted hit"
        by_language.setdefault(language, []).extend(marks)
        assert (result.locator("a.article-link").get_attribute("href") or "").startswith(
            "/articles/")
    assert "fr" in by_language and "uk" in by_language
    assert any(CYRILLIC.search(mark) for mark in by_language["uk"])
    web.assert_clean()


# ------------------------------------------------------------------------ article & place
@pytest.mark.parametrize("article_id", [
    "uk-kherson-povernennia", "fr-kherson-retrait", "en-kharkiv-6000-km2", "de-lyman"])
def test_the_article_text_is_shown_exactly_with_highlights(
        web: Watched, server: LiveServer, article_id: str) -> None:
    data = server.get(f"/api/v1/articles/{quote(article_id)}")
    web.open(f"/articles/{quote(article_id)}")
    assert web.page.text_content("#article-text") == data["text"]
    assert web.page.text_content("h1#article-title") == data["article"]["title"]
    assert web.count("#article-text span.hl-place a[href^='/places/']") >= 1
    assert web.count("#article-text span.hl-event a[href^='/incidents/']") >= 1
    assert web.count("#article-text span.hl-time") >= 1
    # every highlighted place is one of the record's place mentions
    names = {m for p in data["record"]["places"] for m in [p["name"], *p.get("mentions", [])]}
    shown = {t for t in web.texts("#article-text span.hl-place") if t}
    assert shown and all(any(n in t or t in n for n in names) for t in shown)
    # the event links go to the incidents the API says the events are in
    incident_links = set(web.page.eval_on_selector_all(
        "#article-text span.hl-event a", "els => els.map(e => e.getAttribute('href'))"))
    expected = {f"/incidents/{quote(i)}" for i in data["incident_of_event"].values()}
    assert incident_links and incident_links <= expected
    web.assert_clean()


def test_the_place_page_lists_the_control_change(web: Watched) -> None:
    web.open(f"/places/{quote(KHERSON_UK)}")
    name = web.page.text_content("h1#place-name") or ""
    assert "Kherson" in name or KHERSON_UK in name
    rows = web.page.locator("#control-timeline tr.control-change")
    assert rows.count() >= 1
    dates = web.texts("#control-timeline tr.control-change td.date")
    assert any(d.startswith("2022-11") for d in dates)
    holder = web.page.text_content("#holder") or ""
    assert re.search(r"held by \S+ since \d{4}", holder)
    assert web.count("#place-incidents li.incident-item") >= 1
    web.assert_clean()


def test_an_unknown_incident_says_so(web: Watched) -> None:
    web.open("/incidents/inc_does_not_exist")
    error = web.page.locator("#error")
    assert error.is_visible()
    assert (error.text_content() or "").strip()


# ------------------------------------------------------------------------------- security
def assert_nothing_ran(web: Watched) -> None:
    page = web.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert web.count("img[src=x]") == 0
    assert web.count('a[href^="javascript:" i]') == 0
    assert web.count("[onerror], [onmouseover], [onclick]") == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    scripts = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert all(s and s.startswith("/static/") for s in scripts), scripts
    web.assert_clean()


def test_hostile_article_text_is_shown_as_text_and_never_runs(
        web: Watched, server: LiveServer) -> None:
    response = web.open(f"/articles/{HOSTILE_ID}")
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "<script>window.__pwned=1</script>" in (web.page.text_content("#article-text") or "")
    assert web.page.text_content("h1#article-title") == (
        'Kherson <img src=x onerror="window.__pwned=1"> retaken')
    assert web.count("#article-meta a") == 0  # the javascript: URL is not linked
    assert_nothing_ran(web)

    incidents = set(server.get(f"/api/v1/articles/{HOSTILE_ID}")["incident_of_event"].values())
    assert incidents
    for incident_id in sorted(incidents):
        response = web.open(f"/incidents/{quote(incident_id)}")
        assert "script-src 'self'" in response.headers.get("content-security-policy", "")
        assert web.count(f'.source a.article-link[href="/articles/{HOSTILE_ID}"]') >= 1
        assert web.count(".source a.original-link") == 0 or all(
            h.startswith(("http://", "https://"))
            for h in web.page.eval_on_selector_all(".source a.original-link",
                                                   "els => els.map(e => e.href)"))
        assert_nothing_ran(web)

    response = web.open(f"/search?q={HOSTILE_WORD}")
    assert "script-src 'self'" in response.headers.get("content-security-policy", "")
    assert web.count(f'.search-result[data-article-id="{HOSTILE_ID}"]') == 1
    assert_nothing_ran(web)

    web.open("/")
    assert_nothing_ran(web)


# ---------------------------------------------------------------------------- screenshots
def test_screenshots_of_every_page(web: Watched, server: LiveServer) -> None:
    incident = kherson_withdrawal(server)
    pages = {
        "map": "/",
        "incident": f"/incidents/{quote(incident['id'])}",
        "article": "/articles/uk-kherson-povernennia",
        "place": f"/places/{quote(KHERSON_UK)}",
        "search": "/search?q=Kharkiv",
    }
    written: list[Path] = []
    for name, path in pages.items():
        web.open(path)
        written.append(screenshot(web.page, name))
    for path in written:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path
        assert len(data) > 10_000, path
    web.assert_clean()
