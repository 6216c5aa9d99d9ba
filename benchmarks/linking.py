"""Speed and quality of cross-article incident linking on synthetic reports with ground truth.

The generator (deterministic RNG) builds some hundreds of towns in admin-1 regions of four
countries, and happenings over two years (shelling, withdrawals, recaptures, fighting, blasts,
casualties, evacuations, talks ...) at towns drawn with a skew (front-line towns get most of
them, as in real reporting). Each happening is reported 1-8 times by different outlets in
several languages, with what real reports vary in: a sibling subtype (shelling / missile
strike), a region-level or article-level place, a date stated, dated by the report day, given
as a week, or missing; a missing actor side. Reports are then bundled into articles of one to
four events (never two of one happening), published a few days after the happening.

For each size the whole set is linked with ``dateline.link.incidents.link`` and timed (report
building excluded), and the clustering is scored against the ground truth: pairwise precision
(report pairs put in one incident that are one happening) and recall (pairs of one happening
put in one incident).

Usage: python benchmarks/linking.py [--sizes 10000 30000 100000] [--seed 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from rich.console import Console
from rich.table import Table

from dateline.link.incidents import link
from dateline.model import Provenance, Report

START = date(2022, 2, 24)
DAYS = 730
COUNTRIES = {  # code: (lat range, lon range, number of regions, sides)
    "UA": ((46.0, 51.5), (23.5, 39.5), 14, ("UA", "RU")),
    "SD": ((10.0, 19.0), (23.0, 36.0), 8, ("SD", "SD-RSF")),
    "SY": ((32.5, 37.0), (36.0, 41.5), 7, ("SY", "SY-HTS")),
    "AZ": ((38.5, 41.5), (45.0, 49.5), 5, ("AZ", "AM")),
}
TOWNS_PER_REGION = (6, 18)
# A happening kind: the (type, subtype) variants reports use for it, and how common it is.
KINDS: dict[str, tuple[list[tuple[str, str | None]], int]] = {
    "shelling": ([("ASSAULT", "shelling"), ("ASSAULT", "missile_strike"), ("ASSAULT", None)], 30),
    "withdrawal": ([("RETREAT", "withdrawal"), ("RETREAT", "territory_lost")], 8),
    "recapture": ([("ASSAULT", "territory_regained"), ("ASSAULT", "capture"),
                   ("ASSAULT", "advance")], 8),
    "fighting": ([("ASSAULT", "ground_battle"), ("ASSAULT", "offensive")], 20),
    "blast": ([("ASSAULT", "bombing"), ("COERCE", "destruction")], 6),
    "casualties": ([("ASSAULT", "casualties"), ("ASSAULT", "killing")], 12),
    "evacuation": ([("OTHER", "evacuation"), ("COERCE", "displacement")], 6),
    "talks": ([("CONSULT", "talks"), ("CONSULT", "meeting")], 4),
    "order": ([("RETREAT", "withdrawal_order")], 3),
    "aid": ([("AID", "humanitarian_aid")], 3),
}
LANGUAGES = ("en", "fr", "uk", "de", "es", "ru", "ar")
OUTLETS = tuple(f"Outlet {n:02d}" for n in range(60))
STATUSES = ("reported", "reported", "reported", "claimed", "claimed", "confirmed", "unverified")
PROV = Provenance(0, 1, 0, "synthetic")


@dataclass(frozen=True)
class Town:
    gid: str
    name: str
    country: str
    admin1: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Region:
    gid: str
    name: str
    country: str
    lat: float
    lon: float


def gazetteer(rng: random.Random) -> tuple[list[Town], dict[str, Region]]:
    """Towns clustered around region centres, in each country's bounding box."""
    towns: list[Town] = []
    regions: dict[str, Region] = {}
    for code, ((la0, la1), (lo0, lo1), n_regions, _) in COUNTRIES.items():
        for r in range(n_regions):
            name = f"{code} Region {r}"
            lat, lon = rng.uniform(la0, la1), rng.uniform(lo0, lo1)
            regions[name] = Region(f"syn:{code}-r{r}", name, code, lat, lon)
            for t in range(rng.randint(*TOWNS_PER_REGION)):
                towns.append(Town(f"syn:{code}-r{r}-t{t}", f"{code}-{r}-{t}", code, name,
                                  lat + rng.gauss(0, 0.45), lon + rng.gauss(0, 0.6)))
    return towns, regions


@dataclass(frozen=True)
class Happening:
    n: int
    kind: str
    town: Town
    side: str
    day: int  # days after START


def happenings(rng: random.Random, towns: list[Town], count: int) -> list[Happening]:
    """Happenings at towns drawn with a Zipf-like skew, on uniform days over two years."""
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(towns))]
    order = towns[:]
    rng.shuffle(order)
    kinds = list(KINDS)
    kind_weights = [KINDS[k][1] for k in kinds]
    picked_towns = rng.choices(order, weights=weights, k=count)
    picked_kinds = rng.choices(kinds, weights=kind_weights, k=count)
    return [
        Happening(n, kind, town, rng.choice(COUNTRIES[town.country][3]), rng.randrange(DAYS))
        for n, (kind, town) in enumerate(zip(picked_kinds, picked_towns, strict=True))
    ]


def iso(day: int) -> str:
    return (START + timedelta(days=day)).isoformat()


@dataclass
class Draft:
    """One report before it is bundled into an article."""

    happening: Happening
    published: int
    fields: dict[str, object]


def draft(rng: random.Random, h: Happening, regions: dict[str, Region]) -> Draft:
    """One outlet's report of a happening, with the variation real reports show."""
    published = h.day + rng.choice((0, 0, 0, 1, 1, 2, 3))
    type_, subtype = rng.choice(KINDS[h.kind][0])
    roll = rng.random()
    place: dict[str, object]
    if roll < 0.15:
        region = regions[h.town.admin1]
        place = {"location": region.name, "gazetteer_id": region.gid, "place_kind": "region",
                 "lat": region.lat, "lon": region.lon, "geo_precision": 2}
    else:
        place = {"location": h.town.name, "gazetteer_id": h.town.gid, "place_kind": "city",
                 "lat": h.town.lat, "lon": h.town.lon,
                 "geo_precision": 3 if roll > 0.9 else rng.choice((1, 1, 2))}
    roll = rng.random()
    when: tuple[str | None, int | None]
    if roll < 0.6:
        when = (iso(h.day), 1)
    elif roll < 0.8:
        when = (iso(published), 3)  # dated by the report day
    elif roll < 0.9:
        monday = h.day - (START + timedelta(days=h.day)).weekday()
        when = (f"{iso(monday)}/{iso(monday + 6)}", 2)
    else:
        when = (None, None)
    return Draft(h, published, {
        "type": type_, "subtype": subtype, "date": when[0], "time_precision": when[1],
        "actor_side": h.side if rng.random() < 0.85 else None,
        "actor": f"{h.side} forces", "country": h.town.country, "admin1": h.town.admin1,
        "status": rng.choice(STATUSES), **place,
    })


def articles(rng: random.Random, drafts: list[Draft]) -> list[Report]:
    """Bundle drafts into articles of 1-4 events of different happenings, by publication."""
    drafts.sort(key=lambda d: (d.published, rng.random()))
    reports: list[Report] = []
    n_article = 0
    open_article: list[Draft] = []
    size = 1
    for d in [*drafts, None]:  # type: ignore[list-item]
        clash = d is not None and any(o.happening.n == d.happening.n for o in open_article)
        if open_article and (d is None or len(open_article) >= size or clash
                             or d.published != open_article[0].published):
            reports += bundle(rng, f"a{n_article:07d}", open_article)
            n_article += 1
            open_article, size = [], rng.choice((1, 1, 2, 2, 3, 4))
        if d is not None:
            open_article.append(d)
    return reports


def bundle(rng: random.Random, article_id: str, drafts: list[Draft]) -> list[Report]:
    """The reports of one article: one outlet, one language, one publication day."""
    source, language = rng.choice(OUTLETS), rng.choice(LANGUAGES)
    published = iso(drafts[0].published)
    return [
        Report(article_id=article_id, event_index=i, source=source, language=language,
               published=published, url=None, mode=None, target=None, claimed_by=None,
               trigger=None, evidence=f"happening {d.happening.n}", provenance=PROV,
               **d.fields)  # type: ignore[arg-type]
        for i, d in enumerate(drafts)
    ]


def corpus(n_events: int, seed: int) -> list[Report]:
    """About n_events synthetic reports (ground truth in each report's evidence)."""
    rng = random.Random(seed)
    towns, regions = gazetteer(rng)
    hs = happenings(rng, towns, n_events)  # more than needed: stops at n_events reports
    drafts: list[Draft] = []
    for h in hs:
        for _ in range(min(8, 1 + int(rng.expovariate(0.5)))):
            drafts.append(draft(rng, h, regions))
            if len(drafts) >= n_events:
                break
        if len(drafts) >= n_events:
            break
    return articles(rng, drafts)


def pairs(sizes: Counter[object]) -> int:
    return sum(c * (c - 1) // 2 for c in sizes.values())


def quality(reports: list[Report], groups: dict[tuple[str, int], str]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the happenings."""
    truth = {r.key: r.evidence for r in reports}
    both = Counter((groups[k], truth[k]) for k in truth)
    true_pairs, pred_pairs = pairs(Counter(truth.values())), pairs(Counter(groups.values()))
    hit = pairs(both)
    return (hit / pred_pairs if pred_pairs else 1.0, hit / true_pairs if true_pairs else 1.0)


def run(n_events: int, seed: int) -> dict[str, float | int]:
    reports = corpus(n_events, seed)
    start = time.perf_counter()
    incidents = link(reports)
    seconds = time.perf_counter() - start
    groups = {r.key: inc.id for inc in incidents for r in inc.reports}
    precision, recall = quality(reports, groups)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "events": len(reports), "happenings": len({r.evidence for r in reports}),
        "incidents": len(incidents), "seconds": round(seconds, 2),
        "reports_per_s": round(len(reports) / seconds) if seconds else math.inf,
        "pair_precision": round(precision, 4), "pair_recall": round(recall, 4),
        "pair_f1": round(f1, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    rows = [run(n, args.seed) for n in args.sizes]
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    table = Table(title="incident linking (synthetic reports, one process)")
    for column in ("events", "happenings", "incidents", "seconds", "reports/s",
                   "pair precision", "pair recall", "pair F1"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
