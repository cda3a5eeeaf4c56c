"""Emails to people, each sent at most once per key: a record of every reminder sent stops repeats.

Emails carry no sensitive content: titles of the person's own work and links, never incident details.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import ReminderPreference, SentNotification


def already_sent(*, recipient, kind: str, key: str) -> bool:
    return SentNotification.objects.filter(recipient=recipient, kind=kind, key=key).exists()


def send_once(*, recipient, kind: str, key: str, subject: str, body: str) -> bool:
    """Send unless an email of this kind and key already went to this person; True if it was sent now."""
    if not recipient.email:
        return False
    try:
        with transaction.atomic():
            SentNotification.objects.create(recipient=recipient, kind=kind, key=key)
            # Inside the transaction: if sending fails the record goes too, so the next run tries again.
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    except IntegrityError:
        return False
    return True


def frequency_for(person, kind: str) -> str:
    preference = ReminderPreference.objects.filter(person=person, kind=kind).only("frequency").first()
    return preference.frequency if preference else ReminderPreference.Frequency.DEFAULT


class Kind(NamedTuple):
    key: str
    label: str  # "Reminders about actions you lead"
    description: str  # when the service sends them by default


_kinds: dict[str, Kind] = {}


def register_kind(key: str, label: str, description: str) -> None:
    """Apps declare the reminders they send, so each person can choose how often they get each."""
    _kinds[key] = Kind(key, label, description)


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.label)


@transaction.atomic
def preference_set(*, person, kind: str, frequency: str) -> ReminderPreference:
    if kind not in _kinds or frequency not in ReminderPreference.Frequency.values:
        raise ValueError("Unknown reminder kind or frequency.")
    preference, _ = ReminderPreference.objects.update_or_create(
        person=person, kind=kind, defaults={"frequency": frequency}
    )
    return preference
