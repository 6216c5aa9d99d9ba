"""Gazetteer: build time, index size and lookup speed, on this machine.

Builds the default index into a temporary folder (the bundled sources: cities500,
countries, admin-1, curated features), then times candidates() and has_name() over 2,000
real place names. Usage: python benchmarks/gazetteer.py
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from dateline.gazetteer import Gazetteer, build_index


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazetteer.sqlite"
        report = build_index(path)
        print(f"build: {report.seconds:.1f} s, {report.places:,} places, {report.names:,} names, "
              f"{report.size_bytes / 2**20:.0f} MB")
        gaz = Gazetteer.open(path, build=False)
        conn = sqlite3.connect(path)
        names = [r[0] for r in conn.execute(
            "SELECT name FROM places WHERE population >= 5000 ORDER BY id LIMIT 2000")]
        conn.close()
        for label, call in (("candidates()", gaz.candidates), ("has_name()", gaz.has_name)):
            start = time.perf_counter()
            for name in names:
                call(name + " ")  # a fresh string each time: no cache hit
            per_call = (time.perf_counter() - start) / len(names)
            print(f"{label:13} {per_call * 1e3:.3f} ms per call over {len(names):,} names")


if __name__ == "__main__":
    main()
