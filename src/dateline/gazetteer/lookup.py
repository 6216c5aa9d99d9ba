"""Query the gazetteer index: place name in any language or script -> candidate places."""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.gazetteer.build import SCHEMA, build_index, default_index_path
from dateline.gazetteer.fold import fold, skeleton

# Output-contract kinds: the record schema knows city|village|region|country|river|other.
_RECORD_KIND = {"sea": "other", "district": "region"}
_PLACE_COLUMNS = ("p.id, p.name, p.kind, p.feature_code, p.country, p.admin1, p.lat, p.lon, "
                  "p.population")
_BY_KEY_SQL = (f"SELECT {_PLACE_COLUMNS}, n.name, n.lang FROM names AS n "
               "JOIN places AS p ON p.id = n.place_id WHERE n.key_kind = ? AND n.key = ?")
_BUILD_LOCK = threading.Lock()


def record_kind(kind: str) -> str:
    """The record-schema kind of a gazetteer kind (sea and other -> "other")."""
    return _RECORD_KIND.get(kind, kind)


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to.

    `match` is "fold" or "skeleton" for `Gazetteer.candidates`; places fetched by id
    (`get`, `country`, `admin1_of`) report ``match="id"`` and their own name as matched_name.
    """

    gazetteer_id: str
    name: str
    kind: str
    record_kind: str
    feature_code: str | None
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    matched_name: str
    match: str
    lang: str | None  # the languages whose name matched ("de,es,it,pt"), None if unknown


def _candidate(row: tuple[Any, ...], match: str) -> Candidate:
    gid, name, kind, code, country, admin1, lat, lon, population = row[:9]
    matched, lang = (row[9], row[10]) if len(row) > 9 else (name, None)
    return Candidate(gazetteer_id=gid, name=name, kind=kind, record_kind=record_kind(kind),
                     feature_code=code, country=country, admin1=admin1, lat=lat, lon=lon,
                     population=population or 0, matched_name=matched, match=match,
                     lang=lang)


class GazetteerError(RuntimeError):
    """The index is missing or was built by an incompatible version."""


class Gazetteer:
    """A read-only view of one index file; safe to share between threads (one SQLite
    connection per thread) and to pickle (it reopens by path in the other process)."""

    def __init__(self, path: Path) -> None:
        self._path = Path(path).resolve()
        self._local = threading.local()
        self.meta = self._read_meta()
        if self.meta.get("schema") != SCHEMA:
            raise GazetteerError(f"{self._path}: index schema {self.meta.get('schema')}, "
                                 f"this dateline reads schema {SCHEMA}; rebuild it")

    @classmethod
    def open(cls, path: Path | None = None, *, build: bool = True) -> Gazetteer:
        """Open the index at `path` (default: `default_index_path()`), building it first when
        it is missing (or, for the default path, of an older schema) and `build` is true."""
        target = Path(path) if path is not None else default_index_path()
        with _BUILD_LOCK:
            if not target.exists() or (path is None and _schema_of(target) != SCHEMA):
                if not build:
                    raise GazetteerError(f"{target}: no gazetteer index (build it first)")
                print(f"dateline: building the gazetteer index at {target} "
                      "(once; about a minute)...", file=sys.stderr, flush=True)
                report = build_index(target)
                print(f"dateline: gazetteer ready: {report.places} places, "
                      f"{report.seconds:.0f} s", file=sys.stderr, flush=True)
        return cls(target)

    @property
    def path(self) -> Path:
        """The index file."""
        return self._path

    # --- connections ---------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = f"{self._path.as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
        return conn

    def _read_meta(self) -> dict[str, Any]:
        try:
            rows = self._conn().execute("SELECT key, value FROM meta").fetchall()
        except sqlite3.Error as exc:
            raise GazetteerError(f"{self._path}: not a gazetteer index ({exc})") from exc
        return {key: json.loads(value) for key, value in rows}

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def __getstate__(self) -> dict[str, Any]:
        return {"path": str(self._path)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(Path(state["path"]))  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"Gazetteer({str(self._path)!r})"

    # --- queries -------------------------------------------------------------------------
    def candidates(self, name: str, *, limit: int = 40) -> list[Candidate]:
        """Places `name` may refer to: fold matches first, then skeleton matches; within each,
        by population (largest first), then id; each place once; at most `limit`."""
        return list(self._candidates(name, limit))

    @lru_cache(maxsize=4096)  # noqa: B019 - bounded, and the Gazetteer lives as long as the process
    def _candidates(self, name: str, limit: int) -> tuple[Candidate, ...]:
        key = fold(name)
        if not key or limit <= 0:
            return ()
        conn = self._conn()
        found: dict[str, Candidate] = {}
        for kind, value in (("fold", key), ("skeleton", skeleton(name))):
            if not value:
                continue
            rows = conn.execute(_BY_KEY_SQL, (kind, value)).fetchall()
            rows.sort(key=lambda r: (-(r[8] or 0), r[0]))
            for row in rows:
                if row[0] not in found:
                    found[row[0]] = _candidate(row, kind)
                    if len(found) >= limit:
                        return tuple(found.values())
        return tuple(found.values())

    def has_name(self, name: str) -> bool:
        """Whether fold(name) or skeleton(name) is a key of the index (one indexed probe)."""
        key = fold(name)
        if not key:
            return False
        sk = skeleton(name)
        row = self._conn().execute(
            "SELECT 1 FROM names WHERE (key_kind = 'fold' AND key = ?) "
            "OR (key_kind = 'skeleton' AND key = ?) LIMIT 1", (key, sk or "\x00")).fetchone()
        return row is not None

    def get(self, gazetteer_id: str) -> Candidate | None:
        """The place with this id ("geonames:706448", "dateline:dnieper"), if any."""
        row = self._conn().execute(
            f"SELECT {_PLACE_COLUMNS} FROM places AS p WHERE p.id = ?", (gazetteer_id,)
        ).fetchone()
        return _candidate(row, "id") if row else None

    def names_of(self, gazetteer_id: str) -> list[str]:
        """Every name the index holds for a place, in any language or script ("Kharkiv",
        "Kharkov", "Харків", "Charkiw" ...), main name first, each once."""
        rows = self._conn().execute(
            "SELECT DISTINCT n.name FROM names AS n WHERE n.place_id = ? AND n.key_kind = 'fold'",
            (gazetteer_id,)).fetchall()
        place = self.get(gazetteer_id)
        names = sorted({r[0] for r in rows})
        if place is not None:
            names = [place.name, *(n for n in names if n != place.name)]
        return names

    def country(self, iso2: str) -> Candidate | None:
        """The country with ISO 3166-1 alpha-2 code `iso2` (its centre point), if any."""
        row = self._conn().execute(
            f"SELECT {_PLACE_COLUMNS} FROM places AS p WHERE p.kind = 'country' "
            "AND p.country = ? ORDER BY p.feature_code != 'PCLI', p.population DESC LIMIT 1",
            (iso2.upper(),)).fetchone()
        return _candidate(row, "id") if row else None

    def admin1_of(self, candidate: Candidate) -> Candidate | None:
        """The admin-1 (ADM1) region containing `candidate` (itself for an ADM1 region), or
        None for countries, seas and places whose admin-1 region is unknown."""
        conn = self._conn()
        row = conn.execute("SELECT country, admin1_code FROM places WHERE id = ?",
                           (candidate.gazetteer_id,)).fetchone()
        if row is None or not row[0] or not row[1]:
            return None
        region = conn.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places AS p WHERE p.country = ? "
            "AND p.admin1_code = ? AND p.feature_code = 'ADM1' ORDER BY p.id LIMIT 1",
            row).fetchone()
        return _candidate(region, "id") if region else None


@lru_cache(maxsize=1)
def built_gazetteer() -> Gazetteer | None:
    """The default index, opened once per process, if it is already built, else None: for
    queries (search, control), which must never start a build."""
    try:
        return Gazetteer.open(build=False)
    except GazetteerError:
        return None


def _schema_of(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None
