"""Places: every place an article names, recognised in any language and resolved against
the gazetteer to one point, with its kind, country and admin-1 region.

Recognition takes the pipeline's location entities, entities it mislabelled (the English
model calls "Kherson" a PERSON) when the gazetteer knows a prominent place of that name, and
capitalised spans it missed (all of them for languages with no NER model), minus what is not
a place here: organisations ("ministère de la Défense"), demonyms ("Ukrainien"), parts of
person names. Context cues ("région de X", "X region", "rive gauche du X", "ville de X")
choose the kind of place a mention means.

Resolution ranks each mention's candidates by name-match quality, the kind its cue implies,
population, the article's country focus and nearness to the article's other confident
places, in two passes: first the unambiguous mentions fix the article's map, then every
mention is ranked again against it. Between towns, size counts for more than the
article's country (London, not London, Ohio), unless the article's region or nearby places
point to the namesake. A name still in doubt then takes the candidate that lies with the
article's other places (coherence: "Franklin" in a New Orleans story is Franklin,
Louisiana). A name the gazetteer lacks is placed only by what it says itself: a
street or building ("Royal Street") in the town the article names, a longer name at the
place it names ("Oaxaca State", "Lake Manassas", "South Los Angeles"); these places carry
no gazetteer id. Any other name with no candidate stays unresolved (no coordinates) rather
than being guessed.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from dateline.extract.place_lexicon import OF_WORDS, PlaceLexicon, cue_words, place_lexicon
from dateline.gazetteer.fold import fold
from dateline.gazetteer.lookup import Candidate, Gazetteer
from dateline.model import Mention, Place, Provenance
from dateline.nlp.parsed import ParsedArticle

NAME = "places"
VERSION = "0.6"
METHOD = "ner+gazetteer"

PLACE_LABELS = frozenset({"LOC", "GPE", "FAC"})
OTHER_LABELS = frozenset({"PER", "PERSON", "ORG", "MISC", "NORP", "PRODUCT", "WORK_OF_ART"})
MAX_SPAN_TOKENS = 4
CONNECTORS = frozenset({"-", "de", "del", "di", "da", "do", "das", "dos", "on", "upon", "am",
                        "an", "der", "el", "al", "sur", "la", "les", "y"})
SETTLEMENT = frozenset({"city", "village"})
NAMESAKE_CITY = 20_000  # a city that can own its region's name
_WORD = re.compile(r"\w+", re.UNICODE)
_HYPHENATED = re.compile(r"-\w")
_NEXT_WORD = re.compile(r" ([a-z]+)\b")
CURATED = "dateline:"


@cache
def gazetteer() -> Gazetteer:
    """The process's gazetteer, opened (built on first use) once."""
    return Gazetteer.open()


@dataclass
class _Mention:
    text: str
    start: int
    end: int
    sentence: int | None
    origin: str  # "ner:LOC", "ner-relabelled:PERSON", "gazetteer-scan"
    cue: str | None
    candidates: list[Candidate]
    weak: bool = False  # not labelled a place by the NER: kept only on strong evidence
    proper: bool = True  # looks like a proper name (kept unresolved if nothing matches)
    inflected: bool = False  # found only after removing a case ending
    feature: bool = False  # a street, building or landmark ("Royal Street", "White House")
    choice: Candidate | None = None
    # A name the gazetteer lacks, placed by a place it names or lies in ("Lake Manassas",
    # "Royal Street"): that place, the kind the name itself has, and how it was derived.
    derived: Candidate | None = None
    derived_kind: str = "other"
    derived_how: str = ""
    margin: float = 0.0
    country_margin: float = 0.0
    country_named: bool | None = None  # a country candidate bears exactly this name


@dataclass
class _Context:
    focus: Counter[str] = field(default_factory=Counter)  # countries the article is about
    regions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (country, admin-1)
    anchors: list[tuple[float, float]] = field(default_factory=list)
    home: dict[tuple[str, str], float] = field(default_factory=dict)  # the outlet's home


# --- recognition ---------------------------------------------------------------------------
def _words_before(text: str, start: int, limit: int = 40) -> list[str]:
    return cue_words(text[max(0, start - limit):start])


def _words_after(text: str, end: int, limit: int = 30) -> list[str]:
    return cue_words(text[end:end + limit])


def _cue(text: str, start: int, end: int, lex: PlaceLexicon, doc: Doc | None = None
         ) -> str | None:
    """The kind of place the words around a name point to; a specific cue ("X region")
    wins over a bare article ("the X")."""
    before = lex.cue_before(_words_before(text, start))
    if before and before != "area":
        return before
    after = lex.cue_after(_words_after(text, end))
    if after is None and before == "area" and lex.head_final and (
            _HYPHENATED.match(text, end) or _noun_follows(doc, text, end)):
        return None  # "the Washington mission", "the Washington-based group"
    return after or before


def _in_organisation(text: str, start: int, lex: PlaceLexicon) -> bool:
    """"ministère (russe) de la Défense", "Ministry of Defence": a name governed by an
    institution noun, perhaps with an adjective between."""
    words = [w for w in _words_before(text, start, 50) if w not in lex.skip_words - OF_WORDS]
    return (len(words) >= 2 and words[-1] in OF_WORDS
            and any(w in lex.not_place_heads for w in words[-3:-1]))


def _strip_leading(ent_text: str, lex: PlaceLexicon) -> tuple[int, str | None]:
    """Characters to drop at the start of an entity that begins with a cue ("province de
    Kharkiv") or an article ("la Crimée"), and the cue kind found."""
    words = list(_WORD.finditer(ent_text))
    for i in range(len(words) - 1, 0, -1):
        cue = _leading_cue(cue_words(ent_text[: words[i].start()]), lex)
        if cue:
            return words[i].start(), cue
    first = fold(words[0].group()) if words else ""
    if len(words) > 1 and (first in lex.area_articles or first in ("the", "le", "la", "les")):
        return words[1].start(), None
    return 0, None


def _leading_cue(head: list[str], lex: PlaceLexicon) -> str | None:
    """The cue kind when the words are exactly one cue phrase, after optional skip words."""
    for kind, phrases in lex.before.items():
        for phrase in phrases:
            n = len(phrase)
            if tuple(head[-n:]) == phrase and all(w in lex.skip_words for w in head[:-n]):
                return kind
    return None


def _fits(name: str, c: Candidate) -> bool:
    """Short names match only exactly; a short capitalised abbreviation ("US", "UK") only
    a country or region; an abbreviation only a name written as one ("Car" is not "CAR")."""
    if len(name) <= 4 and c.match == "skeleton":
        return False
    if c.matched_name.isupper() and len(c.matched_name) <= 4 and not name.isupper():
        return False
    return not (name.isupper() and len(name) <= 3 and c.kind not in ("country", "region"))


def _is_prominent(c: Candidate) -> bool:
    if c.kind in ("country", "region", "river", "sea"):
        return True
    return c.population >= 20_000


def _lookup(gaz: Gazetteer, name: str, lex: PlaceLexicon) -> list[Candidate]:
    """Candidates for a name; in an inflecting language, for its nominative too (Херсона:
    Херсон; Дніпра: Дніпро) when the form itself has no exact (folded) match."""
    found = [c for c in gaz.candidates(name) if _fits(name, c)]
    if any(c.match == "fold" for c in found) or not lex.case_endings:
        return found
    for ending in lex.case_endings:
        if not name.endswith(ending) or len(name) - len(ending) < 3:
            continue
        stem = name[: -len(ending)]
        for nominative in lex.nominative_endings or ("",):
            base = stem + nominative
            stemmed = [c for c in gaz.candidates(base) if c.match == "fold" and _fits(base, c)]
            if stemmed:
                return stemmed
    return found


def _adjective_region(gaz: Gazetteer, name: str, lex: PlaceLexicon) -> list[Candidate]:
    """An oblast named by an inflected adjective before a region cue ("у Запорізькій
    області" -> "Запорізька область"), when the language's lexicon says how."""
    if lex.region_adjective is None:
        return []
    endings, nominative, noun = lex.region_adjective
    for ending in endings:
        if name.endswith(ending) and len(name) - len(ending) >= 3:
            form = f"{name[:-len(ending)]}{nominative} {noun}"
            found = [c for c in gaz.candidates(form)
                     if c.kind in ("region", "district") and c.match != "skeleton"]
            if found:
                return found
    return []


def _with_regions_named_after(cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """With a region cue, a town's name also means the admin-1 region named after it when
    the gazetteer has no region under that form ("у Донецькій області": the stem finds the
    city of Donetsk; the cue means Donetsk Oblast)."""
    if any(c.kind in ("region", "district") for c in cands):
        return cands
    extra: list[Candidate] = []
    for c in cands:
        if c.kind not in SETTLEMENT or c.population < NAMESAKE_CITY:
            continue
        region = gaz.admin1_of(c)
        if (region is not None and region not in extra
                and fold(region.name).startswith(fold(c.name)[:5])):
            extra.append(region)
    return cands + extra


def _span_mentions(parsed: ParsedArticle, lex: PlaceLexicon, gaz: Gazetteer) -> list[_Mention]:
    text = parsed.text
    doc = parsed.doc
    mentions: list[_Mention] = []
    covered = [False] * len(doc)
    blocked = [False] * len(doc)  # tokens of person names and organisations

    def add(span_start: int, span_end: int, origin: str, cue: str | None,
            need_prominent: bool, proper: bool = True) -> bool:
        name = text[span_start:span_end].strip(" \t\n,;:!?«»“”\"'’()[]")
        if name.endswith(".") and "." not in name[:-1]:  # a full stop, not "U.S."
            name = name[:-1]
        name = lex.without_possessive(name)
        folded = fold(name)
        if not name or folded in lex.demonyms or folded in lex.skip_words:
            return False
        if folded in person_tokens:
            return False
        name_start = text.find(name, span_start)
        name_end = name_start + len(name)
        if _in_organisation(text, name_start, lex):
            return False
        cue = cue or _cue(text, name_start, name_end, lex, doc)
        cands = _lookup(gaz, name, lex)
        if not cands and not need_prominent:
            for part_start, part_end in _parts(name):  # "Petropavlivka-Novorayask"
                add(name_start + part_start, name_start + part_end, origin, cue, False, proper)
            if _parts(name):
                return True
        if need_prominent and not any(
            _is_prominent(c) or (cue == "settlement" and c.kind in SETTLEMENT)
            or (cue == "region" and c.kind == "region") or (cue == "river" and c.kind == "river")
            for c in cands
        ):
            return False
        mentions.append(_Mention(
            name, name_start, name_end, parsed.sentence_of(name_start), origin, cue, cands,
            weak=need_prominent, proper=proper,
            inflected=bool(cands) and fold(name) not in {fold(c.matched_name) for c in cands},
            feature=lex.is_feature_name(name),
        ))
        return True

    person_tokens = _person_tokens(doc)

    source = fold(parsed.article.source or "")
    for ent in doc.ents:
        words = _WORD.findall(fold(ent.text))
        if not words:
            continue
        if source and fold(ent.text) == source:  # the outlet's own name
            _block(blocked, ent)
            continue
        if ent.label_ in PLACE_LABELS:
            if words[0] in lex.not_place_heads:
                _block(blocked, ent)
                continue
            skip, cue = _strip_leading(ent.text, lex)
            proper = ent.text.isupper() or any(
                t.pos_ in ("PROPN", "X", "") for t in ent if t.is_alpha and not t.is_stop
            )
            if add(ent.start_char + skip, ent.end_char, f"ner:{ent.label_}", cue, False,
                   proper):
                _block(covered, ent)
        elif ent.label_ in OTHER_LABELS:
            acronym = ent.text.isupper() and len(ent.text) <= 4
            # "Macon, GA", "KY 52": the NER takes the state (or its road) for an organisation
            state = _state_abbreviation(ent, text, gaz, lex)
            if state is not None and add(*state, f"ner-relabelled:{ent.label_}", "region",
                                         False):
                _block(covered, ent)
                continue
            if (acronym or words[0] in lex.not_place_heads or len(words) > 3
                    or ent.label_ == "NORP"):
                _block(blocked, ent)
                continue
            if add(ent.start_char, ent.end_char, f"ner-relabelled:{ent.label_}", None, True):
                _block(covered, ent)
            else:
                _block(blocked, ent)
    mentions.extend(_scan(parsed, lex, gaz, covered, blocked))
    return sorted(mentions, key=lambda m: m.start)


def _noun_follows(doc: Doc | None, text: str, end: int) -> bool:
    """A lower-case common noun right after a name ("the Washington mission")."""
    word = _NEXT_WORD.match(text, end)
    if doc is None or word is None:
        return False
    span = doc.char_span(word.start(1), word.end(1))
    return span is not None and len(span) == 1 and span[0].pos_ == "NOUN"


def _person_tokens(doc: Doc) -> frozenset[str]:
    """Folded words of multi-word person names ("Petro Kuzyk"): never places on their own."""
    return frozenset(
        fold(t.text) for ent in doc.ents if ent.label_ in ("PER", "PERSON") and len(ent) > 1
        for t in ent if t.is_alpha
    )


def _parts(name: str) -> list[tuple[int, int]]:
    """Offsets of the parts of a compound of names: joined by hyphens or slashes
    ("Petropavlivka-Novorayask", not one name with a particle: "Al-Jazira"), or a place and
    the region or country it is in ("Gainesville, Texas", "Izium, Kharkiv Oblast")."""
    if "," in name:
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^,\s][^,]*[^,\s]|[^,\s]", name)]
        return parts if all(name[s].isupper() for s, _ in parts) and len(parts) > 1 else []
    if not re.fullmatch(r"[^-/–\s]+(?:[-/–][^-/–\s]+)+", name):
        return []
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^-/–]+", name)]
    if any(e - s < 4 or not name[s].isupper() for s, e in parts):
        return []
    return parts


def _block(flags: list[bool], span: Span) -> None:
    for i in range(span.start, span.end):
        flags[i] = True


_TOWN_COMMA = re.compile(r"[A-Z][\w.'-]*,\s*$")
_ROUTE_NUMBER = re.compile(r"[ -]?\d{1,4}\b")  # a state road: "KY 52", "SC-9"


def _abbreviated(name: str, cands: list[Candidate]) -> bool:
    """A short capitalised abbreviation ("GA", "BC") or one written with its dot ("Ga.")."""
    return (name.isupper() and len(name) <= 3) or any(
        c.matched_name.endswith(".") and fold(c.matched_name) == fold(name) for c in cands)


def _after_town(text: str, start: int) -> bool:
    """Right after "Town, ": where a state's or province's abbreviation means it."""
    return bool(_TOWN_COMMA.search(text, max(0, start - 40), start))


def _names_a_state(text: str, start: int, end: int) -> bool:
    """Where an abbreviation means a state or province: "Macon, GA", "KY 52"."""
    return _after_town(text, start) or bool(_ROUTE_NUMBER.match(text, end))


def _state_abbreviation(ent: Span, text: str, gaz: Gazetteer,
                        lex: PlaceLexicon) -> tuple[int, int] | None:
    """The offsets of a state's abbreviation that the NER took for an organisation, alone
    ("GA" in "Macon, GA") or with a road number ("KY 52")."""
    first = ent[0]
    if not (first.is_upper and first.is_alpha and len(first.text) <= 3):
        return None
    if len(ent) > 1 and not all(t.like_num or t.text == "-" for t in ent[1:]):
        return None
    start, end = first.idx, first.idx + len(first.text)
    if not _names_a_state(text, start, end):
        return None
    found = any(c.kind == "region" and _abbreviated(first.text, [c])
                for c in _lookup(gaz, first.text, lex))
    return (start, end) if found else None


def _capitalised(token_text: str) -> bool:
    return token_text[:1].isupper()


def _scan(parsed: ParsedArticle, lex: PlaceLexicon, gaz: Gazetteer, covered: list[bool],
          blocked: list[bool]) -> Iterable[_Mention]:
    """Capitalised spans the NER left out that name a place the gazetteer knows."""
    doc, text = parsed.doc, parsed.text
    has_ner = doc.has_annotation("ENT_IOB")
    # Plain lists, read once: indexing the Doc token by token is the slow part of a scan.
    capital = [_capitalised(t.text) for t in doc]
    joins = [c or t.lower_ in CONNECTORS for c, t in zip(capital, doc, strict=True)]
    free = [not (c or b) for c, b in zip(covered, blocked, strict=True)]
    i = 0
    while i < len(doc):
        if not (free[i] and capital[i]) or not doc[i].is_alpha:
            i += 1
            continue
        tok = doc[i]
        best: _Mention | None = None
        best_end = i + 1
        for j in range(min(len(doc), i + MAX_SPAN_TOKENS), i, -1):
            if not (capital[j - 1] and all(free[i:j]) and all(joins[i:j])):
                continue
            span = doc[i:j]
            name = span.text
            folded = fold(name)
            if folded in lex.skip_words or folded in lex.demonyms or all(t.is_stop for t in span):
                continue
            if (has_ner and len(span) == 1 and tok.pos_ not in ("PROPN", "X", "")
                    and not tok.is_upper):
                continue
            if not gaz.has_name(name) and not lex.case_endings:
                continue
            cands = _lookup(gaz, name, lex)
            start, end = span.start_char, span.end_char
            if _abbreviated(name, cands) and not _names_a_state(text, start, end):
                # "GA" alone is general admission; "Macon, GA" and "KY 52" name the state
                cands = [c for c in cands if c.kind == "country"]
            if not cands:
                continue
            cue = _cue(text, start, end, lex, doc)
            if cue == "region":
                cands = _adjective_region(gaz, name, lex) or _with_regions_named_after(cands,
                                                                                     gaz)
            if tok.is_sent_start and not has_ner and cue is None:
                # any word is capitalised there: a big place, or one a cue word announces
                cands = [c for c in cands if c.kind == "country" or c.population >= 100_000]
            if cands:
                best = _Mention(name, start, end, parsed.sentence_of(start), "gazetteer-scan",
                                cue, cands, weak=True, inflected=fold(name) not in {
                                    fold(c.matched_name) for c in cands},
                                feature=lex.is_feature_name(name))
                best_end = j
                break
        if best is not None:
            yield best
            i = best_end
        else:
            i += 1


# --- resolution ----------------------------------------------------------------------------
def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


_MATCH_SCORE = {"exact": 3.5, "fold": 2.0, "skeleton": 1.2}
_CUE_SCORE = {
    "region": {"region": 5.0, "district": 4.0, "country": -1.0, "city": -2.5, "village": -3.0,
               "river": -3.0},
    "river": {"river": 6.0, "sea": 1.0, "city": -3.0, "village": -3.0, "region": -2.0},
    "settlement": {"city": 3.0, "village": 3.0, "region": -3.0, "river": -3.0, "country": -3.0},
    "area": {"city": -2.0, "village": -2.5, "river": 1.5, "region": 1.5, "country": 1.0,
             "sea": 1.0, "other": 1.0},
}
# Facilities in the gazetteer (GeoNames feature codes): airports, buildings, dams, power
# stations, factories
_FACILITY_CODES = frozenset({"AIRP", "AIRB", "AIRF", "BDG", "DAM", "PS", "PSN", "MFG"})
# A place in the outlet's home region (dateline.outlets) gains this much times the home's
# share: as much as a country the article is wholly about.
_HOME_WEIGHT = 2.5
_NO_CUE = {"country": 3.0, "region": 0.5, "river": 0.5, "sea": 1.0, "city": 0.8, "village": 0.0,
           "other": 0.0}


# Abbreviations in place names: "St. Petersburg" is written exactly like "Saint Petersburg".
_NAME_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


@cache
def _exact_key(name: str) -> str:
    return " ".join(_NAME_ABBREVIATIONS.get(w, w) for w in _WORD.findall(fold(name)))


def _match_quality(m: _Mention, c: Candidate) -> float:
    if fold(c.name) == fold(m.text) or _exact_key(c.name) == _exact_key(m.text):
        return _MATCH_SCORE["exact"]
    return _MATCH_SCORE.get(c.match, 1.0)


def _population_score(c: Candidate) -> float:
    if c.kind == "country" or c.gazetteer_id.startswith(CURATED):
        return 4.0  # countries, and the regions, seas and rivers we curate for the news
    if c.kind in ("region", "district", "river", "sea", "other") and not c.population:
        return 2.5
    magnitude = min(math.log10(c.population + 1), 7.0)
    if c.kind in SETTLEMENT or c.kind in ("region", "district"):
        # above a small town, size counts more: London, not London, Ohio
        return magnitude * 0.75 + max(0.0, magnitude - 4.0) * 0.25
    return magnitude * 0.75


def _named_like_country(m: _Mention, c: Candidate) -> bool:
    """A region named like a country ("Mexico" state, "Georgia"): a bare name means the
    country."""
    return c.kind == "region" and any(o.kind == "country" for o in m.candidates)


def _named_like_own_country(m: _Mention, c: Candidate) -> bool:
    """A region named like the very country it is in (México state in Mexico): the
    country's focus is no evidence for the region."""
    return c.kind == "region" and any(
        o.kind == "country" and o.country == c.country for o in m.candidates)


def _shadowed_by_country(m: _Mention, c: Candidate) -> bool:
    """A place reached by another of its names ("Mexico" for Mexico City) when a country is
    called just that: the bare name means the country."""
    return (c.kind != "country" and bool(m.country_named)
            and fold(c.name) != fold(m.text))


def _country_named(m: _Mention) -> bool:
    name = fold(m.text)
    return any(o.kind == "country" and fold(o.name) == name for o in m.candidates)


def _named_after_city(m: _Mention, c: Candidate) -> bool:
    """A region that shares its name with its own city (Kharkiv Oblast and Kharkiv): a bare
    name means the city. A village reached by the same name (Montana City, Montana) is no
    such city."""
    return c.kind == "region" and any(
        o.kind in SETTLEMENT and o.country == c.country and o.admin1 == c.name
        and o.population >= NAMESAKE_CITY for o in m.candidates
    )


def _score(m: _Mention, c: Candidate, ctx: _Context | None, language: str) -> float:
    s = _match_quality(m, c) + _population_score(c)
    langs = c.lang.split(",") if c.lang else ()
    if language in langs:  # the name this language uses for it ("Dniepr" in French)
        s += 0.7
    elif langs and c.match != "exact" and fold(c.name) != fold(m.text):
        s -= 0.8  # another language's name for it ("Island" is Iceland in German)
    s += _CUE_SCORE[m.cue].get(c.kind, 0.0) if m.cue else _NO_CUE.get(c.kind, 0.0)
    if m.origin == "ner:FAC" and c.feature_code in _FACILITY_CODES:
        s += 2.0  # the NER calls it a facility: Heathrow the airport, not the village
    if m.cue != "region" and (
        _named_after_city(m, c) or _named_like_own_country(m, c) or _shadowed_by_country(m, c)
        or (_named_like_country(m, c) and not (ctx and ctx.focus.get(c.country or "")))
    ):
        s -= 3.0

    if ctx is not None and ctx.home and c.kind != "country":
        s += _HOME_WEIGHT * ctx.home.get((c.country or "", c.admin1 or ""), 0.0)
    if ctx is not None and ctx.focus:
        total = sum(ctx.focus.values())
        s += 2.5 * ctx.focus.get(c.country or "", 0) / total
        if c.kind != "country" and c.country and not ctx.focus.get(c.country):
            # next door to a country in view (Trinidad beside Dominica, not the Trinidad of
            # Bolivia): less than being in it
            s += 1.0 * max((n for iso, n in ctx.focus.items()
                            if _near_country(iso, c.lat, c.lon)), default=0) / total
        if ctx.regions and c.admin1 and c.kind != "country":  # the state or oblast in view
            s += 2.0 * ctx.regions.get((c.country or "", c.admin1), 0) / sum(ctx.regions.values())
        if ctx.anchors and c.kind != "country":
            nearest = min(_km((c.lat, c.lon), a) for a in ctx.anchors)
            s += 2.0 if nearest < 50 else 1.5 if nearest < 150 else 0.7 if nearest < 400 else 0.0
    return s


_NEIGHBOURHOOD_KM = 1500.0


@cache
def _country_point(iso: str) -> tuple[float, float] | None:
    c = gazetteer().country(iso)
    return (c.lat, c.lon) if c is not None else None


def _near_country(iso: str, lat: float, lon: float) -> bool:
    point = _country_point(iso)
    return point is not None and _km(point, (lat, lon)) < _NEIGHBOURHOOD_KM


def _rank(m: _Mention, ctx: _Context | None, language: str) -> None:
    if m.country_named is None:
        m.country_named = _country_named(m)
    scored = sorted(((_score(m, c, ctx, language), c) for c in m.candidates),
                    key=lambda sc: (-sc[0], -sc[1].population, sc[1].gazetteer_id))
    if not scored:
        m.choice, m.margin = None, 0.0
        return
    m.choice = scored[0][1]
    m.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0
    # Margin over the best candidate in another country: how sure the country itself is.
    abroad = [sc for sc, c in scored[1:] if c.country != m.choice.country]
    m.country_margin = scored[0][0] - abroad[0] if abroad else 10.0


def _context(mentions: list[_Mention]) -> _Context:
    """The article's map from its confident mentions: the countries it is about (countries
    and regions named, clear NER places) and anchor points (clear towns and regions).
    With no NER to go by (languages without a model), the countries that several of the
    article's names point to."""
    ctx = _Context()
    for m in mentions:
        c = m.choice
        if c is None or not c.country or c.match == "skeleton":
            continue
        if c.kind == "country" or (c.kind == "region" and not m.weak and not m.inflected):
            ctx.focus[c.country] += 2
        elif not m.weak and not m.inflected and m.country_margin >= 3.0:
            ctx.focus[c.country] += 1  # a town name not shared with a likely place abroad
        if c.admin1 and c.kind != "country" and not m.inflected and (
            c.kind == "region" or (not m.weak and m.margin >= 1.5 and m.country_margin >= 3.0)
        ):
            ctx.regions[(c.country, c.admin1)] += 1
        if not m.weak and c.kind in ("city", "village", "region") and m.margin >= 1.5:
            ctx.anchors.append((c.lat, c.lon))
    if not ctx.focus:
        votes = Counter(m.choice.country for m in mentions
                        if m.choice is not None and m.choice.country
                        and (m.choice.population >= 20_000 or m.choice.kind != "village"))
        ctx.focus.update({country: n for country, n in votes.items() if n >= 2})
    return ctx


def _share_cues(mentions: list[_Mention]) -> None:
    """A name repeated without a cue means what its cued mentions mean ("la région de
    Kharkiv ... à Kharkiv"), when those agree."""
    cues: dict[str, set[str]] = {}
    for m in mentions:
        if m.cue:
            cues.setdefault(fold(m.text), set()).add(m.cue)
    for m in mentions:
        kinds = cues.get(fold(m.text), set())
        if m.cue is None and len(kinds) == 1:
            m.cue = next(iter(kinds))


_AND = frozenset({"", "et", "and", "і", "й", "та", "und", "y", "e", "ou", "or", "и"})


def _coordinated(prev: _Mention, m: _Mention, text: str) -> bool:
    return fold(text[prev.end:m.start]).strip(" ,") in _AND


def _coordinated_cues(mentions: list[_Mention], text: str) -> None:
    """"les régions de Donetsk et Louhansk": the second name shares the first one's cue."""
    for prev, m in itertools.pairwise(mentions):
        if not m.cue and prev.cue and _coordinated(prev, m, text):
            m.cue = prev.cue


def _lists(mentions: list[_Mention], text: str) -> list[list[_Mention]]:
    """Runs of coordinated names ("Alaska, Hawaii, Florida and Washington")."""
    runs: list[list[_Mention]] = []
    for m in mentions:
        if runs and _coordinated(runs[-1][-1], m, text):
            runs[-1].append(m)
        else:
            runs.append([m])
    return [run for run in runs if len(run) > 1]


def _town_comma_state(m: _Mention, after: _Mention, text: str) -> bool:
    """"Town, ST": a name followed by a comma and a state's or province's abbreviation."""
    return (text[m.end:after.start].strip() == "," and after.choice is not None
            and _abbreviated(after.text, [after.choice]))


def _listed_kinds(mentions: list[_Mention], text: str, ctx: _Context, language: str) -> None:
    """A name listed with states or provinces is one too ("California or Washington"):
    when two thirds of the other names of its list are regions or countries, and one a
    region of the country of one of its candidates, it takes the region cue."""
    for run in _lists(mentions, text):
        for m, after in itertools.zip_longest(run, run[1:]):
            if m.cue or not any(c.kind == "region" for c in m.candidates):
                continue
            if after is not None and _town_comma_state(m, after, text):
                continue  # "Washington, D.C.": the abbreviation says which
            others = [o.choice for o in run if fold(o.text) != fold(m.text) and o.choice]
            wide = sum(o.kind in ("region", "country") for o in others)
            if not others or wide * 3 < len(others) * 2:  # two thirds states or countries
                continue
            countries = {o.country for o in others if o.kind == "region"}
            if any(c.kind == "region" and c.country in countries for c in m.candidates):
                m.cue = "region"
                _rank(m, ctx, language)


def extract_places(parsed: ParsedArticle) -> list[Place]:
    """One Place per resolved place (mentions grouped), plus unresolved NER place names."""
    lex = place_lexicon(parsed.language)
    gaz = gazetteer()
    mentions = _span_mentions(parsed, lex, gaz)
    _coordinated_cues(mentions, parsed.text)
    _share_cues(mentions)
    home = {(h.country, h.admin1): h.share for h in parsed.article.outlet_home}
    for m in mentions:  # first by the names alone (and the outlet's home)
        _rank(m, _Context(home=home) if home else None, parsed.language)
    ctx = _context(mentions)
    ctx.home = home
    for h in parsed.article.outlet_home:
        ctx.focus[h.country] += 1  # the outlet's home country is in view
    for m in mentions:
        _rank(m, ctx, parsed.language)
        if m.choice is not None and not _plausible(m, m.choice, ctx):
            m.choice = None
    _listed_kinds(mentions, parsed.text, ctx, parsed.language)
    _cohere(mentions, ctx, parsed.language)
    _derive(mentions, ctx, lex, gaz, parsed.language)
    source = fold(parsed.article.source or "")
    places = _group([m for m in mentions if _keep(m, parsed, lex, source)])
    _add_demonyms(places, parsed)
    return places


# --- coherence ----------------------------------------------------------------------------
# A name still in doubt after the second pass takes the candidate that lies with the
# article's other places: each other name's current place supports the candidates near it
# (or in its admin-1 region), weighted by how sure that name is.
_COHERE_ROUNDS = 2
_COHERE_DOUBT = 3.0  # margins below this are open to the article's other places
_COHERE_WINDOW = 3.0  # candidates this close to the best score may win by coherence
_COHERE_CAP = 2.0  # the most the other places can add
_SUPPORT_KINDS = frozenset({"city", "village", "region", "district"})


def _support_weight(m: _Mention) -> float:
    """How much a mention's place says about the others: its margin, less for a name the
    NER did not call a place."""
    return min(1.0, (m.margin + 0.5) / 3.0) * (0.6 if m.weak else 1.0)


def _proximity(c: Candidate, o: Candidate) -> float:
    """1 for a place beside another (or in the same admin-1 region, for regions), fading
    with distance to nothing beyond 400 km."""
    if o.kind == "country":
        return 1.0 if c.country == o.country else 0.0
    if o.kind in ("region", "district") or c.kind in ("region", "district"):
        return 1.0 if c.admin1 is not None and (c.country, c.admin1) == (o.country, o.admin1) \
            else 0.0
    d = _km((c.lat, c.lon), (o.lat, o.lon))
    return 1.0 if d < 50 else 0.7 if d < 150 else 0.3 if d < 400 else 0.0


def _cohere(mentions: list[_Mention], ctx: _Context, language: str) -> None:
    """Re-rank the doubtful mentions by their score plus the support of the article's other
    names' current places ("Franklin" near New Orleans is Franklin, Louisiana), twice.
    Coherence chooses between namesakes, never between a country and a place in it."""
    for _ in range(_COHERE_ROUNDS):
        support = [(fold(m.text), m.choice, _support_weight(m)) for m in mentions
                   if m.choice is not None and m.choice.kind in _SUPPORT_KINDS
                   and not m.choice.gazetteer_id.startswith(CURATED)]
        changed = False
        for m in mentions:
            if (m.choice is None or m.choice.kind == "country" or len(m.candidates) < 2
                    or m.margin >= _COHERE_DOUBT):
                continue  # a country is chosen by its name, not by what lies near it
            name = fold(m.text)
            others = [(c, w) for n, c, w in support if n != name]
            # "In Washington, ... expelled from the U.S.": a country named in the sentence
            others += [(o.choice, 1.0) for o in mentions
                       if o.sentence == m.sentence and o.choice is not None
                       and o.choice.kind == "country" and not o.weak]
            if not others:
                continue
            scored = [(_score(m, c, ctx, language), c) for c in m.candidates]
            top = max(sc for sc, _ in scored)
            best: tuple[float, Candidate] | None = None
            for sc, c in scored:
                if (sc < top - _COHERE_WINDOW or c.kind == "country"
                        or not _plausible(m, c, ctx)):
                    continue
                bonus = min(_COHERE_CAP, sum(w * _proximity(c, o) for o, w in others))
                if best is None or sc + bonus > best[0]:
                    best = (sc + bonus, c)
            if best is not None and best[1] is not m.choice:
                m.choice = best[1]
                changed = True
        if not changed:
            break


# --- names the gazetteer lacks ------------------------------------------------------------
_CUE_KINDS = {"region": frozenset({"region", "district"}), "settlement": SETTLEMENT,
              "river": frozenset({"river"})}


def _derive(mentions: list[_Mention], ctx: _Context, lex: PlaceLexicon, gaz: Gazetteer,
            language: str) -> None:
    """Place the names the gazetteer lacks by what the name itself says: the place it is
    named after ("Oaxaca State", "Lake Manassas", "South Los Angeles": a type word, "Lake"
    or a direction word removed) or, for a street or building ("Royal Street"), the town
    the article puts it in. Other unknown names stay unresolved."""
    home = _home_town(mentions)
    for m in mentions:
        if m.choice is not None or not m.proper:
            continue
        if m.feature and (m.candidates or not m.weak):  # a landmark, maybe named like a town
            inner = _inner_place(m, ctx, lex, gaz, language)
            m.derived, m.derived_how = inner or _town_of(m, mentions) or home, "in"
        elif not m.weak and m.origin.startswith("ner:") and not _named_after(
                m, ctx, lex, gaz, language):
            inner = _inner_place(m, ctx, lex, gaz, language)
            if inner is not None:
                m.derived, m.derived_how = inner, "named-after"


def _inner_place(m: _Mention, ctx: _Context, lex: PlaceLexicon, gaz: Gazetteer,
                 language: str) -> Candidate | None:
    """The place a longer name names inside it ("Cavan Town Hall", "New York Auto Show",
    "Old Town Manassas"): its longest part that is a place the article could mean. Not
    for streets and bridges (often named after other places) or embassies."""
    words = list(_WORD.finditer(m.text))
    folded = [fold(w.group()) for w in words]
    if len(words) < 2 or any(w in lex.way_words or w in lex.elsewhere_words for w in folded):
        return None
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            part = m.text[words[i].start():words[i + n - 1].end()]
            if (not part[:1].isupper() or fold(part) in lex.skip_words
                    or all(w in lex.feature_words for w in folded[i:i + n])):
                continue
            probe = _Mention(part, m.start + words[i].start(), m.start + words[i + n - 1].end(),
                             m.sentence, m.origin, None, _lookup(gaz, part, lex), weak=True)
            _rank(probe, ctx, language)
            c = probe.choice
            if c is not None and _plausible(probe, c, ctx) and _inner_fits(part, c, ctx,
                                                                           language):
                return c
    return None


def _inner_fits(part: str, c: Candidate, ctx: _Context, language: str) -> bool:
    """A place inside a longer name: a country or region by this language's name for it
    ("Nazi Germany", not "Fire Island" as German for Iceland), a city of a million, or a
    town where the article already is ("Victoria Park" in London, Ontario, is no park of
    Victoria, B.C.)."""
    if _abbreviated(part, [c]):
        return False  # "Penn Park" is no park of Pennsylvania
    if c.kind in ("country", "region"):
        return (fold(c.name) == fold(part) or not c.lang
                or language in c.lang.split(","))
    return c.population >= 1_000_000 or _local(c, ctx)


def _strip_affixes(name: str, lex: PlaceLexicon) -> tuple[str, str | None, bool]:
    """The place name inside a longer name, the cue kind of a type word removed from its
    end ("Oaxaca State": region), and whether the name still means that very place (a
    type word only; not "Lake X" or "South X")."""
    tokens = name.split()
    cue: str | None = None
    same = True
    for k in range(min(3, len(tokens) - 1), 0, -1):
        tail = tuple(cue_words(" ".join(tokens[-k:])))
        kind = next((kind for kind, phrases in lex.after.items() if tail in phrases), None)
        if kind or tail in lex.name_suffixes:
            tokens, cue, same = tokens[:-k], kind, kind is not None
            break
    for k in range(min(2, len(tokens) - 1), 0, -1):
        if tuple(cue_words(" ".join(tokens[:k]))) in lex.name_prefixes:
            tokens, same = tokens[k:], False
            break
    if len(tokens) > 1 and fold(tokens[0]) in lex.part_words:
        tokens, same = tokens[1:], False
    return " ".join(tokens), cue, same


def _named_after(m: _Mention, ctx: _Context, lex: PlaceLexicon, gaz: Gazetteer,
                 language: str) -> bool:
    core, cue, same = _strip_affixes(m.text, lex)
    if not core or core == m.text or fold(core) in lex.skip_words:
        return False
    probe = _Mention(core, m.start, m.end, m.sentence, m.origin, cue or m.cue,
                     _lookup(gaz, core, lex))
    _rank(probe, ctx, language)
    c = probe.choice
    if c is None or not _plausible(probe, c, ctx):
        return False
    if same and cue and c.kind in _CUE_KINDS.get(cue, ()):
        m.choice = c  # "Oaxaca State" is Oaxaca, "Manchester City" Manchester
    else:
        kinds = {"river": "river", "region": "region"}
        m.derived, m.derived_kind, m.derived_how = c, kinds.get(cue or "", "other"), "named-after"
    return True


def _home_town(mentions: list[_Mention]) -> Candidate | None:
    """The town the article names most often (the first of equals)."""
    counts: Counter[str] = Counter()
    first: dict[str, Candidate] = {}
    for m in mentions:
        c = m.choice
        if c is not None and c.kind in SETTLEMENT and not m.weak:
            counts[c.gazetteer_id] += 1
            first.setdefault(c.gazetteer_id, c)
    return first[counts.most_common(1)[0][0]] if counts else None


def _town_of(m: _Mention, mentions: list[_Mention]) -> Candidate | None:
    """The town named nearest to a mention in its own sentence."""
    towns = [(abs(o.start - m.start), o.choice) for o in mentions
             if o.sentence == m.sentence and o is not m and o.choice is not None
             and o.choice.kind in SETTLEMENT]
    return min(towns, key=lambda t: t[0])[1] if towns else None


def _near(c: Candidate, ctx: _Context, km: float) -> bool:
    return any(_km((c.lat, c.lon), a) < km for a in ctx.anchors)


def _plausible(m: _Mention, c: Candidate, ctx: _Context) -> bool:
    """Not a wild guess. A mention the NER did not label a place must name a country, or a
    region, river or town of the article's focus countries (a town: sizeable, cued or near
    the article's other places), or a city of a million; an inflected form needs more. A
    village or a loose (transliteration) match outside the focus is no match either."""
    in_focus = bool(c.country) and ctx.focus.get(c.country or "", 0) > 0
    if m.feature and c.kind in SETTLEMENT and not _local(c, ctx):
        return False  # "White House", "Washington Square": a landmark, not a far-off town
    if m.weak or m.inflected:
        if c.kind == "country":
            return not m.inflected or c.match != "skeleton"
        if c.kind in ("region", "district") and c.match != "skeleton" and (
                m.cue == "region"
                or (m.inflected and all(o.kind in ("region", "district") for o in m.candidates))):
            return True  # "у Херсонській області", "на Харківщині": only a region is named so
        if c.kind in ("region", "district", "river", "sea", "other"):
            return in_focus or c.gazetteer_id.startswith(CURATED)
        if c.population >= (50_000 if m.inflected and c.match == "fold" else 1_000_000):
            return True  # a big city, or the inflected form of one (Херсона: Kherson)
        threshold = 20_000 if m.inflected else 5_000
        return in_focus and (c.population >= threshold or m.cue == "settlement"
                             or _near(c, ctx, 150))
    if c.kind == "village" and not in_focus and m.cue != "settlement":
        return False
    return not (c.match == "skeleton" and c.population < 5_000 and not in_focus)


def _local(c: Candidate, ctx: _Context) -> bool:
    """In the admin-1 region the article is about, or near its other places."""
    return bool(ctx.regions.get((c.country or "", c.admin1 or ""))) or _near(c, ctx, 150)


def _keep(m: _Mention, parsed: ParsedArticle, lex: PlaceLexicon, source: str) -> bool:
    """Whether a mention goes into the record: resolved places, and names the NER calls
    places that look like real place names even with no gazetteer entry."""
    if source and fold(m.text) == source:  # the outlet's own name
        return False
    c = m.choice
    if c is not None:
        return c.kind not in SETTLEMENT or not _inside_name(m, parsed.doc, lex)
    if m.derived is not None:
        return True
    return (m.proper and not m.weak and m.origin.startswith("ner:")
            and not (m.text.isupper() and len(m.text) <= 4)
            and not lex.looks_like_demonym(m.text)
            and not _inside_name(m, parsed.doc, lex))


def _inside_name(m: _Mention, doc: Doc, lex: PlaceLexicon) -> bool:
    """A town name right beside another capitalised word ("Petro Kuzyk", "Wolodymyr
    Selenskyj") is most likely part of a person's name; cue words ("Stadt Lyman") and
    the sentence's first word do not count."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False

    def name_like(t: Token | None, first_ok: bool) -> bool:
        return (t is not None and t.is_alpha and t.text[:1].isupper() and not t.is_stop
                and fold(t.text) not in lex.cue_words and fold(t.text) not in lex.skip_words
                and fold(t.text) not in lex.title_words
                and fold(t.text) not in lex.not_place_heads
                and (first_ok or not t.is_sent_start or t.pos_ == "PROPN"))

    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    return name_like(after, True) or name_like(before, False)


@cache
def _demonyms(language: str) -> dict[tuple[str, ...], str]:
    """Demonym (as word tuple) -> ISO country code, for a language (all languages when the
    data has none for it)."""
    data = json.loads(resources.files("dateline.extract").joinpath(
        "lexicons", "demonyms.json").read_text("utf-8"))["countries"]
    table: dict[tuple[str, ...], str] = {}
    for iso, by_language in data.items():
        forms = by_language.get(language) or [f for fs in by_language.values() for f in fs]
        for form in forms:
            table[tuple(form.split())] = iso
    return table


def _add_demonyms(places: list[Place], parsed: ParsedArticle) -> None:
    """"Russian", "Ukrainiens": a mention of the country when the article names it too.
    A demonym never adds a place of its own."""
    countries = {p.country: p for p in places if p.kind == "country" and p.country}
    if not countries:
        return
    table = _demonyms(parsed.language)
    taken = {(m.provenance.start, m.provenance.end) for p in places for m in p.mentions}
    doc = parsed.doc
    words = [t.text for t in doc]  # one pass over the tokens; spans only for hits
    method = f"{METHOD}:demonym"
    for i in range(len(words)):
        for n in (2, 1):
            iso = table.get(tuple(words[i:i + n])) if i + n <= len(words) else None
            if iso not in countries:
                continue
            span = doc[i:i + n]
            if (span.start_char, span.end_char) not in taken:
                start = span.start_char
                countries[iso].mentions.append(Mention(
                    span.text, Provenance(start, span.end_char, parsed.sentence_of(start), method)
                ))
                break


def _group(mentions: list[_Mention]) -> list[Place]:
    places: dict[str, Place] = {}
    for m in mentions:
        c = m.choice
        key = c.gazetteer_id if c else f"unresolved:{fold(m.text)}"
        method = f"{METHOD}:{m.origin}" + (f":{m.cue}-cue" if m.cue else "")
        if c is None and m.derived is not None:
            method += f":{m.derived_how}:{m.derived.gazetteer_id}"
        mention = Mention(m.text, Provenance(m.start, m.end, m.sentence, method))
        place = places.get(key)
        if place is not None:
            place.mentions.append(mention)
            continue
        if c is None and m.derived is not None:
            d = m.derived
            places[key] = Place(name=m.text, kind=m.derived_kind, mentions=[mention],
                                lat=round(d.lat, 5), lon=round(d.lon, 5), country=d.country,
                                admin1=d.admin1, method=method)
        elif c is None:
            places[key] = Place(name=m.text, kind="other", mentions=[mention], method=method)
        else:
            places[key] = Place(
                name=c.name, kind=c.record_kind, mentions=[mention], lat=round(c.lat, 5),
                lon=round(c.lon, 5), country=c.country, admin1=c.admin1,
                gazetteer_id=c.gazetteer_id, method=method, population=c.population or None,
            )
    return list(places.values())
