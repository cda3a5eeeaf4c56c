"""Who may do what with incidents: role sets for views, object rules (user, obj) -> bool, and "what may I see".

BRIEF section 2 and issue 12: reporters see their own named and confidential reports; handlers see incidents
assigned to them or in their service (their units and every unit below them); safeguarding leads and senior
leadership see all details; administrators see details only under a grant from the data protection officer,
and every such view is logged; scrutiny members see no incident page at all, only suppressed figures in packs.
Confidential reporters are named only to the assigned handler and safeguarding leads.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from shared.roles import Role, has_role

# Report a named or confidential incident, see your own reports: every member of staff (not councillors).
REPORT_ROLES = frozenset(set(Role) - {Role.SCRUTINY_MEMBER})
LIST_ROLES = frozenset({Role.INCIDENT_HANDLER, Role.SAFEGUARDING_LEAD, Role.SENIOR_LEADERSHIP})
# Administrators reach a case only through a grant (object rule), never through the list.
DETAIL_ROLES = LIST_ROLES | {Role.ADMINISTRATOR}
WORK_ROLES = frozenset({Role.INCIDENT_HANDLER, Role.SAFEGUARDING_LEAD})
REVIEW_ROLES = frozenset({Role.SENIOR_LEADERSHIP})
REVIEW_READ_ROLES = frozenset({Role.SENIOR_LEADERSHIP, Role.SAFEGUARDING_LEAD})
THEMES_ROLES = REVIEW_READ_ROLES
TRENDS_ROLES = LIST_ROLES
ACCESS_LOG_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER})
# Aggregates only (suppressed): the dashboard panel.
PANEL_ROLES = frozenset({Role.SENIOR_LEADERSHIP, Role.SAFEGUARDING_LEAD, Role.INCIDENT_HANDLER, Role.ADMINISTRATOR})
ALL_DETAILS = frozenset({Role.SAFEGUARDING_LEAD, Role.SENIOR_LEADERSHIP})


def service_units(user) -> frozenset[int]:
    """The ids of the units a person works in and every unit below them, read once per request."""
    cached = getattr(user, "_incident_units", None)
    if cached is not None:
        return cached
    from organisation.models import Unit

    own = set(user.units.values_list("pk", flat=True)) if user.is_authenticated else set()
    found = set(own)
    if own:
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        stack = list(own)
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
    user._incident_units = frozenset(found)
    return user._incident_units


def sees_all(user) -> bool:
    return has_role(user, *ALL_DETAILS)


def in_their_service(user, incident) -> bool:
    return has_role(user, Role.INCIDENT_HANDLER) and incident.service_id in service_units(user)


def handles(user, incident) -> bool:
    return has_role(user, Role.INCIDENT_HANDLER) and incident.handler_id == user.pk


def active_grant(user, incident):
    """The administrator's grant that lets them read this incident today, if any."""
    from .models import AccessGrant

    if not has_role(user, Role.ADMINISTRATOR):
        return None
    return (
        AccessGrant.objects.filter(
            administrator=user, incident=incident, revoked_at__isnull=True, expires_on__gte=timezone.localdate()
        )
        .order_by("-granted_at")
        .first()
    )


def can_view_case(user, incident) -> bool:
    """The case page: all details of one incident."""
    if sees_all(user) or handles(user, incident) or in_their_service(user, incident):
        return True
    return active_grant(user, incident) is not None


def can_triage(user, incident) -> bool:
    """Assign (or reassign) a handler: safeguarding leads, and handlers in the incident's service."""
    if not incident.is_open:
        return False
    return has_role(user, Role.SAFEGUARDING_LEAD) or in_their_service(user, incident)


def can_work(user, incident) -> bool:
    """Move it on, tick the checklist, extend deadlines, message the reporter: its handler, or a safeguarding lead."""
    return has_role(user, Role.SAFEGUARDING_LEAD) or handles(user, incident)


def sees_reporter(user, incident) -> bool:
    """Named: whoever reads the case. Confidential: the assigned handler and safeguarding leads. Anonymous: nobody."""
    if incident.reporter_id is None:
        return False
    if incident.mode == "named":
        return can_view_case(user, incident)
    return has_role(user, Role.SAFEGUARDING_LEAD) or handles(user, incident)


def is_reporter(user, incident) -> bool:
    """A signed-in reporter's own named or confidential report (anonymous ones have no reporter stored)."""
    return incident.reporter_id is not None and incident.reporter_id == user.pk


def visible_incidents(user, queryset: QuerySet | None = None) -> QuerySet:
    """The incidents whose details this person may see on lists."""
    from .models import Incident

    queryset = Incident.objects.all() if queryset is None else queryset
    if sees_all(user):
        return queryset
    if has_role(user, Role.INCIDENT_HANDLER):
        return queryset.filter(Q(handler=user) | Q(service_id__in=service_units(user)))
    return queryset.none()


def can_edit_review(user, review) -> bool:
    return has_role(user, *REVIEW_ROLES) and not review.completed
