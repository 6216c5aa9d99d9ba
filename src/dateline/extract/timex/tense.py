"""The tense of the clause a temporal expression belongs to: past, present or future.

With a parsed document the expression's governing verb is found by climbing the dependency
tree; its morphology and its auxiliaries decide ("sera opéré", "will pay", "va annoncer",
"is going to"). A pipeline without a parser (blank languages) falls back to the lexicon's
``future_words`` in the same sentence. Unknown is None: resolvers then use their default.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from dateline.extract.timex.lexicon import TimeLexicon, norm_key

PAST, PRESENT, FUTURE = "past", "present", "future"
_VERBAL = frozenset({"VERB", "AUX"})
_MAX_CLIMB = 8


def tense_at(doc: Doc, start: int, end: int, lexicon: TimeLexicon) -> str | None:
    """The tense governing the characters ``start:end`` of the document's text."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if not doc.has_annotation("DEP"):
        return _tense_from_words(span.sent if doc.has_annotation("SENT_START") else doc,
                                 lexicon)
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    return _verb_tense(verb, lexicon)


def _governing_verb(token: Token) -> Token | None:
    for _ in range(_MAX_CLIMB):
        if token.pos_ in _VERBAL:
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _verb_tense(verb: Token, lexicon: TimeLexicon) -> str | None:
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    future_aux = {norm_key(w) for w in lexicon.option("future_aux", [])}
    group = [verb, *auxes]
    if any("Fut" in t.morph.get("Tense") for t in group):
        return FUTURE
    if any(norm_key(c.lemma_) in future_aux for c in auxes) or _periphrastic_future(
        verb, future_aux
    ):
        return FUTURE
    if any("Cnd" in t.morph.get("Mood") for t in group):
        return None
    if "Part" in verb.morph.get("VerbForm"):
        return _participle_tense(verb, auxes)
    return _simple_tense(verb.morph.get("Tense"))


def _participle_tense(verb: Token, auxes: list[Token]) -> str | None:
    """"a annoncé", "has said": past; "est prévu", "is expected": the auxiliary's tense;
    a bare participle ("prévue le 15 septembre") says nothing."""
    perfect = [a for a in auxes if a.dep_ == "aux:tense" or norm_key(a.lemma_) == "have"]
    passive = [a for a in auxes if _is_passive(a)]
    if perfect:
        return PAST
    if passive:
        return _simple_tense(passive[0].morph.get("Tense"))
    if "Past" in verb.morph.get("Tense") and verb.dep_ in ("ROOT", "conj", "ccomp", "advcl"):
        return PAST
    return None


def _is_passive(aux: Token) -> bool:
    return aux.dep_ in ("aux:pass", "auxpass")


def _simple_tense(tenses: list[str]) -> str | None:
    if set(tenses) & {"Past", "Imp", "Pqp"}:
        return PAST
    if "Pres" in tenses:
        return PRESENT
    return None


def _periphrastic_future(verb: Token, future_aux: set[str]) -> bool:
    """An infinitive under a present-tense "aller", "go" (going to), "devoir" ..."""
    if "Inf" not in verb.morph.get("VerbForm"):
        return False
    head = verb.head
    if head is verb or norm_key(head.lemma_) not in future_aux:
        return False
    return not set(head.morph.get("Tense")) & {"Past", "Imp", "Pqp"}


def _tense_from_words(tokens: Iterable[Token], lexicon: TimeLexicon) -> str | None:
    markers = {norm_key(w) for w in lexicon.option("future_words", [])}
    if markers and any(norm_key(t.text) in markers for t in tokens):
        return FUTURE
    return None
