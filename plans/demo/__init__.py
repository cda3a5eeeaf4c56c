"""Demo data for plans: the CFS plan of seed 000, loaded through the importer itself, and its measures."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from organisation.models import Lead, Unit, User

from ..importing.pipeline import parse_file
from ..models import Goal, Measure, MeasureValue, Pillar, Plan, Theme
from ..services import plan_import

HERE = Path(__file__).parent
PLAN_FILE = HERE / "cfs_anti_racist_action_plan_2020.tsv"
PLAN_TITLE = "CFS Anti-Racist Action Plan"
PLAN_START, PLAN_END = date(2020, 4, 1), date(2021, 3, 31)
DEMO_LEAD_INITIALS = "LV"  # demo-lead acts as "LV", who leads a mix of red, amber, green and blue actions

PILLARS = ["Institutional change", "Community engagement", "Culture and leadership", "Accountability", "Influence"]
THEMES = [
    "Zero tolerance to racism",
    "Data and transparency",
    "Safe spaces for staff",
    "Education and training",
    "Recruitment and development",
    "Addressing intersectionality",
    "Work with community and partners",
    "Non-theme related",
]


@transaction.atomic
def load() -> list[str]:
    for name in PILLARS:
        Pillar.objects.get_or_create(name=name)
    for name in THEMES:
        Theme.objects.get_or_create(name=name)
    _, parsed = parse_file(
        PLAN_FILE.read_bytes(), PLAN_FILE.name, layout="numbered", plan_start=PLAN_START, plan_end=PLAN_END
    )
    summary = plan_import(
        parsed=parsed, title=PLAN_TITLE, source_name=PLAN_FILE.name, plan_start=PLAN_START, plan_end=PLAN_END
    )
    plan = Plan.objects.get(pk=summary.plan_id)
    plan.owning_units.set(Unit.objects.filter(name="Children and Families Service"))
    plan.owners.set(User.objects.filter(username="demo-owner"))
    if plan.governance_body is None:
        plan.governance_body = Lead.objects.filter(name="DMT").first()
        plan.review_rhythm = Plan.ReviewRhythm.MONTHLY
        plan.save()
    lead = Lead.objects.filter(name=DEMO_LEAD_INITIALS).first()
    demo_lead = User.objects.filter(username="demo-lead").first()
    if lead and demo_lead and lead.user_id is None and not Lead.objects.filter(user=demo_lead).exists():
        lead.user, lead.full_name = demo_lead, "LV (demo: Lee Lead)"
        lead.save()
    _load_measures(plan)
    from django.utils import timezone

    from ..past import record_day

    record_day(timezone.localdate(), plans=[plan])  # the first point of the colours' trend: the nightly job adds more
    return summary.lines()


def _load_measures(plan: Plan) -> None:
    data = json.loads((HERE / "measures.json").read_text(encoding="utf-8"))
    for number, measures in data["goals"].items():
        goal = Goal.objects.filter(plan=plan, number=number).first()
        if goal is None:
            continue
        for position, item in enumerate(measures):
            measure, _ = Measure.objects.update_or_create(
                goal=goal,
                title=item["title"],
                defaults={
                    "target_text": item.get("target_text", ""),
                    "target_value": Decimal(item["target_value"]) if item.get("target_value") else None,
                    "unit": item.get("unit", ""),
                    "direction": item.get("direction", "none"),
                    "obtainable": item.get("obtainable"),
                    "source": item.get("source", ""),
                    "frequency": item.get("frequency", ""),
                    "position": position,
                    "computed_from": item.get("computed_from", ""),
                    "computed_params": item.get("computed_params", {}),
                },
            )
            for value in item.get("values", []):
                MeasureValue.objects.update_or_create(
                    measure=measure,
                    period_start=date.fromisoformat(value["period_start"]),
                    defaults={
                        "period_label": value["period_label"],
                        "value": Decimal(value["value"]),
                        "note": value.get("note", ""),
                    },
                )
