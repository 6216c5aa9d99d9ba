"""Per-language cue words for place recognition, read from data files in lexicons/places/.

A language without a file gets an empty lexicon: the gazetteer still finds its places, with
no context cues. Adding a language is adding a JSON file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from dateline.gazetteer.fold import fold

CUE_KINDS = ("region", "river", "settlement")
OF_WORDS = frozenset({"de", "of", "del", "des", "du", "do", "da", "dos", "das"})


@dataclass(frozen=True)
class PlaceLexicon:
    before: dict[str, tuple[tuple[str, ...], ...]]  # cue kind -> phrases as folded word tuples
    after: dict[str, tuple[tuple[str, ...], ...]]
    not_place_heads: frozenset[str]
    demonyms: frozenset[str]
    skip_words: frozenset[str]
    case_endings: tuple[str, ...]
    nominative_endings: tuple[str, ...]  # tried on a stem after a case ending is removed
    area_articles: frozenset[str]
    region_nouns: frozenset[str]
    demonym_suffixes: tuple[str, ...]
    cue_words: frozenset[str]  # every word of every cue phrase
    feature_words: frozenset[str] = frozenset()  # "Street", "Tower", "rue": a local feature
    feature_suffixes: tuple[str, ...] = ()  # compounds: "Hauptstraße", "Flughafen"
    name_prefixes: tuple[tuple[str, ...], ...] = ()  # "Lake X", "Mount X": named after X
    name_suffixes: tuple[tuple[str, ...], ...] = ()  # "X Township", "X Valley"
    part_words: frozenset[str] = frozenset()  # "South X", "Northern X": a part of X
    # English word order: a name's head comes last ("Royal Street"; "the Washington mission"
    # is a mission): a first feature word counts only before "of" ("Church of X"), and an
    # article before a name that modifies a noun says nothing about the name.
    head_final: bool = False
    possessive_suffixes: tuple[str, ...] = ()  # "'s": "New York's" names New York
    # Offices and roles that follow a town's name ("Harare Mayor", "Richmond Police"): the
    # word after is no sign of a person's name.
    title_words: frozenset[str] = frozenset()
    # Buildings of one country found in another ("Embassy of Armenia" is in Rome)
    elsewhere_words: frozenset[str] = frozenset()
    # Streets, squares, bridges: often named after other places ("Kyiv Street" in Lviv)
    way_words: frozenset[str] = frozenset()
    # An oblast named by an inflected adjective: (endings, nominative ending, noun)
    region_adjective: tuple[tuple[str, ...], str, str] | None = None

    def without_possessive(self, name: str) -> str:
        """The name without a possessive ending ("New York’s" -> "New York")."""
        for suffix in self.possessive_suffixes:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                return name[:-len(suffix)]
        return name

    def looks_like_demonym(self, word: str) -> bool:
        folded = fold(word)
        return folded in self.demonyms or (
            " " not in folded and any(folded.endswith(fold(s)) for s in self.demonym_suffixes)
        )

    def is_feature_name(self, name: str) -> bool:
        """A street, building or landmark ("Royal Street", "Trump Tower", "rue de la Paix",
        "Hauptstraße", "Eglinton Avenue West"): a place inside a town, named by a feature
        word at either end (before a trailing direction word)."""
        words = cue_words(name)
        while len(words) > 2 and words[-1] in self.part_words:  # "Eglinton Avenue West"
            words.pop()
        if len(words) < 2:
            return bool(words) and any(
                words[0].endswith(s) and len(words[0]) > len(s) for s in self.feature_suffixes)
        if words[-1] in self.feature_words:
            return True
        if self.head_final:  # "Church of X"; not "St. Petersburg", "Castle Rock"
            return words[0] in self.feature_words and words[1] in OF_WORDS
        return words[0] in self.feature_words

    def cue_before(self, words: list[str]) -> str | None:
        """The cue kind of the (folded) words right before a name: a cue phrase ("région
        de"), a region noun with an adjective ("région voisine de"), or an article that
        only countries, regions and rivers take ("du Dniepr": "area")."""
        found = _match(self.before, words, at_end=True)
        if found:
            return found
        if len(words) >= 3 and words[-1] in OF_WORDS and words[-3] in self.region_nouns:
            return "region"
        if words and words[-1] in self.area_articles:
            return "area"
        return None

    def cue_after(self, words: list[str]) -> str | None:
        return _match(self.after, words, at_end=False)


def _match(table: dict[str, tuple[tuple[str, ...], ...]], words: list[str],
           at_end: bool) -> str | None:
    best: tuple[int, str] | None = None
    for kind, phrases in table.items():
        for phrase in phrases:
            n = len(phrase)
            if n > len(words):
                continue
            window = tuple(words[-n:]) if at_end else tuple(words[:n])
            if window == phrase and (best is None or n > best[0]):
                best = (n, kind)
    return best[1] if best else None


ELIDED = {"d": "de", "l": "le", "qu": "que"}  # French elision: "d'Izioum" is "de Izioum"


def cue_words(text: str) -> list[str]:
    """Folded words for cue matching, elided articles restored."""
    return [ELIDED.get(w, w) for w in re.findall(r"\w+", fold(text))]


def _phrases(raw: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(cue_words(p)) for p in raw if cue_words(p))


def _region_adjective(data: dict | None) -> tuple[tuple[str, ...], str, str] | None:
    if not data:
        return None
    endings = tuple(sorted(data["endings"], key=len, reverse=True))
    return endings, data["nominative"], data["noun"]


@cache
def place_lexicon(language: str) -> PlaceLexicon:
    folder = resources.files("dateline.extract").joinpath("lexicons", "places")
    path = folder.joinpath(f"{language}.json")
    data = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    return PlaceLexicon(
        before={k: _phrases(data.get(f"{k}_before", [])) for k in CUE_KINDS},
        after={k: _phrases(data.get(f"{k}_after", [])) for k in CUE_KINDS},
        not_place_heads=frozenset(fold(w) for w in data.get("not_place_heads", [])),
        demonyms=frozenset(fold(w) for w in data.get("demonyms", [])),
        skip_words=frozenset(fold(w) for w in data.get("skip_words", [])),
        case_endings=tuple(sorted(data.get("case_endings", []), key=len, reverse=True)),
        nominative_endings=tuple(data.get("nominative_endings", [])),
        area_articles=frozenset(ELIDED.get(fold(w), fold(w)) for w in data.get("area_before", [])),
        region_nouns=frozenset(fold(w) for w in data.get("region_nouns", [])),
        demonym_suffixes=tuple(data.get("demonym_suffixes", [])),
        cue_words=frozenset(
            w for k in CUE_KINDS for side in ("before", "after")
            for p in _phrases(data.get(f"{k}_{side}", [])) for w in p
        ),
        feature_words=frozenset(fold(w) for w in data.get("feature_words", [])),
        feature_suffixes=tuple(fold(w) for w in data.get("feature_suffixes", [])),
        name_prefixes=_phrases(data.get("name_prefixes", [])),
        name_suffixes=_phrases(data.get("name_suffixes", [])),
        part_words=frozenset(fold(w) for w in data.get("part_words", [])),
        head_final=bool(data.get("head_final", False)),
        possessive_suffixes=tuple(data.get("possessive_suffixes", [])),
        title_words=frozenset(fold(w) for w in data.get("title_words", [])),
        elsewhere_words=frozenset(fold(w) for w in data.get("elsewhere_words", [])),
        way_words=frozenset(fold(w) for w in data.get("way_words", [])),
        region_adjective=_region_adjective(data.get("region_adjective")),
    )
