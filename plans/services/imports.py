"""Writing a parsed plan into the database: one transaction, matched by reference so a re-import updates."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from organisation.models import Lead, Unit

from ..access import can_import_into
from ..choices import Status
from ..importing.heuristics import split_leads
from ..importing.structure import ParsedAction, ParsedPlan, Problem, assign_references, walk
from ..models import Action, Goal, Plan, ProgressUpdate, ReviewComment, Theme
from .actions import apply_timescale
from .leads import leads_resolve

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
    """The file has errors: nothing was written. `summary.problems` says what and where."""

    def __init__(self, summary: "ImportSummary"):
        super().__init__("The import has errors; nothing was written.")
        self.summary = summary


@dataclass
class ImportSummary:
    plan_title: str
    dry_run: bool = False
    goals: int = 0
    headline_actions: int = 0
    actions: int = 0
    sub_actions: int = 0
    created: int = 0
    updated: int = 0
    leads: int = 0
    leads_created: list[str] = field(default_factory=list)
    progress_updates: int = 0
    comments: int = 0
    timescales_needing_review: int = 0
    problems: list[Problem] = field(default_factory=list)
    plan_id: int | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def lines(self) -> list[str]:
        lines = [
            f"{'Checked (dry run, nothing written)' if self.dry_run else 'Imported'}: {self.plan_title}",
            f"  goals: {self.goals}",
            f"  headline actions: {self.headline_actions}",
            f"  actions: {self.actions}",
            f"  sub-actions: {self.sub_actions}",
            f"  new: {self.created}, updated: {self.updated}",
            f"  leads: {self.leads} ({len(self.leads_created)} new, to link to accounts: "
            f"{', '.join(self.leads_created) or 'none'})",
            f"  progress updates: {self.progress_updates}",
            f"  review comments: {self.comments}",
            f"  timescales needing review: {self.timescales_needing_review}",
        ]
        if self.problems:
            lines.append(f"Problems ({len(self.errors)} errors, {len(self.problems) - len(self.errors)} warnings):")
            lines += [f"  {p.severity}: {p}" for p in self.problems]
        return lines


class _UnitFinder:
    """Service areas by name or abbreviation, ignoring case; unknown ones are created under the plan's unit."""

    def __init__(self, plan: Plan):
        self.by_name: dict[str, Unit] = {}
        for unit in Unit.objects.all():
            self.by_name.setdefault(unit.name.lower(), unit)
            if unit.short_name:
                self.by_name.setdefault(unit.short_name.lower(), unit)
        self.parent = plan.owning_units.first()

    def get(self, name: str | None) -> Unit | None:
        if not name:
            return None
        key = name.strip().lower()
        unit = self.by_name.get(key)
        if unit is None:
            unit, _ = Unit.objects.get_or_create(
                parent=self.parent, name=name.strip()[:200], defaults={"kind": Unit.Kind.TEAM}
            )
            self.by_name[key] = unit
        return unit


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
) -> ImportSummary:
    """Create or update the plan `title` from `parsed`. Errors in `parsed` mean nothing is written."""
    summary = ImportSummary(plan_title=title, dry_run=dry_run, problems=list(parsed.problems))
    if not parsed.goals and not summary.errors:
        summary.problems.append(
            Problem("No goals or actions were found in the file. Check the layout and the column mapping.")
        )
    if summary.errors:
        raise ImportRejected(summary)
    assign_references(parsed)

    reason = f"Imported from {source_name}"
    plan = Plan.objects.filter(title=title).first()
    if by is not None and not can_import_into(by, plan):
        raise PermissionDenied(f"You cannot import into “{title}”: it belongs to other plan owners.")
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

    writer = _ActionWriter(
        plan=plan,
        by=by,
        reason=reason,
        summary=summary,
        units=_UnitFinder(plan),
        themes={t.name.lower(): t for t in Theme.objects.all()},
        existing={a.reference: a for a in plan.actions.all()},
    )
    for position, parsed_goal in enumerate(parsed.goals):
        goal = Goal.objects.filter(plan=plan, number=parsed_goal.number).first() or Goal(
            plan=plan, number=parsed_goal.number
        )
        goal.title = parsed_goal.title[:300]
        goal.outcome = parsed_goal.outcome or goal.outcome
        goal.position = position
        goal._change_reason, goal._history_user = reason, by
        goal.save()
        summary.goals += 1
        writer.write(parsed_goal.actions, goal=goal, parent=None, depth=0)

    in_file = {item.reference for goal in parsed.goals for item in walk(goal.actions)}
    kept = sorted(ref for ref in writer.existing if ref not in in_file)
    if kept:
        summary.problems.append(
            Problem(
                f"{len(kept)} action(s) already in the plan are not in this file and were kept as they were: "
                + ", ".join(kept[:20])
                + (" ..." if len(kept) > 20 else ""),
                severity="warning",
            )
        )
    _link_cross_references(plan, parsed)
    summary.leads = Lead.objects.filter(actions__plan=plan).distinct().count()
    if dry_run:
        transaction.set_rollback(True)
    return summary


@dataclass
class _ActionWriter:
    """Writes parsed actions under a goal, parents before children, matching existing ones by reference."""

    plan: Plan
    by: object
    reason: str
    summary: ImportSummary
    units: _UnitFinder
    themes: dict[str, Theme]
    existing: dict[str, Action]
    lead_cache: dict[str, Lead] = field(default_factory=dict)

    @property
    def started_on(self) -> date:
        today = timezone.localdate()
        return min(self.plan.period_start, today) if self.plan.period_start else today

    def write(self, parsed_actions: list[ParsedAction], *, goal: Goal, parent: Action | None, depth: int) -> None:
        for position, item in enumerate(parsed_actions):
            action = self.existing.get(item.reference)
            if action is None:
                # An imported action has existed since the plan began, not since the upload: an action the file
                # gives no dated update for is "update needed", not fresh.
                action = Action(plan=self.plan, reference=item.reference, created_on=self.started_on)
                self.summary.created += 1
            else:
                self.summary.updated += 1
            action.goal, action.parent, action.depth, action.position = goal, parent, depth, position
            action.code = item.code[:40]
            action.title = item.title
            action.detail = item.detail
            action.measurable = item.measurable
            action.immediate_need = item.immediate_need
            action.service_area = self.units.get(item.service_area)
            action.status = item.status or (Status.IN_PROGRESS if item.progress_text.strip() else Status.NOT_STARTED)
            action.update_requested = item.update_needed
            apply_timescale(action, item.timescale, plan=self.plan)
            if action.timescale_needs_review:
                self.summary.timescales_needing_review += 1
            dated = [u.date for u in item.updates if u.date]
            browser_dates = []
            if action.pk:
                browser_dates = list(
                    action.updates.exclude(source=ProgressUpdate.Source.IMPORT)
                    .exclude(written_on=None)
                    .values_list("written_on", flat=True)
                )
            action.last_update_on = max(dated + browser_dates, default=None)
            action._change_reason, action._history_user = self.reason, self.by
            if action.pk:
                action.version += 1
            action.save()

            self._link(action, item)
            self._record(action, item)
            if depth == 0:
                self.summary.headline_actions += 1
            elif depth == 1:
                self.summary.actions += 1
            else:
                self.summary.sub_actions += 1
            self.write(item.children, goal=goal, parent=action, depth=depth + 1)

    def _link(self, action: Action, item: ParsedAction) -> None:
        """Leads (matched or created as placeholders) and themes."""
        written = split_leads(item.lead_text) if item.lead_text.strip() else []
        leads, created = leads_resolve(written, cache=self.lead_cache)
        self.summary.leads_created += [lead.name for lead in created]
        action.leads.set(leads)
        for name in filter(None, (part.strip() for part in (item.theme or "").split(";"))):
            theme = self.themes.get(name.lower())
            if theme is None:
                theme = self.themes[name.lower()] = Theme.objects.create(name=name[:120])
            action.themes.add(theme)

    def _record(self, action: Action, item: ParsedAction) -> None:
        """Progress updates and review comments from the file."""
        # Imported updates are replaced on re-import; updates written in the browser are never touched.
        action.updates.filter(source=ProgressUpdate.Source.IMPORT).delete()
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                action=action,
                author=None,
                author_name=self.reason,
                written_on=u.date,
                text=u.text,
                status=action.status,
                source=ProgressUpdate.Source.IMPORT,
            )
            for u in item.updates
            if u.text.strip()
        )
        self.summary.progress_updates += sum(1 for u in item.updates if u.text.strip())

        known = set(action.comments.values_list("text", flat=True)) if action.pk else set()
        for note in item.comments:
            if note.text in known:
                continue
            comment = ReviewComment(
                action=action,
                author=None,
                author_name="Reviewer (imported)",
                text=note.text,
                assigned_to_name=note.assigned_to or "",
            )
            comment._change_reason, comment._history_user = self.reason, self.by
            comment.save()
            self.summary.comments += 1


def _link_cross_references(plan: Plan, parsed: ParsedPlan) -> None:
    """Turn "See point 1.1d" in an action's text into a link to that action, when it exists in the plan."""
    actions = {a.reference: a for a in plan.actions.all()}
    for goal in parsed.goals:
        for item in walk(goal.actions):
            targets = {actions.get(ref) for ref in cross_references_in(" ".join([item.detail, item.progress_text]))}
            targets.discard(None)
            targets.discard(actions.get(item.reference))
            if targets:
                actions[item.reference].cross_references.add(*targets)
