"""Rich tables of the cross-article layer for the command line: incidents, stories,
contradictions and a place's control timeline, built from stored records (dicts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.table import Table

from dateline.link.control import matches_record


def _start(date: str | None) -> str:
    return (date or "").split("/")[0]


def filter_incidents(incidents: Iterable[dict[str, Any]], *, story: str | None = None,
                     place: str | None = None, since: str | None = None
                     ) -> list[dict[str, Any]]:
    """Incidents of a story, at a place, or dated on or after ``since`` (ISO date; an
    undated incident counts by its first report)."""
    out = []
    for i in incidents:
        if story and i.get("story_id") != story:
            continue
        if place and not matches_record(i, place):
            continue
        when = _start(i.get("date")) or (i.get("first_reported") or "")
        if since and (not when or when[:10] < since):
            continue
        out.append(i)
    return out


def incidents_table(incidents: Sequence[dict[str, Any]]) -> Table:
    table = Table(title=f"incidents ({len(incidents)})", title_justify="left")
    for name in ("id", "date", "type", "location", "actor", "status", "reports", "outlets",
                 "languages"):
        table.add_column(name, overflow="fold")
    for i in incidents:
        table.add_row(
            i["id"], i.get("date") or "-", f"{i['type']}/{i.get('subtype') or '-'}",
            i.get("location") or "-", i.get("actor") or "-", i.get("status") or "-",
            str(len(i.get("reports", []))), ", ".join(i.get("outlets", [])) or "-",
            ", ".join(i.get("languages", [])) or "-",
        )
    return table


def stories_table(stories: Sequence[dict[str, Any]]) -> Table:
    table = Table(title=f"stories ({len(stories)})", title_justify="left")
    for name in ("id", "title", "articles", "incidents", "from", "to", "places"):
        table.add_column(name, overflow="fold")
    for s in stories:
        table.add_row(s["id"], s["title"], str(len(s["article_ids"])),
                      str(len(s["incident_ids"])), s.get("first") or "-", s.get("last") or "-",
                      ", ".join(s.get("places", [])[:4]) or "-")
    return table


def _claim_line(claim: dict[str, Any]) -> str:
    value = claim.get("value")
    if isinstance(value, float):
        value = f"{value:,.0f}" if value >= 100 else f"{value:g}"
    unit = f" {claim['unit']}" if claim.get("unit") else ""
    who = claim.get("claimed_by") or "-"
    where = claim.get("source") or claim["article_id"]
    return f"{value}{unit} ({claim['text']}) per {who} in {where}"


def contradictions_table(contradictions: Sequence[dict[str, Any]]) -> Table:
    table = Table(title=f"contradictions ({len(contradictions)})", title_justify="left")
    for name in ("id", "kind", "about", "claims", "note"):
        table.add_column(name, overflow="fold")
    for c in contradictions:
        table.add_row(c["id"], c["kind"], c["about"],
                      "\n".join(_claim_line(x) for x in c["claims"]), c.get("note") or "")
    return table


def control_table(place: str, changes: Sequence[dict[str, Any]]) -> Table:
    table = Table(title=f"control of {place} ({len(changes)} changes)", title_justify="left")
    for name in ("date", "from", "to", "event", "status", "incident", "sources"):
        table.add_column(name, overflow="fold")
    for c in changes:
        outlets = sorted({r.get("source") or r["article_id"] for r in c.get("reports", [])})
        table.add_row(c.get("date") or "-", c.get("from_side") or "?", c.get("to_side") or "?",
                      c["subtype"], c["status"], c["incident_id"], ", ".join(outlets))
    return table
