"""The timescale parser: each rule in docs/timescales.md, the CFS plan's own phrases, and the checking command."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from plans import demo
from plans.timescales import Timescale, parse_timescale

FY_2020_21 = {"plan_start": date(2020, 4, 1), "plan_end": date(2021, 3, 31)}

# What a phrase reads as, the way the docs write it: (start, due, ongoing, needs_review), ISO dates or None.
Expected = tuple[str | None, str | None, bool, bool]


def read(text: str | None, **plan: date) -> Expected:
    result = parse_timescale(text, **plan)
    return (
        result.start.isoformat() if result.start else None,
        result.due.isoformat() if result.due else None,
        result.ongoing,
        result.needs_review,
    )


# --- The CFS plan (the demo's file): every distinct phrase in its Timescales column ---------------------------------

SEED_PLAN = demo.PLAN_FILE

CFS_PLAN_TIMESCALES: dict[str, Expected] = {
    "July 2020": ("2020-07-01", "2020-07-31", False, False),
    "March 2020": ("2020-03-01", "2020-03-31", False, False),
    "January 2021": ("2021-01-01", "2021-01-31", False, False),
    "Dec 2020": ("2020-12-01", "2020-12-31", False, False),
    "Spring 2021": ("2021-03-01", "2021-05-31", False, False),
    "Oct 2020": ("2020-10-01", "2020-10-31", False, False),
    "Jan 2021": ("2021-01-01", "2021-01-31", False, False),
    "From Summer 2020 onwards": ("2020-06-01", None, True, False),
    "Autumn 2020": ("2020-09-01", "2020-11-30", False, False),
    "Reviewed on ongoing basis": (None, None, True, False),
    "June 2020": ("2020-06-01", "2020-06-30", False, False),
}


def seed_plan_timescales() -> set[str]:
    """Distinct non-empty Timescales cells, counted from the right: rows under a merged Goal cell lack that cell."""
    with SEED_PLAN.open(encoding="utf-8", newline="") as seed:
        rows = list(csv.reader(seed, delimiter="\t", quoting=csv.QUOTE_NONE))
    header = next(row for row in rows if "Timescales" in row)
    from_right = len(header) - header.index("Timescales")
    return {
        row[-from_right].strip()
        for row in rows
        if len(row) >= len(header) - 1 and row is not header and row[-from_right].strip()
    }


@pytest.mark.parametrize(("text", "expected"), CFS_PLAN_TIMESCALES.items())
def test_every_timescale_in_the_cfs_plan_is_read_as_documented(text: str, expected: Expected) -> None:
    assert read(text, **FY_2020_21) == expected


def test_the_table_above_holds_every_distinct_timescale_in_the_seed_plan() -> None:
    phrases = seed_plan_timescales()
    assert phrases == set(CFS_PLAN_TIMESCALES)
    read_as_documented = [text for text in phrases if read(text, **FY_2020_21) == CFS_PLAN_TIMESCALES[text]]
    assert len(read_as_documented) / len(phrases) >= 0.95


# --- The brief's examples ------------------------------------------------------------------------------------

BRIEF_EXAMPLES: dict[str, Expected] = {
    "July 2020": ("2020-07-01", "2020-07-31", False, False),
    "Dec 2020": ("2020-12-01", "2020-12-31", False, False),
    "January21": ("2021-01-01", "2021-01-31", False, False),
    "Spring 2021": ("2021-03-01", "2021-05-31", False, False),
    "Dec 20/ January21": ("2020-12-01", "2021-01-31", False, False),
    "December - February": ("2020-12-01", "2021-02-28", False, False),
    "Starts 17 November to February 2021": ("2020-11-17", "2021-02-28", False, False),
    "From Summer 2020 onwards": ("2020-06-01", None, True, False),
    "By April 2021": (None, "2021-04-30", False, False),
    "completion by March 2021": (None, "2021-03-31", False, False),
    "Completed June 2020.": (None, "2020-06-30", False, False),
    "Ongoing": (None, None, True, False),
    "Reviewed on ongoing basis": (None, None, True, False),
    "December 2020 and ongoing.": ("2020-12-01", None, True, False),
    "Complete during 20/21 ...": ("2020-04-01", "2021-03-31", False, False),
    "TBC": (None, None, False, True),
    "": (None, None, False, False),
}


@pytest.mark.parametrize(("text", "expected"), BRIEF_EXAMPLES.items())
def test_the_briefs_examples_are_read_as_documented_in_a_2020_21_plan(text: str, expected: Expected) -> None:
    assert read(text, **FY_2020_21) == expected


# --- One test per rule ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", None, "\n\t", "<p></p>"])
def test_blank_text_has_no_dates_and_needs_no_review(text: str | None) -> None:
    result = parse_timescale(text)
    assert (result.start, result.due, result.ongoing, result.needs_review, result.rule) == (
        None, None, False, False, "blank",
    )  # fmt: skip


@pytest.mark.parametrize("text", ["TBC", "tbc", "to be confirmed", "Date TBC", "Spring 2021 (tbc)", "TBA"])
def test_to_be_confirmed_needs_a_person_to_set_the_date(text: str) -> None:
    result = parse_timescale(text)
    assert read(text) == (None, None, False, True)
    assert result.rule == "tbc"


@pytest.mark.parametrize("text", ["N/A", "n/a", "NA", "Not applicable"])
def test_not_applicable_has_no_dates_and_needs_no_review(text: str) -> None:
    assert read(text) == (None, None, False, False)
    assert parse_timescale(text).rule == "not-applicable"


def test_the_text_is_kept_as_written_apart_from_surrounding_space() -> None:
    assert parse_timescale("  Dec 20/ January21 \n").text == "Dec 20/ January21"


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("July 2020", "2020-07-01", "2020-07-31"),
        ("Dec 2020", "2020-12-01", "2020-12-31"),
        ("January21", "2021-01-01", "2021-01-31"),
        ("Sept 2020", "2020-09-01", "2020-09-30"),
        ("sep 2020", "2020-09-01", "2020-09-30"),
        ("JULY 2020", "2020-07-01", "2020-07-31"),
        ("Jan-21", "2021-01-01", "2021-01-31"),
        ("Dec 20", "2020-12-01", "2020-12-31"),
        ("March '21", "2021-03-01", "2021-03-31"),
        ("Feb 2020", "2020-02-01", "2020-02-29"),
    ],
)
def test_a_month_and_year_runs_from_its_first_to_its_last_day(text: str, start: str, due: str) -> None:
    assert read(text) == (start, due, False, False)
    assert parse_timescale(text).rule == "month"


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("Spring 2021", "2021-03-01", "2021-05-31"),
        ("summer 2020", "2020-06-01", "2020-08-31"),
        ("Autumn 2020", "2020-09-01", "2020-11-30"),
        ("Fall 2020", "2020-09-01", "2020-11-30"),
        ("Spring 21", "2021-03-01", "2021-05-31"),
    ],
)
def test_a_season_runs_over_meteorological_months(text: str, start: str, due: str) -> None:
    assert read(text) == (start, due, False, False)
    assert parse_timescale(text).rule == "season"


@pytest.mark.parametrize("text", ["Winter 2020", "winter 2020/21", "Winter 20/21"])
def test_winter_runs_from_december_into_february_of_the_next_year(text: str) -> None:
    assert read(text) == ("2020-12-01", "2021-02-28", False, False)


@pytest.mark.parametrize(
    "text", ["20/21", "2020/21", "2020-21", "FY 2020/21", "2020/2021", "2020/21 financial year", "FY20/21"]
)
def test_a_financial_year_runs_from_1_april_to_31_march(text: str) -> None:
    assert read(text) == ("2020-04-01", "2021-03-31", False, False)
    assert parse_timescale(text).rule == "financial-year"


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("Q1 2021/22", "2021-04-01", "2021-06-30"),
        ("Q2 2021/22", "2021-07-01", "2021-09-30"),
        ("Q3 2021/22", "2021-10-01", "2021-12-31"),
        ("Q4 2021/22", "2022-01-01", "2022-03-31"),
        ("2021/22 Q1", "2021-04-01", "2021-06-30"),
        ("Quarter 2 2021/22", "2021-07-01", "2021-09-30"),
        ("Q3 FY21/22", "2021-10-01", "2021-12-31"),
    ],
)
def test_financial_quarters_count_from_april(text: str, start: str, due: str) -> None:
    assert read(text) == (start, due, False, False)
    assert parse_timescale(text).rule == "quarter"


@pytest.mark.parametrize(
    "text", ["Complete during 20/21 ...", "complete in 2020/21", "To be completed during FY 20/21"]
)
def test_complete_during_a_financial_year_covers_that_year(text: str) -> None:
    assert read(text) == ("2020-04-01", "2021-03-31", False, False)


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("Dec 20/ January21", "2020-12-01", "2021-01-31"),
        ("Dec-March 2021", "2020-12-01", "2021-03-31"),
        ("Starts 17 November to February 2021", "2020-11-17", "2021-02-28"),
        ("Summer/Autumn 2020", "2020-06-01", "2020-11-30"),
        ("Dec 2020 \u2013 Jan 2021", "2020-12-01", "2021-01-31"),
        ("From April 2021 to March 2022", "2021-04-01", "2022-03-31"),
        ("between March and May 2021", "2021-03-01", "2021-05-31"),
        ("July and August 2020", "2020-07-01", "2020-08-31"),
        ("Q1-Q2 2021/22", "2021-04-01", "2021-09-30"),
        ("2020 to 2021", "2020-01-01", "2021-12-31"),
    ],
)
def test_a_range_runs_from_the_start_of_its_first_part_to_the_end_of_its_last(text: str, start: str, due: str) -> None:
    assert read(text) == (start, due, False, False)
    assert parse_timescale(text).rule == "range"


@pytest.mark.parametrize(
    ("text", "start"),
    [("Dec - Feb 2021", "2020-12-01"), ("Jan - March 2021", "2021-01-01"), ("Winter - Spring 2021", "2020-12-01")],
)
def test_a_range_takes_a_missing_first_year_from_the_second_part_going_back_a_year_if_needed(
    text: str, start: str
) -> None:
    assert read(text)[0] == start


def test_a_range_takes_a_missing_second_year_from_the_first_part() -> None:
    assert read("Dec 2020 - Feb") == ("2020-12-01", "2021-02-28", False, False)


def test_a_range_that_runs_backwards_needs_review() -> None:
    assert read("March 2021 - January 2021") == (None, None, False, True)


@pytest.mark.parametrize("text", ["Jan/Mar 2021", "Spring 2021 & Spring 2022", "July and September 2020"])
def test_a_slash_or_and_between_periods_that_do_not_meet_needs_review(text: str) -> None:
    assert read(text) == (None, None, False, True)


@pytest.mark.parametrize(
    "text",
    [
        "From Summer 2020 onwards",
        "Summer 2020 onwards",
        "From Summer 2020",
        "Since June 2020",
        "Starting June 2020 onwards",
    ],
)
def test_from_a_date_onwards_has_a_start_and_no_due_date(text: str) -> None:
    assert read(text) == ("2020-06-01", None, True, False)
    assert parse_timescale(text).rule == "from-onwards"


def test_a_start_with_no_end_and_no_onwards_needs_review() -> None:
    assert read("Starting January 2021") == (None, None, False, True)
    assert parse_timescale("Starting January 2021").rule == "start-only"


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("By April 2021", "2021-04-30"),
        ("completion by March 2021", "2021-03-31"),
        ("no later than 31/03/21", "2021-03-31"),
        ("end of March 2021", "2021-03-31"),
        ("by the end of Q3 2021/22", "2021-12-31"),
        ("until Spring 2021", "2021-05-31"),
        ("Deadline: 2021", "2021-12-31"),
    ],
)
def test_a_deadline_sets_only_the_due_date(text: str, due: str) -> None:
    assert read(text) == (None, due, False, False)
    assert parse_timescale(text).rule == "by"


def test_before_a_period_is_due_the_day_before_it_starts() -> None:
    assert read("before April 2021") == (None, "2021-03-31", False, False)


@pytest.mark.parametrize(
    "text", ["Completed June 2020.", "Completed in June 2020", "COMPLETE - June 2020", "June 2020 complete"]
)
def test_completed_is_due_at_the_end_of_its_period_with_no_start(text: str) -> None:
    assert read(text) == (None, "2020-06-30", False, False)
    assert parse_timescale(text).rule == "completed"


def test_complete_without_a_date_needs_review() -> None:
    assert read("COMPLETE") == (None, None, False, True)


@pytest.mark.parametrize(
    "text", ["Ongoing", "ongoing.", "On-going", "Reviewed on ongoing basis", "on an ongoing basis", "Business as usual"]
)
def test_ongoing_work_has_no_dates_and_needs_no_review(text: str) -> None:
    assert read(text) == (None, None, True, False)
    assert parse_timescale(text).rule == "ongoing"


@pytest.mark.parametrize("text", ["December 2020 and ongoing.", "Dec 2020 - ongoing", "Ongoing from December 2020"])
def test_ongoing_from_a_date_keeps_that_start(text: str) -> None:
    assert read(text) == ("2020-12-01", None, True, False)


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("March", "2021-03-01", "2021-03-31"),
        ("June", "2020-06-01", "2020-06-30"),
        ("December - February", "2020-12-01", "2021-02-28"),
        ("Winter", "2020-12-01", "2021-02-28"),
        ("Q3", "2020-10-01", "2020-12-31"),
        ("17 November", "2020-11-17", "2020-11-17"),
        ("mid-March", "2021-03-11", "2021-03-20"),
    ],
)
def test_a_year_left_out_is_taken_from_the_plan_period(text: str, start: str, due: str) -> None:
    assert read(text, **FY_2020_21) == (start, due, False, False)


@pytest.mark.parametrize("text", ["March", "December - February", "Q3", "By March"])
def test_a_year_left_out_needs_review_without_a_plan_period(text: str) -> None:
    assert read(text) == (None, None, False, True)
    assert parse_timescale(text).rule == "year-missing"


def test_a_year_left_out_needs_review_when_the_plan_period_holds_that_month_twice() -> None:
    assert read("March", plan_start=date(2020, 1, 1), plan_end=date(2021, 12, 31)) == (None, None, False, True)


def test_a_year_left_out_needs_review_when_the_plan_period_never_holds_that_month() -> None:
    assert read("December", plan_start=date(2020, 4, 1), plan_end=date(2020, 6, 30)) == (None, None, False, True)


def test_spring_needs_review_in_a_financial_year_plan_because_it_straddles_the_year_end() -> None:
    assert read("Spring", **FY_2020_21) == (None, None, False, True)


def test_one_end_of_a_plan_period_alone_does_not_supply_a_year() -> None:
    assert read("March", plan_start=date(2020, 4, 1)) == (None, None, False, True)


def test_a_plan_period_that_ends_before_it_starts_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="before plan_start"):
        parse_timescale("March", plan_start=date(2021, 4, 1), plan_end=date(2020, 3, 31))


@pytest.mark.parametrize(
    ("text", "day"), [("22/02/21", "2021-02-22"), ("01.12.20", "2020-12-01"), ("22-02-2021", "2021-02-22")]
)
def test_numeric_dates_are_day_first_with_two_digit_years_in_the_2000s(text: str, day: str) -> None:
    assert read(text) == (day, day, False, False)
    assert parse_timescale(text).rule == "day-first-date"


@pytest.mark.parametrize("text", ["17 November 2020", "17th Nov 2020", "November 17, 2020"])
def test_a_day_with_a_month_name_is_that_one_day(text: str) -> None:
    assert read(text) == ("2020-11-17", "2020-11-17", False, False)


def test_an_iso_date_is_read_year_first() -> None:
    assert read("2021-03-31") == ("2021-03-31", "2021-03-31", False, False)
    assert parse_timescale("2021-03-31").rule == "iso-date"


@pytest.mark.parametrize("text", ["31/02/21", "31 November 2020", "29/02/21", "12/13/2020", "01/01/0201"])
def test_an_impossible_date_needs_review(text: str) -> None:
    assert read(text) == (None, None, False, True)
    assert parse_timescale(text).rule == "impossible-date"


def test_a_year_alone_is_the_calendar_year() -> None:
    assert read("2021") == ("2021-01-01", "2021-12-31", False, False)
    assert parse_timescale("2021").rule == "year"


@pytest.mark.parametrize(
    "text",
    [
        "approx. March 2021",
        "circa March 2021",
        "c. March 2021",
        "Target: March 2021",
        "in March 2021",
        "during March 2021",
    ],
)
def test_harmless_fillers_do_not_change_the_dates(text: str) -> None:
    assert read(text) == ("2021-03-01", "2021-03-31", False, False)


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("early March 2021", "2021-03-01", "2021-03-10"),
        ("mid-March 2021", "2021-03-11", "2021-03-20"),
        ("late March 2021", "2021-03-21", "2021-03-31"),
        ("early 2021", "2021-01-01", "2021-04-30"),
        ("mid 2021", "2021-05-01", "2021-08-31"),
        ("late 2021", "2021-09-01", "2021-12-31"),
        ("late summer 2021", "2021-08-01", "2021-08-31"),
        ("start of 2021/22", "2021-04-01", "2021-07-31"),
    ],
)
def test_early_mid_and_late_take_the_first_middle_or_last_third(text: str, start: str, due: str) -> None:
    assert read(text) == (start, due, False, False)
    assert parse_timescale(text).rule == "part-of-period"


@pytest.mark.parametrize("text", ["w/c 12/04/21", "W/C 12 April 2021", "week commencing 12/04/21"])
def test_week_commencing_runs_seven_days_from_that_day(text: str) -> None:
    assert read(text) == ("2021-04-12", "2021-04-18", False, False)


@pytest.mark.parametrize("text", ["Q3 2021", "FY21", "2022-24", "Spring 2020/21"])
def test_forms_with_two_likely_meanings_need_review(text: str) -> None:
    assert read(text) == (None, None, False, True)
    assert parse_timescale(text).rule == "ambiguous"


@pytest.mark.parametrize(
    "text",
    [
        "January 2021 (delayed)",
        "March 2021?",
        "Ongoing?",
        "Autumn term 2020",
        "ASAP",
        "-",
        "March 5",
        "December 2020 to date",
        "2020-21 ongoing 3",
    ],
)
def test_words_it_does_not_understand_need_review(text: str) -> None:
    assert read(text) == (None, None, False, True)


@pytest.mark.parametrize("text", ["July 2020 Dec 2020", "Spring 2021, Autumn 2021", "Dec 2020 / Jan 2021 / Feb 2021"])
def test_two_unrelated_dates_need_review(text: str) -> None:
    assert read(text) == (None, None, False, True)


def test_markup_left_in_imported_cells_is_ignored() -> None:
    assert read("<p>Spring&nbsp;2021</p>") == ("2021-03-01", "2021-05-31", False, False)


def test_as_json_gives_iso_dates_under_fixed_keys_in_order() -> None:
    result = parse_timescale("From Summer 2020 onwards")
    assert list(result.as_json().items()) == [
        ("text", "From Summer 2020 onwards"),
        ("start", "2020-06-01"),
        ("due", None),
        ("ongoing", True),
        ("needs_review", False),
        ("status", None),
    ]


def test_the_result_is_an_immutable_timescale() -> None:
    result = parse_timescale("July 2020")
    assert isinstance(result, Timescale)
    with pytest.raises(AttributeError):
        result.due = None  # type: ignore[misc]


# --- The command ---------------------------------------------------------------------------------------------


def run_command(stdin: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[dict]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("parse_timescale", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_command_writes_one_json_line_per_input_line_blank_lines_included(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = run_command(
        "July 2020\n\nDecember - February\nTBC\n", monkeypatch, "--plan-start", "2020-04-01", "--plan-end", "2021-03-31"
    )
    assert lines == [
        {"text": "July 2020", "start": "2020-07-01", "due": "2020-07-31", "ongoing": False, "needs_review": False,
         "status": None},
        {"text": "", "start": None, "due": None, "ongoing": False, "needs_review": False, "status": None},
        {"text": "December - February", "start": "2020-12-01", "due": "2021-02-28", "ongoing": False,
         "needs_review": False, "status": None},
        {"text": "TBC", "start": None, "due": None, "ongoing": False, "needs_review": True, "status": None},
    ]  # fmt: skip
    assert all(list(line) == ["text", "start", "due", "ongoing", "needs_review", "status"] for line in lines)


def test_the_command_without_a_plan_period_flags_a_month_with_no_year(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_command("March\r\n", monkeypatch)[0]["needs_review"] is True


def test_the_command_rejects_a_plan_start_that_is_not_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match="--plan-start must be a date written YYYY-MM-DD"):
        run_command("March\n", monkeypatch, "--plan-start", "01/04/2020", "--plan-end", "2021-03-31")


def test_the_command_needs_both_ends_of_a_plan_period(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match="both --plan-start and --plan-end"):
        run_command("March\n", monkeypatch, "--plan-start", "2020-04-01")


# --- Statuses stated in the timescale column (issue 9): the status as well as the dates ------------------------

# (start, due, ongoing, needs_review, status): phrases written for these tests in the shapes officers use.
StatusExpected = tuple[str | None, str | None, bool, bool, str | None]


def read_with_status(text: str, **plan: date) -> StatusExpected:
    result = parse_timescale(text, **plan)
    return (*read(text, **plan), result.status)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Completed", (None, None, False, True, "complete")),  # done, but when is not said: a person records it
        ("Done", (None, None, False, True, "complete")),
        ("Delivered Sept 2021", (None, "2021-09-30", False, False, "complete")),
        ("Delivered 2 nd Sept 2021", (None, "2021-09-02", False, False, "complete")),
        ("Finished in March 2022.", (None, "2022-03-31", False, False, "complete")),
        ("Achieved in Summer 2021 – signed off by DMT", (None, "2021-08-31", False, False, "complete")),
        ("Done in 21/22, reported to Cabinet", (None, "2022-03-31", False, False, "complete")),
        ("Implemented; evaluated in Q2 2022/23", (None, None, False, True, "complete")),  # a second date: flagged
    ],
)
def test_completion_words_set_complete_and_the_date_it_was_done(text: str, expected: StatusExpected) -> None:
    assert read_with_status(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Underway", (None, None, False, False, "in_progress")),
        ("Under way", (None, None, False, False, "in_progress")),
        ("In progress - to finish by June 2022", (None, "2022-06-30", False, False, "in_progress")),
        ("In progress \u2013 to finish by June 2022", (None, "2022-06-30", False, False, "in_progress")),
        ("Underway \u2014 expected by Q3 2022/23", (None, "2022-12-31", False, False, "in_progress")),
        ("Work underway: due to complete by end of March 2023", (None, "2023-03-31", False, False, "in_progress")),
        ("Oct 2022 (in progress)", ("2022-10-01", "2022-10-31", False, False, "in_progress")),
        ("Underway, slipping from March", (None, None, False, True, "in_progress")),  # the rest is flagged
    ],
)
def test_work_underway_is_in_progress_and_its_deadline_is_read(text: str, expected: StatusExpected) -> None:
    assert read_with_status(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not yet started", (None, None, False, False, "not_started")),
        ("Not started \u2014 due by end of March 2023", (None, "2023-03-31", False, False, "not_started")),
        ("Yet to start: Spring 2023", ("2023-03-01", "2023-05-31", False, False, "not_started")),
        ("On hold", (None, None, False, False, "on_hold")),
        ("On hold until the restructure is agreed", (None, None, False, True, "on_hold")),
        ("Paused - restart Jan 2023", (None, None, False, True, "on_hold")),
        ("No longer required", (None, None, False, False, "not_pursued")),
        ("No longer required (merged into 2.1 in 2022)", (None, None, False, False, "not_pursued")),
        ("Cancelled", (None, None, False, False, "not_pursued")),
    ],
)
def test_not_started_on_hold_and_not_pursued_are_read_from_the_timescale(text: str, expected: StatusExpected) -> None:
    assert read_with_status(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Sept 2021 - Jan 2022", "Sept 2021 \u2013 Jan 2022", "Sept 2021 \u2014 Jan 2022", "Sept 2021\u2212Jan 2022"],
)
def test_every_kind_of_dash_joins_a_range(text: str) -> None:
    assert read(text) == ("2021-09-01", "2022-01-31", False, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 nd March 2021", ("2021-03-02", "2021-03-02", False, False)),
        ("by the 31 st of March 2022", (None, "2022-03-31", False, False)),
        ("w/c 3 rd May 2021", ("2021-05-03", "2021-05-09", False, False)),
    ],
)
def test_a_space_typed_inside_an_ordinal_is_ignored(text: str, expected: Expected) -> None:
    assert read(text) == expected


def test_without_a_status_word_the_status_is_none() -> None:
    assert parse_timescale("Spring 2021").status is None
    assert parse_timescale("completion by March 2021").status is None  # a deadline, not a completion


def test_a_timescale_of_thousands_of_digits_is_flagged_without_being_read() -> None:
    result = parse_timescale("2" * 5000)
    assert (result.start, result.due, result.needs_review, result.rule) == (None, None, True, "too-long")
