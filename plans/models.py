"""Action plans: Plan -> Goal -> Action (sub-actions to any depth), progress, review comments, measures."""

import logging
from datetime import date

from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from organisation.models import Lead, Unit

from .choices import Rag, Status

logger = logging.getLogger(__name__)


class Theme(models.Model):
    """A theme an action serves ("Zero tolerance to racism", "Data and transparency")."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Pillar(models.Model):
    """One of the council's corporate pillars ("Institutional change", "Accountability", ...)."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    class ReviewRhythm(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Every six months"
        ANNUALLY = "annually", "Annually"

    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    period_start = models.DateField(null=True, blank=True, help_text="First day the plan covers.")
    period_end = models.DateField(null=True, blank=True, help_text="Last day the plan covers.")
    owning_units = models.ManyToManyField(Unit, blank=True, related_name="plans", help_text="Several for a joint plan.")
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="owned_plans", help_text="Plan owners who edit this plan."
    )
    governance_body = models.ForeignKey(
        Lead,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governed_plans",
        help_text="The board or group the plan reports to, e.g. DMT or SLT.",
    )
    review_rhythm = models.CharField(max_length=20, choices=ReviewRhythm.choices, default=ReviewRhythm.QUARTERLY)
    update_window_days = models.PositiveIntegerField(
        "update window (days)",
        default=90, help_text="Days without a progress update before an action shows amber 'update needed'."
    )
    due_soon_days = models.PositiveIntegerField(
        "due-soon window (days)",
        default=30, help_text="Days before the due date at which a not-started action shows amber."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_it_starts",
                violation_error_message="The plan must end on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=Q(update_window_days__gte=1),
                name="plan_update_window_positive",
                violation_error_message="The update window must be at least 1 day.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    number = models.CharField(max_length=20, help_text='As the plan writes it: "1", "5.1".')
    title = models.CharField(max_length=300)
    outcome = models.TextField(blank=True, help_text="The outcome statement: what success looks like.")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="goal_number_unique_in_plan")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Action(models.Model):
    """A headline action, action or sub-action; `parent` gives the depth."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(max_length=40, help_text='As the plan writes it: "1.1", "A", "i".')
    reference = models.CharField(max_length=120, help_text='Full reference, unique in the plan: "1.2.A.iii".')
    position = models.PositiveIntegerField(default=0, help_text="Order among its siblings.")
    depth = models.PositiveSmallIntegerField(default=0, help_text="0 for a headline action.")
    title = models.TextField()
    detail = models.TextField(blank=True)
    measurable = models.TextField(blank=True, help_text="The success measure.")
    timescale_text = models.CharField(max_length=300, blank=True, help_text="The timescale as written.")
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    ongoing = models.BooleanField(default=False)
    timescale_needs_review = models.BooleanField(
        default=False, help_text="The timescale could not be read with confidence: a person must set the dates."
    )
    leads = models.ManyToManyField(Lead, blank=True, related_name="actions")
    service_area = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    themes = models.ManyToManyField(Theme, blank=True, related_name="actions")
    pillars = models.ManyToManyField(Pillar, blank=True, related_name="actions")
    immediate_need = models.BooleanField(default=False, help_text="Identified as an immediate need by staff.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    update_requested = models.BooleanField(
        default=False, help_text="Someone asked for an update ('Update needed.'); cleared by the next update."
    )
    recommendation_for_corporate_action = models.TextField(
        blank=True, help_text="What this service asks the wider council to do."
    )
    cross_references = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="referenced_by")
    last_update_on = models.DateField(null=True, blank=True, help_text="Date of the latest dated progress update.")
    rag_override = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.CharField(max_length=500, blank=True)
    rag_override_expires = models.DateField(
        null=True, blank=True, help_text="The override stops applying after this day."
    )
    rag_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised by every save, to refuse a stale edit.")
    created_on = models.DateField(default=date.today)
    imported = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the last import wrote to each field: a re-import changes only fields nobody changed since.",
    )
    # The colour as last worked out (plans.colours): lists filter and count an indexed column instead of computing
    # every action's colour per request. Derived, so not part of the history; empty `colour_on` means "work it out
    # again", set by every save of this action or one below it.
    colour = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    colour_reason = models.CharField(max_length=60, blank=True)
    colour_counted = models.BooleanField(default=True, help_text="A leaf: counted once in totals.")
    colour_on = models.DateField(null=True, blank=True, help_text="The day the stored colour was worked out for.")
    history = HistoricalRecords(
        m2m_fields=[leads, themes, pillars, cross_references],
        excluded_fields=["colour", "colour_reason", "colour_counted", "colour_on"],
    )

    class Meta:
        ordering = ["plan", "goal__position", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="action_reference_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(rag_override="") | ~Q(rag_override_reason=""),
                name="action_rag_override_has_reason",
                violation_error_message="Say why the colour should differ from the computed one.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="action_due_on_or_after_start",
                violation_error_message="The due date must be on or after the start date.",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "status"]),
            models.Index(fields=["due_date"]),
            models.Index(fields=["last_update_on"]),
            models.Index(fields=["plan", "colour"]),
            models.Index(fields=["colour_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title[:80]}"

    def save(self, *args, **kwargs):
        """Any save can change this action's colour and the roll-ups above it: mark them to be worked out again."""
        self.colour_on = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "colour_on"}
        super().save(*args, **kwargs)
        above = ancestor_references(self.reference)
        if above:
            Action.objects.filter(plan_id=self.plan_id, reference__in=above).update(colour_on=None)
        transaction.on_commit(_refresh_colours)


def _refresh_colours() -> None:
    """After a save commits. The save has happened whatever becomes of this: a failure here must not turn it into
    an error page, and the colours stay marked stale (lists apply the rules in SQL until the frequent schedule
    or the next save works them out)."""
    from .colours import refresh

    try:
        refresh()
    except DatabaseError:
        logger.warning("Could not work out the stored colours after a save; the schedule will.", exc_info=True)


def ancestor_references(reference: str) -> list[str]:
    """ "1.2.A.iii" -> ["1.2.A", "1.2", "1"]: the references of every action it could be below."""
    parts = reference.split(".")
    return [".".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]


class EvidenceLink(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence_links")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=1000)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """A dated entry in an action's progress log, with the status and RAG it left the action in."""

    class Source(models.TextChoices):
        BROWSER = "browser", "Written in the browser"
        IMPORT = "import", "Imported from a file"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True, help_text="Who wrote it, when not an account.")
    written_on = models.DateField(
        null=True, blank=True, help_text="The day it describes; empty if the source gave none."
    )
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, help_text="The status it set.")
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True, help_text="The RAG colour it left.")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.BROWSER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Undated (imported) entries go last on every database: PostgreSQL would put NULLs first.
        ordering = [models.F("written_on").desc(nulls_last=True), "-created_at", "-id"]
        indexes = [models.Index(fields=["action", "-written_on"]), models.Index(fields=["-created_at"])]

    def __str__(self) -> str:
        return f"{self.action.reference} {self.written_on}"


class ReviewComment(models.Model):
    """A reviewer's question on an action (the Word margin comment), assigned, answered and resolved."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        RESOLVED = "resolved", "Resolved"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_comments"
    )
    assigned_to_name = models.CharField(max_length=200, blank=True, help_text="As the source named them.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Measure(models.Model):
    """How a goal's success is measured: a target, where the data comes from and how often."""

    class Direction(models.TextChoices):
        INCREASE = "increase", "Higher is better"
        DECREASE = "decrease", "Lower is better"
        NONE = "none", "No direction"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(max_length=300)
    target_text = models.TextField(blank=True)
    target_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=30, blank=True, help_text='e.g. "%", "staff", "complaints".')
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.NONE)
    obtainable = models.BooleanField(null=True, help_text="Can the data be obtained today?")
    source = models.CharField(max_length=300, blank=True)
    frequency = models.CharField(max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)
    computed_from = models.CharField(
        max_length=80,
        blank=True,
        help_text="A source in the product that computes this measure's values (workforce, incidents, audits).",
    )
    computed_params = models.JSONField(default=dict, blank=True, help_text="What the source should compute.")

    class Meta:
        ordering = ["goal", "position", "id"]

    def __str__(self) -> str:
        return self.title


class MeasureValue(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period_label = models.CharField(max_length=40, help_text='As reported: "2021", "Q1 2021/22".')
    period_start = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    computed = models.BooleanField(default=False, help_text="Computed from the product's own data, not typed.")

    class Meta:
        ordering = ["measure", "period_start"]
        constraints = [models.UniqueConstraint(fields=["measure", "period_start"], name="one_value_per_measure_period")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.period_label}"


class ActionDay(models.Model):
    """An action's colour and status at the end of one day: written daily, read by trends and "as at" reports."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="days")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    rag = models.CharField(max_length=10, choices=Rag.choices)
    reason = models.CharField(max_length=60, blank=True)
    counted = models.BooleanField(
        default=True, help_text="False for a headline action coloured by its sub-actions (not counted twice)."
    )

    class Meta:
        ordering = ["day", "action"]
        constraints = [models.UniqueConstraint(fields=["action", "day"], name="one_record_per_action_day")]
        indexes = [models.Index(fields=["plan", "day"]), models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.action_id} {self.day}: {self.rag}"


class PlanImport(models.Model):
    """An upload between upload, preview and confirm, kept in the database so any app server can serve the next
    step and nothing is written to local disk. The file is read once, at upload: its tables are kept as JSON
    (`tables`, the file itself is not kept), and the plan parsed from them with the current layout, mapping and
    section readings is kept too (`parsed`, keyed by `parsed_key`). Deleted a day after upload."""

    class Layout(models.TextChoices):
        NUMBERED = "numbered", "Numbered (goals 1., headline actions 1.1, actions A., sub-actions i.)"
        COLUMNS = "columns", "Columns (any table with a header row, mapped to fields)"

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    data = models.BinaryField(blank=True, default=b"", help_text="Not kept: the file's tables are (see tables).")
    tables = models.JSONField(default=list, blank=True, help_text="The file's tables as read at upload.")
    parsed = models.JSONField(default=dict, blank=True, help_text="The plan read from the tables (see parsed_key).")
    parsed_key = models.CharField(max_length=64, blank=True, help_text="What `parsed` was read with.")
    row_count = models.PositiveIntegerField(default=0)
    plan_title = models.CharField(max_length=200)
    layout = models.CharField(max_length=10, choices=Layout.choices, default=Layout.NUMBERED)
    detected_layout = models.CharField(max_length=10, choices=Layout.choices, blank=True)
    detection_reason = models.TextField(blank=True, help_text="Why the layout was chosen, for the person.")
    mapping = models.JSONField(default=dict, blank=True, help_text="Field -> header the person chose (columns).")
    readings = models.JSONField(
        default=dict, blank=True, help_text='Lone rows a person read the other way: "Table 1|12" -> "action".'
    )
    plan_start = models.DateField(null=True, blank=True)
    plan_end = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPLOADED)
    job = models.ForeignKey("shared.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.filename} -> {self.plan_title}"
