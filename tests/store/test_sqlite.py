from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dateline.model import Article
from dateline.store.migrations import SCHEMA_VERSION
from dateline.store.sqlite import Store, StoreError


def _record(article: Article, language: str = "en") -> dict:
    return {"id": article.id, "language": language, "places": [], "dateline_version": "t"}


def test_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "d.db") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(tmp_path / "d.db") as again:  # reopening migrates nothing twice
        assert again.schema_version == SCHEMA_VERSION


def test_article_and_analysis_saved_together_and_replaced(store: Store) -> None:
    art = Article(id="a", text="First text.", origin="a.txt")
    store.save_analysis(art, _record(art), b"\x01" * 8)
    assert store.lookup("a") is not None and store.lookup("a").analysed  # type: ignore[union-attr]
    art2 = Article(id="a", text="Second text.", origin="a.txt")
    store.save_analysis(art2, _record(art2, "fr"))
    assert store.counts() == {"articles": 1, "analysed": 1, "duplicates": 0}
    assert store.record("a")["language"] == "fr"  # type: ignore[index]
    assert store.lookup("a").content_hash == art2.content_hash  # type: ignore[union-attr]


def test_failed_write_leaves_nothing_half_written(store: Store) -> None:
    good = Article(id="good", text="Good.")
    store.save_analysis(good, _record(good))
    bad = Article(id="bad", text="Bad.")
    with pytest.raises(KeyError):  # the record lacks "language": fails after the article row
        store.save_analysis(bad, {"id": "bad"})
    assert store.lookup("bad") is None
    assert store.counts() == {"articles": 1, "analysed": 1, "duplicates": 0}


def test_duplicates_are_stored_without_analysis(store: Store) -> None:
    first = Article(id="first", text="Text.")
    store.save_analysis(first, _record(first))
    store.save_duplicate(Article(id="copy", text="Text."), "first", "exact", 1.0)
    assert store.record("copy") is None
    assert store.article("copy")["duplicate_of"] == "first"  # type: ignore[index]
    assert [k for k, _, _ in store.known_texts()] == ["first"]
    assert [r["id"] for r in store.records()] == ["first"]


def test_newer_schema_and_foreign_files_are_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}").connection.close()
    with pytest.raises(StoreError, match="newer than this dateline"):
        Store(newer)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a usable dateline database"):
        Store(junk)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing" / "x.db")


def _incident(ident: str, story: str | None = None) -> dict:
    return {"id": ident, "type": "RETREAT", "location": "Kherson", "date": "2022-11-11",
            "story_id": story, "reports": []}


def test_links_are_saved_with_what_they_link_and_replaced(store: Store) -> None:
    a, b = Article(id="a", text="A."), Article(id="b", text="B.")
    store.save_analysis(a, _record(a))
    store.save_analysis(b, _record(b))
    pending = list(store.unlinked_records())
    assert [r["id"] for _, r in pending] == ["a", "b"]
    store.save_links([_incident("inc_1", "story_1")], [], [(r["id"], at) for at, r in pending],
                     [], {"story": [("story_1", {"id": "story_1", "title": "withdrawal"})]})
    assert list(store.unlinked_records()) == []
    assert [i["story_id"] for i in store.incident_records()] == ["story_1"]
    assert [s["id"] for s in store.derived_records("story")] == ["story_1"]
    store.save_analysis(b, _record(b, "fr"))  # analysed again: to be linked again
    assert [r["id"] for _, r in store.unlinked_records()] == ["b"]
    store.save_links([_incident("inc_2")], ["inc_1"], [], [], {"story": []})
    assert [i["id"] for i in store.incident_records()] == ["inc_2"]
    assert list(store.derived_records("story")) == []


def test_a_failed_link_update_writes_nothing(store: Store) -> None:
    a = Article(id="a", text="A.")
    store.save_analysis(a, _record(a))
    store.save_links([_incident("inc_1")], [], [], [], {})
    with pytest.raises(KeyError):  # the second incident lacks its type
        store.save_links([_incident("inc_2"), {"id": "inc_3"}], ["inc_1"], [("a", "x")], [], {})
    assert [i["id"] for i in store.incident_records()] == ["inc_1"]
    assert [r["id"] for _, r in store.unlinked_records()] == ["a"]


def test_articles_that_lost_their_analysis_are_stale_links(store: Store) -> None:
    a = Article(id="a", text="Same text.")
    store.save_analysis(a, _record(a))
    store.save_links([], [], [("a", "t")], [], {})
    assert store.stale_linked() == []
    b = Article(id="b", text="Same text.")
    store.save_analysis(b, _record(b))
    store.save_duplicate(a, "b", "exact", 1.0)  # a is now a duplicate of b: no analysis
    assert store.stale_linked() == ["a"]


def _matches(store: Store, query: str) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
        "WHERE articles_fts MATCH ? ORDER BY a.id", (query,))]


def test_full_text_index_follows_every_write(store: Store) -> None:
    a = Article(id="a", text="Les troupes sont entrées à Kharkiv.", title="Kharkiv")
    store.save_analysis(a, _record(a))
    store.save_analysis(Article(id="b", text="Frappes sur Kherson."), _record(a))
    assert _matches(store, "kharkiv") == ["a"] and _matches(store, "entrees") == ["a"]
    store.save_analysis(Article(id="a", text="Texte remplacé à Kherson."), _record(a))
    assert _matches(store, "kharkiv") == [] and _matches(store, "kherson") == ["a", "b"]


def test_an_older_store_gets_its_index_built(tmp_path: Path) -> None:
    from dateline.store.migrations import MIGRATIONS
    from dateline.store.sqlite import _statements

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO articles (id, content_hash, text, ingested_at) "
                 "VALUES ('old', 'h', 'Des combats à Bakhmout.', 't')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert _matches(store, "bakhmout") == ["old"]
