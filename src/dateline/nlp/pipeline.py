"""spaCy pipelines per language: loaded once per process, cached, blank fallback for the rest."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources

import spacy
from spacy.language import Language


@dataclass(frozen=True)
class Pipeline:
    name: str  # package name, or "blank:<lang>"
    nlp: Language

    @property
    def components(self) -> list[str]:
        return list(self.nlp.pipe_names)


_LOCK = threading.Lock()


@cache
def pipeline_table() -> dict[str, str]:
    """Language code -> spaCy package, from the data file ``pipelines.json``."""
    raw = json.loads(resources.files("dateline.nlp").joinpath("pipelines.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _blank(language: str) -> Language:
    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


@cache
def _load(language: str) -> Pipeline:
    package = pipeline_table().get(language)
    if package is None:
        nlp = _blank(language)
        return Pipeline(f"blank:{nlp.lang}", nlp)
    return Pipeline(package, spacy.load(package))


def get_pipeline(language: str) -> Pipeline:
    """The pipeline for ``language``, loaded on first use and then shared within the process."""
    with _LOCK:
        return _load(language)
