"""The standards library: the June 2024 standards from their data file, and versions that keep old audits."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from audits import services
from audits.models import Expectation, Framework, Standard
from audits.selectors import framework_library

from .factories import AuditorFactory, ModeratedAuditFactory, TemplateFactory

pytestmark = pytest.mark.django_db

JUNE_2024 = json.loads(services.JUNE_2024_STANDARDS.read_text(encoding="utf-8"))


@pytest.fixture
def june_2024():
    return services.framework_load(data=JUNE_2024)


def test_the_june_2024_standards_load_as_forty_standards_in_six_sections(june_2024):
    assert june_2024.standards.count() == 40
    assert [s.number for s in june_2024.standards.order_by("number")] == list(range(1, 41))
    assert list(june_2024.sections.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    sizes = [section.standards.count() for section in june_2024.sections.all()]
    assert sizes == [11, 4, 4, 8, 4, 9]


def test_the_sections_keep_the_documents_own_titles(june_2024):
    titles = list(june_2024.sections.values_list("title", flat=True))
    assert titles[1] == "How we talk about families"
    assert titles[5] == "How our Business Support Staff will uphold the Practice Standards"


def test_standard_fourteen_carries_its_wording(june_2024):
    standard = june_2024.standards.get(number=14)
    assert "'aggressive' or 'emotionally unavailable'" in standard.text
    assert standard.section.number == 2


def test_business_support_standards_are_for_business_support(june_2024):
    business = set(june_2024.standards.filter(for_business_support=True).values_list("number", flat=True))
    assert business == set(range(32, 41))
    assert june_2024.standards.get(number=30).audiences == ["Leaders"]


def test_the_expectations_of_all_staff_and_of_leaders_are_loaded(june_2024):
    assert june_2024.expectations.filter(audience=Expectation.Audience.ALL_STAFF).count() == 6
    leaders = june_2024.expectations.filter(audience=Expectation.Audience.LEADERS)
    assert leaders.count() == 5
    assert "within 12 months of starting their role" in leaders.last().text


def test_how_adherence_is_checked_is_kept(june_2024):
    assert "Family feedback" in june_2024.assurance_items


def test_every_standard_of_the_first_version_is_in_the_first_version(june_2024):
    assert set(june_2024.standards.values_list("change", flat=True)) == {Standard.Change.FIRST}


def test_loading_the_same_file_again_changes_nothing(june_2024):
    again = services.framework_load(data=JUNE_2024)
    assert again.pk == june_2024.pk
    assert Standard.objects.count() == 40


def test_loading_different_wording_under_the_same_version_is_refused(june_2024):
    changed = copy.deepcopy(JUNE_2024)
    changed["sections"][0]["standards"][0]["text"] = "Different words."
    with pytest.raises(ValidationError, match="load the new wording as a new version"):
        services.framework_load(data=changed)


def next_version(*, change_text_of=(), drop=(), add=False) -> dict:
    data = copy.deepcopy(JUNE_2024)
    data.update(version="June 2026", effective_from="2026-06-01", previous_version="June 2024")
    for section in data["sections"]:
        section["standards"] = [s for s in section["standards"] if s["number"] not in drop]
        for standard in section["standards"]:
            if standard["number"] in change_text_of:
                standard["text"] += " We review this every year."
    if add:
        data["sections"][-1]["standards"].append(
            {"number": 41, "audiences": ["all_staff"], "short_title": "A new one", "text": "We do something new."}
        )
    return data


def test_a_new_version_marks_each_standard_carried_over_changed_or_new(june_2024):
    new = services.framework_load(data=next_version(change_text_of=(14,), drop=(31,), add=True))
    changes = {s.number: s.change for s in new.standards.all()}
    assert changes[1] == Standard.Change.CARRIED_OVER
    assert changes[14] == Standard.Change.CHANGED
    assert changes[41] == Standard.Change.NEW
    assert new.standards.get(number=14).previous == june_2024.standards.get(number=14)
    assert new.previous == june_2024


def test_the_library_lists_what_a_new_version_dropped(june_2024):
    new = services.framework_load(data=next_version(drop=(31,)))
    library = framework_library(new)
    assert [s.number for s in library.removed] == [31]
    assert library.changes == {Standard.Change.CARRIED_OVER: 39}


def test_audits_against_the_old_version_keep_its_standards_and_wording(june_2024):
    template = TemplateFactory(framework=june_2024, items=[june_2024.standards.get(number=14)])
    audit = ModeratedAuditFactory(template=template, auditor=AuditorFactory())
    services.framework_load(data=next_version(change_text_of=(14,)))
    rating = audit.ratings.get()
    assert rating.standard.framework == june_2024
    assert "'aggressive' or 'emotionally unavailable'" in rating.standard.text
    assert "every year" not in rating.standard.text


def test_a_new_version_needs_its_previous_version_loaded_first(db):
    with pytest.raises(ValidationError, match="Load the previous version"):
        services.framework_load(data=next_version())
    assert not Framework.objects.exists()
