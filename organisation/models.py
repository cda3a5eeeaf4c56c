"""People, the council's organisation tree, and the leads (people or groups) that actions name."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in; roles are Django groups (shared.roles.Role)."""

    units = models.ManyToManyField("Unit", blank=True, related_name="members", help_text="Where this person works.")

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Unit(models.Model):
    """A node of the organisation: council -> directorate -> service -> team or service area."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        DIRECTORATE = "directorate", "Directorate"
        SERVICE = "service", "Service"
        TEAM = "team", "Team or service area"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="Abbreviation used in plans, e.g. FISS.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_under_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(parent__isnull=True), name="unit_root_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Lead(models.Model):
    """Who an action names as responsible: a person (linked to an account once known) or a group/board.

    Plans write leads as initials ("LA/LV"); an import creates a placeholder per unknown name, which a
    plan owner later links to an account.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        GROUP = "group", "Group or board"

    name = models.CharField(max_length=200, help_text="As plans write it: initials, a name or a group's name.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="lead"
    )
    full_name = models.CharField(max_length=200, blank=True, help_text="The person's or group's full name.")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="lead_groups", help_text="For a group: who acts for it."
    )
    # Who linked which lead to which account, and when: linking gives that account the lead's actions.
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="lead_name_unique_ignoring_case")]

    def __str__(self) -> str:
        return self.full_name or self.name

    @property
    def is_placeholder(self) -> bool:
        """A person named in a plan who is not yet linked to an account."""
        return self.kind == self.Kind.PERSON and self.user_id is None


class PasswordResetRequest(models.Model):
    """A password-reset email asked for, kept an hour or so to limit how many one address can trigger.

    Only a digest of the address is stored: the record must not become a list of who forgot their password.
    """

    email_digest = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"reset request {self.created_at:%Y-%m-%d %H:%M}"
