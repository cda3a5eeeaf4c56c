"""Dating many actions at once: an owner sets the due dates of the actions that need one, from one page."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from shared.stale import StaleEdit, normalise

from ..access import can_edit_action
from ..models import Action
from .actions import action_update

REASON = "Due date set from the actions that need a date"


@dataclass
class DueDate:
    """One action's new due date, with the version and due date the person's page showed."""

    action: Action
    due_date: date
    version: int
    shown: date | None = None


@dataclass
class DatesRefused(Exception):
    """Nothing was saved: some actions were changed by someone else, or a date does not fit its action."""

    stale: dict[int, StaleEdit] = field(default_factory=dict)  # action id -> what changed
    invalid: dict[int, list[str]] = field(default_factory=dict)  # action id -> messages

    def __str__(self) -> str:
        return "Some dates could not be saved; nothing was saved."


@transaction.atomic
def actions_set_due_dates(*, by, dates: list[DueDate]) -> list[Action]:
    """Set each action's due date (which clears "a person must set the dates"), all or nothing.

    Each goes through action_update: the action is locked, its history records who set it, and a due date someone
    else changed since the page was shown is refused (StaleEdit) rather than overwritten.
    """
    refused = DatesRefused()
    saved = []
    for item in dates:
        if not can_edit_action(by, item.action):
            raise PermissionDenied(f"You cannot edit {item.action.reference} of “{item.action.plan}”.")
        try:
            with transaction.atomic():
                saved.append(
                    action_update(
                        action=item.action,
                        by=by,
                        changes={"due_date": item.due_date},
                        expected_version=item.version,
                        base={"due_date": normalise(item.shown)},
                        reason=REASON,
                    )
                )
        except StaleEdit as stale:
            refused.stale[item.action.pk] = stale
        except ValidationError as invalid:
            refused.invalid[item.action.pk] = invalid.messages
    if refused.stale or refused.invalid:
        raise refused
    return saved
