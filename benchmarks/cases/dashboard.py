"""The leadership dashboard: every app's panels on one page, for all plans and filtered (only plans have scale
data so far)."""

from . import Case


def cases() -> list[Case]:
    from django.db.models import Count
    from django.urls import reverse

    from organisation.models import Unit
    from plans.models import Plan

    index = reverse("dashboard:index")
    plan = Plan.objects.annotate(n=Count("actions")).order_by("-n", "pk").first()
    area = Unit.objects.annotate(n=Count("actions")).order_by("-n", "pk").first()
    return [
        Case("Dashboard", index, "slt", note="every panel the apps register"),
        Case(f"Dashboard, one plan ({plan.actions.count()} actions)", f"{index}?plan={plan.pk}", "slt",
             note="filtered to the biggest plan"),
        Case("Dashboard, one service area", f"{index}?service_area={area.pk}", "slt",
             note=f"{area.n} actions"),
    ]  # fmt: skip
