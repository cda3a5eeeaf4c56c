"""Who may do what with plans: role sets for views and the object rules behind them."""

from organisation.roles import Role, has_role

VIEW_ROLES = frozenset({Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ACTION_LEAD})
LEAD_ROLES = frozenset({Role.ACTION_LEAD, Role.PLAN_OWNER, Role.ADMINISTRATOR})
OWNER_ROLES = frozenset({Role.PLAN_OWNER, Role.ADMINISTRATOR})
REVIEW_ROLES = frozenset({Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR})


def can_edit_plan(user, plan) -> bool:
    """Structure, leads and RAG windows: the plan's own owners, or an administrator."""
    if has_role(user, Role.ADMINISTRATOR):
        return True
    return has_role(user, Role.PLAN_OWNER) and plan.owners.filter(pk=user.pk).exists()


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
