"""Each action's colour stored for fast lists: worked out by the RAG rules in SQL, kept until something changes.

The colour depends on the action, the actions below it and the date, so a stored colour is current only for
the day it was worked out (`colour_on`) and until the action or one below it is saved (`Action.save` empties
`colour_on` for it and the actions above it; bulk writers call `mark_stale`). `refresh` works out every
stale colour in one query and stores it in a few; reads call it first, and the frequent schedule runs it
shortly after midnight, so lists read an indexed column and the colours are never a day old.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Action, Plan
from .rag import RagRules, rag_annotations


def stale(*, today: date) -> QuerySet:
    return Action.objects.filter(Q(colour_on__isnull=True) | ~Q(colour_on=today))


def mark_stale(plan: Plan | int) -> None:
    """After a bulk write or a change to the plan's RAG windows: every colour of the plan is worked out again."""
    Action.objects.filter(plan_id=plan.pk if isinstance(plan, Plan) else plan).update(colour_on=None)


@transaction.atomic
def refresh(*, today: date | None = None) -> int:
    """Work out and store every stale colour; returns how many were stored (0 costs one indexed query)."""
    today = today or timezone.localdate()
    ids = list(stale(today=today).values_list("pk", flat=True)[:50_000])
    if not ids:
        return 0
    rules = {
        p.pk: RagRules(p.update_window_days, p.due_soon_days)
        for p in Plan.objects.filter(actions__in=ids).distinct().only("pk", "update_window_days", "due_soon_days")
    }
    rows = rag_annotations(Action.objects.filter(pk__in=ids), today=today, plan_rules=rules).values_list(
        "pk", "rag", "rag_reason", "rag_counted"
    )
    updated = [
        Action(pk=pk, colour=rag or "", colour_reason=(reason or "")[:60], colour_counted=counted, colour_on=today)
        for pk, rag, reason, counted in rows
    ]
    # bulk_update writes the columns only: no save(), so no history record and no re-marking.
    Action.objects.bulk_update(updated, ["colour", "colour_reason", "colour_counted", "colour_on"], batch_size=1000)
    return len(updated)


def refresh_job(job, progress):
    """The frequent schedule's task: after midnight every colour is a day old and is worked out again here."""
    from shared.jobs import Outcome

    return Outcome(result={"message": f"Worked out {refresh()} colours."})
