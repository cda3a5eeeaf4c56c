"""Who may use each plans URL (BRIEF section 2), for the generated role x URL matrix in tests/."""

from django.urls import reverse

from organisation.tests.factories import LeadFactory, PlaceholderLeadFactory
from shared.roles import Role
from shared.testing.matrix import Row

from .factories import ActionFactory, GoalFactory, PlanFactory, ReviewCommentFactory

READERS = set(Role) - {Role.SCRUTINY_MEMBER}
OWNERS = {Role.ADMINISTRATOR, Role.PLAN_OWNER}
LEADS = {Role.ADMINISTRATOR, Role.PLAN_OWNER, Role.ACTION_LEAD}
REVIEWERS = {Role.ADMINISTRATOR, Role.PLAN_OWNER, Role.SENIOR_LEADERSHIP}
UPDATERS = {Role.ADMINISTRATOR, Role.PLAN_OWNER, Role.ACTION_LEAD}  # the action's lead, its plan's owner

TSV = b"Goal\tAction\tLead\n1. Staff\t1.1 Review recruitment\tLV\n"


def build(users: dict, objects: dict) -> dict:
    """The plan owner owns the plan, the action lead leads the action, leadership asked the lead a question."""
    from plans.models import PlanImport

    plan = PlanFactory(owners=[users[Role.PLAN_OWNER]])
    goal = GoalFactory(plan=plan)
    action = ActionFactory(goal=goal, leads=[LeadFactory(user=users[Role.ACTION_LEAD])])
    placeholder = PlaceholderLeadFactory()
    action.leads.add(placeholder)
    comment = ReviewCommentFactory(
        action=action, author=users[Role.SENIOR_LEADERSHIP], assigned_to=users[Role.ACTION_LEAD]
    )
    upload = PlanImport.objects.create(
        uploaded_by=users[Role.PLAN_OWNER], filename="plan.tsv", data=TSV, plan_title=plan.title, layout="columns"
    )
    return {
        "plan": plan,
        "goal": goal,
        "action": action,
        "comment": comment,
        "placeholder": placeholder,
        "upload": upload,
    }


def _progress(o):
    action = o["action"]
    return {"progress-version": action.version, "progress-text": "Panels agreed.", "progress-status": action.status}


ROWS = [
    Row("plans:plan_list", lambda o: reverse("plans:plan_list"), get=READERS),
    Row("plans:plan_detail", lambda o: reverse("plans:plan_detail", args=[o["plan"].pk]), get=READERS),
    Row("plans:plan_settings", lambda o: reverse("plans:plan_settings", args=[o["plan"].pk]), get=OWNERS, post=OWNERS),
    Row(
        "plans:goal_create",
        lambda o: reverse("plans:goal_create", args=[o["plan"].pk]),
        get=OWNERS,
        post=OWNERS,
        post_data=lambda o: {"number": "9", "title": "A new goal"},
    ),
    Row("plans:goal_detail", lambda o: reverse("plans:goal_detail", args=[o["goal"].pk]), get=READERS),
    Row("plans:goal_edit", lambda o: reverse("plans:goal_edit", args=[o["goal"].pk]), get=OWNERS, post=OWNERS),
    Row(
        "plans:action_create",
        lambda o: reverse("plans:action_create", args=[o["goal"].pk]),
        get=OWNERS,
        post=OWNERS,
        post_data=lambda o: {"code": "9.9", "title": "A new action"},
    ),
    Row(
        "plans:action_create",
        lambda o: reverse("plans:action_create", args=[o["goal"].pk]) + f"?parent={o['action'].pk}",
        get=OWNERS,
        post=OWNERS,
        label="add a sub-action",
    ),
    Row("plans:action_list", lambda o: reverse("plans:action_list"), get=READERS),
    Row(
        "plans:action_list",
        lambda o: reverse("plans:action_list") + "?rag=red&status=in_progress&q=panel",
        get=READERS,
        label="action list filtered",
    ),
    Row("plans:my_actions", lambda o: reverse("plans:my_actions"), get=LEADS),
    Row("plans:action_detail", lambda o: reverse("plans:action_detail", args=[o["action"].pk]), get=READERS),
    Row(
        "plans:action_update",
        lambda o: reverse("plans:action_update", args=[o["action"].pk]),
        post=UPDATERS,
        post_data=_progress,
    ),
    Row("plans:action_override", lambda o: reverse("plans:action_override", args=[o["action"].pk]), post=UPDATERS),
    Row("plans:action_edit", lambda o: reverse("plans:action_edit", args=[o["action"].pk]), get=OWNERS, post=OWNERS),
    Row(
        "plans:comment_create",
        lambda o: reverse("plans:comment_create", args=[o["action"].pk]),
        post=REVIEWERS,
        post_data=lambda o: {"comment-text": "Why?"},
    ),
    # The comment's assignee (the lead), its author (leadership), the plan's owner and administrators.
    Row(
        "plans:comment_respond",
        lambda o: reverse("plans:comment_respond", args=[o["comment"].pk]),
        post={Role.ACTION_LEAD, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR},
        post_data=lambda o: {f"answer-{o['comment'].pk}-response": "Done"},
    ),
    *[
        Row(
            "plans:plan_export",
            lambda o, f=fmt: reverse("plans:plan_export", args=[o["plan"].pk, f]),
            get=READERS,
            label=f"export {fmt}",
        )
        for fmt in ("xlsx", "csv", "pdf")
    ],
    Row("plans:import_upload", lambda o: reverse("plans:import_upload"), get=OWNERS, post=OWNERS),
    # Dating actions in bulk: plan owners and administrators (each action is checked by the service).
    Row("plans:action_dates", lambda o: reverse("plans:action_dates"), get=OWNERS, post=OWNERS),
    # An upload is its uploader's alone: nobody else may see or confirm it, administrators included.
    Row(
        "plans:import_preview",
        lambda o: reverse("plans:import_preview", args=[o["upload"].pk]),
        get={Role.PLAN_OWNER},
        post={Role.PLAN_OWNER},
    ),
    Row("plans:placeholder_leads", lambda o: reverse("plans:placeholder_leads"), get=OWNERS),
    Row("plans:link_lead", lambda o: reverse("plans:link_lead", args=[o["placeholder"].pk]), get=OWNERS, post=OWNERS),
    Row("plans:plan_as_at", lambda o: reverse("plans:plan_as_at", args=[o["plan"].pk]) + "?day=1/1/2026", get=READERS),
    Row(
        "plans:plan_changes",
        lambda o: reverse("plans:plan_changes", args=[o["plan"].pk]) + "?since=1/1/2026",
        get=READERS,
    ),
]
