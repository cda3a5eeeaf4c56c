"""Scrutiny packs: a draft's preview (built from the plans as they are) and a published pack (read from what was
frozen), on the 500-action plan. The two packs are made here on first use, through the services, as bench-owner."""

from __future__ import annotations

from datetime import timedelta

from . import Case

TITLE = "Benchmark pack"


def cases() -> list[Case]:
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from benchmarks.dataset import PREFIX
    from organisation.models import User
    from plans.models import Plan
    from scrutiny import services
    from scrutiny.models import Pack
    from shared import panels

    plans = list(Plan.objects.annotate(n=Count("actions")).order_by("-n", "pk"))
    mean = round(sum(p.n for p in plans) / len(plans))
    plan = min(plans[1:] or plans, key=lambda p: (abs(p.n - mean), p.pk))  # the plan cases/plans.py calls middle
    owner = User.objects.get(username=f"{PREFIX}owner")
    today = timezone.localdate()

    def pack(suffix: str) -> Pack:
        found = Pack.objects.filter(title=f"{TITLE} {suffix}").first()
        if found is None:
            found = services.pack_create(
                by=owner,
                title=f"{TITLE} {suffix}",
                plans=[plan],
                meeting_date=today + timedelta(days=14),
                as_at=today - timedelta(days=1),
                changes_since=today - timedelta(days=91),
                panels=panels.keys(panels.packable()),
            )
        return found

    draft = pack("(draft)")
    published = pack("(published)")
    if published.is_draft:
        published = services.pack_publish(pack=published, by=owner)
    return [
        Case(f"Pack preview, {plan.n} actions", reverse("scrutiny:pack_preview", args=[draft.pk]), "owner",
             note="built from the plan as it is, every packable panel"),
        Case(f"Published pack, {plan.n} actions", reverse("scrutiny:pack_detail", args=[published.pk]), "scrutiny",
             note="as a councillor: read from the frozen content"),
    ]  # fmt: skip
