"""Scrutiny packs (built from plans, frozen when published) and the committee's questions and recommendations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from plans.models import Action, Goal, Plan


class Pack(models.Model):
    """A report to the scrutiny committee for one meeting: drafted from live plan data, frozen when published.

    While a draft, its content is built from the plans each time it is previewed; publishing stores the content
    as it was (`frozen`: each section's HTML and its data), so later edits to the plans never change it.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    title = models.CharField(max_length=200, help_text='For example, "Update to scrutiny".')
    plans = models.ManyToManyField(Plan, related_name="scrutiny_packs")
    meeting_date = models.DateField(help_text="The day the committee meets.")
    as_at = models.DateField("as at", help_text="The plans are shown as they stood at the end of this day.")
    changes_since = models.DateField(help_text="Changes are listed from the end of this day to the 'as at' day.")
    panels = models.JSONField(default=list, blank=True, help_text="Keys of the dashboard panels to include.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every save, to refuse a stale edit.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    frozen = models.JSONField(
        default=dict, blank=True, editable=False, help_text="The content as published: sections' HTML and data."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    public_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False, help_text="The public page's address."
    )
    made_public_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_public_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    # The frozen content is large and never changes after publishing: the history records everything else.
    history = HistoricalRecords(excluded_fields=["frozen"], m2m_fields=[plans])

    class Meta:
        ordering = ["-meeting_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(changes_since__lt=models.F("as_at")),
                name="pack_changes_since_before_as_at",
                violation_error_message="The 'changes since' day must be before the 'as at' day.",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="pack_published_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(public_token__isnull=True) | ~Q(state="draft"),
                name="pack_public_only_once_published",
            ),
        ]
        indexes = [models.Index(fields=["state", "-meeting_date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting_date:%d/%m/%Y})"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED and bool(self.public_token)


class GoalNarrative(models.Model):
    """What the plan's owner says about a goal in one pack: the story behind the changes."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="narratives")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pack", "goal__position", "goal_id"]
        constraints = [models.UniqueConstraint(fields=["pack", "goal"], name="one_narrative_per_goal_in_pack")]

    def __str__(self) -> str:
        return f"{self.pack_id}: goal {self.goal_id}"


class PackExport(models.Model):
    """A published pack's PDF or Excel file, built once: a published pack never changes, so neither does its file."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="exports")
    fmt = models.CharField(max_length=4, choices=Format.choices)
    file = models.FileField(upload_to="scrutiny/packs/", max_length=300)
    filename = models.CharField(max_length=200)
    built_at = models.DateTimeField(auto_now_add=True)
    build_seconds = models.FloatField(default=0, help_text="CPU time the build took, in seconds.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pack", "fmt"], name="one_export_per_pack_format")]

    def __str__(self) -> str:
        return self.filename


class CommitteeQuestion(models.Model):
    """A question or recommendation from the scrutiny committee about a plan, a goal or an action.

    Someone must respond by a day: an account (a lead of the plan), or, when none is named, the plan's owners.
    Open -> answered, or open -> withdrawn; each step by a named person, recorded in the history.
    """

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        RECOMMENDATION = "recommendation", "Recommendation"

    class State(models.TextChoices):
        OPEN = "open", "Waiting for a response"
        ANSWERED = "answered", "Answered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="committee_questions")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    pack = models.ForeignKey(
        Pack, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions", help_text="Asked about."
    )
    text = models.TextField()
    asked_on = models.DateField(help_text="The day the committee asked it (usually its meeting).")
    respond_by = models.DateField()
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_questions_to_answer",
        help_text="Who must respond; empty: the plan's owners.",
    )
    respondent_label = models.CharField(
        max_length=200, help_text="Who must respond, as councillors read it (a lead's name, or the plan's owners)."
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["respond_by", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=True) | Q(goal__isnull=False),
                name="question_about_an_action_names_its_goal",
            ),
            models.CheckConstraint(
                condition=~Q(state="answered") | ~Q(response=""),
                name="question_answered_has_a_response",
                violation_error_message="An answered question needs its response.",
            ),
        ]
        indexes = [models.Index(fields=["state", "respond_by"]), models.Index(fields=["plan", "state"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def about(self) -> str:
        """What it is about, as the pack names it: an action's reference, a goal's number, or the whole plan."""
        if self.action_id:
            return f"Action {self.action.reference}"
        if self.goal_id:
            return f"Goal {self.goal.number}"
        return "The whole plan"

    @property
    def about_title(self) -> str:
        if self.action_id:
            return self.action.title
        return self.goal.title if self.goal_id else ""
