"""Events: PLOVER-typed happenings with actor, target, place, date, claimant and status.

1. **Triggers.** Each sentence's tokens are matched against the language's trigger lexicon
   (``lexicons/events/<lang>.json``: lemmas, stems and multiword patterns by PLOVER type and
   subtype; see :mod:`dateline.extract.event_lexicon`). "Read also" lines are skipped, and so
   are adjectival participles ("la ville occupée") that report no act.
2. **Not events.** Questions, negated triggers ("n'a pas bombardé"), hypotheses and
   conditionals ("if confirmed", "pourrait", "would"), futures, and triggers governed by an
   intention, fear or request ("visait à reprendre", "craignent que", "urged them to
   withdraw") are not emitted.
3. **Arguments** (with a dependency parse): the actor is the subject (or the passive agent;
   the passive subject for triggers whose theme is the mover), the target the object or
   passive subject; names go through :class:`ActorIndex` so "l'armée russe", "Russian
   troops" and "окупанти" are one actor. A first-person "we" in a quotation is its speaker's
   side; a pronoun takes the last actor named before it; with no actor at all, a gain claimed
   by a party is that party's side's (lexicon flag ``actor_from_claimant``). Without a parse
   (German, Spanish, Ukrainian ...) the nearest actor named before the trigger is the actor
   and the next one after it the target.
4. **Place.** The places the trigger's own clause names, the most specific first; several
   coordinated towns make one event each. Else the last place named just before in the
   paragraph (``geo_precision`` 2), else the article's main place (3).
5. **Date.** The time expression of the trigger's clause (else its sentence): a day, or a
   range for a month, week, year or "since ..." (``time_precision`` 1 day, 2 range); an
   upper-bounded duration ("en moins d'une semaine") gives the days before publication it
   covers. With none, a clause dated by an undated happening ("au début de la guerre") stays
   null; a trigger in the present tense takes the publication date (precision 3), else the
   date the paragraph's story is at (the last date resolved before it in the paragraph,
   precision 2), else null: GOLD.md's rule, a date only when the text resolves it.
6. **Claim and status.** ``claimed_by``: the speaker of the quotation the trigger sits in,
   else "selon X" / "according to X", else the subject of the reporting verb governing the
   trigger. ``status``: ``unverified`` when the sentence or the next one says it could not be
   verified; ``denied`` under a denial verb; ``confirmed`` under a confirmation verb or when
   sources of different sides report it; ``claimed`` when someone claims it; else
   ``reported`` (the outlet's own voice).
7. **One event per happening.** Repetitions (same type, subtype, place and actor) merge; the
   first mention's sentence is the evidence, missing arguments come from the others.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise

from spacy.tokens import Token

from dateline.extract.actors import Actor, ActorIndex
from dateline.extract.event_lexicon import EventLexicon, Match, event_lexicon, normalize_form
from dateline.extract.event_types import acled_of, announced_subtype, cameo_of, mode_of
from dateline.extract.quotes import quote_lexicon
from dateline.extract.times import publication_date
from dateline.extract.timex.calendar import parse_value, span_back, value_range
from dateline.model import Event, EventMention, Place, Provenance, Quote, Time
from dateline.nlp.parsed import ParsedArticle

NAME = "events"
VERSION = "0.5"
METHOD = "trigger-lexicon+dependency-arguments"

SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubj:pass", "nsubjpass"})
OBJECT_DEPS = frozenset({"obj", "dobj", "iobj", "attr"})
AGENT_DEPS = frozenset({"obl:agent", "agent"})
OBLIQUE_DEPS = frozenset({"obl", "obl:mod", "obl:arg", "nmod", "prep", "pobj", "advcl", "acl",
                          "conj", "appos", "compound", "nmod:poss", "poss"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "acl", "acl:relcl", "relcl", "parataxis",
                         "conj", "csubj"})
PERSON_LABELS = frozenset({"PER", "PERSON"})
RELATIVE_PRONOUNS = frozenset({"qui", "que", "who", "which", "that", "lequel", "laquelle"})
THIRD_PERSON = frozenset({"il", "elle", "ils", "elles", "it", "they", "he", "she", "them", "lui",
                          "leur", "its", "their", "er", "sie", "він", "вона", "вони", "eux"})
PERSON_PRONOUNS = frozenset({"il", "elle", "he", "she", "him", "her", "er", "він", "вона"})
NON_PERSON_KINDS = frozenset({"state", "armed_forces", "ministry", "government",
                              "official_body", "armed_group", "organisation"})
SPECIFICITY = {"city": 0, "village": 0, "region": 1, "river": 2, "other": 2, "country": 3}
MAX_FANOUT = 5
# Types whose announcement by their actor is the act itself (PLOVER's verbal event types, and
# subtypes that are proclaimed: annexation, mobilization), and types a party concedes when it
# reports them of itself.
DECLARATIVE_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT",
                               "THREATEN", "SANCTION", "MOBILIZE", "AID"})
DECLARATIVE_SUBTYPES = frozenset({"annexation", "ceasefire", "recognition"})
ADMISSION_TYPES = frozenset({"RETREAT", "CONCEDE"})
MAX_PHRASE = 12


@dataclass
class _Tok:
    """One token with what matching and argument finding need."""

    i: int
    start: int
    end: int
    lower: str
    lemma: str


@dataclass
class _Art:
    parsed: ParsedArticle
    lex: EventLexicon
    actors: ActorIndex
    tokens: list[_Tok]
    forms: list[tuple[str, str]]
    starts: list[int]
    parsed_deps: bool
    actor_mentions: list[tuple[int, int, Actor]]
    place_mentions: list[tuple[int, int, Place]]
    times: list[Time]
    quotes: list[Quote]
    reporting: frozenset[str]
    side_forces: dict[str, str]
    main_place: Place | None
    places: list[Place]

    @property
    def text(self) -> str:
        return self.parsed.text

    def token_at(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1
        return i if i >= 0 else None


@dataclass
class _Draft:
    """An event before merging."""

    type: str
    subtype: str
    mode: str | None
    actor: Actor | None
    actor_name: str | None
    actor_phrase: str | None
    target: str | None
    place: Place | None
    geo_precision: int | None
    date: str | None
    date_text: str | None
    time_precision: int | None
    claimed_by: str | None
    claimant_side: str | None
    status: str
    sentence: int
    trigger: str
    rule: str
    claimants: set[str] = field(default_factory=set)
    verbal: bool = False  # the trigger is a verb (not a noun)
    anaphoric: bool = False  # a definite noun trigger that may refer back
    in_title: bool = False  # found in the headline
    at: int = 0  # where the trigger starts
    place_in_sentence: bool = False  # the place is named in the event's own sentence
    others: dict[int, tuple[str, str]] = field(default_factory=dict)  # sentence: trigger, rule

    @property
    def filled(self) -> int:
        return sum(x is not None for x in (self.actor_name, self.target, self.place, self.date))


# --- set-up --------------------------------------------------------------------------------------
def _tokens(parsed: ParsedArticle, lex: EventLexicon) -> list[_Tok]:
    """Tokens with lower-cased form and lemma; the lexicon's lemma map fills what the
    lemmatizer leaves ("s'" -> "se", so "s'est rendu" meets "se ... rendre")."""
    has_lemma = parsed.doc.has_annotation("LEMMA")
    out = []
    for t in parsed.doc:
        lower = normalize_form(t.text)
        lemma = normalize_form(t.lemma_) if has_lemma and t.lemma_ else lower
        lemma = lex.lemma_map.get(lemma, lemma)
        out.append(_Tok(t.i, t.idx, t.idx + len(t.text), lower, lemma))
    return out


@cache
def _side_forces(actors: ActorIndex) -> dict[str, str]:
    """Side code -> the canonical name of that side's armed forces (first in the file)."""
    out: dict[str, str] = {}
    for actor in actors:
        if actor.kind == "armed_forces" and actor.side and actor.side not in out:
            out[actor.side] = actor.canonical
    return out


def _main_place(places: Sequence[Place]) -> Place | None:
    resolved = [p for p in places if p.lat is not None and p.kind != "country"]
    if not resolved:
        return None
    return max(resolved, key=lambda p: (len(p.mentions), -p.mentions[0].provenance.start))


def _article(parsed: ParsedArticle, lex: EventLexicon, actors: ActorIndex, places: Sequence[Place],
             times: Sequence[Time], quotes: Sequence[Quote]) -> _Art:
    tokens = _tokens(parsed, lex)
    place_mentions = sorted(
        ((m.provenance.start, m.provenance.end, p) for p in places for m in p.mentions),
        key=lambda m: m[0],
    )
    reporting = set(lex.word_list("reporting_verbs"))
    qlex = _quote_verbs(parsed.language)
    reporting.update(qlex)
    return _Art(
        parsed=parsed, lex=lex, actors=actors, tokens=tokens,
        forms=[(t.lower, t.lemma) for t in tokens], starts=[t.start for t in tokens],
        parsed_deps=parsed.doc.has_annotation("DEP"),
        actor_mentions=actors.mentions(parsed.text, parsed.language),
        place_mentions=place_mentions, times=list(times), quotes=list(quotes),
        reporting=frozenset(reporting), side_forces=_side_forces(actors),
        main_place=_main_place(places), places=list(places),
    )


@cache
def _quote_verbs(language: str) -> frozenset[str]:
    try:
        lex = quote_lexicon(language)
    except (FileNotFoundError, KeyError, ValueError):
        return frozenset()
    return frozenset(normalize_form(v) for v in getattr(lex, "verbs", ()))


# --- filters -------------------------------------------------------------------------------------
def _read_also(art: _Art, first: int, end: int) -> bool:
    return art.lex.phrase_at("read_also", art.forms, first, end) is not None


def _is_question(art: _Art, sentence: int) -> bool:
    return art.parsed.sentence_text(sentence).rstrip(" \"'»”’)").endswith("?")


def _adjectival(token: Token) -> bool:
    """'la ville occupée', 'the liberated town': a participle describing a noun, not an act."""
    if token.pos_ not in ("VERB", "ADJ") or "Part" not in token.morph.get("VerbForm"):
        return False
    if token.dep_ not in ("amod", "acl") or token.head.pos_ not in ("NOUN", "PROPN"):
        return False
    return not any(c.dep_ in AGENT_DEPS or c.dep_.startswith("aux") for c in token.children)


def _negated(art: _Art, token: Token) -> bool:
    negations = art.lex.word_list("negations")
    doc = token.doc
    for k in range(max(token.sent.start, token.i - 2), token.i):
        if normalize_form(doc[k].text) in ("nor", "neither", "ni"):
            return True  # "neither confirm nor deny", "ni confirmer ni démentir"
    heads = [token] + [c for c in token.children if c.dep_.startswith("aux") or c.dep_ == "cop"]
    if token.dep_ in ("xcomp",) and token.head.pos_ in ("VERB", "AUX"):
        heads.append(token.head)  # "n'a pas pu reprendre", "did not manage to retake"
    for head in heads:
        for child in head.children:
            if child.dep_ == "neg" or "Neg" in child.morph.get("Polarity"):
                return True
            if child.dep_ in ("advmod", "det", "neg") and normalize_form(child.text) in negations:
                return True
    return False


def _appraised(token: Token) -> bool:
    """An infinitive an adjective judges ("il n'est pas si facile de retirer ces troupes",
    "it will be hard to retake Bakhmut"): how feasible the act is, not that it happened."""
    if "Inf" not in token.morph.get("VerbForm"):
        return False
    head = token.head
    if head.pos_ == "ADJ" and head.i != token.i:
        return True
    return head.i != token.i and any(c.dep_ == "acomp" and c.pos_ == "ADJ"
                                     for c in head.children)


def _announced(art: _Art, token: Token) -> bool:
    """Whether a future or conditional act is the content of an announcement: a verb of
    the lexicon's "announcement_verbs" above it, itself neither negated nor modal ("Moscow
    announced that its troops would leave Kherson")."""
    verbs = art.lex.word_list("announcement_verbs")
    for above in token.ancestors:
        if above.pos_ in ("VERB", "AUX") and normalize_form(above.lemma_) in verbs:
            return not _negated(art, above) and not _modal(art, above)
    return False


def _modal(art: _Art, token: Token) -> bool:
    """Conditional, future, modal or 'if'-clause on the trigger's own clause."""
    hypothetical = art.lex.word_list("hypothetical")
    chain = [token]
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in SUBJECT_DEPS | OBJECT_DEPS:
        chain.append(token.head)
    if token.dep_ == "xcomp":
        chain.append(token.head)
    for child in token.children:
        if child.dep_ in ("amod", "advmod") and normalize_form(child.text) in hypothetical:
            return True  # "an alleged withdrawal", "la prétendue reprise"
    for verb in chain:
        if "Cnd" in verb.morph.get("Mood") or "Fut" in verb.morph.get("Tense"):
            return True
        for child in verb.children:
            lemma = normalize_form(child.lemma_)
            if child.dep_ == "mark" and normalize_form(child.text) in hypothetical:
                return True
            if child.dep_.startswith("aux") and (
                "Cnd" in child.morph.get("Mood") or "Fut" in child.morph.get("Tense")
                or (lemma in hypothetical and not _past_modal(child))
            ):
                return True
            if child.dep_ == "advcl" and any(
                g.dep_ == "mark" and normalize_form(g.text) in hypothetical
                for g in child.children
            ) and child.i < verb.i and token.pos_ in ("NOUN", "PROPN"):
                return True  # "The departure, if confirmed, constitutes ..."
        if normalize_form(verb.lemma_) in hypothetical and verb is not token and (
            not _past_modal(verb)
        ):
            return True
    return False


def _past_modal(token: Token) -> bool:
    """'a pu reprendre', 'managed to': a modal that reports what happened."""
    if any(c.dep_.startswith("aux") and normalize_form(c.lemma_) in ("avoir", "have")
           for c in token.children):
        return True
    return "Past" in token.morph.get("Tense") and "Fin" in token.morph.get("VerbForm") and (
        token.lang_ != "en"
    )


def _governed_by_intention(art: _Art, token: Token) -> bool:
    """'visait à reprendre', 'craignent que ...', 'urged them to withdraw', 'pour reprendre':
    the trigger is what someone intends, fears or asks, not what happened. Reported speech
    ("a déclaré que ...") is not an intention: the climb stops at a reporting verb."""
    intention = art.lex.word_list("intention")
    if any(c.dep_ in ("mark", "case") and normalize_form(c.text) in intention
           for c in token.children):
        return True
    current = token
    for _ in range(4):
        if current.dep_ in ("ROOT", "") or current.head.i == current.i:
            return False
        if current.dep_ not in ("xcomp", "ccomp", "advcl", "acl", "nmod", "obl", "obl:arg",
                                "obl:mod", "obj", "dobj", "pobj", "prep", "mark", "csubj"):
            return False
        head = current.head
        lemma = normalize_form(head.lemma_)
        if lemma in art.reporting and lemma not in intention:
            return False
        if lemma in intention and head.pos_ in ("VERB", "NOUN", "ADJ"):
            return True
        if any(c.dep_ in ("mark", "case") and normalize_form(c.text) in intention
               for c in head.children) and head.pos_ in ("VERB", "AUX"):
            return True
        current = head
    return False


def _generic_noun(art: _Art, token: Token) -> bool:
    """'des mois de combats', 'months of fighting': a noun trigger measuring time, not an act."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    head = token.head
    durations = art.lex.word_list("duration_nouns")
    return head.i != token.i and (normalize_form(head.text) in durations
                                  or normalize_form(head.lemma_) in durations)


def _quote_cue(art: _Art, token: Token, sentence: tuple[int, int]) -> bool:
    """'…”, a averti le ministère', 'welcomed Stoltenberg': the verb introducing a quotation."""
    if normalize_form(token.lemma_) not in art.reporting:
        return False
    return any(sentence[0] <= q.provenance.start < sentence[1] and not (
        q.provenance.start <= token.idx < q.provenance.end) for q in art.quotes)


def _surface_negated(art: _Art, i: int, sent_start: int, sent_end: int) -> bool:
    """Without a parse: a negation, modal or intention word among the four tokens before the
    trigger, or a negation right after it ("Verletzt wurde niemand")."""
    for k in range(max(sent_start, i - 4), i):
        for name in ("negations", "hypothetical", "intention"):
            if art.lex.phrase_at(name, art.forms, k, i) is not None:
                return True
    for k in range(i + 1, min(sent_end, i + 3)):
        if art.lex.phrase_at("negations", art.forms, k, sent_end) is not None:
            return True
    return False


# --- arguments -----------------------------------------------------------------------------------
def _phrase_span(token: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``token``, cut before clauses."""
    left = token.left_edge.i
    right = token.i
    for t in token.subtree:
        if t.i <= token.i:
            continue
        if t.dep_ in CLAUSE_DEPS - {"conj"} or (t.is_punct and t.text not in "-'’"):
            break
        right = t.i
    right = min(right, left + MAX_PHRASE)
    doc = token.doc
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _actor_in(art: _Art, start: int, end: int, head: int | None = None) -> Actor | None:
    found = [m for m in art.actor_mentions if start <= m[0] and m[1] <= end]
    if not found:
        return None
    if head is not None:
        for m in found:
            if m[0] <= head < m[1]:
                return m[2]
    return found[0][2]


def _appositive_person(art: _Art, start: int, end: int) -> str | None:
    """A person's name set off by commas right after a descriptive phrase ("the general
    responsible for the offensive, Sergei Surovikin, announced"), resolved like any person."""
    for ent in art.parsed.doc.ents:
        if ent.label_ in PERSON_LABELS and ent.start_char >= end and (
            art.text[end:ent.start_char].strip() == ","
            and art.text[ent.end_char:ent.end_char + 2].lstrip().startswith(",")
        ):
            return _person_name(art, ent.text)
    return None


def _person_in(art: _Art, start: int, end: int) -> str | None:
    for ent in art.parsed.doc.ents:
        if ent.label_ in PERSON_LABELS and start <= ent.start_char and ent.end_char <= end:
            return _person_name(art, ent.text)
    return None


def _person_name(art: _Art, name: str) -> str:
    """A person entity's name: the actor's canonical name, else the article's fullest form."""
    actor = art.actors.resolve(name, art.parsed.language)
    return actor.canonical if actor is not None else _fullest(art, name)


def _fullest(art: _Art, name: str) -> str:
    """The longest person entity of the article ending with the name's last word."""
    words = name.split()
    best = name
    for ent in art.parsed.doc.ents:
        if ent.label_ in PERSON_LABELS and ent.text.split()[-1:] == words[-1:] and (
            len(ent.text) > len(best)
        ):
            best = ent.text
    return best


def _place_in(art: _Art, start: int, end: int) -> list[tuple[int, int, Place]]:
    return [m for m in art.place_mentions if start <= m[0] and m[1] <= end]


def _locative(art: _Art, start: int) -> bool:
    """Whether the word before ``start`` is a locative preposition ("en Ukraine", "in Kyiv")."""
    i = art.token_at(start)
    return bool(i) and art.tokens[i - 1].lower in art.lex.word_list("locatives")


def _referents(art: _Art, before: int) -> Iterable[Actor]:
    """Actors named before ``before``, last first: not media, not a country or capital named
    as a place ("ses troupes en Ukraine")."""
    for m in reversed(art.actor_mentions):
        if m[1] > before or m[2].kind == "media":
            continue
        if m[2].kind in ("state", "government") and _locative(art, m[0]):
            continue
        yield m[2]


def _previous_actor(art: _Art, before: int, kinds: frozenset[str] | None = None
                    ) -> Actor | None:
    """The last actor named before ``before``, of one of ``kinds`` if given."""
    return next((a for a in _referents(art, before) if kinds is None or a.kind in kinds), None)


def _previous_person(art: _Art, before: int) -> _Arg:
    """'il', 'she': the last person named before (an actor-file person or a PER entity)."""
    best: tuple[int, _Arg] | None = None
    for m in reversed(art.actor_mentions):
        if m[1] <= before and m[2].kind == "person":
            best = (m[0], _Arg(m[2], m[2].canonical, at=m[0]))
            break
    for ent in art.parsed.doc.ents:
        if ent.label_ in PERSON_LABELS and ent.end_char <= before and (
            best is None or ent.start_char > best[0]
        ) and not _place_in(art, ent.start_char, ent.end_char):
            actor = art.actors.resolve(ent.text, art.parsed.language)
            name = actor.canonical if actor is not None else _fullest(art, ent.text)
            best = (ent.start_char, _Arg(actor, name, at=ent.start_char))
    return best[1] if best else _Arg()


def _previous_sided(art: _Art, before: int) -> Actor | None:
    """The last actor with a side named before ``before``."""
    return next((a for a in _referents(art, before) if a.side), None)


def _forces_of(art: _Art, actor: Actor | None) -> _Arg | None:
    """The armed forces of an actor's side ("ses forces" after "la Russie")."""
    if actor is None or not actor.side:
        return None
    if actor.kind in ("armed_forces", "armed_group"):
        return _Arg(actor, actor.canonical)
    forces = art.side_forces.get(actor.side)
    return _Arg(art.actors.resolve(forces), forces) if forces else None


@cache
def _demonym_sides() -> dict[str, str]:
    """Folded demonym -> country code, from the places lexicon's demonyms file."""
    import json
    from importlib import resources

    from dateline.gazetteer.fold import fold

    path = resources.files("dateline.extract").joinpath("lexicons", "demonyms.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for code, by_language in data.get("countries", {}).items():
        for names in by_language.values():
            for name in names:
                out[fold(name)] = code
    return out


def _is_demonym(word: str) -> bool:
    """'Ukrainiens', 'Russian': a people named, which the places extractor maps to its country
    but which says nothing of where an event happened."""
    from dateline.gazetteer.fold import fold

    return fold(word) in _demonym_sides()


def side_of_phrase(text: str) -> str | None:
    """The one country a phrase's demonyms name ("le haut commandement ukrainien" -> UA)."""
    from dateline.gazetteer.fold import fold

    sides = {_demonym_sides().get(fold(w)) for w in re.findall(r"\w+", text)}
    sides.discard(None)
    return sides.pop() if len(sides) == 1 else None


def _quote_at(art: _Art, offset: int) -> Quote | None:
    for q in art.quotes:
        if q.provenance.start <= offset < q.provenance.end:
            return q
    return None


@dataclass
class _Arg:
    actor: Actor | None = None
    name: str | None = None  # canonical name, or a person's name not in the actors file
    span: tuple[int, int] | None = None
    phrase: str | None = None  # an unknown group as the text names it ("les manifestants")
    at: int | None = None  # where the referent was named, for a pronoun


def _resolve_arg(art: _Art, token: Token, quote: Quote | None) -> _Arg:
    lower = normalize_form(token.text)
    if token.pos_ == "PRON" or lower in THIRD_PERSON:
        if lower in art.lex.word_list("first_person") and quote is not None and quote.speaker:
            speaker = art.actors.resolve(quote.speaker, art.parsed.language)
            if speaker is not None and speaker.side in art.side_forces:
                forces = art.side_forces[speaker.side]
                return _Arg(art.actors.resolve(forces), forces)
            return _Arg(speaker, quote.speaker)
        if lower in RELATIVE_PRONOUNS and token.head.dep_ in ("acl", "acl:relcl", "relcl"):
            return _resolve_arg(art, token.head.head, quote)
        if lower in PERSON_PRONOUNS:
            person = _previous_person(art, token.idx)
            other = next(((m[0], m[2]) for m in reversed(art.actor_mentions)
                          if m[1] <= token.idx and m[2].kind in NON_PERSON_KINDS
                          and not _locative(art, m[0])), None)
            if other is not None and (person.at is None or other[0] > person.at):
                return _Arg(other[1], other[1].canonical)  # "Kyiv ... depuis qu'elle a repris"
            return person
        if lower in THIRD_PERSON:
            actor = _previous_actor(art, token.idx, NON_PERSON_KINDS)
            return _Arg(actor, actor.canonical if actor else None)
        return _Arg()
    for child in token.children:
        pronoun = child if child.pos_ == "PRON" else next(
            (g for g in child.children if g.pos_ == "PRON" and g.dep_ == "pobj"), None)
        if child.dep_ in ("nmod", "obl", "prep") and pronoun is not None and (
            normalize_form(pronoun.text) in art.lex.word_list("partitive_pronouns")
        ):
            return _resolve_arg(art, pronoun, quote)  # "la moitié d'entre eux", "two of them"
    start, end = _phrase_span(token)
    named = _appositive_person(art, start, end)
    if named is not None:
        # "the general responsible for the offensive in Ukraine, Sergei Surovikin": the name
        # set off by commas is who, not a place or an actor inside the description
        return _Arg(art.actors.resolve(named), named, (start, end))
    actor = _actor_in(art, start, end, token.idx)
    if actor is not None:
        return _Arg(actor, actor.canonical, (start, end))
    person = _person_in(art, start, end)
    if person is not None:
        return _Arg(art.actors.resolve(person), person, (start, end))
    if lower in art.lex.word_list("military_nouns") or normalize_form(token.lemma_) in (
        art.lex.word_list("military_nouns")
    ):
        owner = next((c for c in token.children if c.dep_ in ("det", "nmod:poss", "poss")
                      and "Yes" in c.morph.get("Poss")), None)
        if owner is not None and normalize_form(owner.text) in art.lex.word_list("first_person"):
            speaker = art.actors.resolve(quote.speaker) if quote and quote.speaker else None
            forces = _forces_of(art, speaker)
        elif owner is not None:
            forces = _forces_of(art, _previous_actor(art, token.idx))
        else:
            side = side_of_phrase(art.text[start:end])
            forces = _forces_of(art, _side_actor(art, side)) if side else _forces_of(
                art, _previous_sided(art, token.idx))
        if forces is not None:
            return _Arg(forces.actor, forces.name, (start, end))
    return _Arg(None, None, (start, end), _phrase_name(art, token, start, end))


def _phrase_name(art: _Art, token: Token, start: int, end: int) -> str | None:
    """A group or person the actors file does not know, named as the text names it
    ("protesters", "les habitants de Goma"): the noun with its adjectives, compounds and one
    "of"-complement, without determiners; None for a place, a number or a pronoun."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    if token.pos_ == "PROPN" and _place_in(art, start, end):
        return None
    keep = {token.i}
    for child in token.children:
        if child.dep_ in ("amod", "compound", "flat", "flat:name", "nummod", "nmod", "prep"):
            keep.update(t.i for t in child.subtree if t.i - token.i < 6)
    words = [t for t in token.doc[min(keep):max(keep) + 1]]
    determiners = art.lex.word_list("phrase_determiners")
    while words and (words[0].pos_ in ("DET", "ADP", "PUNCT")
                     or normalize_form(words[0].text).rstrip("'") in determiners):
        words = words[1:]
    while words and words[-1].pos_ in ("DET", "ADP", "PUNCT", "CCONJ"):
        words = words[:-1]
    name = "".join(t.text_with_ws for t in words).strip(" ,;:")
    return name or None

def _side_actor(art: _Art, side: str) -> Actor | None:
    forces = art.side_forces.get(side)
    return art.actors.resolve(forces) if forces else None


def _subject(token: Token) -> Token | None:
    current = token
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            before = [c for c in subjects if c.i < current.i]
            return before[-1] if before else subjects[0]  # the nearest one before the verb
        if current.dep_ in ("xcomp", "conj", "advcl") and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ == "pcomp" and current.head.head.i != current.head.i:
            current = current.head.head  # "worn them down by pounding the bridges"
            continue
        if current.dep_ in ("acl", "acl:relcl", "relcl") and current.pos_ in ("VERB",):
            return current.head  # "les troupes, qui ont reculé", "forces retreating from"
        return None
    return None


def _agent(art: _Art, token: Token) -> Token | None:
    """The agent of a passive: 'obl:agent'/'agent', or an oblique introduced by 'par'/'by'
    (the parser does not always label it)."""
    prepositions = art.lex.word_list("agent_prepositions")
    for child in token.children:
        if child.dep_ in AGENT_DEPS:
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            return pobj[0] if pobj else child
    for child in token.children:
        if child.dep_.startswith("obl") and any(
            g.dep_ == "case" and normalize_form(g.text) in prepositions for g in child.children
        ):
            return child
    return None


def _passive(token: Token) -> bool:
    return "Pass" in token.morph.get("Voice") or any(
        c.dep_ in PASSIVE_SUBJECT_DEPS | AGENT_DEPS or c.dep_ in ("aux:pass", "auxpass")
        for c in token.children
    )


def _object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in OBJECT_DEPS:
            return child
    if token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            if child.dep_ in ("nmod", "nmod:poss", "poss"):
                return child
            if child.dep_ == "prep" and normalize_form(child.text) in ("of",):
                pobj = [g for g in child.children if g.dep_ == "pobj"]
                if pobj:
                    return pobj[0]
    return None


def _noun_actor(token: Token) -> Token | None:
    """'le retrait des troupes russes', 'Russia's withdrawal', 'the Russian withdrawal'."""
    for child in token.children:
        if child.dep_ in ("nmod:poss", "poss") or (
            child.dep_ == "amod" and child.pos_ == "ADJ" and child.text[:1].isupper()
        ):
            return child
    for child in token.children:
        if child.dep_ == "nmod" and any(
            normalize_form(g.text) in ("de", "des", "du", "d'") for g in child.children
        ):
            return child
        if child.dep_ == "prep" and normalize_form(child.text) == "by":
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    return None


@dataclass
class _Args:
    actor: _Arg
    target: _Arg
    clause: tuple[int, int]  # character span of the trigger's clause
    anchor: Token | None


def _passive_roles(art: _Art, m: Match, anchor: Token, theme_token: Token | None,
                   quote: Quote | None) -> tuple[_Arg, _Arg]:
    """(actor, target) of a passive use: the theme is the actor for triggers whose theme is
    the mover ("les soldats sont retirés"), else the target, and then the agent acts."""
    theme = _resolve_arg(art, theme_token, quote) if theme_token is not None else _Arg()
    if m.trigger.passive_subject == "actor":
        return theme, _Arg()
    agent = _agent(art, anchor)
    return (_resolve_arg(art, agent, quote) if agent is not None else _Arg()), theme


def _parsed_args(art: _Art, m: Match, quote: Quote | None) -> _Args:
    anchor = _anchor(art, m)
    clause = _argument_span(anchor)
    actor, target = _Arg(), _Arg()
    if anchor.pos_ in ("NOUN", "PROPN"):
        who = _noun_actor(anchor)
        what = _object(anchor)
        if who is not None:
            actor = _resolve_arg(art, who, quote)
            if actor.actor is None and who is what:
                target, actor = actor, _Arg()
        if what is not None and what is not who:
            target = _resolve_arg(art, what, quote)
        if actor.actor is None and actor.name is None:
            # "Putin announced the annexation": the direct object's verb, even a reporting
            # one; else the verb the noun hangs from through prepositions
            verb = anchor.head if anchor.dep_ in OBJECT_DEPS else _governing_verb(art, anchor)
            subject = _subject(verb) if verb is not None else None
            if subject is not None:
                actor = _resolve_arg(art, subject, quote)
    else:
        subject = _subject(anchor)
        if anchor.dep_ in ("acl", "amod") and (
            "Past" in anchor.morph.get("Tense") or "Perf" in anchor.morph.get("Aspect")
        ) and anchor.head.pos_ in ("NOUN", "PROPN"):
            # "100,000 soldiers killed", "la ville, occupée par ...": the noun is the theme
            actor, target = _passive_roles(art, m, anchor, anchor.head, quote)
            return _Args(actor, target, clause, anchor)
        if _passive(anchor):
            actor, target = _passive_roles(art, m, anchor, subject, quote)
        else:
            if subject is not None and m.trigger.subject_role == "target":
                target = _resolve_arg(art, subject, quote)  # "X a subi de lourdes pertes"
            elif subject is not None:
                actor = _resolve_arg(art, subject, quote)
            obj = _object(anchor)
            if obj is not None and m.trigger.subject_role == "actor":
                target = _resolve_arg(art, obj, quote)
            if m.trigger.passive_subject == "actor" and target.actor is not None and (
                target.actor.kind in ("armed_forces", "armed_group")
            ):
                # "Moscow withdrew its forces": the forces are who withdrew
                actor, target = target, _Arg()
    return _Args(actor, target, clause, anchor)


def _argument_span(anchor: Token) -> tuple[int, int]:
    """Characters of the trigger and its arguments, without the clauses hanging from it
    (a relative clause, a coordinated or subordinate clause). For a noun that is its
    clause's subject or object, the clause verb's arguments; for a participle describing
    a noun ("la ville de Kreminna, occupée par ..."), that noun phrase too."""
    doc = anchor.doc
    heads = [anchor]
    if anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ in SUBJECT_DEPS | OBJECT_DEPS:
        heads.append(anchor.head)
    if anchor.dep_ in ("acl", "amod", "acl:relcl", "relcl") and anchor.head.i != anchor.i:
        heads.append(anchor.head)
    lo, hi = anchor.i, anchor.i
    for head in heads:
        lo, hi = min(lo, head.i), max(hi, head.i)
        for child in head.children:
            if child.dep_ in CLAUSE_DEPS or (child.i == anchor.i and head is not anchor):
                continue
            lo, hi = min(lo, child.left_edge.i), max(hi, child.right_edge.i)
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _governing_verb(art: _Art, noun: Token) -> Token | None:
    """The verb whose argument a noun trigger is, through prepositional and nominal links
    ("ont remporté des victoires depuis le lancement d'une contre-offensive" -> remporté),
    unless it is a reporting verb (the noun is then what is reported)."""
    current = noun
    for _ in range(4):
        if current.dep_ not in OBJECT_DEPS | {"obl", "obl:mod", "obl:arg", "nmod", "pobj",
                                             "prep"}:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            lemma = normalize_form(current.lemma_)
            return None if lemma in art.reporting else current
    return None


def _surface_args(art: _Art, m: Match, sentence: tuple[int, int]) -> _Args:
    """Without a parse: the actor named last before the trigger, the one first after it."""
    at = art.tokens[m.tokens[0]].start
    end_at = art.tokens[m.tokens[-1]].end
    sources = _source_spans(art, sentence)
    mentions = [a for a in art.actor_mentions if sentence[0] <= a[0] and a[1] <= sentence[1]
                and not any(s0 <= a[0] < s1 for s0, s1 in sources)]
    before = [a for a in mentions if a[1] <= at]
    after = [a for a in mentions if end_at <= a[0]]
    actor = _Arg(before[-1][2], before[-1][2].canonical, before[-1][:2]) if before else _Arg()
    target = _Arg(after[0][2], after[0][2].canonical, after[0][:2]) if after else _Arg()
    return _Args(actor, target, sentence, None)


def _source_spans(art: _Art, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Where the sentence names its sources, without a parse: after "according to" up to
    the next punctuation, and after a reporting verb that follows a comma or a closing
    quote ("..., informou o Ministério da Defesa") to the sentence end. Actors named there
    say who claims the event, not who did it."""
    first = art.token_at(sentence[0]) or 0
    end = bisect_right(art.starts, sentence[1] - 1)
    spans: list[tuple[int, int]] = []
    for i in range(first, end):
        hit = art.lex.phrase_at("source_phrases", art.forms, i, end)
        if hit is not None:
            after = art.tokens[hit[-1]].end
            cut = re.search(r"[,;:.()]", art.text[after:sentence[1]])
            spans.append((art.tokens[i].start, after + cut.start() if cut else sentence[1]))
            continue
        if i > first and art.tokens[i - 1].lower in {",", "”", "»", '"', "—", "–"} and (
            art.lex.phrase_at("reporting_verbs", art.forms, i, end) is not None
        ):
            spans.append((art.tokens[i].start, sentence[1]))
    return spans


def _anchor(art: _Art, m: Match) -> Token:
    doc = art.parsed.doc
    tokens = [doc[i] for i in m.tokens]
    for t in tokens:
        if t.pos_ in ("VERB", "NOUN", "PROPN") and normalize_form(t.text) not in ("se", "s'"):
            return t
    return tokens[0]


# --- place, date, claim -------------------------------------------------------------------------
def _locations(art: _Art, args: _Args, sentence: tuple[int, int], m: Match,
               exclude: Iterable[tuple[int, int]], actor_country: Place | None = None
               ) -> list[tuple[Place, int]]:
    """The event's places with a geo precision: the clause's (several coordinated towns give
    several), else one named just before in the paragraph, else the article's main place."""
    excluded = [s for s in exclude if s is not None]
    locatives = art.lex.word_list("locatives")

    def metonymy(mention: tuple[int, int, Place]) -> bool:
        """'un revers pour Moscou', "Kyiv's successes": a capital standing for its state."""
        if not any(a <= mention[0] < b and actor.kind in ("state", "government")
                   for a, b, actor in art.actor_mentions):
            return False
        i = art.token_at(mention[0])
        before = art.tokens[i - 1].lower if i else ""
        return before not in locatives

    def free(mention: tuple[int, int, Place]) -> bool:
        return (not any(a <= mention[0] < b for a, b in excluded)
                and not _names_an_office(art, mention[0])
                and mention[2].lat is not None and not metonymy(mention)
                and not _is_demonym(art.text[mention[0]:mention[1]]))

    at = art.tokens[m.tokens[0]].start
    inside = [p for p in _place_in(art, *args.clause) if free(p)]
    if not inside and actor_country is not None:
        return [(actor_country, 3)]  # a state's own act (mobilization, sanctions ...)
    if not inside:
        inside = [p for p in _place_in(art, *sentence) if free(p)]
    if inside:
        best_rank = min(SPECIFICITY.get(p[2].kind, 2) for p in inside)
        best = [p for p in inside if SPECIFICITY.get(p[2].kind, 2) == best_rank]
        seen: dict[str, tuple[Place, int]] = {}
        for p in sorted(best, key=lambda p: (p[0] < at, abs(p[0] - at))):
            in_clause = args.clause[0] <= p[0] < args.clause[1]
            seen.setdefault(p[2].name, (p[2], 1 if best_rank == 0 and in_clause else 2))
        chosen = list(seen.values())
        if len(chosen) > 1 and not _coordinated(art, [p for p in best]):
            chosen = chosen[:1]
        return chosen[:MAX_FANOUT]
    paragraph_start = art.text.rfind("\n\n", 0, sentence[0]) + 1
    earlier = [p for p in art.place_mentions
               if max(paragraph_start, sentence[0] - 600) <= p[0] < sentence[0]
               and p[2].lat is not None and p[2].kind != "country"
               and not _is_demonym(art.text[p[0]:p[1]])]
    if earlier:
        return [(earlier[-1][2], 2)]
    if art.main_place is not None:
        return [(art.main_place, 3)]
    return []


def _names_an_office(art: _Art, start: int) -> bool:
    """'the top US military official', 'le gouverneur de Louhansk': a place qualifying a role
    says whose office it is, not where the event happened."""
    if not art.parsed_deps:
        return False
    i = art.token_at(start)
    if i is None:
        return False
    token = art.parsed.doc[i]
    for _ in range(3):
        if token.dep_ not in ("compound", "amod", "nmod", "nmod:poss", "poss", "pobj", "prep",
                              "flat", "flat:name"):
            return False
        token = token.head
        lemma = normalize_form(token.lemma_)
        if lemma in art.lex.role_kinds or lemma in art.lex.word_list("office_nouns"):
            return True
    return False


def _coordinated(art: _Art, mentions: list[tuple[int, int, Place]]) -> bool:
    """Whether the place mentions are a list ("Izioum et Balakliïa", "A, B and C")."""
    ordered = sorted(mentions, key=lambda p: p[0])
    for a, b in pairwise(ordered):
        between = art.text[a[1]:b[0]]
        if len(between) > 12 or not re.fullmatch(r"[\s,]*(?:\w{1,4}\s+)?(?:\w{1,3}['’]?\s*)?",
                                                   between):
            return False
    return True


_EVENT_GRANULARITIES = frozenset({"day", "week", "month", "year"})
_UPPER_BOUNDS = frozenset({"LESS_THAN", "EQUAL_OR_LESS"})


def _date_of(time: Time, published: str | None = None) -> tuple[str | None, int | None]:
    """An event date from a time expression: its range, "actuellement" as the publication
    date, a day (precision 1), or a week, month or year as a range (precision 2); clock
    times give their day. Other periods (seasons, decades ...) date no event."""
    if time.range:
        return time.range, 2
    value = time.value
    if value == "PRESENT_REF" and published:
        return published, 1  # "actuellement", "now"
    parsed = parse_value(value.split("T", 1)[0]) if value else None
    if parsed is None or parsed[0] not in _EVENT_GRANULARITIES:
        return None, None
    extent = value_range(value)
    if extent is None:
        return None, None
    first, last = extent
    return (first.isoformat(), 1) if first == last else (f"{first}/{last}", 2)


def _when(art: _Art, args: _Args, sentence: tuple[int, int], at: int, trigger: Sequence[int],
          reporting: Token | None = None) -> tuple[str | None, str | None, int | None]:
    candidates = []
    for t in art.times:
        start = t.provenance.start
        if not sentence[0] <= start < sentence[1]:
            continue
        value, precision = _date_of(t, art.parsed.article.published)
        if value is None:
            value, precision = _span_before(t, art.parsed.article.published)
        if value is None:
            continue
        in_clause = args.clause[0] <= start < args.clause[1]
        tier = _time_tier(art, args.anchor, trigger, start) if args.anchor is not None else 0
        if tier is None:
            continue
        candidates.append((tier, not in_clause, abs(start - at), value, t.text, precision))
    if candidates:
        best = min(candidates)
        return best[3], best[4], best[5]
    relative = _relative_time(art, args.clause)
    if relative is not None:
        return None, relative, None  # "au début de la guerre": dated by a story not told here
    anchor = args.anchor
    published = art.parsed.article.published
    if anchor is not None and published and (
        _present(anchor) or (anchor.pos_ in ("NOUN", "PROPN") and _present(anchor.head))
        or (reporting is not None and _recent(reporting))
    ):
        # "il y a des combats", "X a déclaré que ...": as of publication
        return published, None, 3
    return _narrative_time(art, sentence)


def _span_before(time: Time, published: str | None) -> tuple[str | None, int | None]:
    """"en moins d'une semaine", "in under a week": the days before publication that a
    duration with an upper bound covers (precision 2)."""
    if time.type != "DURATION" or time.precision not in _UPPER_BOUNDS or not time.value:
        return None, None
    end = publication_date(published)
    span = span_back(time.value, end) if end is not None else None
    if span is None:
        return None, None
    return f"{span[0].isoformat()}/{span[1].isoformat()}", 2


def _relative_time(art: _Art, clause: tuple[int, int]) -> str | None:
    """A phrase of the clause that dates it by another happening the text leaves undated
    ("au début de la guerre", "in the first hours of the offensive"), if any."""
    first = art.token_at(clause[0])
    if first is None:
        return None
    end = bisect_right(art.starts, clause[1] - 1)
    for i in range(first, end):
        hit = art.lex.phrase_at("relative_times", art.forms, i, end)
        if hit is not None:
            return art.text[art.tokens[hit[0]].start:art.tokens[hit[-1]].end]
    return None


def _reporting_token(art: _Art, verb: int | None, quote: Quote | None,
                     sentence: tuple[int, int]) -> Token | None:
    """The verb that reports the event: the governing reporting verb, or for an event inside
    a quotation the reporting verb of the quotation's sentence ("…”, a déclaré Haidai")."""
    if not art.parsed_deps:
        return None
    if verb is not None:
        return art.parsed.doc[verb]
    if quote is None:
        return None
    q0, q1 = quote.provenance.start, quote.provenance.end
    for token in art.parsed.doc.char_span(sentence[0], sentence[1], alignment_mode="expand") or []:
        if not q0 <= token.idx < q1 and normalize_form(token.lemma_) in art.reporting and (
            token.pos_ in ("VERB", "AUX")
        ):
            return token
    return None


def _recent(verb: Token) -> bool:
    """A present or present-perfect reporting verb ("affirme", "a déclaré", "says", "has
    said"): the report is from publication time, and so is what it reports as current.
    An infinitive ("s'est adressé à Telegram pour dire que") takes its governing verb's."""
    if "Inf" in verb.morph.get("VerbForm") and verb.head.i != verb.i:
        verb = verb.head
    if _present(verb):
        return True
    return any(c.dep_.startswith("aux") and "Pres" in c.morph.get("Tense")
               and normalize_form(c.lemma_) in ("avoir", "être", "have")
               for c in verb.children)


def _narrative_time(art: _Art, sentence: tuple[int, int]
                    ) -> tuple[str | None, str | None, int | None]:
    """The date the paragraph's story is at: the last time expression resolved before the
    sentence in its paragraph ("Mardi, X a annoncé ... . Les troupes ont quitté ...")."""
    paragraph_start = art.text.rfind("\n", 0, sentence[0]) + 1
    for t in reversed([t for t in art.times
                       if paragraph_start <= t.provenance.start < sentence[0]]):
        value, _ = _date_of(t)
        if value is not None:
            return value, t.text, 2
    return None, None, None


def _time_tier(art: _Art, anchor: Token, trigger: Sequence[int], start: int) -> int | None:
    """How well the time expression at ``start`` dates the trigger: 0 it hangs from the
    trigger, or the first verb above it is one the trigger depends on (a reporting verb's
    time dates what it reports); 1 it dates another clause of the sentence ("ordered on
    Wednesday to withdraw as Ukrainian forces kept advancing"); None it sits inside a
    subject ("la ville, occupée en avril, a hissé ...") and dates that noun's own story."""
    i = art.token_at(start)
    if i is None:
        return 0
    token = art.parsed.doc[i]
    own = set(trigger) | ({anchor.head.i} if anchor.pos_ in ("NOUN", "PROPN") else set())
    ancestors = {t.i for t in anchor.ancestors}
    first_verb: int | None = None
    for _ in range(15):
        if token.i in own:
            return 0
        if token.dep_ in SUBJECT_DEPS:
            return None
        if first_verb is None and token.pos_ in ("VERB", "AUX") and token.i != i:
            first_verb = token.i
        if token.head.i == token.i:
            break
        token = token.head
    return 0 if first_verb is None or first_verb in ancestors else 1


def _present(token: Token) -> bool:
    if any(c.dep_.startswith("aux") and "Past" not in c.morph.get("Tense")
           and normalize_form(c.lemma_) in ("avoir", "être", "have", "be") for c in token.children):
        return False
    return "Pres" in token.morph.get("Tense") and "Fin" in token.morph.get("VerbForm")


def _source_phrase(art: _Art, sentence: tuple[int, int]) -> str | None:
    first = art.token_at(sentence[0]) or 0
    end = bisect_right(art.starts, sentence[1] - 1)
    for i in range(first, end):
        hit = art.lex.phrase_at("source_phrases", art.forms, i, end)
        if hit is None:
            continue
        after = art.tokens[hit[-1]].end
        stop = sentence[1]
        cut = re.search(r"[,;:.()]|\s[-–—]\s", art.text[after:stop])
        window_end = after + cut.start() if cut else stop
        actor = _actor_in(art, after, window_end)
        if actor is not None:
            return actor.canonical
        person = _person_in(art, after, window_end)
        if person is not None:
            return person
        words = art.text[after:window_end].strip().split()
        if words:
            return " ".join(words[:6])
    return None


def _reporting_head(art: _Art, token: Token) -> Token | None:
    """The reporting verb governing the trigger ('X a déclaré que ...', '..., said X')."""
    current = token
    for _ in range(5):
        head = current.head
        reports = normalize_form(head.lemma_) in art.reporting
        if head.i == current.i or (current.dep_ == "conj" and reports):
            break  # a verb coordinated with "a confirmé" is the subject's own act
        if current.dep_ in ("acl", "acl:relcl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            return None  # "la ville, occupée en avril, ...": background, not the claim
        if reports and head.pos_ in ("VERB", "NOUN", "AUX"):
            return head
        current = head
    for child in token.sent.root.children if token.sent.root is not token else ():
        if child.dep_ == "parataxis" and normalize_form(child.lemma_) in art.reporting:
            return child
    root = token.sent.root
    if root is not token and normalize_form(root.lemma_) in art.reporting and token in set(
        root.subtree
    ) and root.i > token.i:
        return root
    return None


def _speaker_of(art: _Art, verb: Token, quote: Quote | None) -> str | None:
    subject = _subject(verb)
    if subject is None:
        for t in verb.doc[verb.i + 1: min(verb.i + 4, verb.sent.end)]:
            if t.pos_ in ("PROPN", "NOUN") or t.ent_type_:
                subject = t
                break
    if subject is None:
        return None
    arg = _resolve_arg(art, subject, quote)
    if arg.name:
        return arg.name
    kind = art.lex.role_kinds.get(normalize_form(subject.lemma_)) or art.lex.role_kinds.get(
        normalize_form(subject.text))
    if kind is not None and not any(c.dep_ in ("amod", "nmod") for c in subject.children):
        earlier = _previous_actor(art, subject.idx, frozenset({kind}))
        if earlier is not None:
            return earlier.canonical  # "le ministère a déclaré": the ministry named before
    if arg.span is not None and subject.pos_ in ("NOUN", "PROPN"):
        text = art.text[arg.span[0]:arg.span[1]]
        return re.sub(r"^(?:the|le|la|les|l['’]|un|une|des)\s*", "", text, flags=re.I)
    return None


def _claim(art: _Art, anchor: Token | None, at: int, sentence: tuple[int, int],
           quote: Quote | None) -> tuple[str | None, int | None]:
    """(claimed_by, the token index of the verb that reports it) for a trigger at ``at``."""
    if quote is not None and quote.speaker:
        return quote.speaker, None
    source = _source_phrase(art, sentence)
    if source:
        return source, None
    if anchor is not None:
        verb = _reporting_head(art, anchor)
        if verb is not None and not _negated(art, verb):
            return _speaker_of(art, verb, quote), verb.i
        return None, None
    return _surface_claim(art, at, sentence)


def _surface_claim(art: _Art, at: int, sentence: tuple[int, int]
                   ) -> tuple[str | None, int | None]:
    """Without a parse: a reporting word in the sentence and the actor named nearest to it."""
    first = art.token_at(sentence[0]) or 0
    end = bisect_right(art.starts, sentence[1] - 1)
    for i in range(first, end):
        if art.lex.phrase_at("reporting_verbs", art.forms, i, end) is None:
            continue
        pos = art.tokens[i].start
        near = sorted(
            (m for m in art.actor_mentions if sentence[0] <= m[0] < sentence[1]
             and not m[0] <= at < m[1]),
            key=lambda m: abs(m[0] - pos),
        )
        if near:
            return near[0][2].canonical, i
    return None, None


def _unverified(art: _Art, sentence_index: int) -> bool:
    for k in (sentence_index, sentence_index + 1):
        if k >= len(art.parsed.sentences):
            continue
        s = art.parsed.sentences[k]
        gap = art.text[art.parsed.sentences[sentence_index].end:s.start]
        if k > sentence_index and "\n" in gap:
            continue  # the next paragraph speaks of something else
        first = art.token_at(s.start) or 0
        end = bisect_right(art.starts, s.end - 1)
        for i in range(first, end):
            if art.lex.phrase_at("unverified", art.forms, i, end) is not None:
                return True
    return False


def _status(art: _Art, claimed_by: str | None, verb: int | None, unverified: bool) -> str:
    if unverified:
        return "unverified"
    if verb is not None and art.lex.phrase_at("denial", art.forms, verb, len(art.forms)):
        return "denied"
    if verb is not None and art.lex.phrase_at("confirmation", art.forms, verb, len(art.forms)):
        return "confirmed"
    return "claimed" if claimed_by else "reported"


# --- assembly -------------------------------------------------------------------------------------
def _drafts(art: _Art, index: int) -> list[_Draft]:
    s = art.parsed.sentences[index]
    first = art.token_at(s.start) or 0
    while first < len(art.tokens) and art.tokens[first].start < s.start:
        first += 1
    end = bisect_right(art.starts, s.end - 1)
    line = art.token_at(art.text.rfind("\n", 0, s.start) + 1) or 0
    while line < end and not any(c.isalnum() for c in art.tokens[line].lower):
        line += 1  # "• Read also:", "– Lire aussi"
    if first >= end or _read_also(art, line, end) or _is_question(art, index):
        return []
    out: list[_Draft] = []
    for m in art.lex.find(art.forms, first, end):
        if _blocked_sense(art, m, end):
            continue
        out.extend(_events_of(art, m, index, (s.start, s.end)))
    return out


def _apply_denials(drafts: list[_Draft]) -> list[_Draft]:
    """A denial is the status of what it denies, not an event of its own (GOLD.md): "Moscow
    denied that its forces shelled X" and "... , the army said. The RSF denied it." mark the
    denied happening (the latest one in the denial's sentence or the two before it that is
    an act, not a statement) ``denied``; the denial itself is dropped."""
    out = [d for d in drafts if d.subtype != "denial"]
    for denial in (d for d in drafts if d.subtype == "denial"):
        acts = [d for d in out if denial.sentence - 2 <= d.sentence <= denial.sentence
                and d.type not in DECLARATIVE_TYPES | {"ACCUSE"}
                and d.status in ("reported", "claimed")]
        same = [d for d in acts if d.sentence == denial.sentence]
        for d in same or acts[-1:]:
            d.status = "denied"
    return out


def _blocked_sense(art: _Art, m: Match, end: int) -> bool:
    nxt = m.tokens[-1] + 1
    blockers = m.trigger.not_followed_by
    return bool(blockers) and nxt < end and art.tokens[nxt].lower in blockers


def _events_of(art: _Art, m: Match, index: int, sentence: tuple[int, int]) -> list[_Draft]:
    at = art.tokens[m.tokens[0]].start
    quote = _quote_at(art, at)
    announcement = False
    if art.parsed_deps:
        anchor = _anchor(art, m)
        if m.trigger.verb_only and anchor.pos_ not in ("VERB", "AUX"):
            return []  # "artillery shells" are not shelling
        if (_adjectival(anchor) or _negated(art, anchor) or _appraised(anchor)
                or _governed_by_intention(art, anchor) or _generic_noun(art, anchor)
                or _quote_cue(art, anchor, sentence)):
            return []
        if _modal(art, anchor):
            announced = announced_subtype(m.trigger.subtype)
            if announced is None or not _announced(art, anchor):
                return []
            # "the general announced that the withdrawal would be done": the announcement
            m = replace(m, trigger=replace(m.trigger, subtype=announced))
            announcement = True
        args = _parsed_args(art, m, quote)
    else:
        last = bisect_right(art.starts, sentence[1] - 1)
        if _surface_negated(art, m.tokens[0], art.token_at(sentence[0]) or 0, last):
            return []
        args = _surface_args(art, m, sentence)
    claimed_by, verb = _claim(art, args.anchor, at, sentence, quote)
    claimant = art.actors.resolve(claimed_by, art.parsed.language) if claimed_by else None
    if claimant is not None:
        claimed_by = claimant.canonical
    claimant_side = claimant.side if claimant else (
        side_of_phrase(claimed_by) if claimed_by else None)
    actor, actor_name = args.actor.actor, args.actor.name
    if announcement and claimed_by:
        # the announcer did it, and the outlet reports the announcement as a fact
        actor, actor_name, claimed_by, claimant_side = claimant, claimed_by, None, None
    if actor_name is None and m.trigger.actor_from_claimant and claimant_side:
        forces = art.side_forces.get(claimant_side)
        if forces:
            actor, actor_name = art.actors.resolve(forces), forces
    country = None
    if m.trigger.type in DECLARATIVE_TYPES and actor is not None and actor.side:
        country = next((p for p in art.places if p.kind == "country"
                        and p.country == actor.side and p.lat is not None), None)
    exclude = [args.actor.span or (0, 0)] if args.actor.name else []
    if announcement and verb is not None and (speaker := _subject(art.parsed.doc[verb])):
        exclude.append(_phrase_span(speaker))  # "the general ... in Ukraine" says who, not where
    places = _locations(art, args, sentence, m, exclude, country)
    target = args.target.name
    if target is None and args.target.span is not None:
        inside = _place_in(art, *args.target.span)
        target = inside[0][2].name if inside else None
    if m.trigger.needs_argument and not _has_argument(art, args, actor_name, target):
        return []
    if m.trigger.needs_place and not _place_in(art, *args.clause):
        return []  # "ils sont entrés dans nos maisons": no town entered
    if m.trigger.actor_kinds and actor is not None and actor.kind not in m.trigger.actor_kinds:
        return []  # "ils se rendent dans la région" said of troops is no diplomatic visit
    reporting = _reporting_token(art, verb, quote, sentence)
    date_value, date_text, time_precision = _when(art, args, sentence, at, m.tokens, reporting)
    status = _status(art, claimed_by, verb, _unverified(art, index))
    if claimed_by and _own_declaration(m.trigger.type, m.trigger.subtype, actor, claimant):
        claimed_by, status = None, "reported" if status == "claimed" else status
    elif status == "claimed" and m.trigger.type in ADMISSION_TYPES and actor is not None and (
        claimant_side is not None and actor.side == claimant_side
        and (claimant is None or claimant.kind != "media")
    ):
        status = "confirmed"  # a party acknowledging its own retreat
    rule = f"lexicon:{art.parsed.language}:{m.trigger.type}/{m.trigger.subtype}:{m.pattern.text}"
    trigger = art.text[at:art.tokens[m.tokens[-1]].end]
    base = _Draft(
        type=m.trigger.type, subtype=m.trigger.subtype, mode=m.trigger.mode, actor=actor,
        actor_name=actor_name, actor_phrase=args.actor.phrase, target=target, place=None,
        geo_precision=None, date=date_value,
        date_text=date_text, time_precision=time_precision, claimed_by=claimed_by,
        claimant_side=claimant_side, status=status, sentence=index,
        trigger=trigger, rule=rule, claimants={claimed_by} if claimed_by else set(),
        verbal=args.anchor is not None and args.anchor.pos_ in ("VERB", "AUX"),
        anaphoric=args.anchor is not None and _anaphoric(art, args.anchor),
        in_title=_in_title(art, index), at=at,
    )
    if not places:
        return [base]
    out = []
    for place, precision in places:
        target_here = place.name if len(places) > 1 and target in {p.name for p, _ in places} \
            else target
        named_here = any(p[2] is place for p in _place_in(art, *sentence))
        out.append(replace(base, place=place, geo_precision=precision, target=target_here,
                           claimants=set(base.claimants), place_in_sentence=named_here))
    return out


def _in_title(art: _Art, index: int) -> bool:
    title = art.parsed.article.title
    if not title or index > 1:
        return False
    first_line = art.text.find("\n")
    return first_line > 0 and art.parsed.sentences[index].end <= first_line


def _has_argument(art: _Art, args: _Args, actor: str | None, target: str | None) -> bool:
    """An actor, a target, or a place in the trigger's own argument span; for a verb, any
    subject or object it has."""
    if actor is not None or target is not None:
        return True
    if _place_in(art, *args.clause):
        return True
    anchor = args.anchor
    if anchor is None or anchor.pos_ not in ("VERB", "AUX"):
        return False
    return args.target.span is not None or args.actor.span is not None


def _own_declaration(type_: str, subtype: str, actor: Actor | None, claimant: Actor | None
                     ) -> bool:
    """'Putin claimed the annexation', 'X ordered the mobilization': a party's declaration
    that is itself the act, stated by the outlet; not a claim about something else."""
    if actor is None or claimant is None or actor.canonical != claimant.canonical:
        return False
    return type_ in DECLARATIVE_TYPES or subtype in DECLARATIVE_SUBTYPES


def _anaphoric(art: _Art, anchor: Token) -> bool:
    """'le retrait', 'this withdrawal': a noun trigger with a definite or demonstrative
    determiner, which may refer back to a happening already reported."""
    if anchor.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.dep_ in ("det", "poss", "nmod:poss") and (
        "Def" in c.morph.get("Definite") or "Dem" in c.morph.get("PronType")
        or "Yes" in c.morph.get("Poss")) for c in anchor.children)


def _key(d: _Draft) -> tuple[str, str, str | None, str | None]:
    """A happening: type, subtype, place, and the actor's side (or name, without one). A
    place the sentence does not name itself (taken from the paragraph or the article) says
    nothing about sameness: such an event keys on its sentence too (unless it refers back,
    "the withdrawal", which the anaphora rule joins)."""
    who = d.actor.side if d.actor is not None and d.actor.side else d.actor_name
    where = d.place.name if d.place else None
    if d.geo_precision is None or d.geo_precision >= 3 or (
        d.geo_precision == 2 and not d.place_in_sentence
    ):
        where = f"{where}#{d.sentence}"
    return d.type, d.subtype, where, who


def _collapse(drafts: list[_Draft]) -> list[_Draft]:
    """One event per type, sentence and place: 'shelled the market, killing 12' is one
    ASSAULT, 'advanced ..., taking control of six localities' too. The verb's reading beats
    a noun's, then the fuller one, then the first; the towns one trigger lists stay one each."""
    best: dict[tuple[int, str, str | None], list[_Draft]] = {}
    for d in drafts:
        key = (d.sentence, d.type, d.place.name if d.place else None)
        kept = best.get(key)
        if kept is None:
            best[key] = [d]
        elif d.at == kept[0].at:
            kept.append(d)  # the same trigger, another town
        elif (d.verbal, d.filled) > (kept[0].verbal, kept[0].filled):
            best[key] = [d]
    return [d for group in best.values() for d in group]


def _merge(drafts: list[_Draft], actors: ActorIndex) -> list[_Draft]:
    merged: dict[tuple[str, str, str | None, str | None], _Draft] = {}
    kinds: dict[tuple[str, str], _Draft] = {}
    collapsed = _collapse(_apply_denials(drafts))
    body_types = {d.type for d in collapsed if not d.in_title}
    by_type: dict[str, _Draft] = {}
    for d in collapsed:
        key = _key(d)
        first = merged.get(key)
        if first is None and d.anaphoric and (d.actor_name is None or d.geo_precision != 1):
            first = kinds.get((d.type, d.subtype))  # "the withdrawal": the one reported before
        if first is None and d.status == "denied":
            first = by_type.get(d.type)  # "Moscow denied the attack": the claim it denies
        if first is None and d.in_title and d.type in body_types:
            continue  # the headline sums up what the body reports
        if first is None:
            merged[key] = d
            kinds.setdefault((d.type, d.subtype), d)
            by_type.setdefault(d.type, d)
            continue
        if first is None:
            merged[key] = d
            continue
        for name in ("target", "date", "date_text", "time_precision", "claimed_by",
                     "claimant_side"):
            if getattr(first, name) is None and getattr(d, name) is not None:
                setattr(first, name, getattr(d, name))
        first.claimants |= d.claimants
        if not d.in_title:
            first.others.setdefault(d.sentence, (d.trigger, d.rule))
            first.others.update(d.others)
        if first.status in ("reported", "claimed") and d.status in ("confirmed", "denied",
                                                                      "unverified"):
            first.status = d.status
        if (not d.in_title, d.filled) > (not first.in_title, first.filled):
            # a headline sums up, a fuller report says more: that sentence is the evidence
            if not first.in_title:
                first.others.setdefault(first.sentence, (first.trigger, first.rule))
            first.sentence, first.trigger, first.rule = d.sentence, d.trigger, d.rule
            first.at = d.at
            first.in_title = d.in_title
            for name in ("actor", "actor_name", "target", "date", "date_text", "time_precision"):
                if getattr(d, name) is not None:
                    setattr(first, name, getattr(d, name))
    out = list(merged.values())
    for d in out:
        sides = {a.side for c in d.claimants if (a := actors.resolve(c)) and a.side}
        if len(sides) > 1 and d.status == "claimed":
            d.status = "confirmed"  # sources of different sides report it
    return out


def _event(art: _Art, d: _Draft) -> Event:
    s = art.parsed.sentences[d.sentence]
    acled_type, acled_sub = acled_of(d.type, d.subtype)
    return Event(
        type=d.type, subtype=d.subtype, actor=d.actor_name or d.actor_phrase, target=d.target,
        location=d.place.name if d.place else None,
        lat=d.place.lat if d.place else None, lon=d.place.lon if d.place else None,
        date=d.date, date_text=d.date_text, claimed_by=d.claimed_by, status=d.status,
        evidence=art.text[s.start:s.end],
        provenance=Provenance(s.start, s.end, d.sentence, d.rule),
        mode=d.mode or mode_of(d.type, d.subtype),
        actor_side=d.actor.side if d.actor else None, trigger=d.trigger,
        geo_precision=d.geo_precision, time_precision=d.time_precision,
        cameo=cameo_of(d.type, d.subtype), acled_event_type=acled_type,
        acled_sub_event_type=acled_sub, mentions=_mentions(art, d),
    )


def _mentions(art: _Art, d: _Draft) -> list[EventMention]:
    """The article's other sentences that report the same happening, in text order."""
    out = []
    for index in sorted(i for i in d.others if i != d.sentence):
        trigger, rule = d.others[index]
        s = art.parsed.sentences[index]
        out.append(EventMention(evidence=art.text[s.start:s.end], trigger=trigger,
                                provenance=Provenance(s.start, s.end, index, rule)))
    return out


def extract_events(parsed: ParsedArticle, places: Sequence[Place] = (),
                   times: Sequence[Time] = (), quotes: Sequence[Quote] = (),
                   actors: ActorIndex | None = None) -> list[Event]:
    """The events an article reports, one per happening, in text order.

    Pure: the same article and the same places, times and quotes give the same events.
    ``places``, ``times`` and ``quotes`` are the other extractors' results for the article
    (the registry passes them); ``actors`` defaults to :meth:`ActorIndex.default`.
    """
    lex = event_lexicon(parsed.language)
    if lex is None or not parsed.sentences:
        return []
    actor_index = actors or ActorIndex.default()
    art = _article(parsed, lex, actor_index, places, times, quotes)
    drafts: list[_Draft] = []
    for index in range(len(parsed.sentences)):
        drafts.extend(_drafts(art, index))
    merged = _merge(drafts, actor_index)
    merged.sort(key=lambda d: (d.sentence, d.at))
    return [_event(art, d) for d in merged]

