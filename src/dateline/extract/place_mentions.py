"""What the places extractor works with: a mention of a name and its gazetteer candidates,
the article's map (its context), and the lookups every step shares."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from dateline.extract.place_lexicon import PlaceLexicon
from dateline.gazetteer.fold import fold
from dateline.gazetteer.lookup import Candidate, Gazetteer

SETTLEMENT = frozenset({"city", "village"})
NAMESAKE_CITY = 20_000  # a city that can own its region's name
_WORD = re.compile(r"\w+", re.UNICODE)
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


def _abbreviated(name: str, cands: list[Candidate]) -> bool:
    """A short capitalised abbreviation ("GA", "BC") or one written with its dot ("Ga.")."""
    return (name.isupper() and len(name) <= 3) or any(
        c.matched_name.endswith(".") and fold(c.matched_name) == fold(name) for c in cands)


# --- resolution ----------------------------------------------------------------------------
def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
