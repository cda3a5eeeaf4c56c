"""Deadlines in working days, from each kind's settings (KindSetting), and the flags lists show for them.

Complaints follow the statutory stages for children's social care complaints: stage 1 within 10 working days,
extendable to 20 with a recorded reason; stage 2 within 25, up to 65; a stage 3 review panel within 30 working
days of the request. Other kinds have an acknowledgement and, when the council sets one, a target for an
outcome. The numbers are the council's to change per kind (admin: Incident kind settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from shared.workdays import WorkingCalendar

from .models import Deadline, Kind, KindSetting

DUE_SOON_WORKING_DAYS = 2  # an open deadline this many working days away or nearer is "due soon"


@dataclass(frozen=True)
class Allowance:
    step: str
    days: int
    max_days: int


def setting_for(kind: str) -> KindSetting:
    """The kind's settings, or the defaults when nobody has saved any (KindSetting's field defaults)."""
    setting = KindSetting.objects.filter(kind=kind).first()
    if setting is None:
        setting = KindSetting(kind=kind, response_days=None if kind == Kind.COMPLAINT else 20)
    return setting


def allowance(setting: KindSetting, step: str) -> Allowance | None:
    """How many working days a step allows for this kind, and how far it may be extended; None: no deadline."""
    Step = Deadline.Step
    if step == Step.ACKNOWLEDGE:
        return Allowance(step, setting.acknowledge_days, setting.acknowledge_days)
    if step == Step.RESPONSE:
        if setting.kind == Kind.COMPLAINT or not setting.response_days:
            return None
        return Allowance(step, setting.response_days, setting.response_days)
    if setting.kind != Kind.COMPLAINT:
        return None
    if step == Step.STAGE_1:
        return Allowance(step, setting.stage1_days, setting.stage1_max_days)
    if step == Step.STAGE_2:
        return Allowance(step, setting.stage2_days, setting.stage2_max_days)
    if step == Step.STAGE_3:
        return Allowance(step, setting.stage3_days, setting.stage3_days)
    return None


def build(incident, step: str, *, started_on: date, setting: KindSetting, cal: WorkingCalendar) -> Deadline | None:
    """An unsaved deadline for one step, counted in working days from `started_on`."""
    rule = allowance(setting, step)
    if rule is None:
        return None
    return Deadline(
        incident=incident,
        step=step,
        started_on=started_on,
        working_days=rule.days,
        due_on=cal.add_working_days(started_on, rule.days),
        latest_due_on=cal.add_working_days(started_on, rule.max_days),
    )


def first_deadlines(incident, *, setting: KindSetting, cal: WorkingCalendar) -> list[Deadline]:
    """The deadlines a new report starts with: acknowledgement, then stage 1 for complaints or the outcome target."""
    steps = [Deadline.Step.ACKNOWLEDGE]
    steps.append(Deadline.Step.STAGE_1 if incident.kind == Kind.COMPLAINT else Deadline.Step.RESPONSE)
    built = [build(incident, step, started_on=incident.received_on, setting=setting, cal=cal) for step in steps]
    return [deadline for deadline in built if deadline is not None]


class Flag(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NONE = "none"


FLAG_LABELS = {Flag.OVERDUE: "Overdue", Flag.DUE_SOON: "Due soon", Flag.ON_TRACK: "On track", Flag.NONE: ""}


def due_soon_cutoff(today: date, cal: WorkingCalendar) -> date:
    """Open deadlines due on or before this day (and not before today) are due soon."""
    return cal.add_working_days(today, DUE_SOON_WORKING_DAYS)


def flag(next_due: date | None, *, today: date, soon_until: date) -> Flag:
    """The flag for an incident's nearest open deadline."""
    if next_due is None:
        return Flag.NONE
    if next_due < today:
        return Flag.OVERDUE
    if next_due <= soon_until:
        return Flag.DUE_SOON
    return Flag.ON_TRACK
