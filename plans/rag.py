"""RAG: the colour an action shows, computed from status, dates and freshness of its last update.

The rules, in order (the first that applies wins; defaults documented in docs/rag.md):
 0. an unexpired override set by a lead, with its reason;
 1. complete -> blue;  2. not pursued -> closed;
 3. due date passed and not complete -> red;
 4. on hold -> amber;
 5. an update was asked for, or none within the plan's update window -> amber "update needed";
 6. due within the plan's due-soon window and not started -> amber "due soon";
 7. no due date and not ongoing -> green, flagged "no date";  8. otherwise green.

`compute_rag` applies them to one action in Python (action pages, "as at" reports from history);
`rag_annotations` applies the same rules in SQL so lists can filter and sort by colour. A test
checks the two agree.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Case, CharField, F, Q, QuerySet, Value, When

from .choices import Rag, Status


@dataclass(frozen=True)
class RagRules:
    update_window_days: int = 90
    due_soon_days: int = 30

    @classmethod
    def for_plan(cls, plan) -> "RagRules":
        return cls(update_window_days=plan.update_window_days, due_soon_days=plan.due_soon_days)


@dataclass(frozen=True)
class RagResult:
    colour: str  # a Rag value
    reason: str  # why, in a few words a person understands
    overridden: bool = False
    no_date: bool = False

    @property
    def label(self) -> str:
        return Rag(self.colour).label


REASON_OVERRIDE = "Set by a lead"
REASON_COMPLETE = "Complete"
REASON_NOT_PURSUED = "Not pursued"
REASON_OVERDUE = "Overdue"
REASON_ON_HOLD = "On hold"
REASON_UPDATE_NEEDED = "Update needed"
REASON_DUE_SOON = "Due soon, not started"
REASON_NO_DATE = "No date"
REASON_ON_TRACK = "On track"


def override_applies(rag_override: str, rag_override_expires: date | None, today: date) -> bool:
    return bool(rag_override) and (rag_override_expires is None or rag_override_expires >= today)


def compute_rag(
    *,
    status: str,
    due_date: date | None,
    ongoing: bool,
    last_update_on: date | None,
    created_on: date,
    update_requested: bool,
    rag_override: str = "",
    rag_override_expires: date | None = None,
    rules: RagRules,
    today: date,
) -> RagResult:
    if override_applies(rag_override, rag_override_expires, today):
        return RagResult(rag_override, REASON_OVERRIDE, overridden=True)
    if status == Status.COMPLETE:
        return RagResult(Rag.BLUE, REASON_COMPLETE)
    if status == Status.NOT_PURSUED:
        return RagResult(Rag.CLOSED, REASON_NOT_PURSUED)
    if due_date is not None and due_date < today:
        return RagResult(Rag.RED, REASON_OVERDUE)
    if status == Status.ON_HOLD:
        return RagResult(Rag.AMBER, REASON_ON_HOLD)
    freshness = last_update_on or created_on
    if update_requested or freshness < today - timedelta(days=rules.update_window_days):
        return RagResult(Rag.AMBER, REASON_UPDATE_NEEDED)
    if (
        status == Status.NOT_STARTED
        and due_date is not None
        and due_date <= today + timedelta(days=rules.due_soon_days)
    ):
        return RagResult(Rag.AMBER, REASON_DUE_SOON)
    if due_date is None and not ongoing:
        return RagResult(Rag.GREEN, REASON_NO_DATE, no_date=True)
    return RagResult(Rag.GREEN, REASON_ON_TRACK)


def action_rag(action, *, today: date, rules: RagRules | None = None) -> RagResult:
    """The RAG of an Action (or a historical record of one) on `today`."""
    return compute_rag(
        status=action.status,
        due_date=action.due_date,
        ongoing=action.ongoing,
        last_update_on=action.last_update_on,
        created_on=action.created_on,
        update_requested=action.update_requested,
        rag_override=action.rag_override,
        rag_override_expires=action.rag_override_expires,
        rules=rules or RagRules.for_plan(action.plan),
        today=today,
    )


def rag_annotations(queryset: QuerySet, *, today: date, plan_rules: dict[int, RagRules]) -> QuerySet:
    """Annotate `rag` and `rag_reason` in SQL; plan windows differ, so rules 5-6 get one branch per plan."""
    override = Q(~Q(rag_override=""), Q(rag_override_expires__isnull=True) | Q(rag_override_expires__gte=today))
    # Freshness is Coalesce(last_update_on, created_on) < cutoff, written as two branches so the
    # comparison stays a plain indexed date comparison on every database.
    stale = Q(update_requested=True)
    due_soon = Q(pk__in=[])
    for plan_id, rules in plan_rules.items():
        stale |= Q(
            plan_id=plan_id,
            last_update_on__isnull=False,
            last_update_on__lt=today - timedelta(days=rules.update_window_days),
        )
        stale |= Q(
            plan_id=plan_id,
            last_update_on__isnull=True,
            created_on__lt=today - timedelta(days=rules.update_window_days),
        )
        due_soon |= Q(
            plan_id=plan_id, status=Status.NOT_STARTED, due_date__lte=today + timedelta(days=rules.due_soon_days)
        )
    branches = [
        (override, "rag_override", REASON_OVERRIDE),
        (Q(status=Status.COMPLETE), Value(Rag.BLUE), REASON_COMPLETE),
        (Q(status=Status.NOT_PURSUED), Value(Rag.CLOSED), REASON_NOT_PURSUED),
        (Q(due_date__lt=today), Value(Rag.RED), REASON_OVERDUE),
        (Q(status=Status.ON_HOLD), Value(Rag.AMBER), REASON_ON_HOLD),
        (stale, Value(Rag.AMBER), REASON_UPDATE_NEEDED),
        (due_soon, Value(Rag.AMBER), REASON_DUE_SOON),
        (Q(due_date__isnull=True, ongoing=False), Value(Rag.GREEN), REASON_NO_DATE),
    ]
    return queryset.annotate(
        rag=Case(
            *[When(cond, then=F(val) if isinstance(val, str) else val) for cond, val, _ in branches],
            default=Value(Rag.GREEN),
            output_field=CharField(),
        ),
        rag_reason=Case(
            *[When(cond, then=Value(reason)) for cond, _, reason in branches],
            default=Value(REASON_ON_TRACK),
            output_field=CharField(),
        ),
        rag_overridden=Case(When(override, then=Value(True)), default=Value(False), output_field=BooleanField()),
    )


URGENCY = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.BLUE: 3, Rag.CLOSED: 4}
