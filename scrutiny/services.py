"""Every write in scrutiny: packs (drafted, published, made public, withdrawn) and the committee's questions
(raised, answered, withdrawn). Each takes the acting person (`by`), is atomic, checks the current state first and
records who and why in the history.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from plans.models import Action, Goal, Plan
from shared import panels
from shared.stale import StaleEdit, merge_or_refuse

from . import access, content, selectors
from .models import CommitteeQuestion, GoalNarrative, Pack, PackExport

PackState = Pack.State
QuestionState = CommitteeQuestion.State

# The states a pack moves through, listed once: a draft is published (frozen), a published pack withdrawn.
PACK_TRANSITIONS = {
    "publish": ({PackState.DRAFT}, PackState.PUBLISHED),
    "withdraw": ({PackState.PUBLISHED}, PackState.WITHDRAWN),
}
QUESTION_TRANSITIONS = {
    "respond": ({QuestionState.OPEN}, QuestionState.ANSWERED),
    "withdraw": ({QuestionState.OPEN}, QuestionState.WITHDRAWN),
}
DETAIL_FIELDS = ("title", "meeting_date", "as_at", "changes_since", "plans", "panels")


def _lock(pack: Pack) -> Pack:
    return Pack.objects.select_for_update().get(pk=pack.pk)


def _save(pack: Pack, *, by, reason: str) -> None:
    pack.version += 1
    pack._history_user, pack._change_reason = by, reason
    pack.save()


def _transition(pack: Pack, name: str) -> Pack:
    """The pack, locked, if it is in a state `name` may leave; otherwise why not."""
    pack = _lock(pack)
    allowed, target = PACK_TRANSITIONS[name]
    if pack.state not in allowed:
        raise ValidationError(f"This pack is {pack.get_state_display().lower()}: it cannot be {target.label.lower()}.")
    pack.state = target
    return pack


def _check_details(
    *,
    by,
    plans: list[Plan],
    as_at: date,
    changes_since: date,
    panel_keys: Iterable[str],
    existing: set[int] = frozenset(),
    existing_panels: set[str] = frozenset(),
) -> None:
    errors = {}
    if not plans:
        errors["plans"] = "Choose at least one plan."
    allowed = set(selectors.plans_for_packs(by).values_list("pk", flat=True))
    refused = [p.title for p in plans if p.pk not in allowed and p.pk not in existing]
    if refused:
        errors["plans"] = f"You can only include plans you own: {', '.join(refused)}."
    today = timezone.localdate()
    if as_at > today:
        errors["as_at"] = "The 'as at' day cannot be in the future: the plans are shown as they stood at its end."
    if changes_since >= as_at:
        errors["changes_since"] = "The 'changes since' day must be before the 'as at' day."
    chosen = set(panel_keys)
    unknown = chosen - {p.key for p in panels.packable()}
    # A person adds only panels they may see on their own dashboard (one already chosen by someone who may, stays).
    seen = {p.key for p in panels.packable_for(by)}
    unseen = [p.title for p in panels.packable() if p.key in chosen - existing_panels - seen]
    if unknown:
        errors["panels"] = "Choose panels from the list."
    elif unseen:
        errors["panels"] = f"You can only include panels you can see on your dashboard: {', '.join(unseen)}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pack_create(
    *,
    by,
    title: str,
    plans: list[Plan],
    meeting_date: date,
    as_at: date,
    changes_since: date | None = None,
    panels: Iterable[str] = (),
) -> Pack:
    """A draft pack; without a 'changes since' day it lists changes since the last published pack on these plans."""
    plans = list(plans)
    panels = sorted(set(panels))
    if changes_since is None:
        changes_since = selectors.default_changes_since([p.pk for p in plans], as_at)
    _check_details(by=by, plans=plans, as_at=as_at, changes_since=changes_since, panel_keys=panels)
    pack = Pack(
        title=title.strip(),
        meeting_date=meeting_date,
        as_at=as_at,
        changes_since=changes_since,
        panels=panels,
        created_by=by,
    )
    pack._history_user, pack._change_reason = by, "Pack started"
    pack.full_clean(exclude=["plans"])
    pack.save()
    pack.plans.set(plans)
    return pack


@transaction.atomic
def pack_update(
    *, pack: Pack, by, changes: dict, expected_version: int | None = None, base: dict | None = None
) -> Pack:
    """A draft's details: only the fields this person changed; StaleEdit if someone else changed them differently."""
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be changed here")
    pack = _lock(pack)
    if pack.state != PackState.DRAFT:
        raise ValidationError("This pack has been published: it can no longer be changed.")
    current = selectors.pack_values(pack)
    changes = merge_or_refuse(
        instance=pack,
        expected_version=expected_version,
        changes=changes,
        base=base,
        current=current,
        history=_since(pack, expected_version),
    )
    plans = list(changes["plans"]) if "plans" in changes else list(pack.plans.all())
    for name in ("title", "meeting_date", "as_at", "changes_since"):
        if name in changes:
            setattr(pack, name, changes[name].strip() if name == "title" else changes[name])
    if "changes_since" in changes and changes["changes_since"] is None:
        pack.changes_since = selectors.default_changes_since([p.pk for p in plans], pack.as_at)
    if "panels" in changes:
        pack.panels = sorted(set(changes["panels"]))
    _check_details(
        by=by,
        plans=plans,
        as_at=pack.as_at,
        changes_since=pack.changes_since,
        panel_keys=pack.panels,
        existing=set(current["plans"]),
        existing_panels=set(current["panels"]),
    )
    pack.full_clean(exclude=["plans"])
    if "plans" in changes:
        pack.plans.set(plans)
    _save(pack, by=by, reason="Details changed")
    return pack


def _since(pack: Pack, expected_version: int | None) -> list:
    if expected_version is None or pack.version == expected_version:
        return []
    return list(
        pack.history.filter(version__gt=expected_version).select_related("history_user").order_by("history_date")
    )


@transaction.atomic
def pack_save_narratives(
    *, pack: Pack, by, changes: dict[str, str], expected_version: int | None = None, base: dict | None = None
) -> Pack:
    """The owners' commentary per goal (keys `narrative_<goal id>`): only what this person changed is written, so
    two owners writing about different goals never undo each other; the same goal changed by both is refused with
    both texts shown (StaleEdit), and nothing typed is lost."""
    pack = _lock(pack)
    if pack.state != PackState.DRAFT:
        raise ValidationError("This pack has been published: its commentary can no longer be changed.")
    goals = {selectors.narrative_field(g.pk): g for g in selectors.pack_goals(pack)}
    unknown = set(changes) - set(goals)
    if unknown:
        raise ValidationError("A goal you wrote about is no longer in the pack's plans. Copy your text and reload.")
    changes = merge_or_refuse(
        instance=pack,
        expected_version=expected_version,
        changes=changes,
        base=base,
        current=selectors.narrative_values(pack, goals.values()),
        history=_since(pack, expected_version),
    )
    existing = {selectors.narrative_field(n.goal_id): n for n in pack.narratives.all()}
    for name, text in changes.items():
        narrative = existing.get(name) or GoalNarrative(pack=pack, goal=goals[name])
        narrative.text = (text or "").strip()
        narrative._history_user, narrative._change_reason = by, "Commentary written"
        narrative.save()
    if changes:
        _save(pack, by=by, reason="Commentary written")
    return pack


@transaction.atomic
def pack_publish(*, pack: Pack, by, expected_version: int | None = None) -> Pack:
    """Freeze the pack: its content is built now and stored, with who published it and when. Nothing done to the
    plans afterwards changes what councillors read."""
    pack = _transition(pack, "publish")
    if not access.manages_pack(by, pack):
        raise ValidationError("Only the owners of every plan in this pack, or an administrator, can publish it.")
    if expected_version is not None and pack.version != expected_version:
        raise ValidationError("Someone changed this pack after you previewed it. Preview it again, then publish.")
    unseen = selectors.panels_unseen_by(by, pack)
    if unseen:
        raise ValidationError(
            f"This pack includes panels you cannot see on your dashboard: {', '.join(unseen)}. Take them out, or ask "
            "someone who can see them to publish it."
        )
    now = timezone.now()
    if pack.as_at > timezone.localdate(now):
        raise ValidationError("The 'as at' day is in the future: change it before publishing.")
    built = content.build(pack, user=by, today=timezone.localdate(now), published_at=now)
    pack.frozen = built.as_json()
    pack.published_by, pack.published_at = by, now
    _save(pack, by=by, reason="Published to the scrutiny committee")
    return pack


@transaction.atomic
def pack_make_public(*, pack: Pack, by, confirmed: bool) -> Pack:
    """Publish a published pack on a public page too, at an address nobody can guess; only with an explicit
    confirmation. Its files are prepared for the public page once this is saved."""
    if not confirmed:
        raise ValidationError({"confirm": "Tick the box to confirm that anyone may read this pack."})
    pack = _lock(pack)
    if pack.state != PackState.PUBLISHED:
        raise ValidationError("Only a published pack can be made public.")
    if pack.public_token:
        raise ValidationError("This pack is already public.")
    pack.public_token = secrets.token_urlsafe(32)
    pack.made_public_by, pack.made_public_at = by, timezone.now()
    _save(pack, by=by, reason="Made public")
    transaction.on_commit(lambda: start_exports(pack, by=by))
    return pack


@transaction.atomic
def pack_withdraw(*, pack: Pack, by, reason: str) -> Pack:
    """Withdraw a published pack: councillors' list and the public page stop showing it; its record is kept."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the pack is withdrawn: it is kept with the record."})
    pack = _transition(pack, "withdraw")
    pack.withdrawn_by, pack.withdrawn_at, pack.withdrawn_reason = by, timezone.now(), reason.strip()
    _save(pack, by=by, reason="Withdrawn")
    return pack


# --- exports ---------------------------------------------------------------------------------------------------


def start_exports(pack: Pack, *, by) -> None:
    """Queue the PDF and the workbook of a published pack (each built once; a file already built is kept)."""
    from shared import jobs

    built = selectors.exports_built(pack)
    for fmt in PackExport.Format.values:
        if fmt not in built:
            jobs.start(
                "scrutiny.export",
                params={"pack_id": pack.pk, "fmt": fmt},
                by=by,
                title=f"Preparing {pack.title} as {fmt.upper()}",
                dedupe_key=f"scrutiny-pack:{pack.pk}:{fmt}:{getattr(by, 'pk', '')}",
            )


@transaction.atomic
def pack_store_export(*, pack: Pack, fmt: str, build) -> PackExport:
    """The pack's file in this format: the one already stored, or `build()`'s bytes stored now. The pack's row is
    locked meanwhile, so two people asking at once get one build."""
    pack = _lock(pack)
    if pack.state == PackState.DRAFT:
        raise ValidationError("A draft has no files: publish it first.")
    existing = PackExport.objects.filter(pack=pack, fmt=fmt).first()
    if existing is not None:
        return existing
    started = time.process_time()
    data, filename = build(pack)
    seconds = time.process_time() - started
    export = PackExport(pack=pack, fmt=fmt, filename=filename, build_seconds=round(seconds, 3))
    export.file.save(filename, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            export.save()
    except IntegrityError:  # stored meanwhile by a database without row locks: keep that one
        export.file.delete(save=False)
        return PackExport.objects.get(pack=pack, fmt=fmt)
    return export


# --- the committee's questions ------------------------------------------------------------------------------


@transaction.atomic
def question_raise(
    *,
    by,
    plan: Plan,
    kind: str,
    text: str,
    asked_on: date,
    respond_by: date,
    goal: Goal | None = None,
    action: Action | None = None,
    respondent=None,
    pack: Pack | None = None,
) -> CommitteeQuestion:
    """A question or recommendation about a plan, one of its goals or one of its actions, with who must respond (an
    account; none: the plan's owners) and by when."""
    errors = {}
    if not text.strip():
        errors["text"] = "Enter the question or recommendation."
    if kind not in CommitteeQuestion.Kind.values:
        errors["kind"] = "Choose question or recommendation."
    if respond_by < asked_on:
        errors["respond_by"] = "The response is due on or after the day it was asked."
    if action is not None:
        if action.plan_id != plan.pk:
            errors["about"] = "Choose an action of this plan."
        goal = action.goal
    if goal is not None and goal.plan_id != plan.pk:
        errors["about"] = "Choose a goal of this plan."
    if errors:
        raise ValidationError(errors)
    question = CommitteeQuestion(
        kind=kind,
        plan=plan,
        goal=goal,
        action=action,
        pack=pack,
        text=text.strip(),
        asked_on=asked_on,
        respond_by=respond_by,
        respondent=respondent,
        respondent_label=selectors.respondent_label(plan, respondent.pk if respondent else None),
        raised_by=by,
    )
    question._history_user, question._change_reason = by, f"{question.get_kind_display()} raised"
    question.full_clean()
    question.save()
    return question


def _question_transition(question: CommitteeQuestion, name: str) -> CommitteeQuestion:
    question = CommitteeQuestion.objects.select_for_update().get(pk=question.pk)
    allowed, target = QUESTION_TRANSITIONS[name]
    if question.state not in allowed:
        raise ValidationError(
            f"This {question.get_kind_display().lower()} is {question.get_state_display().lower()}: "
            f"it cannot be {target.label.lower()}."
        )
    question.state = target
    return question


@transaction.atomic
def question_respond(*, question: CommitteeQuestion, by, response: str) -> CommitteeQuestion:
    """Record the response (the next pack shows it under "Our response")."""
    if not response.strip():
        raise ValidationError({"response": "Enter the response."})
    if not access.can_respond(by, question):
        raise ValidationError("Only the person asked to respond, or the plan's owners, can respond.")
    question = _question_transition(question, "respond")
    question.response, question.responded_by, question.responded_at = response.strip(), by, timezone.now()
    question._history_user, question._change_reason = by, "Responded"
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_withdraw(*, question: CommitteeQuestion, by, reason: str) -> CommitteeQuestion:
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is withdrawn."})
    question = _question_transition(question, "withdraw")
    question.withdrawn_by, question.withdrawn_at, question.withdrawn_reason = by, timezone.now(), reason.strip()
    question._history_user, question._change_reason = by, "Withdrawn"
    question.save()
    return question


__all__ = [
    "StaleEdit",
    "pack_create",
    "pack_update",
    "pack_save_narratives",
    "pack_publish",
    "pack_make_public",
    "pack_withdraw",
    "pack_store_export",
    "start_exports",
    "question_raise",
    "question_respond",
    "question_withdraw",
]
