"""Reading a progress cell: dated updates, a stated status and "Update needed"."""

from datetime import date

import pytest

from plans.importing.progress import detect_status, says_update_needed, split_progress
from plans.importing.structure import ParsedUpdate


def test_text_before_the_first_update_marker_is_an_undated_update_then_the_dated_ones():
    text = (
        "Corporate wide Inclusive Leadership Champion 'reverse mentoring' to be promoted when developed "
        "Update 09/10/20- Corporate Mentoring role in development Draft Role Description"
    )
    assert split_progress(text) == [
        ParsedUpdate("Corporate wide Inclusive Leadership Champion 'reverse mentoring' to be promoted when developed"),
        ParsedUpdate("Corporate Mentoring role in development Draft Role Description", date(2020, 10, 9)),
    ]


def test_a_month_and_year_marker_is_dated_the_first_of_the_month():
    text = "Diverse Panels introduced 2019- COMPLETE. Update December 2020: this has been agreed at WFDB."
    updates = split_progress(text)
    assert updates[1] == ParsedUpdate("this has been agreed at WFDB.", date(2020, 12, 1))
    assert updates[0].date is None


def test_a_cell_that_starts_with_a_marker_has_no_undated_update():
    text = "Update 24/09/20- Confirmed opportunity for Corporate workshop to be offered to staff."
    assert split_progress(text) == [
        ParsedUpdate("Confirmed opportunity for Corporate workshop to be offered to staff.", date(2020, 9, 24))
    ]


def test_dated_updates_come_oldest_first_after_the_undated_one():
    text = "Started. Update 05/01/2021: second. Update 03/11/20 – first. Update March 2021 third"
    assert [(u.text, u.date) for u in split_progress(text)] == [
        ("Started.", None),
        ("first.", date(2020, 11, 3)),
        ("second.", date(2021, 1, 5)),
        ("third", date(2021, 3, 1)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Children and Education Shadowing Scheme on hold due to Covid-19 (update correct as of September 2020).",
        "Thematic audit (Oct 2020) to be reviewed.",
        "List shared with SD (09/20). Revisited (05/21).",
    ],
)
def test_dates_that_do_not_follow_an_update_marker_stay_in_the_text(text):
    assert split_progress(text) == [ParsedUpdate(text)]


def test_a_date_without_a_year_takes_the_year_inside_the_plan_period():
    text = "Update 24/09 - a. Update 01/02: b"
    updates = split_progress(text, plan_start=date(2020, 4, 1), plan_end=date(2021, 3, 31))
    assert [(u.text, u.date) for u in updates] == [("a.", date(2020, 9, 24)), ("b", date(2021, 2, 1))]


def test_a_date_without_a_year_and_no_plan_period_stays_unread_and_keeps_its_marker():
    assert split_progress("Update 24/09 - done") == [ParsedUpdate("Update 24/09 - done")]


def test_an_impossible_date_keeps_its_marker_in_the_text():
    updates = split_progress("Update 31/02/21 - oops. Update 01/03/21 - fine")
    assert [(u.text, u.date) for u in updates] == [("Update 31/02/21 - oops.", None), ("fine", date(2021, 3, 1))]


def test_an_empty_cell_has_no_updates():
    assert split_progress("") == []
    assert split_progress("   ") == []


@pytest.mark.parametrize(
    "text",
    [
        "Anonymous recruitment to start July 2020- COMPLETE",
        "COMPLETE - a Family Unit Social Worker joined the Forum at the beginning of November.",
        "Completed June 2020.",
        "-Vision statement COMPLETE -definition to be developed",
    ],
)
def test_complete_in_capitals_or_completed_means_complete(text):
    assert detect_status(text) == "complete"


@pytest.mark.parametrize(
    "text",
    [
        "Annual Report 2019/20 has yet to be completed.",
        "The work is not Completed yet",
        "We hope to complete this in spring",
    ],
)
def test_completed_in_passing_or_negated_is_not_complete(text):
    assert detect_status(text) is None


@pytest.mark.parametrize("text", ["On hold whilst systems are down.", "Scheme on hold due to Covid-19"])
def test_on_hold_in_any_case_means_on_hold(text):
    assert detect_status(text) == "on_hold"


@pytest.mark.parametrize(
    "text", ["In progress - to be recirculated to staff in November 2020.", "Initial Research underway. More to do."]
)
def test_in_progress_or_underway_at_the_start_means_in_progress(text):
    assert detect_status(text) == "in_progress"


def test_underway_later_in_the_text_says_nothing_about_status():
    text = "This is being implemented for the Lead role; consultation re recruitment is underway for Directors"
    assert detect_status(text) is None


def test_a_decision_not_to_roll_out_is_left_for_a_person():
    assert detect_status("Decision made not to roll this out; another programme was used instead.") is None


def test_update_needed_is_spotted_in_any_case_with_or_without_a_full_stop():
    assert says_update_needed("Update needed.")
    assert says_update_needed("update needed")
    assert not says_update_needed("Update 09/10/20- dashboard still in development")
