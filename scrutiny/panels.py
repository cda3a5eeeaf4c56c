"""The dashboard's panel of the committee's questions and recommendations still waiting for a response."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from shared.panels import Panel, PanelRequest

from .access import LEADERSHIP
from .models import CommitteeQuestion

LIST_LENGTH = 10
ACTION_FILTERS = ("service_area", "theme", "pillar", "lead")


def _waiting(request: PanelRequest) -> list[dict]:
    """Open questions, most overdue first, with the dashboard's filters: the plan always; service area, theme,
    pillar and lead through the action a question is about (questions about a whole plan or goal then drop out)."""
    from plans.dashboard import filtered_actions

    questions = CommitteeQuestion.objects.filter(state=CommitteeQuestion.State.OPEN).select_related(
        "plan", "goal", "action", "respondent"
    )
    plan = request.filters.get("plan")
    if plan and str(plan).isdigit():
        questions = questions.filter(plan_id=int(plan))
    if any(request.filters.get(name) for name in ACTION_FILTERS):
        questions = questions.filter(Q(action__in=filtered_actions(request.filters).values("pk")))
    rows = []
    for q in questions.order_by("respond_by", "id"):
        waiting_for = str(q.respondent) if q.respondent_id else f"Owners of {q.plan.title}"
        rows.append(
            {
                "kind": q.get_kind_display(),
                "about": q.about,
                "plan": q.plan.title,
                "text": q.text,
                "waiting_for": waiting_for,
                "respond_by": q.respond_by,
                "overdue_days": max((request.today - q.respond_by).days, 0),
                "url": reverse("scrutiny:question_detail", args=[q.pk]),
            }
        )
    return rows


def build(request: PanelRequest) -> dict:
    rows = _waiting(request)
    overdue = sum(1 for row in rows if row["overdue_days"])
    return {"rows": rows[:LIST_LENGTH], "total": len(rows), "overdue": overdue, "more": max(len(rows) - LIST_LENGTH, 0)}


def table(request: PanelRequest) -> tuple[list[str], list[list]]:
    headers = [
        "Kind",
        "Plan",
        "About",
        "Question or recommendation",
        "Waiting for",
        "Respond by",
        "Days overdue",
        "Address",
    ]
    rows = [
        [r["kind"], r["plan"], r["about"], r["text"], r["waiting_for"], r["respond_by"], r["overdue_days"], r["url"]]
        for r in _waiting(request)
    ]
    return headers, rows


PANEL = Panel(
    key="scrutiny.questions",
    title="Committee questions waiting for a response",
    template="scrutiny/panels/questions.html",
    build=build,
    roles=LEADERSHIP,
    order=50,
    description="The scrutiny committee's questions and recommendations not yet answered, overdue first.",
    table=table,
    filters=frozenset({"plan", *ACTION_FILTERS}),
)
