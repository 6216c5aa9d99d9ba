"""Gazetteer fixtures: the real default index, built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dateline.gazetteer import Gazetteer, build_index


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The default gazetteer index, built from the real sources into a temporary folder once
    per session (about 25 s), or the index at ``$DATELINE_GAZETTEER`` when that is set (built
    there first if missing)."""
    env = os.environ.get("DATELINE_GAZETTEER")
    if env:
        return Gazetteer.open(Path(env))
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    build_index(path)
    return Gazetteer.open(path, build=False)
