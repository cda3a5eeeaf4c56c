"""RAG: the colour an action shows, computed from status, dates and freshness of its last update.

An action's own colour (the first rule that applies wins; defaults documented in docs/rag.md):
 0. an unexpired override set by a lead, with its reason;
 1. complete -> blue;  2. not pursued -> closed;
 3. due date passed and not complete -> red;
 4. on hold -> amber;
 5. no due date and not ongoing -> "no date" (its own state, never green: nobody can say it is on track);
 6. an update was asked for, or none within the plan's update window -> amber "update needed";
 7. due within the plan's due-soon window and not started -> amber "due soon";
 8. otherwise green.

An action with sub-actions only groups them: it shows the worst colour among the actions below it
that have none of their own (its "leaves"), red before amber before no date before green; only when
every one of them is finished does it show blue (or closed). Its own override still wins. Totals
count leaves only, so each piece of work is counted once.

`compute_rag` / `roll_up` apply the rules in Python (action pages, "as at" reports from history);
`rag_annotations` applies the same rules in SQL so lists can filter and sort by colour. A test checks
the two agree on every combination, roll-ups included.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat

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
    counts: dict[str, int] = field(default_factory=dict)  # for a roll-up: its leaves by colour

    @property
    def label(self) -> str:
        return Rag(self.colour).label

    @property
    def no_date(self) -> bool:
        return self.colour == Rag.NO_DATE

    @property
    def rolled_up(self) -> bool:
        return bool(self.counts)

    def counts_text(self) -> str:
        """ "1 red, 2 green" for a roll-up, worst first."""
        return ", ".join(f"{n} {Rag(c).label.lower()}" for c, n in sorted(self.counts.items(), key=_by_severity) if n)


REASON_OVERRIDE = "Set by a lead"
REASON_COMPLETE = "Complete"
REASON_NOT_PURSUED = "Not pursued"
REASON_OVERDUE = "Overdue"
REASON_ON_HOLD = "On hold"
REASON_NO_DATE = "No due date"
REASON_UPDATE_NEEDED = "Update needed"
REASON_DUE_SOON = "Due soon, not started"
REASON_ON_TRACK = "On track"
REASON_ROLL_UP = "From its sub-actions"

# Worst first: a roll-up shows the lowest; URGENCY sorts lists the same way.
SEVERITY = {Rag.RED: 0, Rag.AMBER: 1, Rag.NO_DATE: 2, Rag.GREEN: 3, Rag.BLUE: 4, Rag.CLOSED: 5}
URGENCY = SEVERITY
OPEN_COLOURS = frozenset({Rag.RED, Rag.AMBER, Rag.NO_DATE, Rag.GREEN})


def _by_severity(item: tuple[str, int]) -> int:
    return SEVERITY.get(item[0], 9)


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
    """An action's own colour (rules 0-8), before any roll-up from sub-actions."""
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
    if due_date is None and not (ongoing or status == Status.ONGOING):
        return RagResult(Rag.NO_DATE, REASON_NO_DATE)
    freshness = last_update_on or created_on
    if update_requested or freshness < today - timedelta(days=rules.update_window_days):
        return RagResult(Rag.AMBER, REASON_UPDATE_NEEDED)
    if (
        status == Status.NOT_STARTED
        and due_date is not None
        and due_date <= today + timedelta(days=rules.due_soon_days)
    ):
        return RagResult(Rag.AMBER, REASON_DUE_SOON)
    return RagResult(Rag.GREEN, REASON_ON_TRACK)


def roll_up(own: RagResult, leaves: Iterable[RagResult]) -> RagResult:
    """The colour of an action with sub-actions: its override if it has one, else the worst of its leaves."""
    counts = Counter(leaf.colour for leaf in leaves)
    if not counts:
        return own
    if own.overridden:
        return RagResult(own.colour, own.reason, overridden=True, counts=dict(counts))
    worst = min(counts, key=lambda colour: SEVERITY[colour])
    return RagResult(worst, REASON_ROLL_UP, counts=dict(counts))


def action_rag(action, *, today: date, rules: RagRules | None = None) -> RagResult:
    """The own RAG of an Action (or a historical record of one) on `today`, before any roll-up."""
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


def is_below(child_reference: str, parent_reference: str) -> bool:
    """References are hierarchical ("1.2.A.iii" is below "1.2" and "1.2.A"): the roll-up relies on it."""
    return child_reference.startswith(parent_reference + ".")


def stale_condition(*, today: date, plan_rules: dict[int, RagRules]) -> Q:
    """Rule 6 in SQL: an update was asked for, or none within the plan's update window."""
    # Freshness is Coalesce(last_update_on, created_on) < cutoff, written as two branches so the
    # comparison stays a plain indexed date comparison on every database.
    stale = Q(update_requested=True)
    for plan_id, rules in plan_rules.items():
        cutoff = today - timedelta(days=rules.update_window_days)
        stale |= Q(plan_id=plan_id, last_update_on__isnull=False, last_update_on__lt=cutoff)
        stale |= Q(plan_id=plan_id, last_update_on__isnull=True, created_on__lt=cutoff)
    return stale


def _branches(*, today: date, plan_rules: dict[int, RagRules]) -> list[tuple[Q, object, str]]:
    """Rules 0-8 as (condition, colour, reason), for the SQL CASE; plan windows differ, so 6-7 branch per plan."""
    override = Q(~Q(rag_override=""), Q(rag_override_expires__isnull=True) | Q(rag_override_expires__gte=today))
    stale = stale_condition(today=today, plan_rules=plan_rules)
    due_soon = Q(pk__in=[])
    for plan_id, rules in plan_rules.items():
        due_soon |= Q(
            plan_id=plan_id, status=Status.NOT_STARTED, due_date__lte=today + timedelta(days=rules.due_soon_days)
        )
    return [
        (override, F("rag_override"), REASON_OVERRIDE),
        (Q(status=Status.COMPLETE), Value(Rag.BLUE), REASON_COMPLETE),
        (Q(status=Status.NOT_PURSUED), Value(Rag.CLOSED), REASON_NOT_PURSUED),
        (Q(due_date__lt=today), Value(Rag.RED), REASON_OVERDUE),
        (Q(status=Status.ON_HOLD), Value(Rag.AMBER), REASON_ON_HOLD),
        (Q(due_date__isnull=True, ongoing=False) & ~Q(status=Status.ONGOING), Value(Rag.NO_DATE), REASON_NO_DATE),
        (stale, Value(Rag.AMBER), REASON_UPDATE_NEEDED),
        (due_soon, Value(Rag.AMBER), REASON_DUE_SOON),
    ]


def _own_colour(branches) -> Case:
    return Case(*[When(c, then=v) for c, v, _ in branches], default=Value(Rag.GREEN), output_field=CharField())


def _severity(field_name: str) -> Case:
    return Case(
        *[When(Q(**{field_name: colour}), then=Value(rank)) for colour, rank in SEVERITY.items()],
        default=Value(9),
        output_field=IntegerField(),
    )


def rag_annotations(queryset: QuerySet, *, today: date, plan_rules: dict[int, RagRules]) -> QuerySet:
    """Annotate `rag`, `rag_reason`, `rag_overridden` and `rag_counted` (a leaf: counted in totals) in SQL."""
    from .models import Action

    branches = _branches(today=today, plan_rules=plan_rules)
    override = branches[0][0]
    has_children = Exists(Action.objects.filter(parent_id=OuterRef("pk")))
    worst_leaf = (
        Action.objects.filter(
            plan_id=OuterRef("plan_id"), reference__startswith=Concat(OuterRef("reference"), Value("."))
        )
        .filter(~Exists(Action.objects.filter(parent_id=OuterRef("pk"))))
        .annotate(own_rag=_own_colour(branches))
        .annotate(severity=_severity("own_rag"))
        .order_by("severity")
        .values("own_rag")[:1]
    )
    return queryset.annotate(
        rag_has_children=has_children,
        rag=Case(
            When(override, then=F("rag_override")),
            When(rag_has_children=True, then=Subquery(worst_leaf, output_field=CharField())),
            default=_own_colour(branches),
            output_field=CharField(),
        ),
        rag_reason=Case(
            When(override, then=Value(REASON_OVERRIDE)),
            When(rag_has_children=True, then=Value(REASON_ROLL_UP)),
            *[When(c, then=Value(reason)) for c, _, reason in branches[1:]],
            default=Value(REASON_ON_TRACK),
            output_field=CharField(),
        ),
        rag_overridden=Case(When(override, then=Value(True)), default=Value(False), output_field=BooleanField()),
        rag_counted=Case(
            When(rag_has_children=True, then=Value(False)), default=Value(True), output_field=BooleanField()
        ),
    )
