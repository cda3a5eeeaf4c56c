"""Writes to actions and plans: progress updates, status, RAG overrides, structure and settings."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..choices import Rag, Status
from ..models import Action, EvidenceLink, Plan, ProgressUpdate
from ..rag import action_rag
from ..timescales import parse_timescale


@dataclass
class StaleEdit(Exception):
    """Someone else saved the action after this form was opened: nothing was written."""

    action: Action
    changes: list  # historical records of the saves made since, oldest first
    updates: list[ProgressUpdate]  # progress updates written since

    def __str__(self) -> str:
        return "This action was changed by someone else after you opened it."


def _lock(action: Action, expected_version: int | None) -> Action:
    """Re-read the action under a row lock and refuse the write if it moved on since the form was shown."""
    current = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    if expected_version is not None and current.version != expected_version:
        changes = list(
            current.history.filter(version__gt=expected_version).select_related("history_user").order_by("history_date")
        )
        since = changes[0].history_date if changes else timezone.now()
        updates = list(current.updates.select_related("author").filter(created_at__gte=since))
        raise StaleEdit(action=current, changes=changes, updates=updates)
    return current


def _save(action: Action, *, by, reason: str) -> None:
    action.version += 1
    action._change_reason = reason
    action._history_user = by
    action.full_clean(exclude=["leads", "themes", "pillars", "cross_references"])
    action.save()


def apply_timescale(action: Action, text: str, *, plan: Plan) -> None:
    """Keep the timescale as written and set the dates it gives; unreadable text is flagged, never guessed."""
    parsed = parse_timescale(text, plan_start=plan.period_start, plan_end=plan.period_end)
    action.timescale_text = parsed.text
    action.start_date = parsed.start
    action.due_date = parsed.due
    action.ongoing = parsed.ongoing
    action.timescale_needs_review = parsed.needs_review


@transaction.atomic
def action_add_progress(
    *, action: Action, by, text: str, status: str, written_on: date | None = None, expected_version: int | None = None
) -> ProgressUpdate:
    """Record a progress update and the status it sets; it clears any request for an update."""
    if status not in Status.values:
        raise ValidationError({"status": "Choose a status from the list."})
    if not text.strip():
        raise ValidationError({"text": "Enter what has happened since the last update."})
    action = _lock(action, expected_version)
    today = timezone.localdate()
    written_on = written_on or today
    if written_on > today:
        raise ValidationError({"written_on": "The date of an update cannot be in the future."})
    action.status = status
    action.update_requested = False
    if action.last_update_on is None or written_on > action.last_update_on:
        action.last_update_on = written_on
    _save(action, by=by, reason=f"Progress update: status {Status(status).label.lower()}")
    rag = action_rag(action, today=today)
    return ProgressUpdate.objects.create(
        action=action, author=by, written_on=written_on, text=text.strip(), status=status, rag=rag.colour
    )


@transaction.atomic
def action_set_rag_override(
    *, action: Action, by, colour: str, reason: str, expires: date | None, expected_version: int | None = None
) -> Action:
    """A lead's own colour for the action, shown with the reason until it expires."""
    if colour not in {Rag.RED, Rag.AMBER, Rag.GREEN}:
        raise ValidationError({"colour": "Choose red, amber or green."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the colour should differ from the computed one."})
    if expires is not None and expires < timezone.localdate():
        raise ValidationError({"expires": "The expiry date must be today or later."})
    action = _lock(action, expected_version)
    action.rag_override, action.rag_override_reason, action.rag_override_expires = colour, reason.strip(), expires
    action.rag_override_by = by
    _save(action, by=by, reason=f"RAG set to {Rag(colour).label.lower()}: {reason.strip()}")
    return action


@transaction.atomic
def action_clear_rag_override(*, action: Action, by, expected_version: int | None = None) -> Action:
    action = _lock(action, expected_version)
    if not action.rag_override:
        return action
    action.rag_override, action.rag_override_reason, action.rag_override_expires = "", "", None
    action.rag_override_by = None
    _save(action, by=by, reason="RAG override removed")
    return action


EDITABLE_FIELDS = (
    "title",
    "detail",
    "measurable",
    "service_area",
    "immediate_need",
    "recommendation_for_corporate_action",
    "status",
    "update_requested",
)


@transaction.atomic
def action_update(
    *, action: Action, by, expected_version: int | None = None, reason: str = "Edited", **changes
) -> Action:
    """A plan owner's edit of an action's content, timescale, dates, leads and tags."""
    action = _lock(action, expected_version)
    m2m = {name: changes.pop(name) for name in ("leads", "themes", "pillars", "cross_references") if name in changes}
    evidence = changes.pop("evidence_links", None)
    as_stored = {name: getattr(action, name) for name in ("start_date", "due_date")}
    if "timescale_text" in changes:
        text = changes.pop("timescale_text") or ""
        if text != action.timescale_text:
            apply_timescale(action, text, plan=action.plan)
    for name in ("start_date", "due_date"):
        # A date the person changed wins over one derived from the timescale; an untouched field does not.
        if name in changes:
            value = changes.pop(name)
            if value != as_stored[name]:
                setattr(action, name, value)
                action.timescale_needs_review = False  # a person has now set the date
    if "ongoing" in changes:
        action.ongoing = changes.pop("ongoing")
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(action, name, value)
    _save(action, by=by, reason=reason)
    for name, values in m2m.items():
        getattr(action, name).set(values)
    if evidence is not None:
        action.evidence_links.all().delete()
        EvidenceLink.objects.bulk_create(EvidenceLink(action=action, title=title, url=url) for title, url in evidence)
    return action


@transaction.atomic
def plan_update_settings(*, plan: Plan, by, **changes) -> Plan:
    """A plan owner tunes the plan: period, governance, review rhythm and the RAG windows."""
    owners = changes.pop("owners", None)
    units = changes.pop("owning_units", None)
    for name, value in changes.items():
        setattr(plan, name, value)
    plan._change_reason = "Plan settings changed"
    plan._history_user = by
    plan.full_clean()
    plan.save()
    if owners is not None:
        plan.owners.set(owners)
    if units is not None:
        plan.owning_units.set(units)
    return plan
