"""Article metadata from sidecars, feeds, JSONL and HTML: validated and normalized."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

from dateline.ingest.errors import IngestError

META_FIELDS = ("published", "source", "url", "title", "language")
_LANG = re.compile(r"^[a-z]{2,3}$")


def normalize_published(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from an ISO date/datetime, an RFC 822 date or a date object.

    Raises ValueError for a value that is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for layout in _LAYOUTS:
        try:
            return dt.datetime.strptime(text, layout).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"not an ISO or RFC 822 date: {value!r}")


# Unambiguous layouts seen in page metadata and feeds, tried after ISO 8601 and RFC 822.
_LAYOUTS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%Y/%m/%d", "%Y.%m.%d")


def normalize_language(value: Any) -> str | None:
    """An ISO 639 code, lower case ("fr", "en", "uk"); region subtags dropped ("fr-FR" -> "fr")."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a language code: {value!r}")
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if not _LANG.match(code):
        raise ValueError(f"not an ISO 639 language code: {value!r}")
    return code


def clean_metadata(meta: dict[str, Any], origin: str) -> dict[str, Any]:
    """Validate the known fields of a metadata mapping; unknown fields pass through unchanged.

    Raises IngestError naming ``origin`` and the bad field; an unreadable ``published`` is
    dropped with a message in ``warnings`` instead (relative dates then stay unresolved).
    """
    out = dict(meta)
    if "published" in out:
        # A bad date loses the date, not the article: it is kept with a warning.
        try:
            out["published"] = normalize_published(out["published"])
        except ValueError as exc:
            out["published"] = None
            out.setdefault("warnings", []).append(f"published ignored: {exc}")
    try:
        if "language" in out:
            out["language"] = normalize_language(out["language"])
    except ValueError as exc:
        raise IngestError(origin, str(exc)) from None
    for key in ("source", "url", "title"):
        if key in out and out[key] is not None and not isinstance(out[key], str):
            raise IngestError(origin, f"field {key!r} must be a string, got {out[key]!r}")
        if isinstance(out.get(key), str):
            out[key] = out[key].strip() or None
    return out
