"""Names the gazetteer lacks, placed by what they say: the place a longer name is named
after or names inside it, a landmark's town."""

from __future__ import annotations

from collections import Counter

from dateline.extract.place_lexicon import PlaceLexicon, cue_words
from dateline.extract.place_mentions import (
    _WORD,
    SETTLEMENT,
    _abbreviated,
    _Context,
    _lookup,
    _Mention,
)
from dateline.extract.place_resolution import _local, _plausible, _rank
from dateline.gazetteer.fold import fold
from dateline.gazetteer.lookup import Candidate, Gazetteer

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
            c = _resolve_part(m, part, m.start + words[i].start(),
                              m.start + words[i + n - 1].end(), None, True, ctx, lex, gaz,
                              language)
            if c is not None and _inner_fits(part, c, ctx, language):
                return c
    return None


def _resolve_part(m: _Mention, part: str, start: int, end: int, cue: str | None, weak: bool,
                  ctx: _Context, lex: PlaceLexicon, gaz: Gazetteer,
                  language: str) -> Candidate | None:
    """The plausible place a part of a mention's name means, ranked like a mention."""
    probe = _Mention(part, start, end, m.sentence, m.origin, cue, _lookup(gaz, part, lex),
                     weak=weak)
    _rank(probe, ctx, language)
    c = probe.choice
    return c if c is not None and _plausible(probe, c, ctx) else None


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
    c = _resolve_part(m, core, m.start, m.end, cue or m.cue, False, ctx, lex, gaz, language)
    if c is None:
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
