"""Finding candidate expressions with a language's patterns and keeping the longest ones."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from dateline.extract.timex.lexicon import Pattern, TimeLexicon

_CONTEXT_CHARS = 60
_NOMINAL = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True)
class Candidate:
    """A pattern match: its span, the pattern (and its rank in the file), its groups."""

    start: int
    end: int
    pattern: Pattern
    rank: int
    groups: tuple[tuple[str, str], ...]

    @property
    def key(self) -> tuple[int, int, int]:
        return self.start, self.end, self.rank


def find_candidates(text: str, lexicon: TimeLexicon, doc: Doc | None) -> list[Candidate]:
    """Every match of every pattern that its context and part-of-speech vetoes let through."""
    found = []
    for rank, pattern in enumerate(lexicon.patterns):
        for m in pattern.regex.finditer(text):
            start, end = m.span("_span")
            if start == end or _vetoed(pattern, text, start, end, doc):
                continue
            groups = tuple((k, v) for k, v in m.groupdict().items()
                           if v is not None and not k.startswith("_"))
            found.append(Candidate(start, end, pattern, rank, groups))
    return found


def _vetoed(pattern: Pattern, text: str, start: int, end: int, doc: Doc | None) -> bool:
    if pattern.not_before and pattern.not_before.search(text, max(0, start - _CONTEXT_CHARS),
                                                        start):
        return True
    if pattern.not_after and pattern.not_after.match(text, end, end + _CONTEXT_CHARS):
        return True
    if doc is None or not (pattern.not_pos or pattern.not_nummod):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not (t.is_space or t.is_punct)]
    if pattern.not_pos and doc.has_annotation("POS") and words and all(
        t.pos_ in pattern.not_pos for t in words
    ):
        return True
    if pattern.not_nummod and doc.has_annotation("DEP") and words:
        last = words[-1]
        head = last.head
        outside = not (span.start <= head.i < span.end)
        counts = (last.dep_ == "nummod" and head.pos_ in _NOMINAL and head.i > last.i
                  and "Plur" in head.morph.get("Number"))
        return counts and outside
    return False


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first (then the earlier pattern), in text order."""
    ordered = sorted(candidates, key=lambda c: (c.start - c.end, c.rank, c.start))
    taken: list[Candidate] = []
    for cand in ordered:
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)
