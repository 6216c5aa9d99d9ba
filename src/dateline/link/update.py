"""Bring the store's cross-article layer up to date: link the analyses not linked yet (new
articles, or articles analysed again) into the stored incidents, then derive stories,
contradictions and the control timeline, and save it all in one transaction.

Linking is incremental (:class:`~dateline.link.incidents.Linker` re-clusters only what the
new reports touch); stories, contradictions and control changes are recomputed from the
incidents, which is cheap beside linking. ``rebuild=True`` relinks everything from scratch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from dateline.link.contradictions import find_contradictions
from dateline.link.control import control_changes
from dateline.link.incidents import Linker
from dateline.link.reports import reports_from_record
from dateline.link.stories import assign_stories, group_stories
from dateline.model import Incident, Report, incident_from_record, incident_record
from dateline.store.sqlite import Store

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LinkSummary:
    """What an update did and what the store now holds."""

    articles_linked: int  # analyses (re)linked by this update
    reports_added: int
    incidents_new: int
    incidents_changed: int
    incidents_removed: int
    incidents: int
    multi_source: int  # incidents reported by more than one article
    stories: int
    contradictions: int
    control_changes: int


def update_links(store: Store, *, rebuild: bool = False,
                 progress: Progress | None = None) -> LinkSummary:
    """Link what is not linked yet (everything with ``rebuild``) and save the result."""
    say = progress or (lambda _message: None)
    stored = [] if rebuild else [incident_from_record(r) for r in store.incident_records()]
    linker = Linker(stored)
    before = {i.id for i in stored}
    pending = [(r, at) for at, r in store.unlinked_records(every=rebuild)]
    stale = store.stale_linked()
    say(f"linking {len(pending)} analyses")
    reports: list[Report] = []
    for record, _at in pending:
        reports.extend(reports_from_record(record))
    update = linker.add(reports, replace=[*stale, *(r["id"] for r, _ in pending)])
    incidents = linker.incidents()
    say(f"{len(incidents)} incidents; deriving stories, contradictions, control")
    records = [_with_text(store, r) for r in store.records()]
    stories = group_stories(incidents, records)
    assign_stories(incidents, stories)
    contradictions = find_contradictions(incidents, records, stories)
    changes = control_changes(incidents)
    after = {i.id for i in incidents}
    store.save_links(
        [incident_record(i) for i in incidents], sorted(before - after),
        [(r["id"], at) for r, at in pending], stale,
        {"story": [(s.id, asdict(s)) for s in stories],
         "contradiction": [(c.id, asdict(c)) for c in contradictions],
         "control": [(_change_id(c), asdict(c)) for c in changes]},
    )
    return LinkSummary(
        articles_linked=len(pending), reports_added=len(reports),
        incidents_new=len(update.new), incidents_changed=len(update.changed),
        incidents_removed=len(before - after), incidents=len(incidents),
        multi_source=sum(_articles(i) > 1 for i in incidents), stories=len(stories),
        contradictions=len(contradictions), control_changes=len(changes),
    )


def _with_text(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    """The record with its article's text, so a contradiction can quote its sentence."""
    text = store.text(record["id"])
    return {**record, "text": text} if text is not None else record


def _articles(incident: Incident) -> int:
    return len({r.article_id for r in incident.reports})


def _change_id(change: Any) -> str:
    return f"{change.incident_id}:{change.gazetteer_id or change.place}:{change.subtype}"
