"""Latency and throughput of the web API's incident list over a 10,000-article store.

The store is synthetic but shaped like a real one: articles written with ``Store.save_analysis``
(deterministic RNG), each reporting one to four happenings at a few hundred real towns of the
gazetteer (Ukraine, Sudan, Syria; front-line towns get most of them), over two years, in
several languages, with actor sides and statuses; then linked with ``update_links`` into
incidents, stories, contradictions and control changes, as ``dateline analyze`` would.

The app runs under uvicorn in a child process on a free loopback port; a few concurrent httpx
clients
then fetch ``/api/v1/incidents`` with varied filters (none, place by name or id, type, side,
language, date window, bbox, paging). The first request (which parses the store's incidents
into memory) is timed apart; the rest give p50/p95/p99 and requests per second. Target:
p95 < 100 ms.

Usage: python benchmarks/web_api.py [--articles 10000] [--requests 1000] [--clients 4]
       [--seed 7] [--db PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

import dateline.link.update as link_update
from dateline.gazetteer.lookup import Gazetteer
from dateline.model import Article
from dateline.store.sqlite import Store

START = date(2022, 2, 24)
DAYS = 730
COUNTRIES = {"UA": ("UA", "RU"), "SD": ("SD", "SD-RSF"), "SY": ("SY", "SY-HTS")}
TOWNS = {"UA": 240, "SD": 60, "SY": 60}
KINDS = [  # (type, subtype, weight)
    ("ASSAULT", "shelling", 30), ("ASSAULT", "missile_strike", 10),
    ("ASSAULT", "ground_battle", 15),
    ("RETREAT", "withdrawal", 6), ("ASSAULT", "territory_regained", 5), ("ASSAULT", "capture", 4),
    ("ASSAULT", "casualties", 10), ("OTHER", "evacuation", 5), ("CONSULT", "talks", 3),
]
LANGUAGES = ("en", "fr", "uk", "de", "es", "ru", "ar")
OUTLETS = [f"Outlet {i}" for i in range(40)]
STATUSES = ("reported", "claimed", "confirmed", "unverified")


def _towns(per_country: dict[str, int]) -> list[dict[str, Any]]:
    """Real towns from the gazetteer index, largest first, per country."""
    path = Gazetteer.open().path
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    towns = []
    for country, n in per_country.items():
        for gid, name, lat, lon, admin1 in conn.execute(
                "SELECT id, name, lat, lon, admin1 FROM places WHERE country = ? "
                "AND kind IN ('city', 'village') ORDER BY population DESC, id LIMIT ?",
                (country, n)):
            towns.append({"gazetteer_id": gid, "name": name, "lat": lat, "lon": lon,
                          "country": country, "admin1": admin1, "kind": "city"})
    conn.close()
    return towns


def _record(rng: random.Random, article_id: str, town_pool: list[dict[str, Any]],
            weights: list[float]) -> tuple[Article, dict[str, Any]]:
    published = START + timedelta(days=rng.randrange(DAYS))
    language = rng.choice(LANGUAGES)
    happenings = rng.randint(1, 4)
    places, events, sentences, text_parts = [], [], [], []
    offset = 0
    for n in range(happenings):
        town = rng.choices(town_pool, weights)[0]
        etype, subtype, _ = rng.choices(KINDS, [k[2] for k in KINDS])[0]
        side = rng.choice(COUNTRIES[town["country"]])
        day = published - timedelta(days=rng.randrange(4))
        sentence = f"Forces of {side} reported {subtype} in {town['name']} on {day}. "
        start, end = offset, offset + len(sentence) - 1
        text_parts.append(sentence)
        sentences.append([start, end])
        offset += len(sentence)
        mention = {"start": start + sentence.index(town["name"]),
                   "end": start + sentence.index(town["name"]) + len(town["name"]),
                   "sentence": n, "method": "bench"}
        places.append({**town, "mentions": [town["name"]], "method": "bench",
                       "spans": [mention]})
        events.append({
            "type": etype, "subtype": subtype, "actor": f"{side} armed forces",
            "actor_side": side, "target": None, "location": town["name"], "lat": town["lat"],
            "lon": town["lon"], "date": day.isoformat() if rng.random() < 0.8 else None,
            "date_text": None, "claimed_by": None, "status": rng.choice(STATUSES),
            "evidence": sentence.strip(), "mode": None, "trigger": subtype,
            "geo_precision": 1, "time_precision": 1,
            "provenance": {"start": start, "end": end, "sentence": n, "method": "bench"},
        })
    text = "".join(text_parts)
    source = rng.choice(OUTLETS)
    record = {"id": article_id, "language": language, "published": published.isoformat(),
              "source": source, "url": None, "title": f"Report {article_id}", "places": places,
              "events": events, "quotes": [], "quantities": [], "times": [],
              "sentences": sentences, "entities": [], "dateline_version": "bench"}
    article = Article(id=article_id, text=text, title=record["title"],
                      published=record["published"], source=source, language=language)
    return article, record


def build_store(path: Path, articles: int, seed: int) -> dict[str, float]:
    """Write the synthetic articles and link them (incidents, stories, contradictions,
    control changes), timing both."""
    rng = random.Random(seed)
    towns = _towns(TOWNS)
    weights = [1.0 / (1 + i % 60) for i in range(len(towns))]  # a skewed front line
    started = time.perf_counter()
    with Store(path) as store:
        for i in range(articles):
            store.save_analysis(*_record(rng, f"bench-{i:05d}", towns, weights))
        written = time.perf_counter() - started
        summary = link_update.update_links(store)
    return {"write_s": written, "link_s": time.perf_counter() - started - written,
            "incidents": summary.incidents, "control_changes": summary.control_changes}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_SERVE = ("import sys, uvicorn; from pathlib import Path; "
          "from dateline.web.app import create_app; "
          "uvicorn.run(create_app(Path(sys.argv[1])), host='127.0.0.1', port=int(sys.argv[2]), "
          "log_level='warning', access_log=False)")


class _Server:
    """``uvicorn`` serving the app in a child process (so the load generator does not share
    its interpreter lock), on a free loopback port."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> str:
        self.process = subprocess.Popen([sys.executable, "-c", _SERVE, str(self.db),
                                         str(self.port)])
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/api/v1/config", timeout=1).raise_for_status()
                return base
            except httpx.HTTPError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _queries(rng: random.Random, towns: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    def one() -> dict[str, Any]:
        town = rng.choice(towns[:120])
        day = START + timedelta(days=rng.randrange(DAYS - 30))
        lon, lat = town["lon"], town["lat"]
        return rng.choice([
            {},
            {"place": town["name"]},
            {"place": town["gazetteer_id"]},
            {"type": "ASSAULT", "side": "RU"},
            {"language": rng.choice(LANGUAGES), "limit": 100},
            {"since": day.isoformat(), "until": (day + timedelta(days=30)).isoformat()},
            {"bbox": f"{lon - 1:.3f},{lat - 1:.3f},{lon + 1:.3f},{lat + 1:.3f}"},
            {"status": "confirmed", "offset": 200, "limit": 50},
            {"subtype": "withdrawal", "place": town["name"], "since": day.isoformat()},
        ])
    return [one() for _ in range(n)]


def run(db: Path, requests: int, clients: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed + 1)
    towns = _towns(TOWNS)
    queries = _queries(rng, towns, requests)
    with _Server(db) as base, httpx.Client(base_url=base, timeout=30) as warm:
        started = time.perf_counter()
        warm.get("/api/v1/incidents").raise_for_status()
        first_ms = (time.perf_counter() - started) * 1000

        def fetch(params: dict[str, Any], client: httpx.Client) -> float:
            t0 = time.perf_counter()
            client.get("/api/v1/incidents", params=params).raise_for_status()
            return (time.perf_counter() - t0) * 1000

        local = threading.local()

        def task(params: dict[str, Any]) -> float:
            if not hasattr(local, "client"):
                local.client = httpx.Client(base_url=base, timeout=30)
            return float(fetch(params, local.client))

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            times = list(pool.map(task, queries))
        elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(times, n=100)
    return {"requests": requests, "clients": clients, "first_ms": first_ms,
            "p50_ms": cuts[49], "p95_ms": cuts[94], "p99_ms": cuts[98],
            "req_per_s": requests / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="reuse (or build once) this store")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        built = ({} if db.exists()
                 else build_store(db, args.articles, args.seed))
        result = {"articles": args.articles, **built,
                  **run(db, args.requests, args.clients, args.seed)}
    if args.json:
        print(json.dumps(result))
        return
    table = Table(title=f"web API: GET /api/v1/incidents ({args.articles:,} articles)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key, f"{value:,.1f}" if isinstance(value, float) else f"{value:,}")
    Console().print(table)


if __name__ == "__main__":
    main()
