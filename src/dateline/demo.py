"""Where the bundled demo corpus is: inside the installed package, or in the source tree."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def demo_corpus() -> Path:
    packaged = Path(str(resources.files("dateline"))) / "demo"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "demo"
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError("the demo corpus is not installed (no dateline/demo folder)")
