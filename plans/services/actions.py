"""Writes to actions and plans: progress updates, status, RAG overrides, structure and settings."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shared.history import m2m_batch
from shared.stale import merge_or_refuse, normalise

from ..choices import Rag, Status
from ..colours import mark_stale, refresh_soon
from ..models import Action, EvidenceLink, Plan, ProgressUpdate
from ..rag import action_rag
from ..timescales import parse_timescale


def _lock(action: Action) -> Action:
    """Re-read the action under a row lock: two saves of one action take turns."""
    return Action.objects.select_for_update().select_related("plan").get(pk=action.pk)


def _since(current: Action, expected_version: int | None) -> list:
    """History records of the saves made after the version a form showed, oldest first."""
    if expected_version is None:
        return []
    return list(
        current.history.filter(version__gt=expected_version).select_related("history_user").order_by("history_date")
    )


def _merge(current: Action, *, expected_version, changes: dict, base: dict | None, values: dict) -> dict:
    """This person's changes to write, or StaleEdit naming the fields someone else changed differently meanwhile."""
    return merge_or_refuse(
        instance=current,
        expected_version=expected_version,
        changes=changes,
        base=base,
        current=values,
        history=_since(current, expected_version) if current.version != expected_version else [],
    )


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
    *,
    action: Action,
    by,
    text: str,
    status: str,
    written_on: date | None = None,
    expected_version: int | None = None,
    base: dict | None = None,
) -> ProgressUpdate:
    """Record a progress update and the status it sets; it clears any request for an update.

    An update only adds to the history, so it never conflicts with someone else's; the status does when both
    people changed it since the form was shown (`base` holds the status the lead saw).
    """
    if status not in Status.values:
        raise ValidationError({"status": "Choose a status from the list."})
    if not text.strip():
        raise ValidationError({"text": "Enter what has happened since the last update."})
    today = timezone.localdate()
    written_on = written_on or today
    if written_on > today:
        raise ValidationError({"written_on": "The date of an update cannot be in the future."})
    action = _lock(action)
    changes = {"status": status} if base is None or base.get("status") != status else {}
    wanted = _merge(
        action, expected_version=expected_version, changes=changes, base=base, values={"status": action.status}
    )
    action.status = wanted.get("status", action.status)
    action.update_requested = False
    if action.last_update_on is None or written_on > action.last_update_on:
        action.last_update_on = written_on
    _save(action, by=by, reason=f"Progress update: status {Status(action.status).label.lower()}")
    rag = action_rag(action, today=today)
    return ProgressUpdate.objects.create(
        action=action, author=by, written_on=written_on, text=text.strip(), status=action.status, rag=rag.colour
    )


def override_values(action: Action) -> dict:
    return {
        "colour": action.rag_override,
        "reason": action.rag_override_reason,
        "expires": action.rag_override_expires,
    }


@transaction.atomic
def action_set_rag_override(
    *,
    action: Action,
    by,
    colour: str,
    reason: str,
    expires: date | None,
    expected_version: int | None = None,
    base: dict | None = None,
) -> Action:
    """A lead's own colour for the action, shown with the reason until it expires."""
    if colour not in {Rag.RED, Rag.AMBER, Rag.GREEN}:
        raise ValidationError({"colour": "Choose red, amber or green."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the colour should differ from the computed one."})
    if expires is not None and expires < timezone.localdate():
        raise ValidationError({"expires": "The expiry date must be today or later."})
    action = _lock(action)
    wanted = {"colour": colour, "reason": reason.strip(), "expires": expires}
    if base is not None:
        wanted = {k: v for k, v in wanted.items() if normalise(v) != base.get(k)}
    wanted = _merge(
        action, expected_version=expected_version, changes=wanted, base=base, values=override_values(action)
    )
    if not wanted:
        return action
    action.rag_override = wanted.get("colour", action.rag_override)
    action.rag_override_reason = wanted.get("reason", action.rag_override_reason)
    action.rag_override_expires = wanted.get("expires", action.rag_override_expires)
    action.rag_override_by = by
    _save(action, by=by, reason=f"RAG set to {Rag(action.rag_override).label.lower()}: {action.rag_override_reason}")
    return action


@transaction.atomic
def action_clear_rag_override(*, action: Action, by) -> Action:
    action = _lock(action)
    if not action.rag_override:
        return action
    action.rag_override, action.rag_override_reason, action.rag_override_expires = "", "", None
    action.rag_override_by = None
    _save(action, by=by, reason="RAG override removed")
    return action


PLAIN_FIELDS = (
    "title",
    "detail",
    "measurable",
    "service_area",
    "immediate_need",
    "recommendation_for_corporate_action",
    "update_requested",
)
M2M_FIELDS = ("leads", "themes", "pillars", "cross_references")


@transaction.atomic
def action_update(
    *,
    action: Action,
    by,
    changes: dict,
    expected_version: int | None = None,
    base: dict | None = None,
    reason: str = "Edited",
) -> Action:
    """A plan owner's edit of an action's content, timescale, due date, leads, tags, links and evidence.

    `changes` holds only the fields this person changed (keys as `selectors.action_edit_values`); with `base`
    (what their form showed) a save after someone else's writes only them, or refuses with the conflicts.
    """
    from ..selectors import action_edit_values

    unknown = set(changes) - {*PLAIN_FIELDS, *M2M_FIELDS, "timescale_text", "due_date", "evidence_links"}
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be edited here")
    action = _lock(action)
    changes = _merge(
        action, expected_version=expected_version, changes=changes, base=base, values=action_edit_values(action)
    )
    if "timescale_text" in changes:
        apply_timescale(action, changes["timescale_text"] or "", plan=action.plan)
    if "due_date" in changes:
        # A date a person sets wins over one read from the timescale.
        action.due_date = changes["due_date"]
        action.timescale_needs_review = False
    for name in PLAIN_FIELDS:
        if name in changes:
            setattr(action, name, changes[name])
    with m2m_batch(action):
        for name in M2M_FIELDS:
            if name in changes:
                getattr(action, name).set(changes[name])
    if "evidence_links" in changes:
        _replace_evidence(action, changes["evidence_links"], by=by)
    _save(action, by=by, reason=reason)
    return action


def _replace_evidence(action: Action, links: list[tuple[str, str]], *, by) -> None:
    """Evidence links as given: removed ones and new ones are each recorded in the history with who did it."""
    existing = {(link.title, link.url): link for link in action.evidence_links.all()}
    for key, link in existing.items():
        if key not in links:
            link._history_user = by
            link.delete()
    for title, url in links:
        if (title, url) not in existing:
            link = EvidenceLink(action=action, title=title, url=url)
            link._history_user = by
            link.full_clean()
            link.save()


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
    mark_stale(plan)  # the RAG windows may have changed: every colour of the plan is worked out again
    refresh_soon()
    if owners is not None:
        plan.owners.set(owners)
    if units is not None:
        plan.owning_units.set(units)
    return plan
