"""Shared helpers of the time tests: extract from a parsed article, pick one span."""

from __future__ import annotations

from dateline.analyze import parse
from dateline.extract.times import extract_times
from dateline.model import Article, Time


def extract_at(text: str, language: str, published: str | None) -> list[Time]:
    article = Article(id="t", text=text, published=published, language=language)
    return extract_times(parse(article))


def one(found: list[Time], text: str) -> Time:
    """The single time whose text is ``text``."""
    matches = [t for t in found if t.text == text]
    assert len(matches) == 1, [t.text for t in found]
    return matches[0]
