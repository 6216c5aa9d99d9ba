"""Actors: the states, governments, armed forces, ministries, officials, armed groups and media
that quotes and events name, from a data file (``lexicons/actors.json``) users can extend.

An :class:`ActorIndex` matches names to actors after folding case, accents and apostrophes
and after a transliteration skeleton (``Zelenksyy``, ``Zelenskyy``, ``Zelensky``, ``Зеленський``;
``Choïgou``, ``Shoigu``, ``Шойгу`` meet), so one actor has one canonical English name whatever
the language or romanisation of the article. For persons the surname alone also matches, and a
surname one typo away matches when nothing else does (and the given name, if any, agrees).

File format (the bundled file and user files alike)::

    {"actors": [{"canonical": "Volodymyr Zelensky", "kind": "person", "side": "UA",
                 "role": "President of Ukraine", "gender": "m",
                 "aliases": {"en": ["Zelensky", "Zelenskyy"], "uk": ["Зеленський"]},
                 "role_aliases": {"fr": ["le président ukrainien"]}}],
     "given_names": {"female": ["Olena"], "male": ["Petro"]}}

Files are merged in order: an actor whose canonical name is already known gets the new aliases
and the fields the later file gives.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from dateline.gazetteer.fold import fold, skeleton_of_folded

__all__ = ["KINDS", "Actor", "ActorIndex", "name_key", "word_tokens"]

ENV_VAR = "DATELINE_ACTORS"
KINDS = frozenset({
    "person", "state", "armed_forces", "ministry", "government", "official_body", "armed_group",
    "media", "organisation",
})
_BUNDLED = ("lexicons", "actors.json")
_WORD = re.compile(r"\w+")
# Romanisation variants of person names, applied to the ASCII skeleton of one word (after the
# gazetteer's rules: kh->h, zh->z, tch->ch, ou->u, y->i ...). French "ch" is English "sh";
# Ukrainian h is Russian g; French "gue" is "ge"; Ukrainian "ie" (є) is Russian "e".
_VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r) for p, r in (
        (r"sh", "ch"),
        (r"(?<![cszktp])h", "g"),
        (r"gu(?=[ei])", "g"),
        (r"(?<=[a-z])ie(?=[bcdfgklmnprstvz])", "e"),
        (r"x", "ks"),
        (r"w", "v"),
        (r"(?<=\w{4})s$", ""),  # plural or final s: "forces russes" ~ "force russe"
        (r"(?<=\w{3}e)[nmr]$", ""),  # German declension: "russischen Truppen" ~ "russische"
        (r"(.)\1+", r"\1"),
        (r"ei$", "i"),
    )
)
# Priority of a match kind: a name beats a role phrase, which beats a bare surname.
_ALIAS, _ROLE, _SURNAME = 0, 1, 2


@dataclass(frozen=True)
class Actor:
    """One actor, with its canonical (English, language-independent) name."""

    canonical: str
    side: str | None  # "UA" | "RU" | other ISO-ish code or None
    kind: str  # one of KINDS
    role: str | None  # e.g. "President of Ukraine"


@dataclass
class _Record:
    actor: Actor
    gender: str | None = None
    ambiguous_surname: bool = False
    aliases: dict[str, list[str]] = field(default_factory=dict)
    role_aliases: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Entry:
    record: int
    kind: int  # _ALIAS | _ROLE | _SURNAME
    proper: bool  # a proper name: matches running text only when capitalised there
    language: str | None
    order: int  # later files first


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """The matching key of one word: folded, transliterated, with romanisation variants merged.

    Words outside the Latin and Cyrillic scripts keep their folded form.
    """
    folded = fold(word)
    if not folded:
        return ""
    skeleton = skeleton_of_folded(folded).replace(" ", "")
    if not skeleton:
        return folded
    for pattern, replacement in _VARIANTS:
        skeleton = pattern.sub(replacement, skeleton)
    return skeleton


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` with their offsets (apostrophes and hyphens separate words)."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a transposition costs 1), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def _fuzzy_limit(key: str) -> int:
    return 2 if len(key) >= 10 else 1 if len(key) >= 6 else 0


def _is_capitalised(word: str) -> bool:
    first = word[:1]
    return first.isupper() or first.lower() == first.upper()  # scripts without case pass


def _aliases_by_language(value: Any, where: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if isinstance(value, list):
        value = {"": value}
    if not isinstance(value, dict):
        raise ValueError(f"{where}: aliases must be an object of language -> list of names")
    out: dict[str, list[str]] = {}
    for lang, names in value.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"{where}: aliases[{lang!r}] must be a list of strings")
        out[str(lang)] = [n for n in names if n.strip()]
    return out


def _record_from(raw: Any, where: str) -> _Record:
    if not isinstance(raw, dict) or not isinstance(raw.get("canonical"), str):
        raise ValueError(f"{where}: each actor needs a string 'canonical'")
    kind = raw.get("kind", "organisation")
    if kind not in KINDS:
        raise ValueError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    for name in ("side", "role", "gender"):
        if raw.get(name) is not None and not isinstance(raw.get(name), str):
            raise ValueError(f"{where}: {name} must be a string or null")
    actor = Actor(raw["canonical"].strip(), raw.get("side"), kind, raw.get("role"))
    return _Record(
        actor,
        gender=raw.get("gender"),
        ambiguous_surname=bool(raw.get("ambiguous_surname", False)),
        aliases=_aliases_by_language(raw.get("aliases"), where),
        role_aliases=_aliases_by_language(raw.get("role_aliases"), where),
    )


def _merge(old: _Record, new: _Record, raw: dict[str, Any]) -> _Record:
    """``new`` folded into ``old``: aliases added, fields the new entry gives replaced."""
    actor = Actor(
        old.actor.canonical,
        raw.get("side", old.actor.side),
        raw.get("kind", old.actor.kind),
        raw.get("role", old.actor.role),
    )
    aliases = {k: list(v) for k, v in old.aliases.items()}
    for lang, names in new.aliases.items():
        aliases.setdefault(lang, []).extend(names)
    roles = {k: list(v) for k, v in old.role_aliases.items()}
    for lang, names in new.role_aliases.items():
        roles.setdefault(lang, []).extend(names)
    gender = raw.get("gender", old.gender)
    ambiguous = raw.get("ambiguous_surname", old.ambiguous_surname)
    return _Record(actor, gender, bool(ambiguous), aliases, roles)


def _read(source: Path | Traversable) -> dict[str, Any]:
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{source}: cannot read actors file: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors", []), list):
        raise ValueError(f"{source}: expected an object with an 'actors' list")
    return data


class ActorIndex:
    """Name -> actor lookups over one or more actors files."""

    def __init__(self, records: Iterable[_Record], determiners: Iterable[str] = (),
                 given_names: dict[str, str] | None = None,
                 orders: Iterable[int] | None = None) -> None:
        self._records = list(records)
        self._determiners = frozenset(name_key(d) for d in determiners)
        self._given = dict(given_names or {})
        self._ngrams: dict[tuple[str, ...], list[_Entry]] = {}
        self._surnames: dict[str, set[int]] = {}
        self._given_keys: list[set[str]] = [set() for _ in self._records]
        order_list = list(orders) if orders is not None else [0] * len(self._records)
        for i, record in enumerate(self._records):
            self._index_record(i, record, order_list[i])
        for entries in self._ngrams.values():
            entries.sort(key=lambda e: (e.kind, -e.order, e.record))
        self._max_n = max((len(k) for k in self._ngrams), default=0)

    # --- construction ----------------------------------------------------------------------
    @classmethod
    def from_files(cls, *paths: Path | Traversable) -> ActorIndex:
        """An index over these files, merged in order (later files extend and override)."""
        records: dict[str, _Record] = {}
        orders: dict[str, int] = {}
        determiners: list[str] = []
        given: dict[str, str] = {}
        for order, path in enumerate(paths):
            data = _read(path)
            determiners.extend(str(d) for d in data.get("leading_determiners", []))
            names = data.get("given_names", {}) or {}
            for gender, key in (("f", "female"), ("m", "male")):
                for name in names.get(key, []):
                    given[name_key(str(name))] = gender
            for n, raw in enumerate(data.get("actors", [])):
                record = _record_from(raw, f"{path}: actor #{n}")
                key = fold(record.actor.canonical)
                records[key] = _merge(records[key], record, raw) if key in records else record
                orders[key] = order
        return cls(records.values(), determiners, given, (orders[k] for k in records))

    @classmethod
    def default(cls) -> ActorIndex:
        """The bundled actors, merged with the user's file(s) named by env DATELINE_ACTORS."""
        return _default_index(os.environ.get(ENV_VAR, ""))

    def _index_record(self, i: int, record: _Record, order: int) -> None:
        names = [("", record.actor.canonical, _ALIAS)]
        names += [(lang, n, _ALIAS) for lang, ns in record.aliases.items() for n in ns]
        names += [(lang, n, _ROLE) for lang, ns in record.role_aliases.items() for n in ns]
        if record.actor.role:
            names.append(("en", record.actor.role, _ROLE))
        person = record.actor.kind == "person"
        for lang, name, kind in names:
            words = [w for _, _, w in word_tokens(name)]
            keys = self._strip_determiners([name_key(w) for w in words], words)
            if not keys:
                continue
            offset = len(words) - len(keys)
            proper = kind == _ALIAS and _is_capitalised(words[offset])
            self._add(tuple(keys), _Entry(i, kind, proper, lang or None, order))
            if person and kind == _ALIAS:
                self._index_person_name(i, record, words, keys, order)

    def _index_person_name(self, i: int, record: _Record, words: list[str], keys: list[str],
                           order: int) -> None:
        if len(keys) > 1:
            self._given_keys[i].add(keys[0])
        if record.ambiguous_surname:
            return
        self._surnames.setdefault(keys[-1], set()).add(i)
        if len(keys) > 1 and _is_capitalised(words[-1]):
                self._add((keys[-1],), _Entry(i, _SURNAME, True, None, order))

    def _add(self, key: tuple[str, ...], entry: _Entry) -> None:
        entries = self._ngrams.setdefault(key, [])
        if all(e.record != entry.record or e.kind > entry.kind for e in entries):
            entries[:] = [e for e in entries if e.record != entry.record] + [entry]

    def _strip_determiners(self, keys: list[str], words: list[str] | None = None) -> list[str]:
        """Keys without leading determiners ("le", "the", "un"); an acronym written in capitals
        is no determiner ("UN chief" keeps its "UN")."""
        start = 0
        while start < len(keys) - 1 and keys[start] in self._determiners and not (
            words is not None and len(words[start]) > 1 and words[start].isupper()
        ):
            start += 1
        return keys[start:]

    # --- queries ---------------------------------------------------------------------------
    @property
    def actors(self) -> tuple[Actor, ...]:
        return tuple(r.actor for r in self._records)

    def resolve(self, text: str, language: str | None = None) -> Actor | None:
        """The actor a name or phrase denotes: an exact alias (after folding and transliteration),
        else for a capitalised name its longest known tail ("US President Joe Biden" -> Biden),
        else a person's surname one or two edits away, given name permitting."""
        words = [w for _, _, w in word_tokens(text)]
        keys = self._strip_determiners([name_key(w) for w in words], words)
        if not keys:
            return None
        words = words[len(words) - len(keys):]
        found = self._best(tuple(keys), language)
        if found is not None:
            return self._records[found].actor
        if not all(_is_capitalised(w) for w in words) or len(words) > 6:
            return None
        for start in range(1, len(keys)):
            found = self._best(tuple(keys[start:]), language)
            if found is not None and self._records[found].actor.kind == "person":
                return self._records[found].actor
        found = self._fuzzy_person(keys)
        return self._records[found].actor if found is not None else None

    def mentions(self, text: str, language: str | None = None) -> list[tuple[int, int, Actor]]:
        """Every alias occurrence in ``text`` as (start, end, actor), in text order.

        Overlaps are settled longest first ("le ministère russe de la Défense" is one mention,
        not "Défense" and "russe"); proper-name aliases match only capitalised words.
        """
        tokens = word_tokens(text)
        keys = [name_key(w) for _, _, w in tokens]
        found: list[tuple[int, int, int]] = []  # (start token, end token, record)
        for i in range(len(tokens)):
            for n in range(min(self._max_n, len(tokens) - i), 0, -1):
                record = self._match_at(tokens, keys, i, n, language)
                if record is not None:
                    found.append((i, i + n, record))
                    break
        found.sort(key=lambda f: (-(tokens[f[1] - 1][1] - tokens[f[0]][0]), f[0]))
        taken: set[int] = set()
        out: list[tuple[int, int, Actor]] = []
        for a, b, record in found:
            if taken.isdisjoint(range(a, b)):
                taken.update(range(a, b))
                out.append((tokens[a][0], tokens[b - 1][1], self._records[record].actor))
        return sorted(out, key=lambda m: m[0])

    def gender(self, actor: Actor) -> str | None:
        """The gender ("m" | "f") the data gives for a person, else None."""
        for record in self._records:
            if record.actor == actor:
                return record.gender
        return None

    def given_name_gender(self, word: str) -> str | None:
        """"f" or "m" when ``word`` is a given name the data knows, else None."""
        return self._given.get(name_key(word))

    # --- internals -------------------------------------------------------------------------
    def _match_at(self, tokens: list[tuple[int, int, str]], keys: list[str], i: int, n: int,
                  language: str | None) -> int | None:
        entries = self._ngrams.get(tuple(keys[i:i + n]))
        if not entries:
            return None
        capitalised = _is_capitalised(tokens[i][2])
        usable = [e for e in entries if capitalised or not e.proper]
        if not usable:
            return None
        chosen = self._prefer(usable, language)
        return chosen.record if chosen is not None else None

    def _best(self, key: tuple[str, ...], language: str | None) -> int | None:
        entries = self._ngrams.get(key)
        if not entries:
            return None
        chosen = self._prefer(entries, language)
        return chosen.record if chosen is not None else None

    @staticmethod
    def _prefer(entries: list[_Entry], language: str | None) -> _Entry | None:
        """The entry to use among those of one key: the best kind, the article's language
        first; None when a role phrase or surname fits several actors."""
        best_kind = entries[0].kind
        same = [e for e in entries if e.kind == best_kind]
        if best_kind != _ALIAS and len({e.record for e in same}) > 1:
            return None
        if language:
            for e in same:
                if e.language == language:
                    return e
        return same[0]

    def _fuzzy_person(self, keys: list[str]) -> int | None:
        surname = keys[-1]
        limit = _fuzzy_limit(surname)
        if limit == 0:
            return None
        hits = {
            i for key, records in self._surnames.items()
            if key[:1] == surname[:1] and _osa_distance(key, surname, limit) <= limit
            for i in records
        }
        if len(hits) != 1:
            return None
        found = hits.pop()
        if len(keys) > 1 and self._given_keys[found] and not self._given_agrees(found, keys[-2]):
            return None
        return found

    def _given_agrees(self, record: int, given: str) -> bool:
        if given not in self._given:
            return True  # a title or an unknown word, not evidence against
        return any(_osa_distance(given, g, 1) <= 1 for g in self._given_keys[record])

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors)

    def __len__(self) -> int:
        return len(self._records)


@lru_cache(maxsize=8)
def _default_index(user_files: str) -> ActorIndex:
    bundled = resources.files("dateline.extract").joinpath(*_BUNDLED)
    paths: list[Path | Traversable] = [bundled]
    paths += [Path(p) for p in user_files.split(os.pathsep) if p.strip()]
    return ActorIndex.from_files(*paths)
