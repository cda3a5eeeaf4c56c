"""Reads for scrutiny: the packs a person may see, a pack's current values, the committee's questions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from organisation.models import Lead
from plans.models import Goal, Plan
from shared import panels
from shared.roles import Role, has_role

from .models import CommitteeQuestion, Pack, PackExport

DEFAULT_SINCE_DAYS = 90  # without an earlier published pack, changes are listed for the 90 days before "as at"
OWNERS_LABEL = "the plan's owners"


@dataclass
class PackLists:
    drafts: list[Pack]
    published: list[Pack]
    withdrawn: list[Pack]


def packs_for(user) -> PackLists:
    """Drafts for whoever manages or owns a plan in them; published packs for every reader; withdrawn ones only for
    those who manage them (councillors no longer see them). Four queries."""
    base = Pack.objects.prefetch_related("plans").order_by("-meeting_date", "-id")
    published = list(base.filter(state=Pack.State.PUBLISHED))
    if has_role(user, Role.ADMINISTRATOR):
        drafts = list(base.filter(state=Pack.State.DRAFT))
        withdrawn = list(base.filter(state=Pack.State.WITHDRAWN))
    elif has_role(user, Role.PLAN_OWNER):
        owned = Q(plans__owners=user)
        drafts = list(base.filter(owned, state=Pack.State.DRAFT).distinct())
        withdrawn = list(base.filter(owned, state=Pack.State.WITHDRAWN).distinct())
    else:
        drafts, withdrawn = [], []
    return PackLists(drafts, published, withdrawn)


def pack_values(pack: Pack) -> dict:
    """What the pack's details form shows and compares (plans and panels as sorted keys)."""
    return {
        "title": pack.title,
        "meeting_date": pack.meeting_date,
        "as_at": pack.as_at,
        "changes_since": pack.changes_since,
        "plans": sorted(p.pk for p in pack.plans.all()),
        "panels": sorted(pack.panels),
    }


def pack_goals(pack: Pack) -> list[Goal]:
    """The goals of the pack's plans, in plan then goal order: one narrative each."""
    return list(
        Goal.objects.filter(plan__in=pack.plans.all()).select_related("plan").order_by("plan__title", "position", "id")
    )


def narrative_field(goal_id: int) -> str:
    return f"narrative_{goal_id}"


def narrative_values(pack: Pack, goals=None) -> dict[str, str]:
    """Each goal's commentary by field name; with `goals`, every one of them ("" where none is written yet)."""
    written = {narrative_field(n.goal_id): n.text for n in pack.narratives.all()}
    if goals is None:
        return written
    return {narrative_field(g.pk): written.get(narrative_field(g.pk), "") for g in goals}


def plans_for_packs(user) -> QuerySet:
    """The plans this person may put in a pack: every plan for administrators, their own for plan owners."""
    if has_role(user, Role.ADMINISTRATOR):
        return Plan.objects.order_by("title")
    return (
        Plan.objects.filter(owners=user).order_by("title") if has_role(user, Role.PLAN_OWNER) else Plan.objects.none()
    )


def packable_panels(user=None, *, keep: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Panels that may go in a pack, as (key, title): with `user`, those they may see on their own dashboard (and
    any in `keep`, already chosen for the pack by someone who may); without, every packable panel."""
    allowed = panels.packable() if user is None else panels.packable_for(user)
    wanted = {p.key for p in allowed} | set(keep)
    return [(p.key, p.title) for p in panels.packable() if p.key in wanted]


def panels_unseen_by(user, pack: Pack) -> list[str]:
    """Titles of the pack's panels this person may not see on their own dashboard: left out of what they preview,
    and they may not publish the pack (an administrator may have chosen them)."""
    seen = {p.key for p in panels.packable_for(user)}
    return [p.title for p in panels.packable() if p.key in pack.panels and p.key not in seen]


def default_changes_since(plan_ids, as_at: date) -> date:
    """The 'as at' day of the last published pack on any of these plans before this one; else 90 days before."""
    last = (
        Pack.objects.filter(state=Pack.State.PUBLISHED, plans__in=list(plan_ids), as_at__lt=as_at)
        .order_by("-as_at")
        .values_list("as_at", flat=True)
        .first()
    )
    return last or as_at - timedelta(days=DEFAULT_SINCE_DAYS)


def export_of(pack: Pack, fmt: str) -> PackExport | None:
    return PackExport.objects.filter(pack=pack, fmt=fmt).first()


def exports_built(pack: Pack) -> set[str]:
    return set(PackExport.objects.filter(pack=pack).values_list("fmt", flat=True))


# --- the committee's questions ----------------------------------------------------------------------------


def questions_for(user) -> QuerySet:
    """The questions this person may see: all of them for the committee and leadership; otherwise those they must
    answer, raised, or that are about plans they own."""
    questions = CommitteeQuestion.objects.select_related("plan", "goal", "action").order_by("state", "respond_by", "id")
    if has_role(user, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP, Role.SCRUTINY_MEMBER):
        return questions
    mine = Q(respondent=user) | Q(raised_by=user)
    if has_role(user, Role.PLAN_OWNER):
        mine |= Q(plan__owners=user)
    return questions.filter(mine).distinct()


def respondent_choices(plan: Plan) -> list[tuple[str, str]]:
    """Who may be asked to respond: the plan's owners, or a lead named in the plan who has an account (by the name
    the plan gives them: councillors see no other names of staff)."""
    leads = (
        Lead.objects.filter(actions__plan=plan, kind=Lead.Kind.PERSON, user__isnull=False, user__is_active=True)
        .distinct()
        .order_by("name")
    )
    return [("", f"The plan's owners ({plan.title})")] + [(str(lead.user_id), f"{lead.name} (lead)") for lead in leads]


def respondent_label(plan: Plan, user_id: int | None) -> str:
    if user_id is None:
        return OWNERS_LABEL
    lead = Lead.objects.filter(user_id=user_id).first()
    return lead.name if lead else OWNERS_LABEL


def about_choices(pack: Pack, plan_id: int) -> list[tuple[str, str]]:
    """What a question can be about, from the pack as published: the whole plan, one of its goals or actions."""
    for plan in pack.frozen.get("data", {}).get("plans", []):
        if plan.get("id") == plan_id:
            break
    else:
        return []
    choices = [("plan", f"The whole plan: {plan['title']}")]
    choices += [(f"goal:{g['id']}", f"Goal {g['number']}. {g['title'][:100]}") for g in plan.get("goals", [])]
    choices += [(f"action:{a['id']}", f"Action {a['reference']}: {a['title'][:100]}") for a in plan.get("actions", [])]
    return choices
