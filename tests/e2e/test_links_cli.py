"""The cross-article commands on the bundled demo corpus, as a user runs them: analyse
(which links), incidents, stories, contradictions, a control timeline, every export read
back with its own library, and an incremental second run."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dateline.demo import demo_corpus
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("links") / "demo.db"
    result = run_cli("analyze", str(demo_corpus()), "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "linked " in result.stderr and " incidents (" in result.stderr
    return path


def test_one_withdrawal_from_kherson_with_sources_in_three_languages(db: Path) -> None:
    result = run_cli("incidents", "--db", str(db), "--place", "Херсон", "--json")
    assert result.returncode == 0, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    withdrawals = [i for i in found if i["subtype"] == "withdrawal"]
    assert len(withdrawals) == 1
    kherson = withdrawals[0]
    assert {"en", "fr", "uk"} <= set(kherson["languages"]) and kherson["articles"] >= 3
    assert kherson["status"] == "confirmed" and kherson["actor_side"] == "RU"
    assert all(r["evidence"] and r["article_id"] for r in kherson["reports"])
    table = run_cli("incidents", "--db", str(db), "--since", "2023-01-01")
    assert table.returncode == 0 and "inc_" in table.stdout and "2022-11" not in table.stdout


def test_control_timeline_and_who_held_the_town(db: Path) -> None:
    result = run_cli("control", "kherson", "--db", str(db), "--on", "2022-12-01")
    assert result.returncode == 0, result.stderr
    assert "2022-11" in result.stdout
    assert "kherson on 2022-12-01: held by UA since 2022-11" in result.stdout
    before = run_cli("control", "Kherson", "--db", str(db), "--on", "2022-10-01")
    assert "held by RU" in before.stdout


def test_stories_and_contradictions(db: Path) -> None:
    stories = run_cli("stories", "--db", str(db))
    assert stories.returncode == 0 and "Kherson" in stories.stdout
    found = run_cli("contradictions", "--db", str(db))
    assert found.returncode == 0 and "territory retaken" in found.stdout


def test_every_export_reads_back(db: Path, tmp_path: Path) -> None:
    incidents = [json.loads(x) for x in run_cli(
        "export", "incidents", "--db", str(db)).stdout.splitlines()]
    assert incidents and all(i["reports"] for i in incidents)
    assert run_cli("export", "acled", "--db", str(db), "--out", str(tmp_path / "a.csv")
                   ).returncode == 0
    with open(tmp_path / "a.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and rows[0].keys() >= {"event_id_cnty", "event_date", "latitude", "source"}
    assert run_cli("export", "geojson", "--db", str(db), "--out", str(tmp_path / "g.json")
                   ).returncode == 0
    collection = json.loads((tmp_path / "g.json").read_text("utf-8"))
    kinds = {f["properties"]["feature"] for f in collection["features"]}
    assert collection["type"] == "FeatureCollection" and kinds == {"incident", "control_change"}
    assert run_cli("export", "parquet", "--db", str(db), "--out", str(tmp_path / "pq")
                   ).returncode == 0
    assert pq.read_table(tmp_path / "pq" / "incidents.parquet").num_rows == len(incidents)
    assert run_cli("export", "acled", "--db", str(db)).returncode == 2  # needs --out


def test_a_second_run_links_nothing_again(db: Path) -> None:
    result = run_cli("analyze", str(demo_corpus()), "--db", str(db))
    assert result.returncode == 0 and "linked 0 analyses" in result.stderr
    rebuilt = run_cli("link", "--db", str(db), "--rebuild")
    assert rebuilt.returncode == 0 and "incidents" in rebuilt.stderr
