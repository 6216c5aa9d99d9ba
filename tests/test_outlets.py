"""An outlet's home (dateline.outlets): learned from its other articles, used by places."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dateline.model import Article, HomeRegion
from dateline.outlets import (
    MAX_REGIONS,
    MIN_SHARE,
    OutletHomes,
    contributions,
    home_from_record,
    home_of,
    outlet_of,
)
from dateline.run import _stored_article, run_analysis
from dateline.store.migrations import MIGRATIONS, OUTLET_PLACES_SCHEMA
from dateline.store.sqlite import Store

Write = Callable[..., Path]

# A made-up local paper of East Texas: four reports name towns of its county, the fifth only
# "Paris", which for this paper's readers is Paris, Texas.
LOCAL = {
    "tyler": "Budget approved in Tyler\n\nCouncil members in Tyler, Texas, approved a new "
             "budget on Monday. Residents of Longview and Kilgore attended the meeting.",
    "lufkin": "Flooded road closed near Lufkin\n\nA road between Lufkin and Nacogdoches in East "
              "Texas was closed on Tuesday after heavy rain, officials in Angelina County said.",
    "longview": "New school opens in Longview\n\nA new school opened in Longview, Texas, on "
                "Wednesday. Families drove in from Tyler and Marshall for the ceremony.",
    "nacogdoches": "Festival returns to Nacogdoches\n\nThe spring festival returned to "
                   "Nacogdoches, Texas, on Saturday, with bands from Lufkin and Tyler.",
    "paris": "Paris council votes on repairs\n\nThe Paris city council voted on Thursday to "
             "repair the water tower. The mayor said the work would start in May.",
}


def _place(name: str, record: dict) -> dict:
    return next(p for p in record["places"] if p["name"] == name)


def _write_local(write: Write, folder: str, url: str | None) -> Path:
    for stem, text in LOCAL.items():
        write(f"{folder}/{stem}.txt", text)
        meta = {"published": "2021-04-12"}
        if url:
            meta["url"] = f"{url}/{stem}"
        write(f"{folder}/{stem}.meta.json", json.dumps(meta))
    return write(f"{folder}/.keep", "").parent


def test_outlet_is_the_url_host_else_the_source() -> None:
    assert outlet_of("https://www.courier.example/news/1", "Courier") == "courier.example"
    assert outlet_of("http://news.courier.example:8080/x", None) == "news.courier.example"
    assert outlet_of(None, "  The Courier ") == "source:the courier"
    assert outlet_of("not a url", None) is None
    assert outlet_of(None, None) is None


def test_contributions_count_confident_towns_and_regions_by_admin1() -> None:
    record = {"places": [
        {"kind": "city", "country": "US", "admin1": "Texas", "gazetteer_id": "geonames:1",
         "lat": 32.3, "lon": -95.3, "method": "ner+gazetteer:ner:GPE"},
        {"kind": "village", "country": "US", "admin1": "Texas", "gazetteer_id": "geonames:2",
         "lat": 31.3, "lon": -94.7, "method": "ner+gazetteer:ner:LOC"},
        {"kind": "city", "country": "US", "admin1": "Ohio", "gazetteer_id": "geonames:3",
         "lat": 39.9, "lon": -83.0, "method": "ner+gazetteer:ner-relabelled:PERSON"},
        {"kind": "country", "country": "US", "admin1": None, "gazetteer_id": "geonames:4",
         "lat": 39.8, "lon": -98.5, "method": "ner+gazetteer:ner:GPE"},
        {"kind": "other", "country": None, "admin1": None, "gazetteer_id": None,
         "lat": None, "lon": None, "method": "ner+gazetteer:ner:FAC"},
    ]}
    assert contributions(record) == {("US", "Texas"): 2}
    # "Moscow said ...": every outlet names the metropolises; they make no home
    capital = {"kind": "city", "country": "RU", "admin1": "Moscow", "population": 10_381_222,
               "gazetteer_id": "geonames:524901", "lat": 55.8, "lon": 37.6,
               "method": "ner+gazetteer:ner:GPE"}
    assert contributions({"places": [capital]}) == {}


def test_home_needs_several_other_articles_and_a_large_share() -> None:
    rows = [("a", "US", "Texas", 3), ("b", "US", "Texas", 2), ("b", "FR", "Île-de-France", 1),
            ("c", "US", "Texas", 1), ("d", "US", "Ohio", 1)]
    assert home_of(rows) == (HomeRegion("US", "Texas", 0.75),)
    assert home_of(rows, exclude="a") == (HomeRegion("US", "Texas", 0.6),)
    assert home_of(rows[:3]) == ()  # two articles only
    # Ohio holds a quarter of the places, but of one article only.
    assert HomeRegion("US", "Ohio", 0.12) not in home_of(rows)


_ROWS = st.lists(st.tuples(st.sampled_from("abcdefg"), st.sampled_from(["US", "FR"]),
                           st.sampled_from(["Texas", "Ohio", "Bretagne"]),
                           st.integers(1, 5)), max_size=30)


@given(_ROWS, st.sampled_from("abcdefgz"))
def test_home_shares_are_bounded_and_exclusion_is_exact(rows: list, exclude: str) -> None:
    home = home_of(rows, exclude=exclude)
    assert len(home) <= MAX_REGIONS
    assert all(MIN_SHARE <= h.share <= 1.0 for h in home)
    assert [h.share for h in home] == sorted((h.share for h in home), reverse=True)
    assert home == home_of([r for r in rows if r[0] != exclude])
    assert home_from_record({"outlet_home": [
        {"country": h.country, "admin1": h.admin1, "share": h.share} for h in home]}) == home


def test_store_keeps_contributions_and_upgrades_old_databases(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for number in range(OUTLET_PLACES_SCHEMA - 1):
        conn.executescript(MIGRATIONS[number])
    conn.execute(f"PRAGMA user_version = {OUTLET_PLACES_SCHEMA - 1}")
    record = {"id": "a", "language": "en", "places": [
        {"kind": "city", "country": "US", "admin1": "Texas", "gazetteer_id": "geonames:1",
         "lat": 32.3, "lon": -95.3, "method": "ner+gazetteer:ner:GPE"}]}
    conn.execute("INSERT INTO articles (id, content_hash, url, text, ingested_at) "
                 "VALUES ('a', 'h', 'https://www.courier.example/a', 'x', 'now')")
    conn.execute("INSERT INTO analyses VALUES ('a', ?, 'en', '0', 'now')", (json.dumps(record),))
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert list(store.outlet_rows()) == [("courier.example", "a", "US", "Texas", 1)]


def test_a_local_paper_learns_its_home_and_reads_its_towns_there(
        write: Write, tmp_path: Path) -> None:
    corpus = _write_local(write, "courier", "https://www.pineycourier.example/2021")
    out = tmp_path / "out.jsonl"
    with Store(tmp_path / "s.db") as store:
        result = run_analysis([str(corpus)], store, jsonl=str(out))
        assert result.ok and result.analysed == 5 and result.rehomed == 5
        records = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
        assert sorted(records) == sorted(LOCAL)  # one line per article, the final record
        paris = _place("Paris", records["paris"])
        assert (paris["country"], paris["admin1"]) == ("US", "Texas")
        assert records["paris"]["outlet_home"][0]["admin1"] == "Texas"
        assert store.record("paris") == records["paris"]
        # The homes are settled: a second run finds nothing to do.
        again = run_analysis([str(corpus)], store)
        assert again.unchanged == 5 and again.analysed == 0 and again.rehomed == 0


def test_without_an_outlet_paris_is_paris_france(write: Write, tmp_path: Path) -> None:
    corpus = _write_local(write, "loose", None)
    with Store(tmp_path / "s.db") as store:
        result = run_analysis([str(corpus)], store, rehome=True)
        assert result.rehomed == 0
        paris = _place("Paris", store.record("paris"))  # type: ignore[arg-type]
        assert paris["country"] == "FR"
        assert OutletHomes(store.outlet_rows()).home(store_article(store, "paris")) == ()


def store_article(store: Store, article_id: str) -> Article:
    record = store.record(article_id)
    assert record is not None
    article = _stored_article(store, article_id, record)
    assert article is not None
    return article


def test_cli_lists_outlet_homes_and_can_skip_the_second_pass(write: Write,
                                                             tmp_path: Path) -> None:
    from tests.conftest import run_cli

    corpus = _write_local(write, "courier", "https://www.pineycourier.example/2021")
    db = tmp_path / "cli.db"
    first = run_cli("analyze", str(corpus), "--db", str(db), "--no-rehome", "--no-link")
    assert first.returncode == 0, first.stderr
    assert "analysed again" not in first.stderr
    with Store(db) as store:
        assert _place("Paris", store.record("paris"))["country"] == "FR"  # type: ignore[arg-type]
    listed = run_cli("outlets", "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    assert "pineycourier.example" in listed.stdout and "Texas (US)" in listed.stdout
    # The next run finds the records made without the home stale, and analyses them again.
    second = run_cli("analyze", str(corpus), "--db", str(db), "--no-link")
    assert second.returncode == 0, second.stderr
    with Store(db) as store:
        assert _place("Paris", store.record("paris"))["admin1"] == "Texas"  # type: ignore[arg-type]
