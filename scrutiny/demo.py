"""Demo data for scrutiny: two of the committee's questions from its last meeting (one answered), and a pack for
the CFS plan that demo-owner has built and published, so demo-scrutiny finds it on their start page. The pack
includes the workforce panel (the workforce demo data loads first, order 20), with its small numbers hidden."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from organisation.models import Lead, User
from plans.models import Action, Plan

from . import services
from .models import CommitteeQuestion, Pack

PLAN_TITLE = "CFS Anti-Racist Action Plan"  # plans.demo.PLAN_TITLE, loaded before this (order 10 < 30)
PACK_TITLE = "CFS anti-racist action plan: update to scrutiny"
PANELS = ["plans.rag_summary", "plans.measures", "workforce.representation"]

# The owners' commentary per goal, in the words of the February 2022 update to scrutiny (seed 001).
NARRATIVES = {
    "1": "Anonymous recruitment and diverse interview panels are in place, and an inclusive approach to recruitment "
    "has been developed. There is a small increase in diversity at senior leadership level. The review of job "
    "descriptions and interview questions has moved to the anti-racist practice working groups and is behind "
    "its timescale: we will bring a revised date to the next meeting.",
    "2": "The first six months of the three-year programme of anti-racist action learning sets for all CFS staff "
    "are complete and the next set is under way. The Anti-racist Practice Standards and the Anti-racist "
    "Corporate Parenting guidance are complete; launching and embedding them is our priority for the year.",
    "3": "The City and Hackney Safeguarding Children Partnership and the Safer Young Hackney Board agreed to adopt "
    "anti-racist position statements. We engaged the police, solicitors and magistrates in considering a "
    "deferred prosecution scheme for children who give a 'no comment' first interview.",
}
DEFAULT_NARRATIVE = (
    "We are at the foundation stage of our journey to becoming anti-racist, so the impact to date is limited. "
    "Staff tell us the discussions about racism and anti-racist practice are more visible."
)


@transaction.atomic
def load() -> list[str]:
    plan = Plan.objects.filter(title=PLAN_TITLE).first()
    owner = User.objects.filter(username="demo-owner").first()
    councillor = User.objects.filter(username="demo-scrutiny").first()
    lead_user = User.objects.filter(username="demo-lead").first()
    if plan is None or owner is None or councillor is None:
        return ["Scrutiny: no demo plan or users, so no demo pack."]
    if Pack.objects.filter(title=PACK_TITLE, plans=plan).exists():
        return ["Scrutiny: the demo pack is already there."]
    today = timezone.localdate()
    last_meeting = today - timedelta(days=42)
    lead = Lead.objects.filter(user=lead_user).first() if lead_user else None
    led = Action.objects.filter(plan=plan, leads=lead).order_by("reference").first() if lead else None
    first_goal = plan.goals.order_by("position", "id").first()
    if led is not None:
        asked = services.question_raise(
            by=councillor,
            plan=plan,
            kind=CommitteeQuestion.Kind.QUESTION,
            text="Is this a one-off piece of work, or part of ongoing work? What are the specific steps to achieve it?",
            asked_on=last_meeting,
            respond_by=last_meeting + timedelta(days=28),
            action=led,
            respondent=lead_user,
        )
        services.question_respond(
            question=asked,
            by=lead_user,
            response="It is ongoing work. Panels now include practitioners; the Workforce Development Board agreed "
            "this in December and it is reviewed every quarter with the recruitment data.",
        )
    services.question_raise(
        by=councillor,
        plan=plan,
        kind=CommitteeQuestion.Kind.RECOMMENDATION,
        text="Report the ethnicity of staff at each grade against the Hackney population at every meeting, "
        "with the gap in percentage points.",
        asked_on=last_meeting,
        respond_by=today + timedelta(days=14),
        goal=first_goal,
    )
    pack = services.pack_create(
        by=owner,
        title=PACK_TITLE,
        plans=[plan],
        meeting_date=today + timedelta(days=14),
        as_at=today,
        changes_since=last_meeting,
        panels=PANELS,
    )
    from .selectors import narrative_field, pack_goals

    services.pack_save_narratives(
        pack=pack,
        by=owner,
        changes={narrative_field(g.pk): NARRATIVES.get(g.number, DEFAULT_NARRATIVE) for g in pack_goals(pack)},
    )
    services.pack_publish(pack=pack, by=owner)
    return [f"Scrutiny: demo-owner published '{PACK_TITLE}' with 2 committee questions (one answered)."]
