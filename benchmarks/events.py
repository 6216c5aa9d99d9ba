"""Event extraction benchmark: dateline on gold-annotated articles, scored by score.py.

Sets: our own events dev set (`tests/data/events_dev`, 24 articles we wrote in five
languages, GOLD.md format) and, when `../shared` is there, the five seed articles. Each set
is analysed from scratch (a fresh store) and scored with `../shared/tools/score.py`; the
table shows event precision, recall, F1 and the accuracy of dates, statuses, claimants and
actor sides on matched events (targets: F1 0.60, date 0.80, status 0.75, claimed_by 0.75,
side 0.85; NGEC-2025, the reference PLOVER coder, reports type macro F1 0.52).

Usage: python benchmarks/events.py [--shared ../shared] [--set dev seeds] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dateline.ingest.limits import Limits
from dateline.run import run_analysis
from dateline.store.sqlite import Store

ROOT = Path(__file__).resolve().parents[1]
ROWS = ("events", "event_date", "event_status", "event_claimed_by", "event_actor_side",
        "places", "macro_f1")


def parse_score(output: str) -> dict[str, list[float]]:
    """score.py's table as {row: [numbers ...]} (P, R, F1 for fields; one figure otherwise)."""
    out: dict[str, list[float]] = {}
    for line in output.splitlines():
        m = re.match(r"^(\w+)\s+([\d.\s/]+)$", line.strip())
        if m and m.group(1) in ROWS:
            out[m.group(1)] = [float(x) for x in re.findall(r"\d+\.\d+", m.group(2))]
    return out


def score_set(gold: Path, inputs: Path, score_py: Path) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "out.jsonl"
        with Store(Path(tmp) / "bench.db") as store:
            result = run_analysis([str(inputs)], store, jsonl=str(jsonl), limits=Limits())
        if result.failures:
            print(f"{inputs}: {len(result.failures)} inputs failed", file=sys.stderr)
        scored = subprocess.run(
            [sys.executable, str(score_py), "--gold", str(gold), "--pred", str(jsonl)],
            check=True, capture_output=True, text=True,
        )
    return parse_score(scored.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--set", nargs="+", default=["dev", "seeds"], choices=["dev", "seeds"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    score_py = args.shared / "tools" / "score.py"
    if not score_py.is_file():
        sys.exit(f"benchmarks/events.py: {score_py} not found (use --shared)")
    sets = {"dev": (ROOT / "tests" / "data" / "events_dev",) * 2,
            "seeds": (args.shared / "eval" / "seeds", args.shared / "seeds")}
    results = {name: score_set(*sets[name], score_py) for name in args.set}
    if args.json:
        print(json.dumps(results, indent=1))
        return
    table = Table(title="events: dateline vs gold (score.py)")
    table.add_column("set")
    for row in ROWS:
        table.add_column(row.replace("event_", ""), justify="right")
    for name, figures in results.items():
        cells = [f"{figures[r][-1]:.3f}" if r in figures else "-" for r in ROWS]
        table.add_row(name, *cells)
    Console().print(table)


if __name__ == "__main__":
    main()
