"""Who may do what with audits: role sets for views, and the object rules (user, obj) -> bool behind them.

Only people with the Auditor role carry out and moderate audits (never their own): moderation is by a second
*auditor*. Administrators run the audit programme, keep templates and the glossary (in the admin site), read
audits and record actions arising, but do not rate or moderate unless they also hold the Auditor role.
Leadership reads compliance, not individual audits; every member of staff may read the standards and check
their own writing against the glossary.
"""

from shared.roles import Role, has_role

# The standards are the council's own commitments and the language check helps anyone who writes about families.
STAFF_ROLES = frozenset(set(Role) - {Role.SCRUTINY_MEMBER})
# Rating, submitting and moderating audits, and the auditor's own page of work.
AUDIT_ROLES = frozenset({Role.AUDITOR})
# Reading audits (the list and each audit), keeping the programme and recording actions arising.
AUDIT_READERS = frozenset({Role.AUDITOR, Role.ADMINISTRATOR})
PROGRAMME_EDITORS = AUDIT_READERS
PROGRAMME_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP})
COMPLIANCE_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER})
AGREEMENT_ROLES = frozenset({Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP})


def did_audit(user, audit) -> bool:
    return audit.auditor_id == user.pk


def is_auditor(user) -> bool:
    return has_role(user, Role.AUDITOR)


def can_edit_audit(user, audit) -> bool:
    """A draft, by the auditor who started it: nobody else rates it, administrators included."""
    from .models import Audit

    return audit.state == Audit.State.DRAFT and did_audit(user, audit) and is_auditor(user)


def can_add_language_sample(user, audit) -> bool:
    return audit.template.is_language_audit and can_edit_audit(user, audit)


def can_moderate(user, audit) -> bool:
    """An audit awaiting moderation, by a second auditor: someone with the Auditor role who did not do it."""
    from .models import Audit

    return audit.state == Audit.State.SUBMITTED and not did_audit(user, audit) and is_auditor(user)


def can_add_action(user, audit) -> bool:
    """Actions arising: the audit's auditor, its moderator, or an administrator (it records a plan action, which
    administrators may make in the plans anyway; it changes no rating or grade)."""
    return did_audit(user, audit) or audit.moderator_id == user.pk or has_role(user, Role.ADMINISTRATOR)


def can_edit_programme(user) -> bool:
    return has_role(user, *PROGRAMME_EDITORS)
