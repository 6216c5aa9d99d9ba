"""Every event trigger lexicon in lexicons/events/ (whatever languages exist) is well formed:
its types and subtypes exist in types.json, its patterns follow the pattern syntax."""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from dateline.extract.event_types import bundled_path, load_types, root_types, subtype

EVENTS_DIR = Path(str(bundled_path())).parent
LEXICONS = sorted(p for p in EVENTS_DIR.glob("*.json") if p.name != "types.json")
REQUIRED_LANGUAGES = ("de", "es", "uk", "ru")

GAP = "..."
MIN_STEM = 3
BOOLEAN_FLAGS = ("actor_from_claimant", "needs_argument", "needs_place")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    dup = {k for k in keys if keys.count(k) > 1}
    assert not dup, f"duplicate key(s) {sorted(dup)}"
    return dict(pairs)


def load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicate_keys)
    assert isinstance(data, dict), f"{path.name}: top level must be an object"
    return data


def pattern_problem(pattern: Any) -> str | None:
    """Why ``pattern`` breaks the pattern syntax, or None if it is well formed."""
    if not isinstance(pattern, str):
        return "not a string"
    if not pattern.strip():
        return "empty"
    if pattern != pattern.lower():
        return "not lower-case (tokens are matched lower-cased)"
    items = pattern.split(" ")
    if "" in items or any(ch.isspace() for item in items for ch in item):
        return "empty item (leading, trailing or doubled space, or other whitespace)"
    if items[0] == GAP or items[-1] == GAP:
        return f"'{GAP}' first or last"
    for a, b in pairwise(items):
        if a == b == GAP:
            return f"two '{GAP}' in a row"
    for item in items:
        if "*" in item[:-1]:
            return f"'*' inside item {item!r} (only a final '*' is allowed)"
        if item.endswith("*") and len(item) - 1 < MIN_STEM:
            return f"stem {item!r} shorter than {MIN_STEM} characters"
        if item != GAP and "." in item and item.strip(".") == "":
            return f"item {item!r} is dots but not '{GAP}'"
    return None


# ---- the syntax checker itself -------------------------------------------------------------


@pytest.mark.parametrize("pattern", [
    "rückzug*", "zog* ... zurück", "nach angaben", "обстріл*", "s'emparer", "contre-offensive",
])
def test_good_patterns(pattern: str) -> None:
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize("pattern", [
    "", " ", "Rückzug*", "zog*  zurück", " zog*", "zog* ", "... zurück", "zog* ...",
    "zog* ... ... zurück", "ab*", "*", "rück*zug", "zog* .. zurück", "zog*\tzurück", 3,
])
def test_bad_patterns(pattern: Any) -> None:
    assert pattern_problem(pattern) is not None


# ---- the lexicon files ---------------------------------------------------------------------


def test_required_languages_present() -> None:
    names = {p.stem for p in LEXICONS}
    assert set(REQUIRED_LANGUAGES) <= names


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_top_level(path: Path) -> None:
    """Besides '_doc' and 'triggers', every key holds a word list (checked in test_lists) or
    a word -> label mapping (like 'role_kinds'): the engine may add lists as it grows."""
    data = load(path)
    if "_doc" in data:
        assert isinstance(data["_doc"], str) and data["_doc"].strip()
    assert isinstance(data.get("triggers"), list) and data["triggers"], "no triggers"
    for key, value in data.items():
        if key.startswith("_") or key == "triggers":
            continue
        if isinstance(value, dict):
            assert all(isinstance(k, str) and k.strip() and k == k.lower() for k in value), key
            assert all(isinstance(v, str) and v.strip() for v in value.values()), key
        else:
            assert isinstance(value, list), f"{key} must be a list or an object"


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_triggers(path: Path) -> None:
    roots = set(root_types())
    modes = {name: set(t.modes) for name, t in load_types().types.items()}
    by_subtype: dict[tuple[str, str], list[str]] = defaultdict(list)
    problems: list[str] = []
    for i, trigger in enumerate(load(path)["triggers"]):
        where = f"{path.name}: triggers[{i}]"
        if not isinstance(trigger, dict):
            problems.append(f"{where}: not an object")
            continue
        root, sub = trigger.get("type"), trigger.get("subtype")
        if root not in roots:
            problems.append(f"{where}: type {root!r} is not a root type")
            continue
        found = subtype(sub) if isinstance(sub, str) else None
        if found is None:
            problems.append(f"{where}: subtype {sub!r} is not in types.json")
        elif found.type != root:
            problems.append(f"{where}: subtype {sub!r} belongs to {found.type}, not {root}")
        if trigger.get("passive_subject", "target") not in ("actor", "target"):
            problems.append(f"{where}: passive_subject must be 'actor' or 'target'")
        for flag in BOOLEAN_FLAGS:
            if flag in trigger and not isinstance(trigger[flag], bool):
                problems.append(f"{where}: {flag} must be true or false")
        if "mode" in trigger and trigger["mode"] not in modes[root]:
            problems.append(f"{where}: mode {trigger['mode']!r} is not a PLOVER mode of {root}")
        following = trigger.get("not_followed_by", [])
        if not isinstance(following, list) or not all(
                isinstance(w, str) and w.strip() for w in following):
            problems.append(f"{where}: not_followed_by must be a list of non-empty strings")
        patterns = trigger.get("patterns")
        if not isinstance(patterns, list) or not patterns:
            problems.append(f"{where}: patterns must be a non-empty list")
            continue
        for pattern in patterns:
            problem = pattern_problem(pattern)
            if problem:
                problems.append(f"{where}: pattern {pattern!r}: {problem}")
            else:
                by_subtype[(root, str(sub))].append(pattern)
    for (root, sub), patterns in by_subtype.items():
        dups = sorted({p for p in patterns if patterns.count(p) > 1})
        if dups:
            problems.append(f"{path.name}: {root}/{sub}: duplicate pattern(s) {dups}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_lists(path: Path) -> None:
    data = load(path)
    problems: list[str] = []
    for key, values in data.items():
        if key.startswith("_") or key == "triggers" or isinstance(values, dict):
            continue
        if not isinstance(values, list):
            problems.append(f"{path.name}: {key} must be a list")
            continue
        for value in values:
            problem = pattern_problem(value)
            if problem:
                problems.append(f"{path.name}: {key}: {value!r}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", REQUIRED_LANGUAGES)
def test_required_languages_cover_the_core_subtypes(language: str) -> None:
    core = {
        "withdrawal", "flight", "territory_regained", "capture", "occupation", "advance",
        "counteroffensive", "shelling", "air_strike", "drone_strike", "missile_strike",
        "ground_battle", "ambush", "bombing", "siege", "casualties", "killing", "surrender",
        "ceasefire", "surrender_call", "evacuation_call", "annexation", "arrest", "abduction",
        "looting", "blockade", "displacement", "mobilization", "deployment", "warning", "threat",
        "demonstration", "sanctions", "accusation", "denial", "rejection", "ceasefire_agreement",
        "agreement", "visit", "meeting", "talks", "phone_call", "recognition",
        "prisoner_exchange", "military_aid", "humanitarian_aid", "weapons_delivery", "evacuation",
    }
    data = load(EVENTS_DIR / f"{language}.json")
    covered = {t["subtype"] for t in data["triggers"]}
    assert core <= covered, sorted(core - covered)
    for key in ("negations", "hypothetical", "unverified", "denial", "confirmation",
                "source_phrases", "reporting_verbs", "read_also"):
        assert data.get(key), f"{language}: {key} is empty"
