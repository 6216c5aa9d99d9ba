"""The extraction stage: pure functions of a parsed article, registered in one place.

Each extractor takes a :class:`~dateline.nlp.parsed.ParsedArticle` and returns a list of
records for one field of the analysis. An extractor that builds on others (events on places,
times and quotes) names them in ``needs`` and receives their results as keyword arguments;
the registry order runs them first. Only registered extractors run, and the analysis
record lists exactly those in its ``extractors`` field: a field whose extractor does not
exist yet stays empty and is not listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dateline.extract import events, places, quantities, quotes, times
from dateline.nlp.parsed import ParsedArticle


@dataclass(frozen=True)
class Extractor:
    name: str  # the Analysis field it fills: places, times, quotes, quantities, events
    version: str
    method: str
    run: Callable[..., list[Any]]
    needs: tuple[str, ...] = ()

    def __call__(self, parsed: ParsedArticle, found: dict[str, list[Any]]) -> list[Any]:
        missing = [n for n in self.needs if n not in found]
        if missing:
            raise ValueError(f"extractor {self.name!r} needs {missing} to run before it")
        return self.run(parsed, **{n: found[n] for n in self.needs})


REGISTRY: tuple[Extractor, ...] = (
    Extractor(places.NAME, places.VERSION, places.METHOD, places.extract_places),
    Extractor(times.NAME, times.VERSION, times.METHOD, times.extract_times),
    Extractor(quotes.NAME, quotes.VERSION, quotes.METHOD, quotes.extract_quotes),
    Extractor(quantities.NAME, quantities.VERSION, quantities.METHOD,
              quantities.extract_quantities),
    Extractor(events.NAME, events.VERSION, events.METHOD, events.extract_events,
              needs=("places", "times", "quotes")),
)
