"""Killing a run mid-way leaves every stored article whole; running again completes it."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from dateline.store.sqlite import Store
from tests.conftest import DATELINE, run_cli

WORDS = [
    "army",
    "town",
    "river",
    "bridge",
    "shelling",
    "front",
    "troops",
    "village",
    "drone",
    "artillery",
    "convoy",
    "border",
    "minister",
    "statement",
    "refugees",
    "region",
    "offensive",
    "counter",
    "attack",
    "ceasefire",
    "talks",
    "city",
    "airport",
    "railway",
    "supply",
    "depot",
    "brigade",
    "battalion",
    "reservists",
    "police",
    "governor",
    "mayor",
    "hospital",
    "school",
    "power",
    "plant",
    "dam",
    "harbour",
    "port",
    "fleet",
    "missile",
    "strike",
    "defence",
    "line",
    "trench",
    "winter",
    "summer",
    "morning",
    "evening",
    "report",
    "witness",
    "video",
    "photo",
    "confirm",
    "deny",
    "claim",
    "official",
]
COUNT = 300


def _corpus(path: Path) -> Path:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(COUNT):
            words = [rng.choice(WORDS) for _ in range(160)]
            text = " ".join(words).capitalize() + "."
            fh.write(json.dumps({"id": f"a{i:04d}", "text": text, "language": "en"}) + "\n")
    return path


def _analysed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM analyses").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _wait_for(db: Path, proc: subprocess.Popen[bytes], at_least: int) -> None:
    deadline = time.monotonic() + 180
    while _analysed(db) < at_least:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.05)


def _assert_whole(db: Path) -> int:
    with Store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = store.conn.execute(
            "SELECT a.id, n.record FROM articles a LEFT JOIN analyses n ON n.article_id = a.id"
        ).fetchall()
        for article_id, record in rows:
            assert record is not None, f"{article_id} stored without its analysis"
            assert json.loads(record)["id"] == article_id
        return len(rows)


def _start(corpus: Path, db: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(DATELINE), "analyze", str(corpus), "--db", str(db), "-q", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_killing_the_run_keeps_earlier_articles_whole(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "many.jsonl")
    db = tmp_path / "d.db"
    proc = _start(corpus, db)
    _wait_for(db, proc, 20)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    stored = _assert_whole(db)
    assert 20 <= stored < COUNT
    result = run_cli("analyze", str(corpus), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert f"unchanged (already stored) │ {stored}" in result.stderr
    assert _assert_whole(db) == COUNT


@pytest.mark.slow
def test_killing_a_worker_process_stops_the_run_cleanly(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "many.jsonl")
    db = tmp_path / "d.db"
    proc = _start(corpus, db, "--workers", "2")
    _wait_for(db, proc, 20)
    workers = psutil.Process(proc.pid).children()
    assert workers, "no worker processes"
    workers[0].kill()
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert b"aborted: an analysis worker process died" in stderr
    stored = _assert_whole(db)
    assert 20 <= stored < COUNT
    assert run_cli("analyze", str(corpus), "--db", str(db), "-q").returncode == 0
    assert _assert_whole(db) == COUNT
