"""A parsed article: what every extractor receives."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dateline.model import Article, Entity, Sentence


@dataclass(frozen=True)
class ParsedArticle:
    """An article with its language, spaCy Doc and sentence spans (offsets into article.text)."""

    article: Article
    language: str
    pipeline: str
    doc: Doc
    sentences: tuple[Sentence, ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s.start for s in self.sentences))

    @classmethod
    def from_doc(cls, article: Article, language: str, pipeline: str, doc: Doc) -> ParsedArticle:
        sentences = tuple(
            Sentence(s.start_char, s.start_char + len(s.text.rstrip()))
            for s in doc.sents
            if not s.text.isspace()
        )
        return cls(article, language, pipeline, doc, sentences)

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_of(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset``, or None."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0 or offset >= self.sentences[i].end:
            return None
        return i

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]

    def entities(self) -> list[Entity]:
        return [
            Entity(e.text, e.label_, e.start_char, e.end_char, self.sentence_of(e.start_char))
            for e in self.doc.ents
        ]
