"""Reminders that chase for you: one email a day at most to each lead, listing their actions that are overdue,
need an update or fall due soon, and a weekly summary to each plan owner.

Each action is mentioned again only at the next step of its schedule (overdue: on day 1, day 7, then every 30
days; update needed: when it becomes stale, then every 30 days; due soon: once per due date), so a lead is not
told the same thing every day. A `SentNotification` per action and step records what was sent, and one per
lead and day records the digest: running the job again the same day (by hand, or a second worker) sends nothing
new, even to a lead with a new item, who hears of it on the next day. Each person's emails are sent apart: an
email that cannot be sent is logged, recorded as not sent (so the next run tries again) and does not stop the
others. Each person can choose how often they hear (shared.notifications). Emails carry only the titles of the
person's own actions and links: nothing about anyone else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats

from organisation.models import User
from shared.jobs import Outcome
from shared.models import ReminderPreference, SentNotification
from shared.notifications import frequency_for

from . import selectors
from .choices import Status
from .models import Action, Plan
from .rag import RagRules, stale_condition

logger = logging.getLogger(__name__)

LEAD_DIGEST = "plans.lead_digest"
OWNER_SUMMARY = "plans.owner_summary"
ITEM = "plans.reminder"  # one record per action and schedule step, to send each step once
OPEN = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.ON_HOLD, Status.ONGOING]
MIN_GAP = {ReminderPreference.Frequency.WEEKLY: 7, ReminderPreference.Frequency.MONTHLY: 30}


def overdue_step(days: int) -> int:
    """1 on the first day overdue, 2 from day 7, then one more every 30 days (both settable in settings)."""
    second, repeat = settings.REMINDER_OVERDUE_SECOND_DAY, settings.REMINDER_REPEAT_DAYS
    if days < second:
        return 1
    return 2 + (days - second) // repeat


def stale_step(days_stale: int) -> int:
    return 1 + days_stale // settings.REMINDER_REPEAT_DAYS


@dataclass(frozen=True)
class Item:
    action: Action
    why: str  # "overdue by 12 days", "no update for 95 days", "due on 4 December 2026"
    key: str  # action:<id>:<kind>:<step>


def items_for(user, *, today: date) -> list[Item]:
    """What this lead should be told today: their open actions at a step they have not been told about."""
    rules = selectors.plan_rules()
    mine = Action.objects.filter(pk__in=selectors.actions_led_by(user).values("pk"), status__in=OPEN)
    mine = selectors.leaves(mine).select_related("plan")
    stale = set(mine.filter(stale_condition(today=today, plan_rules=rules)).values_list("pk", flat=True))
    found: list[Item] = []
    for action in mine:
        window = rules.get(action.plan_id, RagRules())
        if action.due_date and action.due_date < today:
            days = (today - action.due_date).days
            found.append(
                Item(
                    action,
                    f"overdue by {days} day{'s' if days != 1 else ''}",
                    f"action:{action.pk}:overdue:{overdue_step(days)}",
                )
            )
        elif action.pk in stale:
            since = action.last_update_on or action.created_on
            days = (today - since).days
            step = stale_step(max(days - window.update_window_days, 0))
            found.append(Item(action, f"no update for {days} days", f"action:{action.pk}:update:{step}"))
        elif action.due_date and action.due_date <= today + timedelta(days=window.due_soon_days):
            found.append(
                Item(
                    action,
                    f"due on {formats.date_format(action.due_date, 'j F Y')}",
                    f"action:{action.pk}:due:{action.due_date.isoformat()}",
                )
            )
    told = set(
        SentNotification.objects.filter(recipient=user, kind=ITEM, key__in=[i.key for i in found]).values_list(
            "key", flat=True
        )
    )
    return [item for item in found if item.key not in told]


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _too_soon(user, kind: str, today: date) -> bool:
    """True when the person asked to hear less often and heard recently, or never."""
    frequency = frequency_for(user, kind)
    if frequency == ReminderPreference.Frequency.NEVER:
        return True
    gap = MIN_GAP.get(frequency)
    if gap is None:
        return False
    last = SentNotification.objects.filter(recipient=user, kind=kind).order_by("-sent_at").first()
    return last is not None and (today - last.sent_at.date()).days < gap


def send_lead_digest(user, *, today: date) -> bool:
    """One email listing this lead's new reminders; every item and the digest recorded with it, atomically.

    At most one a day: a second run the same day sends nothing, and if two runs race, the one that loses the
    unique record sends nothing either. If sending fails, nothing is recorded and the error goes to the caller.
    """
    from django.core.mail import send_mail

    if not user.email or _too_soon(user, LEAD_DIGEST, today):
        return False
    if SentNotification.objects.filter(recipient=user, kind=LEAD_DIGEST, key=today.isoformat()).exists():
        return False
    items = items_for(user, today=today)
    if not items:
        return False
    lines = [
        f"- {i.action.reference} {i.action.title[:120]} ({i.why})\n"
        f"  {_absolute(reverse('plans:action_detail', args=[i.action.pk]))}"
        for i in items
    ]
    body = (
        f"Hello {user.get_short_name() or user.username},\n\n"
        "These actions you lead need your attention:\n\n" + "\n".join(lines) + "\n\n"
        f"All your actions: {_absolute(reverse('plans:my_actions'))}\n"
        f"Choose how often you get these emails: {_absolute(reverse('shared:reminders'))}\n"
    )
    try:
        with transaction.atomic():
            SentNotification.objects.create(recipient=user, kind=LEAD_DIGEST, key=today.isoformat())
            SentNotification.objects.bulk_create(
                [SentNotification(recipient=user, kind=ITEM, key=i.key) for i in items], ignore_conflicts=True
            )
            send_mail(f"{len(items)} of your actions need attention", body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        return False  # another run sent today's digest between our check and our record
    return True


def send_owner_summary(user, *, today: date) -> bool:
    """Once a week (ISO week): how each of this owner's plans stands."""
    from django.core.mail import send_mail

    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    if not user.email or _too_soon(user, OWNER_SUMMARY, today):
        return False
    if SentNotification.objects.filter(recipient=user, kind=OWNER_SUMMARY, key=week).exists():
        return False
    plans = list(Plan.objects.filter(owners=user).order_by("title"))
    if not plans:
        return False
    lines = []
    for plan in plans:
        counts = selectors.plan_rag_counts(plan, today=today)
        lines.append(
            f"- {plan.title}: {counts['red']} red, {counts['amber']} amber, {counts['no_date']} with no date"
            f"\n  {_absolute(reverse('plans:plan_detail', args=[plan.pk]))}"
        )
    body = (
        f"Hello {user.get_short_name() or user.username},\n\nHow your plans stand this week:\n\n"
        + "\n".join(lines)
        + f"\n\nChoose how often you get these emails: {_absolute(reverse('shared:reminders'))}\n"
    )
    try:
        with transaction.atomic():
            SentNotification.objects.create(recipient=user, kind=OWNER_SUMMARY, key=week)
            send_mail("Your plans this week", body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        return False  # another run sent this week's summary between our check and our record
    return True


def send_reminders(job, progress) -> Outcome:
    """The daily job: each lead's digest and each owner's weekly summary, each at most once.

    Safe to run again the same day. Each email is sent on its own: one that fails is logged and left unrecorded
    for the next run, and the rest still go.
    """
    from django.utils import timezone

    today = timezone.localdate()
    leads = (
        User.objects.filter(is_active=True)
        .filter(Q(lead__actions__isnull=False) | Q(lead_groups__actions__isnull=False))
        .distinct()
    )
    owners = User.objects.filter(is_active=True, owned_plans__isnull=False).distinct()
    leading = list(leads)
    people = leading + [owner for owner in owners if owner not in set(leading)]
    sent = failed = 0
    for done, person in enumerate(people, start=1):
        for send in (send_lead_digest, send_owner_summary):
            try:
                sent += send(person, today=today)
            except Exception:
                failed += 1
                logger.exception("Reminder email %s to user %s could not be sent", send.__name__, person.pk)
        if done % 20 == 0:
            progress(done, len(people), "Sending reminders")
    message = f"Sent {sent} reminder email{'' if sent == 1 else 's'}."
    if failed:
        message += f" {failed} could not be sent and will be tried again on the next run (see the log)."
    return Outcome(result={"message": message})


def reminded_on(actions) -> dict[int, date]:
    """When each action was last mentioned in a reminder, for "reminded on ..." beside it (one query)."""
    ids = [a.pk for a in actions]
    if not ids:
        return {}
    condition = Q()
    for pk in ids:
        condition |= Q(key__startswith=f"action:{pk}:")
    latest: dict[int, date] = {}
    for key, sent_at in SentNotification.objects.filter(condition, kind=ITEM).values_list("key", "sent_at"):
        pk = int(key.split(":")[1])
        day = sent_at.date()
        if pk not in latest or day > latest[pk]:
            latest[pk] = day
    return latest
