"""Importing plans: an upload read once and kept, its preview, and the import itself (in bulk, all or nothing).

    pending = import_upload(by=..., data=..., filename=..., plan_title=..., layout="auto", ...)
    import_choose(pending=..., by=..., layout=... | mapping=... | reading=(row, "section"|"action"))
    summary = import_preview(pending=..., by=...)          # what the confirm would do; writes nothing
    outcome = import_confirm(pending=..., by=..., choices={(reference, field): "file"|"app"})
                                                             # small files now, big ones as a shared.jobs job

`plan_import(parsed=..., title=...)` is the import itself (the command line and the demo call it directly).
Re-importing compares three values per field and never undoes what people did in the app
(services/import_writer.py says how).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from organisation.models import Lead
from shared import jobs
from shared.models import Job

from ..access import can_import_into
from ..importing.detect import detect_layout, other_layout
from ..importing.pipeline import parse_tables, read_file
from ..importing.structure import (
    LoneRowReading,
    ParsedPlan,
    Problem,
    assign_references,
    plan_from_json,
    plan_to_json,
    tables_from_json,
    tables_to_json,
)
from ..models import Plan, PlanImport
from .import_writer import APP, FILE, ActionChange, Conflict, NewLead, PlanChanges, plan_changes, write

KEEP_UPLOADS_FOR = timedelta(days=1)
JOB = "plans.import"
# Confirming a file with more actions than this runs as a background job with a progress bar.
BACKGROUND_ACTIONS = getattr(settings, "PLAN_IMPORT_BACKGROUND_ACTIONS", 300)

# "See point 1.1d", "Link to 2.2.B", "Linked to action 2.1F", "(Linked to 2.1. B and ...)"
CROSS_REFERENCE = re.compile(
    r"\b(?:see(?:\s+point)?|link(?:ed)?\s+(?:in\s+)?(?:with\s+|to\s+)(?:action\s+|point\s+)?)\s*(\d+\.\d+)\.?\s?([A-Za-z])?(?![A-Za-z])",
    re.IGNORECASE,
)


def cross_references_in(text: str) -> list[str]:
    """References an action's text points to, normalised: "See point 1.1d" -> "1.1.D"."""
    found = []
    for headline, letter in CROSS_REFERENCE.findall(text or ""):
        found.append(f"{headline}.{letter.upper()}" if letter else headline)
    return found


class ImportRejected(Exception):
    """The file has errors (or conflicts nobody chose for): nothing was written. `summary` says what and where."""

    def __init__(self, summary: ImportSummary):
        super().__init__("The import has errors; nothing was written.")
        self.summary = summary


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run and the preview, would do)."""

    plan_title: str
    dry_run: bool = False
    goals: int = 0
    headline_actions: int = 0
    actions: int = 0
    sub_actions: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    leads: int = 0
    leads_created: list[str] = field(default_factory=list)
    new_leads: list[NewLead] = field(default_factory=list)
    matched_leads: list[tuple[str, str, str]] = field(default_factory=list)
    progress_updates: int = 0
    comments: int = 0
    timescales_needing_review: int = 0
    needing_review: list[tuple[str, str]] = field(default_factory=list)  # (reference, timescale as written)
    problems: list[Problem] = field(default_factory=list)
    dropped: list = field(default_factory=list)
    changed: list[ActionChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    kept: int = 0  # fields people changed in the app that the file left alone: kept
    units: list[tuple[str, str | None]] = field(default_factory=list)  # (as written, existing name or None)
    themes: list[tuple[str, str | None]] = field(default_factory=list)
    pillars: list[tuple[str, str | None]] = field(default_factory=list)
    plan_id: int | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    def warnings_by_kind(self) -> list[tuple[str, list[Problem]]]:
        """Warnings grouped by kind, the biggest group first."""
        groups: dict[str, list[Problem]] = {}
        for problem in self.warnings:
            groups.setdefault(problem.kind, []).append(problem)
        return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))

    def dropped_by_reason(self) -> list[tuple[str, list]]:
        groups: dict[str, list] = {}
        for item in self.dropped:
            groups.setdefault(item.why, []).append(item)
        return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))

    @property
    def total_actions(self) -> int:
        return self.headline_actions + self.actions + self.sub_actions

    def lines(self) -> list[str]:
        lines = [
            f"{'Checked (dry run, nothing written)' if self.dry_run else 'Imported'}: {self.plan_title}",
            f"  goals: {self.goals}",
            f"  headline actions: {self.headline_actions}",
            f"  actions: {self.actions}",
            f"  sub-actions: {self.sub_actions}",
            f"  new: {self.created}, updated: {self.updated}, unchanged: {self.unchanged}",
            f"  leads: {self.leads} ({len(self.leads_created)} new, to link to accounts: "
            f"{', '.join(self.leads_created) or 'none'})",
            f"  progress updates: {self.progress_updates}",
            f"  review comments: {self.comments}",
            f"  timescales needing review: {self.timescales_needing_review}",
        ]
        if self.conflicts:
            lines.append(f"Conflicts ({len(self.conflicts)}: changed in the app and in the file):")
            lines += [f"  {c.reference} {c.label}: app '{c.app}', file '{c.file}'" for c in self.conflicts]
        if self.problems:
            lines.append(f"Problems ({len(self.errors)} errors, {len(self.warnings)} warnings):")
            lines += [f"  {p.severity}: {p}" for p in self.errors + self.warnings]
        if self.dropped:
            lines.append(f"Not imported ({len(self.dropped)} pieces of text):")
            lines += [f"  {d.ref or 'The file'}: {d.why}: {d.text[:80]!r}" for d in self.dropped]
        return lines


def summarise(parsed: ParsedPlan, changes: PlanChanges, *, title: str, dry_run: bool) -> ImportSummary:
    summary = ImportSummary(
        plan_title=title,
        dry_run=dry_run,
        problems=list(parsed.problems) + list(changes.problems),
        dropped=list(changes.dropped),
        new_leads=changes.new_leads,
        matched_leads=changes.matched_leads,
        changed=changes.changed,
        conflicts=changes.conflicts,
    )
    summary.goals = len(parsed.goals)
    for change in changes.actions:
        depth = change.depth
        if depth == 0:
            summary.headline_actions += 1
        elif depth == 1:
            summary.actions += 1
        else:
            summary.sub_actions += 1
        if change.existing is None:
            summary.created += 1
        elif change.changes or change.conflicts:
            summary.updated += 1
        else:
            summary.unchanged += 1
        summary.kept += len(change.kept)
        if change.file_values["timescale"]["needs_review"]:
            summary.timescales_needing_review += 1
            summary.needing_review.append((change.item.reference, change.item.timescale))
        summary.progress_updates += sum(1 for u in change.item.updates if u.text.strip())
        summary.comments += len(change.new_comments)
    summary.leads_created = [lead.name for lead in changes.new_leads if not lead.account]
    summary.units = [(m.written, m.existing) for m in changes.units.seen.values()]
    summary.themes = [(m.written, m.existing) for m in changes.themes.seen.values()]
    summary.pillars = [(m.written, m.existing) for m in changes.pillars.seen.values()]
    return summary


@transaction.atomic
def plan_import(
    *,
    parsed: ParsedPlan,
    title: str,
    by=None,
    source_name: str = "a file",
    plan_start: date | None = None,
    plan_end: date | None = None,
    dry_run: bool = False,
    choices: dict[tuple[str, str], str] | None = None,
    prefer: str | None = None,
    progress=None,
    planned: PlanChanges | None = None,
) -> ImportSummary:
    """Create or update the plan `title` from `parsed`; all or nothing.

    Errors in `parsed` (or in the names it would store) mean nothing is written. A field changed both in the app
    and in the file since the last import is a conflict: `choices` says, per (reference, field), "file" or "app";
    `prefer` answers every conflict `choices` does not (the command line); without either, ImportRejected.
    A dry run works everything out and writes nothing. `planned` is that working out done before this transaction
    (a background import shows its progress that way); it is used only if no action has been saved since.
    """
    assign_references(parsed)
    # Locked while the import is worked out and written, so no save in the app slips in between (not for a preview).
    plans = Plan.objects.filter(title=title)
    plan = (plans if dry_run else plans.select_for_update()).first()
    if by is not None and not can_import_into(by, plan):
        raise PermissionDenied(f"You cannot import into “{title}”: it belongs to other plan owners.")
    stored = {}
    if plan is not None and planned is not None and not dry_run:
        stored = dict(plan.actions.select_for_update().values_list("reference", "version"))
    elif plan is not None and not dry_run:
        list(plan.actions.select_for_update().values_list("pk"))
    same_plan = planned is not None and (planned.plan.pk if planned.plan else None) == (plan.pk if plan else None)
    in_file = {change.item.reference for change in planned.actions} if planned is not None else set()
    if same_plan and planned.versions() == {ref: version for ref, version in stored.items() if ref in in_file}:
        changes = planned
    else:
        changes = plan_changes(parsed, plan=plan, plan_start=plan_start, plan_end=plan_end)
    summary = summarise(parsed, changes, title=title, dry_run=dry_run)
    if not parsed.goals and not summary.errors:
        summary.problems.append(
            Problem("No goals or actions were found in the file. Check the layout and the column mapping.")
        )
    if summary.errors:
        raise ImportRejected(summary)
    decided = _decide(changes.conflicts, choices or {}, prefer)
    if dry_run:
        return summary
    if decided is None:
        summary.problems.append(
            Problem(
                f"{len(changes.conflicts)} field(s) were changed both in the app and in the file: choose which "
                "value to keep for each before importing."
            )
        )
        raise ImportRejected(summary)

    reason = f"Imported from {source_name}"
    created = plan is None
    if plan is None:
        plan = Plan(title=title, period_start=plan_start, period_end=plan_end)
    else:
        plan.period_start = plan_start or plan.period_start
        plan.period_end = plan_end or plan.period_end
    plan._change_reason, plan._history_user = reason, by
    plan.full_clean()
    plan.save()
    if created and by is not None:
        plan.owners.add(by)  # whoever brings a plan in can open its settings and edit it
    summary.plan_id = plan.pk
    today = timezone.localdate()
    # An imported action has existed since the plan began, not since the upload: an action the file gives no dated
    # update for is "update needed", not fresh.
    started_on = min(plan.period_start, today) if plan.period_start else today
    counts = write(changes, plan=plan, by=by, reason=reason, choices=decided, started_on=started_on, progress=progress)
    summary.created, summary.updated = counts.created, counts.updated
    summary.unchanged = len(changes.actions) - counts.created - counts.updated
    summary.comments = counts.comments
    summary.leads_created = counts.leads_created
    summary.leads = Lead.objects.filter(actions__plan=plan).distinct().count()
    return summary


def _decide(conflicts: list[Conflict], choices: dict, prefer: str | None) -> dict | None:
    decided = {}
    for conflict in conflicts:
        choice = choices.get((conflict.reference, conflict.field)) or prefer
        if choice not in (FILE, APP):
            return None
        decided[(conflict.reference, conflict.field)] = choice
    return decided


# --- The browser's upload -> preview -> confirm ------------------------------------------------------------------


@transaction.atomic
def import_upload(
    *,
    by,
    data: bytes,
    filename: str,
    plan_title: str,
    layout: str = "auto",
    plan_start: date | None = None,
    plan_end: date | None = None,
) -> PlanImport:
    """Read the file once (UnreadableFile if it cannot be), find its layout, and keep the tables for the next steps."""
    tables = read_file(data, filename)
    detection = detect_layout(tables)
    import_remove_old_uploads()
    pending = PlanImport(
        uploaded_by=by,
        filename=filename[:255],
        plan_title=plan_title,
        layout=detection.layout if layout == "auto" else layout,
        detected_layout=detection.layout,
        detection_reason=detection.reason,
        plan_start=plan_start,
        plan_end=plan_end,
        tables=tables_to_json(tables),
        row_count=sum(len(t.rows) for t in tables),
    )
    _parse(pending)
    pending.save()
    return pending


def import_remove_old_uploads(*, now=None) -> int:
    """Delete uploads older than KEEP_UPLOADS_FOR, except one whose import job is still queued or running.

    The nightly housekeeping calls it (shared.jobs.register_tidy_up), and so does each new upload."""
    now = now or timezone.now()
    active = Q(job__state__in=[Job.State.QUEUED, Job.State.RUNNING])
    _, deleted = PlanImport.objects.filter(created_at__lt=now - KEEP_UPLOADS_FOR).exclude(active).delete()
    return deleted.get(PlanImport._meta.label, 0)


def tidy_up_old_uploads() -> str:
    removed = import_remove_old_uploads()
    return f"Removed {removed} plan upload{'' if removed == 1 else 's'} older than a day."


def import_parsed(pending: PlanImport) -> ParsedPlan:
    """The plan read from the upload with its current layout, mapping and readings (kept; re-read when they change)."""
    if pending.parsed and pending.parsed_key == _parse_key(pending):
        return plan_from_json(pending.parsed)
    parsed = _parse(pending)
    PlanImport.objects.filter(pk=pending.pk).update(parsed=pending.parsed, parsed_key=pending.parsed_key)
    return parsed


def _parse_key(pending: PlanImport) -> str:
    key = [pending.layout, pending.mapping, pending.readings, str(pending.plan_start), str(pending.plan_end)]
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def _tables(pending: PlanImport):
    if not pending.tables and pending.data:  # an upload kept from before tables were kept: read it this once
        pending.tables = tables_to_json(read_file(bytes(pending.data), pending.filename))
        pending.data = b""
        if pending.pk:
            PlanImport.objects.filter(pk=pending.pk).update(tables=pending.tables, data=b"")
    return tables_from_json(pending.tables)


def _parse(pending: PlanImport) -> ParsedPlan:
    parsed = parse_tables(
        _tables(pending),
        layout=pending.layout,
        mapping=pending.mapping or None,
        readings=pending.readings,
        plan_start=pending.plan_start,
        plan_end=pending.plan_end,
    )
    assign_references(parsed)
    pending.parsed, pending.parsed_key = plan_to_json(parsed), _parse_key(pending)
    return parsed


def _check_open(pending: PlanImport, by) -> None:
    if pending.state != PlanImport.State.UPLOADED:
        raise ValidationError("This import has already been saved, or is being saved.")
    if pending.uploaded_by_id != getattr(by, "pk", None):
        raise PermissionDenied("Only the person who uploaded a file can change its import.")


@transaction.atomic
def import_choose(
    *,
    pending: PlanImport,
    by,
    layout: str | None = None,
    mapping: dict[str, str] | None = None,
    reading: tuple[str, str] | None = None,
) -> PlanImport:
    """A person's choice on the preview: the layout, the column mapping, or how one lone row reads."""
    pending = PlanImport.objects.select_for_update().get(pk=pending.pk)
    _check_open(pending, by)
    if layout is not None:
        if layout not in PlanImport.Layout.values:
            raise ValidationError({"layout": "Choose the numbered or the columns layout."})
        pending.layout = layout
        pending.readings = {}
    if mapping is not None:
        pending.mapping = {name: header for name, header in mapping.items()}
    if reading is not None:
        row, choice = reading
        if choice not in ("section", "action"):
            raise ValidationError("Read the row as a section or as an action.")
        readings = dict(pending.readings)
        readings[row] = choice
        pending.readings = readings
    _parse(pending)
    pending.save()
    return pending


@dataclass
class Preview:
    summary: ImportSummary
    parsed: ParsedPlan
    lone_rows: list[LoneRowReading]
    other_layout: str
    other_layout_actions: int  # when this layout finds no actions: how many the other one finds


def import_preview(*, pending: PlanImport, by) -> Preview:
    """What confirming would do, worked out without writing anything."""
    parsed = import_parsed(pending)
    try:
        summary = plan_import(
            parsed=parsed,
            title=pending.plan_title,
            by=by,
            source_name=pending.filename,
            plan_start=pending.plan_start,
            plan_end=pending.plan_end,
            dry_run=True,
        )
    except ImportRejected as rejected:
        summary = rejected.summary
    other = other_layout(pending.layout)
    other_actions = 0
    if not parsed.action_count():
        other_actions = parse_tables(
            _tables(pending), layout=other, plan_start=pending.plan_start, plan_end=pending.plan_end
        ).action_count()
    return Preview(summary, parsed, parsed.lone_rows, other, other_actions)


@dataclass
class Confirmed:
    summary: ImportSummary | None = None  # imported now
    job: jobs.Job | None = None  # or being imported by a job


def import_confirm(*, pending: PlanImport, by, choices: dict[tuple[str, str], str]) -> Confirmed:
    """Import the upload: now for a small file, as a background job (with progress) for a big one.

    Raises ImportRejected (nothing written) when the file has errors or a conflict has no choice.
    """
    with transaction.atomic():
        pending = PlanImport.objects.select_for_update().get(pk=pending.pk)
        _check_open(pending, by)
        parsed = import_parsed(pending)
        if parsed.action_count() <= BACKGROUND_ACTIONS:
            return Confirmed(summary=_import_now(pending, parsed, by=by, choices=choices))
        # Checked now, so a file with errors or unanswered conflicts goes straight back to the preview.
        summary = plan_import(
            parsed=parsed,
            title=pending.plan_title,
            by=by,
            source_name=pending.filename,
            plan_start=pending.plan_start,
            plan_end=pending.plan_end,
            dry_run=True,
        )
        if summary.conflicts and _decide(summary.conflicts, choices, None) is None:
            summary.problems.append(
                Problem("Some fields were changed both in the app and in the file: choose which value to keep.")
            )
            raise ImportRejected(summary)
        pending.state = PlanImport.State.IMPORTING
        pending.save(update_fields=["state"])
    job = jobs.start(
        JOB,
        params={"import": pending.pk, "choices": [[r, f, c] for (r, f), c in choices.items()]},
        by=by,
        title=f"Importing {pending.filename}",
    )
    PlanImport.objects.filter(pk=pending.pk).update(job=job)
    return Confirmed(job=job)


def _import_now(pending: PlanImport, parsed: ParsedPlan, *, by, choices, planned=None) -> ImportSummary:
    summary = plan_import(
        parsed=parsed,
        title=pending.plan_title,
        by=by,
        source_name=pending.filename,
        plan_start=pending.plan_start,
        plan_end=pending.plan_end,
        choices=choices,
        planned=planned,
    )
    pending.state, pending.plan_id = PlanImport.State.IMPORTED, summary.plan_id
    pending.tables, pending.parsed, pending.data = [], {}, b""
    pending.save(update_fields=["state", "plan", "tables", "parsed", "data"])
    return summary


def run_import_job(job, progress) -> jobs.Outcome:
    """The background confirm (registered as "plans.import"): all or nothing, progress in rows done of rows."""
    pending = PlanImport.objects.filter(pk=job.params["import"]).first()
    if pending is None:
        raise jobs.JobFailed("This upload is no longer kept (uploads are kept for a day). Upload the file again.")
    if pending.state == PlanImport.State.IMPORTED and pending.plan_id:
        return _outcome(pending, None)
    PlanImport.objects.filter(pk=pending.pk).update(state=PlanImport.State.IMPORTING, job=job)
    choices = {(r, f): c for r, f, c in job.params.get("choices", [])}
    parsed = import_parsed(pending)
    assign_references(parsed)
    total = parsed.action_count()
    progress(0, total, "Checking each row against the plan")
    # Worked out outside the transaction, so the progress is seen as it goes; the writing is one transaction.
    planned = plan_changes(
        parsed,
        plan=Plan.objects.filter(title=pending.plan_title).first(),
        plan_start=pending.plan_start,
        plan_end=pending.plan_end,
        progress=lambda done: progress(done, total, "Checking each row against the plan"),
    )
    progress(total, total, "Saving the plan")
    try:
        with transaction.atomic():
            summary = _import_now(pending, parsed, by=job.requested_by, choices=choices, planned=planned)
    except ImportRejected as rejected:
        PlanImport.objects.filter(pk=pending.pk).update(state=PlanImport.State.UPLOADED)
        first = (rejected.summary.errors or [Problem("The import could not be saved.")])[0]
        raise jobs.JobFailed(f"Nothing was saved: {first}. Go back to the preview to check it.") from None
    except PermissionDenied as denied:
        PlanImport.objects.filter(pk=pending.pk).update(state=PlanImport.State.UPLOADED)
        raise jobs.JobFailed(str(denied)) from None
    except Exception:
        PlanImport.objects.filter(pk=pending.pk).update(state=PlanImport.State.UPLOADED)
        raise
    return _outcome(pending, summary)


def _outcome(pending: PlanImport, summary: ImportSummary | None) -> jobs.Outcome:
    message = (
        f"Imported {pending.filename}: {summary.goals} goals, {summary.total_actions} actions "
        f"({summary.created} new, {summary.updated} updated)."
        if summary is not None
        else f"{pending.filename} has been imported."
    )
    return jobs.Outcome(
        result={
            "message": message,
            "plan_id": pending.plan_id,
            "next_url": reverse("plans:plan_detail", args=[pending.plan_id]),
            "next_label": f"Open {pending.plan_title}",
        }
    )


__all__ = [
    "ImportRejected",
    "ImportSummary",
    "plan_import",
    "import_upload",
    "import_choose",
    "import_preview",
    "import_confirm",
    "import_parsed",
    "run_import_job",
    "cross_references_in",
]
