"""Quarters: how files write them ("2026-Q2", a date inside it, "Q1 2026/27") and how pages say them.

`2026-Q2` is the calendar quarter April to June 2026, which is Q1 of the council's financial year 2026/27.
A quarter is stored as its first day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_CALENDAR = re.compile(r"^(\d{4})\s*[-_ ]?\s*q([1-4])$", re.IGNORECASE)  # 2026-Q2, 2026 Q2, 2026Q2
_CALENDAR_Q_FIRST = re.compile(r"^q([1-4])\s*[-_ ]?\s*(\d{4})$", re.IGNORECASE)  # Q2 2026
_FINANCIAL = re.compile(r"^q([1-4])\s*(?:fy\s*)?(\d{4})\s*/\s*(\d{2}|\d{4})$", re.IGNORECASE)  # Q1 2026/27
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?$", re.IGNORECASE)
_UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


class NotAPeriod(ValueError):
    """Text that is not a quarter; the message says what to write instead."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 = January to March

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        following = self.next().start
        return date.fromordinal(following.toordinal() - 1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        """As pages say it: "Apr to Jun 2026"."""
        first = MONTHS[3 * self.number - 3]
        last = MONTHS[3 * self.number - 1]
        return f"{first} to {last} {self.year}"

    @property
    def financial(self) -> str:
        """The council's way: "Q1 2026/27" (the financial year starts in April)."""
        start_year = self.year if self.number > 1 else self.year - 1
        number = self.number - 1 if self.number > 1 else 4
        return f"Q{number} {start_year}/{(start_year + 1) % 100:02d}"

    def next(self) -> Quarter:
        return Quarter(self.year + (self.number == 4), self.number % 4 + 1)

    def __str__(self) -> str:
        return self.label


def label(day: date) -> str:
    return Quarter.of(day).label


def parse_period(text: object) -> Quarter:
    """A quarter from "2026-Q2", "Q2 2026", "Q1 2026/27" (financial), or a date inside it (2026-05-31, 31/05/2026)."""
    if isinstance(text, datetime):
        return Quarter.of(text.date())
    if isinstance(text, date):
        return Quarter.of(text)
    value = " ".join(str(text).split())
    if not value:
        raise NotAPeriod("The quarter is missing: write it as 2026-Q2, or a date inside the quarter.")
    if m := _CALENDAR.match(value):
        return Quarter(int(m[1]), int(m[2]))
    if m := _CALENDAR_Q_FIRST.match(value):
        return Quarter(int(m[2]), int(m[1]))
    if m := _FINANCIAL.match(value):
        number, first_year = int(m[1]), int(m[2])
        second = int(m[3]) % 100
        if second != (first_year + 1) % 100:
            raise NotAPeriod(f"'{value}' is not a financial year: the second year follows the first, as in 2026/27.")
        return Quarter(first_year + (number == 4), number % 4 + 1)
    try:
        return Quarter.of(parse_date(value))
    except NotAPeriod:
        raise NotAPeriod(
            f"'{value}' is not a quarter: write it as 2026-Q2 (April to June 2026), Q1 2026/27, or a date inside "
            "the quarter such as 30/06/2026."
        ) from None


def parse_date(text: object) -> date:
    """A day from 2021-03-21, 21/03/2021 (day first) or a year alone (1 January)."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    value = " ".join(str(text).split())
    try:
        if m := _ISO_DATE.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _UK_DATE.match(value):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[2]), int(m[1]))
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1)
    except ValueError:
        pass
    raise NotAPeriod(f"'{value}' is not a date: write it as 2021-03-21 or 21/03/2021.")
