"""Who may use the dashboard and download its lists (for the role x URL matrix)."""

from django.urls import reverse

from shared.roles import Role
from shared.testing.matrix import Row

LEADERSHIP = {Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR}

ROWS = [
    Row("dashboard:index", lambda o: reverse("dashboard:index"), get=LEADERSHIP),
    Row(
        "dashboard:index",
        lambda o: reverse("dashboard:index") + f"?plan={o['plan'].pk}&sort_overdue=-days",
        get=LEADERSHIP,
        label="dashboard filtered and sorted",
    ),
    Row("dashboard:export", lambda o: reverse("dashboard:export", args=["plans.overdue", "csv"]), get=LEADERSHIP),
]
