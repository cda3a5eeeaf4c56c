"""Read a plan's progress cell: split it into dated updates, spot a status, spot "Update needed".

Splitting: a fragment starts at the word "Update" immediately followed by a date, then "-", ":",
"–" or a space ("Update 09/10/20- ...", "Update December 2020: ..."). Dates are day-first
(d/m/yy, d/m/yyyy, "5 December 2020"); "December 2020" is the first of the month; "09/20" (the
second number cannot be a month) is September 2020. A date without a year takes the year that
puts it inside the plan period, or stays unread (None) without one. Text before the first marker
is one undated update. Dates anywhere else ("(Oct 2020)", "(update correct as of September
2020)") are part of the text, not markers.

Statuses are read by heuristics.status_in_text (shared with every column that can state one);
`settle_status` decides between what the progress cell and the timescale say.
"""

from __future__ import annotations

import re
from datetime import date

from plans.choices import Status
from plans.importing.heuristics import status_in_text
from plans.importing.structure import STATUSES, ParsedAction, ParsedPlan, ParsedUpdate, walk
from plans.timescales import parse_timescale

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# Month names must be capitalised so that "update may follow" is not read as a date.
_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    r"|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
    r"|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"
)
_DATE = (
    r"(?:(?P<nd>\d{1,2})[/.](?P<nm>\d{1,2})(?:[/.](?P<ny>\d{4}|\d{2}))?"
    r"|(?:(?P<wd>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<wm>" + _MONTH_NAME + r")\.?(?:\s*,?\s*'?(?P<wy>\d{4}|\d{2}))?)"
)
_MARKER = re.compile(r"(?:\b[Uu]pdate[d]?|\bUPDATE[D]?)\s*:?\s*\(?" + _DATE + r"(?![\w/])\)?\s*(?:[-–—:]\s*)?")

_UPDATE_NEEDED = re.compile(r"\bupdate\s+needed\b", re.IGNORECASE)


def split_progress(text: str, *, plan_start: date | None = None, plan_end: date | None = None) -> list[ParsedUpdate]:
    """The updates in a progress cell: an undated leading one, then dated ones oldest first."""
    text = (text or "").strip()
    if not text:
        return []
    markers = list(_MARKER.finditer(text))
    updates: list[ParsedUpdate] = []
    lead = text[: markers[0].start()] if markers else text
    lead = _tidy(lead)
    if lead:
        updates.append(ParsedUpdate(text=lead))

    fragments: list[tuple[date | None, str]] = []
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        when = _marker_date(marker, plan_start, plan_end)
        body = _tidy(text[marker.end() : end])
        if when is None or not body:
            # Keep the marker where its date cannot be read (or nothing follows it): no text is lost.
            body = _tidy(text[marker.start() : end])
        fragments.append((when, body))

    # Sort dated fragments oldest first; an unreadable one keeps its place after the one before it.
    keyed = []
    last_known: date | None = None
    for position, (when, body) in enumerate(fragments):
        if when is not None:
            last_known = when
        keyed.append(((last_known or date.min), position, when, body))
    keyed.sort(key=lambda k: (k[0], k[1]))
    updates.extend(ParsedUpdate(text=body, date=when) for _, _, when, body in keyed)
    return updates


detect_status = status_in_text  # the name the layouts' tests know


def says_update_needed(text: str) -> bool:
    """True if the progress cell asks for an update ("Update needed.")."""
    return bool(_UPDATE_NEEDED.search(text or ""))


def read_progress_into(action: ParsedAction, text: str, *, plan_start: date | None, plan_end: date | None) -> None:
    """Set an action's progress text and everything read from it: updates, status, "update needed"."""
    action.progress_text = text
    action.updates = split_progress(text, plan_start=plan_start, plan_end=plan_end)
    if action.status_from != "status column":
        action.status = status_in_text(text)
        action.status_from = "progress" if action.status else ""
    action.update_needed = says_update_needed(text)


STATUS_LABELS = {s.value: s.label for s in Status}


def settle_status(plan: ParsedPlan, *, plan_start: date | None, plan_end: date | None) -> None:
    """Each action's status from every column that states one.

    A status column wins. Otherwise the progress cell and the timescale cell ("Completed June 2020",
    "Underway - to finish by June 2022") both count: complete if either says so (it is the last thing
    anyone writes), else what the progress cell says, else what the timescale says. When they disagree
    the preview says so.
    """
    for goal in plan.goals:
        for action in walk(goal.actions):
            if action.status_from == "status column" or not action.timescale.strip():
                continue
            stated = parse_timescale(action.timescale[:300], plan_start=plan_start, plan_end=plan_end).status
            if stated is None or stated == action.status:
                continue
            if action.status is not None:
                plan.warn(
                    f"The progress says '{STATUS_LABELS[action.status]}' but the timescale says "
                    f"'{STATUS_LABELS[stated]}' ('{action.timescale}'): "
                    + ("complete was used" if Status.COMPLETE in (stated, action.status) else "the progress was used"),
                    action.ref,
                    STATUSES,
                )
            if action.status is None or stated == Status.COMPLETE:
                action.status, action.status_from = stated, "timescale"


def _tidy(fragment: str) -> str:
    return fragment.strip().strip("-–—:").strip()


def _marker_date(marker: re.Match, plan_start: date | None, plan_end: date | None) -> date | None:
    groups = marker.groupdict()
    if groups["nd"]:
        first, second = int(groups["nd"]), int(groups["nm"])
        if groups["ny"]:
            return _safe_date(_year(groups["ny"]), second, first)
        if second > 12:  # "09/20": month and two-digit year
            return _safe_date(2000 + second, first, 1)
        return _in_period(first, second, plan_start, plan_end)
    month = MONTHS[groups["wm"][:3].lower()]
    day = int(groups["wd"]) if groups["wd"] else 1
    if groups["wy"]:
        return _safe_date(_year(groups["wy"]), month, day)
    return _in_period(day, month, plan_start, plan_end)


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if year < 100 else year


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _in_period(day: int, month: int, plan_start: date | None, plan_end: date | None) -> date | None:
    """The year-less day and month placed inside the plan period, if there is one and it fits."""
    if plan_start is None and plan_end is None:
        return None
    first_year = (plan_start or plan_end).year - (0 if plan_start else 1)
    last_year = (plan_end or plan_start).year + (0 if plan_end else 1)
    for year in range(first_year, last_year + 1):
        candidate = _safe_date(year, month, day)
        if candidate is None:
            continue
        if (plan_start is None or candidate >= plan_start) and (plan_end is None or candidate <= plan_end):
            return candidate
    return None
