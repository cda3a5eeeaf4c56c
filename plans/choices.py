"""The fixed vocabularies of action plans: action status and RAG colour."""

from django.db import models


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    COMPLETE = "complete", "Complete"
    ONGOING = "ongoing", "Ongoing / embedded"
    NOT_PURSUED = "not_pursued", "Not pursued"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    NO_DATE = "no_date", "No date"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"
    CLOSED = "closed", "Closed"
