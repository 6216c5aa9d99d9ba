"""The dateline command line: each command a thin shell over the library."""

from __future__ import annotations

import contextlib
import enum
import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dateline import __version__
from dateline.model import jsonl_line

if TYPE_CHECKING:
    from dateline.link.update import LinkSummary
    from dateline.run import RunResult
    from dateline.store.sqlite import Store

app = typer.Typer(
    name="dateline",
    help="Turn news reports of armed conflict into a sourced event ledger.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True)
out = Console()

DEFAULT_DB = "dateline.db"
DbOption = Annotated[
    Path,
    typer.Option("--db", envvar="DATELINE_DB", help="The SQLite database (env DATELINE_DB).",
                 dir_okay=False),
]


class ExportFormat(enum.StrEnum):
    jsonl = "jsonl"
    incidents = "incidents"
    acled = "acled"
    geojson = "geojson"
    parquet = "parquet"


def _version(value: bool) -> None:
    if value:
        out.print(f"dateline {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """dateline: who did what, where, when, who says so, and how sure we can be."""


def _open_store(db: Path) -> Store:
    from dateline.store.sqlite import Store, StoreError

    try:
        return Store(db)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None


def _summary_table(result: RunResult, db: Path, jsonl: str | None) -> Table:
    table = Table(title="dateline analyze", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("inputs", str(result.sources))
    table.add_row("articles read", str(result.read))
    table.add_row("analysed", str(result.analysed))
    table.add_row("unchanged (already stored)", str(result.unchanged))
    if result.rehomed:
        table.add_row("analysed again", f"{result.rehomed} (their outlet's home was learned)")
    dups = result.duplicates
    table.add_row(
        "duplicates", f"{sum(dups.values())} (exact {dups['exact']}, near {dups['near']})"
    )
    langs = ", ".join(f"{k} {v}" for k, v in result.languages.most_common()) or "-"
    table.add_row("languages", langs)
    if result.found:
        table.add_row("found", " · ".join(f"{k} {v}" for k, v in result.found.items()))
        types = ", ".join(f"{k} {v}" for k, v in result.event_types.most_common(6))
        table.add_row("event types", types or "-")
    table.add_row("failures", f"[red]{len(result.failures)}[/red]" if result.failures else "0")
    if result.warnings:
        table.add_row("warnings", f"[yellow]{len(result.warnings)}[/yellow]")
    table.add_row("database", str(db))
    if jsonl:
        table.add_row("JSON Lines", jsonl)
    return table


def _analyze(paths: list[str], db: Path, jsonl: str | None, allow_private: bool, workers: int,
             max_size_mb: float, quiet: bool, link: bool = True, rehome: bool = True) -> int:
    from dateline.ingest.limits import MB, Limits
    from dateline.run import run_analysis

    limits = Limits(max_input_bytes=int(max_size_mb * MB))
    with _open_store(db) as store, Progress(
        TextColumn("[bold blue]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[analysed]} analysed · {task.fields[failed]} failed"),
        TimeElapsedColumn(), console=err, disable=quiet, transient=False,
    ) as bar:
        task = bar.add_task("inputs", total=None, analysed=0, failed=0)
        counts = {"analysed": 0, "failed": 0}

        def progress(event: str, detail: str) -> None:
            if event == "sources":
                bar.update(task, total=int(detail))
            elif event == "source":
                bar.advance(task)
            elif event == "rehome":
                bar.update(task, description=f"outlet homes learned: {detail} articles again")
            elif event in counts:
                counts[event] += 1
                bar.update(task, **counts)

        result = run_analysis(paths, store, jsonl=jsonl, allow_private=allow_private,
                              limits=limits, workers=workers, progress=progress,
                              rehome=rehome)
    if not quiet:
        err.print(_summary_table(result, db, jsonl))
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False, soft_wrap=True)
    for failure in result.failures:
        err.print(f"[red]failed:[/red] {failure}", highlight=False, soft_wrap=True)
    if result.aborted:
        err.print(f"[red]aborted:[/red] {result.aborted}")
    elif link:
        with _open_store(db) as store:
            summary = _link(store, rebuild=False, quiet=quiet)
        if not quiet:
            err.print(_link_line(summary))
    return 0 if result.ok else 1


def _link(store: Store, rebuild: bool, quiet: bool) -> LinkSummary:
    from dateline.link.update import update_links

    with err.status("linking reports across articles ...", spinner="dots") if not quiet \
            else contextlib.nullcontext():
        return update_links(store, rebuild=rebuild)


def _link_line(s: LinkSummary) -> str:
    return (f"linked {s.articles_linked} analyses: {s.incidents} incidents "
            f"({s.multi_source} reported by several articles; +{s.incidents_new} new, "
            f"{s.incidents_changed} changed, {s.incidents_removed} merged away) · "
            f"{s.stories} stories · {s.contradictions} contradictions · "
            f"{s.control_changes} control changes")


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(
        help="Files (.txt .md .html .jsonl .xml/.rss/.atom), folders (recursively), URLs, "
             "or - for stdin.", show_default=False)],
    db: DbOption = Path(DEFAULT_DB),
    jsonl: Annotated[str | None, typer.Option(
        "--jsonl", help="Also write this run's records as JSON Lines to FILE (- for stdout).",
        metavar="FILE")] = None,
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="Allow URLs on loopback and private networks.")] = False,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=1, max=64, help="Analysis worker processes.")] = 1,
    max_size: Annotated[float, typer.Option(
        "--max-size", min=0.001, help="Largest input accepted, in MB.")] = 20.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    link: Annotated[bool, typer.Option(
        "--link/--no-link", help="Link the new analyses into incidents, stories, "
        "contradictions and control changes afterwards.")] = True,
    rehome: Annotated[bool, typer.Option(
        "--rehome/--no-rehome", help="Analyse again, at the end, the articles whose "
        "outlet's home region this run learned.")] = True,
) -> None:
    """Analyse articles into the store (and optionally JSON Lines), then link them.

    Exit code 0 when every input was done, 1 when some failed (the rest are stored, each
    failure named with its file and reason), 2 on a usage error."""
    raise typer.Exit(_analyze(paths, db, jsonl, allow_private, workers, max_size, quiet, link,
                              rehome))


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="The article's id.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Print one article's analysis record (JSON)."""
    with _open_store(db) as store:
        record = store.record(article_id)
        if record is None:
            stored = store.article(article_id)
            if stored and stored["duplicate_of"]:
                out.print(f"{article_id} is a {stored['duplicate_kind']} duplicate of "
                          f"{stored['duplicate_of']} (similarity {stored['similarity']}); "
                          f"see: dateline show {stored['duplicate_of']}")
                return
            err.print(f"[red]error:[/red] no article {article_id!r} in {db}")
            raise typer.Exit(1)
    out.print_json(json.dumps(record, ensure_ascii=False))


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Argument(
        metavar="FORMAT", help="jsonl (articles), incidents, acled (CSV), geojson, parquet "
        "(a folder of tables).")],
    db: DbOption = Path(DEFAULT_DB),
    output: Annotated[str, typer.Option(
        "--out", "-o", help="Output file, a folder for parquet (- for stdout: jsonl, "
        "incidents).", metavar="PATH")] = "-",
) -> None:
    """Export the store: articles (OUTPUT.md records), incidents, an ACLED-style CSV, GeoJSON
    of incidents and control changes, or Parquet tables. Written whole or not at all."""
    from dateline.export import export_result
    from dateline.model import control_change_from_record, incident_from_record

    if not db.exists():
        err.print(f"[red]error:[/red] no database at {db}")
        raise typer.Exit(1)
    if output == "-" and fmt not in (ExportFormat.jsonl, ExportFormat.incidents):
        err.print(f"[red]error:[/red] {fmt} needs --out PATH")
        raise typer.Exit(2)
    with _open_store(db) as store:
        if output == "-":
            rows = store.records() if fmt is ExportFormat.jsonl else store.incident_records()
            count = sum(sys.stdout.write(jsonl_line(r)) > 0 for r in rows)
            err.print(f"exported {count} {fmt} records")
            return
        incidents = [incident_from_record(r) for r in store.incident_records()]
        changes = [control_change_from_record(r) for r in store.derived_records("control")]
        try:
            result = export_result(str(fmt), Path(output), store.records(), incidents, changes)
        except (ValueError, OSError) as exc:
            err.print(f"[red]error:[/red] {output}: {exc}")
            raise typer.Exit(1) from None
    skipped = ", ".join(f"{k} {v}" for k, v in result.skipped.items())
    err.print(f"exported {result.written} {fmt} records to {output}"
              + (f" (skipped: {skipped})" if skipped else ""))


@app.command()
def link(
    db: DbOption = Path(DEFAULT_DB),
    rebuild: Annotated[bool, typer.Option(
        "--rebuild", help="Relink every analysis from scratch.")] = False,
) -> None:
    """Link stored analyses across articles and languages: incidents (one happening, many
    reports), stories, contradictions and the control timeline. Incremental: only analyses
    not linked yet are added (analyse runs this too)."""
    with _open_store(db) as store:
        summary = _link(store, rebuild=rebuild, quiet=False)
    err.print(_link_line(summary))


def _stored(db: Path) -> Store:
    if not db.exists():
        err.print(f"[red]error:[/red] no database at {db}")
        raise typer.Exit(1)
    return _open_store(db)


@app.command()
def incidents(
    db: DbOption = Path(DEFAULT_DB),
    story: Annotated[str | None, typer.Option("--story", help="Only this story's.")] = None,
    place: Annotated[str | None, typer.Option(
        "--place", help="Only at this place (a name in any language, or a gazetteer id).")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Only dated on or after this day (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")] = False,
) -> None:
    """The incidents: one happening each, with how many reports, outlets and languages."""
    from dateline.link_tables import filter_incidents, incidents_table

    with _stored(db) as store:
        found = filter_incidents(store.incident_records(), story=story, place=place, since=since)
    if as_json:
        for record in found:
            sys.stdout.write(jsonl_line(record))
    else:
        out.print(incidents_table(found))


@app.command()
def outlets(db: DbOption = Path(DEFAULT_DB)) -> None:
    """The outlets and their home regions, learned from their articles' places (a local
    paper's "Paris" is its county's)."""
    from dateline.outlets import OutletHomes

    with _stored(db) as store:
        found = OutletHomes(store.outlet_rows()).outlets()
    table = Table(title=f"{len(found)} outlets", title_justify="left")
    table.add_column("outlet")
    table.add_column("articles with places", justify="right")
    table.add_column("home (share of their places)")
    for outlet, articles, home in found:
        table.add_row(outlet, str(articles), ", ".join(
            f"{h.admin1} ({h.country}) {h.share:.0%}" for h in home) or "-")
    out.print(table)


@app.command()
def stories(db: DbOption = Path(DEFAULT_DB)) -> None:
    """The stories: articles grouped by the situation they report on."""
    from dateline.link_tables import stories_table

    with _stored(db) as store:
        out.print(stories_table(list(store.derived_records("story"))))


@app.command()
def contradictions(db: DbOption = Path(DEFAULT_DB)) -> None:
    """Where sources disagree: figures beyond tolerance, statuses, dates, with each side."""
    from dateline.link_tables import contradictions_table

    with _stored(db) as store:
        out.print(contradictions_table(list(store.derived_records("contradiction"))))


@app.command()
def control(
    place: Annotated[str, typer.Argument(help="A place name in any language, or a gazetteer "
                                         "id.")],
    db: DbOption = Path(DEFAULT_DB),
    on: Annotated[str | None, typer.Option(
        "--on", help="Also say who held it on this day (YYYY-MM-DD).")] = None,
) -> None:
    """A place's control timeline (who took it or left it, when, per which sources)."""
    from dateline.link.control import controller_at, matches_record
    from dateline.link_tables import control_table
    from dateline.model import control_change_from_record

    with _stored(db) as store:
        records = [c for c in store.derived_records("control")
                   if matches_record(c, place)]
    out.print(control_table(place, records))
    if on:
        state = controller_at([control_change_from_record(r) for r in records], place, on)
        holder = state.side or "unknown"
        basis = f" since {state.since}" if state.since else ""
        sources = f" per {', '.join(state.sources)}" if state.sources else ""
        out.print(f"{place} on {on}: held by {holder}{basis}{sources}"
                  + (f" ({state.status})" if state.status else ""))


@app.command()
def serve(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(
        "--host", help="Interface to listen on (loopback by default; 0.0.0.0 exposes the "
        "ledger to your network).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    tiles: Annotated[str | None, typer.Option(
        "--tiles", help="An online tile layer URL template for the map "
        "(https://.../{z}/{x}/{y}.png); without it the map is offline (country outlines).",
        metavar="URL")] = None,
) -> None:
    """Open the ledger as a web app (map, timeline, sources) with its JSON API at /api/v1,
    read-only over the store: safe while `dateline analyze` writes."""
    from dateline.web.server import serve as run_server

    if not db.exists():
        err.print(f"[red]error:[/red] no database at {db}")
        raise typer.Exit(1)
    if tiles is not None and not tiles.startswith(("https://", "http://")):
        err.print("[red]error:[/red] --tiles must be an http(s) URL template")
        raise typer.Exit(2)
    from dateline.store.sqlite import StoreError

    try:
        run_server(db, host=host, port=port, tiles=tiles)
    except (StoreError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Where the demo's database and "
                                          "JSON Lines go.", file_okay=False)] = Path(
        "dateline-demo"),
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64)] = 1,
) -> None:
    """Analyse the bundled demo corpus into a fresh database and say where everything went."""
    from dateline.demo import demo_corpus

    corpus = demo_corpus()
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / "demo.db"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    jsonl = out_dir / "demo.jsonl"
    code = _analyze([str(corpus)], db, str(jsonl), False, workers, 20.0, False)
    err.print()
    err.print(f"demo corpus:   {corpus}")
    err.print(f"database:      {db}    (dateline show ID --db {db})")
    err.print(f"JSON Lines:    {jsonl}")
    err.print(f"web app:       dateline serve --db {db}    (map, timeline, sources)")
    err.print(f"incidents:     dateline incidents --db {db}")
    if shutil.which("datasette"):
        err.print(f"browse:        datasette {db}")
    raise typer.Exit(code)


gazetteer_app = typer.Typer(help="Build or query the place gazetteer (GeoNames).",
                            no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build(
    geonames: Annotated[list[str] | None, typer.Option(
        "--geonames", help="A GeoNames dump to add (allCountries.zip, XX.zip, "
        "alternateNamesV2.zip, or their .txt), as a file or URL; repeatable.",
        metavar="FILE_OR_URL")] = None,
    path: Annotated[Path | None, typer.Option(
        "--path", help="Where the index goes (default: the user cache folder, or env "
        "DATELINE_GAZETTEER).", dir_okay=False)] = None,
) -> None:
    """Build the gazetteer index from the bundled GeoNames data (cities500, countries,
    admin-1 regions, curated features), plus any full GeoNames dumps given."""
    from dateline.gazetteer.build import build_index, default_index_path

    target = path or default_index_path()
    with Progress(TextColumn("[bold blue]{task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=err) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            report = build_index(target, geonames=geonames or [], progress=progress)
        except (OSError, ValueError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None
    err.print(f"gazetteer: {target}")
    err.print(str(report))


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name, in any language or script.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=200)] = 10,
) -> None:
    """List the gazetteer's candidates for a name."""
    from dateline.gazetteer.lookup import Gazetteer

    table = Table("id", "name", "kind", "country", "admin1", "lat", "lon", "population",
                  "matched", title=f"candidates for {name!r}")
    for c in Gazetteer.open().candidates(name, limit=limit):
        table.add_row(c.gazetteer_id, c.name, c.kind, c.country or "", c.admin1 or "",
                      f"{c.lat:.4f}", f"{c.lon:.4f}", f"{c.population:,}",
                      f"{c.matched_name} ({c.match})")
    out.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
