"""dateline: a sourced event ledger from multilingual news reports of armed conflict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "analyze_paths", "analyze_text"]

if TYPE_CHECKING:
    from dateline.api import analyze_paths, analyze_text


def __getattr__(name: str) -> Any:
    # The API imports spaCy; keep `import dateline` (and `dateline --help`) light.
    if name in ("analyze_text", "analyze_paths"):
        from dateline import api

        return getattr(api, name)
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")
