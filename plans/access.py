"""Who may do what with plans: role sets for views, and the object rules (user, obj) -> bool behind them."""

from shared.roles import Role, has_role

# Every member of staff may read the council's own commitments; councillors read published packs only.
VIEW_ROLES = frozenset(set(Role) - {Role.SCRUTINY_MEMBER})
LEAD_ROLES = frozenset({Role.ACTION_LEAD, Role.PLAN_OWNER, Role.ADMINISTRATOR})
OWNER_ROLES = frozenset({Role.PLAN_OWNER, Role.ADMINISTRATOR})
REVIEW_ROLES = frozenset({Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR})


def can_edit_plan(user, plan) -> bool:
    """Structure, leads, dates and RAG windows: the plan's own owners, or an administrator."""
    if has_role(user, Role.ADMINISTRATOR):
        return True
    return has_role(user, Role.PLAN_OWNER) and plan.owners.filter(pk=user.pk).exists()


def can_edit_action(user, action) -> bool:
    return can_edit_plan(user, action.plan)


def can_edit_goal(user, goal) -> bool:
    return can_edit_plan(user, goal.plan)


def leads_action(user, action) -> bool:
    """True if one of the action's leads is this person, or a group they act for."""
    return any(
        lead.user_id == user.pk or any(m.pk == user.pk for m in lead.members.all()) for lead in action.leads.all()
    )


def can_update_action(user, action) -> bool:
    """Progress, status and RAG overrides: the action's leads, its plan's owners, administrators."""
    if has_role(user, Role.ADMINISTRATOR):
        return True
    if has_role(user, Role.ACTION_LEAD) and leads_action(user, action):
        return True
    return can_edit_plan(user, action.plan)


def can_review(user) -> bool:
    return has_role(user, *REVIEW_ROLES)


def can_answer_comment(user, comment) -> bool:
    """The person it is assigned to, its author, or whoever may edit the plan."""
    return user.pk in {comment.assigned_to_id, comment.author_id} or can_edit_plan(user, comment.action.plan)


def can_link_lead(user, lead) -> bool:
    """A placeholder person may be linked to an account by whoever may edit every plan that names them.

    Linking gives the account the right to post on the lead's actions, so an owner of one plan must not be
    able to hand out access to another owner's plan.
    """
    if lead.kind != lead.Kind.PERSON or lead.user_id is not None:
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    if not has_role(user, Role.PLAN_OWNER):
        return False
    from .models import Plan

    plans = Plan.objects.filter(actions__leads=lead).distinct()
    return plans.exists() and not plans.exclude(owners=user).exists()


def can_import_into(user, plan) -> bool:
    """Importing over an existing plan rewrites it: only those who may edit it. A new title: any plan owner."""
    if plan is None:
        return has_role(user, *OWNER_ROLES)
    return can_edit_plan(user, plan)
