"""Temporal expression benchmark: dateline's TIMES extractor on French and English TimeBank.

For each corpus: `timebench.py convert` writes the documents as .txt + .meta.json (the
document creation time as "published"), each is parsed with dateline's pipeline for its
language and passed to `extract_times`, the times are written as JSON Lines records
({"id", "times": [...]}, the shape of dateline.model.to_record), and `timebench.py score
--json` scores them (TempEval-3: strict and relaxed span F1, value F1). Prints one table with
the HeidelTime reference figures.

Usage: python benchmarks/timebench.py [--shared ../shared] [--corpus fr en] [--json]
                                      [--errors DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from dateline.extract.times import extract_times
from dateline.model import Article
from dateline.nlp.parsed import ParsedArticle
from dateline.nlp.pipeline import get_pipeline

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {"fr": "fr-timebank", "en": "en-timebank"}
# HeidelTime's published figures: French TimeBank 1.1 (strict, relaxed, value F1) and
# TempEval-3 English (value F1 on the TempEval-3 platinum test set, not TimeBank itself).
HEIDELTIME = {"fr": {"strict": 0.860, "relaxed": 0.910, "value": 0.736},
              "en": {"strict": None, "relaxed": None, "value": 0.776}}
METRICS = ("strict", "relaxed", "value")


def _time_record(t: Any) -> dict[str, Any]:
    return {"text": t.text, "start": t.provenance.start, "end": t.provenance.end,
            "type": t.type, "value": t.value, "method": t.provenance.method}


def analyse(texts: Path, language: str, out: Path) -> int:
    """Parse every converted document, extract its times, write one JSON line per document."""
    pipe = get_pipeline(language)
    metas = sorted(texts.glob("*.meta.json"))
    ids = [m.name[: -len(".meta.json")] for m in metas]
    bodies = [(texts / f"{i}.txt").read_text(encoding="utf-8") for i in ids]
    with out.open("w", encoding="utf-8") as fh:
        for doc_id, meta, text, doc in zip(ids, metas, bodies, pipe.nlp.pipe(bodies),
                                           strict=True):
            published = json.loads(meta.read_text(encoding="utf-8")).get("published")
            article = Article(id=doc_id, text=text, published=published, language=language)
            parsed = ParsedArticle.from_doc(article, language, pipe.name, doc)
            times = [_time_record(t) for t in extract_times(parsed)]
            fh.write(json.dumps({"id": doc_id, "times": times}, ensure_ascii=False) + "\n")
    return len(ids)


def run_corpus(tool: Path, corpus: Path, language: str, workdir: Path) -> dict[str, Any]:
    texts = workdir / "texts"
    subprocess.run([sys.executable, str(tool), "convert", str(corpus), str(texts),
                    "--language", language], check=True, capture_output=True)
    pred = workdir / "pred.jsonl"
    started = time.perf_counter()
    documents = analyse(texts, language, pred)
    seconds = time.perf_counter() - started
    scored = subprocess.run([sys.executable, str(tool), "score", str(corpus), str(pred),
                             "--json"], check=True, capture_output=True, text=True)
    res = json.loads(scored.stdout)
    res["analysed"] = documents
    res["seconds"] = round(seconds, 1)
    res["pred_path"] = str(pred)
    return res


def write_errors(tool: Path, corpus: Path, pred: Path, out: Path) -> None:
    """A tab-separated list of gold and predicted times that did not match in span or value."""
    sys.path.insert(0, str(tool.parent))
    from timebench import read_tml  # type: ignore[import-not-found]

    preds = {}
    for line in pred.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        preds[rec["id"]] = rec["times"]
    rows = []
    for path in sorted(corpus.glob("*.tml")):
        doc = read_tml(path)
        times = preds.get(doc["id"], [])
        rows.extend(_doc_errors(doc, times))
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _doc_errors(doc: dict[str, Any], times: list[dict[str, Any]]) -> list[str]:
    rows = []
    used: set[int] = set()
    for g in doc["timexes"]:
        hit = next((j for j, t in enumerate(times)
                    if t["start"] < g["end"] and g["start"] < t["end"] and j not in used), None)
        if hit is None:
            rows.append(f"MISS\t{doc['dct']}\t{g['text']!r}\t{g['value']}\t\t"
                        f"{_context(doc['text'], g['start'], g['end'])}")
            continue
        used.add(hit)
        t = times[hit]
        span_ok = (t["start"], t["end"]) == (g["start"], g["end"])
        value_ok = str(t["value"] or "").upper() == str(g["value"] or "").upper()
        if not (span_ok and value_ok):
            kind = "SPAN" if not span_ok else "VALUE"
            if not span_ok and not value_ok:
                kind = "BOTH"
            rows.append(f"{kind}\t{doc['dct']}\t{g['text']!r}\t{g['value']}\t"
                        f"{t['text']!r} {t['value']} {t['method']}\t"
                        f"{_context(doc['text'], g['start'], g['end'])}")
    for j, t in enumerate(times):
        if j not in used:
            rows.append(f"EXTRA\t{doc['dct']}\t\t\t{t['text']!r} {t['value']} {t['method']}\t"
                        f"{_context(doc['text'], t['start'], t['end'])}")
    return rows


def _context(text: str, start: int, end: int) -> str:
    return (text[max(0, start - 50):start] + "[" + text[start:end] + "]"
            + text[end:end + 30]).replace("\n", " ")


def _table(results: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="TimeBank temporal expressions (timebench.py, TempEval-3 scoring)",
                  caption="Tuned on these corpora (no held-out split). HeidelTime: French "
                          "TimeBank 1.1; its English figure is TempEval-3 platinum, not TimeBank.")
    for col in ("corpus", "docs", "gold", "pred", "strict F1", "relaxed F1", "value F1",
                "HeidelTime strict", "HeidelTime relaxed", "HeidelTime value", "seconds"):
        table.add_column(col, justify="right" if col != "corpus" else "left")
    for language, res in results.items():
        ref = HEIDELTIME[language]
        cells = [f"{res[m]['f1']:.3f}" for m in METRICS]
        refs = [f"{ref[m]:.3f}" if ref[m] is not None else "-" for m in METRICS]
        table.add_row(CORPORA[language], str(res["documents"]), str(res["gold"]),
                      str(res["pred"]), *cells, *refs, str(res["seconds"]))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", nargs="+", choices=list(CORPORA), default=list(CORPORA))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", type=Path, help="write <lang>.errors.tsv files here")
    args = parser.parse_args()
    tool = args.shared / "tools" / "timebench.py"
    results = {}
    for language in args.corpus:
        corpus = args.shared / "bench" / "time" / CORPORA[language]
        with tempfile.TemporaryDirectory() as tmp:
            res = run_corpus(tool, corpus, language, Path(tmp))
            if args.errors:
                args.errors.mkdir(parents=True, exist_ok=True)
                write_errors(tool, corpus, Path(res["pred_path"]),
                             args.errors / f"{language}.errors.tsv")
        res.pop("pred_path")
        results[language] = res
    if args.json:
        print(json.dumps(results, indent=2))
        return
    Console(width=200).print(_table(results))


if __name__ == "__main__":
    main()
