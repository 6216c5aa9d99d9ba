"""The embedded store: SQLite in WAL mode, schema versioned by migrations.

Every article is written in one transaction with its analysis (or its duplicate link), so a
crash at any point leaves each earlier article whole and no half-written one.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.model import Article
from dateline.outlets import article_outlet, contributions, outlet_of
from dateline.store.migrations import MIGRATIONS, OUTLET_PLACES_SCHEMA, SCHEMA_VERSION


class StoreError(Exception):
    """The store cannot be opened or used (not a dateline database, newer schema, ...)."""


def _now(timespec: str = "seconds") -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec=timespec)


@dataclass(frozen=True)
class StoredArticle:
    id: str
    content_hash: str
    duplicate_of: str | None
    analysed: bool


class Store:
    """A dateline database. ``Store(":memory:")`` for a throwaway one."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.is_dir():
                raise StoreError(f"{self.path}: folder {parent} does not exist")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable dateline database ({exc})") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # schema -------------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this dateline "
                f"({SCHEMA_VERSION}); upgrade dateline"
            )
        for number in range(version, SCHEMA_VERSION):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if self.schema_version == number:  # another process may have migrated
                    for statement in _statements(MIGRATIONS[number]):
                        self.conn.execute(statement)
                    if number + 1 == OUTLET_PLACES_SCHEMA:
                        self._fill_outlet_places()
                    self.conn.execute(f"PRAGMA user_version = {number + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def _fill_outlet_places(self) -> None:
        rows = self.conn.execute(
            """SELECT a.id, a.url, a.source, n.record FROM analyses n
               JOIN articles a ON a.id = n.article_id""").fetchall()
        for row in rows:
            self._save_outlet_places(row["id"], outlet_of(row["url"], row["source"]),
                                     json.loads(row["record"]))

    def _save_outlet_places(self, article_id: str, outlet: str | None,
                            record: dict[str, Any] | None) -> None:
        self.conn.execute("DELETE FROM outlet_places WHERE article_id = ?", (article_id,))
        if outlet is None or record is None:
            return
        self.conn.executemany(
            "INSERT INTO outlet_places (article_id, outlet, country, admin1, places) "
            "VALUES (?,?,?,?,?)",
            [(article_id, outlet, country, admin1, n)
             for (country, admin1), n in sorted(contributions(record).items())],
        )

    # writes: one transaction per article --------------------------------------------------
    def _upsert_article(self, article: Article, minhash: bytes | None,
                        duplicate: tuple[str, str, float] | None) -> None:
        dup_of, dup_kind, sim = duplicate or (None, None, None)
        self.conn.execute(
            """INSERT INTO articles (id, content_hash, title, published, source, url, language,
                   origin, text, minhash, duplicate_of, duplicate_kind, similarity, ingested_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(id) DO UPDATE SET content_hash=excluded.content_hash,
                   title=excluded.title, published=excluded.published, source=excluded.source,
                   url=excluded.url, language=excluded.language, origin=excluded.origin,
                   text=excluded.text, minhash=COALESCE(excluded.minhash, articles.minhash),
                   duplicate_of=excluded.duplicate_of, duplicate_kind=excluded.duplicate_kind,
                   similarity=excluded.similarity, ingested_at=excluded.ingested_at""",
            (article.id, article.content_hash, article.title, article.published, article.source,
             article.url, article.language, article.origin, article.text, minhash,
             dup_of, dup_kind, sim, _now()),
        )

    def save_analysis(self, article: Article, record: dict[str, Any],
                      minhash: bytes | None = None) -> None:
        """Store an article and its analysis record together, or neither."""
        payload = json.dumps(record, ensure_ascii=False, sort_keys=False)
        with self._transaction():
            self._upsert_article(article, minhash, None)
            self.conn.execute(
                """INSERT INTO analyses (article_id, record, language, dateline_version,
                       analyzed_at) VALUES (?,?,?,?,?)
                   ON CONFLICT(article_id) DO UPDATE SET record=excluded.record,
                       language=excluded.language, dateline_version=excluded.dateline_version,
                       analyzed_at=excluded.analyzed_at""",
                (article.id, payload, record["language"], record.get("dateline_version", ""),
                 _now("microseconds")),  # also the analysis's version for linking
            )
            self._save_outlet_places(article.id, article_outlet(article), record)

    def save_duplicate(self, article: Article, of: str, kind: str, similarity: float,
                       minhash: bytes | None = None) -> None:
        """Store an article as a duplicate of ``of``; it has no analysis of its own."""
        with self._transaction():
            self.conn.execute("DELETE FROM analyses WHERE article_id = ?", (article.id,))
            self._save_outlet_places(article.id, None, None)
            self._upsert_article(article, minhash, (of, kind, similarity))

    def _transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    def start_run(self, inputs: list[str]) -> int:
        cur = self.conn.execute(
            "INSERT INTO runs (started_at, inputs) VALUES (?, ?)", (_now(), json.dumps(inputs))
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
            (_now(), json.dumps(summary, ensure_ascii=False), run_id),
        )

    # reads --------------------------------------------------------------------------------
    def lookup(self, article_id: str) -> StoredArticle | None:
        row = self.conn.execute(
            """SELECT a.id, a.content_hash, a.duplicate_of, n.article_id IS NOT NULL AS analysed
               FROM articles a LEFT JOIN analyses n ON n.article_id = a.id WHERE a.id = ?""",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return StoredArticle(row["id"], row["content_hash"], row["duplicate_of"],
                             bool(row["analysed"]))

    def known_texts(self) -> Iterator[tuple[str, str, bytes | None]]:
        """(id, content hash, MinHash bytes) of every first (non-duplicate) article."""
        for row in self.conn.execute(
            "SELECT id, content_hash, minhash FROM articles WHERE duplicate_of IS NULL "
            "ORDER BY rowid"
        ):
            yield row["id"], row["content_hash"], row["minhash"]

    def outlet_rows(self) -> Iterator[tuple[str, str, str, str, int]]:
        """Every (outlet, article id, country, admin-1, places) row: a snapshot for
        :class:`dateline.outlets.OutletHomes`."""
        for row in self.conn.execute(
                "SELECT outlet, article_id, country, admin1, places FROM outlet_places"):
            yield row[0], row[1], row[2], row[3], row[4]

    def record(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT record FROM analyses WHERE article_id = ?", (article_id,)
        ).fetchone()
        return json.loads(row["record"]) if row else None

    def article(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            """SELECT id, title, published, source, url, language, origin, duplicate_of,
                      duplicate_kind, similarity, ingested_at FROM articles WHERE id = ?""",
            (article_id,),
        ).fetchone()
        return dict(row) if row else None

    def text(self, article_id: str) -> str | None:
        """The article's text exactly as read (what record offsets index)."""
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def records(self) -> Iterator[dict[str, Any]]:
        """Every stored analysis record, in the order the articles were first stored."""
        for row in self.conn.execute(
            "SELECT n.record FROM analyses n JOIN articles a ON a.id = n.article_id "
            "ORDER BY a.rowid"
        ):
            yield json.loads(row["record"])

    # the cross-article layer -------------------------------------------------------------
    def unlinked_records(self, *, every: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
        """(analysed_at, record) of every analysis not linked yet, or analysed again since
        it was linked (with ``every``: of every analysis), in the order the articles were
        first stored."""
        where = "" if every else (
            " WHERE l.analyzed_at IS NULL OR l.analyzed_at != n.analyzed_at")
        for row in self.conn.execute(
            "SELECT n.analyzed_at, n.record FROM analyses n JOIN articles a ON a.id = n.article_id"
            " LEFT JOIN linked_articles l ON l.article_id = n.article_id"
            f"{where} ORDER BY a.rowid"
        ):
            yield row["analyzed_at"], json.loads(row["record"])

    def stale_linked(self) -> list[str]:
        """Linked articles that have no analysis any more (now a duplicate, or deleted)."""
        return [row[0] for row in self.conn.execute(
            "SELECT l.article_id FROM linked_articles l LEFT JOIN analyses n"
            " ON n.article_id = l.article_id WHERE n.article_id IS NULL")]

    def incident_records(self) -> Iterator[dict[str, Any]]:
        """Every stored incident record, by first date then id."""
        for row in self.conn.execute("SELECT record FROM incidents ORDER BY date, id"):
            yield json.loads(row["record"])

    def derived_records(self, kind: str) -> Iterator[dict[str, Any]]:
        """The stored stories, contradictions or control changes ("story", "contradiction",
        "control"), in the order they were saved."""
        for row in self.conn.execute(
            "SELECT record FROM derived WHERE kind = ? ORDER BY rowid", (kind,)
        ):
            yield json.loads(row["record"])

    def save_links(self, incidents: list[dict[str, Any]], removed: list[str],
                   linked: list[tuple[str, str]], unlinked: list[str],
                   derived: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
        """One transaction: upsert changed incident records, delete removed ones, note which
        analyses (article id, analysed_at) are now linked, and replace the derived tables
        given (kind -> [(id, record)]). Nothing is written if any part fails."""
        with self._transaction():
            self.conn.executemany("DELETE FROM incidents WHERE id = ?", [(i,) for i in removed])
            self.conn.executemany(
                """INSERT INTO incidents (id, record, type, location, date, story_id)
                   VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET record=excluded.record,
                   type=excluded.type, location=excluded.location, date=excluded.date,
                   story_id=excluded.story_id""",
                [(r["id"], json.dumps(r, ensure_ascii=False), r["type"], r.get("location"),
                  r.get("date"), r.get("story_id")) for r in incidents],
            )
            self.conn.executemany(
                "DELETE FROM linked_articles WHERE article_id = ?", [(a,) for a in unlinked])
            self.conn.executemany(
                """INSERT INTO linked_articles (article_id, analyzed_at) VALUES (?,?)
                   ON CONFLICT(article_id) DO UPDATE SET analyzed_at=excluded.analyzed_at""",
                linked,
            )
            for kind, rows in derived.items():
                self.conn.execute("DELETE FROM derived WHERE kind = ?", (kind,))
                self.conn.executemany(
                    "INSERT INTO derived (kind, id, record) VALUES (?,?,?)",
                    [(kind, i, json.dumps(r, ensure_ascii=False)) for i, r in rows],
                )

    def counts(self) -> dict[str, int]:
        one = self.conn.execute
        return {
            "articles": one("SELECT count(*) FROM articles").fetchone()[0],
            "analysed": one("SELECT count(*) FROM analyses").fetchone()[0],
            "duplicates": one(
                "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"
            ).fetchone()[0],
        }


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a script, each whole (a trigger's body keeps its semicolons)."""
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        raise StoreError(f"incomplete SQL statement in a migration: {pending.strip()[:60]}")


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (including KeyboardInterrupt)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
