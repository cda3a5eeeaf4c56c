"""Review comments: open -> answered -> resolved, each step by a named person, recorded in history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Action, ReviewComment

State = ReviewComment.State
TRANSITIONS = {
    "answer": ({State.OPEN, State.ANSWERED}, State.ANSWERED),
    "resolve": ({State.OPEN, State.ANSWERED}, State.RESOLVED),
}


def _transition(comment: ReviewComment, name: str, *, by) -> ReviewComment:
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    allowed, target = TRANSITIONS[name]
    if comment.state not in allowed:
        raise ValidationError(
            f"This comment is {comment.get_state_display().lower()}: it cannot be {target.label.lower()}."
        )
    comment.state = target
    comment._history_user = by
    return comment


@transaction.atomic
def comment_create(*, action: Action, by, text: str, assigned_to=None) -> ReviewComment:
    if not text.strip():
        raise ValidationError({"text": "Enter your comment."})
    comment = ReviewComment(action=action, author=by, text=text.strip(), assigned_to=assigned_to)
    comment._history_user = by
    comment._change_reason = "Comment added"
    comment.save()
    return comment


@transaction.atomic
def comment_answer(*, comment: ReviewComment, by, response: str) -> ReviewComment:
    if not response.strip():
        raise ValidationError({"response": "Enter your answer."})
    comment = _transition(comment, "answer", by=by)
    comment.response, comment.responded_by, comment.responded_at = response.strip(), by, timezone.now()
    comment._change_reason = "Answered"
    comment.save()
    return comment


@transaction.atomic
def comment_resolve(*, comment: ReviewComment, by) -> ReviewComment:
    comment = _transition(comment, "resolve", by=by)
    comment.resolved_by, comment.resolved_at = by, timezone.now()
    comment._change_reason = "Resolved"
    comment.save()
    return comment
