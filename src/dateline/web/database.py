"""Read-only access to a dateline store for the web server.

The server never writes: every connection is opened with SQLite's ``mode=ro`` URI and
``PRAGMA query_only=ON``, so it cannot change the store even by mistake, and in WAL mode it
reads consistent snapshots while ``dateline analyze`` writes. Each worker thread keeps one
connection (FastAPI runs plain ``def`` endpoints in a thread pool, so there are at most as many
connections as pool threads).

:meth:`ReadOnlyDatabase.version` tells whether the store changed since a given moment, so
caches built from it (see :mod:`dateline.web.snapshot`) know when to rebuild. ``PRAGMA
data_version`` is only comparable on one connection, hence one dedicated watcher connection
behind a lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dateline.store.migrations import SCHEMA_VERSION
from dateline.store.sqlite import StoreError

__all__ = ["ReadOnlyDatabase"]

# Tables (and the search index) the web app reads: a store missing any is not one it can serve.
_REQUIRED_TABLES = ("articles", "analyses", "incidents", "derived", "articles_fts")


class ReadOnlyDatabase:
    """One dateline store, opened read-only; check it with :meth:`check` before serving."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).resolve()
        self._uri = f"{self.path.as_uri()}?mode=ro"
        self._local = threading.local()
        self._watcher: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._uri, uri=True, isolation_level=None, timeout=30,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only=ON")
        return conn

    def check(self) -> None:
        """Raise :class:`StoreError` with a clear message unless the file is a dateline store
        of the schema this version reads."""
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no database there (run `dateline analyze` first)")
        try:
            conn = self._connect()
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                tables = {row[0] for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a dateline database ({exc})") from None
        missing = [t for t in _REQUIRED_TABLES if t not in tables]
        if version == 0 or (missing and version >= SCHEMA_VERSION):
            raise StoreError(f"{self.path}: not a dateline database (no {', '.join(missing)})")
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is older than this dateline's "
                f"({SCHEMA_VERSION}); run `dateline link` on it once to upgrade it"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this dateline "
                f"({SCHEMA_VERSION}); upgrade dateline"
            )

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection inside one read transaction: every query in the block sees
        the same state of the store, whatever a writer commits meanwhile."""
        conn = self.connection()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def version(self) -> int:
        """A number that changes whenever another connection commits to the store."""
        with self._watch_lock:
            if self._watcher is None:
                self._watcher = self._connect()
            return int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
