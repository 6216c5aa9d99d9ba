"""How ingest reports bad input: one message naming the input (file, line, URL) and the problem."""

from __future__ import annotations

from dataclasses import dataclass


class IngestError(Exception):
    """An input that cannot become an article."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


@dataclass(frozen=True)
class IngestFailure:
    """A failed input, yielded in the stream of articles so a run can go on with the rest."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"

    @classmethod
    def of(cls, error: IngestError) -> IngestFailure:
        return cls(error.origin, error.reason)
