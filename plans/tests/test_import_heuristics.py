"""The heuristics both layouts share: section rows, names, leads as people write them, status words; and the
one function that finds a file's layout."""

import pytest

from plans.importing.detect import detect_layout
from plans.importing.heuristics import (
    ACTION,
    SECTION,
    UNSURE,
    name_key,
    read_lead_cell,
    read_lone_row,
    read_status,
    status_in_text,
)
from plans.importing.structure import RowRef, SourceRow, SourceTable

# --- Section rows ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "short"),
    [
        ("Youth Justice Service (YJS)", "Youth Justice Service", "YJS"),
        ("Adults and Health (A&H)", "Adults and Health", "A&H"),
        ("Early Help & Prevention (EH&P):", "Early Help & Prevention", "EH&P"),
        ("Family Intervention and Support Services", "Family Intervention and Support Services", None),
        ("Safeguarding & Learning:", "Safeguarding & Learning", None),
        ("Useful resources:", "Useful resources", None),
        ("Business Support", "Business Support", None),
        ("Housing", "Housing", None),
    ],
)
def test_a_lone_name_is_a_section_with_its_acronym_and_colon_taken_off(text, name, short):
    read = read_lone_row(text)
    assert (read.kind, read.name, read.short_name) == (SECTION, name, short)


@pytest.mark.parametrize(
    "text",
    [
        "Publish a zero tolerance statement",  # a verb first
        "Review how racist abuse of staff is recorded",
        "Staff are supported to challenge racism.",  # a sentence
        "Workforce development and training for all managers across the directorate",  # long, lower case
        "and the networks are consulted",  # continues the text above
        "- a bullet that carries on a list",
    ],
)
def test_a_lone_row_that_reads_like_an_action_stays_an_action(text):
    assert read_lone_row(text).kind == ACTION


@pytest.mark.parametrize("text", ["Staff wellbeing", "Recruitment and retention", "Review of recruitment (HR):"])
def test_a_lone_row_that_could_be_either_is_unsure(text):
    assert read_lone_row(text).kind == UNSURE


# --- Names -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Non-Theme Related Actions", "Non-theme related"),
        ("Data & Transparency", "data and transparency"),
        ("Culture and leadership", "CULTURE & LEADERSHIP"),
        ("Early Help and Prevention (EHP)", "Early help and prevention"),
        ("Safe spaces for staff.", "Safe  spaces for staff"),
    ],
)
def test_two_spellings_of_one_name_share_a_key(one, other):
    assert name_key(one) == name_key(other)


def test_different_names_keep_different_keys():
    assert name_key("Education and training") != name_key("Recruitment and development")


# --- Leads -------------------------------------------------------------------------------------------------------


def leads(text: str, teams=frozenset()) -> list[tuple]:
    return [(n.name, n.kind, n.team, n.role) for n in read_lead_cell(text, teams=teams).names]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Jo Bloggs / Sam Patel", ["Jo Bloggs", "Sam Patel"]),
        ("Jo Bloggs; Sam Patel", ["Jo Bloggs", "Sam Patel"]),
        ("Jo Bloggs & Sam Patel", ["Jo Bloggs", "Sam Patel"]),
        ("Jo Bloggs and Sam Patel", ["Jo Bloggs", "Sam Patel"]),
        ("Jo Bloggs with Sam Patel", ["Jo Bloggs", "Sam Patel"]),
        ("Jo Bloggs in conjunction with Sam Patel", ["Jo Bloggs", "Sam Patel"]),
        ("Jo Bloggs supported by Sam Patel", ["Jo Bloggs", "Sam Patel"]),
        ("Jo Bloggs\nSam Patel", ["Jo Bloggs", "Sam Patel"]),
        ("Jo Bloggs, Sam Patel", ["Jo Bloggs", "Sam Patel"]),
    ],
)
def test_leads_are_split_on_everything_people_put_between_names(text, names):
    assert [name for name, *_ in leads(text)] == names


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("Jo Bloggs, HR", "HR"),
        ("Jo Bloggs (HR)", "HR"),
        ("Jo Bloggs HR", "HR"),
        ("Jo Bloggs - Head of Performance", "Head of Performance"),
        ("Jo Bloggs, Commissioning Team", "Commissioning Team"),
    ],
)
def test_a_team_or_role_after_a_name_is_kept_apart_from_the_name(text, team):
    assert leads(text) == [("Jo Bloggs", "person", team, None)]


def test_a_team_written_after_a_name_with_only_a_space_is_found_when_it_is_a_unit():
    assert leads("Ama Owusu Early Help", teams=frozenset({"early help"})) == [
        ("Ama Owusu", "person", "Early Help", None)
    ]


def test_initials_after_a_comma_are_another_person_not_a_team():
    assert leads("Anne Canning, LA") == [("Anne Canning", "person", None, None), ("LA", "initials", None, None)]


def test_chair_before_a_name_is_read_as_the_person():
    assert leads("Chair: Sam Patel") == [("Sam Patel", "person", None, "Chair")]


def test_a_group_then_its_chair_then_a_team_are_a_group_and_a_person_with_a_team():
    assert leads("Anti-Racism Steering Group. Chair Jo Bloggs. HR") == [
        ("Anti-Racism Steering Group", "group", None, None),
        ("Jo Bloggs", "person", "HR", "Chair"),
    ]


@pytest.mark.parametrize(
    "text", ["Directorate SMT", "Workforce Board", "Anti-Racism Working Group", "YJS team", "Staff Networks Forum"]
)
def test_groups_and_boards_are_groups(text):
    assert leads(text) == [(text, "group", None, None)]


def test_names_separated_only_by_spaces_are_flagged_not_stored_as_one_lead():
    cell = read_lead_cell("Priya Shah Tom Reed Lee Wong")
    assert cell.names == [] and cell.flagged == ["Priya Shah Tom Reed Lee Wong"]


# --- Status words ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Done", "complete"),
        ("Delivered", "complete"),
        ("On track", "in_progress"),
        ("Underway", "in_progress"),
        ("Not yet started", "not_started"),
        ("Paused", "on_hold"),
        ("No longer required", "not_pursued"),
        ("Complete - signed off by DMT", "complete"),
        ("Slipped", None),
    ],
)
def test_a_status_cell_is_read_from_the_words_people_use(text, status):
    assert read_status(text) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Done: every panel now has a practitioner.", "complete"),
        ("Not yet started - waiting for budget", "not_started"),
        ("No longer required as the council-wide scheme covers it", "not_pursued"),
        ("We have not completed the review", None),
    ],
)
def test_a_progress_cell_states_a_status_at_its_start(text, status):
    assert status_in_text(text) == status


# --- Layout detection --------------------------------------------------------------------------------------------


def table(rows: list[list[str]], name: str = "Table 1") -> list[SourceTable]:
    return [SourceTable(name, [SourceRow(RowRef(name, i), cells) for i, cells in enumerate(rows, start=1)])]


def test_codes_at_two_depths_in_the_first_columns_are_the_numbered_layout():
    found = detect_layout(
        table(
            [
                ["Goal", "Headline Actions", "Timescales", "Lead"],
                ["1. Inclusive recruitment", "", "", ""],
                ["", "1.1 Review recruitment", "", ""],
                ["", "A. Anonymise forms", "July 2020", "LA"],
                ["", "B. Diverse panels", "March 2021", "LV"],
            ]
        )
    )
    assert found.layout == "numbered"
    assert "4 of the 5 rows start with a numbered code" in found.reason


def test_a_header_row_and_no_codes_is_the_columns_layout():
    found = detect_layout(
        table([["Activity", "Lead", "Target Date"], ["Publish a statement", "Jo Bloggs", "June 2022"]])
    )
    assert found.layout == "columns"
    assert "“Activity”, “Lead”, “Target Date”" in found.reason


def test_activities_merely_numbered_1_2_3_under_a_header_row_are_the_columns_layout():
    rows = [["Action", "Lead", "Due"]] + [[f"{n}. Do thing {n}", "JB", "2022"] for n in range(1, 6)]
    assert detect_layout(table(rows)).layout == "columns"


def test_no_header_and_some_codes_is_the_numbered_layout():
    assert detect_layout(table([["1.1 Review recruitment", "LA"], ["Other text", ""]])).layout == "numbered"


def test_neither_a_header_nor_codes_is_the_columns_layout_for_the_person_to_map():
    found = detect_layout(table([["Jo", "Tuesday"], ["Sam", "Friday"]]))
    assert found.layout == "columns" and "choose which column" in found.reason
