"""Read the free-text timescales councils write ("Spring 2021", "Dec 20/ January21") into start and due dates.

UK conventions: dates are day-first, seasons are meteorological, the financial year runs 1 April - 31 March.
The parser never guesses: a phrase it cannot read with confidence comes back with no dates and
``needs_review=True`` so a person sets them. Every rule is described, with examples, in docs/timescales.md.
"""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["Timescale", "parse_timescale"]


@dataclass(frozen=True)
class Timescale:
    """A timescale as written, with the dates read from it; when ``needs_review`` is set the dates are None."""

    text: str  # as written (stripped)
    start: date | None
    due: date | None
    ongoing: bool
    needs_review: bool  # True when it could not be read with confidence: a person must set the date
    rule: str  # the rule that matched ("month", "season", "range", ...; see docs/timescales.md)
    status: str | None = None  # a status the text states ("Completed ...", "Underway", "On hold"), else None

    def as_json(self) -> dict[str, str | bool | None]:
        return {
            "text": self.text,
            "start": self.start.isoformat() if self.start else None,
            "due": self.due.isoformat() if self.due else None,
            "ongoing": self.ongoing,
            "needs_review": self.needs_review,
            "status": self.status,
        }


# Statuses a timescale can state, as plans.choices.Status values (this module stays free of Django).
COMPLETE, IN_PROGRESS, NOT_STARTED, ON_HOLD, NOT_PURSUED = (
    "complete",
    "in_progress",
    "not_started",
    "on_hold",
    "not_pursued",
)
# Longer than any timescale a person writes: read no further (a cell of thousands of digits is flagged, not parsed).
MAX_TIMESCALE_CHARS = 300


def parse_timescale(text: str | None, *, plan_start: date | None = None, plan_end: date | None = None) -> Timescale:
    """Read one timescale; the plan period (both ends needed) supplies a year the writer left out."""
    written = (text or "").strip().strip(_INVISIBLE).strip()
    plan = _plan_period(plan_start, plan_end)
    if len(written) > MAX_TIMESCALE_CHARS:
        return Timescale(written, None, None, False, True, "too-long")
    folded = _fold(written)
    if not folded:
        return Timescale(written, None, None, False, False, "blank")
    bare = re.sub(r"[^a-z0-9/]+", " ", folded).strip()
    if _NOT_APPLICABLE.fullmatch(bare):
        return Timescale(written, None, None, False, False, "not-applicable")
    if re.fullmatch(r"[a-z .-]+", folded) and _ONGOING_TEXT.fullmatch(re.sub(r"[ .-]+", " ", folded).strip()):
        return Timescale(written, None, None, True, False, "ongoing")
    status, rest = _stated_status(folded)
    if status == NOT_PURSUED:  # whatever follows is the reason, not a date
        return Timescale(written, None, None, False, False, "status", status)
    if status is not None and not rest:  # "Underway", "Not yet started", "On hold": no date was given
        return Timescale(written, None, None, False, False, "status", status)
    if status == ON_HOLD:  # "On hold until ...", "On hold due to Covid-19": a person decides what the date means
        return Timescale(written, None, None, False, True, "status", status)
    start, due, ongoing, rule = _read(rest if status else folded, plan)
    if rule == "completed" or (rule == "unreadable" and status is None and _completed_clause(folded)):
        status = COMPLETE
        if rule != "completed":  # "Done in 21/22, reported to Cabinet": the date is in the first clause
            start, due, ongoing, rule = _read_first_clause(folded, plan)
    if start is None and due is None and not ongoing and rule not in _NO_DATE_NEEDED:
        return Timescale(written, None, None, False, True, rule, status)
    return Timescale(written, start, due, ongoing, False, rule, status)


_NO_DATE_NEEDED = frozenset({"blank", "not-applicable", "status"})


def _read(folded: str, plan: Bounds | None) -> Reading:
    """The dates of a folded phrase; (None, None, False, rule) when it cannot be read with confidence."""
    try:
        return _Reader(_tokens(folded), plan).read()
    except _Unreadable as failure:
        return None, None, False, failure.rule
    except OverflowError:  # "before 0001-01-01": a date outside the calendar
        return None, None, False, "impossible-date"


# --- Statuses a timescale states -----------------------------------------------------------------------------

# At the start of the text, then the rest is read as the timescale ("Underway - to finish by June 2022").
_STATUS_PREFIXES: tuple[tuple[str, re.Pattern], ...] = (
    (
        NOT_PURSUED,
        re.compile(
            r"^(?:no longer (?:required|needed|applicable|relevant|being pursued|pursued)|not (?:being )?pursued"
            r"|not (?:required|needed)|cancell?ed|withdrawn|superseded|dropped|decision (?:made |taken )?not to)\b"
        ),
    ),
    (NOT_STARTED, re.compile(r"^(?:not (?:yet )?(?:started|begun)|yet to (?:start|begin|be started))\b")),
    (ON_HOLD, re.compile(r"^(?:on hold|paused|suspended|postponed|deferred)\b")),
    (
        IN_PROGRESS,
        re.compile(r"^(?:work (?:is )?)?(?:in progress|underway|under way|progressing|on track)\b"),
    ),
)
# At the end, after a separator or in brackets: "June 2022 (in progress)", "March 2022 - on hold".
_STATUS_SUFFIXES: tuple[tuple[str, re.Pattern], ...] = (
    (IN_PROGRESS, re.compile(r"[\s,;:(-]+(?:in progress|underway|under way|on track)\)?$")),
    (NOT_STARTED, re.compile(r"[\s,;:(-]+not (?:yet )?started\)?$")),
    (ON_HOLD, re.compile(r"[\s,;:(-]+on hold\)?$")),
)
_LEADING_JOINERS = re.compile(r"^(?:[\s,;:.()-]|but\b|and\b|so\b)+")


def _stated_status(folded: str) -> tuple[str | None, str]:
    """A status stated at the start or end of the phrase, and the phrase without it; (None, phrase) if none."""
    for status, pattern in _STATUS_PREFIXES:
        if match := pattern.match(folded):
            return status, _LEADING_JOINERS.sub("", folded[match.end() :]).strip(" .")
    for status, pattern in _STATUS_SUFFIXES:
        if match := pattern.search(folded):
            return status, folded[: match.start()].strip(" .")
    return None, folded


_CLAUSE_BREAK = re.compile(r"\s*(?:[,;]|\.\s|\s-\s)\s*")


def _completed_clause(folded: str) -> bool:
    """True when the phrase starts by saying the work is done ("Done in 21/22, ..."): its first clause is read."""
    first = _CLAUSE_BREAK.split(folded, maxsplit=1)[0]
    tokens = _merge_keywords([_Tok("WORD", word) for word in re.findall(r"[a-z]+", first)[:3]])
    return bool(tokens) and tokens[0].kind == "KW" and tokens[0].text == "COMPLETED"


def _read_first_clause(folded: str, plan: Bounds | None) -> Reading:
    """A completion sentence: the first clause gives the date when no other clause names one."""
    first, *others = _CLAUSE_BREAK.split(folded)
    if not others or any(_names_a_date(clause) for clause in others):
        return None, None, False, "unreadable"
    start, due, ongoing, rule = _read(first, plan)
    if rule != "completed":
        return None, None, False, "unreadable"
    return start, due, ongoing, rule


def _names_a_date(clause: str) -> bool:
    try:
        tokens = _tokens(clause)
    except _Unreadable:
        return True
    return any(token.kind not in ("WORD", "KW", "SEP", "OTHER") for token in tokens)


# --- Normalising -------------------------------------------------------------------------------------------

_INVISIBLE = "\ufeff\u200b\u200c\u200d"


def _fold(written: str) -> str:
    """Lower-case, with markup, odd dashes and slashed abbreviations made plain so the tokenizer sees one spelling."""
    folded = html.unescape(re.sub(r"<[^>]*>", " ", written)).lower()
    folded = re.sub(r"[\u2010-\u2015\u2212]", "-", folded)
    folded = re.sub(f"[\u00a0{_INVISIBLE}]", " ", folded)
    # These carry a slash or hyphen that the tokenizer would otherwise read as a range or a financial year.
    folded = re.sub(r"\bw\s*/\s*[cb]\b", " weekcommencing ", folded)
    folded = re.sub(r"\bw\s*/\s*e\b", " weekending ", folded)
    folded = re.sub(r"\bon-going\b", "ongoing", folded)
    folded = re.sub(r"(\d)\s+(st|nd|rd|th)\b", r"\1\2", folded)  # "2 nd March": a space typed inside the ordinal
    return " ".join(folded.split())


_NOT_APPLICABLE = re.compile(r"n/a|n a|na|not applicable")

# Whole phrases that say the work is continuous and has no end date.
_ONGOING_TEXT = re.compile(
    r"""
    (?:(?:to\ be\ |being\ )?(?:reviewed|monitored|reported|delivered|embedded|maintained|continued|review|monitor)\ )?
    (?:on\ )?(?:an\ |a\ )?
    (?:ongoing|on\ going|continuous|continual|continuing|rolling|regular|regularly)
    (?:\ (?:basis|work|process|programme|program|activity|review|monitoring))?
    |(?:ongoing\ )?(?:business\ as\ usual|bau)
    |continuously|embedded|embedded\ and\ ongoing|ongoing\ and\ embedded
    |(?:reviewed|monitored|reported)
     \ (?:annually|yearly|quarterly|monthly|termly|weekly|regularly|six\ monthly|bi\ annually)
    """,
    re.X,
)


# --- Tokens ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # MONTH SEASON YEAR NUM DATE BADDATE FY BADFY QUARTER SEP KW WORD OTHER
    text: str = ""  # KW name, SEP character, season, word
    number: int = 0  # MONTH, YEAR, NUM, QUARTER; FY: the year it starts
    digits: int = 0  # NUM: digits as written, since "20" can be a year and "5" cannot
    day: date | None = None  # DATE
    rule: str = ""  # DATE: "day-first-date" or "iso-date"


_TOKEN = re.compile(
    r"""
      (?P<iso>(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d))
    | (?P<dmy>(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?!\d))
    | (?P<fy>(?<!\d)(?:\d{4}\s*[-/]\s*(?:\d{4}|\d{2})|\d{2}[-/]\d{2})(?![\d/]))
    | (?P<num>\d+)(?:st|nd|rd|th)?
    | ['\u2019](?P<apos>\d{2})(?!\d)
    | q(?P<quarter>[1-4])(?![a-z\d])
    | (?P<word>[a-z]+)
    | (?P<sep>[-/&+])
    | (?P<skip>[\s.,:()\[\]"'\u2019\u2018])
    | (?P<other>.)
    """,
    re.X,
)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "febuary": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_SEASONS = {"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter"}


def _phrases(keyword: str, spellings: str) -> dict[tuple[str, ...], str]:
    return {tuple(spelling.split()): keyword for spelling in spellings.split("|")}


# Words the reader understands, as sequences of words; the longest match wins ("by the end of" over "by").
_KEYWORDS: dict[tuple[str, ...], str] = {
    **_phrases(
        "BY",
        "by | by the end of | by end of | by the end | by end | before the end of | no later than | not later than"
        " | by no later than | nlt | deadline | deadline of | due | due by | due date | completion by | complete by"
        " | completed by | to be completed by | to be complete by | to complete by | in place by | delivered by"
        " | implemented by | finished by | up to | to finish by | finish by | to be finished by | to end by"
        " | expected by | expected to finish by | expected to complete by | aiming to finish by | aim to finish by"
        " | due to finish by | due to complete by | due to be completed by | to be delivered by | for completion by",
    ),
    **_phrases("ENDOF", "end of | the end of"),
    **_phrases("UNTIL", "until | till | til | untill | until the end of | until end of | till the end of"),
    **_phrases("BEFORE", "before | prior to"),
    **_phrases("EARLY", "early | early in | start of | the start of | beginning of | the beginning of"),
    **_phrases("MID", "mid | middle of | the middle of | mid way through | midway through"),
    **_phrases("LATE", "late | late in"),
    **_phrases(
        "FROM",
        "from | starting from | with effect from | effective from | ongoing from | since | ongoing since",
    ),
    **_phrases("STARTS", "starts | start | starting | started | commencing | commences | begins | beginning"),
    **_phrases("ONWARDS", "onwards | onward | and onwards | and beyond"),
    **_phrases(
        "ONGOING",
        "ongoing | on going | and ongoing | then ongoing | and then ongoing | continuing | and continuing",
    ),
    **_phrases(
        "COMPLETED",
        "completed | complete | done | achieved | completed in | completed on | completed during | complete on"
        " | delivered | finished | implemented | delivered in | delivered on | finished in | achieved in",
    ),
    **_phrases(
        "DURING",
        "complete during | complete in | complete within | to be completed in | to be completed during"
        " | to be completed within | to complete in | to complete during | completion in | completion during",
    ),
    **_phrases("BETWEEN", "between"),
    **_phrases("TO", "to | through | thru | through to | to the end of | to end of"),
    **_phrases("AND", "and"),
    **_phrases("WC", "weekcommencing | week commencing | week beginning | wc | wb | w c | w b"),
    **_phrases("WE", "weekending | week ending | w e"),
    **_phrases("FYWORD", "fy | financial year | fin year | fiscal year | financial yr"),
    **_phrases("QWORD", "quarter | qtr"),
    **_phrases(
        "TBC",
        "tbc | tbd | tba | to be confirmed | to be agreed | to be decided | to be determined | to be arranged",
    ),
    # Harmless fillers: they do not change the dates a council officer would read.
    **_phrases(
        "FILLER",
        "approx | approximately | around | circa | c | ca | about | roughly | est | estimated | expected"
        " | anticipated | planned | scheduled | target | target date | date | provisionally | provisional"
        " | tentatively | in | during | within | the | on | of | calendar year",
    ),
}
_LONGEST_KEYWORD = max(len(words) for words in _KEYWORDS)


def _tokens(folded: str) -> list[_Tok]:
    raw: list[_Tok] = []
    for match in _TOKEN.finditer(folded):
        kind = match.lastgroup
        text = match.group(kind)
        if kind == "iso":
            year, month, day = (int(part) for part in re.split(r"[-/.]", text))
            raw.append(_date_token(year, month, day, "iso-date"))
        elif kind == "dmy":
            day, month, year = re.split(r"[-/.]", text)
            full_year = int(year) if len(year) == 4 else 2000 + int(year)
            raw.append(_date_token(full_year, int(month), int(day), "day-first-date"))
        elif kind == "fy":
            first, second = (part.strip() for part in re.split(r"[-/]", text))
            start = int(first) if len(first) == 4 else 2000 + int(first)
            follows = int(second) == (start + 1 if len(second) == 4 else (start + 1) % 100)
            raw.append(_Tok("FY", number=start) if follows else _Tok("BADFY", text))
        elif kind == "num":
            digits = len(text)
            if digits == 4 and 1900 <= int(text) <= 2099:
                raw.append(_Tok("YEAR", number=int(text)))
            else:
                raw.append(_Tok("NUM", number=int(text), digits=digits))
        elif kind == "apos":
            raw.append(_Tok("YEAR", number=2000 + int(text)))
        elif kind == "quarter":
            raw.append(_Tok("QUARTER", number=int(text)))
        elif kind == "word":
            if text in _MONTHS:
                raw.append(_Tok("MONTH", number=_MONTHS[text]))
            elif text in _SEASONS:
                raw.append(_Tok("SEASON", _SEASONS[text]))
            else:
                raw.append(_Tok("WORD", text))
        elif kind == "sep":
            raw.append(_Tok("SEP", text))
        elif kind == "other":
            raw.append(_Tok("OTHER", text))
    tokens = [token for token in _merge_keywords(raw) if not (token.kind == "KW" and token.text == "FILLER")]
    if any(token.kind == "KW" and token.text == "TBC" for token in tokens):
        raise _Unreadable("tbc")
    if any(token.kind == "BADDATE" for token in tokens):
        raise _Unreadable("impossible-date")
    return tokens


def _date_token(year: int, month: int, day: int, rule: str) -> _Tok:
    if not 1900 <= year <= 2099:
        return _Tok("BADDATE", f"{day}/{month}/{year}")  # a typo ("01/01/0201"), not a plan date
    try:
        return _Tok("DATE", day=date(year, month, day), rule=rule)
    except ValueError:
        return _Tok("BADDATE", f"{day}/{month}/{year}")


def _merge_keywords(raw: list[_Tok]) -> list[_Tok]:
    merged: list[_Tok] = []
    i = 0
    while i < len(raw):
        if raw[i].kind == "WORD":
            for length in range(min(_LONGEST_KEYWORD, len(raw) - i), 0, -1):
                window = raw[i : i + length]
                if all(token.kind == "WORD" for token in window):
                    keyword = _KEYWORDS.get(tuple(token.text for token in window))
                    if keyword:
                        merged.append(_Tok("KW", keyword))
                        i += length
                        break
            else:
                merged.append(raw[i])
                i += 1
        else:
            merged.append(raw[i])
            i += 1
    return merged


# --- Periods -----------------------------------------------------------------------------------------------

Bounds = tuple[date, date]


class _Unreadable(Exception):
    """The phrase cannot be read with confidence; ``rule`` says why."""

    def __init__(self, rule: str = "unreadable") -> None:
        super().__init__(rule)
        self.rule = rule


@dataclass(frozen=True)
class _Period:
    """A named stretch of time ("March", "Spring 2021"), whose year may have been left out."""

    rule: str
    occurs: Callable[[int], Bounds]  # its first and last day in a given year; ValueError if it has none then
    year: int | None  # None when the writer left the year out

    def bounds(self) -> Bounds:
        assert self.year is not None
        try:
            return self.occurs(self.year)
        except ValueError:
            raise _Unreadable("impossible-date") from None

    def occurs_or_none(self, year: int) -> Bounds | None:
        try:
            return self.occurs(year)
        except ValueError:
            return None


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(month: int, year: int | None) -> _Period:
    return _Period("month", lambda y: (date(y, month, 1), _last_day(y, month)), year)


def _day(day: int, month: int, year: int | None, rule: str = "date") -> _Period:
    return _Period(rule, lambda y: (date(y, month, day), date(y, month, day)), year)


_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}


def _season(name: str, year: int | None) -> _Period:
    if name == "winter":  # winter 2020 is December 2020 to February 2021
        return _Period("season", lambda y: (date(y, 12, 1), _last_day(y + 1, 2)), year)
    first, last = _SEASON_MONTHS[name]
    return _Period("season", lambda y: (date(y, first, 1), _last_day(y, last)), year)


def _quarter(number: int, fy_start: int | None) -> _Period:
    def occurs(y: int) -> Bounds:  # Q1 is April-June of the financial year starting in y; Q4 is January-March
        first = date(y, 3 * number + 1, 1) if number < 4 else date(y + 1, 1, 1)
        return first, _last_day(first.year, first.month + 2)

    return _Period("quarter", occurs, fy_start)


def _financial_year(fy_start: int | None) -> _Period:
    return _Period("financial-year", lambda y: (date(y, 4, 1), date(y + 1, 3, 31)), fy_start)


def _calendar_year(year: int) -> _Period:
    return _Period("year", lambda y: (date(y, 1, 1), date(y, 12, 31)), year)


def _week(day: _Period, *, ending: bool) -> _Period:
    def occurs(y: int) -> Bounds:
        named = day.occurs(y)[0]
        return (named - timedelta(days=6), named) if ending else (named, named + timedelta(days=6))

    return _Period("week-ending" if ending else "week-commencing", occurs, day.year)


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _part(which: str, inner: _Period) -> _Period:
    """Early, mid or late: the first, middle or last third of the period, in days for a month, else in months."""
    third = {"EARLY": 0, "MID": 1, "LATE": 2}[which]

    def occurs(y: int) -> Bounds:
        start, end = inner.occurs(y)
        whole_months = start.day == 1 and end == _last_day(end.year, end.month)
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if whole_months and months == 1:
            first_day, last_day = [(1, 10), (11, 20), (21, end.day)][third]
            return start.replace(day=first_day), start.replace(day=last_day)
        if whole_months and months % 3 == 0:
            size = months // 3
            first = _add_months(start, third * size)
            last = _add_months(first, size - 1)
            return first, _last_day(last.year, last.month)
        raise _Unreadable("unreadable")  # "early 12/03/21", "mid w/c ...": no sensible third

    return _Period("part-of-period", occurs, inner.year)


# --- Reading -----------------------------------------------------------------------------------------------

Reading = tuple[date | None, date | None, bool, str]  # start, due, ongoing, rule


class _Reader:
    """Reads the token list against the phrase shapes in docs/timescales.md; anything left over means review."""

    def __init__(self, tokens: list[_Tok], plan: Bounds | None) -> None:
        self.tokens = tokens
        self.plan = plan
        self.at = 0

    # cursor helpers

    def peek(self, offset: int = 0) -> _Tok | None:
        index = self.at + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def is_(self, kind: str, *texts: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == kind and (not texts or token.text in texts)

    def take(self, kind: str, *texts: str) -> _Tok | None:
        if self.is_(kind, *texts):
            self.at += 1
            return self.tokens[self.at - 1]
        return None

    def two_digits(self, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == "NUM" and token.digits == 2

    def done(self) -> bool:
        return self.at >= len(self.tokens)

    def need_period(self) -> _Period:
        period = self.period()
        if period is None:
            raise _Unreadable()
        return period

    def finish(self) -> None:
        if not self.done():
            raise _Unreadable()  # words or dates left over that the shape does not explain

    # phrase shapes

    def read(self) -> Reading:
        if not self.tokens:
            raise _Unreadable()
        if self.take("KW", "ONGOING"):
            self.finish()
            return None, None, True, "ongoing"
        if self.take("KW", "FROM"):
            first = self.need_period()
            if self.done() or (self.take("KW", "ONWARDS", "ONGOING") and self.done()):
                return self.resolve(first)[0], None, True, "from-onwards"
            return self.range_rest(first)
        if self.take("KW", "STARTS"):
            first = self.need_period()
            if self.take("KW", "ONWARDS", "ONGOING"):
                self.finish()
                return self.resolve(first)[0], None, True, "from-onwards"
            if self.done():
                raise _Unreadable("start-only")  # a start with no end and no "onwards": the due date is unknown
            return self.range_rest(first)
        if self.take("KW", "BETWEEN"):
            first = self.need_period()
            if not self.take("KW", "AND", "TO"):
                raise _Unreadable()
            return self.range_end(first, self.need_period(), adjacent=False)
        if self.take("KW", "BY", "UNTIL", "ENDOF"):
            self.take("KW", "ENDOF")  # "due by end of March 2023"
            period = self.need_period()
            self.finish()
            return None, self.resolve(period)[1], False, "by"
        if self.take("KW", "BEFORE"):
            period = self.need_period()
            self.finish()
            return None, self.resolve(period)[0] - timedelta(days=1), False, "by"
        if self.take("KW", "COMPLETED"):
            self.take("SEP", "-")
            if self.done():
                raise _Unreadable("completed")  # done, but when is not said: a person should record the date
            period = self.need_period()
            self.finish()
            return None, self.resolve(period)[1], False, "completed"
        if self.take("KW", "DURING"):
            period = self.need_period()
            self.finish()
            start, due = self.resolve(period)
            return start, due, False, period.rule

        first = self.need_period()
        if self.done():
            start, due = self.resolve(first)
            return start, due, False, first.rule
        before_tail = self.at
        self.take("SEP", "-")
        tail = self.take("KW", "ONGOING", "ONWARDS", "COMPLETED")
        if tail is not None and self.done():
            if tail.text == "COMPLETED":
                return None, self.resolve(first)[1], False, "completed"
            return self.resolve(first)[0], None, True, "ongoing" if tail.text == "ONGOING" else "from-onwards"
        self.at = before_tail
        return self.range_rest(first)

    def range_rest(self, first: _Period) -> Reading:
        if self.take("SEP", "-") or self.take("KW", "TO", "UNTIL"):
            adjacent = False
        elif self.take("SEP", "/", "&", "+") or self.take("KW", "AND"):
            adjacent = True  # "Jan/Feb", "Summer & Autumn": adjacent periods, not two separate dates
        else:
            raise _Unreadable()
        self.take("KW", "ENDOF")  # "Dec 2020 - end of Feb 2021" ends where "Dec 2020 - Feb 2021" does
        return self.range_end(first, self.need_period(), adjacent=adjacent)

    def range_end(self, first: _Period, last: _Period, *, adjacent: bool) -> Reading:
        self.finish()
        (start, first_end), (last_start, due) = self.resolve_pair(first, last)
        if last_start < start or due < first_end:
            raise _Unreadable()  # runs backwards: "March 2021 - January 2021"
        if adjacent and last_start != first_end + timedelta(days=1):
            raise _Unreadable()  # "Jan/Mar 2021" is two dates, not a range
        return start, due, False, "range"

    # periods

    def period(self) -> _Period | None:
        part = self.take("KW", "EARLY", "MID", "LATE")
        if part is None:
            return self.base_period()
        self.take("SEP", "-")  # "mid-March"
        inner = self.base_period()
        return _part(part.text, inner) if inner else None

    def base_period(self) -> _Period | None:
        token = self.peek()
        if token is None:
            return None
        if token.kind == "DATE" and token.day:
            self.at += 1
            return _day(token.day.day, token.day.month, token.day.year, token.rule)
        if token.kind == "NUM" and token.digits <= 2 and self.is_("MONTH", offset=1):  # "17 November"
            month = self.tokens[self.at + 1].number
            self.at += 2
            return _day(token.number, month, self.year_after())
        if token.kind == "MONTH":
            self.at += 1
            if self.is_("NUM") and self.tokens[self.at].digits <= 2 and self.is_("YEAR", offset=1):
                day = self.tokens[self.at].number  # "November 17, 2020": a day only when a full year follows
                year = self.tokens[self.at + 1].number
                self.at += 2
                return _day(day, token.number, year)
            if self.is_("SEP", "-") and self.two_digits(offset=1):
                self.at += 1  # "Jan-21", as spreadsheets write a month
            return _month(token.number, self.year_after())
        if token.kind == "SEASON":
            self.at += 1
            fy = self.take("FY")
            if fy is None:
                return _season(token.text, self.year_after())
            if token.text == "spring":
                raise _Unreadable("ambiguous")  # spring 2020/21 could be March-May 2020 or March 2021
            return _season(token.text, fy.number)
        if token.kind == "QUARTER" or self.is_("KW", "QWORD"):
            self.at += 1
            number = token.number if token.kind == "QUARTER" else self.quarter_number()
            self.take("KW", "FYWORD")
            fy = self.take("FY")
            if fy is None and self.year_after() is not None:
                raise _Unreadable("ambiguous")  # "Q3 2021": a calendar or a financial quarter?
            return _quarter(number, fy.number if fy else None)
        if self.is_("KW", "FYWORD"):
            self.at += 1
            fy = self.take("FY")
            if fy is None and self.year_after() is not None:
                raise _Unreadable("ambiguous")  # "FY21": 2020/21 or 2021/22?
            return self.fy_tail(fy.number if fy else None)
        if token.kind == "FY":
            self.at += 1
            self.take("KW", "FYWORD")
            return self.fy_tail(token.number)
        if token.kind == "BADFY":
            raise _Unreadable("ambiguous")  # "2022-24", "19/21": not one financial year
        if token.kind == "YEAR":
            self.at += 1
            return _calendar_year(token.number)
        if self.is_("KW", "WC", "WE"):
            self.at += 1
            day = self.base_period()
            if day is None or day.rule not in ("date", "day-first-date", "iso-date"):
                raise _Unreadable()
            return _week(day, ending=token.text == "WE")
        return None

    def fy_tail(self, fy_start: int | None) -> _Period:
        quarter = self.take("QUARTER")  # "2021/22 Q1"
        if quarter is not None:
            return _quarter(quarter.number, fy_start)
        if self.take("KW", "QWORD"):
            return _quarter(self.quarter_number(), fy_start)
        return _financial_year(fy_start)

    def quarter_number(self) -> int:
        number = self.take("NUM")
        if number is None or not 1 <= number.number <= 4:
            raise _Unreadable()
        return number.number

    def year_after(self) -> int | None:
        """The year written after a month or season: "2021", "'21", or two digits ("Dec 20", "January21")."""
        year = self.take("YEAR")
        if year is not None:
            return year.number
        if self.two_digits():
            self.at += 1
            return 2000 + self.tokens[self.at - 1].number
        return None

    # years left out

    def resolve(self, period: _Period) -> Bounds:
        """A period's dates; a year left out is the one occurrence that falls in the plan period."""
        if period.year is not None:
            return period.bounds()
        found = [bounds for bounds in self._occurrences(period) if self._in_plan(bounds)]
        if len(found) != 1:
            raise _Unreadable("year-missing")
        return found[0]

    def resolve_pair(self, first: _Period, last: _Period) -> tuple[Bounds, Bounds]:
        """Both ends of a range; a year left out of one end is taken from the other, and from the plan if both."""
        if first.year is not None and last.year is not None:
            return first.bounds(), last.bounds()
        if last.year is not None:
            last_bounds = last.bounds()
            return self._latest_starting_by(first, last_bounds[0], near=last.year), last_bounds
        if first.year is not None:
            first_bounds = first.bounds()
            return first_bounds, self._earliest_starting_from(last, first_bounds[0], near=first.year)
        pairs = []
        for last_bounds in self._occurrences(last):
            first_bounds = self._latest_starting_by(first, last_bounds[0], near=last_bounds[0].year)
            if self._in_plan((first_bounds[0], last_bounds[1])):
                pairs.append((first_bounds, last_bounds))
        if len(pairs) != 1:
            raise _Unreadable("year-missing")
        return pairs[0]

    def _occurrences(self, period: _Period) -> list[Bounds]:
        if not any(period.occurs_or_none(year) for year in range(2000, 2004)):
            raise _Unreadable("impossible-date")  # "31 November" exists in no year (2000 is a leap year)
        if self.plan is None:
            raise _Unreadable("year-missing")
        years = range(self.plan[0].year - 1, self.plan[1].year + 2)  # winter and Q4 start in the year before
        return [bounds for year in years if (bounds := period.occurs_or_none(year))]

    def _in_plan(self, bounds: Bounds) -> bool:
        assert self.plan is not None
        return bounds[0] <= self.plan[1] and bounds[1] >= self.plan[0]

    @staticmethod
    def _latest_starting_by(period: _Period, limit: date, *, near: int) -> Bounds:
        for year in range(near + 1, near - 3, -1):
            bounds = period.occurs_or_none(year)
            if bounds and bounds[0] <= limit:
                return bounds
        raise _Unreadable("impossible-date")

    @staticmethod
    def _earliest_starting_from(period: _Period, limit: date, *, near: int) -> Bounds:
        for year in range(near - 1, near + 3):
            bounds = period.occurs_or_none(year)
            if bounds and bounds[0] >= limit:
                return bounds
        raise _Unreadable("impossible-date")


def _plan_period(plan_start: date | None, plan_end: date | None) -> Bounds | None:
    if plan_start is None or plan_end is None:
        return None  # one end alone cannot say which occurrence of "March" is meant
    if plan_end < plan_start:
        raise ValueError(f"plan_end {plan_end} is before plan_start {plan_start}")
    return plan_start, plan_end
