"""Splitting a plan's lead cell into names, each with its kind."""

import pytest

from plans.importing.heuristics import LeadName, lead_kind, split_leads


def names(text: str) -> list[tuple[str, str]]:
    return [(lead.name, lead.kind) for lead in split_leads(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LA/LV", [("LA", "initials"), ("LV", "initials")]),
        ("JM/ LV & HO", [("JM", "initials"), ("LV", "initials"), ("HO", "initials")]),
        ("LA & RT with NW", [("LA", "initials"), ("RT", "initials"), ("NW", "initials")]),
        ("LB/AR / CA/MW", [("LB", "initials"), ("AR", "initials"), ("CA", "initials"), ("MW", "initials")]),
        ("SD/MM/DR", [("SD", "initials"), ("MM", "initials"), ("DR", "initials")]),
        ("TB/ AOK", [("TB", "initials"), ("AOK", "initials")]),
    ],
)
def test_initials_are_split_on_slashes_ampersands_and_with(text, expected):
    assert names(text) == expected


def test_space_separated_initials_are_separate_people_and_repeats_are_dropped():
    assert names("TA LA/TA") == [("TA", "initials"), ("LA", "initials")]


def test_a_four_letter_word_keeps_an_upper_case_name_whole_as_a_group():
    assert names("FISS MT") == [("FISS MT", "group")]


def test_corporate_is_a_group_beside_initials():
    assert names("LA/Corporate") == [("LA", "initials"), ("Corporate", "group")]
    assert names("LA/ Corporate") == [("LA", "initials"), ("Corporate", "group")]


def test_a_leadership_group_is_one_group_name():
    assert split_leads("Promoting racial equality Leadership Group") == [
        LeadName("Promoting racial equality Leadership Group", "group")
    ]


def test_a_senior_management_team_is_a_group():
    assert names("Integrated Commissioning SMT") == [("Integrated Commissioning SMT", "group")]


def test_a_full_name_is_a_person():
    assert names("Anne Canning") == [("Anne Canning", "person")]


def test_an_empty_cell_has_no_leads():
    assert split_leads("") == []
    assert split_leads("  /  ") == []


def test_and_inside_a_group_name_does_not_split_it():
    assert names("Safeguarding and Reviewing Team") == [("Safeguarding and Reviewing Team", "group")]


def test_an_ampersand_abbreviation_is_not_a_separator():
    assert names("S&L workforce team") == [("S&L workforce team", "group")]


def test_and_between_people_splits_them():
    assert names("Anne Canning and Lisa Aldridge") == [("Anne Canning", "person"), ("Lisa Aldridge", "person")]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("LA", "initials"), ("SMS", "initials"), ("AOK", "initials"), ("CFS SLT", "group"), ("Lisa", "person")],
)
def test_kind_of_one_name(name, kind):
    assert lead_kind(name) == kind
