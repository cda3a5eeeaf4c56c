"""Who may use each audits URL (BRIEF section 2), for the generated role x URL matrix in tests/.

The auditor did the draft, the submitted and the moderated audit; another auditor (not a role holder here) did
the audit waiting for moderation, so the matrix's auditor may moderate that one and never their own. Each role
holder here has that one role, so the administrator is not an auditor: they read audits, keep the programme and
add actions arising, but never start, rate or moderate an audit (moderation is by a second *auditor*).
"""

from django.urls import reverse

from shared.roles import Role
from shared.testing.matrix import Row

EVERY_STAFF_ROLE = set(Role) - {Role.SCRUTINY_MEMBER}
AUDITORS = {Role.AUDITOR}
READERS = {Role.AUDITOR, Role.ADMINISTRATOR}
PROGRAMME_EDITORS = {Role.AUDITOR, Role.ADMINISTRATOR}
PROGRAMME_READERS = {Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP}
COMPLIANCE = {Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER}
AGREEMENT = {Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP}


def build(users: dict, objects: dict) -> dict:
    from .factories import (
        AuditFactory,
        AuditorFactory,
        LanguageTemplateFactory,
        ModeratedAuditFactory,
        ProgrammeEntryFactory,
        SubmittedAuditFactory,
        TemplateFactory,
    )

    auditor = users[Role.AUDITOR]
    template = TemplateFactory()
    return {
        "audit_template": template,
        "draft_audit": AuditFactory(template=template, auditor=auditor),
        "language_audit": AuditFactory(template=LanguageTemplateFactory(framework=template.framework), auditor=auditor),
        "own_submitted_audit": SubmittedAuditFactory(template=template, auditor=auditor),
        "others_submitted_audit": SubmittedAuditFactory(template=template, auditor=AuditorFactory()),
        "moderated_audit": ModeratedAuditFactory(template=template, auditor=auditor),
        "programme_entry": ProgrammeEntryFactory(template=template, auditor=auditor),
    }


def _url(name, key=None):
    return lambda o: reverse(f"audits:{name}", args=[o[key].pk] if key else [])


def _language(o):
    return {"label": "Conference minutes", "text": "The worker said he was aggressive."}


ROWS = [
    Row("audits:home", _url("home"), get=READERS),
    Row("audits:audit_list", _url("audit_list"), get=READERS),
    Row(
        "audits:audit_list",
        lambda o: reverse("audits:audit_list") + "?state=moderated&unit=not-a-unit",
        get=READERS,
        ok_get=(400,),
        label="audit list with a bad filter",
    ),
    Row("audits:audit_start", _url("audit_start"), get=AUDITORS, post=AUDITORS),
    Row("audits:audit_detail", _url("audit_detail", "moderated_audit"), get=READERS),
    # A draft is edited by its auditor only; nobody edits a submitted audit.
    Row("audits:audit_edit", _url("audit_edit", "draft_audit"), get=AUDITORS, post=AUDITORS),
    Row(
        "audits:audit_edit",
        _url("audit_edit", "own_submitted_audit"),
        get=set(),
        post=set(),
        label="edit a submitted audit",
    ),
    # Moderation is by a second auditor: never the one who did it, never an administrator who is not an auditor.
    Row("audits:audit_moderate", _url("audit_moderate", "others_submitted_audit"), get=AUDITORS, post=AUDITORS),
    Row(
        "audits:audit_moderate",
        _url("audit_moderate", "own_submitted_audit"),
        get=set(),
        post=set(),
        label="moderate your own audit",
    ),
    # An action arising records a plan action and changes no rating: the auditor, the moderator or an administrator.
    Row("audits:action_arising", _url("action_arising", "moderated_audit"), get=READERS, post=READERS),
    Row(
        "audits:language_sample",
        _url("language_sample", "language_audit"),
        get=AUDITORS,
        post=AUDITORS,
        post_data=_language,
    ),
    Row(
        "audits:language_sample",
        _url("language_sample", "draft_audit"),
        get=set(),
        post=set(),
        label="language sample on an audit of another type",
    ),
    Row("audits:programme", _url("programme"), get=PROGRAMME_READERS),
    Row("audits:programme_add", _url("programme_add"), get=PROGRAMME_EDITORS, post=PROGRAMME_EDITORS),
    Row(
        "audits:programme_edit",
        _url("programme_edit", "programme_entry"),
        get=PROGRAMME_EDITORS,
        post=PROGRAMME_EDITORS,
    ),
    Row("audits:compliance", _url("compliance"), get=COMPLIANCE),
    Row(
        "audits:compliance",
        lambda o: reverse("audits:compliance") + "?unit=x&year=notayear",
        get=COMPLIANCE,
        ok_get=(400,),
        label="compliance with a bad filter",
    ),
    Row("audits:agreement", _url("agreement"), get=AGREEMENT),
    Row("audits:language_trend", _url("language_trend"), get=COMPLIANCE),
    Row(
        "audits:language_check",
        _url("language_check"),
        get=EVERY_STAFF_ROLE,
        post=EVERY_STAFF_ROLE,
        post_data=lambda o: {"text": "Dad was aggressive."},
    ),
    Row("audits:glossary", _url("glossary"), get=EVERY_STAFF_ROLE),
    Row("audits:standards", _url("standards"), get=EVERY_STAFF_ROLE),
    Row(
        "audits:framework_detail",
        lambda o: reverse("audits:framework_detail", args=[o["audit_template"].framework_id]),
        get=EVERY_STAFF_ROLE,
    ),
]
