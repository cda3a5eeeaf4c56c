"""Working days in England and Wales: not a weekend, not a bank holiday, not a day the council has closed.

Bank holidays come from the maintained `holidays` library, computed offline (no calendar is fetched): the
United Kingdom's list for England, which Wales shares day for day (tests/test_workdays.py checks that the
library agrees), with the substitute days it gives when Christmas, Boxing Day or New Year's Day falls on a
weekend, and the one-off days it knows (a coronation, a state funeral). Council closure days are the
`ClosureDay` records an administrator adds.

The arithmetic lives in `WorkingCalendar`, which holds its closure days, so it can be tested without a
database; the module-level functions read the closure days once per call.

Counting follows the statutory complaints guidance: the day something arrives is day 0, so "within 10 working
days" of a Friday report is the 10th working day after that Friday, and a report on a Saturday is answered
counting from the Monday.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

COUNTRY = "GB"
SUBDIVISION = "ENG"  # England; Wales ("WLS") has the same bank holidays


@cache
def bank_holidays(year: int) -> dict[date, str]:
    """The bank holidays of England and Wales in a year, with their names, substitute days included."""
    return dict(holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=year, language="en_GB").items())


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekends, bank holidays and these closure days are not working days."""

    closures: frozenset[date] = frozenset()

    @classmethod
    def with_closures(cls, days: Iterable[date]) -> WorkingCalendar:
        return cls(frozenset(days))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not is_bank_holiday(day) and day not in self.closures

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself is day 0, whatever day it is); n=0 gives `start`."""
        if n < 0:
            raise ValueError("Count working days forwards: n must be 0 or more.")
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b` (negative when b is before a): 'how long it took'."""
        if b < a:
            return -self.working_days_between(b, a)
        count, day = 0, a
        while day < b:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


def calendar() -> WorkingCalendar:
    """The council's calendar: bank holidays and every closure day an administrator has added (one query)."""
    from .models import ClosureDay

    return WorkingCalendar.with_closures(ClosureDay.objects.values_list("day", flat=True))


def is_working_day(day: date) -> bool:
    return calendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    return calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    return calendar().working_days_between(a, b)
