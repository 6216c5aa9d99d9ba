"""The extraction stage: pure functions of a parsed article, registered in one place.

Each extractor takes a :class:`~dateline.nlp.parsed.ParsedArticle` and returns a list of
records for one field of the analysis. Only registered extractors run, and the analysis
record lists exactly those in its ``extractors`` field: a field whose extractor does not
exist yet stays empty and is not listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dateline.extract import places, quantities, quotes, times
from dateline.nlp.parsed import ParsedArticle


@dataclass(frozen=True)
class Extractor:
    name: str  # the Analysis field it fills: places, times, quotes, quantities, events
    version: str
    method: str
    run: Callable[[ParsedArticle], list[Any]]


REGISTRY: tuple[Extractor, ...] = (
    Extractor(places.NAME, places.VERSION, places.METHOD, places.extract_places),
    Extractor(times.NAME, times.VERSION, times.METHOD, times.extract_times),
    Extractor(quotes.NAME, quotes.VERSION, quotes.METHOD, quotes.extract_quotes),
    Extractor(quantities.NAME, quantities.VERSION, quantities.METHOD,
              quantities.extract_quantities),
)
