"""JSON Lines input: one article per line (id, text or html, title, published, source, url,
language). A bad line is reported with its line number and the rest of the file goes on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dateline.ingest.build import build_article
from dateline.ingest.errors import IngestError, IngestFailure
from dateline.ingest.limits import DEFAULT_LIMITS, Limits
from dateline.model import Article, content_hash


def article_from_object(obj: Any, *, origin: str, limits: Limits = DEFAULT_LIMITS) -> Article:
    """An Article from one decoded JSONL object, or IngestError naming ``origin``."""
    if not isinstance(obj, dict):
        raise IngestError(origin, f"expected a JSON object, got {type(obj).__name__}")
    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        raise IngestError(origin, "no 'text' or 'html' field")
    for key in ("text", "html"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise IngestError(origin, f"field {key!r} must be a string")
    meta = {k: v for k, v in obj.items() if k not in ("id", "text", "html")}
    article_id = obj.get("id")
    if article_id is not None and not isinstance(article_id, str | int):
        raise IngestError(origin, "field 'id' must be a string or a number")
    if text is not None:
        ident = str(article_id) if article_id is not None else f"jsonl-{content_hash(text)[:16]}"
        return build_article(ident, text, origin=origin, meta=meta, limits=limits,
                             title_from_first_line="title" not in obj)
    from dateline.ingest.html import read_html

    ident = str(article_id) if article_id is not None else f"jsonl-{content_hash(html)[:16]}"
    return read_html(html.encode("utf-8"), origin=origin, article_id=ident, meta=meta,
                     limits=limits, url=obj.get("url"))


def read_jsonl_lines(
    lines: Iterator[bytes], *, origin: str, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Article | IngestFailure]:
    for number, raw in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if not raw.strip():
            continue
        try:
            limits.check_size(where, len(raw))
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise IngestError(where, f"invalid UTF-8 at byte {exc.start} of the line") from None
            except json.JSONDecodeError as exc:
                raise IngestError(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
            yield article_from_object(obj, origin=where, limits=limits)
        except IngestError as exc:
            yield IngestFailure.of(exc)


def read_jsonl(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | IngestFailure]:
    """Articles from a JSON Lines file, read line by line (the file may be large)."""
    with path.open("rb") as fh:
        yield from read_jsonl_lines(iter(fh), origin=str(path), limits=limits)
