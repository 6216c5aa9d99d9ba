"""Full-text search over the stored articles, across languages for place names.

The query is split into terms. A term (or a run of two or three terms, "Wad Madani") that the
gazetteer knows as a place is widened to every Latin- or Cyrillic-script name of that place, so
"Kharkiv" also finds "Kharkov", "Charkiw" and "Харків"; and to the articles whose analysis
resolved a place to that gazetteer id, which covers inflected forms no name list holds
("Харкова"). Which places a term means: those among its gazetteer candidates that some stored
article mentions; failing that, large places (cities of 100,000 or more) matched by name.

Every term is sent to FTS5 as a quoted phrase (quotes doubled), never as query syntax, so no
input can inject operators; a query without a letter or digit finds nothing. Terms are ANDed,
a place's names ORed. Results: full-text matches by rank, then place-only matches, newest first.

Snippets are lists of segments ``{"text", "hit"}`` cut around the hits, found by tokenising the
text the way FTS5's unicode61 tokenizer does (letters and digits, case and accents ignored) and,
for place matches, from the record's mention spans. Never HTML: the page renders them as text.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dateline.gazetteer.lookup import Gazetteer, built_gazetteer

__all__ = ["SearchPlan", "load_place_index", "plan", "search"]

_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_MAX_SPAN = 3  # words in a multi-word place name tried as one term
_MIN_POPULATION = 100_000  # a place not in the store widens a term only when this large
_NAMES_PER_PLACE = 40
_SNIPPETS = 3
_CONTEXT = 70  # characters of context either side of a hit
PlaceIndex = dict[str, frozenset[int]]  # gazetteer id -> article rowids


def load_place_index(conn: sqlite3.Connection) -> PlaceIndex:
    """Which stored (first, non-duplicate) articles mention each gazetteer place."""
    index: dict[str, set[int]] = defaultdict(set)
    for rowid, gid in conn.execute(
        "SELECT a.rowid, p.value ->> 'gazetteer_id' FROM analyses n "
        "JOIN articles a ON a.id = n.article_id, json_each(n.record, '$.places') p "
        "WHERE a.duplicate_of IS NULL AND p.value ->> 'gazetteer_id' IS NOT NULL"):
        index[gid].add(int(rowid))
    return {gid: frozenset(ids) for gid, ids in index.items()}


# --- the query ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One term of the query with what it was widened to: phrases (the term first) and the
    gazetteer ids of the places it names."""

    phrases: tuple[str, ...]
    places: frozenset[str]

    def fts(self) -> str:
        return "(" + " OR ".join(_quote(p) for p in self.phrases) + ")"


@dataclass(frozen=True)
class SearchPlan:
    groups: tuple[Group, ...]

    @property
    def expanded(self) -> list[str]:
        seen: dict[str, None] = {}
        for group in self.groups:
            seen.update(dict.fromkeys(group.phrases))
        return list(seen)

    def fts(self) -> str:
        return " AND ".join(g.fts() for g in self.groups)


def _quote(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


def _terms(query: str) -> list[str]:
    """Whitespace-separated words with outer punctuation stripped; those without a letter or
    digit dropped (they would be empty phrases to FTS5)."""
    terms = []
    for raw in query.split():
        words = _WORD.findall(raw)
        if words:
            start, end = raw.find(words[0]), raw.rfind(words[-1]) + len(words[-1])
            terms.append(raw[start:end])
    return terms


def _is_code(name: str) -> bool:
    """A short all-capitals alternate name (an airport or postal code: "HRK", "THE")."""
    return name.isupper() and len(name) <= 4


def _capitalised(name: str) -> bool:
    """Whether a name has a capital letter: a real spelling, not a lower-case romanised key
    of a name in another script ("haleukiu", "ha er ke fu")."""
    return any(ch.isupper() for ch in name)


def _latin_or_cyrillic(name: str) -> bool:
    return all(unicodedata.name(ch, "").startswith(("LATIN", "CYRILLIC"))
               for ch in name if ch.isalpha())


def _places(gazetteer: Gazetteer, term: str, index: PlaceIndex, *, stored_only: bool) -> list[str]:
    candidates = [c for c in gazetteer.candidates(term) if not _is_code(c.matched_name)]
    stored = [c.gazetteer_id for c in candidates if c.gazetteer_id in index]
    if stored or stored_only:
        return stored
    return [c.gazetteer_id for c in candidates
            if c.match == "fold" and c.population >= _MIN_POPULATION]


def _names(gazetteer: Gazetteer, places: Iterable[str]) -> list[str]:
    names: list[str] = []
    for gid in places:
        kept = [n for n in gazetteer.names_of(gid) if _WORD.search(n) and not _is_code(n)
                and _latin_or_cyrillic(n) and _capitalised(n)]
        names.extend(kept[:_NAMES_PER_PLACE])
    return names


def _group(gazetteer: Gazetteer | None, term: str, places: list[str]) -> Group:
    phrases = dict.fromkeys([term])
    if gazetteer is not None:
        seen = {_norm(term)}
        for name in _names(gazetteer, places):
            if _norm(name) not in seen:
                seen.add(_norm(name))
                phrases[name] = None
    return Group(tuple(phrases), frozenset(places))


def plan(query: str, index: PlaceIndex) -> SearchPlan:
    """The search a query stands for: its terms, place names widened (see the module doc)."""
    gazetteer = built_gazetteer()
    terms = _terms(query)
    groups: list[Group] = []
    i = 0
    while i < len(terms):
        for size in range(min(_MAX_SPAN, len(terms) - i), 0, -1):
            term = " ".join(terms[i:i + size])
            places = (_places(gazetteer, term, index, stored_only=size > 1)
                      if gazetteer is not None else [])
            if places or size == 1:
                groups.append(_group(gazetteer, term, places))
                i += size
                break
    return SearchPlan(tuple(groups))


# --- running it --------------------------------------------------------------------------------


def _fts_rowids(conn: sqlite3.Connection, expression: str) -> list[int]:
    try:
        return [int(r[0]) for r in conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank",
            (expression,))]
    except sqlite3.OperationalError:  # an expression FTS5 refuses: treat as no match
        return []


def _matches(conn: sqlite3.Connection, search: SearchPlan, index: PlaceIndex) -> list[int]:
    """Article rowids matching every group, full-text matches first (by rank)."""
    found: set[int] | None = None
    for group in search.groups:
        ids = set(_fts_rowids(conn, group.fts()))
        for gid in group.places:
            ids |= index.get(gid, frozenset())
        found = ids if found is None else found & ids
    if not found:
        return []
    ranked = [r for r in _fts_rowids(conn, search.fts()) if r in found]
    rest = found - set(ranked)
    if rest:
        marks = ",".join("?" * len(rest))
        ranked += [int(r[0]) for r in conn.execute(
            f"SELECT rowid FROM articles WHERE rowid IN ({marks}) "
            "ORDER BY published IS NULL, published DESC, id", sorted(rest))]
    first = {int(r[0]) for r in conn.execute(
        f"SELECT rowid FROM articles WHERE duplicate_of IS NULL AND rowid IN "
        f"({','.join('?' * len(ranked))})", ranked)}
    return [r for r in ranked if r in first]


def search(conn: sqlite3.Connection, query: str, index: PlaceIndex, limit: int,
           offset: int) -> dict[str, Any]:
    """Articles matching ``query`` (see the module doc), with snippets."""
    search_plan = plan(query, index)
    if not search_plan.groups:
        return {"total": 0, "items": [], "expanded": []}
    rowids = _matches(conn, search_plan, index)
    items = [_item(conn, rowid, search_plan) for rowid in rowids[offset:offset + limit]]
    return {"total": len(rowids), "items": items, "expanded": search_plan.expanded}


def _item(conn: sqlite3.Connection, rowid: int, search_plan: SearchPlan) -> dict[str, Any]:
    row = conn.execute(
        "SELECT a.id, a.title, a.published, coalesce(n.language, a.language) AS language, "
        "a.source, a.text, n.record ->> '$.places' AS places FROM articles a "
        "LEFT JOIN analyses n ON n.article_id = a.id WHERE a.rowid = ?", (rowid,)).fetchone()
    phrases = search_plan.expanded
    places = frozenset().union(*(g.places for g in search_plan.groups))
    hits = phrase_hits(row["text"], phrases) + _place_spans(row["places"], places)
    snippets = snippets_of(row["text"], hits)
    if not snippets and row["title"]:
        snippets = snippets_of(row["title"], phrase_hits(row["title"], phrases))
    return {"id": row["id"], "title": row["title"], "published": row["published"],
            "language": row["language"], "source": row["source"], "snippets": snippets}


def _place_spans(places_json: str | None, places: frozenset[str]) -> list[tuple[int, int]]:
    """The mention spans of the record's places with one of these gazetteer ids."""
    if not places_json or not places:
        return []
    spans = []
    for place in json.loads(places_json):
        if place.get("gazetteer_id") in places:
            spans.extend((int(s["start"]), int(s["end"])) for s in place.get("spans") or [])
    return spans


# --- hits and snippets -------------------------------------------------------------------------


def _norm(token: str) -> str:
    """A token as unicode61 with remove_diacritics compares it: no accents, case folded."""
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(_norm(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def phrase_hits(text: str, phrases: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of any phrase in ``text``, token by token."""
    wanted = {tuple(t for t, _, _ in _tokens(p)) for p in phrases}
    wanted.discard(())
    if not wanted:
        return []
    tokens = _tokens(text)
    words = [t for t, _, _ in tokens]
    hits = []
    for phrase in wanted:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase:
                hits.append((tokens[i][1], tokens[i + n - 1][2]))
    return hits


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """A window around [start, end) with some context, widened to whole words."""
    left, right = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    while 0 < left < start and not text[left - 1].isspace():
        left -= 1
    while end < right < len(text) and not text[right].isspace():
        right += 1
    return left, right


def snippets_of(text: str, hits: Iterable[tuple[int, int]]) -> list[list[dict[str, Any]]]:
    """Up to three passages of ``text`` around the hits, as text segments flagged hit or not
    ("…" marks a cut)."""
    spans = [(s, e) for s, e in _merge(hits) if 0 <= s < e <= len(text)]
    snippets: list[list[dict[str, Any]]] = []
    i = 0
    while i < len(spans) and len(snippets) < _SNIPPETS:
        left, right = _cut(text, *spans[i])
        segments: list[dict[str, Any]] = []
        if left > 0:
            segments.append({"text": "…", "hit": False})
        cursor = left
        while i < len(spans) and spans[i][0] < right:
            start, end = spans[i]
            right = max(right, end)
            if start > cursor:
                segments.append({"text": text[cursor:start], "hit": False})
            segments.append({"text": text[start:end], "hit": True})
            cursor = end
            i += 1
        if right > cursor:
            segments.append({"text": text[cursor:right], "hit": False})
        if right < len(text):
            segments.append({"text": "…", "hit": False})
        snippets.append(segments)
    return snippets
