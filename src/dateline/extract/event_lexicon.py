"""Event trigger lexicons: loading ``lexicons/events/<lang>.json`` and matching its patterns.

A pattern is a sequence of space-separated items, each matching one token:

* ``retirer`` matches a token whose lemma or lower-cased form is ``retirer``;
* ``rückzug*`` matches a token whose lower-cased form (or lemma) starts with ``rückzug``;
* ``...`` lets up to :data:`GAP` other tokens stand between the items around it.

Languages with a lemmatizer (French, English here) mostly list lemmas; languages without
one (German, Spanish, Ukrainian, Russian in our pipelines) list stems. Matching is per
sentence; where several patterns cover the same token the one with more items wins, so
"reprendre le contrôle" (territory regained) beats a bare "prendre".
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

GAP = 10
STEM_KEY = 3
_LISTS = (
    "negations", "hypothetical", "intention", "unverified", "denial", "confirmation",
    "source_phrases", "reporting_verbs", "read_also", "first_person", "generic_subjects",
    "fixed_expressions", "military_nouns", "duration_nouns", "locatives", "agent_prepositions",
    "phrase_determiners", "office_nouns", "partitive_pronouns", "relative_times",
    "announcement_verbs",
)


@dataclass(frozen=True)
class Pattern:
    items: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.items)

    @property
    def size(self) -> int:
        return sum(1 for i in self.items if i != "...")


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: the event type it signals and how to read its arguments."""

    type: str
    subtype: str
    patterns: tuple[Pattern, ...]
    passive_subject: str = "target"  # what the subject of a passive use is: actor | target
    actor_from_claimant: bool = False  # no actor in the text: the claimant's side did it
    needs_argument: bool = False  # emit only with an actor, target or place in its clause
    mode: str | None = None
    not_followed_by: frozenset[str] = frozenset()  # next words that make it another sense
    actor_kinds: frozenset[str] = frozenset()  # if given, a known actor must be of these kinds
    needs_place: bool = False  # emitted only with a place in its own clause
    verb_only: bool = False  # with a parse, only a verb use counts ("to shell", not "a shell")
    subject_role: str = "actor"  # what an active subject is: "suffered losses" -> target


@dataclass(frozen=True)
class Match:
    trigger: Trigger
    pattern: Pattern
    tokens: tuple[int, ...]  # indices (into the token sequence given) of the matched items


@dataclass(frozen=True)
class EventLexicon:
    language: str
    triggers: tuple[Trigger, ...]
    lists: dict[str, tuple[Pattern, ...]]
    words: dict[str, frozenset[str]]  # single-word lists, for fast membership tests
    role_kinds: dict[str, str]  # role noun -> actor kind ("ministère" -> ministry)
    lemma_map: dict[str, str]  # lemma -> lemma the patterns use ("s'" -> "se")
    _exact: dict[str, tuple[tuple[Trigger, Pattern], ...]]
    _stems: dict[str, tuple[tuple[str, Trigger, Pattern], ...]]
    # per word list: first item -> patterns, and stem key -> (stem, pattern)
    _list_index: dict[str, tuple[dict[str, tuple[Pattern, ...]],
                                 dict[str, tuple[tuple[str, Pattern], ...]]]]

    def word_list(self, name: str) -> frozenset[str]:
        return self.words.get(name, frozenset())

    def find(self, forms: Sequence[tuple[str, str]], start: int = 0, end: int | None = None
             ) -> list[Match]:
        """Trigger matches over tokens given as (lower-cased form, lemma) pairs in [start, end),
        overlaps settled in favour of the pattern with more items, then a contiguous one, then
        the earlier one; tokens
        of a fixed expression ("à plusieurs reprises", "take place") trigger nothing."""
        end = len(forms) if end is None else end
        taken: set[int] = set()
        for i in range(start, end):
            fixed = self.phrase_at("fixed_expressions", forms, i, end)
            if fixed is not None:
                taken.update(range(fixed[0], fixed[-1] + 1))
        found: list[Match] = []
        for i in range(start, end):
            lower, lemma = forms[i]
            for trigger, pattern in self._candidates(lower, lemma):
                rest = match_items(pattern.items, forms, i, end)
                if rest is not None:
                    found.append(Match(trigger, pattern, rest))
        found.sort(key=lambda m: (-m.pattern.size, "..." in m.pattern.items, m.tokens[0]))
        out: list[Match] = []
        for m in found:
            if taken.isdisjoint(m.tokens):
                taken.update(m.tokens)
                out.append(m)
        return sorted(out, key=lambda m: m.tokens[0])

    def _candidates(self, lower: str, lemma: str) -> list[tuple[Trigger, Pattern]]:
        out = list(self._exact.get(lower, ()))
        if lemma != lower:
            out.extend(self._exact.get(lemma, ()))
        for key in {lower[:STEM_KEY], lemma[:STEM_KEY]}:
            for stem, trigger, pattern in self._stems.get(key, ()):
                if lower.startswith(stem) or lemma.startswith(stem):
                    out.append((trigger, pattern))
        return out

    def phrase_at(self, name: str, forms: Sequence[tuple[str, str]], i: int, end: int
                  ) -> tuple[int, ...] | None:
        """The tokens of the longest phrase of list ``name`` that matches at token i, if any."""
        index = self._list_index.get(name)
        if index is None or i >= end:
            return None
        lower, lemma = forms[i]
        exact, stems = index
        candidates = list(exact.get(lower, ()))
        if lemma != lower:
            candidates.extend(exact.get(lemma, ()))
        for key in {lower[:STEM_KEY], lemma[:STEM_KEY]}:
            candidates.extend(p for stem, p in stems.get(key, ())
                              if lower.startswith(stem) or lemma.startswith(stem))
        for pattern in sorted(candidates, key=lambda p: -p.size):
            hit = match_items(pattern.items, forms, i, end)
            if hit is not None:
                return hit
        return None


def item_matches(item: str, lower: str, lemma: str) -> bool:
    if item.endswith("*"):
        stem = item[:-1]
        return lower.startswith(stem) or lemma.startswith(stem)
    return item in (lower, lemma)


def match_items(items: Sequence[str], forms: Sequence[tuple[str, str]], i: int, end: int
                ) -> tuple[int, ...] | None:
    """Token indices matched by ``items`` starting at token i (None if they do not match)."""
    if i >= end or not item_matches(items[0], *forms[i]):
        return None
    hits = [i]
    k = i + 1
    n = 1
    while n < len(items):
        item = items[n]
        if item == "...":
            target = items[n + 1]
            for j in range(k, min(k + GAP + 1, end)):
                if item_matches(target, *forms[j]):
                    hits.append(j)
                    k = j + 1
                    break
            else:
                return None
            n += 2
            continue
        if k >= end or not item_matches(item, *forms[k]):
            return None
        hits.append(k)
        k += 1
        n += 1
    return tuple(hits)


def normalize_form(text: str) -> str:
    return text.lower().replace("’", "'").replace("ʼ", "'")


def parse_pattern(text: str, where: str) -> Pattern:
    items = tuple(normalize_form(text).split())
    if not items or items[0] == "..." or items[-1] == "...":
        raise ValueError(f"{where}: bad pattern {text!r} (empty, or starts/ends with '...')")
    if any(a == b == "..." for a, b in pairwise(items)):
        raise ValueError(f"{where}: bad pattern {text!r} (two '...' in a row)")
    for item in items:
        if item.endswith("*") and len(item) - 1 < STEM_KEY:
            raise ValueError(f"{where}: stem {item!r} in {text!r} is shorter than {STEM_KEY}")
    return Pattern(items)


def _trigger(raw: Any, where: str) -> Trigger:
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        raise ValueError(f"{where}: a trigger needs a string 'type'")
    patterns = raw.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        raise ValueError(f"{where}: a trigger needs a non-empty 'patterns' list")
    passive = raw.get("passive_subject", "target")
    if passive not in ("actor", "target"):
        raise ValueError(f"{where}: passive_subject must be 'actor' or 'target'")
    return Trigger(
        type=raw["type"], subtype=str(raw.get("subtype") or raw["type"].lower()),
        patterns=tuple(parse_pattern(p, where) for p in patterns),
        passive_subject=passive,
        actor_from_claimant=bool(raw.get("actor_from_claimant", False)),
        needs_argument=bool(raw.get("needs_argument", False)),
        mode=raw.get("mode"),
        not_followed_by=frozenset(normalize_form(w) for w in raw.get("not_followed_by", [])),
        actor_kinds=frozenset(raw.get("actor_kinds", [])),
        needs_place=bool(raw.get("needs_place", False)),
        verb_only=bool(raw.get("verb_only", False)),
        subject_role=_role(raw.get("subject_role", "actor"), where),
    )


def _role(value: object, where: str) -> str:
    if value not in ("actor", "target"):
        raise ValueError(f"{where}: subject_role must be 'actor' or 'target'")
    return str(value)


def lexicon_from(language: str, raw: dict[str, Any], where: str) -> EventLexicon:
    triggers = tuple(
        _trigger(t, f"{where}: triggers[{i}]") for i, t in enumerate(raw.get("triggers", []))
    )
    exact: dict[str, list[tuple[Trigger, Pattern]]] = defaultdict(list)
    stems: dict[str, list[tuple[str, Trigger, Pattern]]] = defaultdict(list)
    for trigger in triggers:
        for pattern in trigger.patterns:
            first = pattern.items[0]
            if first.endswith("*"):
                stems[first[:STEM_KEY]].append((first[:-1], trigger, pattern))
            else:
                exact[first].append((trigger, pattern))
    lists: dict[str, tuple[Pattern, ...]] = {}
    words: dict[str, frozenset[str]] = {}
    for name in _LISTS:
        values = raw.get(name, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{where}: {name} must be a list of strings")
        patterns = tuple(parse_pattern(v, f"{where}: {name}") for v in values)
        lists[name] = tuple(sorted(patterns, key=lambda p: -p.size))
        words[name] = frozenset(p.items[0] for p in patterns if len(p.items) == 1)
    role_kinds = raw.get("role_kinds", {})
    if not isinstance(role_kinds, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in role_kinds.items()
    ):
        raise ValueError(f"{where}: role_kinds must map role nouns to actor kinds")
    lemma_map = raw.get("lemma_map", {})
    if not isinstance(lemma_map, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in lemma_map.items()
    ):
        raise ValueError(f"{where}: lemma_map must map strings to strings")
    return EventLexicon(
        language, triggers, lists, words, {normalize_form(k): v for k, v in role_kinds.items()},
        {normalize_form(k): normalize_form(v) for k, v in lemma_map.items()},
        {k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in stems.items()},
        {name: _index(patterns) for name, patterns in lists.items()},
    )


def _index(patterns: Sequence[Pattern]) -> tuple[dict[str, tuple[Pattern, ...]],
                                                  dict[str, tuple[tuple[str, Pattern], ...]]]:
    exact: dict[str, list[Pattern]] = defaultdict(list)
    stems: dict[str, list[tuple[str, Pattern]]] = defaultdict(list)
    for pattern in patterns:
        first = pattern.items[0]
        if first.endswith("*"):
            stems[first[:STEM_KEY]].append((first[:-1], pattern))
        else:
            exact[first].append(pattern)
    return ({k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in stems.items()})


def _directory() -> Any:
    return resources.files("dateline.extract").joinpath("lexicons", "events")


@cache
def event_lexicon(language: str) -> EventLexicon | None:
    """The bundled trigger lexicon of a language, or None when there is none."""
    path = _directory().joinpath(f"{language}.json")
    if not path.is_file():
        return None
    where = f"lexicons/events/{language}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{where}: not valid JSON: {err}") from err
    return lexicon_from(language, raw, where)
