"""Records the building blocks keep: background jobs, scheduled runs done, reminders sent, council closure days."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Job(models.Model):
    """A piece of work done outside a web request (an export, a large import, a scheduled task), and how it went.

    The django-tasks queue runs it; this record is what pages show: its state, progress and result file.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=80, help_text="The registered job, e.g. plans.export.")
    title = models.CharField(max_length=200, help_text="What people are told it is doing.")
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict, blank=True)
    file = models.FileField(upload_to="jobs/%Y/%m/%d/", blank=True, max_length=300)
    filename = models.CharField(max_length=200, blank=True, help_text="The name the download is saved as.")
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True, help_text="What went wrong, in words for the person who asked.")
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=1)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dedupe_key = models.CharField(
        max_length=200, blank=True, db_index=True, help_text="Equal keys share one result while it is current."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life from the worker.")
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Its file is removed after this.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "heartbeat_at"]), models.Index(fields=["expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_total=0) | Q(progress_done__lte=models.F("progress_total")),
                name="job_progress_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class ScheduledRun(models.Model):
    """One scheduled task enqueued for one period: running a schedule twice in a period enqueues nothing more."""

    task = models.CharField(max_length=80)
    period = models.CharField(max_length=40, help_text="The period it ran for, e.g. 2026-11-29 or 2026-11-29T14.")
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="one_run_per_task_period")]

    def __str__(self) -> str:
        return f"{self.task} for {self.period}"


class SentNotification(models.Model):
    """An email sent to a person, so the same reminder is not sent again before its period is up."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60, help_text="e.g. plans.digest.")
    key = models.CharField(max_length=200, help_text="What it was about, e.g. an action and its reminder step.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["recipient", "kind", "key"], name="notification_sent_once")]
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} to {self.recipient_id}"


class ReminderPreference(models.Model):
    """How often a person wants a kind of reminder; without one, the kind's default applies."""

    class Frequency(models.TextChoices):
        DEFAULT = "default", "As the service suggests"
        WEEKLY = "weekly", "At most once a week"
        MONTHLY = "monthly", "At most once a month"
        NEVER = "never", "Never"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences")
    kind = models.CharField(max_length=60)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DEFAULT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.frequency}"


class ClosureDay(models.Model):
    """A day the council is closed beyond weekends and bank holidays (e.g. between Christmas and New Year)."""

    day = models.DateField(unique=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.reason}"
