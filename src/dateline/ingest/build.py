"""Assemble an Article from text, metadata and an origin, with the same rules for every source."""

from __future__ import annotations

import re
from typing import Any

from dateline.ingest.errors import IngestError
from dateline.ingest.limits import DEFAULT_LIMITS, Limits
from dateline.ingest.metadata import META_FIELDS, clean_metadata
from dateline.model import Article

_ID = re.compile(r"^[\w.:@+-]{1,200}$")
_SENTENCE_END = re.compile(r"[.!?…:;»”\"')\]]\s*$")


def headline(text: str) -> str | None:
    """The first line, when it reads as a headline: short, followed by more text, no final stop."""
    first, sep, rest = text.lstrip("\ufeff").partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first:
        return None
    if len(first) > 200 or len(first.split()) > 30:
        return None
    if _SENTENCE_END.search(first) and not first.endswith(("?", "!")):
        return None
    return first


def build_article(
    article_id: str,
    text: str,
    *,
    origin: str,
    meta: dict[str, Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    title_from_first_line: bool = False,
) -> Article:
    """An Article, or IngestError naming ``origin`` and what is wrong."""
    if not isinstance(article_id, str) or not _ID.match(article_id):
        raise IngestError(
            origin,
            f"article id {article_id!r} is not usable (1-200 letters, digits or ._:@+-)",
        )
    limits.check_text(origin, text)
    clean = clean_metadata(meta or {}, origin)
    title = clean.get("title")
    if title is None and title_from_first_line:
        title = headline(text)
    extra = {k: v for k, v in clean.items() if k not in META_FIELDS}
    return Article(
        id=article_id,
        text=text,
        title=title,
        published=clean.get("published"),
        source=clean.get("source"),
        url=clean.get("url"),
        language=clean.get("language"),
        origin=origin,
        metadata=extra,
    )
