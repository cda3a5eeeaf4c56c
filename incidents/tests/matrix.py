"""Who may use each incidents URL (BRIEF section 2, issue 12), for the generated role x URL matrix in tests/.

Scrutiny members reach no incident page: only the public pages anyone may use without signing in (how to
report, the anonymous report, the anonymous reporter's status check), which they could reach signed out too.
"""

from django.urls import reverse

from shared.roles import Role
from shared.testing.matrix import Row

from .factories import (
    ANONYMOUS_KEY,
    AccessGrantFactory,
    AcknowledgedIncidentFactory,
    AnonymousIncidentFactory,
    IncidentFactory,
    ReviewFactory,
    ServiceFactory,
)

EVERYONE = set(Role)
REPORTERS = EVERYONE - {Role.SCRUTINY_MEMBER}
LISTERS = {Role.INCIDENT_HANDLER, Role.SAFEGUARDING_LEAD, Role.SENIOR_LEADERSHIP}
# The matrix's handler works in the incident's service and handles it; administrators have no grant for it.
CASE_READERS = LISTERS
WORKERS = {Role.INCIDENT_HANDLER, Role.SAFEGUARDING_LEAD}
DPO = {Role.DATA_PROTECTION_OFFICER}
SLT = {Role.SENIOR_LEADERSHIP}
REVIEW_READERS = {Role.SENIOR_LEADERSHIP, Role.SAFEGUARDING_LEAD}
TRANSITIONS = (
    "acknowledge",
    "start_restorative",
    "start_investigation",
    "record_outcome",
    "close",
    "escalate",
    "reopen",
)


def build(users: dict, objects: dict) -> dict:
    """The handler works in the incident's service and handles it; the member of staff reported it (named)."""
    service = ServiceFactory()
    users[Role.INCIDENT_HANDLER].units.add(service)
    incident = AcknowledgedIncidentFactory(
        service=service, handler=users[Role.INCIDENT_HANDLER], reporter=users[Role.STAFF]
    )
    # Another service's incident the administrator may read under the data protection officer's grant.
    granted = IncidentFactory(reporter=None, mode="confidential")
    grant = AccessGrantFactory(
        incident=granted, administrator=users[Role.ADMINISTRATOR], granted_by=users[Role.DATA_PROTECTION_OFFICER]
    )
    anonymous = AnonymousIncidentFactory(service=service)
    review = ReviewFactory(created_by=users[Role.SENIOR_LEADERSHIP])
    return {
        "incident": incident,
        "granted_incident": granted,
        "grant": grant,
        "anonymous_incident": anonymous,
        "deadline": incident.deadlines.get(step="response"),
        "review": review,
    }


def _check(o):
    return {"reference": o["anonymous_incident"].reference, "key": ANONYMOUS_KEY}


ROWS = [
    # Reporting, open to anyone: the anonymous route must work signed out, and signed in it records nobody.
    Row("incidents:report_start", lambda o: reverse("incidents:report_start"), get=EVERYONE, anonymous="open"),
    Row(
        "incidents:report_anonymous",
        lambda o: reverse("incidents:report_anonymous"),
        get=EVERYONE,
        post=EVERYONE,
        anonymous="open",
    ),
    Row(
        "incidents:check",
        lambda o: reverse("incidents:check"),
        get=EVERYONE,
        post=EVERYONE,
        anonymous="open",
        post_data=_check,
    ),
    Row(
        "incidents:check_reply",
        lambda o: reverse("incidents:check_reply"),
        post=EVERYONE,
        anonymous="open",
        post_data=lambda o: {**_check(o), "text": "Thank you."},
    ),
    # Reporting as yourself, and your own reports.
    Row("incidents:report", lambda o: reverse("incidents:report"), get=REPORTERS, post=REPORTERS),
    Row("incidents:my_reports", lambda o: reverse("incidents:my_reports"), get=REPORTERS),
    Row("incidents:my_report", lambda o: reverse("incidents:my_report", args=[o["incident"].pk]), get={Role.STAFF}),
    Row(
        "incidents:my_report_reply",
        lambda o: reverse("incidents:my_report_reply", args=[o["incident"].pk]),
        post={Role.STAFF},
        post_data=lambda o: {"text": "Thank you."},
    ),
    # Handling.
    Row("incidents:list", lambda o: reverse("incidents:list"), get=LISTERS),
    Row(
        "incidents:list",
        lambda o: reverse("incidents:list") + "?status=acknowledged&deadline=overdue&mine=on&kind=towards_staff",
        get=LISTERS,
        label="incident list filtered",
    ),
    Row("incidents:detail", lambda o: reverse("incidents:detail", args=[o["incident"].pk]), get=CASE_READERS),
    Row(
        "incidents:detail",
        lambda o: reverse("incidents:detail", args=[o["granted_incident"].pk]),
        get={Role.SAFEGUARDING_LEAD, Role.SENIOR_LEADERSHIP, Role.ADMINISTRATOR},
        label="case page under an administrator's grant",
    ),
    Row("incidents:assign", lambda o: reverse("incidents:assign", args=[o["incident"].pk]), get=WORKERS, post=WORKERS),
    *[
        Row(
            "incidents:transition",
            lambda o, t=name: reverse("incidents:transition", args=[o["incident"].pk, t]),
            get=WORKERS,
            post=WORKERS,
            label=f"transition {name}",
        )
        for name in TRANSITIONS
    ],
    Row(
        "incidents:checklist_step",
        lambda o: reverse("incidents:checklist_step", args=[o["incident"].pk, "staff_support"]),
        get=WORKERS,
        post=WORKERS,
        post_data=lambda o: {"state": "not_applicable", "note": "Declined."},
    ),
    Row(
        "incidents:message",
        lambda o: reverse("incidents:message", args=[o["incident"].pk]),
        post=WORKERS,
        post_data=lambda o: {"text": "Could we talk this week?"},
    ),
    Row(
        "incidents:deadline_extend",
        lambda o: reverse("incidents:deadline_extend", args=[o["deadline"].pk]),
        get=WORKERS,
        post=WORKERS,
    ),
    # The data protection officer.
    Row("incidents:access_log", lambda o: reverse("incidents:access_log"), get=DPO),
    *[
        Row(
            "incidents:access_log_export",
            lambda o, f=fmt: reverse("incidents:access_log_export", args=[f]),
            get=DPO,
            ok_get=(302,),
            label=f"access log export {fmt}",
        )
        for fmt in ("csv", "xlsx")
    ],
    Row("incidents:grants", lambda o: reverse("incidents:grants"), get=DPO, post=DPO),
    Row("incidents:grant_revoke", lambda o: reverse("incidents:grant_revoke", args=[o["grant"].pk]), post=DPO),
    # Leadership.
    Row("incidents:review_list", lambda o: reverse("incidents:review_list"), get=REVIEW_READERS),
    Row("incidents:review_start", lambda o: reverse("incidents:review_start"), post=SLT),
    Row(
        "incidents:review_detail",
        lambda o: reverse("incidents:review_detail", args=[o["review"].pk]),
        get=REVIEW_READERS,
    ),
    Row("incidents:review_save", lambda o: reverse("incidents:review_save", args=[o["review"].pk]), post=SLT),
    Row(
        "incidents:review_action_create",
        lambda o: reverse("incidents:review_action_create", args=[o["review"].pk]),
        get=SLT,
        post=SLT,
    ),
    Row(
        "incidents:review_action_link",
        lambda o: reverse("incidents:review_action_link", args=[o["review"].pk]),
        get=SLT,
        post=SLT,
    ),
    Row("incidents:partner_themes", lambda o: reverse("incidents:partner_themes"), get=REVIEW_READERS),
    Row("incidents:trends", lambda o: reverse("incidents:trends"), get=LISTERS),
]
