"""A plan of council scale for the pack's performance tests: goals, headline actions and sub-actions with leads and
long progress updates, changed between two days."""

from datetime import date

from freezegun import freeze_time

from organisation.tests.factories import PlaceholderLeadFactory
from plans.choices import Status
from plans.models import ProgressUpdate
from plans.tests.factories import ActionFactory, GoalFactory, PlanFactory

CREATED, UPDATED = date(2026, 1, 5), date(2026, 2, 10)
AS_AT, SINCE = date(2026, 3, 1), date(2026, 1, 31)
UPDATE_TEXT = (
    "Update: panels now include practitioners and the recruitment protocol has been agreed at the Workforce "
    "Development Board. Next steps are to review job descriptions, interview questions, assessments and role plays "
    "so the language is anti-racist and inclusive, then report the data by ethnicity to the board every quarter. "
)


def big_plan(*, goals: int = 5, headlines: int = 20, subs: int = 4, owners=()):
    """goals x headlines x (1 + subs) actions (500 by default): added on CREATED, updated on UPDATED."""
    leads = [PlaceholderLeadFactory(name=name) for name in ("LV", "JM", "HO", "PS")]
    with freeze_time(CREATED):
        plan = PlanFactory(owners=list(owners), period_start=date(2025, 4, 1), period_end=date(2027, 3, 31))
        leaves = []
        for g in range(goals):
            goal = GoalFactory(plan=plan, number=str(g + 1), title=f"Goal {g + 1}: inclusive recruitment and support")
            for h in range(headlines):
                top = ActionFactory(
                    goal=goal,
                    code=f"{g + 1}.{h + 1}",
                    title=f"Review and update process {h} " * 3,
                    due_date=date(2026, 6, 30),
                    leads=[leads[h % 4]],
                )
                for s in range(subs):
                    leaves.append(
                        ActionFactory(
                            goal=goal,
                            parent=top,
                            code="ABCDEFGH"[s],
                            title=f"Roll out anonymous recruitment stage {s} " * 2,
                            due_date=date(2026, 2, 20 + s),
                            leads=[leads[s % 4]],
                        )
                    )
    with freeze_time(UPDATED):
        ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(action=a, written_on=UPDATED, text=UPDATE_TEXT * 2, status=Status.IN_PROGRESS)
                for a in leaves
            ]
        )
    return plan
