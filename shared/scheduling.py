"""Scheduled work: apps register tasks on a schedule; one management command per schedule enqueues them.

    scheduling.register("plans.record_action_days", schedule="daily", job="plans.record_action_days")

cron (or a platform scheduler) runs `manage.py schedule_often` every 5 minutes, `schedule_hourly` every
hour and `schedule_daily` once a night (docs/deployment.md). Each command only enqueues jobs; a
`ScheduledRun` per task and period means running a command twice in a period enqueues nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import jobs
from .models import ScheduledRun

SCHEDULES = ("often", "hourly", "daily")


@dataclass(frozen=True)
class ScheduledTask:
    name: str
    schedule: str
    job: str
    params: dict = field(default_factory=dict)


_tasks: dict[str, ScheduledTask] = {}


def register(name: str, *, schedule: str, job: str, params: dict | None = None) -> None:
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {', '.join(SCHEDULES)}")
    _tasks[name] = ScheduledTask(name, schedule, job, params or {})


def tasks_for(schedule: str) -> list[ScheduledTask]:
    return sorted((t for t in _tasks.values() if t.schedule == schedule), key=lambda t: t.name)


def period_of(schedule: str, now: datetime) -> str:
    """The period a run belongs to, in the council's time zone: runs in the same period are the same run."""
    local = timezone.localtime(now)
    if schedule == "daily":
        return local.strftime("%Y-%m-%d")
    if schedule == "hourly":
        return local.strftime("%Y-%m-%dT%H")
    return local.strftime("%Y-%m-%dT%H:") + f"{local.minute - local.minute % 5:02d}"


def enqueue_due(schedule: str, *, now: datetime | None = None) -> list[tuple[ScheduledTask, bool]]:
    """Enqueue each task of the schedule once for the current period; (task, enqueued now?) for each."""
    now = now or timezone.now()
    period = period_of(schedule, now)
    done = []
    for task in tasks_for(schedule):
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(task=task.name, period=period)
                run.job = jobs.start(task.job, params={**task.params, "period": period})
                run.save(update_fields=["job"])
        except IntegrityError:
            done.append((task, False))  # already enqueued for this period
        else:
            done.append((task, True))
    return done
