"""Shared fixtures. spaCy pipelines are cached per process (dateline.nlp.pipeline), so each
is loaded once per test session whatever the number of tests using it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dateline.store.sqlite import Store

ROOT = Path(__file__).resolve().parents[1]
DATELINE = Path(sys.executable).with_name("dateline")

FR_TEXT = (
    "Les forces russes se retirent de Kherson\n\n"
    "L'armée russe a annoncé vendredi avoir achevé son retrait de la ville de Kherson, "
    "dans le sud de l'Ukraine. Les troupes ont traversé le Dniepr vers la rive gauche.\n"
    "À Kyiv, le président ukrainien a salué une journée historique.\n"
)
EN_TEXT = (
    "Ukrainian forces enter Kherson\n\n"
    "Ukrainian troops entered the city of Kherson on Friday after Russia said it had completed "
    "its withdrawal across the Dnipro River. Residents gathered in the central square.\n"
)
UK_TEXT = (
    "Українські війська увійшли до Херсона\n\n"
    "Українські війська в п'ятницю увійшли до Херсона. Росія заявила, що завершила відведення "
    "військ на лівий берег Дніпра. Мешканці вийшли на площу.\n"
)


@pytest.fixture(scope="session", autouse=True)
def gazetteer_index() -> Path:
    """The gazetteer index every test (and every CLI process a test starts) uses: the one at
    $DATELINE_GAZETTEER, else the user's default, built once if missing (about 25 s)."""
    from dateline.gazetteer.build import build_index, default_index_path

    path = default_index_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build_index(path)
    os.environ["DATELINE_GAZETTEER"] = str(path)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a file under tmp_path: write("a/b.txt", "text") or bytes."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    return _write


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None,
            timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run the installed `dateline` command as a user would."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}  # keeps DATELINE_GAZETTEER
    env.pop("DATELINE_DB", None)
    return subprocess.run(
        [str(DATELINE), *args], cwd=cwd, input=input, capture_output=True, text=True,
        timeout=timeout, env=env, check=False,
    )
