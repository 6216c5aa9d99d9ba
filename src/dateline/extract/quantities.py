"""Quantities: numbers with units that carry information, read and normalized.

A quantity is a number phrase (see :mod:`dateline.extract.numbers`) followed by what it
measures or counts: a unit of area, length, volume or time, a percent sign, or a counted
noun ("villages", "soldats", "reservists"), possibly through "de"/"of" after an approximate
or vague numeral ("une trentaine de places", "thousands of people"), adjectives ("four
Ukrainian regions") or a partitive ("192 de ses soldats", "Deux d'entre eux"). A measure
followed by its conversion in parentheses ("1 250 miles carrés (2 000 kilomètres carrés)")
is one quantity, valued by its metric form. A bare number counts what its sentence
counts: after a cue ("the death toll rose to 56", "killing at least 12") or after a count
("40,000 people ...: some 17,000 on the western bank"). A figure an article restates
(headline, lead, quote) in another sentence is one quantity, at its first mention. Vague
magnitudes ("des centaines de kilomètres carrés") are kept with no value and a reason.

Not quantities: numbers with no unit (bare years, dates, ordinals, article numbers, phone
numbers), numbers inside names ("Su-25", "G20"), ages ("a 59-year-old", "26 ans"), times of
day ("à 14 heures", "6 h 07"), offsets in time ("un jour plus tôt", "two days later"), money,
speeds. Durations are quantities when they measure a period ("plus de six mois de
combats", "over the past three days").

Normalization (pint): areas to km2, lengths to km, volumes to m3, durations to days;
counts keep their value with a canonical unit (people, troops, villages ...). ``about`` says
what is counted or measured, from the governing verb or noun in the dependency parse
(lexicon ``about.lemmas``); ``claimed_by`` who states it ("selon X", "X a déclaré", "according
to X", the speaker of the quote holding it), expanded to the fullest form of a person's name
in the article; None when the outlet states it.

Every word list is data: ``lexicons/quantities/<language>.json``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import pint
from spacy.tokens import Doc, Span
from spacy.tokens import Token as SpacyToken

from dateline.extract.numbers import (
    SKIPPABLE,
    NumberMatch,
    NumberReader,
    ParsedNumber,
    Token,
    lexicon_data,
    norm,
    phrase,
    reader,
    tokenize,
)
from dateline.model import Provenance, Quantity
from dateline.nlp.parsed import ParsedArticle

NAME = "quantities"
VERSION = "0.1"
METHOD = "number-grammar+unit-lexicon+pint+dependency-context"

Phrase = tuple[str, ...]

# unit code -> (dimension, pint unit); the record's ``unit`` is the code.
MEASURES: dict[str, tuple[str, str]] = {
    "km2": ("area", "km**2"), "mi2": ("area", "mile**2"), "ha": ("area", "hectare"),
    "m2": ("area", "m**2"), "acres": ("area", "acre"),
    "km": ("length", "km"), "mi": ("length", "mile"), "m": ("length", "m"),
    "nmi": ("length", "nautical_mile"), "ft": ("length", "foot"),
    "km3": ("volume", "km**3"), "m3": ("volume", "m**3"),
    "minutes": ("duration", "minute"), "hours": ("duration", "hour"),
    "days": ("duration", "day"), "weeks": ("duration", "week"),
    "months": ("duration", "month"), "years": ("duration", "year"),
    "percent": ("percent", ""),
}
# dimension -> (pint unit, si_unit code)
SI_UNITS: dict[str, tuple[str, str]] = {
    "area": ("km**2", "km2"), "length": ("km", "km"), "volume": ("m**3", "m3"),
    "duration": ("day", "days"), "percent": ("", "percent"),
}
METRIC = frozenset({"km2", "ha", "m2", "km", "m", "km3", "m3"})
# counted noun (English unit) -> canonical si_unit
CANONICAL_COUNTS: dict[str, str] = {
    **dict.fromkeys(
        ("people", "inhabitants", "residents", "civilians", "children", "men", "women",
         "refugees", "displaced", "arrivals", "evacuees", "killed", "wounded", "missing",
         "prisoners", "casualties", "bodies", "officers"), "people"),
    **dict.fromkeys(
        ("soldiers", "troops", "servicemen", "fighters", "reservists", "conscripts",
         "mercenaries"), "troops"),
    **dict.fromkeys(("villages", "localities", "settlements"), "villages"),
}
# what a count is about when the parse names no action
DEFAULT_ABOUT: dict[str, str] = {
    "inhabitants": "population", "residents": "population", "killed": "people killed",
    "wounded": "people wounded", "missing": "people missing", "displaced": "people displaced",
    "casualties": "casualties", "evacuees": "people evacuated", "arrivals": "people arrived",
}
PERSON_LABELS = frozenset({"PER", "PERSON"})
SOURCE_LABELS = frozenset({"PER", "PERSON", "ORG", "NORP", "GPE", "LOC"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj"})
OPEN_QUOTES = "“«„‹"
CLOSE_QUOTES = "”»›"
NEGATIONS = frozenset({"not", "n't", "never", "pas", "ne", "n'", "jamais", "nicht", "kein"})
MAX_GAP = 3
NAME_PARTICLES = frozenset({"de", "du", "des", "von", "der", "van", "al", "el", "of", "la"})
BARE_FOLLOWERS = frozenset({"ADP", "CCONJ", "SCONJ", "VERB", "AUX", "ADV", "PART"})


# --- lexicon ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuantityLexicon:
    """What numbers measure and count in one language, and the context words around them."""

    units: dict[Phrase, tuple[str, str]]  # phrase -> ("measure" | "count", unit)
    longest_unit: int
    count_links: frozenset[str]
    count_cues: tuple[tuple[Phrase, str], ...]  # "death toll" -> "killed", longest first
    cue_gap: frozenset[str]  # words allowed between a cue and its number ("has risen to")
    gap_words: frozenset[str]
    partitive_links: tuple[Phrase, ...]
    partitive_pronouns: tuple[Phrase, ...]
    context: dict[str, tuple[Phrase, ...]]
    age_de_noun: bool
    period_nouns: frozenset[str]
    clock_units: frozenset[str]
    year_before: frozenset[str]
    months: frozenset[str]
    currency_before: frozenset[str]
    about_subjects: dict[str, str]
    area_nouns: frozenset[str]
    about_lemmas: dict[str, str]
    reporting_verbs: frozenset[str]
    according_to: tuple[Phrase, ...]
    pronouns: frozenset[str]
    first_person: frozenset[str]
    adjective_pattern: re.Pattern[str] | None


def _phrases(raw: list[Any]) -> tuple[Phrase, ...]:
    out = [tuple(norm(w) for w in p) if isinstance(p, list) else phrase(p) for p in raw]
    return tuple(sorted((p for p in out if p), key=len, reverse=True))


def _words(raw: list[str]) -> frozenset[str]:
    return frozenset(norm(w) for w in raw)


def _unit_table(data: dict[str, Any]) -> dict[Phrase, tuple[str, str]]:
    table: dict[Phrase, tuple[str, str]] = {}
    for english, forms in data.get("counts", {}).items():
        for form in forms:
            table.setdefault(phrase(form), ("count", english))
    for code, forms in data.get("units", {}).items():
        for form in forms:
            table[phrase(form)] = ("measure", code)
    return table


@cache
def quantity_lexicon(language: str) -> QuantityLexicon:
    """The quantity lexicon of `language`; empty (digits and unit symbols only) if none."""
    data = lexicon_data(language)
    if not data:
        data = {"units": {"km2": ["km2", "km²"], "km": ["km"], "percent": ["%"]}}
    ctx = data.get("context", {})
    units = _unit_table(data)
    about = data.get("about", {})
    reporting = data.get("reporting", {})
    pattern = data.get("adjective_pattern")
    phrase_keys = ("offset_after", "offset_before", "age_before", "age_after", "clock_before",
                   "measure_before", "speed_after", "definite_before")
    return QuantityLexicon(
        units=units,
        longest_unit=max((len(p) for p in units), default=1),
        count_links=_words(data.get("count_links", [])),
        count_cues=tuple(sorted(
            ((phrase(p), unit) for unit, ps in data.get("count_cues", {}).items() for p in ps),
            key=lambda item: -len(item[0]))),
        cue_gap=_words(data.get("cue_gap", [])),
        gap_words=_words(data.get("gap_words", [])),
        partitive_links=_phrases(data.get("partitive_links", [])),
        partitive_pronouns=_phrases(data.get("partitive_pronouns", [])),
        context={key: _phrases(ctx.get(key, [])) for key in phrase_keys},
        age_de_noun=bool(ctx.get("age_de_noun")),
        period_nouns=_words(ctx.get("period_nouns", [])),
        clock_units=frozenset(ctx.get("clock_units", [])),
        year_before=_words(ctx.get("year_before", [])),
        months=_words(ctx.get("months", [])),
        currency_before=frozenset(ctx.get("currency_before", [])),
        about_subjects=dict(about.get("subjects", {})),
        area_nouns=_words(about.get("area_nouns", [])),
        about_lemmas={norm(k): v for k, v in about.get("lemmas", {}).items()},
        reporting_verbs=_words(reporting.get("verbs", [])),
        according_to=_phrases(reporting.get("according_to", [])),
        pronouns=_words(reporting.get("pronouns", [])),
        first_person=_words(reporting.get("first_person", [])),
        adjective_pattern=re.compile(pattern) if pattern else None,
    )


@cache
def _registry() -> pint.UnitRegistry:
    return pint.UnitRegistry()


@cache
def _factor(source: str, target: str) -> float:
    """How many `target` units one `source` unit is (pint)."""
    if not source:
        return 1.0
    registry = _registry()
    return float(registry.Quantity(1, source).to(target).magnitude)


# --- the article being read ------------------------------------------------------------------
@dataclass
class _Article:
    """One article's text, tokens, parse and lexicons, shared by every step."""

    parsed: ParsedArticle
    text: str
    tokens: list[Token]
    lex: QuantityLexicon
    numbers: NumberReader
    doc: Doc
    parsed_deps: bool
    tagged: bool
    token_starts: list[int]  # of the spaCy tokens
    starts: list[int]  # of our tokens
    quotes: list[tuple[int, int]]
    ents: list[Span]  # the Doc's entity spans

    def spacy_token(self, offset: int) -> SpacyToken | None:
        """The spaCy token covering character `offset`, if any."""
        i = bisect_right(self.token_starts, offset) - 1
        if i < 0:
            return None
        token = self.doc[i]
        return token if token.idx <= offset < token.idx + max(len(token.text), 1) else None

    def quote_around(self, offset: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in self.quotes if s <= offset < e), None)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans between opening and closing quote marks (a quote never runs past a line)."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i, char in enumerate(text):
        if char == "\n":
            opened = None
        elif opened is not None and char == "“" and text[opened] == "„":
            spans.append((opened, i + 1))  # German „...“
            opened = None
        elif char in OPEN_QUOTES and opened is None:
            opened = i
        elif char == '"':
            if opened is None:
                opened = i
            else:
                spans.append((opened, i + 1))
                opened = None
        elif char in CLOSE_QUOTES and opened is not None:
            spans.append((opened, i + 1))
            opened = None
    return spans


def _article(parsed: ParsedArticle) -> _Article:
    text = parsed.text
    doc = parsed.doc
    tokens = tokenize(text)
    return _Article(
        parsed=parsed, text=text, tokens=tokens, starts=[t.start for t in tokens],
        lex=quantity_lexicon(parsed.language), numbers=reader(parsed.language), doc=doc,
        parsed_deps=doc.has_annotation("DEP"), tagged=doc.has_annotation("POS"),
        token_starts=[t.idx for t in doc], quotes=_quote_spans(text), ents=list(doc.ents),
    )


# --- recognition -----------------------------------------------------------------------------
@dataclass
class _Candidate:
    """A number with what it measures or counts, before normalization."""

    start: int
    end: int
    first: int  # token index of the numeral (modifiers excluded)
    last: int  # token index after the unit
    unit_first: int
    outer_first: int
    number: ParsedNumber
    kind: str  # "measure" | "count" | "partitive"
    unit: str
    method: str
    alternative: ParsedNumber | None = None
    also: tuple[int, ...] = ()  # unit token indices of the other form of a conversion


def _unit_at(art: _Article, j: int) -> tuple[int, str, str] | None:
    """(end index, kind, unit) of the longest unit phrase starting at token j."""
    tokens = art.tokens
    for size in range(art.lex.longest_unit, 0, -1):
        words: list[str] = []
        k = j
        while len(words) < size and k < len(tokens):
            if tokens[k].text not in SKIPPABLE or k == j:
                words.append(tokens[k].norm)
            k += 1
        hit = art.lex.units.get(tuple(words)) if len(words) == size else None
        if hit:
            return k, hit[0], hit[1]
    return None


def _adjacent(art: _Article, a: int, b: int) -> bool:
    gap = art.text[art.tokens[a].end : art.tokens[b].start]
    return "\n" not in gap and gap.strip() == ""


def _is_adjective(art: _Article, j: int) -> bool:
    """Whether token j may stand between a number and its noun (adjective, gap word, name)."""
    token = art.tokens[j]
    if token.kind != "word":
        return False
    if token.norm in art.lex.gap_words:
        return True
    pattern = art.lex.adjective_pattern
    if pattern is not None and pattern.match(token.text):
        return True
    if not art.tagged or token.norm in art.lex.months:
        return False
    spacy_token = art.spacy_token(token.start)
    return spacy_token is not None and (
        spacy_token.pos_ in ("ADJ", "PROPN") or spacy_token.ent_type_ == "NORP"
    )  # "four Ukrainian regions", "100 Shahed drones"


def _count_after_gap(art: _Article, j: int) -> tuple[int, str, int] | None:
    """A counted noun at j after at most MAX_GAP adjectives: (end, unit, unit index)."""
    for gap in range(MAX_GAP + 1):
        k = j + gap
        if k >= len(art.tokens) or (gap and not _is_adjective(art, k - 1)):
            return None
        if k > j and not _adjacent(art, k - 1, k):
            return None
        hit = _unit_at(art, k)
        if hit and hit[1] == "count":
            return hit[0], hit[2], k
    return None


def _scaled(art: _Article, m: NumberMatch) -> bool:
    """Whether the numeral ends in a word that takes 'de'/'of' ("trentaine", "millions")."""
    return m.kind in ("approximate", "vague") or (
        m.last - m.first > 1 and art.tokens[m.last - 1].kind == "word"
    )


def _phrase_at(art: _Article, j: int, phrases: tuple[Phrase, ...]) -> int | None:
    for words in phrases:
        end = art.numbers.matches_at(art.tokens, j, words)
        if end is not None:
            return end
    return None


def _recognize(art: _Article, m: NumberMatch) -> _Candidate | None:
    """The quantity whose number is `m`, when a unit or counted noun follows it."""
    tokens = art.tokens
    j = m.last
    if j >= len(tokens) or not _adjacent(art, j - 1, j):
        return None

    def make(last: int, unit_first: int, kind: str, unit: str, method: str) -> _Candidate:
        end = tokens[last - 1].end
        return _Candidate(m.start, end, m.first, last, unit_first, m.outer_first, m.number,
                          kind, unit, method, m.alternative)

    end = _phrase_at(art, j, art.lex.partitive_pronouns)
    if end is not None:
        return make(end, j, "partitive", "count", "rule:partitive-pronoun")
    end = _phrase_at(art, j, art.lex.partitive_links)
    if end is not None:
        hit = _count_after_gap(art, end)
        if hit:
            return make(hit[0], hit[2], "count", hit[1], "rule:partitive")
    if tokens[j].norm in art.lex.count_links and _scaled(art, m) and j + 1 < len(tokens):
        j += 1
        while j < len(tokens) and tokens[j].text in SKIPPABLE:
            j += 1
    elif _compound_hyphen(art, j):
        j += 1  # "a 10-km stretch", "a three-day truce"
    hit_unit = _unit_at(art, j) if j < len(tokens) else None
    if hit_unit and hit_unit[2] == "m" and tokens[j].start == tokens[j - 1].end:
        millions = _millions(art, m, j)
        if millions is not None:
            return millions
    if hit_unit:
        kind, unit = hit_unit[1], hit_unit[2]
        method = "rule:number+unit" if kind == "measure" else "rule:number+count"
        return make(hit_unit[0], j, kind, unit, method)
    hit = _count_after_gap(art, j)
    if hit:
        return make(hit[0], hit[2], "count", hit[1], "rule:number+adjective+count")
    return None


def _compound_hyphen(art: _Article, j: int) -> bool:
    """A hyphen glued between a number and a word: '10-km', 'three-day', '59-year-old'."""
    tokens = art.tokens
    return (
        tokens[j].text in SKIPPABLE and j + 1 < len(tokens)
        and tokens[j - 1].end == tokens[j].start and tokens[j].end == tokens[j + 1].start
        and tokens[j + 1].kind == "word"
    )


def _millions(art: _Article, m: NumberMatch, j: int) -> _Candidate | None:
    """'1.5m people': a glued 'm' before a counted noun is a million, not a metre."""
    value = m.number.value
    hit = _count_after_gap(art, j + 1) if j + 1 < len(art.tokens) else None
    if hit is None or value is None or not _adjacent(art, j, j + 1):
        return None
    number = replace(m.number, value=_round(value * 1_000_000))
    return _Candidate(m.start, art.tokens[hit[0] - 1].end, m.first, hit[0], hit[2],
                      m.outer_first, number, "count", hit[1], "rule:number+count")


# --- what is not a quantity ------------------------------------------------------------------
def _before(art: _Article, i: int, phrases: tuple[Phrase, ...]) -> bool:
    return any(art.numbers.ends_at(art.tokens, i, p) is not None for p in phrases)


def _after(art: _Article, j: int, phrases: tuple[Phrase, ...]) -> bool:
    return _phrase_at(art, j, phrases) is not None


def _dimension(c: _Candidate) -> str:
    return MEASURES[c.unit][0] if c.kind == "measure" else "count"


def _prev_index(art: _Article, i: int) -> int:
    """Index of the token before token i, hyphens and apostrophes skipped (-1 if none)."""
    i -= 1
    while i >= 0 and art.tokens[i].text in SKIPPABLE:
        i -= 1
    return i


def _prev_word(art: _Article, i: int) -> Token | None:
    j = _prev_index(art, i)
    return art.tokens[j] if j >= 0 else None


def _is_age(art: _Article, c: _Candidate) -> bool:
    """'59-year-old', 'aged 59', 'âgé de 26 ans', 'un mécanicien de 59 ans', ', 26 ans,'."""
    if c.unit != "years":
        return False
    lex = art.lex
    if _after(art, c.last, lex.context["age_after"]):
        return True
    if _before(art, c.outer_first, lex.context["age_before"]):
        return True
    p = _prev_index(art, c.outer_first)
    prev = art.tokens[p] if p >= 0 else None
    following = art.tokens[c.last] if c.last < len(art.tokens) else None
    if prev is not None and prev.text == "," and following is not None and following.text in ",)":
        return True  # "Vitali, 26 ans, a déclaré"
    if lex.age_de_noun and prev is not None and prev.norm == "de":
        noun = _prev_word(art, p)  # "un mécanicien de 59 ans", not "une guerre de huit ans"
        return noun is not None and noun.kind == "word" and noun.norm not in lex.period_nouns \
            and noun.norm not in lex.months and _is_noun(art, noun)
    return False


def _is_noun(art: _Article, token: Token) -> bool:
    if not art.tagged:
        return token.text[:1].isupper()
    spacy_token = art.spacy_token(token.start)
    return spacy_token is not None and spacy_token.pos_ in ("NOUN", "PROPN")


def _is_clock(art: _Article, c: _Candidate) -> bool:
    """'à 14 heures', '6 h 07', '14h30'."""
    if c.kind != "measure" or c.unit != "hours":
        return False
    following = art.tokens[c.last] if c.last < len(art.tokens) else None
    if following is not None and following.kind == "num" and _adjacent(art, c.last - 1, c.last):
        return True
    value = c.number.value
    return (
        c.unit in art.lex.clock_units and value is not None and value <= 24
        and _before(art, c.outer_first, art.lex.context["clock_before"])
    )


def _is_year(art: _Article, c: _Candidate) -> bool:
    token = art.tokens[c.first]
    if token.kind != "num" or not re.fullmatch(r"1[89]\d\d|20\d\d", token.text):
        return False
    prev = _prev_word(art, c.first)
    return c.unit_first > c.first + 1 or (
        prev is not None and (prev.norm in art.lex.year_before or prev.norm in art.lex.months)
    )


def _article_ok(art: _Article, c: _Candidate, m: NumberMatch) -> bool:
    """'une semaine', 'a week' count as 1 only as a measured period ('en moins d'une semaine')."""
    if m.kind != "article":
        return True
    if c.kind != "measure" or _dimension(c) != "duration":
        return False
    return m.outer_first < m.first or _before(art, m.first, art.lex.context["measure_before"])


def _rejected(art: _Article, c: _Candidate, m: NumberMatch) -> bool:
    """Whether a candidate is no informative quantity: money, speed, offset, age, clock..."""
    lex = art.lex
    before = art.text[max(0, m.outer_start - 4) : m.outer_start].rstrip().lower()
    if any(before.endswith(symbol) for symbol in lex.currency_before):
        return True
    if not _article_ok(art, c, m):
        return True
    dimension = _dimension(c)
    if dimension == "length" and _after(art, c.last, lex.context["speed_after"]):
        return True
    if dimension == "duration" and (
        _after(art, c.last, lex.context["offset_after"])
        or _before(art, c.outer_first, lex.context["offset_before"])
    ):
        return True
    if c.kind == "partitive" and c.number.value == 1:
        return True
    if c.method == "rule:partitive" and c.number.value == 1:
        return True
    if _is_reference(art, c, m):
        return True
    return _is_age(art, c) or _is_clock(art, c) or _is_year(art, c)


def _is_reference(art: _Article, c: _Candidate, m: NumberMatch) -> bool:
    """'the two countries', 'les deux camps': a definite one or two refers, it does not count."""
    value = c.number.value
    return (
        c.kind == "count" and value is not None and value <= 2 and m.kind == "words"
        and _before(art, m.outer_first, art.lex.context["definite_before"])
    )


def _bare_after(art: _Article, j: int) -> bool:
    """Whether token j (after a number) leaves the number bare: no noun follows it."""
    if j >= len(art.tokens):
        return True
    token = art.tokens[j]
    if token.kind == "punct":
        return token.text in ",;.)!?" or token.text in SKIPPABLE
    if token.kind != "word" or token.norm in art.lex.months or not art.tagged:
        return False
    spacy_token = art.spacy_token(token.start)
    return spacy_token is not None and spacy_token.pos_ in BARE_FOLLOWERS


def _bare(art: _Article, m: NumberMatch) -> bool:
    """A number standing alone: no name or month before it, no noun after it."""
    value = m.number.value
    if m.kind not in ("digits", "words", "range") or value is None or value < 2:
        return False
    before = _prev_word(art, m.outer_first)
    if before is not None and before.text == ".":  # "Oct. 7"
        before = _prev_word(art, _prev_index(art, m.outer_first))
    if before is not None and before.kind == "word" and (
        before.text[:1].isupper() or before.norm in art.lex.months
    ):
        return False
    return _bare_after(art, m.last)


def _cued_unit(art: _Article, m: NumberMatch) -> str | None:
    """The count a cue right before a bare number implies ("the death toll rose to 56",
    "killing at least 12"): only words of the lexicon's ``cue_gap`` may stand between."""
    sentence = art.parsed.sentence_of(m.start)
    end = m.outer_first
    for _ in range(8):
        if end <= 0 or art.parsed.sentence_of(art.tokens[end - 1].start) != sentence:
            return None
        for words, unit in art.lex.count_cues:
            if art.numbers.ends_at(art.tokens, end, words) is not None:
                return unit
        previous = art.tokens[end - 1]
        if previous.norm not in art.lex.cue_gap and previous.text not in SKIPPABLE:
            return None
        end -= 1
    return None


def _elliptical(art: _Article, m: NumberMatch, found: list[_Candidate]) -> _Candidate | None:
    """A bare number counting what its sentence counts: after a count ('about 40,000 people
    ...: some 17,000 on the western bank and about 25,000 on ...') or after a cue ('the death
    toll rose to 56', 'killing at least 12')."""
    if not _bare(art, m):
        return None
    sentence = art.parsed.sentence_of(m.start)
    previous = found[-1] if found else None
    cued = _cued_unit(art, m)
    if cued is not None:
        unit, method = cued, "rule:cue+number"
    elif previous is not None and previous.kind == "count" \
            and sentence == art.parsed.sentence_of(previous.start):
        unit, method = previous.unit, "rule:elliptical-count"
    else:
        return None
    return _Candidate(m.start, m.end, m.first, m.last, m.first, m.outer_first, m.number,
                      "count", unit, method, m.alternative)


def _candidates(art: _Article) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in art.numbers.find(art.tokens, art.text):
        c = _recognize(art, m) or _elliptical(art, m, out)
        if c is not None and not _rejected(art, c, m):
            out.append(c)
    return out


# --- conversions in parentheses --------------------------------------------------------------
def _merge_conversions(art: _Article, cands: list[_Candidate]) -> list[_Candidate]:
    """'1 250 miles carrés (2 000 kilomètres carrés)': one quantity, valued by the metric form."""
    out: list[_Candidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None and _is_conversion(art, a, b):
            keep = b if b.unit in METRIC and a.unit not in METRIC else a
            closing = art.text.index(")", b.end)
            number = keep.number
            if number.approximation is None:
                number = replace(number, approximation=a.number.approximation)
            other = a if keep is b else b
            out.append(replace(keep, start=a.start, end=closing + 1, first=a.first,
                               outer_first=a.outer_first, number=number,
                               method="rule:conversion", also=(other.unit_first,)))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _is_conversion(art: _Article, a: _Candidate, b: _Candidate) -> bool:
    measured = ("area", "length", "volume")
    if a.kind != "measure" or b.kind != "measure":
        return False
    if _dimension(a) not in measured or _dimension(b) not in measured:
        return False
    between = art.text[a.end : art.tokens[b.outer_first].start]
    after = art.text[b.end : b.end + 3]
    return between.strip() == "(" and after.lstrip().startswith(")")


# --- about -----------------------------------------------------------------------------------
def _head_tokens(art: _Article, c: _Candidate) -> list[SpacyToken]:
    """The parse tokens heading the quantity: its unit noun(s), or its number."""
    if c.kind == "partitive":
        found = art.spacy_token(c.start)
        return [found] if found is not None else []
    heads = []
    for index in (c.unit_first, *c.also):
        token = art.spacy_token(art.tokens[index].start)
        while token is not None and token.pos_ == "ADJ" and token.head.i > token.i:
            token = token.head  # "square kilometres": the noun, not the adjective
        if token is not None:
            heads.append(token)
    return heads


def _action(art: _Article, head: SpacyToken, span: tuple[int, int]) -> str | None:
    """The participle of the verb or noun governing `head` ("retaken", "killed"); tokens of
    the quantity itself (`span`, characters) are passed through."""
    lemmas = art.lex.about_lemmas
    for child in head.children:
        if child.dep_ in ("acl", "amod", "acl:relcl") and norm(child.lemma_) in lemmas:
            return lemmas[norm(child.lemma_)]
    token = head
    for _ in range(8):
        if token.head.i == token.i or token.dep_ in ("appos", "parataxis"):
            return None
        token = token.head
        lemma = norm(token.lemma_)
        if lemma in lemmas:
            return lemmas[lemma]
        inside = span[0] <= token.idx < span[1]
        if not inside and token.pos_ in ("VERB", "AUX", "NOUN", "PROPN", "ADJ"):
            return None  # an unmapped verb, or another thing ("le pont, long de 19 km")
    return None


def _distance_from(art: _Article, head: SpacyToken) -> str | None:
    """'37 miles à l'est de Kharkiv' -> 'distance from Kharkiv'."""
    sentence = head.sent
    for token in art.doc[head.i + 1 : min(head.i + 14, sentence.end)]:
        if token.pos_ in ("VERB", "AUX") or token.text in ",;.":
            return None
        if token.ent_type_ in PLACE_LABELS or (token.ent_type_ and token.pos_ == "PROPN"):
            ent = next((e for e in art.ents if e.start <= token.i < e.end), None)
            return f"distance from {ent.text if ent is not None else token.text}"
    return None


def _of_territory(art: _Article, head: SpacyToken) -> bool:
    """'2 000 kilomètres de territoire': a length unit used for an area."""
    return any(norm(child.lemma_) in art.lex.area_nouns for child in head.children)


def _about(art: _Article, c: _Candidate) -> str | None:
    """What the quantity counts or measures, in short English, or None."""
    dimension = _dimension(c)
    subject = c.unit if c.kind == "count" else art.lex.about_subjects.get(dimension)
    if c.kind == "partitive":
        subject = None
    if c.kind == "count" and c.unit in DEFAULT_ABOUT:
        return DEFAULT_ABOUT[c.unit]
    if dimension == "duration":
        return None  # a period is not what the action acted on ("une semaine" is not retaken)
    for head in _head_tokens(art, c) if art.parsed_deps else []:
        if dimension == "length" and _of_territory(art, head):
            subject = art.lex.about_subjects.get("area")
        elif dimension == "length":
            distance = _distance_from(art, head)
            if distance:
                return distance
        action = _action(art, head, (c.start, c.end)) or _next_verb_action(art, head, c.end)
        if action and subject:
            return f"{subject} {action}"
    return None


def _next_verb_action(art: _Article, head: SpacyToken, end: int) -> str | None:
    """A quantity as subject, when the parse missed it: the first verb right after it
    ("au moins une trentaine de places ont été reprises")."""
    for token in art.doc[head.i + 1 : head.sent.end]:
        if token.idx < end or token.pos_ == "AUX":
            continue
        if token.pos_ == "VERB":
            return art.lex.about_lemmas.get(norm(token.lemma_))
        if token.is_punct or token.pos_ in ("NOUN", "PROPN", "PRON", "SCONJ"):
            return None
    return None


# --- claimed_by ------------------------------------------------------------------------------
def _people(art: _Article) -> list[str]:
    return [e.text for e in art.ents if e.label_ in PERSON_LABELS]


def _fullest_name(art: _Article, name: str) -> str:
    """The longest PER entity of the article that ends with the name's last word."""
    words = re.findall(r"\w+", norm(name))
    if not words:
        return name
    best = name = _clean(name)
    for person in map(_clean, _people(art)):
        person_words = re.findall(r"\w+", norm(person))
        if words[-1] in person_words and len(person_words) > len(re.findall(r"\w+", norm(best))):
            best = person.strip()
    return best


def _entity_span(art: _Article, token: SpacyToken) -> Span | None:
    """The named entity (a source-like one) containing `token`, or None."""
    ent = next((e for e in art.ents if e.start <= token.i < e.end), None)
    return ent if ent is not None and ent.label_ in SOURCE_LABELS else None


def _entity_of(art: _Article, token: SpacyToken) -> str | None:
    ent = _entity_span(art, token)
    return _clean(ent.text) if ent is not None else None


def _apposed_person(art: _Article, token: SpacyToken) -> Span | None:
    """'the top US military official, General Mark Milley': the person in apposition."""
    for child in token.subtree:
        if child.dep_ == "appos" or child.head.dep_ == "appos":
            ent = _entity_span(art, child)
            if ent is not None and ent.label_ in PERSON_LABELS:
                return ent
    return None


def _clean(name: str) -> str:
    """A name without a leading 'the', a possessive ending or surrounding punctuation."""
    name = re.sub(r"^(?:the|The)\s+", "", name.strip(" ,;:.\"'“”«»"))
    return re.sub(r"(?:['’]s|['’])$", "", name)


def _phrase_of(art: _Article, token: SpacyToken) -> str:
    """The noun phrase headed by `token`, cut at punctuation, without leading determiners."""
    sent = token.sent
    start = token.left_edge.i
    end = token.i + 1
    for right in art.doc[token.i + 1 : min(token.right_edge.i + 1, sent.end)]:
        if right.is_punct or right.pos_ in ("VERB", "AUX", "SCONJ", "PRON"):
            break
        end = right.i + 1
    while start < token.i and (art.doc[start].pos_ in ("DET", "PUNCT", "ADP")):
        start += 1
    return art.doc[start:end].text


def _source_name(art: _Article, token: SpacyToken, before: int) -> str | None:
    """The name of who `token` refers to: entity, apposition, pronoun antecedent, phrase."""
    lowered = norm(token.text)
    if lowered in art.lex.first_person:
        return None
    if lowered in art.lex.pronouns:
        people = [e for e in art.ents if e.label_ in PERSON_LABELS and e.end_char <= before]
        return _fullest_name(art, people[-1].text) if people else None
    ent = _entity_span(art, token)
    if ent is None or ent.label_ not in PERSON_LABELS:
        named = _apposed_person(art, token)
        ent = named if named is not None else ent
    if ent is not None:
        return _fullest_name(art, ent.text) if ent.label_ in PERSON_LABELS else _clean(ent.text)
    if token.pos_ in ("NOUN", "PROPN"):
        return _phrase_of(art, token)
    return None


def _according_to(art: _Article, start: int, end: int, at: int | None = None) -> str | None:
    """'selon X', 'according to X' in the characters [start, end).

    A cue in mid-sentence attributes what precedes it; a quantity at `at` after such a cue
    is part of the source's own description ("selon des habitants de Zaliznychne, un
    village à 37 miles ...") and is not claimed by it.
    """
    tokens = art.tokens
    first = bisect_right(art.starts, start - 1)
    for i in range(first, len(tokens)):
        token = tokens[i]
        if token.end > end:
            break
        after = _phrase_at(art, i, art.lex.according_to)
        if after is None or after >= len(tokens) or tokens[after].start >= end:
            continue
        if at is not None and not _in_scope(art, start, token.start, after, at):
            continue
        name = _cue_source(art, token.start, after)
        return name or _capitalized_run(art, after, end)
    return None


def _in_scope(art: _Article, start: int, cue: int, after: int, at: int) -> bool:
    """Whether an 'according to' cue at `cue` covers the quantity at `at`: it opens the
    sentence, or follows the quantity, or the parse attaches it to a clause holding
    the quantity, outside the source's own phrase."""
    if at < cue or _opens_clause(art, start, cue):
        return True
    source = _cue_token(art, after)
    quantity = art.spacy_token(at)
    if source is None or quantity is None or not art.parsed_deps:
        return False
    return source.head in _clause_ancestors(art, quantity) and quantity not in set(source.subtree)


def _opens_clause(art: _Article, sentence_start: int, offset: int) -> bool:
    """Whether only punctuation and at most one word stand before `offset` in its sentence."""
    before = art.text[sentence_start:offset]
    return len(re.findall(r"\w+", before)) <= 1


def _cue_source(art: _Article, cue_start: int, after: int) -> str | None:
    """The source named after an 'according to' cue, from the parse."""
    spacy_token = _cue_token(art, after) if art.parsed_deps else None
    return _source_name(art, spacy_token, cue_start) if spacy_token is not None else None


def _cue_token(art: _Article, after: int) -> SpacyToken | None:
    """The first content token after an 'according to' cue (determiners skipped)."""
    spacy_token = art.spacy_token(art.tokens[after].start)
    while spacy_token is not None and spacy_token.pos_ in ("DET", "ADP"):
        nxt = spacy_token.i + 1
        spacy_token = art.doc[nxt] if nxt < len(art.doc) else None
    if spacy_token is not None and spacy_token.dep_ == "poss":
        spacy_token = spacy_token.head  # "Britain's Ministry of Defence"
    return spacy_token


def _capitalized_run(art: _Article, i: int, end: int) -> str | None:
    """Without a parse: the capitalized words after a cue ("laut dem Verteidigungsministerium",
    "nach Angaben von Serhij Tscherewatyj"), lower-case name particles allowed inside."""
    tokens = [t for t in art.tokens[i : i + 10] if t.start < end]
    k = 0
    while k < min(2, len(tokens)) and tokens[k].kind == "word" and tokens[k].text.islower():
        k += 1  # leading determiners
    words: list[Token] = []
    for n in range(k, len(tokens)):
        token = tokens[n]
        following = tokens[n + 1] if n + 1 < len(tokens) else None
        joins = token.text in SKIPPABLE or token.norm in NAME_PARTICLES
        if token.kind == "word" and token.text[:1].isupper():
            words.append(token)
        elif not (joins and words and following and following.text[:1].isupper()):
            break
    return art.text[words[0].start : words[-1].end] if words else None


def _negated(token: SpacyToken) -> bool:
    """'n'a pas confirmé', 'did not say': a reporting verb that reports nothing."""
    near = [*token.children, *(g for c in token.children for g in c.children)]
    return any(t.dep_ == "neg" or norm(t.text) in NEGATIONS for t in near)


def _clause_ancestors(art: _Article, near: SpacyToken) -> list[SpacyToken]:
    """`near` and its ancestors up to the root, not crossing into a reporting verb that the
    quantity's clause is only coordinated with ("X n'a pas confirmé ... mais Y ont repris")."""
    chain = [near]
    token = near
    while token.head.i != token.i:
        if token.dep_ == "conj" and norm(token.head.lemma_) in art.lex.reporting_verbs:
            break
        token = token.head
        chain.append(token)
    return chain


def _governing(art: _Article, near: SpacyToken) -> set[SpacyToken]:
    """Tokens that govern `near`: its ancestors and their parenthetical reporting clauses."""
    chain = _clause_ancestors(art, near)
    out = set(chain[1:])
    for token in chain:
        out.update(c for c in token.children if c.dep_.startswith(("parataxis", "dep")))
    return out


def _inverted_subject(art: _Article, verb: SpacyToken) -> str | None:
    """'a déclaré Matvienko', 'said Zelensky', 'a-t-il déclaré': the name right after."""
    sentence_end = verb.sent.end
    for token in art.doc[verb.i + 1 : min(verb.i + 3, sentence_end)]:
        if token.text in SKIPPABLE or token.text.lower() == "t":
            continue
        if norm(token.text) in art.lex.pronouns or token.text[:1].isupper():
            return _source_name(art, token, verb.idx) or _entity_of(art, token) or token.text
        return None
    return None


def _reported_by(art: _Article, start: int, end: int, near: SpacyToken | None) -> str | None:
    """The subject of a reporting verb in [start, end) that governs `near` (any verb when
    `near` is None): "X a déclaré que ...", "..., said X", "X told AFP"."""
    if not art.parsed_deps:
        return None
    span = art.doc.char_span(start, end, alignment_mode="expand")
    verbs = [
        t for t in span or []
        if norm(t.lemma_) in art.lex.reporting_verbs and t.pos_ in ("VERB", "AUX", "NOUN")
        and not _negated(t)
    ]
    if near is not None:
        governing = _governing(art, near)
        verbs = sorted((v for v in verbs if v in governing), key=lambda t: abs(t.i - near.i))
    for verb in verbs:
        subjects = sorted((c for c in verb.children if c.dep_ in SUBJECT_DEPS),
                          key=lambda c: abs(c.i - verb.i))
        for child in subjects:
            if child.pos_ == "PRON" and verb.dep_.startswith("acl") and verb.head.i != verb.i:
                child = verb.head  # "Zelensky, qui évoquait ...": the relative's antecedent
            name = _source_name(art, child, verb.idx)
            if name:
                return name
        if not subjects:
            name = _inverted_subject(art, verb)
            if name:
                return name
    return None


def _claimed_in(
    art: _Article, start: int, end: int, near: SpacyToken | None, at: int | None = None
) -> str | None:
    return _according_to(art, start, end, at) or _reported_by(art, start, end, near)


def _sentence_span(art: _Article, offset: int) -> tuple[int, int] | None:
    index = art.parsed.sentence_of(offset)
    if index is None:
        return None
    sentence = art.parsed.sentences[index]
    return sentence.start, sentence.end


def _after_quote(art: _Article, quote: tuple[int, int]) -> tuple[int, int] | None:
    """The attribution window right after a closing quote mark (same line)."""
    k = quote[1]
    while k < len(art.text) and art.text[k] in " \t\u00a0":
        k += 1
    if k >= len(art.text) or art.text[k] in OPEN_QUOTES + '"\n':
        return None
    span = _sentence_span(art, k)
    return (quote[1], span[1]) if span is not None and span[1] > quote[1] else None


def _before_quote(art: _Article, quote: tuple[int, int]) -> tuple[int, int] | None:
    """The attribution window right before an opening quote mark (same line)."""
    k = quote[0] - 1
    while k >= 0 and art.text[k] in " \t\u00a0":
        k -= 1
    if k < 0 or art.text[k] in CLOSE_QUOTES + '"\n.!?':
        return None
    span = _sentence_span(art, k)
    return (span[0], quote[0]) if span is not None and span[0] < quote[0] else None


def _quote_speaker(art: _Article, quote: tuple[int, int], depth: int = 0) -> str | None:
    """Who a quote is attributed to: after its closing mark, before its opening mark, or
    (a quote continued in the same paragraph) the previous quote's speaker."""
    for window in (_after_quote(art, quote), _before_quote(art, quote)):
        if window is not None:
            found = _claimed_in(art, window[0], window[1], None)
            if found:
                return found
    paragraph_start = art.text.rfind("\n", 0, quote[0]) + 1
    earlier = [q for q in art.quotes if paragraph_start <= q[0] and q[1] <= quote[0]]
    if earlier and depth < 3:
        return _quote_speaker(art, earlier[-1], depth + 1)
    return None


def _claimed_by(art: _Article, c: _Candidate) -> str | None:
    span = _sentence_span(art, c.start)
    if span is None:
        return None
    quote = art.quote_around(c.start)
    heads = _head_tokens(art, c) if art.parsed_deps else []
    near = heads[0] if heads else None
    if quote is None:
        return _claimed_in(art, span[0], span[1], near, c.start)
    inside = _according_to(art, max(span[0], quote[0]), min(span[1], quote[1]))
    return inside or _quote_speaker(art, quote)


# --- normalization ---------------------------------------------------------------------------
def _normalized(c: _Candidate) -> tuple[float | None, str | None]:
    value = c.number.value
    if c.kind != "measure":
        si_unit = CANONICAL_COUNTS.get(c.unit, c.unit)
        return value, si_unit
    dimension, source = MEASURES[c.unit]
    target, si_unit = SI_UNITS[dimension]
    if value is None:
        return None, si_unit
    return _round(value * _factor(source, target)), si_unit


def _round(value: float) -> float:
    rounded = round(value, 4)
    return int(rounded) if rounded == int(rounded) else rounded


def _counted_whole(c: _Candidate) -> _Candidate:
    """A count is of whole things: '1,200 soldats' is 1200 even where ',' marks decimals."""
    value = c.number.value
    if c.kind == "count" and c.alternative is not None and value is not None \
            and value != int(value):
        return replace(c, number=c.alternative)
    return c


def _quantity(art: _Article, c: _Candidate) -> Quantity:
    c = _counted_whole(c)
    si_value, si_unit = _normalized(c)
    number = c.number
    ranged = number.approximation in ("range", "at_least") and number.low is not None
    return Quantity(
        text=art.text[c.start : c.end],
        value=number.value,
        unit=c.unit,
        si_value=si_value,
        si_unit=si_unit,
        about=_about(art, c),
        claimed_by=_claimed_by(art, c),
        provenance=Provenance(c.start, c.end, art.parsed.sentence_of(c.start), c.method),
        approximation=number.approximation,
        low=number.low if ranged else None,
        high=number.high if ranged else None,
        reason=number.reason,
    )


# --- restatements ----------------------------------------------------------------------------
def _same_figure(a: Quantity, b: Quantity) -> bool:
    if a.unit != b.unit or a.provenance.sentence == b.provenance.sentence:
        return False
    if a.value is None or b.value is None:
        return a.value is None and b.value is None and norm(a.text) == norm(b.text)
    if a.value != b.value:
        return False
    return a.about is None or b.about is None or a.about == b.about


def _merge_restatements(quantities: list[Quantity]) -> list[Quantity]:
    """A figure restated in another sentence (headline, lead, quote) is kept once, at its
    first mention, taking ``about``/``claimed_by`` from a restatement when it has none."""
    kept: list[Quantity] = []
    for q in quantities:
        first = next((k for k in kept if _same_figure(k, q)), None)
        if first is None:
            kept.append(q)
            continue
        first.about = first.about or q.about
        first.claimed_by = first.claimed_by or q.claimed_by
    return kept


# --- entry point -----------------------------------------------------------------------------
def extract_quantities(parsed: ParsedArticle) -> list[Quantity]:
    """Every informative quantity of the article, sorted by position."""
    if not parsed.text.strip():
        return []
    art = _article(parsed)
    candidates = _merge_conversions(art, _candidates(art))
    quantities = [_quantity(art, c) for c in candidates]
    return sorted(_merge_restatements(quantities), key=lambda q: q.provenance.start)
