"""Coherence: a name still in doubt takes the candidate that lies with the article's other
places and the countries its sentence names."""

from __future__ import annotations

from dateline.extract.place_mentions import CURATED, _Context, _km, _Mention
from dateline.extract.place_resolution import _plausible, _score
from dateline.gazetteer.fold import fold
from dateline.gazetteer.lookup import Candidate

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
