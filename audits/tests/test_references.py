"""An audit's subject is a case or record reference: names and initials are refused, with the reason why."""

import pytest
from django.core.exceptions import ValidationError

from audits.references import WHY, reference_problem, validate_subject_reference


@pytest.mark.parametrize(
    "reference", ["CF-2024-0193", "LAC/123", "Mosaic 123456", "Case file 88213", "CIN 4521", "2024/0193", "Q2 sample 3"]
)
def test_case_and_record_references_are_accepted(reference):
    assert reference_problem(reference) is None


@pytest.mark.parametrize("name", ["Jane Smith", "Amara Okafor-Bello", "Baby Smith", "J. Smith", "smith"])
def test_a_name_without_a_number_is_refused_because_a_reference_has_a_number(name):
    problem = reference_problem(name)
    assert problem is not None and "has a number in it" in problem and WHY in problem


@pytest.mark.parametrize("reference", ["Amara Okafor 123", "SMITH-123", "CF-2024-0193 Jane"])
def test_a_name_alongside_a_number_is_refused_naming_the_word(reference):
    problem = reference_problem(reference)
    assert problem is not None and "looks like part of a person's name" in problem and WHY in problem


@pytest.mark.parametrize("initials", ["J.S.", "J. S. 123", "A.B.C. 44"])
def test_initials_are_refused_as_initials(initials):
    assert "looks like a person's initials" in reference_problem(initials)


def test_plain_initials_without_a_number_are_refused():
    assert reference_problem("JS") is not None


def test_characters_a_reference_does_not_use_are_refused():
    assert "Use only letters, numbers" in reference_problem("CF-2024-0193 <script>")


def test_the_validator_raises_with_the_message_people_read():
    with pytest.raises(ValidationError) as error:
        validate_subject_reference("Jane Smith")
    assert "names stay in the case record" in error.value.messages[0]
