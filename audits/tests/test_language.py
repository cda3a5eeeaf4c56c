"""The language matcher: whole words in any case, inflections and plurals, exceptions, a person's own words,
unexplained abbreviations, where each term is, and the rate per 1,000 words. No database."""

import json
from decimal import Decimal

import pytest

from audits import language
from audits.language import ABBREVIATIONS, Term, check
from audits.services import GLOSSARY

AGGRESSIVE = Term(
    key="aggressive",
    label="aggressive",
    reason="A behavioural label.",
    alternatives=("Describe what happened",),
    forms=("aggressive", "aggressively", "aggression", "aggressiveness"),
)
HARD = Term(key="hard", label="hard", reason="Test term.", forms=("hard",))
HARD_TO_REACH = Term(key="hard-to-reach", label="hard to reach", reason="Labels a group.", forms=("hard to reach",))
NON_COMPLIANT = Term(key="non-compliant", label="non-compliant", reason="Blames.", forms=("non-compliant",))
BME = Term(
    key="bme",
    label="BME",
    reason="Groups people.",
    forms=("BME",),
    exceptions=("Relative likelihood of BME staff entering the formal disciplinary process", "compared to BME staff"),
)
ABBREVIATION = Term(
    key="abbreviation",
    label="unexplained abbreviation",
    reason="Jargon.",
    pattern="[A-Z][A-Z&]{1,6}s?",
    kind=ABBREVIATIONS,
    exceptions=("NHS", "GP"),
)


def found(text, *terms):
    return [f.matched for f in check(text, terms or (AGGRESSIVE,)).findings]


@pytest.fixture(scope="module")
def shipped():
    return language.terms_from_data(json.loads(GLOSSARY.read_text(encoding="utf-8"))["terms"])


# Whole words, any case, inflections


@pytest.mark.parametrize(
    "word", ["aggressive", "Aggressive", "AGGRESSIVE", "aggressively", "aggression", "aggressiveness", "Aggressions"]
)
def test_each_listed_form_and_its_plural_is_found_in_any_case(word):
    assert found(f"Dad was {word} at the door.") == [word]


def test_aggressiveness_is_found_whole_not_as_aggressive_plus_the_rest():
    assert found("Her aggressiveness was noted.") == ["aggressiveness"]


def test_a_word_that_merely_contains_a_term_is_not_found():
    assert found("Mr Hardcastle worked hard.", HARD) == ["hard"]
    assert found("Mr Hardcastle attended with Ms Hardy.", HARD) == []


def test_a_term_inside_a_longer_word_is_not_found():
    assert found("The unaggressively-named report; nonaggressive.") == []


def test_the_words_of_a_phrase_may_be_joined_by_spaces_line_breaks_or_hyphens():
    text = "They are hard to reach. A hard-to-reach family. Hard\nto  reach."
    assert found(text, HARD_TO_REACH) == ["hard to reach", "hard-to-reach", "Hard\nto  reach"]


def test_a_hyphenated_word_is_also_found_with_a_space_or_written_solid():
    assert found("non-compliant, non compliant and noncompliant", NON_COMPLIANT) == [
        "non-compliant",
        "non compliant",
        "noncompliant",
    ]


def test_a_term_followed_by_a_hyphen_or_an_apostrophe_is_still_a_whole_word():
    assert found("BME-led groups and the BME's views", BME) == ["BME", "BME"]


# Exceptions


def test_a_term_inside_an_exception_phrase_is_not_flagged():
    text = "WRES indicator 3: Relative likelihood of BME staff entering the formal disciplinary process."
    assert found(text, BME) == []


def test_the_same_term_outside_the_exception_is_still_flagged():
    text = "Relative likelihood of BME staff entering the formal disciplinary process; our BME network."
    result = check(text, [BME])
    assert [f.matched for f in result.findings] == ["BME"]
    assert result.findings[0].start == text.rindex("BME")


def test_an_exception_matches_whatever_the_case_and_spacing():
    assert found("white staff COMPARED  TO bme staff", BME) == []


# A person's own words


@pytest.mark.parametrize(
    "text",
    [
        'Mum said: "I was aggressive because I was scared."',
        "Mum said “they think I’m aggressive”.",
        "The young person told us 'people call me aggressive'.",
        "In her own words, “I get aggressive when nobody listens”.",
        '"I was aggressive," she said.',
        "“They treat me like I'm aggressive,” the young person explained.",
        "Dad described himself as “aggressive when provoked”.",
    ],
)
def test_a_quotation_marked_as_a_persons_own_words_is_not_flagged(text):
    result = check(text, [AGGRESSIVE])
    assert result.findings == []
    assert [f.matched for f in result.own_words] == ["aggressive"]


@pytest.mark.parametrize(
    "text",
    [
        "The family was described as 'aggressive' in the referral.",
        "We avoid words like “aggressive”.",
        'The report called him "aggressive" without saying why.',
    ],
)
def test_a_quotation_not_marked_as_someones_own_words_is_still_flagged(text):
    assert found(text) == ["aggressive"]


def test_only_the_quoted_words_are_spared_not_the_rest_of_the_sentence():
    text = 'Mum said: "I am not aggressive." The worker still recorded her as aggressive.'
    result = check(text, [AGGRESSIVE])
    assert len(result.findings) == 1 and len(result.own_words) == 1
    assert result.findings[0].start == text.rindex("aggressive")


def test_an_apostrophe_is_not_taken_for_a_quotation_mark():
    assert found("Mum's partner said he wasn't aggressive and the children's father agreed.") == ["aggressive"]


# Unexplained abbreviations


def test_an_abbreviation_is_flagged_unless_the_text_explains_it():
    text = "The LADO was told. The IRO chaired."
    assert found(text, ABBREVIATION) == ["LADO", "IRO"]
    explained = (
        "The Local Authority Designated Officer (LADO) was told. LADO agreed. IRO (Independent Reviewing Officer)"
    )
    assert found(explained, ABBREVIATION) == []


def test_abbreviations_everyone_knows_and_lowercase_words_are_not_flagged():
    assert found("The NHS and the GP were informed; the plan was agreed.", ABBREVIATION) == []


def test_a_heading_in_capitals_is_not_read_as_abbreviations():
    assert found("ACTIONS AGREED AT THE MEETING\nThe CSW will visit.", ABBREVIATION) == ["CSW"]


def test_the_letters_of_a_record_reference_joined_to_its_number_are_not_read_as_an_abbreviation():
    # Audit evidence is asked for references, not names: "CF-2024-0193" is a reference, not jargon to explain.
    text = "Seen in CF-2024-0193 and CIN/123, CF\u20112 too; the CSW will visit CF 12."
    assert found(text, ABBREVIATION) == ["CSW", "CF"]


def test_a_specific_term_wins_over_the_abbreviation_rule_even_where_excepted(shipped):
    text = "Our BAME network. Relative likelihood of BME staff entering the formal disciplinary process."
    result = check(text, shipped)
    assert [(f.matched, f.term.key) for f in result.findings] == [("BAME", "bame")]


# The shipped glossary


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The BAME community", "bame"),
        ("a B.A.M.E. family", "bame"),
        ("BMEs", "bme"),
        ("non-white staff", "non-white"),
        ("Mum was hostile", "hostile"),
        ("his hostility", "hostile"),
        ("a difficult mother", "difficult"),
        ("Mum appeared emotionally unavailable", "emotionally-unavailable"),
        ("Dad has been non compliant", "non-compliant"),
        ("a volatile father", "volatile"),
        ("a hard-to-reach community", "hard-to-reach"),
        ("the family failed to engage", "disengaged"),
        ("LAC review", "lac"),
    ],
)
def test_the_shipped_glossary_finds_the_terms_the_standards_name(shipped, text, key):
    assert [f.term.key for f in check(text, shipped).findings] == [key]


def test_the_shipped_glossary_leaves_difficult_decisions_alone(shipped):
    assert check("It was a difficult decision and a difficult time for everyone.", shipped).findings == []


def test_every_shipped_entry_has_a_reason_alternatives_and_a_source(shipped):
    assert len(shipped) >= 12
    for term in shipped:
        assert term.reason and term.alternatives and term.source, term.key
        assert term.regex is not None, term.key


# Where, how many, and the rate


def test_each_finding_says_its_line_column_and_context():
    text = "First line.\nSecond line: he was aggressive today."
    finding = check(text, [AGGRESSIVE]).findings[0]
    assert (finding.line, finding.column) == (2, 21)
    assert finding.context == "Second line: he was aggressive today."


def test_the_rate_is_per_thousand_words_to_one_decimal_place():
    text = " ".join(["word"] * 398 + ["aggressive", "aggression"])
    result = check(text, [AGGRESSIVE])
    assert (result.words, len(result.findings), result.per_thousand) == (400, 2, Decimal("5.0"))


def test_no_words_has_no_rate():
    assert check("   ", [AGGRESSIVE]).per_thousand is None


def test_segments_give_the_text_back_with_each_finding_numbered_in_place():
    text = "He was aggressive and hostile."
    hostile = Term(key="hostile", label="hostile", reason="r", forms=("hostile",))
    segments = check(text, [AGGRESSIVE, hostile]).segments()
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.number) for s in segments if s.finding] == [("aggressive", 1), ("hostile", 2)]


def test_a_pattern_that_does_not_compile_is_explained():
    assert "not a valid regular expression" in language.validate_pattern("(unclosed")
    assert language.validate_pattern("[A-Z]{2,5}") is None


@pytest.mark.parametrize(
    "hostile_text",
    [
        '"a ' * 60_000,  # quotation marks that never close
        "AB " * 60_000,  # one very long line of capitals
        "BME staff compared to BME staff " * 6_000,  # exceptions everywhere
        "aggressive " * 18_000,
    ],
    ids=["unclosed quotes", "capitals", "exceptions", "terms"],
)
def test_a_long_hostile_paste_is_checked_quickly(shipped, hostile_text):
    import time

    started = time.perf_counter()
    check(hostile_text[:200_000], shipped)
    assert time.perf_counter() - started < 3
