"""Where articles come from: files, folders, stdin and URLs, each turned into a stream of
Articles (and named failures, so a run goes on with the rest).

Dispatch is by extension (.txt .md .html .htm .jsonl .xml .rss .atom), then by content for
unknown extensions and stdin. ``X.meta.json`` beside ``X.txt``/``X.html`` is its sidecar.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from dateline.ingest.build import build_article
from dateline.ingest.errors import IngestError, IngestFailure
from dateline.ingest.limits import DEFAULT_LIMITS, Limits
from dateline.ingest.text import decode_utf8
from dateline.model import Article, content_hash

TEXT_EXT = frozenset({".txt", ".md"})
HTML_EXT = frozenset({".html", ".htm"})
JSONL_EXT = frozenset({".jsonl"})
FEED_EXT = frozenset({".xml", ".rss", ".atom"})
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | FEED_EXT
SIDECAR = ".meta.json"
# Folder walks skip a folder's own documentation; name such a file to analyse it.
FOLDER_DOCS = frozenset({"readme", "license", "licence", "changelog", "contributing", "notice"})


@dataclass(frozen=True)
class Source:
    """One input: kind is "file", "stdin" or "url"; for folders, each file is a Source."""

    kind: str
    location: str

    def __str__(self) -> str:
        return self.location


def is_url(value: str) -> bool:
    return "://" in value[:12] or value.lower().startswith(("javascript:", "data:", "mailto:"))


def discover(inputs: Sequence[str]) -> tuple[list[Source], list[IngestFailure]]:
    """Expand the command line's inputs into sources: folders recursively, in sorted order."""
    sources: list[Source] = []
    failures: list[IngestFailure] = []
    for value in inputs:
        if value == "-":
            sources.append(Source("stdin", "-"))
        elif is_url(value):
            sources.append(Source("url", value))
        else:
            path = Path(value)
            if path.is_dir():
                found = sorted(
                    p for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in KNOWN_EXT
                    and not p.name.endswith(SIDECAR)
                    and p.stem.lower() not in FOLDER_DOCS
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
                sources.extend(Source("file", str(p)) for p in found)
            elif path.is_file():
                sources.append(Source("file", str(path)))
            elif path.exists():
                failures.append(IngestFailure(value, "not a regular file or folder"))
            else:
                failures.append(IngestFailure(value, "no such file or folder"))
    return sources, failures


def read_sidecar(path: Path) -> dict[str, Any]:
    """The metadata of ``X.meta.json`` beside ``X.ext``, or {} when there is none."""
    sidecar = path.with_name(path.name[: -len(path.suffix)] + SIDECAR) if path.suffix else None
    if sidecar is None or not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(str(sidecar), f"sidecar metadata is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise IngestError(str(sidecar), "sidecar metadata must be a JSON object")
    return data


def _read_limited(path: Path, limits: Limits) -> bytes:
    limits.check_size(str(path), path.stat().st_size)
    return path.read_bytes()


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    from dateline.ingest.feeds import looks_like_feed

    if looks_like_feed(data):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def _read_bytes(data: bytes, kind: str, *, origin: str, article_id: str, meta: dict[str, Any],
                limits: Limits) -> Iterator[Article | IngestFailure]:
    if kind == "feed":
        from dateline.ingest.feeds import read_feed

        yield from read_feed(data, origin=origin, limits=limits)
    elif kind == "html":
        from dateline.ingest.html import read_html

        yield read_html(data, origin=origin, article_id=article_id, meta=meta, limits=limits)
    else:
        text = decode_utf8(data, origin)
        yield build_article(article_id, text, origin=origin, meta=meta, limits=limits,
                            title_from_first_line=True)


def read_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | IngestFailure]:
    """Articles from one file, chosen by its extension (or its content when unknown)."""
    origin = str(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_EXT:
        from dateline.ingest.jsonl import read_jsonl

        yield from read_jsonl(path, limits=limits)  # may be large: the cap applies per line
        return
    data = _read_limited(path, limits)
    if suffix in FEED_EXT:
        kind = "feed"
    elif suffix in HTML_EXT:
        kind = "html"
    elif suffix in TEXT_EXT:
        kind = "text"
    else:
        kind = _sniff(data) if data else "text"
    meta = read_sidecar(path) if kind != "feed" else {}
    yield from _read_bytes(data, kind, origin=origin, article_id=path.stem, meta=meta,
                           limits=limits)


def read_stream(stream: BinaryIO, *, origin: str = "stdin",
                limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | IngestFailure]:
    """Articles from a byte stream (stdin): a feed, an HTML page or plain text."""
    data = stream.read(limits.max_input_bytes + 1)
    limits.check_size(origin, len(data))
    if not data:
        raise IngestError(origin, "empty input")
    kind = _sniff(data)
    ident = f"stdin-{content_hash(data.decode('utf-8', 'replace'))[:16]}"
    yield from _read_bytes(data, kind, origin=origin, article_id=ident, meta={}, limits=limits)


def read_source(source: Source, *, allow_private: bool = False,
                limits: Limits = DEFAULT_LIMITS,
                stdin: BinaryIO | None = None) -> Iterator[Article | IngestFailure]:
    """Every article of one source; a source that fails whole yields one IngestFailure."""
    try:
        if source.kind == "stdin":
            yield from read_stream(stdin or sys.stdin.buffer, limits=limits)
        elif source.kind == "url":
            from dateline.ingest.web import read_url

            yield from read_url(source.location, allow_private=allow_private, limits=limits)
        else:
            yield from read_file(Path(source.location), limits=limits)
    except IngestError as exc:
        yield IngestFailure.of(exc)
    except OSError as exc:
        yield IngestFailure(source.location, f"cannot read: {exc.strerror or exc}")
