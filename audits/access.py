"""Who may do what with audits: role sets for views, and the object rules (user, obj) -> bool behind them.

Auditors carry out and moderate audits (never their own); leadership reads compliance, not individual audits;
every member of staff may read the standards and check their own writing against the glossary.
"""

from shared.roles import Role, has_role

# The standards are the council's own commitments and the language check helps anyone who writes about families.
STAFF_ROLES = frozenset(set(Role) - {Role.SCRUTINY_MEMBER})
AUDIT_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR})
PROGRAMME_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP})
COMPLIANCE_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER})
AGREEMENT_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP})


def did_audit(user, audit) -> bool:
    return audit.auditor_id == user.pk


def can_edit_audit(user, audit) -> bool:
    """A draft, by the auditor who started it (or an administrator putting something right)."""
    from .models import Audit

    if audit.state != Audit.State.DRAFT:
        return False
    return did_audit(user, audit) or has_role(user, Role.ADMINISTRATOR)


def can_add_language_sample(user, audit) -> bool:
    return audit.template.is_language_audit and can_edit_audit(user, audit)


def can_moderate(user, audit) -> bool:
    """An audit awaiting moderation, by a second auditor: never the one who did it."""
    from .models import Audit

    return audit.state == Audit.State.SUBMITTED and not did_audit(user, audit)


def can_add_action(user, audit) -> bool:
    """Actions arising: the audit's auditor, its moderator, or an administrator."""
    return did_audit(user, audit) or audit.moderator_id == user.pk or has_role(user, Role.ADMINISTRATOR)


def can_edit_programme(user) -> bool:
    return has_role(user, Role.AUDITOR, Role.ADMINISTRATOR)
