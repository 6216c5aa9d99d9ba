"""Resolution of place names: each candidate scored by name match, cue, population, the
language's names, the article's countries, regions and anchor points, the outlet's home and
the countries next door; the article's map built from its confident mentions; what a
plausible choice is."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from functools import cache

from dateline.extract.place_mentions import (
    _WORD,
    CURATED,
    NAMESAKE_CITY,
    SETTLEMENT,
    _abbreviated,
    _Context,
    _km,
    _Mention,
    gazetteer,
)
from dateline.extract.place_recognition import _after_town
from dateline.gazetteer.fold import fold
from dateline.gazetteer.lookup import Candidate

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
    for run in _lists(mentions, text):
        for prev, m in itertools.pairwise(run):
            if not m.cue and prev.cue:
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


_DATELINE_CHARS = 80  # a dateline opens the article


def _dateline_region(mentions: list[_Mention], text: str) -> tuple[str, str] | None:
    """The state or province of the article's dateline ("CAMP MURRAY, Wash. -", "MACON,
    Ga. (AP) -"): the admin-1 region it is filed from."""
    for m in mentions:
        if m.start > _DATELINE_CHARS:
            break
        c = m.choice
        if (c is not None and c.kind == "region" and c.admin1 and c.country
                and _abbreviated(m.text, [c]) and _after_town(text, m.start)):
            return c.country, c.admin1
    return None


def _bind_towns_to_states(mentions: list[_Mention], text: str) -> None:
    """"Town, ST": the town is the one in that state ("Paris, Texas"; "Washington, D.C."),
    whatever else the article says."""
    for m, after in itertools.pairwise(mentions):
        if not _town_comma_state(m, after, text) or after.choice is None:
            continue
        state = (after.choice.country, after.choice.admin1)
        inside = [c for c in m.candidates
                  if (c.country, c.admin1) == state and c.kind in SETTLEMENT]
        if inside:
            m.choice = max(inside, key=lambda c: (c.population, c.gazetteer_id))
            m.margin = m.country_margin = 10.0  # settled: coherence leaves it
