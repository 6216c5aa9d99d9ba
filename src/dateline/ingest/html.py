"""HTML pages to articles: the main text and its metadata, extracted offline with trafilatura.

Nothing here touches the network: trafilatura and htmldate only see the bytes given.
:func:`html_to_text` is also used for the HTML fragments of feed items.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import detect_encoding

from dateline.ingest.build import build_article
from dateline.ingest.errors import IngestError
from dateline.ingest.limits import DEFAULT_LIMITS, Limits
from dateline.ingest.metadata import normalize_language, normalize_published
from dateline.model import Article

NO_TEXT = "no article text found in the HTML page"

# The HTML prescan of a <meta charset> looks at the first 1024 bytes; be a little generous.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Browsers read these labels as windows-1252 (WHATWG Encoding): 0x80-0x9F are € ‚ ƒ ... not C1.
_AS_CP1252 = frozenset({"iso8859-1", "ascii"})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
    "tr", "ul",
})
_DROP_TAGS = ("script", "style", "noscript", "template")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # lxml refuses
_SPACES = re.compile(r"\s+")  # source newlines are spaces too; blocks make the line breaks


def read_html(
    data: bytes,
    *,
    origin: str,
    article_id: str,
    meta: dict[str, Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    url: str | None = None,
) -> Article:
    """The article of an HTML page: main text plus detected metadata, ``meta`` winning.

    Raises IngestError naming ``origin`` for an oversized, binary, empty or text-less page.
    """
    limits.check_size(origin, len(data))
    tree = _parse(data, origin)
    detected = _page_metadata(tree, url)  # read before trafilatura sees the tree
    text, doc_meta = _extract(tree, origin, url)
    merged = {**doc_meta, **detected, **(meta or {})}
    return build_article(article_id, text, origin=origin, meta=merged, limits=limits)


def decode_html(data: bytes) -> str:
    """The page as text: by BOM, as UTF-8 if valid, by declared charset, else by a guess.

    A guess (trafilatura's charset detection) must leave the markup's ASCII intact;
    windows-1252, the web's default, is the last resort.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = declared_charset(data[:_PRESCAN_BYTES])
    if codec is None or codec in ("utf-8", "utf-16", "utf-32"):
        return _guess_decode(data)  # undeclared, or wrongly declared as Unicode
    return data.decode(codec, errors="replace")


def _guess_decode(data: bytes) -> str:
    """Decode with the first detected encoding that keeps every < and >, else windows-1252."""
    for codec in detect_encoding(data):
        try:
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
        if text.count("<") == data.count(b"<") and text.count(">") == data.count(b">"):
            return text
    return data.decode("cp1252", errors="replace")


def declared_charset(head: bytes) -> str | None:
    """The Python codec named by an XML declaration or a <meta> charset in ``head``, if known."""
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return codec_name(match.group(1).decode("ascii"))


def codec_name(label: str) -> str | None:
    """The Python codec for a charset label (None if unknown); latin-1/ASCII read as cp1252."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 else name


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: one line per paragraph/block, spaces collapsed."""
    markup = _NOT_XML.sub("", markup)
    if not markup.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return ""
    for bad in root.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        bad.drop_tree()
    lxml.etree.strip_tags(root, lxml.etree.Comment, lxml.etree.ProcessingInstruction)
    parts: list[str] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if element.tag in _BLOCK_TAGS:
            parts.append("\n")
        if event == "start" and element.text:
            parts.append(_SPACES.sub(" ", element.text))
        if event == "end" and element is not root and element.tail:
            parts.append(_SPACES.sub(" ", element.tail))
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def detected_language(value: Any) -> str | None:
    """A declared-in-the-page language code, or None when it is not a usable ISO 639 code."""
    try:
        return normalize_language(value)
    except ValueError:
        return None


def _parse(data: bytes, origin: str) -> HtmlElement:
    """The lxml tree of the page, or IngestError for binary, empty or unparseable input."""
    if b"\x00" in data[:_PRESCAN_BYTES] and not data.startswith(_UTF16_BOMS):
        raise IngestError(origin, "binary data (contains NUL bytes), not an HTML page")
    source = _XML_DECLARATION.sub("", decode_html(data), count=1)
    if not source.strip():
        raise IngestError(origin, "empty HTML page")
    try:
        tree = trafilatura.load_html(source)
    except Exception as exc:  # lxml/trafilatura failures must not escape as such
        raise IngestError(origin, f"cannot parse the HTML page: {_describe(exc)}") from None
    if tree is None:
        raise IngestError(origin, NO_TEXT)
    return tree


def _extract(tree: HtmlElement, origin: str, url: str | None) -> tuple[str, dict[str, Any]]:
    """Main text (paragraphs joined by newlines) and trafilatura's metadata fields."""
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            date_extraction_params=_date_params(),
        )
    except Exception as exc:  # trafilatura failures must not escape as such
        raise IngestError(origin, f"cannot extract the article: {_describe(exc)}") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise IngestError(origin, NO_TEXT)
    return text, _doc_metadata(doc)


def _date_params() -> dict[str, Any]:
    """htmldate settings: the original publication date, from markup only.

    Extensive search is off: it turns a "© 2024" footer into a 2024-01-01 publication date.
    """
    return {
        "original_date": True,
        "extensive_search": False,
        "max_date": dt.date.today().isoformat(),
    }


def _doc_metadata(doc: Any) -> dict[str, Any]:
    """Title, date, site name and URL as trafilatura found them (unusable values dropped)."""
    found: dict[str, Any] = {}
    for key, attr in (("title", "title"), ("source", "sitename"), ("url", "url")):
        value = getattr(doc, attr, None)
        if isinstance(value, str) and value.strip():
            found[key] = value.strip()
    try:
        published = normalize_published(getattr(doc, "date", None))
    except ValueError:
        published = None
    if published:
        found["published"] = published
    if "url" in found and not _is_web_url(found["url"]):
        del found["url"]
    return found


def _page_metadata(tree: HtmlElement, base_url: str | None) -> dict[str, Any]:
    """Language and canonical URL from the markup itself (relative canonical links resolved)."""
    found: dict[str, Any] = {}
    language = detected_language(_declared_lang(tree))
    if language:
        found["language"] = language
    canonical = _canonical(tree, base_url)
    if canonical:
        found["url"] = canonical
    return found


def _declared_lang(tree: HtmlElement) -> str | None:
    """<html lang>, <html xml:lang> or a Content-Language meta, whichever comes first."""
    root = tree.getroottree().getroot()
    for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
        if root.get(attr):
            return root.get(attr)
    for element in root.iter("meta"):
        if (element.get("http-equiv") or "").lower() == "content-language":
            return (element.get("content") or "").split(",")[0]
    return None


def _canonical(tree: HtmlElement, base_url: str | None) -> str | None:
    """The absolute http(s) URL of <link rel="canonical">, if the page has a usable one."""
    for link in tree.getroottree().getroot().iter("link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rels and href:
            absolute = urljoin(base_url or "", href)
            return absolute if _is_web_url(absolute) else None
    return None


def _is_web_url(value: str) -> bool:
    """True for an absolute http or https URL with a host."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _describe(exc: BaseException) -> str:
    """A short description of an unexpected library exception."""
    message = str(exc).strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
