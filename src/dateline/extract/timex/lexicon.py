"""Per-language temporal lexicons and the patterns built from them.

Each language is one JSON file in ``lexicons/times/<lang>.json``:

``classes``
    word classes, each a mapping from a surface form to its meaning (``"novembre": 11``,
    ``"hier": -1``, ``"soir": "EV"``) or a plain list of forms. A class name before its
    first underscore is the *role* the resolver reads (``unit_pl`` is a ``unit``).
``cased``
    forms (or with ``cased_classes``, whole classes) matched with their exact case or in
    capitals only: English "May" the month, not "may" the verb.
``options``
    ``ordinal_suffix`` (regex after a day number: "er|e", "st|nd|rd|th"), ``number_joiners``
    ("et", "and"), ``since`` (whole words that open a "since ..." range: Ukrainian "з" is not
    the end of "раз"), ``future_aux`` and
    ``future_words`` (markers of future tense when the pipeline has no morphology).
``contexts``
    named regexes that patterns reuse by writing ``@name``.
``patterns``
    ``{"name", "kind", "re", "before", "not_before", "not_after", "not_pos", "not_nummod",
    "fixed"}``.
    ``re`` is a regex where ``{class}`` stands for a class's forms (a named group), a
    space for one or more blanks, ``~`` (or `` ?``) for optional blanks and ``'`` for any
    apostrophe.
    ``kind`` names the language-independent resolver (see ``resolve.py``); ``before`` is
    left context that must precede and stays outside the expression; ``not_before`` /
    ``not_after`` veto a match by its neighbours, ``not_pos`` by its part of speech,
    ``not_nummod`` a number that counts a noun ("2000 soldats"); ``fixed`` gives roles the
    words imply ("tonight": ``{"pod": "NI", "this": true}``). Kind ``ignore`` claims a span
    that is not a temporal expression ("59 ans" as an age) so nothing shorter is taken.

Built-in slots, usable like classes: ``day``, ``dd``, ``mnum``, ``year``, ``yy``, ``hour``,
``minute``, ``digits``, ``num`` (digits or number words), ``decade``, ``roman``, ``ordnum``,
``qnum``. ``num`` combines the ``number`` class ("vingt-quatre") and takes the forms of
``number_alone`` only on their own (English "a", "an"). Adding a language is adding a JSON
file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

_IGNORED_IN_KEYS = re.compile(r"[\s\-‐‑–'’ʼ.]+")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_CONTEXT_REF = re.compile(r"@([a-z_]+)")
_START = r"(?:(?<!\w)|(?!\w))"  # no match starts or ends inside a word
_END = r"(?:(?!\w)|(?<!\w))"
_APOSTROPHES = "'’ʼ"

_SLOTS = {
    "day": r"(?:3[01]|[12][0-9]|0?[1-9])(?:{ordsuf})?(?![0-9])",
    "dd": r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])",
    "mnum": r"(?:1[0-2]|0?[1-9])(?![0-9])",
    "year": r"(?<![0-9])(?:1[5-9]|20)[0-9]{2}(?![0-9])",
    "yy": r"['’]?[0-9]{2}(?![0-9])",
    "hour": r"(?:[01]?[0-9]|2[0-4])(?![0-9])",
    "minute": r"[0-5][0-9](?![0-9])",
    "digits": r"[0-9]+(?:[.,][0-9]+)?(?![0-9])",
    "decade": r"(?:1[0-9]|20)?[0-9]0(?![0-9])",
    "roman": r"(?-i:(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))",
    "ordnum": r"[0-9]{1,2}(?:{ordsuf})",
    "qnum": r"[1-4]",
}


def norm_key(text: str) -> str:
    """The form a surface string is looked up in: NFC, case-folded, no blanks/hyphens/dots."""
    return _IGNORED_IN_KEYS.sub("", unicodedata.normalize("NFC", text).casefold())


def role_of(group: str) -> str:
    """The resolver role of a regex group: its class name before ``__n`` and before ``_``."""
    return group.split("__", 1)[0].split("_", 1)[0]


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern of a language file."""

    name: str
    kind: str
    regex: re.Pattern[str]
    not_before: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    not_pos: frozenset[str] = frozenset()
    not_nummod: bool = False
    fixed: tuple[tuple[str, Any], ...] = ()  # roles the pattern implies ("tonight": pod NI)


@dataclass(frozen=True)
class TimeLexicon:
    """A language's temporal vocabulary and compiled patterns."""

    language: str
    classes: dict[str, dict[str, Any]]
    patterns: tuple[Pattern, ...]
    options: dict[str, Any] = field(default_factory=dict)
    since: re.Pattern[str] | None = None

    def lookup(self, cls: str, text: str) -> Any:
        """The meaning of ``text`` in class ``cls`` (None when absent)."""
        return self.classes.get(cls, {}).get(norm_key(text))

    def number(self, text: str) -> float | None:
        """The value of a number written in digits or words ("neuf", "vingt-quatre", "2,5")."""
        digits = text.strip().replace(",", ".")
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", digits):
            return float(digits)
        alone = self.lookup("number_alone", text)
        if alone is not None:
            return float(alone)
        return _compose(_number_values(text, self.classes.get("number", {}),
                                       self.options.get("number_joiners", [])))

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


def _number_values(text: str, words: dict[str, Any], joiners: list[str]) -> list[float]:
    """Values of the number words in ``text``, longest entries first ("quatre-vingt")."""
    tokens = [t for t in re.split(r"[\s\-‐‑]+", text) if t]
    skip = {norm_key(j) for j in joiners}
    values: list[float] = []
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):
            key = norm_key("".join(tokens[i:j]))
            if key in words:
                values.append(float(words[key]))
                i = j
                break
        else:
            if norm_key(tokens[i]) not in skip:
                return []
            i += 1
    return values


def _compose(values: list[float]) -> float | None:
    """Combine number word values: sums, with hundreds and thousands multiplying."""
    if not values:
        return None
    total = current = 0.0
    for v in values:
        if v == 100:
            current = (current or 1) * 100
        elif v >= 1000:
            total += (current or 1) * v
            current = 0
        else:
            current += v
    return total + current


# --- compilation ----------------------------------------------------------------------------
def _entry_regex(entry: str) -> str:
    """A regex for one lexicon form: blanks, hyphens and apostrophes match their variants."""
    parts = []
    for ch in entry:
        if ch == " ":
            parts.append(r"\s+")
        elif ch in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif ch in "-‐‑":
            parts.append(r"(?:[-‐‑]|\s+)?")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _cased_regex(entry: str) -> str:
    forms = dict.fromkeys([entry, entry.upper()])
    return "(?-i:" + "|".join(_entry_regex(f) for f in forms) + ")"


def _class_regex(forms: list[str], cased: set[str], whole_class_cased: bool) -> str:
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    alts = [
        _cased_regex(f) if whole_class_cased or f in cased else _entry_regex(f) for f in ordered
    ]
    return "(?:" + "|".join(alts) + ")" if alts else "(?!)"


@dataclass
class _Builder:
    """Expands a pattern's mini-language into a Python regex for one language."""

    class_regex: dict[str, str]
    slot_regex: dict[str, str]
    contexts: dict[str, str]

    def expand(self, source: str, named: bool) -> str:
        source = _CONTEXT_REF.sub(lambda m: self.contexts[m[1]], source)
        seen: dict[str, int] = {}
        out = []
        pos = 0
        for m in _PLACEHOLDER.finditer(source):
            out.append(_dsl(source[pos:m.start()]))
            out.append(self._group(m[1], seen, named))
            pos = m.end()
        out.append(_dsl(source[pos:]))
        return "".join(out)

    def _group(self, name: str, seen: dict[str, int], named: bool) -> str:
        body = self.class_regex.get(name) or self.slot_regex.get(name)
        if body is None:
            raise KeyError(f"unknown class or slot {{{name}}}")
        if not named:
            return f"(?:{body})"
        seen[name] = seen.get(name, 0) + 1
        group = name if seen[name] == 1 else f"{name}__{seen[name]}"
        return f"(?P<{group}>{body})"


def _dsl(chunk: str) -> str:
    """Blanks (" ?" is an optional one), ``~`` and apostrophes of the pattern language."""
    out = []
    chunk = chunk.replace(" ?", "~")
    for ch in chunk:
        if ch == " ":
            out.append(r"\s+")
        elif ch == "~":
            out.append(r"\s*")
        elif ch in _APOSTROPHES:
            out.append(f"[{_APOSTROPHES}]")
        else:
            out.append(ch)
    return "".join(out)


def _slot_regexes(options: dict[str, Any], number_words: str, alone: str) -> dict[str, str]:
    ordsuf = options.get("ordinal_suffix", "(?!)")
    slots = {k: v.replace("{ordsuf}", ordsuf) for k, v in _SLOTS.items()}
    slots.update(options.get("slots", {}))
    joiners = "|".join(re.escape(j) for j in options.get("number_joiners", []))
    glue = r"(?:[-‐‑]|\s+" + (f"(?:(?:{joiners})\\s+)?" if joiners else "") + ")"
    words = f"(?:{number_words})(?:{glue}(?:{number_words})){{0,6}}"
    slots["num"] = f"(?:{slots['digits']}|{words}|{alone})"
    return slots


def _compile(raw: str) -> re.Pattern[str]:
    return re.compile(raw, re.IGNORECASE)


def _pattern(spec: dict[str, Any], builder: _Builder) -> Pattern:
    core = builder.expand(spec["re"], named=True)
    before = spec.get("before")
    prefix = f"(?:{builder.expand(before, named=False)})" if before else ""
    regex = _compile(rf"{_START}{prefix}(?P<_span>{core}){_END}")
    not_before = spec.get("not_before")
    not_after = spec.get("not_after")
    return Pattern(
        name=spec["name"],
        kind=spec["kind"],
        regex=regex,
        not_before=_compile(rf"(?:{builder.expand(not_before, False)})\s*$")
        if not_before else None,
        not_after=_compile(rf"\s*(?:{builder.expand(not_after, False)})") if not_after else None,
        not_pos=frozenset(spec.get("not_pos", [])),
        not_nummod=bool(spec.get("not_nummod", False)),
        fixed=tuple(spec.get("fixed", {}).items()),
    )


def build_lexicon(data: dict[str, Any]) -> TimeLexicon:
    """Compile a language's JSON data into a :class:`TimeLexicon`."""
    options = data.get("options", {})
    cased = set(data.get("cased", []))
    cased_classes = set(data.get("cased_classes", []))
    classes: dict[str, dict[str, Any]] = {}
    class_regex: dict[str, str] = {}
    for name, entries in data.get("classes", {}).items():
        mapping = entries if isinstance(entries, dict) else {e: e for e in entries}
        classes[name] = {norm_key(k): v for k, v in mapping.items()}
        class_regex[name] = _class_regex(list(mapping), cased, name in cased_classes)
    slots = _slot_regexes(options, class_regex.get("number", "(?!)"),
                          class_regex.get("number_alone", "(?!)"))
    builder = _Builder(class_regex, slots, data.get("contexts", {}))
    patterns = tuple(_pattern(p, builder) for p in data.get("patterns", []))
    since_words = options.get("since", [])
    since = (
        _compile(r"(?<!\w)(?:" + "|".join(_entry_regex(w) for w in since_words) + r")\s+$")
        if since_words else None
    )
    return TimeLexicon(data.get("language", ""), classes, patterns, options, since)


def _lexicon_file(language: str) -> Any:
    return resources.files("dateline.extract").joinpath("lexicons", "times", f"{language}.json")


@cache
def time_lexicon(language: str) -> TimeLexicon | None:
    """The compiled lexicon of ``language``, or None when it has no data file."""
    if not re.fullmatch(r"[a-z]{2,3}", language or ""):
        return None
    path = _lexicon_file(language)
    if not path.is_file():
        return None
    return build_lexicon(json.loads(path.read_text("utf-8")))
