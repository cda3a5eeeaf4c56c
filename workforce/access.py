"""Who may do what with workforce data (BRIEF section 2), and who sees figures unsuppressed.

Workforce analysts load the data and are the only people who see small numbers, and only on their own screen.
Leadership, plan owners (whose plans measure representation) and administrators read the suppressed views.
Councillors on scrutiny see only what a published pack includes: no workforce page at all.
"""

from shared.roles import Role, has_role

VIEW_ROLES = frozenset({Role.WORKFORCE_ANALYST, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR})
LOAD_ROLES = frozenset({Role.WORKFORCE_ANALYST})
PANEL_ROLES = frozenset({Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR})


def sees_unsuppressed(user) -> bool:
    """Only a workforce analyst, and callers must use it only for what goes on their screen."""
    return has_role(user, Role.WORKFORCE_ANALYST)


def uploaded_it(user, upload) -> bool:
    """An upload is its uploader's alone: nobody else may preview or load it."""
    return upload.uploaded_by_id == user.pk
