"""Reading one cell: whole numbers, money, yes/no, employment types and stages, with messages that say what to write."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..choices import EmploymentType, Stage


class BadValue(ValueError):
    """A cell that cannot be read; the message says what was found and what to write."""


# What HR systems write when they have already hidden a small number themselves.
_ALREADY_HIDDEN = re.compile(r"^(\*+|<\s*\d+|\[?[cx]\]?|-|–|n/?a|supp(ressed)?|redacted)$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+]?\d{1,3}(,\d{3})+(\.\d+)?$|^[+-]?\d+(\.\d+)?$")


def _already_hidden(text: str) -> BadValue:
    return BadValue(
        f"'{text}' looks like a figure hidden before export. Load the full extract: this service hides small "
        "numbers itself, and only workforce analysts see them."
    )


def whole_number(text: str, *, blank_is_zero: bool = False) -> int:
    value = str(text).strip()
    if not value:
        if blank_is_zero:
            return 0
        raise BadValue("The number is missing.")
    if _ALREADY_HIDDEN.match(value):
        raise _already_hidden(value)
    if not _NUMBER.match(value):
        raise BadValue(f"'{value}' is not a number: write a whole number such as 12.")
    number = Decimal(value.replace(",", ""))
    if number < 0:
        raise BadValue(f"'{value}' is negative: a count of people is 0 or more.")
    if number != number.to_integral_value():
        raise BadValue(f"'{value}' is not a whole number: a count of people has no fractions.")
    return int(number)


def money(text: str, *, required: bool = True) -> Decimal | None:
    value = str(text).strip().replace("£", "").replace(",", "").strip()
    if not value:
        if required:
            raise BadValue("The amount is missing.")
        return None
    if _ALREADY_HIDDEN.match(value):
        raise _already_hidden(value)
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise BadValue(f"'{text}' is not an amount: write pounds an hour, such as 23.45.") from None
    if amount <= 0 or amount >= Decimal("1000000"):
        raise BadValue(f"'{text}' is not an hourly rate of pay: write pounds an hour, such as 23.45.")
    return amount.quantize(Decimal("0.01"))


def decimal_figure(text: str) -> Decimal:
    value = str(text).strip().rstrip("%").replace(",", "").strip()
    if not value:
        raise BadValue("The figure is missing.")
    if _ALREADY_HIDDEN.match(value):
        raise _already_hidden(value)
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise BadValue(f"'{text}' is not a number.") from None
    if number < 0 or not number.is_finite():
        raise BadValue(f"'{text}' is negative: write 0 or more.")
    return number.quantize(Decimal("0.001"))


def yes_no(text: str) -> bool:
    value = str(text).strip().casefold()
    if value in ("yes", "y", "true", "1", "senior"):
        return True
    if value in ("no", "n", "false", "0", ""):
        return False
    raise BadValue(f"'{text}' is not yes or no.")


_EMPLOYMENT = {
    EmploymentType.PERMANENT: ("permanent", "perm", "established", "employee", "substantive"),
    EmploymentType.AGENCY: ("agency", "interim", "locum", "contractor", "agency or interim", "temporary agency"),
    EmploymentType.STUDENT: ("student", "apprentice", "student or apprentice", "student apprentice", "trainee"),
}


def employment_type(text: str) -> str:
    value = " ".join(re.sub(r"[^a-z]+", " ", str(text).casefold()).split())
    for choice, words in _EMPLOYMENT.items():
        if value in words or value.rstrip("s") in words:
            return choice.value
    raise BadValue(f"'{text}' is not an employment type: write permanent, agency or student (apprentices too).")


_STAGES = {
    Stage.APPLIED: ("applied", "applications", "application", "applicants", "applicant"),
    Stage.SHORTLISTED: ("shortlisted", "shortlist", "short listed"),
    Stage.INTERVIEWED: ("interviewed", "interview", "interviews"),
    Stage.APPOINTED: ("appointed", "appointment", "appointments", "hired", "hires"),
}


def stage(text: str) -> str:
    value = " ".join(re.sub(r"[^a-z]+", " ", str(text).casefold()).split())
    for choice, words in _STAGES.items():
        if value in words:
            return choice.value
    raise BadValue(f"'{text}' is not a stage: write applied, shortlisted, interviewed or appointed.")


def measure(text: str, allowed: tuple[str, ...]) -> str:
    value = re.sub(r"[^a-z]+", "_", str(text).casefold()).strip("_")
    synonyms = {
        "entered": "entered_process",
        "participated": "took_part",
        "attended": "took_part",
        "staff": "headcount",
    }
    value = synonyms.get(value, value)
    if value in allowed:
        return value
    raise BadValue(f"'{text}' is not a measure here: write {' or '.join(allowed)}.")
