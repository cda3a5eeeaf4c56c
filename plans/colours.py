"""Each action's colour stored for fast lists: worked out by the RAG rules in SQL, kept until something changes.

The colour depends on the action, the actions below it and the date, so a stored colour is current only for
the day it was worked out (`colour_on`) and until the action or one below it is saved (`Action.save` empties
`colour_on` for it and the actions above it; bulk writers call `mark_stale`). `refresh` works out every
stale colour in one query and stores it in a few; reads call it first, and the frequent schedule runs it
shortly after midnight, so lists read an indexed column and the colours are never a day old.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Action, Plan
from .rag import RagRules, rag_annotations


def stale(*, today: date) -> QuerySet:
    # Written as ranges so that PostgreSQL answers it from the colour_on index (three index scans that find
    # nothing when every colour is current) instead of reading every action: lists ask it on every request.
    return Action.objects.filter(Q(colour_on__isnull=True) | Q(colour_on__lt=today) | Q(colour_on__gt=today))


def mark_stale(plan: Plan | int) -> None:
    """After a bulk write or a change to the plan's RAG windows: every colour of the plan is worked out again."""
    Action.objects.filter(plan_id=plan.pk if isinstance(plan, Plan) else plan).update(colour_on=None)


@transaction.atomic
def refresh(*, today: date | None = None) -> int:
    """Work out and store every stale colour; returns how many were stored (0 costs one indexed query)."""
    today = today or timezone.localdate()
    found = stale(today=today).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        # Every save refreshes after its commit, so refreshes run side by side: each takes the stale rows no
        # other holds and never waits (one that waited on rows another refresh writes in a different order
        # deadlocked under load). A row skipped here is being saved, and that save refreshes it after.
        found = found.select_for_update(skip_locked=True)
    ids = list(found.values_list("pk", flat=True)[:50_000])
    if not ids:
        return 0
    rules = {
        p.pk: RagRules(p.update_window_days, p.due_soon_days)
        for p in Plan.objects.filter(actions__in=ids).distinct().only("pk", "update_window_days", "due_soon_days")
    }
    rows = rag_annotations(Action.objects.filter(pk__in=ids), today=today, plan_rules=rules).values_list(
        "pk", "rag", "rag_reason", "rag_counted"
    )
    # One UPDATE per distinct (colour, reason, counted): a few dozen whatever the number of actions, where
    # bulk_update's CASE per row took 9 s for 4,800 actions. Columns only: no save(), no history, no re-marking.
    groups: dict[tuple[str, str, bool], list[int]] = defaultdict(list)
    for pk, rag, reason, counted in rows:
        groups[(rag or "", (reason or "")[:60], bool(counted))].append(pk)
    for (colour, reason, counted), pks in groups.items():
        for start in range(0, len(pks), 5000):
            Action.objects.filter(pk__in=pks[start : start + 5000]).update(
                colour=colour, colour_reason=reason, colour_counted=counted, colour_on=today
            )
    return sum(len(pks) for pks in groups.values())


def refresh_soon() -> None:
    """After a bulk change (an import, new RAG windows): the colours are worked out by a background job once the
    transaction commits, not in the request or the import's own job; lists apply the rules in SQL meanwhile."""
    from shared import jobs

    transaction.on_commit(lambda: jobs.start("plans.refresh_colours", dedupe_key="plans.refresh_colours"))


def refresh_job(job, progress):
    """The frequent schedule's task: after midnight every colour is a day old and is worked out again here."""
    from shared.jobs import Outcome

    return Outcome(result={"message": f"Worked out {refresh()} colours."})
