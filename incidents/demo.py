"""Demo incidents: invented and marked as fictional, across kinds, services and statuses, made through the services.

More reports in the first months than in the last (the shape the standards expect once people trust the
process), three recent reports naming the same partner agency (so the alert shows), new reports waiting to be
assigned, some due soon or overdue for demo-handler, a complaint at stage 2, and demo-staff's own reports.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from organisation.models import Unit, User
from shared import workdays

from . import services
from .models import (
    Category,
    ChecklistItem,
    Incident,
    Kind,
    KindSetting,
    Mode,
    Outcome,
    PartnerAgency,
    Review,
    Satisfaction,
    StatusChange,
    Step,
)
from .services.handling import handles_service

MARK = "[Fictional demo example]"

CATEGORIES = [
    ("racist-abuse", "Racist abuse"),
    ("microaggression", "Microaggression"),
    ("discrimination", "Discrimination"),
    ("harassment", "Harassment"),
    ("exclusionary-behaviour", "Exclusionary behaviour"),
    ("institutional-practice", "Institutional practice"),
]
PARTNERS = [
    "Police",
    "Health services (NHS)",
    "Schools and education settings",
    "Housing providers",
    "Voluntary and community organisations",
    "Another local authority",
    "Fostering and residential care providers",
    "Courts and legal services",
    "Another partner agency",
]
KIND_DEFAULTS = {
    "disclosure": (20, 6),
    "towards_staff": (20, 6),
    "partner": (20, 3),
    "colleagues": (20, 6),
    "complaint": (None, 6),
}

TEXT = {
    Kind.DISCLOSURE: (
        "A young person told their social worker that other pupils at their school repeatedly made comments about "
        "their hair and skin colour, and that staff laughed along.",
        "They keep saying I do not belong here. When I told a teacher she said it was banter.",
    ),
    Kind.TOWARDS_STAFF: (
        "During a home visit a parent used a racist slur towards the family support worker and refused to let them "
        "in, asking for 'someone English'.",
        "",
    ),
    Kind.PARTNER: (
        "In a multi-agency meeting a professional from a partner agency described the family's parenting as "
        "'typical of their culture' and dismissed the mother's account.",
        "",
    ),
    Kind.COLLEAGUES: (
        "A colleague is repeatedly left out of team emails and meetings, and comments have been made about their "
        "accent in front of others.",
        "",
    ),
    Kind.COMPLAINT: (
        "A parent complained that their child's case was escalated faster than a white family's in similar "
        "circumstances, and that their concerns about racism were not recorded.",
        "",
    ),
}

# months ago, kind, service, categories, partner, mode, where it ends up, reporter, handler, outcome, satisfaction
SCENARIOS = [
    (
        16,
        Kind.DISCLOSURE,
        "Safeguarding and Learning",
        ["racist-abuse", "harassment"],
        None,
        Mode.NAMED,
        "closed",
        "demo-staff",
        "demo-handler",
        Outcome.UPHELD,
        Satisfaction.SATISFIED,
    ),
    (
        16,
        Kind.TOWARDS_STAFF,
        "Family Intervention and Support Services",
        ["racist-abuse"],
        None,
        Mode.NAMED,
        "closed",
        "demo-lead",
        "demo-handler",
        Outcome.UPHELD,
        Satisfaction.SATISFIED,
    ),
    (
        15,
        Kind.PARTNER,
        "Safeguarding and Reviewing",
        ["microaggression"],
        "Police",
        Mode.CONFIDENTIAL,
        "closed",
        "demo-owner",
        "demo-safeguarding",
        Outcome.RAISED_WITH_PARTNER,
        Satisfaction.PARTLY,
    ),
    (
        15,
        Kind.COLLEAGUES,
        "Business Support",
        ["exclusionary-behaviour", "microaggression"],
        None,
        Mode.ANONYMOUS,
        "closed",
        None,
        "demo-handler",
        Outcome.RESOLVED_RESTORATIVELY,
        Satisfaction.NOT_REACHED,
    ),
    (
        14,
        Kind.COMPLAINT,
        "Hackney Education",
        ["discrimination", "institutional-practice"],
        None,
        Mode.NAMED,
        "closed",
        "demo-analyst",
        "demo-safeguarding",
        Outcome.PARTLY_UPHELD,
        Satisfaction.NOT_SATISFIED,
    ),
    (
        14,
        Kind.DISCLOSURE,
        "Corporate Parenting",
        ["racist-abuse"],
        "Fostering and residential care providers",
        Mode.NAMED,
        "closed",
        "demo-auditor",
        "demo-handler",
        Outcome.UPHELD,
        Satisfaction.SATISFIED,
    ),
    (
        13,
        Kind.TOWARDS_STAFF,
        "Adult Social Care",
        ["racist-abuse", "harassment"],
        None,
        Mode.CONFIDENTIAL,
        "closed",
        "demo-admin",
        "demo-safeguarding",
        Outcome.UPHELD,
        Satisfaction.SATISFIED,
    ),
    (
        13,
        Kind.PARTNER,
        "Clinical Services",
        ["microaggression", "discrimination"],
        "Health services (NHS)",
        Mode.NAMED,
        "closed",
        "demo-lead",
        "demo-handler",
        Outcome.RAISED_WITH_PARTNER,
        Satisfaction.SATISFIED,
    ),
    (
        12,
        Kind.COMPLAINT,
        "Safeguarding and Learning",
        ["discrimination"],
        None,
        Mode.NAMED,
        "closed",
        "demo-staff",
        "demo-handler",
        Outcome.NOT_UPHELD,
        Satisfaction.NOT_SATISFIED,
    ),
    (
        12,
        Kind.COLLEAGUES,
        "Youth Offending Team",
        ["microaggression"],
        None,
        Mode.ANONYMOUS,
        "closed",
        None,
        "demo-handler",
        Outcome.NO_FURTHER_ACTION,
        Satisfaction.NOT_REACHED,
    ),
    (
        11,
        Kind.DISCLOSURE,
        "Early Help and Prevention",
        ["harassment"],
        "Schools and education settings",
        Mode.NAMED,
        "closed",
        "demo-owner",
        "demo-handler",
        Outcome.UPHELD,
        Satisfaction.PARTLY,
    ),
    (
        11,
        Kind.TOWARDS_STAFF,
        "Family Intervention and Support Services",
        ["racist-abuse"],
        None,
        Mode.ANONYMOUS,
        "closed",
        None,
        "demo-handler",
        Outcome.UPHELD,
        Satisfaction.NOT_REACHED,
    ),
    (
        10,
        Kind.PARTNER,
        "Safeguarding and Reviewing",
        ["microaggression"],
        "Housing providers",
        Mode.NAMED,
        "closed",
        "demo-staff",
        "demo-safeguarding",
        Outcome.RAISED_WITH_PARTNER,
        Satisfaction.SATISFIED,
    ),
    (
        9,
        Kind.COMPLAINT,
        "Corporate Parenting",
        ["institutional-practice"],
        None,
        Mode.NAMED,
        "stage2",
        "demo-lead",
        "demo-handler",
        Outcome.NOT_UPHELD,
        Satisfaction.NOT_SATISFIED,
    ),
    (
        8,
        Kind.COLLEAGUES,
        "Integrated Commissioning",
        ["exclusionary-behaviour"],
        None,
        Mode.CONFIDENTIAL,
        "investigating",
        "demo-analyst",
        "demo-safeguarding",
        None,
        None,
    ),
    (
        7,
        Kind.DISCLOSURE,
        "Safeguarding and Learning",
        ["racist-abuse", "discrimination"],
        None,
        Mode.NAMED,
        "outcome",
        "demo-staff",
        "demo-handler",
        Outcome.UPHELD,
        None,
    ),
    (
        5,
        Kind.TOWARDS_STAFF,
        "Hackney Education",
        ["racist-abuse"],
        None,
        Mode.NAMED,
        "closed",
        "demo-auditor",
        "demo-safeguarding",
        Outcome.UPHELD,
        Satisfaction.SATISFIED,
    ),
    (
        2,
        Kind.PARTNER,
        "Clinical Services",
        ["microaggression"],
        "Health services (NHS)",
        Mode.NAMED,
        "investigating",
        "demo-lead",
        "demo-handler",
        None,
        None,
    ),
    (
        1,
        Kind.PARTNER,
        "Family Intervention and Support Services",
        ["discrimination"],
        "Health services (NHS)",
        Mode.CONFIDENTIAL,
        "acknowledged",
        "demo-staff",
        "demo-handler",
        None,
        None,
    ),
    (
        1,
        Kind.PARTNER,
        "Adult Social Care",
        ["microaggression", "exclusionary-behaviour"],
        "Health services (NHS)",
        Mode.ANONYMOUS,
        "restorative",
        None,
        "demo-safeguarding",
        None,
        None,
    ),
    (
        0,
        Kind.COMPLAINT,
        "Safeguarding and Learning",
        ["discrimination"],
        None,
        Mode.NAMED,
        "assigned",
        "demo-owner",
        "demo-handler",
        None,
        None,
    ),
    (
        0,
        Kind.DISCLOSURE,
        "Youth Offending Team",
        ["racist-abuse"],
        None,
        Mode.CONFIDENTIAL,
        "assigned",
        "demo-staff",
        "demo-handler",
        None,
        None,
    ),
    (
        0,
        Kind.TOWARDS_STAFF,
        "Business Support",
        ["racist-abuse", "harassment"],
        None,
        Mode.ANONYMOUS,
        "new",
        None,
        None,
        None,
        None,
    ),
    (
        0,
        Kind.COLLEAGUES,
        "Adult Social Care",
        ["microaggression"],
        None,
        Mode.NAMED,
        "new",
        "demo-analyst",
        None,
        None,
        None,
    ),
]


# The rest of the log: closed reports a month at a time, rising as people trust the process, then falling.
BACKGROUND_PER_MONTH = {16: 2, 15: 3, 14: 5, 13: 6, 12: 7, 11: 7, 10: 6, 9: 6, 8: 5, 7: 4, 6: 4, 5: 3, 4: 3, 3: 2}
BACKGROUND_KINDS = [
    Kind.TOWARDS_STAFF,
    Kind.DISCLOSURE,
    Kind.COLLEAGUES,
    Kind.PARTNER,
    Kind.COMPLAINT,
    Kind.TOWARDS_STAFF,
]
BACKGROUND_SERVICES = [
    "Safeguarding and Learning",
    "Family Intervention and Support Services",
    "Corporate Parenting",
    "Hackney Education",
    "Adult Social Care",
    "Youth Offending Team",
    "Safeguarding and Reviewing",
]
BACKGROUND_CATEGORIES = [
    ["racist-abuse"],
    ["microaggression"],
    ["discrimination", "institutional-practice"],
    ["harassment"],
    ["exclusionary-behaviour", "microaggression"],
]
BACKGROUND_PARTNERS = ["Police", "Schools and education settings", "Housing providers", "Health services (NHS)"]
BACKGROUND_OUTCOMES = [
    Outcome.UPHELD,
    Outcome.PARTLY_UPHELD,
    Outcome.UPHELD,
    Outcome.NOT_UPHELD,
    Outcome.RESOLVED_RESTORATIVELY,
]
BACKGROUND_SATISFACTION = [
    Satisfaction.SATISFIED,
    Satisfaction.SATISFIED,
    Satisfaction.PARTLY,
    Satisfaction.NOT_SATISFIED,
    Satisfaction.SATISFIED,
    Satisfaction.DECLINED,
]
BACKGROUND_REPORTERS = ["demo-staff", "demo-lead", "demo-owner", "demo-auditor", "demo-analyst", None]


def background() -> list[tuple]:
    """Scenarios for the rest of the log, in the same shape as SCENARIOS, varied but repeatable."""
    found, n = [], 0
    for months_ago, count in BACKGROUND_PER_MONTH.items():
        for _ in range(count):
            kind = BACKGROUND_KINDS[n % len(BACKGROUND_KINDS)]
            reporter = BACKGROUND_REPORTERS[n % len(BACKGROUND_REPORTERS)]
            found.append(
                (
                    months_ago,
                    kind,
                    BACKGROUND_SERVICES[n % len(BACKGROUND_SERVICES)],
                    BACKGROUND_CATEGORIES[n % len(BACKGROUND_CATEGORIES)],
                    BACKGROUND_PARTNERS[n % len(BACKGROUND_PARTNERS)] if kind == Kind.PARTNER else None,
                    Mode.ANONYMOUS if reporter is None else (Mode.CONFIDENTIAL if n % 4 == 1 else Mode.NAMED),
                    "closed",
                    reporter,
                    "demo-handler" if n % 3 else "demo-safeguarding",
                    BACKGROUND_OUTCOMES[n % len(BACKGROUND_OUTCOMES)],
                    Satisfaction.NOT_REACHED if reporter is None else BACKGROUND_SATISFACTION[n % 6],
                )
            )
            n += 1
    return found


def ensure_reference_data() -> None:
    """The categories, partner agencies and kind settings the migration adds (a flushed test database has none)."""
    for position, (slug, name) in enumerate(CATEGORIES):
        Category.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    for name in PARTNERS:
        PartnerAgency.objects.get_or_create(name=name)
    for kind, (response, retention) in KIND_DEFAULTS.items():
        KindSetting.objects.get_or_create(kind=kind, defaults={"response_days": response, "retention_years": retention})


def _received(months_ago: int, index: int, today: date) -> date:
    cal = workdays.calendar()
    if months_ago == 0:
        return cal.next_working_day(today - timedelta(days=2 + index % 3)) if index % 2 else today
    return cal.next_working_day(today - timedelta(days=30 * months_ago + 3 * (index % 5)))


def _complete_checklist(incident: Incident, by, on: date, satisfaction: str | None) -> None:
    for item in incident.checklist.filter(state=ChecklistItem.State.TO_DO):
        if item.step == Step.SATISFACTION:
            services.checklist_record(
                item=item,
                by=by,
                state="done",
                done_on=on,
                note="Asked at the closing call.",
                satisfaction=satisfaction or Satisfaction.DECLINED,
            )
        elif item.step == Step.LADO:
            services.checklist_record(
                item=item,
                by=by,
                state="done",
                done_on=on,
                lado_referred=False,
                note="Considered with the team manager: not about someone who works with children.",
            )
        elif item.step == Step.PARTNER_ESCALATION:
            services.checklist_record(
                item=item,
                by=by,
                state="done",
                done_on=on,
                note="Raised with the agency's safeguarding lead under the protocol.",
            )
        elif item.step == Step.REVIEW_POINTS:
            services.checklist_record(
                item=item,
                by=by,
                state="done",
                done_on=on,
                review_on=on + timedelta(days=90),
                note="Review at the next supervision.",
            )
        elif item.step == Step.SERVICE_USER_CONTACT and incident.kind == Kind.COMPLAINT:
            services.checklist_record(
                item=item, by=by, state="not_applicable", note="The complainant asked for contact in writing only."
            )
        else:
            services.checklist_record(item=item, by=by, state="done", done_on=on, note="Done (demo).")


def _build(index: int, scenario, users: dict, services_by_name: dict, partners: dict, today: date) -> Incident:
    (months_ago, kind, service, categories, partner, mode, end, reporter, handler, outcome, satisfaction) = scenario
    received = _received(months_ago, index, today)
    what, statement = TEXT[kind]
    details = {
        "kind": kind,
        "occurred_on": received - timedelta(days=index % 3),
        "location": ["Home visit", "Team office", "Multi-agency meeting (online)", "School", "Contact centre"][
            index % 5
        ],
        "service": services_by_name[service],
        "categories": list(Category.objects.filter(slug__in=categories)),
        "affected": ["child"] if kind == Kind.DISCLOSURE else ["reporter"],
        "affected_names": "",
        "partner_agency": partners.get(partner),
        "what_happened": f"{MARK} {what}",
        "statement": f"{MARK} {statement}" if statement else "",
        "statement_copy_given": True if kind == Kind.DISCLOSURE else None,
        "restorative_requested": end == "restorative",
        "today": received,
    }
    if mode == Mode.ANONYMOUS:
        incident = services.incident_report_anonymously(**details).incident
    else:
        incident = services.incident_report(by=users[reporter], mode=mode, **details).incident
    if end == "new":
        return incident
    lead, person = users["demo-safeguarding"], users[handler]
    if not handles_service(person, incident.service):
        person = lead  # demo-handler works in Children and Families; the safeguarding lead takes the rest
    services.incident_assign(incident=incident, by=lead, handler=person, reason="Triage (demo).")
    if end == "assigned":
        return incident
    cal = workdays.calendar()
    # Most on time; some late, so the summaries have something to say about timeliness.
    acknowledged = min(cal.add_working_days(received, 5 if index % 7 == 3 else 1), today)
    services.incident_acknowledge(
        incident=incident,
        by=person,
        acknowledged_on=acknowledged,
        note="Called the person to acknowledge and validate their experience.",
    )
    if end == "acknowledged":
        return incident
    if end == "restorative":
        services.incident_start_restorative(incident=incident, by=person, reason="The reporter asked for it first.")
        return incident
    services.incident_start_investigation(incident=incident, by=person, reason="Investigation under the procedure.")
    if end == "investigating":
        return incident
    decided = min(cal.add_working_days(received, 24 if index % 5 == 2 else 8), today)
    services.incident_record_outcome(
        incident=incident,
        by=person,
        outcome=outcome,
        decided_on=decided,
        summary=f"{MARK} Findings shared; learning taken to the team meeting.",
    )
    if end == "outcome":
        return incident
    closed = min(cal.add_working_days(decided, 4), today)
    _complete_checklist(incident, person, closed, satisfaction)
    services.incident_close(incident=incident, by=person, closed_on=closed)
    if end == "stage2":
        services.incident_escalate(
            incident=incident,
            by=person,
            requested_on=min(closed + timedelta(days=7), today),
            reason="The complainant was not satisfied with the stage 1 response.",
        )
    return incident


def _date_status_changes(incident: Incident) -> None:
    """Spread the demo's status changes over the days they stand for (services stamp them with now)."""
    start = timezone.make_aware(datetime.combine(incident.received_on, time.min))
    for n, change in enumerate(incident.status_changes.order_by("pk")):
        StatusChange.objects.filter(pk=change.pk).update(at=start + timedelta(days=2 * n, hours=10))


@transaction.atomic
def load(*, volume: bool = True) -> list[str]:
    """The demo incidents; `volume=False` loads only the hand-written cases (quicker, for tests)."""
    ensure_reference_data()
    if Incident.objects.filter(what_happened__startswith=MARK).exists():
        return ["Incidents: demo incidents already loaded."]
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    if "demo-safeguarding" not in users:
        return ["Incidents: no demo users, so no demo incidents."]
    services_by_name = {unit.name: unit for unit in Unit.objects.all()}
    partners = {p.name: p for p in PartnerAgency.objects.all()}
    today = timezone.localdate()
    built = []
    for index, scenario in enumerate([*SCENARIOS, *(background() if volume else [])]):
        incident = _build(index, scenario, users, services_by_name, partners, today)
        _date_status_changes(incident)
        built.append(incident)
    from . import selectors

    period_start, period_end, _ = selectors.quarters_back(today, 2)[0]  # the last full quarter
    review = services.review_start(by=users["demo-slt"], period_start=period_start, period_end=period_end)
    review = Review.objects.get(pk=review.pk)
    services.review_save(
        review=review,
        by=users["demo-slt"],
        reviewed_on=today,
        reviewers=[users["demo-slt"]],
        themes=f"{MARK} Several reports about comments in multi-agency meetings; raise with the health partners.",
    )
    return [f"Incidents: {len(built)} fictional incidents and a leadership review in progress."]
