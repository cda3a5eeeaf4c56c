"""A plan owner's changes to a plan's structure: goals and actions added or renamed in the browser."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from ..choices import Status
from ..models import Action, Goal, Plan
from .actions import apply_timescale


@transaction.atomic
def goal_create(*, plan: Plan, by, number: str, title: str, outcome: str = "") -> Goal:
    number = number.strip().rstrip(".")
    if plan.goals.filter(number=number).exists():
        raise ValidationError({"number": f"This plan already has a goal {number}."})
    position = (plan.goals.aggregate(last=Max("position"))["last"] or 0) + 1
    goal = Goal(plan=plan, number=number, title=title.strip(), outcome=outcome.strip(), position=position)
    goal._change_reason, goal._history_user = "Goal added", by
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, by, number: str, title: str, outcome: str) -> Goal:
    number = number.strip().rstrip(".")
    if goal.plan.goals.filter(number=number).exclude(pk=goal.pk).exists():
        raise ValidationError({"number": f"This plan already has a goal {number}."})
    goal.number, goal.title, goal.outcome = number, title.strip(), outcome.strip()
    goal._change_reason, goal._history_user = "Goal edited", by
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def action_create(
    *, goal: Goal, by, code: str, title: str, parent: Action | None = None, timescale_text: str = "", leads=()
) -> Action:
    """A new headline action under a goal, or a sub-action under `parent`; its reference follows the plan's."""
    code = code.strip().rstrip(".")
    if not code:
        raise ValidationError({"code": "Enter the action's code as the plan writes it, for example 1.6, F or iv."})
    if "." in code and parent is not None:
        raise ValidationError({"code": "A sub-action's code is one part, for example F or iv."})
    if parent is not None and parent.goal_id != goal.pk:
        raise ValidationError("The parent action belongs to another goal.")
    reference = code if parent is None else f"{parent.reference}.{code}"
    if Action.objects.filter(plan_id=goal.plan_id, reference=reference).exists():
        raise ValidationError({"code": f"The plan already has an action {reference}."})
    siblings = Action.objects.filter(goal=goal, parent=parent)
    action = Action(
        plan_id=goal.plan_id,
        goal=goal,
        parent=parent,
        code=code,
        reference=reference,
        depth=0 if parent is None else parent.depth + 1,
        position=(siblings.aggregate(last=Max("position"))["last"] or 0) + 1,
        title=title.strip(),
        status=Status.NOT_STARTED,
    )
    apply_timescale(action, timescale_text, plan=goal.plan)
    action._change_reason, action._history_user = "Action added", by
    action.full_clean(exclude=["leads", "themes", "pillars", "cross_references"])
    action.save()
    action.leads.set(leads)
    return action
