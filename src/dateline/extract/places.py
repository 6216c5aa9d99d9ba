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
than being guessed. A local paper's outlet home (dateline.outlets), given with the article,
weighs like a region the article names.

This module puts the steps together; each lives in its own module: place_mentions (what
they share), place_recognition, place_resolution, place_coherence, place_derivation.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from dateline.extract.place_coherence import _cohere
from dateline.extract.place_derivation import _derive
from dateline.extract.place_lexicon import PlaceLexicon, place_lexicon
from dateline.extract.place_mentions import SETTLEMENT, _Context, _Mention, gazetteer
from dateline.extract.place_recognition import _span_mentions
from dateline.extract.place_resolution import (
    _bind_towns_to_states,
    _context,
    _coordinated_cues,
    _dateline_region,
    _listed_kinds,
    _plausible,
    _rank,
    _share_cues,
)
from dateline.gazetteer.fold import fold
from dateline.model import Mention, Place, Provenance
from dateline.nlp.parsed import ParsedArticle

NAME = "places"
VERSION = "0.6"
METHOD = "ner+gazetteer"


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
    ctx.home = dict(home)
    for h in parsed.article.outlet_home:
        ctx.focus[h.country] += 1  # the outlet's home country is in view
    dateline = _dateline_region(mentions, parsed.text)
    if dateline is not None:  # filed from there: a home of its own for this article
        ctx.home[dateline] = 1.0
    for m in mentions:
        _rank(m, ctx, parsed.language)
        if m.choice is not None and not _plausible(m, m.choice, ctx):
            m.choice = None
    _bind_towns_to_states(mentions, parsed.text)
    _listed_kinds(mentions, parsed.text, ctx, parsed.language)
    _cohere(mentions, ctx, parsed.language)
    _derive(mentions, ctx, lex, gaz, parsed.language)
    source = fold(parsed.article.source or "")
    places = _group([m for m in mentions if _keep(m, parsed, lex, source)])
    _add_demonyms(places, parsed)
    return places


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
