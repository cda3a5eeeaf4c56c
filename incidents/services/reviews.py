"""Leadership reviews of the log: started for a period, themes and reviewers recorded, completed (the summary
frozen as it was reviewed), and plan actions created or linked through plans' own services."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shared.history import m2m_batch

from .. import selectors
from ..models import Review, ReviewAction


def _check_period(period_start: date | None, period_end: date | None) -> None:
    if period_start is None or period_end is None:
        raise ValidationError({"period": "Choose the period to review."})
    if not selectors.is_fixed_period(period_start, period_end):
        # Two overlapping summaries could be subtracted to reveal a small number: only fixed periods are offered.
        raise ValidationError({"period": "A review covers one financial quarter or one financial year."})
    if period_start > timezone.localdate():
        raise ValidationError({"period": "The period must have started."})


@transaction.atomic
def review_start(*, by, period_start: date, period_end: date) -> Review:
    _check_period(period_start, period_end)
    review = Review(period_start=period_start, period_end=period_end, created_by=by)
    review._history_user, review._change_reason = by, "Review started"
    review.save()
    return review


def _locked_draft(review: Review) -> Review:
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.completed:
        raise ValidationError("This review has been completed: its record can no longer change.")
    return locked


@transaction.atomic
def review_save(*, review: Review, by, themes: str, reviewers, reviewed_on: date | None) -> Review:
    """Keep the themes and who took part while the review is in progress."""
    locked = _locked_draft(review)
    with m2m_batch(locked):
        locked.reviewers.set(reviewers)
    locked.themes, locked.reviewed_on = themes.strip(), reviewed_on
    locked._history_user, locked._change_reason = by, "Review saved"
    locked.save()
    return locked


@transaction.atomic
def review_complete(*, review: Review, by, themes: str, reviewers, reviewed_on: date | None) -> Review:
    """Completed: who reviewed it and when are recorded, and the summary is frozen as it was reviewed."""
    errors = {}
    if reviewed_on is None:
        errors["reviewed_on"] = "Enter the date of the review, for example 14/7/2026."
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "The date of the review must be today or in the past."
    if not themes.strip():
        errors["themes"] = "Note the themes the review found (or write that it found none)."
    if errors:
        raise ValidationError(errors)
    locked = _locked_draft(review)
    with m2m_batch(locked):
        locked.reviewers.set({*reviewers, by})
    locked.themes, locked.reviewed_on = themes.strip(), reviewed_on
    locked.summary = selectors.review_summary(locked.period_start, locked.period_end).as_dict()
    locked.state, locked.completed_by, locked.completed_at = Review.State.COMPLETED, by, timezone.now()
    locked._history_user, locked._change_reason = by, "Review completed"
    locked.save()
    return locked


@transaction.atomic
def review_create_action(
    *, review: Review, by, goal, code: str, title: str, timescale_text: str = "", leads=()
) -> ReviewAction:
    """A new plan action arising from the review, made by plans' own service (plans never reads incidents)."""
    from plans.services import action_create

    if not title.strip():
        raise ValidationError({"title": "Enter what the action is."})
    action = action_create(
        goal=goal, by=by, code=code, title=title, parent=None, timescale_text=timescale_text, leads=leads
    )
    return ReviewAction.objects.create(
        review=review,
        action_id=action.pk,
        plan_title=goal.plan.title,
        reference=action.reference,
        title=action.title,
        created_here=True,
        by=by,
    )


@transaction.atomic
def review_link_action(*, review: Review, by, action) -> ReviewAction:
    """An existing plan action the review decided answers a theme."""
    if review.plan_actions.filter(action_id=action.pk).exists():
        raise ValidationError({"reference": f"Action {action.reference} is already linked to this review."})
    return ReviewAction.objects.create(
        review=review,
        action_id=action.pk,
        plan_title=action.plan.title,
        reference=action.reference,
        title=action.title,
        created_here=False,
        by=by,
    )
