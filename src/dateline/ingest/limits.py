"""Size limits on what ingest accepts, so one bad input cannot exhaust the machine."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.ingest.errors import IngestError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_input_bytes: int = 20 * MB  # a file, a fetched page or feed, a JSONL line
    max_article_chars: int = 1_000_000  # spaCy's default max_length; ~150k words
    fetch_timeout: float = 20.0  # seconds, for URLs

    def check_size(self, origin: str, size: int) -> None:
        if size > self.max_input_bytes:
            raise IngestError(
                origin,
                f"input is {size / MB:.1f} MB, over the {self.max_input_bytes / MB:.0f} MB limit",
            )

    def check_text(self, origin: str, text: str) -> None:
        if len(text) > self.max_article_chars:
            raise IngestError(
                origin,
                f"article text has {len(text):,} characters, over the "
                f"{self.max_article_chars:,} limit for one article",
            )
        if not text.strip():
            raise IngestError(origin, "no article text (empty or whitespace only)")


DEFAULT_LIMITS = Limits()
