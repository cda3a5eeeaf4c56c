"""The roles people hold (Django groups created by a migration) and the questions views ask of them."""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrator"
    SENIOR_LEADERSHIP = "Senior leadership"
    PLAN_OWNER = "Plan owner"
    ACTION_LEAD = "Action lead"
    STAFF = "Staff"
    INCIDENT_HANDLER = "Incident handler"
    AUDITOR = "Auditor"
    WORKFORCE_ANALYST = "Workforce analyst"
    SCRUTINY_MEMBER = "Scrutiny member"
    SAFEGUARDING_LEAD = "Safeguarding lead"
    DATA_PROTECTION_OFFICER = "Data protection officer"


# Roles that read other people's personal data (incident details, reporters, unsuppressed workforce counts).
# An administrator cannot give one of these to themselves (organisation/admin.py): another administrator must,
# and the change is written to the admin log with the roles named.
PERSONAL_DATA_ROLES = frozenset(
    {
        Role.SENIOR_LEADERSHIP,
        Role.INCIDENT_HANDLER,
        Role.SAFEGUARDING_LEAD,
        Role.DATA_PROTECTION_OFFICER,
        Role.WORKFORCE_ANALYST,
    }
)


def roles_of(user) -> frozenset[str]:
    """The role names a user holds, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {Role.ADMINISTRATOR.value}
        user._role_names = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & {str(r) for r in roles})
