"""Bytes to text, strictly: empty, binary and invalid UTF-8 inputs are named, not guessed at."""

from __future__ import annotations

from dateline.ingest.errors import IngestError


def decode_utf8(data: bytes, origin: str) -> str:
    """Decode UTF-8 exactly as stored (no newline translation, nothing stripped).

    A leading byte-order mark is the only thing dropped: it is an encoding marker, not text.
    """
    if not data:
        raise IngestError(origin, "empty file")
    if b"\x00" in data[:8192]:
        raise IngestError(origin, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(
            origin,
            f"invalid UTF-8 at byte {exc.start} (line {line}): {exc.reason}; "
            "convert the file to UTF-8",
        ) from None
    return text.removeprefix("\ufeff")
