"""The command line as a user runs it: exit codes, messages, files written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dateline.schema.validate import record_errors
from tests.conftest import EN_TEXT, UK_TEXT, run_cli

Write = Callable[..., Path]


@pytest.mark.parametrize("command", [[], ["analyze"], ["show"], ["export"], ["demo"], ["link"],
                                     ["incidents"], ["stories"], ["contradictions"],
                                     ["control"]])
def test_help_everywhere(command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0
    assert "Usage: dateline" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert run_cli("analyze").returncode == 2
    assert run_cli("export", "pdf").returncode == 2
    assert run_cli("frobnicate").returncode == 2


def test_analyze_show_export_and_failures(write: Write, tmp_path: Path) -> None:
    write("in/en.txt", EN_TEXT)
    write("in/en.meta.json", json.dumps({"published": "2022-11-11", "source": "Wire"}))
    write("in/uk.txt", UK_TEXT)
    write("in/empty.txt", b"")
    write("in/feed.xml", b"<rss><channel><item><title>cut off")
    other = ("Russian forces shelled the town of Nikopol across the river on Sunday, the "
             "regional governor said on Telegram. Two people were wounded.")
    write("in/lines.jsonl", json.dumps({"id": "j1", "text": other, "language": "en"})
          + "\n{oops\n")
    db = tmp_path / "d.db"
    out = tmp_path / "out.jsonl"
    result = run_cli("analyze", str(tmp_path / "in"), "--db", str(db), "--jsonl", str(out))
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert f"failed: {tmp_path / 'in' / 'empty.txt'}: empty file" in err
    assert f"failed: {tmp_path / 'in' / 'feed.xml'}: not a valid RSS/Atom feed" in err
    assert f"failed: {tmp_path / 'in' / 'lines.jsonl'}:2: invalid JSON" in err
    assert "articles read" in err and "languages" in err and "en 2, uk 1" in err
    records = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert {r["id"] for r in records} == {"en", "uk", "j1"}
    assert all(record_errors(r) == [] for r in records)
    en = next(r for r in records if r["id"] == "en")
    assert (en["published"], en["source"]) == ("2022-11-11", "Wire")

    shown = run_cli("show", "uk", "--db", str(db))
    assert shown.returncode == 0 and json.loads(shown.stdout)["language"] == "uk"
    missing = run_cli("show", "nope", "--db", str(db))
    assert missing.returncode == 1 and "no article 'nope'" in missing.stderr

    exported = run_cli("export", "jsonl", "--db", str(db))
    assert exported.returncode == 0
    assert [json.loads(x)["id"] for x in exported.stdout.splitlines()] == [
        r["id"] for r in records
    ]
    to_file = run_cli("export", "jsonl", "--db", str(db), "--out", str(tmp_path / "e.jsonl"))
    assert to_file.returncode == 0 and "exported 3 jsonl records to" in to_file.stderr
    assert (tmp_path / "e.jsonl").read_text("utf-8") == exported.stdout

    again = run_cli("analyze", str(tmp_path / "in" / "en.txt"), str(tmp_path / "in" / "uk.txt"),
                    "--db", str(db))
    assert again.returncode == 0
    assert "unchanged (already stored) │ 2" in again.stderr


def test_stdin_and_missing_inputs(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    result = run_cli("analyze", "-", str(tmp_path / "nope.txt"), "--db", str(db),
                     "--jsonl", "-", input=UK_TEXT)
    assert result.returncode == 1
    assert f"failed: {tmp_path / 'nope.txt'}: no such file or folder" in result.stderr
    (record,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert record["id"].startswith("stdin-") and record["language"] == "uk"


def test_bad_database_is_a_clear_error(tmp_path: Path, write: Write) -> None:
    junk = write("junk.db", b"not a database" * 200)
    result = run_cli("analyze", str(write("a.txt", EN_TEXT)), "--db", str(junk))
    assert result.returncode == 1
    assert "not a usable dateline database" in result.stderr
