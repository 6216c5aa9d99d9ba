"""An outlet's home: the admin-1 regions a local paper writes about, learned from its archive.

A local paper's "Paris" is the Paris of its county, not France's: the paper's readers share
a local lexicon (Lieberman, Samet and Sankaranarayanan, "Geotagging with local lexicons",
ICDE 2010). The store keeps, for each analysed article, how many of its confidently
resolved places lie in each admin-1 region (:func:`contributions`); an outlet's home is
the regions that hold a large share of the places of its *other* articles
(:func:`home_of`). The places extractor weighs a candidate in the home like one in a
region the article itself names.

An outlet is the host of the article's URL ("www." dropped), or else its source name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from dateline.gazetteer.fold import fold
from dateline.model import Article, HomeRegion

MIN_ARTICLES = 3  # other articles of the outlet with resolved places, before any home
MIN_SHARE = 0.25  # of those articles' places, in one region
MIN_REGION_ARTICLES = 2  # articles of the outlet with places in that region
MAX_REGIONS = 3
# Every outlet names the metropolises ("Moscow said ...", "talks in Washington"): a local
# lexicon is made of the smaller places.
METROPOLIS = 1_000_000
_KINDS = frozenset({"city", "village", "region"})
_CONFIDENT_ORIGIN = ":ner:"  # the NER called it a place (not a relabelled name, not a scan)

# (article id, country, admin-1, places): one article's places in one region
Row = tuple[str, str, str, int]


def outlet_of(url: str | None, source: str | None) -> str | None:
    """The outlet key of an article: its URL's host without "www.", else its source name."""
    if url:
        try:
            host = urlsplit(url.strip()).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    name = fold(source or "").strip()
    return f"source:{name}" if name else None


def article_outlet(article: Article) -> str | None:
    return outlet_of(article.url, article.source)


def contributions(record: Mapping[str, Any]) -> Counter[tuple[str, str]]:
    """How many of a record's places lie in each (country, admin-1): towns and regions the
    NER itself called places and the gazetteer resolved (no derived or scanned names), not
    the metropolises every outlet names."""
    regions: Counter[tuple[str, str]] = Counter()
    for place in record.get("places") or ():
        if place.get("kind") != "region" and (place.get("population") or 0) >= METROPOLIS:
            continue
        if (place.get("kind") in _KINDS and place.get("country") and place.get("admin1")
                and place.get("gazetteer_id") and place.get("lat") is not None
                and _CONFIDENT_ORIGIN in (place.get("method") or "")):
            regions[(place["country"], place["admin1"])] += 1
    return regions


def home_of(rows: Iterable[Row], exclude: str | None = None) -> tuple[HomeRegion, ...]:
    """The home regions of an outlet from its articles' rows, leaving out ``exclude`` (the
    article being analysed: its own places are already in its text). Shares are rounded to
    hundredths, so a home that barely moves compares equal."""
    places: Counter[tuple[str, str]] = Counter()
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    seen: set[str] = set()
    for article_id, country, admin1, n in rows:
        if article_id == exclude:
            continue
        seen.add(article_id)
        places[(country, admin1)] += n
        articles[(country, admin1)].add(article_id)
    total = sum(places.values())
    if len(seen) < MIN_ARTICLES or not total:
        return ()
    home = []
    for (country, admin1), n in sorted(places.items(), key=lambda kv: (-kv[1], kv[0])):
        share = round(n / total, 2)
        if share >= MIN_SHARE and len(articles[(country, admin1)]) >= MIN_REGION_ARTICLES:
            home.append(HomeRegion(country, admin1, share))
    return tuple(home[:MAX_REGIONS])


class OutletHomes:
    """The outlets' homes as the store knew them at one moment (a run's snapshot), so that
    a run's results do not depend on the order its workers finish in."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str, int]]) -> None:
        self._rows: dict[str, list[Row]] = defaultdict(list)
        for outlet, article_id, country, admin1, n in rows:
            self._rows[outlet].append((article_id, country, admin1, n))

    def outlets(self) -> list[tuple[str, int, tuple[HomeRegion, ...]]]:
        """Each outlet with how many of its articles have resolved places, and its home
        (from all of them), the most prolific first."""
        rows = [(outlet, len({r[0] for r in found}), home_of(found))
                for outlet, found in self._rows.items()]
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    def home(self, article: Article) -> tuple[HomeRegion, ...]:
        return self.for_outlet(article_outlet(article), article.id)

    def for_outlet(self, outlet: str | None, exclude: str | None) -> tuple[HomeRegion, ...]:
        """The outlet's home without the article ``exclude``'s own places."""
        if outlet is None or outlet not in self._rows:
            return ()
        return home_of(self._rows[outlet], exclude=exclude)


def same_home(a: Iterable[HomeRegion], b: Iterable[HomeRegion]) -> bool:
    """Whether two homes name the same regions: an analysis is made again when its outlet's
    home regions change, not when their shares drift as the archive grows."""
    return {(h.country, h.admin1) for h in a} == {(h.country, h.admin1) for h in b}


def home_from_record(record: Mapping[str, Any]) -> tuple[HomeRegion, ...]:
    """The home an analysis record was made with."""
    return tuple(HomeRegion(h["country"], h["admin1"], float(h["share"]))
                 for h in record.get("outlet_home") or ())
