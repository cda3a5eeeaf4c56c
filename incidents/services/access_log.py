"""The access log (who read which incident's details, when, how) and administrators' grants to read one incident."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shared.roles import Role, has_role

from ..models import AccessGrant, Incident, IncidentAccess

REPORTER_BY_KEY = "The reporter (reference and key)"
MAX_GRANT_DAYS = 31


def access_record(*, incident: Incident, by, what: str, detail: str = "", grant: AccessGrant | None = None) -> None:
    """Write one entry: `by` is the signed-in person, or None for an anonymous reporter using their key."""
    who = REPORTER_BY_KEY if by is None else (by.get_full_name() or by.username)
    IncidentAccess.objects.create(
        incident=incident, reference=incident.reference, user=by, who=who, what=what, detail=detail[:200], grant=grant
    )


@transaction.atomic
def grant_create(*, by, administrator, incident: Incident, reason: str, expires_on: date) -> AccessGrant:
    """The data protection officer lets one administrator read one incident until a day (at most a month)."""
    today = timezone.localdate()
    if administrator is None or not has_role(administrator, Role.ADMINISTRATOR):
        raise ValidationError({"administrator": "Choose an administrator."})
    if administrator.pk == by.pk:
        raise ValidationError({"administrator": "You cannot grant access to yourself."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the administrator needs to read this incident."})
    if expires_on is None or expires_on < today:
        raise ValidationError({"expires_on": "Enter a last day that is today or later, for example 27/3/2026."})
    if (expires_on - today).days > MAX_GRANT_DAYS:
        raise ValidationError({"expires_on": f"A grant lasts at most {MAX_GRANT_DAYS} days."})
    return AccessGrant.objects.create(
        administrator=administrator, incident=incident, reason=reason.strip(), granted_by=by, expires_on=expires_on
    )


@transaction.atomic
def grant_revoke(*, grant: AccessGrant, by) -> AccessGrant:
    grant = AccessGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is not None:
        raise ValidationError("This grant has already been withdrawn.")
    grant.revoked_at, grant.revoked_by = timezone.now(), by
    grant.save(update_fields=["revoked_at", "revoked_by"])
    return grant
