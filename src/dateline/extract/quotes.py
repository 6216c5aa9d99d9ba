"""Quotes: direct quotations, with who said them and through which channel.

1. **Quote marks.** Every quote mark in the text is classified as an opener, a closer or
   either by what flanks it (letters, spaces, punctuation), so “ ” « » „ “ " " ‘ ’ and French
   guillemets with inner spaces all pair, mixed styles too (« ... ”). Marks pair within a
   paragraph, double marks with double, single with single; only outermost pairs are quotes
   (nested quotes stay inside their quote). An apostrophe between letters is not a mark. A
   double mark left open is closed by a stray single closer in its paragraph, or, when it opens
   a paragraph followed by another opening one, runs to the paragraph's end (the convention for
   quotes over several paragraphs); otherwise it is dropped.
2. **Clauses.** The pipeline's sentences are merged where quote marks broke them (a sentence
   inside a quote, a lone mark, a fragment starting in lower case): the result is the evidence.
3. **Cues.** Reporting verbs (lemmas or forms from ``lexicons/quotes/<lang>.json``) and source
   phrases ("selon", "according to") outside quotes.
4. **Attribution.** A quote that opens its clause (or follows a colon) takes the reporting
   clause after it ("…”, a déclaré X" / "…,” X said" / "…”, a-t-il ajouté"), else one before
   it ("X a déclaré : « … »", split quotes, a headline "Name: “…”"), else continues the
   previous quote of the paragraph (or of the paragraph before, when it fills its own), else
   takes the clause after the last part of a quote running over paragraphs, else — a headline
   quote — takes the speaker of the body sentence that repeats it.
   A partial quote (a few words inside reported speech) takes the nearest reporting clause of
   its sentence; one with none is a scare quote, a title or a name and is not a quotation.
   Quoted words after a naming word ("surnommé", "so-called", "opération") are names too.
5. **Speaker.** The subject of the cue: before it, or after it when inverted ("said Milley",
   "a déclaré le ministère"). Among the words there a person's name beats an actor, which beats
   a role or a pronoun. Names go through :class:`ActorIndex` (canonical names, transliteration
   variants); other names become their fullest form in the article ("Milley" -> "Mark
   Milley"). Pronouns go to the last fitting earlier speaker or person (gender and number
   agreeing); bare roles ("le ministère", "the governor") to the last earlier actor or person
   whose role fits; other noun phrases stay as written.
6. **Channel.** From the clause outside the quote (Telegram, video address, statement,
   press conference, "told AFP" -> AFP, "told the press" -> press ...), else the channel the
   same speaker used earlier in the article.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from dateline.extract.actors import Actor, ActorIndex, name_key
from dateline.model import Provenance, Quote
from dateline.nlp.parsed import ParsedArticle

NAME = "quotes"
VERSION = "0.1"
METHOD = "quote-marks+cues"

DOUBLE_MARKS = frozenset('"“”„‟«»＂〝〞')
SINGLE_MARKS = frozenset("'‘’‚‛‹›")
MARKS = DOUBLE_MARKS | SINGLE_MARKS
_OPEN_CONTEXT = frozenset("([{—–-/:;,…") | MARKS
_CLOSE_CONTEXT = frozenset(".,;:!?)]}…—–-") | MARKS
_TRIM = " \t\r\n\u00a0\u202f\u2009\u2007"
_CLAUSE_JUNK = " \t\r\n\u00a0\u202f•·*-–—>"
_TERMINAL = re.compile(r"[.!?…][\"'’”“»«)\]\s]*$")
_PER_LABELS = frozenset({"PER", "PERSON"})
_NOT_VERB_POS = frozenset({"NOUN", "PROPN", "DET", "ADP", "PRON", "NUM", "CCONJ", "SCONJ"})
_NOT_NAME_LABELS = frozenset({
    "LOC", "GPE", "ORG", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY",
    "PERCENT", "FAC", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT",
})
_NAME_PARTICLES = frozenset({"al", "el", "de", "van", "von", "der", "bin", "ibn", "ben", "ag",
                             "da", "di", "du", "abu", "abd", "ould"})
_KIND_WORDS = {
    "ministry": ("ministry",), "armed_forces": ("army", "military", "forces"),
    "government": ("government", "authorities"), "media": ("agency", "media"),
    "armed_group": ("group",), "state": ("state", "country"), "official_body": ("office",),
}
_SCORES = {"person": 5.0, "name": 4.5, "actor": 4.0, "role": 3.0, "pronoun": 3.0, "np": 1.0}
# Role keys (the English values of a lexicon's role_nouns) that name an institution, not a
# person: "le ministère" points back to a ministry, never to its spokesman.
_INSTITUTION_ROLES = frozenset({
    "ministry", "government", "army", "agency", "office", "staff", "intelligence", "department",
    "administration", "command", "foreign", "presidency",
})
_OF = frozenset({"de", "du", "des", "d", "of", "von"})  # a complement inside a noun phrase
_PENALTY = 3.0
_MAX_CLAUSE_TOKENS = 14
_LOOKBACK_UNITS = 8


# --- lexicon ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuoteLexicon:
    """The per-language cue words of ``lexicons/quotes/<lang>.json`` (see the files' _doc)."""

    language: str
    verbs: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    no_inversion: frozenset[str] = frozenset()
    source_phrases: tuple[str, ...] = ()
    complementizers: frozenset[str] = frozenset()
    boundaries: frozenset[str] = frozenset()
    stops: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()
    aux: frozenset[str] = frozenset()
    pronouns: dict[str, str] = field(default_factory=dict)
    org_pronouns: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    role_nouns: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str | None] = field(default_factory=dict)
    gender_words: dict[str, str] = field(default_factory=dict)
    name_introducers: frozenset[str] = frozenset()
    name_nouns: frozenset[str] = frozenset()
    addressee_preps: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    press_words: frozenset[str] = frozenset()
    media_words: frozenset[str] = frozenset()
    channels: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = ()
    participle_suffixes: tuple[str, ...] = ()

    @property
    def source_pattern(self) -> re.Pattern[str] | None:
        return _source_pattern(self.source_phrases)


_WORD_SETS = ("verbs", "forms", "no_inversion", "complementizers", "boundaries", "stops", "skip",
              "aux", "org_pronouns", "determiners", "name_introducers", "addressee_preps",
              "press_words", "prepositions", "name_nouns")


def _lower_set(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def _lexicon_from(language: str, raws: list[dict[str, Any]]) -> QuoteLexicon:
    """One lexicon from one or more raw files (merged: lists joined, mappings updated)."""
    sets: dict[str, set[str]] = {k: set() for k in _WORD_SETS}
    maps: dict[str, dict[str, Any]] = {k: {} for k in ("pronouns", "role_nouns", "titles",
                                                       "gender_words")}
    sources: list[str] = []
    media: set[str] = set()
    channels: dict[str, list[re.Pattern[str]]] = {}
    for raw in raws:
        for key in _WORD_SETS:
            sets[key].update(_lower_set(raw.get(key, [])))
        for key, table in maps.items():
            table.update({k.lower(): v for k, v in (raw.get(key) or {}).items()})
        sources += [s for s in raw.get("source_phrases", []) if s not in sources]
        media.update(raw.get("media_words", []))
        for entry in raw.get("channels", []):
            patterns = channels.setdefault(entry["channel"], [])
            patterns += [re.compile(p, re.IGNORECASE) for p in entry["patterns"]]
    return QuoteLexicon(
        language,
        **{k: frozenset(v) for k, v in sets.items()},
        source_phrases=tuple(sources),
        pronouns=maps["pronouns"], role_nouns=maps["role_nouns"], titles=maps["titles"],
        gender_words=maps["gender_words"], media_words=frozenset(media),
        channels=tuple((name, tuple(ps)) for name, ps in channels.items()),
        participle_suffixes=tuple(sorted({x for raw in raws
                                          for x in raw.get("participle_suffixes", [])})),
    )


def _lexicon_dir() -> Any:
    return resources.files("dateline.extract").joinpath("lexicons").joinpath("quotes")


@cache
def available_languages() -> tuple[str, ...]:
    """Languages with a quotes lexicon file."""
    names = (p.name for p in _lexicon_dir().iterdir() if p.name.endswith(".json"))
    return tuple(sorted(n[: -len(".json")] for n in names))


@cache
def quote_lexicon(language: str) -> QuoteLexicon:
    """The lexicon of ``language``; a language without a file gets all files merged."""
    langs = [language] if language in available_languages() else list(available_languages())
    raws = [json.loads(_lexicon_dir().joinpath(f"{lang}.json").read_text("utf-8"))
            for lang in langs]
    return _lexicon_from(language, raws)


@cache
def _source_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p).replace("\\ ", r"\s+") for p in
                            sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


# --- quote marks -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Span:
    """A paired quotation: marks at ``open`` and ``close_end - 1``, words in [start, end)."""

    open: int
    close_end: int
    start: int
    end: int


def _flanks(text: str, i: int) -> tuple[bool, bool]:
    """(left-flanking, right-flanking) of the mark at ``i``: may it open / close a quote?"""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev_text = not prev.isspace() and prev not in "([{"
    next_text = not nxt.isspace() and nxt not in ",;:!?)]}"
    left = next_text and (not prev_text or prev in _OPEN_CONTEXT)
    right = prev_text and (nxt.isspace() or nxt in _CLOSE_CONTEXT)
    return left, right


def _mark_role(text: str, i: int) -> str | None:
    """"open", "close", "either" or None (not a quote mark here, e.g. an apostrophe)."""
    c = text[i]
    left, right = _flanks(text, i)
    if c in "„‚":
        return "open"
    prev, nxt = text[i - 1:i] or " ", text[i + 1:i + 2] or " "
    if c in "«‹":  # French and Russian open with «, German (»…«) closes with it
        return "close" if prev.isalnum() and not nxt.isalnum() else "open"
    if c in "»›":
        return "open" if (prev.isspace() or prev in "([") and nxt.isalnum() else "close"
    if c in "’'":
        if prev.isalnum() and nxt.isalnum():
            return None
        if prev in "sS" and text[i + 1:i + 3][-1:].islower() and nxt.isspace():
            return None  # a plural possessive: "the soldiers’ morale"
        if right:
            return "close"
        return "open" if left and (c == "'" or prev.isspace()) else None
    if left and right:
        return None if c == "‘" else "either"
    if left:
        return "open"
    if right:
        return "close"
    return "either"


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _pair_paragraph(text: str, a: int, b: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Paired marks (open index, close index) of one paragraph, and its unclosed double openers."""
    stack: list[tuple[int, bool]] = []  # (index, is_double)
    pairs: list[tuple[int, int]] = []
    stray_single_closers: list[int] = []
    for i in range(a, b):
        if text[i] not in MARKS:
            continue
        role = _mark_role(text, i)
        if role is None:
            continue
        double = text[i] in DOUBLE_MARKS
        if role == "either":
            role = "close" if any(d == double for _, d in stack) else "open"
        if role == "open":
            stack.append((i, double))
            continue
        depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == double), None)
        if depth is None:
            if not double:
                stray_single_closers.append(i)
            continue
        pairs.append((stack[depth][0], i))
        del stack[depth:]
    unclosed = [i for i, d in stack if d]
    for opener in unclosed[:1]:
        later = [j for j in stray_single_closers if j > opener]
        if later:
            pairs.append((opener, later[-1]))
            unclosed.remove(opener)
    return pairs, unclosed


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1] in ",;"):
        end -= 1
    return start, end


def find_quote_spans(text: str) -> list[_Span]:
    """The outermost quotations of ``text``, in order (see the module docstring, step 1)."""
    paragraphs = list(_paragraphs(text))
    raw: list[tuple[int, int]] = []  # (open index, index just past the closing mark)
    for n, (a, b) in enumerate(paragraphs):
        pairs, unclosed = _pair_paragraph(text, a, b)
        raw += [(o, c + 1) for o, c in pairs]
        for opener in unclosed:
            if text[a:opener].strip(_CLAUSE_JUNK) or not _next_paragraph_opens(text, paragraphs,
                                                                                n):
                continue
            raw.append((opener, b))
    raw.sort(key=lambda r: (r[0], -r[1]))
    spans: list[_Span] = []
    for o, c in raw:
        if spans and o < spans[-1].close_end:
            continue  # nested inside the previous quote
        inner_end = c - 1 if text[c - 1] in MARKS else c
        start, end = _trimmed(text, o + 1, inner_end)
        if any(ch.isalnum() for ch in text[start:end]):
            spans.append(_Span(o, c, start, end))
    return spans


def _next_paragraph_opens(text: str, paragraphs: list[tuple[int, int]], n: int) -> bool:
    for a, b in paragraphs[n + 1:]:
        body = text[a:b].lstrip(_CLAUSE_JUNK)
        if body:
            return body[0] in DOUBLE_MARKS
    return False


# --- article model ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str
    norm: str
    lemma: str
    pos: str
    ent: str


@dataclass(frozen=True)
class _Unit:
    """A clause unit: one or more pipeline sentences, never broken inside a quote."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class _Cue:
    start: int  # the cue's first word (auxiliaries included)
    verb_start: int
    end: int
    kind: str  # "verb" | "source"
    word: str  # normalised verb or phrase
    text: str
    participle: bool = False  # "adding", "notant": no subject of its own


@dataclass(frozen=True)
class _Cand:
    """A speaker candidate: a span of words and what it is."""

    start: int
    end: int
    kind: str  # person | name | actor | role | pronoun | np
    text: str
    actor: Actor | None = None
    code: str | None = None  # pronoun agreement code (m, f, p, o, fp) or role key
    score: float = 0.0


@dataclass
class _Ref:
    """An earlier referent a pronoun or a role can point to."""

    pos: int
    unit: int
    canonical: str
    person: bool | None  # None: unknown (a noun phrase such as "one soldier")
    gender: str | None
    roles: frozenset[str]
    subject: bool
    channel: str | None = None


@dataclass(frozen=True)
class _Speaker:
    canonical: str | None
    text: str | None
    start: int | None
    end: int | None
    kind: str
    cue: _Cue | None
    rule: str
    ref: _Ref | None = None


def _norm(word: str) -> str:
    return word.lower().strip("'’‘`-")


class _Article:
    """Everything about one article the attribution rules look at."""

    def __init__(self, parsed: ParsedArticle, actors: ActorIndex) -> None:
        self.parsed = parsed
        self.text = parsed.text
        self.lex = quote_lexicon(parsed.language)
        self.actors = actors
        self.spans = find_quote_spans(self.text)
        self._span_opens = [s.open for s in self.spans]
        self.toks = self._tokens()
        self._tok_starts = [t.start for t in self.toks]
        self.units = self._units()
        self._unit_starts = [u.start for u in self.units]
        self.mentions = [m for m in actors.mentions(self.text, parsed.language)
                         if not self.in_quote(m[0])]
        self.cues = self._cues()
        self.per_entities = [(e.start_char, e.end_char, e.text) for e in parsed.doc.ents
                             if e.label_ in _PER_LABELS]
        self.persons = self._person_spans()
        self.refs: list[_Ref] = []

    # tokens, quotes, units
    def _tokens(self) -> list[_Tok]:
        has_lemmas = any(t.lemma_ for t in self.parsed.doc[:50])
        out = []
        for t in self.parsed.doc:
            if t.is_space:
                continue
            out.append(_Tok(t.idx, t.idx + len(t.text), t.text, _norm(t.text),
                            t.lemma_.lower() if has_lemmas else "", t.pos_, t.ent_type_))
        return out

    def in_quote(self, offset: int) -> bool:
        k = bisect_right(self._span_opens, offset) - 1
        return k >= 0 and offset < self.spans[k].close_end

    def tokens_in(self, a: int, b: int) -> list[_Tok]:
        lo = bisect_left(self._tok_starts, a)
        out = []
        for t in self.toks[lo:]:
            if t.start >= b:
                break
            if t.end <= b and not self.in_quote(t.start):
                out.append(t)
        return out

    def spans_in(self, a: int, b: int) -> list[_Span]:
        lo = bisect_left(self._span_opens, a)
        hi = bisect_left(self._span_opens, b)
        return self.spans[lo:hi]

    def _units(self) -> list[_Unit]:
        sentences = [(s.start, s.end) for s in self.parsed.sentences]
        if not sentences:
            return self._line_units()
        groups: list[list[int]] = [[sentences[0][0], sentences[0][1]]]
        for start, end in sentences[1:]:
            prev = groups[-1]
            start = self._opening_mark_before(start, prev[0])
            if start < prev[1]:
                prev[1] = max(prev[0], len(self.text[:start].rstrip()))
            if self._keeps_boundary(prev[0], prev[1], start):
                groups.append([start, end])
            else:
                prev[1] = max(prev[1], end)
        return [_Unit(a, b, self.text.count("\n", 0, a)) for a, b in groups]

    def _opening_mark_before(self, start: int, floor: int) -> int:
        """A sentence the pipeline started just after an opening mark starts at the mark."""
        k = bisect_right(self._span_opens, start) - 1
        if k >= 0 and floor < self.spans[k].open < start < self.spans[k].close_end \
                and not self.text[self.spans[k].open + 1:start].strip(_TRIM):
            return self.spans[k].open
        return start

    def _line_units(self) -> list[_Unit]:
        units = []
        for a, b in _paragraphs(self.text):
            if self.text[a:b].strip():
                units.append(_Unit(a, b, self.text.count("\n", 0, a)))
        return units

    def _keeps_boundary(self, prev_start: int, prev_end: int, start: int) -> bool:
        if "\n" in self.text[prev_end:start]:
            return True
        if self.in_quote(start) and not any(s.open == start for s in self.spans):
            return False
        if not _TERMINAL.search(self.text[prev_start:prev_end]):
            return False
        if self._ends_with_abbreviation(prev_end):
            return False
        first = self.text[start:start + 1]
        return not (first.islower() or first in ",;:)]}" or
                    (first in MARKS and _mark_role(self.text, start) == "close"))

    def _ends_with_abbreviation(self, end: int) -> bool:
        """"Brig. Gen. Nabil", "M. Macron", "J. Smith": a title or an initial, not an end."""
        match = re.search(r"(\w+)\.\s*$", self.text[max(0, end - 12):end])
        if match is None:
            return False
        word = match.group(1)
        return word.lower() in self.lex.titles or (len(word) == 1 and word.isupper())

    def unit_index(self, offset: int) -> int:
        return max(0, bisect_right(self._unit_starts, offset) - 1)

    def unit(self, offset: int) -> _Unit:
        return self.units[self.unit_index(offset)]

    # cues
    def _cues(self) -> list[_Cue]:
        cues = [self._verb_cue(k) for k, t in enumerate(self.toks) if self._is_verb(t)]
        cues = [c for c in cues if c is not None]
        pattern = self.lex.source_pattern
        if pattern is not None:
            for m in pattern.finditer(self.text):
                if not self.in_quote(m.start()):
                    cues.append(_Cue(m.start(), m.start(), m.end(), "source",
                                     _norm(m.group()), m.group()))
        return sorted(cues, key=lambda c: c.start)

    def _is_verb(self, t: _Tok) -> bool:
        """A reporting verb outside quotes (not a noun that looks like one: "the claims")."""
        if self.in_quote(t.start) or not t.norm or t.pos in _NOT_VERB_POS:
            return False
        if self.text[t.start - 1:t.start] == "-" and t.norm not in self.lex.forms:
            return False  # "so-called"
        return t.norm in self.lex.forms or (t.lemma in self.lex.verbs and t.pos != "ADJ")

    def _verb_cue(self, k: int) -> _Cue:
        """A reporting verb with its auxiliaries ("a déclaré"); the cue's text also takes an
        inverted pronoun ("a-t-il ajouté"), its region does not."""
        verb = self.toks[k]
        first = shown = k
        while shown > 0 and self._attached(shown - 1, shown):
            before = self.toks[shown - 1]
            if before.norm in self.lex.pronouns and not before.text.startswith("-") \
                    and self.toks[shown - 2 if shown > 1 else 0].text != "-":
                break
            shown -= 1
            if before.norm in self.lex.aux and first == shown + 1:
                first = shown
        word = verb.lemma or verb.norm
        participle = first == k and verb.norm.endswith(self.lex.participle_suffixes)
        return _Cue(self.toks[first].start, verb.start, verb.end, "verb", word,
                    self.text[self.toks[shown].start:verb.end], participle)

    def _attached(self, k: int, nxt: int) -> bool:
        t = self.toks[k]
        return (t.norm in self.lex.aux or t.norm in self.lex.pronouns or t.text == "-") \
            and t.end >= self.toks[nxt].start - 1 and not self.in_quote(t.start)

    def cues_in(self, a: int, b: int) -> list[_Cue]:
        return [c for c in self.cues if a <= c.verb_start and c.end <= b]

    # persons named in the article
    def _person_spans(self) -> list[tuple[int, int, str]]:
        found = [e for e in self.per_entities if not self.in_quote(e[0])]
        found += [(a, b, self.text[a:b]) for a, b, actor in self.mentions if actor.kind == "person"]
        for unit in self.units:
            found += [(c.start, c.end, c.text) for c in self._name_runs(unit.start, unit.end)]
        return sorted(set(found))

    def _name_runs(self, a: int, b: int) -> list[_Cand]:
        """Runs of capitalised words that look like a person's name (for pipelines without NER
        and names the NER missed)."""
        toks = self.tokens_in(a, b)
        runs: list[list[_Tok]] = []
        current: list[_Tok] = []
        for k, t in enumerate(toks):
            after_given = bool(current) and self._given_name_first(current[0], toks, k)
            if self._name_word(t, toks, k, after_given):
                current.append(t)
                continue
            if current and t.norm in _NAME_PARTICLES and k + 1 < len(toks) \
                    and self._name_word(toks[k + 1], toks, k + 1):
                current.append(t)
                continue
            if current:
                runs.append(current)
            current = []
        if current:
            runs.append(current)
        out = []
        for run in runs:
            run = self._strip_titles(run)
            if run and self._plausible_name(run, toks):
                out.append(_Cand(run[0].start, run[-1].end, "name",
                                 self.text[run[0].start:run[-1].end]))
        return out

    def _name_word(self, t: _Tok, toks: list[_Tok], k: int, after_given: bool = False) -> bool:
        """A capitalised word that may be part of a person's name (after a known given name,
        whatever the NER's label)."""
        if not t.text[:1].isupper() or not t.text.replace("-", "").isalpha():
            return False
        if t.ent in _NOT_NAME_LABELS and not after_given \
                and not self._given_name_first(t, toks, k):
            return False
        if t.norm in self.lex.skip or t.norm in self.lex.pronouns:
            return False
        if t.norm in self.lex.determiners or t.norm in self.lex.stops or t.norm in self.lex.aux:
            return False
        if t.norm in self.lex.role_nouns or t.norm in self.lex.verbs or t.norm in self.lex.forms:
            followed = k + 1 < len(toks) and toks[k + 1].text[:1].isupper()
            return t.norm in self.lex.titles and followed
        return not (k > 0 and toks[k - 1].norm in self.lex.determiners and
                    t.norm not in self.lex.titles)

    def _given_name_first(self, t: _Tok, toks: list[_Tok], k: int) -> bool:
        """A known given name is a name whatever the NER says (it errs on rare names)."""
        return self.actors.given_name_gender(t.text) is not None

    def _strip_titles(self, run: list[_Tok]) -> list[_Tok]:
        k = 0
        while k < len(run) - 1 and (run[k].norm in self.lex.titles or run[k].text.isupper()):
            k += 1
        return run[k:]

    def _plausible_name(self, run: list[_Tok], toks: list[_Tok]) -> bool:
        if len(run) > 4:
            return False
        if self.actors.resolve(self.text[run[0].start:run[-1].end]) is not None:
            return True
        if len(run) > 1 or run[0].ent in _PER_LABELS:
            return True
        if self.actors.given_name_gender(run[0].text) is not None:
            return True
        return not self._sentence_initial(run[0]) and len(run[0].text) > 2 \
            and not run[0].text.isupper()

    def _sentence_initial(self, t: _Tok) -> bool:
        unit = self.unit(t.start)
        return not any(ch.isalnum() for ch in self.text[unit.start:t.start])


# --- speaker candidates ----------------------------------------------------------------------
def _candidates(art: _Article, a: int, b: int) -> list[_Cand]:
    """Every speaker candidate in the region [a, b) of the text (outside quotes)."""
    if b <= a:
        return []
    cands: list[_Cand] = []
    for start, end, actor in art.mentions:
        if a <= start and end <= b:
            kind = "person" if actor.kind == "person" else "actor"
            cands.append(_Cand(start, end, kind, art.text[start:end], actor))
    cands += [_Cand(start, end, "person", text) for start, end, text in art.per_entities
              if a <= start and end <= b]
    cands += [c for c in art._name_runs(a, b)
              if not any(s < c.end and c.start < e for s, e, _ in art.mentions)]
    cands += _pronouns(art, a, b)
    cands += _roles(art, a, b)
    scored = [replace(c, score=_SCORES[c.kind] - (_PENALTY if _dependent(art, c) else 0.0))
              for c in cands]
    return _dedupe(scored)


def _dedupe(cands: list[_Cand]) -> list[_Cand]:
    """Overlapping candidates: keep the best scored (then longest); a name or person span keeps
    the actor a shorter overlapping mention found."""
    cands.sort(key=lambda c: (-c.score, -(c.end - c.start), c.start))
    kept: list[_Cand] = []
    for c in cands:
        clash = next((k for k in kept if k.start < c.end and c.start < k.end), None)
        if clash is None:
            kept.append(c)
        elif clash.actor is None and c.actor is not None and c.actor.kind == "person" \
                and clash.kind in ("person", "name"):
            kept[kept.index(clash)] = _Cand(clash.start, clash.end, clash.kind, clash.text,
                                            c.actor)
    return sorted(kept, key=lambda c: c.start)


def _pronouns(art: _Article, a: int, b: int) -> list[_Cand]:
    out = []
    for t in art.tokens_in(a, b):
        if t.norm in art.lex.pronouns:
            start = t.start + (len(t.text) - len(t.text.lstrip("-")))  # "a-t-il": "il"
            out.append(_Cand(start, t.end, "pronoun", art.text[start:t.end],
                             code=art.lex.pronouns[t.norm]))
    return out


def _roles(art: _Article, a: int, b: int) -> list[_Cand]:
    """Role nouns with their determiner: bare ones ("le ministère") are kind "role" (resolved
    through earlier referents); qualified ones ("le leader séparatiste de la région") "np"."""
    toks = art.tokens_in(a, b)
    out = []
    for k, t in enumerate(toks):
        key = art.lex.role_nouns.get(t.norm)
        if key is None or (t.text[:1].isupper() and k > 0 and t.ent in _NOT_NAME_LABELS):
            continue
        first = k - 1 if k > 0 and toks[k - 1].norm in art.lex.determiners else k
        last = _np_end(art, toks, k)
        text = art.text[toks[first].start:toks[last].end]
        bare = last == k and first == k - 1
        out.append(_Cand(toks[first].start, toks[last].end, "role" if bare else "np", text,
                         code=key))
    return out


def _np_end(art: _Article, toks: list[_Tok], k: int) -> int:
    """The last token of the noun phrase headed at ``k`` (adjectives and a de/of complement)."""
    last = k
    for j in range(k + 1, min(len(toks), k + 8)):
        t = toks[j]
        if t.norm in art.lex.determiners or t.norm in _OF:
            continue
        if not t.text[:1].isalnum() or t.norm in art.lex.stops or t.norm in art.lex.aux \
                or t.norm in art.lex.boundaries or _is_cue_token(art, t):
            break
        last = j
    return last


def _is_cue_token(art: _Article, t: _Tok) -> bool:
    return any(c.verb_start == t.start for c in art.cues)


def _dependent(art: _Article, c: _Cand) -> bool:
    """Is the candidate inside a prepositional phrase or a possessive (not a subject)?"""
    for prev in reversed(art.tokens_in(max(0, c.start - 40), c.start)):
        if prev.pos == "ADP" or prev.norm in art.lex.prepositions:
            return True
        if prev.norm not in art.lex.determiners:
            break
    after = art.text[c.end:c.end + 3]
    if after.startswith(("’s", "'s", "’ ", "' ")):
        return True
    return _modifies_next(art, c.end)


def _modifies_next(art: _Article, end: int) -> bool:
    """Is the word after ``end`` a lowercase noun the candidate modifies ("U.S. official")?"""
    nxt = art.tokens_in(end, end + 30)
    if nxt and nxt[0].text == ".":
        nxt = nxt[1:]
    if not nxt or art.text[end:nxt[0].start].strip(". "):
        return False
    t = nxt[0]
    if not t.text.isalpha() or not t.text.islower() or t.pos in ("VERB", "AUX", "ADV", "ADP"):
        return False
    words = (art.lex.aux, art.lex.stops, art.lex.skip, art.lex.boundaries, art.lex.prepositions,
             art.lex.complementizers, art.lex.determiners)
    return not any(t.norm in w for w in words) and not _is_cue_token(art, t) and t.pos in (
        "NOUN", "")


def _best(cands: list[_Cand], nearest_to: int) -> _Cand | None:
    if not cands:
        return None
    return max(cands, key=lambda c: (c.score, -abs(nearest_to - (c.start + c.end) / 2)))


def _np_fallback(art: _Article, a: int, b: int) -> _Cand | None:
    """The region's words as a noun phrase, when no candidate was found."""
    toks = [t for t in art.tokens_in(a, b) if t.text[:1].isalnum() or t.text[:1] in "-’',"]
    while toks and (toks[0].norm in art.lex.skip or toks[0].norm in art.lex.aux
                    or toks[0].text == ","):
        toks.pop(0)
    comma = next((k for k, t in enumerate(toks) if t.text == ","), len(toks))
    toks = toks[:comma]  # the head phrase, not its apposition
    while toks and (toks[-1].norm in art.lex.aux or toks[-1].norm in art.lex.skip):
        toks.pop()
    if not toks or len(toks) > 12 or (toks[0].norm in art.lex.prepositions
                                       and toks[0].norm not in art.lex.determiners):
        return None
    if toks[0].norm not in art.lex.determiners and not toks[0].text[:1].isupper():
        return None
    if any(t.norm in art.lex.boundaries or t.pos == "VERB" for t in toks):
        return None
    return _Cand(toks[0].start, toks[-1].end, "np", art.text[toks[0].start:toks[-1].end],
                 score=_SCORES["np"])


# --- subjects of cues ------------------------------------------------------------------------
def _content(art: _Article, a: int, b: int) -> list[_Tok]:
    return [t for t in art.tokens_in(a, b) if any(ch.isalnum() for ch in t.text)
            and t.norm not in art.lex.skip and t.norm not in art.lex.aux]


def _pre_start(art: _Article, cue: _Cue, floor: int) -> int:
    """Where the subject region before ``cue`` starts: after the last clause boundary."""
    unit = art.unit(cue.start)
    start = max(floor, unit.start)
    for span in art.spans_in(unit.start, cue.start):
        start = max(start, span.close_end)
    for t in art.tokens_in(start, cue.start):
        if t.norm in art.lex.boundaries or t.text in (";", ":", "—", "–") or (
                t.text == "-" and art.text[t.start - 1:t.start] == " "):
            start = max(start, t.end)  # also a dateline: "KYIV (Reuters) - …"
    return start


def _post_end(art: _Article, cue: _Cue) -> int:
    """Where the region after ``cue`` (an inverted subject, an addressee) ends."""
    unit = art.unit(cue.start)
    limit = unit.end
    for span in art.spans_in(cue.end, unit.end):
        limit = min(limit, span.open)
        break
    toks = art.tokens_in(cue.end, limit)
    started = False
    for n, t in enumerate(toks):
        if n >= _MAX_CLAUSE_TOKENS:
            return t.start
        if not started and (t.norm in art.lex.skip or t.norm in art.lex.aux):
            continue
        if t.text in (",", ".", ";", ":", "!", "?", "(", ")") or t.norm in art.lex.stops \
                or t.norm in art.lex.boundaries or _is_cue_token(art, t):
            if started or t.text not in (",",):
                return t.start
            continue
        started = True
    return limit


def _subject(art: _Article, cue: _Cue, floor: int) -> _Cand | None:
    """The speaker candidate of a cue (see the module docstring, step 5)."""
    post_end = _post_end(art, cue)
    post = _candidates(art, cue.end, post_end)
    if cue.kind == "source":
        return _best(post, cue.end) or _np_fallback(art, cue.end, post_end)
    if cue.participle:
        earlier = [c for c in art.cues_in(art.unit(cue.start).start, cue.start)
                   if c.kind == "verb" and not c.participle]
        return _subject(art, earlier[-1], floor) if earlier else None
    pre_start = _pre_start(art, cue, floor)
    if not _content(art, pre_start, cue.start) and not _pronouns(art, pre_start, cue.start):
        if cue.word in art.lex.no_inversion:
            return None
        found = _best(post, cue.end) or _np_fallback(art, cue.end, post_end)
        if found is not None and found.kind in ("np", "role"):
            return _apposition_after(art, post_end) or found
        return found
    pre = _candidates(art, pre_start, cue.verb_start)
    best_pre = _best(pre, cue.start)
    if _inverted(art, cue, pre_start) and (best_pre is None or best_pre.score < 3):
        best_post = _best([c for c in post if c.kind != "pronoun"], cue.end)
        if best_post is not None and best_post.score >= 3:
            return best_post
    if best_pre is None or best_pre.score < 2:  # only a modifier ("a senior U.S. official")
        return _np_fallback(art, pre_start, cue.start) or best_pre
    return best_pre


def _apposition_after(art: _Article, end: int) -> _Cand | None:
    """The name in apposition after a role ("said the Kremlin spokesman, Dmitry Peskov, …")."""
    rest = art.text[end:art.unit(end).end]
    if not rest.startswith(","):
        return None
    stop = rest.find(",", 1)
    stop = len(rest) if stop < 0 else stop
    names = [c for c in _candidates(art, end + 1, end + stop) if c.kind in ("person", "name")]
    return names[0] if len(names) == 1 else None


def _inverted(art: _Article, cue: _Cue, pre_start: int) -> bool:
    if cue.word in art.lex.no_inversion:
        return False
    before = art.text[pre_start:cue.start].rstrip()
    return before.endswith(",") or not before


def _strong_named_subject(art: _Article, a: int, b: int) -> _Cand | None:
    """A person named right before a reporting verb somewhere in [a, b) (clumsy clauses:
    "…”, a déclaré l'ancien officier … Rebekah Koffler a déclaré à Fox News")."""
    for cue in art.cues_in(a, b):
        if cue.kind != "verb":
            continue
        cands = [c for c in _candidates(art, max(a, cue.start - 60), cue.verb_start)
                 if c.kind in ("person", "name") and not art.text[c.end:cue.start].strip(" ,")]
        if cands:
            return cands[-1]
    return None


# --- referents: pronouns, roles, names -------------------------------------------------------
def _role_words(actor: Actor | None, context: str = "") -> frozenset[str]:
    words: set[str] = set()
    if actor is not None:
        words.update(re.findall(r"\w+", (actor.role or "").lower()))
        words.update(re.findall(r"\w+", actor.canonical.lower()))
        words.update(_KIND_WORDS.get(actor.kind, ()))
    words.update(re.findall(r"\w+", context.lower()))
    return frozenset(words)


def _role_keys_near(art: _Article, start: int, end: int) -> str:
    """Role words around a name ("le gouverneur de Louhansk, X", "X, representative of …")."""
    unit = art.unit(start)
    before = art.text[max(unit.start, start - 80):start]
    after = art.text[end:min(unit.end, end + 80)]
    after = after.split(",")[1] if after.startswith(",") and after.count(",") else ""
    before = before.rstrip()
    before = before[:-1] if before.endswith(",") else before  # "le gouverneur de X, Name"
    words = re.findall(r"[\w-]+", (before.split(",")[-1] + " " + after).lower())
    keys = [art.lex.role_nouns[w] for w in words if w in art.lex.role_nouns]
    return " ".join(keys)


def _gender_near(art: _Article, start: int, end: int, name: str) -> str | None:
    first = re.findall(r"[\w-]+", name)
    gender = art.actors.given_name_gender(first[0]) if first else None
    if gender:
        return gender
    before = [t.norm for t in art.tokens_in(max(0, start - 20), start)][-2:]
    for word in reversed(before):
        if art.lex.titles.get(word):
            return art.lex.titles[word]
    after = art.text[end:end + 60]
    if after.startswith(","):
        for word in re.findall(r"[\w-]+", after.split(",")[1].lower())[:4]:
            if word in art.lex.gender_words:
                return art.lex.gender_words[word]
            for suffix, g in (("woman", "f"), ("man", "m")):
                if word.endswith(suffix) and word in art.lex.gender_words:
                    return g
    return None


def _add_mention_refs(art: _Article) -> None:
    """Referents from names and actor mentions (outside quotes), for pronouns and roles."""
    for start, _, actor in art.mentions:
        gender = art.actors.gender(actor) if actor.kind == "person" else None
        art.refs.append(_Ref(start, art.unit_index(start), actor.canonical,
                             actor.kind == "person", gender, _role_words(actor), False))
    for start, end, text in art.persons:
        if any(r.pos == start for r in art.refs):
            continue
        if len(text.split()) < 2 and art.actors.given_name_gender(text) is None:
            continue  # a lone capitalised word: too often a place the NER called a person
        name = _canonical_name(art, text)
        roles = _role_words(None, _role_keys_near(art, start, end))
        art.refs.append(_Ref(start, art.unit_index(start), name, True,
                             _gender_near(art, start, end, text), roles, False))


def _pronoun_fits(code: str, ref: _Ref, first: bool, lex: QuoteLexicon, word: str) -> bool:
    if ref.person is None:
        return first
    if ref.person:
        genders = {"m": ("m",), "f": ("f",), "fp": ("f",)}.get(code)
        return genders is not None and (ref.gender is None or ref.gender in genders)
    if "p" in code or code == "o":
        return True
    return first and word in lex.org_pronouns


def _walk_back(art: _Article, pos: int) -> Iterator[tuple[_Ref, bool]]:
    """Earlier referents, nearest first: the subjects of a unit hide its other mentions."""
    unit = art.unit_index(pos)
    by_unit: dict[int, list[_Ref]] = {}
    for ref in art.refs:
        if ref.pos < pos and unit - _LOOKBACK_UNITS <= ref.unit <= unit:
            by_unit.setdefault(ref.unit, []).append(ref)
    first = True
    for u in range(unit, unit - _LOOKBACK_UNITS - 1, -1):
        refs = by_unit.get(u, [])
        subjects = [r for r in refs if r.subject]
        for ref in sorted(subjects or refs, key=lambda r: -r.pos):
            yield ref, first
            first = False


def _resolve_pronoun(art: _Article, cand: _Cand) -> _Ref | None:
    word = _norm(cand.text)
    for ref, first in _walk_back(art, cand.start):
        if _pronoun_fits(cand.code or "", ref, first, art.lex, word):
            return ref
    return None


def _resolve_role(art: _Article, cand: _Cand) -> _Ref | None:
    keys = (cand.code or "").split()
    institution = bool(keys) and keys[-1] in _INSTITUTION_ROLES
    for ref, _ in _walk_back(art, cand.start):
        if ref.person == institution:
            continue
        if keys and all(any(w.startswith(k) for w in ref.roles) for k in keys):
            return ref
    return None


def _canonical_name(art: _Article, text: str) -> str:
    """A person's canonical name: the actor's, else the fullest form of the name in the article."""
    words = re.findall(r"[\w’'-]+", text)
    while len(words) > 1 and _norm(words[0]) in art.lex.titles:
        words.pop(0)
    name = " ".join(words) if words else text
    actor = art.actors.resolve(name, art.parsed.language) or art.actors.resolve(text)
    if actor is not None:
        return actor.canonical
    return _fullest_form(art, name)


def _fullest_form(art: _Article, name: str) -> str:
    last = name_key(name.split()[-1]) if name.split() else ""
    best = name
    for _, _, form in art.persons:
        words = [w for w in re.findall(r"[\w’'-]+", form) if _norm(w) not in art.lex.titles]
        if not words or len(words) > 4 or name_key(words[-1]) != last:
            continue
        if len(words) > len(best.split()):
            best = " ".join(words)
    return best


def _speaker_of(art: _Article, cand: _Cand) -> tuple[str | None, _Ref | None]:
    """(canonical speaker, referent used) for a candidate."""
    if cand.kind == "pronoun":
        ref = _resolve_pronoun(art, cand)
        return (ref.canonical if ref else None), ref
    if cand.actor is not None:
        return cand.actor.canonical, None
    if cand.kind in ("person", "name"):
        return _canonical_name(art, cand.text), None
    actor = art.actors.resolve(cand.text, art.parsed.language)
    if actor is not None:
        return actor.canonical, None
    if cand.kind == "role":
        ref = _resolve_role(art, cand)
        if ref is not None:
            return ref.canonical, ref
    words = cand.text.split()
    if len(words) > 1 and _norm(words[0]) in art.lex.determiners:
        words = words[1:]
    return " ".join(words), None


# --- channels --------------------------------------------------------------------------------
def _clause_text(art: _Article, unit: _Unit) -> str:
    """The unit's text with the quoted words blanked out."""
    chars = list(art.text[unit.start:unit.end])
    for span in art.spans_in(unit.start, unit.end):
        for i in range(span.open, min(span.close_end, unit.end)):
            chars[i - unit.start] = " "
    return "".join(chars)


def _channel(art: _Article, unit: _Unit, cue: _Cue | None) -> str | None:
    clause = _clause_text(art, unit)
    for name, patterns in art.lex.channels:
        if name == "press":
            continue
        if any(p.search(clause) for p in patterns):
            return name
    via = _via_media(art, unit, cue)
    if via is not None:
        return via
    for name, patterns in art.lex.channels:
        if name == "press" and any(p.search(clause) for p in patterns):
            return name
    return None


def _via_media(art: _Article, unit: _Unit, cue: _Cue | None) -> str | None:
    """A news outlet the words were said to or came through ("told AFP", "a déclaré au Post",
    "selon TASS", "quoted by Reuters"): an agency's name, or "press" for other media."""
    for start, _, actor in art.mentions:
        if unit.start <= start < unit.end and actor.kind == "media" and _introduced(art, start):
            return actor.canonical if "agency" in (actor.role or "") else "press"
    for t in art.tokens_in(unit.start, unit.end):
        if (t.norm in art.lex.press_words or t.text in art.lex.media_words) \
                and _introduced(art, t.start):
            return "press"
    return None


def _introduced(art: _Article, start: int) -> bool:
    """Is the outlet at ``start`` an addressee or a source ("à l'AFP", "told AFP", "selon
    l'agence TASS", "laut der Nachrichtenagentur dpa", "quoted by Reuters"), not a speaker?"""
    before = art.tokens_in(max(0, start - 60), start)[-5:]
    for prev in reversed(before):
        if prev.norm in art.lex.addressee_preps or prev.norm in ("par", "by", "via", "von"):
            return True
        if any(c.end == prev.end and (c.kind == "source" or c.word in art.lex.no_inversion)
               for c in art.cues):
            return True
        if not prev.text[:1].isalpha() or _is_cue_token(art, prev):
            return False
    return False


# --- attribution -----------------------------------------------------------------------------
def _attribute(art: _Article, k: int, previous: list[tuple[_Span, _Speaker]]) -> _Speaker | None:
    span = art.spans[k]
    unit = art.unit(span.open)
    before_start = max(unit.start, art.spans[k - 1].close_end if k > 0 else 0)
    after_end = min(unit.end, art.spans[k + 1].open if k + 1 < len(art.spans) else unit.end)
    if _is_full(art, before_start, span):
        return (_after_clause(art, span, after_end) or _before_clause(art, span, before_start)
                or _continuation(art, span, previous) or _next_paragraph(art, k)
                or _repetition(art, span))
    if _names_something(art, span):
        return None
    for cue in reversed(art.cues_in(unit.start, span.open)):
        found = _speaker_from_cue(art, cue, unit.start, "cue-before")
        if found is not None:
            return found
    for cue in art.cues_in(span.close_end, unit.end):
        return _speaker_from_cue(art, cue, span.close_end, "cue-after")
    return None


def _is_full(art: _Article, before_start: int, span: _Span) -> bool:
    before = art.text[before_start:span.open]
    stripped = before.strip(_CLAUSE_JUNK + ",")
    if not stripped:
        return True
    tail = before.rstrip()[-1:]
    if tail in (":", ".", "!", "?", "…"):
        return True  # after a colon, or opening a new sentence
    return tail in ",—–" and bool(art.cues_in(before_start, span.open))


def _names_something(art: _Article, span: _Span) -> bool:
    """A short quote after a naming word ("surnommé « X »", "the so-called 'X'") or, when
    capitalised, right after a naming noun ("l'opération « Barkhane »") is a name."""
    if len(art.text[span.start:span.end].split()) > 5:
        return False
    words = [w for w in re.findall(r"[\w-]+", art.text[max(0, span.open - 60):span.open].lower())
             if w.strip("-")]
    while words and words[-1] in art.lex.determiners:
        words.pop()
    if any(w in art.lex.name_introducers for w in words[-2:]):
        return True
    capitalised = art.text[span.start:span.start + 1].isupper()
    if capitalised and bool(words) and words[-1] in art.lex.name_nouns:
        return True
    return _title_cased(art.text[span.start:span.end]) and _after_determiner(art, span.open)


def _title_cased(text: str) -> bool:
    """A short run of capitalised words ("Tornado", "Je Suis Charlie"): a name's shape."""
    words = text.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words if w[:1].isalpha())


def _after_determiner(art: _Article, offset: int) -> bool:
    before = art.tokens_in(max(0, offset - 30), offset)
    return bool(before) and before[-1].norm in art.lex.determiners


def _speaker_from_cue(art: _Article, cue: _Cue, floor: int, rule: str) -> _Speaker | None:
    cand = _subject(art, cue, floor)
    if cand is None:
        return None
    canonical, ref = _speaker_of(art, cand)
    return _Speaker(canonical, cand.text, cand.start, cand.end, cand.kind, cue, rule, ref)


def _after_clause(art: _Article, span: _Span, after_end: int) -> _Speaker | None:
    """"…”, a déclaré X" / "…,” X said" / "…”, a-t-il ajouté": the clause after the quote."""
    cues = art.cues_in(span.close_end, after_end)
    if not cues:
        return None
    cue = cues[0]
    if _ends_sentence(art, span) and art.text[span.close_end:cue.start].strip()[:1].isupper():
        return None  # “… home.” Officials said … : a new sentence
    between = art.tokens_in(span.close_end, cue.start)
    if len(between) > _MAX_CLAUSE_TOKENS or any(
            t.norm in art.lex.boundaries or t.norm in art.lex.complementizers for t in between):
        return None
    found = _speaker_from_cue(art, cue, span.close_end, "cue-after")
    if found is not None and found.kind == "np":
        better = _strong_named_subject(art, cue.end, after_end)
        if better is not None:
            name = _canonical_name(art, better.text)
            return _Speaker(name, better.text, better.start, better.end, better.kind, cue,
                            "cue-after")
    return found


def _ends_sentence(art: _Article, span: _Span) -> bool:
    return art.text[span.start:span.end].rstrip()[-1:] in (".", "!", "?", "…")


def _before_clause(art: _Article, span: _Span, before_start: int) -> _Speaker | None:
    """"X a déclaré : « … »", the middle of a split quote ("…,” he said, “…"), or a headline
    "Name: “…”"."""
    cues = art.cues_in(before_start, span.open)
    if cues:
        return _speaker_from_cue(art, cues[-1], before_start, "cue-before")
    return _headline_speaker(art, span, before_start)


def _headline_speaker(art: _Article, span: _Span, before_start: int) -> _Speaker | None:
    before = art.text[before_start:span.open].rstrip()
    if not before.endswith(":"):
        return None
    head = before_start + len(before) - 1
    toks = [t for t in art.tokens_in(before_start, head) if t.text[:1].isalnum()]
    if not toks or len(toks) > 5:
        return None
    cands = [c for c in _candidates(art, toks[0].start, toks[-1].end)
             if c.kind in ("person", "name", "actor") and c.start == toks[0].start
             and c.end == toks[-1].end]
    if not cands:
        return None
    canonical, ref = _speaker_of(art, cands[0])
    return _Speaker(canonical, cands[0].text, cands[0].start, cands[0].end, cands[0].kind,
                    None, "headline", ref)


def _continuation(art: _Article, span: _Span,
                  previous: list[tuple[_Span, _Speaker]]) -> _Speaker | None:
    """A quote with no clause of its own continues the previous quote of its paragraph, or of
    the paragraph before when it fills its own."""
    if not previous:
        return None
    last_span, last = previous[-1]
    unit = art.unit(span.open)
    last_unit = art.unit(last_span.open)
    same_paragraph = unit.paragraph == last_unit.paragraph
    if not same_paragraph and not _fills_paragraph(art, span, unit, last_unit):
        return None
    for cue in art.cues_in(last_span.close_end, span.open):
        if cue.kind != "verb" or (last.cue is not None and cue.start == last.cue.start):
            continue
        cand = _subject(art, cue, last_span.close_end)
        if cand is not None and _speaker_of(art, cand)[0] not in (None, last.canonical):
            return None
    return replace(last, rule="continuation")


def _next_paragraph(art: _Article, k: int) -> _Speaker | None:
    """A quote running over paragraphs (each opening with a mark, only the last one closed):
    the speaker named after the last part."""
    span = art.spans[k]
    if k + 1 >= len(art.spans) or art.text[span.close_end - 1] in MARKS:
        return None
    nxt = art.spans[k + 1]
    between = art.text[span.close_end:nxt.open]
    if between.count("\n") < 1 or between.strip(_CLAUSE_JUNK):
        return None
    unit = art.unit(nxt.open)
    after_end = min(unit.end, art.spans[k + 2].open if k + 2 < len(art.spans) else unit.end)
    found = _after_clause(art, nxt, after_end) or _next_paragraph(art, k + 1)
    return replace(found, rule="next-paragraph") if found is not None else None


def _fills_paragraph(art: _Article, span: _Span, unit: _Unit, last_unit: _Unit) -> bool:
    if unit.paragraph - last_unit.paragraph > 2:
        return False
    line_start = art.text.rfind("\n", 0, span.open) + 1
    line_end = art.text.find("\n", span.close_end)
    line_end = len(art.text) if line_end < 0 else line_end
    rest = art.text[line_start:span.open] + art.text[span.close_end:line_end]
    return not rest.strip(_CLAUSE_JUNK + ".,")


def _repetition(art: _Article, span: _Span) -> _Speaker | None:
    """A headline quote repeated in the body: the speaker of the sentence that repeats it (or of
    the next one when it only says so: "X l'a déclaré", "X said so")."""
    words = _content_words(art.text[span.start:span.end])
    if len(words) < 4:
        return None
    own = art.unit_index(span.open)
    best, best_overlap = None, 0.6
    for n, unit in enumerate(art.units):
        if n == own or art.spans_in(unit.start, unit.end):
            continue
        overlap = len(words & _content_words(art.text[unit.start:unit.end])) / len(words)
        if overlap >= best_overlap:
            best, best_overlap = n, overlap
    if best is None:
        return None
    for n in (best, best + 1):
        if n >= len(art.units) or art.units[n].paragraph - art.units[best].paragraph > 1:
            break
        unit = art.units[n]
        for cue in art.cues_in(unit.start, unit.end):
            if n > best and _has_complement(art, cue, unit):
                continue
            found = _speaker_from_cue(art, cue, unit.start, "repetition")
            if found is not None:
                return found
    return None


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2 or w.isdigit()}


def _has_complement(art: _Article, cue: _Cue, unit: _Unit) -> bool:
    after = art.tokens_in(cue.end, unit.end)[:6]
    return any(t.norm in art.lex.complementizers or t.text == ":" for t in after) or bool(
        art.spans_in(cue.end, unit.end))


# --- assembly --------------------------------------------------------------------------------
def _register_subjects(art: _Article) -> None:
    """Subjects of every reporting verb outside quotes become referents (with their channel)."""
    for cue in art.cues:
        if cue.kind != "verb":
            continue
        cand = _subject(art, cue, art.unit(cue.start).start)
        if cand is None or cand.kind in ("pronoun", "np"):
            continue
        canonical, ref = _speaker_of(art, cand)
        if canonical:
            _add_speaker_ref(art, cand, canonical, ref,
                             _channel(art, art.unit(cue.start), cue), pos=cand.start)


def _add_speaker_ref(art: _Article, cand: _Cand, canonical: str, ref: _Ref | None,
                     channel: str | None, pos: int) -> None:
    person: bool | None = cand.kind in ("person", "name") or bool(ref and ref.person) or (
        cand.actor is not None and cand.actor.kind == "person")
    if cand.kind == "np" and ref is None:
        person = None
    gender = ref.gender if ref else None
    if cand.kind == "pronoun" and cand.code in ("m", "f"):
        gender = cand.code
    elif gender is None and person:
        gender = _gender_near(art, cand.start, cand.end, cand.text)
        if cand.actor is not None:
            gender = art.actors.gender(cand.actor) or gender
    roles = ref.roles if ref else _role_words(cand.actor, _role_keys_near(art, cand.start,
                                                                          cand.end))
    art.refs.append(_Ref(pos, art.unit_index(pos), canonical, person, gender, roles, True,
                         channel))


def _evidence(art: _Article, span: _Span, speaker: _Speaker) -> tuple[int, int]:
    first, last = art.unit_index(span.open), art.unit_index(max(span.open, span.close_end - 1))
    if speaker.cue is not None and speaker.rule != "continuation":
        at = art.unit_index(speaker.cue.start)
        if art.units[at].paragraph == art.units[first].paragraph and abs(at - first) <= 1:
            first, last = min(first, at), max(last, at)
    a = min(art.units[first].start, span.open)
    b = max(art.units[last].end, span.close_end)
    return a, b


def _sentence_index(parsed: ParsedArticle, offset: int) -> int | None:
    found = parsed.sentence_of(offset)
    if found is not None or not parsed.sentences:
        return found
    starts = [s.start for s in parsed.sentences]
    return max(0, bisect_right(starts, offset) - 1)


def _speaker_channel(art: _Article, canonical: str | None, pos: int) -> str | None:
    if canonical is None:
        return None
    for ref in sorted(art.refs, key=lambda r: -r.pos):
        if ref.pos < pos and ref.canonical == canonical and ref.channel:
            return ref.channel
    return None


def _quote(art: _Article, span: _Span, speaker: _Speaker, channel: str | None) -> Quote:
    parsed = art.parsed
    a, b = _evidence(art, span, speaker)
    speaker_prov = None
    if speaker.start is not None and speaker.end is not None:
        speaker_prov = Provenance(speaker.start, speaker.end,
                                  _sentence_index(parsed, speaker.start),
                                  f"{METHOD}:{speaker.kind}")
    return Quote(
        speaker=speaker.canonical,
        speaker_text=speaker.text,
        channel=channel,
        text=art.text[span.start:span.end],
        evidence=art.text[a:b],
        provenance=Provenance(span.start, span.end, _sentence_index(parsed, span.start),
                              f"{METHOD}:{speaker.rule}"),
        speaker_provenance=speaker_prov,
        cue=speaker.cue.text if speaker.cue is not None else None,
    )


def extract_quotes(parsed: ParsedArticle, actors: ActorIndex | None = None) -> list[Quote]:
    """The direct quotations of an article with their speakers and channels, in text order.

    Pure: the same article gives the same quotes. ``actors`` defaults to
    :meth:`ActorIndex.default` (the bundled actors plus the user's file). A quotation no
    reporting clause attributes (a scare quote, a title, a name) is left out; one whose
    pronoun finds no antecedent keeps ``speaker`` None and its ``speaker_text``.
    """
    if not any(c in MARKS for c in parsed.text):
        return []
    art = _Article(parsed, actors or ActorIndex.default())
    _add_mention_refs(art)
    _register_subjects(art)
    done: list[tuple[_Span, _Speaker]] = []
    quotes: list[Quote] = []
    for k, span in enumerate(art.spans):
        speaker = _attribute(art, k, done)
        if speaker is None:
            continue
        unit = art.unit(span.open)
        channel = _channel(art, unit, speaker.cue)
        if channel is None and speaker.cue is not None:
            channel = _channel(art, art.unit(speaker.cue.start), speaker.cue)
        if channel is None and speaker.rule == "continuation" and quotes:
            channel = quotes[-1].channel
        if channel is None:
            channel = _speaker_channel(art, speaker.canonical, span.open)
        done.append((span, speaker))
        quotes.append(_quote(art, span, speaker, channel))
        if speaker.canonical and speaker.start is not None and speaker.end is not None:
            cand = _Cand(speaker.start, speaker.end, speaker.kind, speaker.text or "")
            _add_speaker_ref(art, cand, speaker.canonical, speaker.ref, channel, pos=span.open)
    return quotes
