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
