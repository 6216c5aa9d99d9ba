"""Recognition of place names: the NER's place entities, entities it mislabelled, state
abbreviations it took for organisations, and capitalised spans it missed (all of them in a
language without NER), with the cue words around each name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from dateline.extract.place_lexicon import OF_WORDS, PlaceLexicon, cue_words
from dateline.extract.place_mentions import (
    _WORD,
    NAMESAKE_CITY,
    SETTLEMENT,
    _abbreviated,
    _is_prominent,
    _lookup,
    _Mention,
)
from dateline.gazetteer.fold import fold
from dateline.gazetteer.lookup import Candidate, Gazetteer
from dateline.nlp.parsed import ParsedArticle

PLACE_LABELS = frozenset({"LOC", "GPE", "FAC"})
OTHER_LABELS = frozenset({"PER", "PERSON", "ORG", "MISC", "NORP", "PRODUCT", "WORK_OF_ART"})
MAX_SPAN_TOKENS = 4
CONNECTORS = frozenset({"-", "de", "del", "di", "da", "do", "das", "dos", "on", "upon", "am",
                        "an", "der", "el", "al", "sur", "la", "les", "y"})
_HYPHENATED = re.compile(r"-\w")
_NEXT_WORD = re.compile(r" ([a-z]+)\b")


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
