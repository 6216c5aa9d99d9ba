"""The event type inventory: PLOVER root types, dateline's subtypes, and their ACLED and CAMEO
equivalents, read from lexicons/events/types.json.

A root type (``ASSAULT``) has a definition, a PLOVER quad category, its main CAMEO root code
plus other roots it absorbs, and PLOVER's modes. A subtype (``shelling``) names its root and
carries an ACLED (event_type, sub_event_type) pair, a CAMEO code and a PLOVER mode, any of
which may be null. The file is checked when read: an unknown root, a duplicate subtype, a
missing field, an ACLED category ACLED does not have, a malformed CAMEO code or a mode its
root does not define all raise :class:`EventTypesError` naming the file and the entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

PLOVER_ROOTS: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
OTHER = "OTHER"
KNOWN_ROOTS: frozenset[str] = frozenset((*PLOVER_ROOTS, OTHER))

QUADS: frozenset[str] = frozenset({
    "verbal cooperation", "material cooperation", "verbal conflict", "material conflict",
})

# ACLED event types and their sub-event types (ACLED codebook).
ACLED_CATEGORIES: Mapping[str, frozenset[str]] = MappingProxyType({
    "Battles": frozenset({
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    }),
    "Explosions/Remote violence": frozenset({
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    }),
    "Violence against civilians": frozenset({
        "Sexual violence", "Attack", "Abduction/forced disappearance",
    }),
    "Protests": frozenset({
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    }),
    "Riots": frozenset({"Violent demonstration", "Mob violence"}),
    "Strategic developments": frozenset({
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    }),
})

_CAMEO_CODE = re.compile(r"\d{2,4}")
_TYPE_FIELDS = ("definition", "quad", "score", "cameo", "cameo_other", "modes")
_SUBTYPE_FIELDS = ("type", "definition", "acled_event_type", "acled_sub_event_type", "cameo",
                   "mode")


class EventTypesError(ValueError):
    """The event type file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class EventType:
    name: str
    definition: str
    quad: str | None
    score: float | None  # PLOVER's conflict-cooperation ("Schrodt") score
    cameo: str  # main CAMEO root code, "01".."20"
    cameo_other: tuple[str, ...]  # other CAMEO roots folded into this type
    modes: tuple[str, ...]  # PLOVER modes, empty where PLOVER defines none
    note: str | None = None


@dataclass(frozen=True)
class Subtype:
    name: str
    type: str
    definition: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo: str | None
    mode: str | None
    note: str | None = None
    announced_as: str | None = None  # the subtype of this act announced for the future

    @property
    def acled(self) -> tuple[str | None, str | None]:
        return (self.acled_event_type, self.acled_sub_event_type)


@dataclass(frozen=True)
class TypeInventory:
    types: Mapping[str, EventType]  # in file order
    subtypes: Mapping[str, Subtype]  # in file order
    source: str

    def root_types(self) -> tuple[str, ...]:
        return tuple(self.types)

    def subtypes_of(self, type_name: str) -> tuple[Subtype, ...]:
        return tuple(s for s in self.subtypes.values() if s.type == type_name)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _fail(source: str, where: str, problem: str) -> EventTypesError:
    return EventTypesError(f"{source}: {where}: {problem}")


def _opt_str(source: str, where: str, entry: Mapping[str, Any], key: str) -> str | None:
    value = entry[key]
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _fail(source, where, f"{key!r} must be a non-empty string or null, got {value!r}")
    return value


def _str(source: str, where: str, entry: Mapping[str, Any], key: str) -> str:
    value = _opt_str(source, where, entry, key)
    if value is None:
        raise _fail(source, where, f"{key!r} must not be null")
    return value


def _require(source: str, where: str, entry: Any, fields: tuple[str, ...]) -> None:
    if not isinstance(entry, dict):
        raise _fail(source, where, f"must be an object, got {type(entry).__name__}")
    missing = [f for f in fields if f not in entry]
    if missing:
        raise _fail(source, where, f"missing field(s) {', '.join(map(repr, missing))}")


def _cameo(source: str, where: str, code: Any, root_only: bool = False) -> str:
    if not isinstance(code, str) or not _CAMEO_CODE.fullmatch(code):
        raise _fail(source, where, f"CAMEO code must be 2-4 digits, got {code!r}")
    if not 1 <= int(code[:2]) <= 20:
        raise _fail(source, where, f"CAMEO code {code!r} is outside roots 01-20")
    if root_only and len(code) != 2:
        raise _fail(source, where, f"CAMEO root code must be 2 digits, got {code!r}")
    return code


def _parse_type(source: str, name: str, entry: Any) -> EventType:
    where = f"type {name!r}"
    if name not in KNOWN_ROOTS:
        raise _fail(source, where, f"unknown root type (expected one of {sorted(KNOWN_ROOTS)})")
    _require(source, where, entry, _TYPE_FIELDS)
    quad = _opt_str(source, where, entry, "quad")
    if quad is not None and quad not in QUADS:
        raise _fail(source, where, f"unknown quad category {quad!r}")
    score = entry["score"]
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
        raise _fail(source, where, f"'score' must be a number or null, got {score!r}")
    others = entry["cameo_other"]
    modes = entry["modes"]
    if not isinstance(others, list):
        raise _fail(source, where, "'cameo_other' must be a list")
    if not isinstance(modes, list) or not all(isinstance(m, str) and m for m in modes):
        raise _fail(source, where, "'modes' must be a list of non-empty strings")
    if len(set(modes)) != len(modes):
        raise _fail(source, where, "duplicate mode")
    return EventType(
        name=name,
        definition=_str(source, where, entry, "definition"),
        quad=quad,
        score=None if score is None else float(score),
        cameo=_cameo(source, where, entry["cameo"], root_only=True),
        cameo_other=tuple(_cameo(source, where, c, root_only=True) for c in others),
        modes=tuple(modes),
        note=_opt_str(source, where, entry, "note") if "note" in entry else None,
    )


def _parse_subtype(source: str, name: str, entry: Any,
                   types: Mapping[str, EventType]) -> Subtype:
    where = f"subtype {name!r}"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise _fail(source, where, "subtype names are lower_snake_case")
    _require(source, where, entry, _SUBTYPE_FIELDS)
    root = _str(source, where, entry, "type")
    if root not in types:
        raise _fail(source, where, f"unknown root type {root!r}")
    event_type = _opt_str(source, where, entry, "acled_event_type")
    sub_event = _opt_str(source, where, entry, "acled_sub_event_type")
    if event_type is not None and event_type not in ACLED_CATEGORIES:
        raise _fail(source, where, f"{event_type!r} is not an ACLED event type")
    if sub_event is not None:
        if event_type is None:
            raise _fail(source, where, "ACLED sub_event_type given without event_type")
        if sub_event not in ACLED_CATEGORIES[event_type]:
            raise _fail(source, where,
                        f"{sub_event!r} is not an ACLED sub-event type of {event_type!r}")
    cameo = entry["cameo"]
    mode = _opt_str(source, where, entry, "mode")
    if mode is not None and mode not in types[root].modes:
        raise _fail(source, where, f"mode {mode!r} is not a PLOVER mode of {root}")
    return Subtype(
        name=name,
        type=root,
        definition=_str(source, where, entry, "definition"),
        acled_event_type=event_type,
        acled_sub_event_type=sub_event,
        cameo=None if cameo is None else _cameo(source, where, cameo),
        mode=mode,
        note=_opt_str(source, where, entry, "note") if "note" in entry else None,
        announced_as=(_opt_str(source, where, entry, "announced_as")
                      if "announced_as" in entry else None),
    )


def parse_types(text: str, source: str = "<types>") -> TypeInventory:
    """Parse and check the text of a types file; ``source`` names it in error messages."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as dup:
        raise EventTypesError(f"{source}: duplicate key {dup.key!r}") from None
    except json.JSONDecodeError as err:
        raise EventTypesError(f"{source}: invalid JSON: {err}") from None
    _require(source, "top level", data, ("types", "subtypes"))
    if not isinstance(data["types"], dict) or not isinstance(data["subtypes"], dict):
        raise _fail(source, "top level", "'types' and 'subtypes' must be objects")
    types = {name: _parse_type(source, name, entry) for name, entry in data["types"].items()}
    absent = [r for r in (*PLOVER_ROOTS, OTHER) if r not in types]
    if absent:
        raise _fail(source, "types", f"missing root type(s) {', '.join(absent)}")
    subtypes = {name: _parse_subtype(source, name, entry, types)
                for name, entry in data["subtypes"].items()}
    for sub in subtypes.values():
        if sub.announced_as is not None and sub.announced_as not in subtypes:
            raise _fail(source, f"subtype {sub.name!r}",
                        f"announced_as names no subtype: {sub.announced_as!r}")
    return TypeInventory(MappingProxyType(types), MappingProxyType(subtypes), source)


def read_types(path: Path | Traversable) -> TypeInventory:
    """Read and check a types file (the bundled one, or another for tests and extensions)."""
    return parse_types(path.read_text(encoding="utf-8"), str(path))


def bundled_path() -> Traversable:
    return resources.files("dateline.extract") / "lexicons" / "events" / "types.json"


@cache
def load_types() -> TypeInventory:
    """The bundled inventory, read once."""
    return read_types(bundled_path())


def announced_subtype(subtype: str) -> str | None:
    """What announcing this act for the future is ("withdrawal" -> "withdrawal_order": "the
    general announced the withdrawal would be done quickly"), if it is an event at all."""
    found = load_types().subtypes.get(subtype)
    return found.announced_as if found else None


def root_types() -> tuple[str, ...]:
    """The root type names in file order: the 16 PLOVER types and OTHER."""
    return load_types().root_types()


def event_type(name: str) -> EventType | None:
    return load_types().types.get(name)


def subtype(name: str) -> Subtype | None:
    return load_types().subtypes.get(name)


def _checked_subtype(type_name: str, subtype_name: str | None) -> Subtype | None:
    if subtype_name is None:
        return None
    sub = subtype(subtype_name)
    if sub is not None and sub.type != type_name:
        raise ValueError(f"subtype {subtype_name!r} belongs to {sub.type}, not {type_name}")
    return sub


def acled_of(type_name: str, subtype_name: str | None = None) -> tuple[str | None, str | None]:
    """ACLED (event_type, sub_event_type) of a subtype; (None, None) when the subtype is
    absent or unknown or ACLED codes no such event. Root types have no ACLED mapping of their
    own. A subtype that belongs to another root raises ValueError."""
    if type_name not in load_types().types:
        return (None, None)
    sub = _checked_subtype(type_name, subtype_name)
    return sub.acled if sub is not None else (None, None)


def cameo_of(type_name: str, subtype_name: str | None = None) -> str | None:
    """The subtype's CAMEO code, else the root's main code; None for an unknown root.
    A subtype that belongs to another root raises ValueError."""
    root = load_types().types.get(type_name)
    if root is None:
        return None
    sub = _checked_subtype(type_name, subtype_name)
    if sub is not None and sub.cameo is not None:
        return sub.cameo
    return root.cameo


def mode_of(type_name: str, subtype_name: str | None = None) -> str | None:
    """The PLOVER mode of a subtype, if it has one."""
    if type_name not in load_types().types:
        return None
    sub = _checked_subtype(type_name, subtype_name)
    return sub.mode if sub is not None else None
