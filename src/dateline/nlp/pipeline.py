"""spaCy pipelines per language: loaded once per process, cached, blank fallback for the rest."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Doc

LINE_BREAKS = "dateline_line_breaks"


@Language.component(LINE_BREAKS)
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and paragraphs never run on.

    Runs before the parser (which keeps preset boundaries) or after the sentencizer.
    """
    after_break = False
    for token in doc:
        if token.is_space or token.text.isspace():
            after_break = after_break or "\n" in token.text
            continue
        if after_break and token.i > 0:
            token.is_sent_start = True
        after_break = "\n" in token.whitespace_
    return doc


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
    nlp.add_pipe(LINE_BREAKS)
    return nlp


@cache
def _load(language: str) -> Pipeline:
    package = pipeline_table().get(language)
    if package is None:
        nlp = _blank(language)
        return Pipeline(f"blank:{nlp.lang}", nlp)
    nlp = spacy.load(package)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, after="senter")
    else:
        nlp.add_pipe("sentencizer")
        nlp.add_pipe(LINE_BREAKS)
    return Pipeline(package, nlp)


def get_pipeline(language: str) -> Pipeline:
    """The pipeline for ``language``, loaded on first use and then shared within the process."""
    with _LOCK:
        return _load(language)
