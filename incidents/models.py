"""The racism incident log: reports, their handling (checklist, deadlines, messages), who read them, and reviews.

What each record may hold is set by docs/data-protection.md: an anonymous report holds no link to its reporter
anywhere (not even in history, see `Incident.history`), free text is removed when the retention period ends
(incidents.retention), and nothing here is shown outside incidents except as suppressed counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from organisation.models import Unit


class Kind(models.TextChoices):
    """What happened, in the words of the Practice Standards (standards 17-31, 36, 40)."""

    DISCLOSURE = "disclosure", "A child, family or service user tells us they experienced racism"
    TOWARDS_STAFF = "towards_staff", "Racism from a service user or family towards a member of staff"
    PARTNER = "partner", "Racism or microaggressions from a partner agency or professional"
    COLLEAGUES = "colleagues", "Racism between colleagues"
    COMPLAINT = "complaint", "A complaint about our service that involves racism or discrimination"


KIND_SHORT = {
    Kind.DISCLOSURE: "Disclosure by a child, family or service user",
    Kind.TOWARDS_STAFF: "Towards staff",
    Kind.PARTNER: "Partner agency or professional",
    Kind.COLLEAGUES: "Between colleagues",
    Kind.COMPLAINT: "Complaint about our service",
}


class Mode(models.TextChoices):
    """How the reporter chose to be known."""

    NAMED = "named", "Named"
    CONFIDENTIAL = "confidential", "Confidential"
    ANONYMOUS = "anonymous", "Anonymous"


class Affected(models.TextChoices):
    """Who was affected, by role: names are optional and kept apart (Incident.affected_names)."""

    CHILD = "child", "A child or young person"
    FAMILY = "family", "A parent, carer or family member"
    SERVICE_USER = "service_user", "An adult who uses our services"
    REPORTER = "reporter", "Me"
    COLLEAGUE = "colleague", "A colleague or colleagues"
    OTHER = "other", "Someone else"


class Status(models.TextChoices):
    """Where an incident is; the moves between them are listed once, in incidents.services.TRANSITIONS."""

    NEW = "new", "New: waiting to be assigned"
    ASSIGNED = "assigned", "Assigned to a handler"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESTORATIVE = "restorative", "Restorative route"
    INVESTIGATING = "investigating", "Under investigation"
    OUTCOME = "outcome", "Outcome recorded"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = frozenset(set(Status) - {Status.CLOSED})


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    RESOLVED_RESTORATIVELY = "restorative", "Resolved through the restorative route"
    RAISED_WITH_PARTNER = "raised_with_partner", "Raised with the partner agency"
    NO_FURTHER_ACTION = "no_further_action", "No further action (withdrawn, or not enough to go on)"


class Satisfaction(models.TextChoices):
    """Whether the person affected was satisfied with the outcome (standard 27; a measure councils asked for)."""

    SATISFIED = "satisfied", "Satisfied"
    PARTLY = "partly", "Partly satisfied"
    NOT_SATISFIED = "not_satisfied", "Not satisfied"
    DECLINED = "declined", "Did not want to say"
    NOT_REACHED = "not_reached", "Could not be asked"


ASKED_SATISFACTION = (Satisfaction.SATISFIED, Satisfaction.PARTLY, Satisfaction.NOT_SATISFIED)


class Category(models.Model):
    """What kind of racism (several may apply): racist abuse, microaggression, discrimination, ..."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class PartnerAgency(models.Model):
    """An agency the council works with, as reports name it (the list people choose from)."""

    name = models.CharField(max_length=200, unique=True)
    active = models.BooleanField(default=True, help_text="Offered in the report form.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "partner agencies"

    def __str__(self) -> str:
        return self.name


class KindSetting(models.Model):
    """Deadlines (in working days) and retention for one kind of incident, as the council sets them."""

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    acknowledge_days = models.PositiveSmallIntegerField(
        default=3, help_text="Working days from receipt to acknowledging the report."
    )
    response_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Working days from receipt to an outcome (not for complaints, which have stages). Empty: none.",
    )
    stage1_days = models.PositiveSmallIntegerField(default=10, help_text="Complaints: stage 1 response, working days.")
    stage1_max_days = models.PositiveSmallIntegerField(
        default=20, help_text="Complaints: stage 1 extended, at most (working days)."
    )
    stage2_days = models.PositiveSmallIntegerField(default=25, help_text="Complaints: stage 2, working days.")
    stage2_max_days = models.PositiveSmallIntegerField(
        default=65, help_text="Complaints: stage 2 extended, at most (working days)."
    )
    stage3_days = models.PositiveSmallIntegerField(
        default=30, help_text="Complaints: working days from the request to the stage 3 review panel."
    )
    retention_years = models.PositiveSmallIntegerField(
        default=6, help_text="Years after closing before the incident is anonymised."
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage1_max_days__gte=models.F("stage1_days"))
                & Q(stage2_max_days__gte=models.F("stage2_days")),
                name="kind_setting_extension_not_shorter",
                violation_error_message="An extended deadline cannot be shorter than the deadline.",
            ),
            models.CheckConstraint(
                condition=Q(acknowledge_days__gte=1) & Q(retention_years__gte=1),
                name="kind_setting_positive",
                violation_error_message="Acknowledgement and retention must be at least 1.",
            ),
        ]

    def __str__(self) -> str:
        return KIND_SHORT.get(self.kind, self.kind)


class Incident(models.Model):
    """One report of racism and how it was handled."""

    reference = models.CharField(max_length=20, unique=True, help_text="Given to the reporter, e.g. INC-7K4P-9QXM.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    mode = models.CharField("how it was reported", max_length=20, choices=Mode.choices)
    # Named and confidential reports only: a database rule keeps it empty for anonymous ones.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="incident_reports"
    )
    # Anonymous reports only: "sha256$salt$digest" of the secret key shown once (incidents.keys).
    reporter_key_hash = models.CharField(max_length=200, blank=True)
    occurred_on = models.DateField("when it happened")
    location = models.CharField("where it happened", max_length=200, blank=True)
    service = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="incidents")
    categories = models.ManyToManyField(Category, related_name="incidents")
    affected = models.JSONField("who was affected", default=list, blank=True, help_text="Affected values.")
    affected_names = models.TextField("names of people affected", blank=True)
    partner_agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    what_happened = models.TextField()
    statement = models.TextField("verbatim statement", blank=True)
    statement_copy_given = models.BooleanField("the person was given a copy of the statement", null=True, blank=True)
    restorative_requested = models.BooleanField("a restorative route was asked for first", default=False)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents_handled"
    )
    received_on = models.DateField(help_text="The day the council received the report: deadlines count from it.")
    acknowledged_on = models.DateField(null=True, blank=True)
    stage = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Complaints: stage 1, 2 or 3.")
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_summary = models.TextField(blank=True)
    outcome_recorded_on = models.DateField(null=True, blank=True)
    outcome_shared_on = models.DateField(null=True, blank=True)
    satisfaction = models.CharField(max_length=20, choices=Satisfaction.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    anonymised_on = models.DateField(
        null=True, blank=True, help_text="When free text, names, messages and the reporter link were removed."
    )
    # For anonymous reports, the start of the day: a time to the second could be set against other records.
    created_at = models.DateTimeField(default=timezone.now)

    # Nothing about the reporter is kept in history: the reporter link is excluded, and every service that saves
    # a report sets the history user itself (None for the report; incidents.anonymity keeps the request's user out).
    history = HistoricalRecords(m2m_fields=[categories], excluded_fields=["reporter", "reporter_key_hash"])

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "received_on"]),
            models.Index(fields=["service", "status"]),
            models.Index(fields=["kind", "received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mode=Mode.ANONYMOUS) | Q(reporter__isnull=True),
                name="incident_anonymous_has_no_reporter",
                violation_error_message="An anonymous report cannot name its reporter.",
            ),
            models.CheckConstraint(
                condition=Q(mode=Mode.ANONYMOUS) | Q(reporter_key_hash=""),
                name="incident_key_only_when_anonymous",
                violation_error_message="Only anonymous reports have a secret key.",
            ),
            models.CheckConstraint(
                condition=Q(stage__isnull=True) | (Q(kind=Kind.COMPLAINT) & Q(stage__gte=1) & Q(stage__lte=3)),
                name="incident_stage_for_complaints",
                violation_error_message="Only complaints have a stage, and it is 1, 2 or 3.",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | Q(closed_on__isnull=False),
                name="incident_closed_has_date",
                violation_error_message="A closed incident needs the day it was closed.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.PARTNER) | Q(partner_agency__isnull=False),
                name="incident_partner_named",
                violation_error_message="Choose the partner agency.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def kind_short(self) -> str:
        return KIND_SHORT.get(self.kind, self.get_kind_display())

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_anonymous(self) -> bool:
        return self.mode == Mode.ANONYMOUS

    def affected_labels(self) -> list[str]:
        labels = dict(Affected.choices)
        return [str(labels.get(value, value)) for value in self.affected]


class Deadline(models.Model):
    """A working-day deadline of one incident: acknowledging it, an outcome, or a complaint's stage."""

    class Step(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", "Acknowledge the report"
        RESPONSE = "response", "Reach an outcome"
        STAGE_1 = "stage_1", "Stage 1 response"
        STAGE_2 = "stage_2", "Stage 2 investigation"
        STAGE_3 = "stage_3", "Stage 3 review panel"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="deadlines")
    step = models.CharField(max_length=20, choices=Step.choices)
    started_on = models.DateField(help_text="Day 0: working days count from the day after.")
    working_days = models.PositiveSmallIntegerField(help_text="How many working days it allows now.")
    due_on = models.DateField()
    latest_due_on = models.DateField(help_text="The furthest it may be extended to.")
    extension_reason = models.TextField(blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extended_on = models.DateField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True, help_text="When it was done.")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["met_on", "due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["incident", "step"], name="deadline_once_per_step"),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("started_on")) & Q(latest_due_on__gte=models.F("due_on")),
                name="deadline_dates_in_order",
                violation_error_message="A deadline falls after it starts and no later than its furthest extension.",
            ),
            models.CheckConstraint(
                condition=Q(extended_on__isnull=True) | ~Q(extension_reason=""),
                name="deadline_extension_has_reason",
                violation_error_message="An extension needs its reason recorded.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} by {self.due_on:%d/%m/%Y}"

    @property
    def can_extend(self) -> bool:
        return self.met_on is None and self.latest_due_on > self.due_on

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due_on


class Step(models.TextChoices):
    """The checklist steps the standards set, each with the standard it comes from (incidents.checklists)."""

    ACKNOWLEDGE = "acknowledge", "Acknowledge the report and validate the person's experience"
    STATEMENT = "statement", "Verbatim statement recorded and a copy given to the person"
    SAFETY_PLAN = "safety_plan", "Immediate safety plan and advocacy for the child"
    STAFF_SUPPORT = "staff_support", "Support offered to the member of staff"
    INVESTIGATION = "investigation", "Investigation under the complaints procedure"
    LADO = "lado", "LADO referral considered"
    PARTNER_ESCALATION = "partner_escalation", "Escalated to the partner agency (CHSCP escalation protocol)"
    SERVICE_USER_CONTACT = "service_user_contact", "Contact with the service user after the investigation"
    CASE_AUDIT = "case_audit", "Case audit arranged for learning"
    OUTCOME_SHARED = "outcome_shared", "Outcome shared with the person affected"
    SATISFACTION = "satisfaction", "Their satisfaction with the outcome recorded"
    REVIEW_POINTS = "review_points", "Monitoring and review dates planned"


class ChecklistItem(models.Model):
    """One step of an incident's checklist: done (when, with what), or not applicable (why)."""

    class State(models.TextChoices):
        TO_DO = "to_do", "To do"
        DONE = "done", "Done"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="checklist")
    step = models.CharField(max_length=30, choices=Step.choices)
    position = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.TO_DO)
    done_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="What was done, or why it does not apply.")
    lado_referred = models.BooleanField("referred to the LADO", null=True, blank=True)
    partner_agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations"
    )
    review_on = models.DateField("next review date", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "step"], name="checklist_step_once"),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(done_on__isnull=False),
                name="checklist_done_has_date",
                violation_error_message="A step that is done needs the date it was done.",
            ),
            models.CheckConstraint(
                condition=~Q(state="not_applicable") | ~Q(note=""),
                name="checklist_not_applicable_has_reason",
                violation_error_message="Say why the step does not apply.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.get_state_display().lower()}"

    @property
    def resolved(self) -> bool:
        return self.state != self.State.TO_DO


class StatusChange(models.Model):
    """One move between statuses: which transition, who made it, when, and why."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="status_changes")
    transition = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.from_status} -> {self.to_status}"


class Message(models.Model):
    """A message between the handler and the reporter; the reporter's carry no author, whoever they are."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_reporter=False) | Q(author__isnull=True),
                name="message_from_reporter_has_no_author",
                violation_error_message="A reporter's message is stored without an author.",
            )
        ]

    def __str__(self) -> str:
        return f"message on {self.incident_id}"


class AccessGrant(models.Model):
    """An administrator allowed to read one incident's details until a date, by the data protection officer."""

    administrator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="grants")
    reason = models.TextField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(help_text="The last day it may be used.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["administrator", "incident"])]

    def __str__(self) -> str:
        return f"grant {self.pk} on {self.incident_id}"

    def is_active(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and self.expires_on >= today


class IncidentAccess(models.Model):
    """The access log: who read or exported which incident's details, when, and how."""

    class What(models.TextChoices):
        VIEWED_CASE = "viewed_case", "Viewed the case"
        VIEWED_UNDER_GRANT = "viewed_under_grant", "Viewed the case under an administrator grant"
        REPORTER_VIEWED = "reporter_viewed", "The reporter viewed their report"
        REPORTER_KEY = "reporter_key", "The anonymous reporter opened it with the reference and key"
        CHANGED = "changed", "Changed the case"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="accesses")
    reference = models.CharField(max_length=20, help_text="The incident's reference, kept with the entry.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    who = models.CharField(max_length=200, help_text="The person as named when it happened.")
    what = models.CharField(max_length=30, choices=What.choices)
    detail = models.CharField(max_length=200, blank=True, help_text="Which page or export; never incident content.")
    grant = models.ForeignKey(AccessGrant, null=True, blank=True, on_delete=models.SET_NULL, related_name="uses")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "incident access log entries"

    def __str__(self) -> str:
        return f"{self.who} {self.what} {self.reference}"


class KeyCheckFailure(models.Model):
    """A wrong reference or key typed on the status-check page, to throttle guessing.

    Keyed on a digest of the reference typed (the thing being guessed at), never on who typed it: no address,
    no session, no account.
    """

    reference_digest = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"failed check {self.created_at:%Y-%m-%d %H:%M}"


class Review(models.Model):
    """Senior leadership's periodic review of the log: the period's summary, who reviewed it, themes, actions."""

    class State(models.TextChoices):
        DRAFT = "draft", "In progress"
        COMPLETED = "completed", "Completed"

    period_start = models.DateField()
    period_end = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    themes = models.TextField("themes noted", blank=True)
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="incident_reviews")
    reviewed_on = models.DateField("date of the review meeting", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # The summary as it was reviewed (suppressed figures as shown), frozen when the review is completed.
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[reviewers])

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="review_period_in_order",
                violation_error_message="The period must end on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | (Q(completed_at__isnull=False) & Q(reviewed_on__isnull=False)),
                name="review_completed_has_date",
                violation_error_message="A completed review needs the date it was held.",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.period_start:%d/%m/%Y} to {self.period_end:%d/%m/%Y}"

    @property
    def completed(self) -> bool:
        return self.state == self.State.COMPLETED


class ReviewAction(models.Model):
    """A plan action a review created or linked. Only its id and what it said then: plans keep the action."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="plan_actions")
    action_id = models.PositiveBigIntegerField(help_text="The plans action's id (plans never reads incidents).")
    plan_title = models.CharField(max_length=200)
    reference = models.CharField(max_length=120)
    title = models.TextField()
    created_here = models.BooleanField(help_text="True when the review created it; False when it linked one.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "action_id"], name="review_action_once")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title[:40]}"
