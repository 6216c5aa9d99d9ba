"""Geoparsing benchmark: dateline on the public corpora (GeoWebNews, LGL, TR-News).

For each corpus: `geobench.py convert` writes the articles as .txt + .meta.json, dateline
analyses them (the full analysis, places as in production), and `geobench.py score`
scores the JSON Lines. Prints one table with the field's reference figures (Mordecai3,
given the gold names: acc@161 82.7 LGL, 87.3 TR-News, 94.1 GWN).

Usage: python benchmarks/geoparse.py [--shared ../shared] [--corpus GWN lgl TR-News]
                                     [--limit N] [--workers 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dateline.ingest.limits import Limits
from dateline.run import run_analysis
from dateline.store.sqlite import Store

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {"GWN": "GWN.xml", "lgl": "lgl.xml", "TR-News": "TR-News.xml"}
MORDECAI3 = {"GWN": 0.941, "lgl": 0.827, "TR-News": 0.873}
METRICS = ("recognition_recall", "acc161_end_to_end", "acc161_recognised", "mean_error_km",
           "place_precision")


def run_corpus(geobench: Path, corpus: Path, workdir: Path, limit: int | None,
               workers: int) -> dict:
    texts = workdir / "texts"
    cmd = [sys.executable, str(geobench), "convert", str(corpus), str(texts)]
    if limit:
        cmd += ["--limit", str(limit)]
    subprocess.run(cmd, check=True, capture_output=True)
    pred = workdir / "pred.jsonl"
    started = time.perf_counter()
    with Store(workdir / "bench.db") as store:
        # Benchmark articles are often near-duplicates of one another (same wire story):
        # each must still be analysed, so they go in one by one into a fresh store.
        result = run_analysis([str(texts)], store, jsonl=str(pred), workers=workers,
                              limits=Limits(), dedupe=False)
    seconds = time.perf_counter() - started
    scored = subprocess.run(
        [sys.executable, str(geobench), "score", str(corpus), str(pred), "--json"],
        check=True, capture_output=True, text=True,
    )
    res = json.loads(scored.stdout)
    res["articles"] = result.analysed
    res["seconds"] = round(seconds, 1)
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", nargs="+", choices=list(CORPORA), default=list(CORPORA))
    parser.add_argument("--limit", type=int, help="articles per corpus (default: all)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep each corpus's texts and predictions "
                        "in KEEP/<corpus>/ for inspection")
    args = parser.parse_args()
    geobench = args.shared / "tools" / "geobench.py"
    results = {}
    for name in args.corpus:
        corpus = args.shared / "bench" / "geoparsing" / CORPORA[name]
        if args.keep:
            workdir = args.keep / name
            workdir.mkdir(parents=True, exist_ok=True)
            results[name] = run_corpus(geobench, corpus, workdir, args.limit, args.workers)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            results[name] = run_corpus(geobench, corpus, Path(tmp), args.limit, args.workers)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    table = Table(title="geoparsing (geobench.py)")
    table.add_column("corpus")
    for col in ("articles", *METRICS, "Mordecai3 acc161 (gold names)", "seconds"):
        table.add_column(col, justify="right")
    for name, res in results.items():
        cells = [f"{res.get(m, float('nan')):.3f}" if isinstance(res.get(m), float)
                 else str(res.get(m)) for m in METRICS]
        table.add_row(name, str(res["articles"]), *cells, f"{MORDECAI3[name]:.3f}",
                      str(res["seconds"]))
    Console(width=200).print(table)


if __name__ == "__main__":
    main()
