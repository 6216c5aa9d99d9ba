"""RSS and Atom feeds to articles, one per item, parsed offline with feedparser.

feedparser is only ever given a byte stream: handed a ``str`` it would fetch URLs, and handed
``bytes`` it would first try to open them as a local file name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import xml.sax
from collections.abc import Iterator
from typing import Any

import feedparser

from dateline.ingest.build import build_article
from dateline.ingest.errors import IngestError, IngestFailure
from dateline.ingest.html import detected_language, html_to_text
from dateline.ingest.limits import DEFAULT_LIMITS, Limits
from dateline.ingest.metadata import normalize_published
from dateline.model import Article

SNIFF_BYTES = 2048
_ATOM_NAMESPACES = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")
_ROOT = re.compile(r"<(rss|[A-Za-z_][\w.-]*:RDF|(?:[A-Za-z_][\w.-]*:)?feed)[\s/>]")
_MAX_GUID_IN_ORIGIN = 80


def looks_like_feed(data: bytes) -> bool:
    """A cheap sniff: does the document element, within the first 2 KB, name RSS, RDF or Atom?

    An XML declaration, a BOM, whitespace, comments, processing instructions and a DOCTYPE may
    come first. Atom needs its namespace on <feed>.
    """
    head = _sniff_text(data[:SNIFF_BYTES])
    rest = _skip_prolog(head)
    match = _ROOT.match(rest) if rest is not None else None
    if match is None:
        return False
    if match.group(1).endswith("feed"):
        start_tag = rest[: rest.find(">") + 1 or len(rest)]
        return any(ns in start_tag for ns in _ATOM_NAMESPACES)
    return True


def read_feed(
    data: bytes, *, origin: str, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Article | IngestFailure]:
    """Articles of a feed's items, in feed order; an unusable item is yielded as IngestFailure.

    The feed is parsed at once, so a broken feed raises IngestError from this call; items are
    turned into articles as the iterator is consumed.
    """
    limits.check_size(origin, len(data))
    parsed = _parse(data, origin)
    return _articles(parsed, origin, limits)


def item_id(entry: dict[str, Any]) -> str:
    """A stable id for a feed item: "item-" + 16 hex of sha256(guid, else link, else title+date)."""
    key = entry.get("id") or entry.get("link") or ""
    if not key:
        key = (entry.get("title") or "") + "\n" + (_raw_date(entry) or "")
    if not key.strip():
        key = "text:" + (_entry_text(entry) or "")
    return "item-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _sniff_text(head: bytes) -> str:
    """The first bytes as text for sniffing: UTF-16 by BOM, otherwise any ASCII-compatible."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace").lstrip("\ufeff")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def _skip_prolog(text: str) -> str | None:
    """``text`` after any whitespace, declarations, comments, PIs and DOCTYPE; None if cut off."""
    while True:
        text = text.lstrip()
        if text.startswith("<?"):
            end, size = text.find("?>"), 2
        elif text.startswith("<!--"):
            end, size = text.find("-->"), 3
        elif text.startswith("<!"):
            subset = text.find("[")
            closing = text.find(">")
            if 0 <= subset < closing:
                end, size = text.find("]>"), 2
            else:
                end, size = closing, 1
        else:
            return text
        if end < 0:
            return None
        text = text[end + size :]


def _parse(data: bytes, origin: str) -> Any:
    """feedparser's result for a usable feed, or IngestError saying why it is not one."""
    if not data.strip():
        raise IngestError(origin, "not a valid RSS/Atom feed: empty input")
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # feedparser failures must not escape as such
        raise IngestError(origin, f"not a valid RSS/Atom feed: {_describe(exc)}") from None
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not any(_has_substance(e) for e in entries):
        reason = _describe(parsed.get("bozo_exception")) or "unreadable XML"
        raise IngestError(origin, f"not a valid RSS/Atom feed: {reason}")
    if not entries and not parsed.get("version"):
        raise IngestError(origin, "not a valid RSS/Atom feed: no RSS or Atom document element")
    if not entries:
        raise IngestError(origin, "feed has no items")
    return parsed


def _has_substance(entry: dict[str, Any]) -> bool:
    """True when an entry carries anything of an article (recovered from a broken feed)."""
    return any(entry.get(key) for key in ("id", "link", "title", "summary", "content"))


def _articles(parsed: Any, origin: str, limits: Limits) -> Iterator[Article | IngestFailure]:
    """One Article or IngestFailure per entry; one bad item never stops the others."""
    feed = parsed.get("feed") or {}
    source = _detail_text(feed.get("title_detail"), feed.get("title"))
    feed_language = detected_language(feed.get("language"))
    for index, entry in enumerate(parsed.get("entries") or [], start=1):
        item_origin = _item_origin(origin, index, entry)
        try:
            yield _article(entry, item_origin, source, feed_language, limits)
        except IngestError as exc:
            yield IngestFailure.of(exc)
        except Exception as exc:  # a malformed field must only cost its own item
            yield IngestFailure(item_origin, f"unreadable feed item: {_describe(exc)}")


def _item_origin(origin: str, index: int, entry: dict[str, Any]) -> str:
    """``origin#index`` (1-based), followed by the guid in parentheses when it is short."""
    guid = entry.get("id")
    label = f"{origin}#{index}"
    if isinstance(guid, str) and 0 < len(guid) <= _MAX_GUID_IN_ORIGIN and _is_token(guid):
        label += f" ({guid})"
    return label


def _is_token(value: str) -> bool:
    """True for a printable string without whitespace."""
    return value.isprintable() and not any(ch.isspace() for ch in value)


def _article(
    entry: dict[str, Any],
    origin: str,
    source: str | None,
    feed_language: str | None,
    limits: Limits,
) -> Article:
    """The Article of one feed entry, or IngestError if it has no text or a bad field."""
    text = _entry_text(entry)
    if not text:
        raise IngestError(origin, "feed item has no text (neither content nor summary)")
    meta = {
        "title": _detail_text(entry.get("title_detail"), entry.get("title")),
        "published": _entry_date(entry),
        "source": source,
        "url": _web_link(entry.get("link")),
        "language": _entry_language(entry) or feed_language,
    }
    meta = {key: value for key, value in meta.items() if value is not None}
    return build_article(item_id(entry), text, origin=origin, meta=meta, limits=limits)


def _entry_text(entry: dict[str, Any]) -> str | None:
    """The item's text: its first non-empty content, else its summary, as plain text."""
    for content in entry.get("content") or []:
        text = _detail_text(content, None)
        if text:
            return text
    return _detail_text(entry.get("summary_detail"), entry.get("summary"))


def _detail_text(detail: Any, fallback: Any) -> str | None:
    """Plain text of a feedparser text construct (HTML converted), or of ``fallback``."""
    value = detail.get("value") if isinstance(detail, dict) else None
    kind = (detail.get("type") or "") if isinstance(detail, dict) else ""
    if not isinstance(value, str):
        value, kind = fallback, "text/html"
    if not isinstance(value, str):
        return None
    text = html_to_text(value) if "html" in kind else value.strip()
    return text or None


def _raw_date(entry: dict[str, Any]) -> str | None:
    """The item's publication (else update) date as written in the feed."""
    for key in ("published", "updated"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _entry_date(entry: dict[str, Any]) -> str | None:
    """ISO date of the item: the date as written (publisher's own day), else feedparser's UTC."""
    raw = _raw_date(entry)
    if raw:
        try:
            return normalize_published(raw)
        except ValueError:
            pass
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
            except (AttributeError, TypeError, ValueError):
                continue
    return None


def _entry_language(entry: dict[str, Any]) -> str | None:
    """The xml:lang feedparser recorded on the item's content, summary or title."""
    contents = entry.get("content") or []
    for detail in [*contents, entry.get("summary_detail"), entry.get("title_detail")]:
        if isinstance(detail, dict):
            language = detected_language(detail.get("language"))
            if language:
                return language
    return None


def _web_link(link: Any) -> str | None:
    """The item link when it is an http(s) URL (Atom ids such as urn:uuid:... are not)."""
    if isinstance(link, str) and link.strip().lower().startswith(("http://", "https://")):
        return link.strip()
    return None


def _describe(exc: BaseException | None) -> str:
    """A short reason from a parser exception."""
    if exc is None:
        return ""
    if isinstance(exc, xml.sax.SAXParseException):
        return exc.getMessage()  # its line numbers count a declaration feedparser may add
    message = str(exc).strip()
    return message or type(exc).__name__
