"""Compliance maths, agreement between auditors, the programme's completion, the language trend, measures, panels."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from freezegun import freeze_time

from audits import selectors, services
from audits.models import Grade, LanguageMilestone, LanguageSample, Rating, quarter_of
from audits.selectors import ComplianceFilter, compliance
from organisation.tests.factories import UnitFactory
from shared import measures, panels
from shared.panels import PanelRequest

from .factories import (
    AuditFactory,
    AuditorFactory,
    LanguageTemplateFactory,
    ModeratedAuditFactory,
    OverdueProgrammeEntryFactory,
    ProgrammeEntryFactory,
    SubmittedAuditFactory,
    TemplateFactory,
)

pytestmark = pytest.mark.django_db
M, P, N, NA = Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET, Rating.NOT_APPLICABLE


@pytest.fixture
def template():
    return TemplateFactory()


def moderated(template, ratings, grade=Grade.GOOD, **kwargs):
    return ModeratedAuditFactory(template=template, ratings=ratings, grade=grade, **kwargs)


def result_for(template, **kwargs):
    return compliance(ComplianceFilter(framework=template.framework, **kwargs))


# The maths


def test_percentages_are_of_ratings_met_partly_or_not_met_leaving_out_not_applicable(template):
    moderated(template, [M, P, NA])
    moderated(template, [M, N, M])
    overall = result_for(template).overall
    assert (overall.met, overall.partly_met, overall.not_met, overall.rated) == (3, 1, 1, 5)
    assert (overall.met_percent, overall.met_or_partly_percent) == (Decimal("60.0"), Decimal("80.0"))


def test_only_moderated_audits_are_counted_and_those_waiting_are_said(template):
    moderated(template, [M, M, M])
    SubmittedAuditFactory(template=template, ratings=[N, N, N])
    AuditFactory(template=template)
    result = result_for(template)
    assert (result.audits, result.overall.met_percent, result.awaiting_moderation) == (1, Decimal("100.0"), 1)


def test_the_moderated_rating_is_counted_not_the_auditors(template):
    audit = SubmittedAuditFactory(template=template, ratings=[M, M, M])
    first = audit.ratings.order_by("position").first()
    decisions = {r.pk: services.Decision(agrees=True) for r in audit.ratings.all()}
    decisions[first.pk] = services.Decision(agrees=False, rating=N, reason="No evidence of it.")
    services.audit_moderate(audit=audit, by=AuditorFactory(), decisions=decisions, overall_agrees=True)
    assert result_for(template).overall.not_met == 1


def test_each_standard_has_its_own_share_and_the_audits_behind_it(template):
    moderated(template, [M, N, NA])
    moderated(template, [M, M, NA])
    rows = {row.number: row.share for row in result_for(template).by_standard}
    assert (rows[1].met_percent, rows[1].audits) == (Decimal("100.0"), 2)
    assert (rows[2].met_percent, rows[2].audits) == (Decimal("50.0"), 2)
    assert (rows[3].rated, rows[3].met_percent) == (0, None)


def test_sections_units_and_quarters_each_add_up_their_ratings(template):
    north, south = UnitFactory(name="North"), UnitFactory(name="South")
    moderated(template, [M, M, M], unit=north, audit_date=date(2025, 5, 1))
    moderated(template, [N, N, P], unit=south, audit_date=date(2025, 8, 1))
    result = result_for(template)
    assert [(row.label, row.share.met_percent) for row in result.by_unit] == [
        ("North", Decimal("100.0")),
        ("South", Decimal("0.0")),
    ]
    assert [(q.label, q.share.met_percent) for q in result.by_quarter] == [
        ("Q1 2025/26", Decimal("100.0")),
        ("Q2 2025/26", Decimal("0.0")),
    ]
    assert result.by_section[0].share.rated == 6


def test_a_quarter_without_audits_shows_as_a_gap_not_as_nothing(template):
    moderated(template, [M, M, M], audit_date=date(2025, 5, 1))
    moderated(template, [M, M, M], audit_date=date(2025, 11, 1))
    quarters = result_for(template).by_quarter
    assert [q.label for q in quarters] == ["Q1 2025/26", "Q2 2025/26", "Q3 2025/26"]
    assert quarters[1].share.met_percent is None and quarters[1].grades.graded == 0


def test_a_unit_counts_the_teams_under_it(template):
    service = UnitFactory(name="Children and Families Service")
    team = UnitFactory(name="Corporate Parenting", parent=service)
    moderated(template, [M, M, M], unit=team)
    moderated(template, [N, N, N])
    assert result_for(template, unit=service).audits == 1


def test_the_share_graded_good_or_better_counts_outstanding_and_good(template):
    for grade in (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE):
        moderated(template, [M, M, M], grade=grade)
    grades = result_for(template).grades
    assert (grades.good_or_better, grades.graded, grades.percent) == (2, 4, Decimal("50.0"))


def test_fewer_than_five_audits_are_marked_few(template):
    for _ in range(4):
        moderated(template, [M, M, M])
    result = result_for(template)
    assert result.grades.few and result.overall.few
    assert result.grades.audits_text == "4 audits"
    moderated(template, [M, M, M])
    assert not result_for(template).grades.few


def test_the_weakest_standards_are_ranked_by_share_met_among_those_rated_in_five_audits():
    template = TemplateFactory(framework__standards=7)
    for _ in range(5):
        moderated(template, [M, N, P, M, M, M, NA])
    weakest = result_for(template).weakest
    assert [row.number for row in weakest] == [2, 3, 1, 4, 5]
    assert 7 not in [row.number for row in weakest]


def test_filters_by_type_and_financial_year(template):
    moderated(template, [M, M, M], audit_date=date(2025, 3, 31))
    moderated(template, [M, M, M], audit_date=date(2025, 4, 1))
    assert result_for(template, year=2025).audits == 1
    assert result_for(template, year=2024).audits == 1
    assert result_for(template, audit_type="supervision").audits == 0


def test_the_financial_quarter_of_a_day():
    assert quarter_of(date(2025, 4, 1)) == (date(2025, 4, 1), "Q1 2025/26")
    assert quarter_of(date(2026, 2, 28)) == (date(2026, 1, 1), "Q4 2025/26")


# Agreement between auditors


def test_agreement_rates_count_overall_grades_and_ratings_by_auditor_and_pair(template):
    auditor, moderator = (
        AuditorFactory(first_name="Aziz", last_name="A"),
        AuditorFactory(first_name="Bea", last_name="B"),
    )
    moderated(template, [M, M, M], auditor=auditor, moderator=moderator)
    audit = SubmittedAuditFactory(template=template, ratings=[M, M, M], auditor=auditor)
    first = audit.ratings.order_by("position").first()
    decisions = {r.pk: services.Decision(agrees=True) for r in audit.ratings.all()}
    decisions[first.pk] = services.Decision(agrees=False, rating=P, reason="Partly.")
    services.audit_moderate(
        audit=audit,
        by=moderator,
        decisions=decisions,
        overall_agrees=False,
        overall_grade=Grade.REQUIRES_IMPROVEMENT,
        overall_reason="Weaker than graded.",
    )
    agreement = selectors.agreement()
    pair = agreement.pairs[0]
    assert (pair.auditor, pair.moderator, pair.audits, pair.overall_agreed, pair.lines, pair.lines_agreed) == (
        "Aziz A",
        "Bea B",
        2,
        1,
        6,
        5,
    )
    assert (agreement.total.overall_percent, agreement.total.lines_percent) == (Decimal("50.0"), Decimal("83.3"))


# The programme


def test_a_programme_line_counts_submitted_and_moderated_audits_not_drafts():
    entry = ProgrammeEntryFactory(audits_due=3)
    for factory in (ModeratedAuditFactory, SubmittedAuditFactory, AuditFactory):
        factory(programme_entry=entry, template=entry.template, unit=entry.unit, auditor=entry.auditor)
    row = selectors.programme_rows()[0]
    assert (row.done, row.drafts, row.remaining, row.complete, row.overdue) == (2, 1, 1, False, False)


def test_an_incomplete_line_past_its_date_is_overdue_and_listed_first():
    later = ProgrammeEntryFactory()
    overdue = OverdueProgrammeEntryFactory()
    rows = selectors.programme_rows()
    assert [row.entry for row in rows] == [overdue, later]
    assert rows[0].overdue and rows[0].status == "Overdue" and rows[0].days_overdue == 10


def test_a_complete_line_is_never_overdue():
    entry = OverdueProgrammeEntryFactory(audits_due=1)
    SubmittedAuditFactory(
        programme_entry=entry,
        template=entry.template,
        unit=entry.unit,
        auditor=entry.auditor,
        audit_date=entry.starts_on,
    )
    assert not selectors.programme_rows()[0].overdue


# The language trend


def language_audit(day, words, flagged, by_term=None):
    audit = AuditFactory(template=LanguageTemplateFactory(), audit_date=day)
    LanguageSample.objects.create(
        audit=audit, label="Minutes", words=words, flagged=flagged, by_term=by_term or {"aggressive": flagged}
    )
    services.audit_submit(audit=_rated(audit), by=audit.auditor)
    return audit


def _rated(audit):
    from .factories import rate

    return rate(audit, [])


def test_the_language_trend_is_terms_per_thousand_words_by_quarter_and_before_and_after_a_milestone():
    LanguageMilestone.objects.create(day=date(2025, 4, 1), title="Language toolkit roll-out")
    language_audit(date(2025, 2, 1), 2000, 12)
    language_audit(date(2025, 5, 1), 1000, 3)
    language_audit(date(2025, 6, 1), 3000, 5)
    trend = selectors.language_trend()
    assert [(p.label, p.per_thousand) for p in trend.quarters] == [
        ("Q4 2024/25", Decimal("6.0")),
        ("Q1 2025/26", Decimal("2.0")),
    ]
    assert (trend.before.per_thousand, trend.after.per_thousand) == (Decimal("6.0"), Decimal("2.0"))
    assert trend.after.audits == 2 and trend.terms_before == [("aggressive", 12)]


def test_draft_language_audits_are_not_in_the_trend():
    audit = AuditFactory(template=LanguageTemplateFactory())
    LanguageSample.objects.create(audit=audit, label="Minutes", words=100, flagged=1)
    assert selectors.language_trend().empty


# Measures and panels


def test_the_good_or_better_measure_gives_a_reading_per_quarter(template):
    moderated(template, [M, M, M], grade=Grade.GOOD, audit_date=date(2025, 5, 1))
    moderated(template, [M, M, M], grade=Grade.INADEQUATE, audit_date=date(2025, 5, 2))
    source = measures.get("audits.good_or_better")
    readings = source.readings({})
    assert [(r.period_label, r.value, r.note) for r in readings] == [("Q1 2025/26", Decimal("50.0"), "from 2 audits")]
    assert readings[0].period_start == date(2025, 4, 1)


def test_measure_sources_ignore_parameters_they_cannot_read(template):
    moderated(template, [M, M, M])
    assert len(measures.get("audits.standards_met").readings({"unit": "not a number"})) == 1


def test_the_language_measure_reads_the_trend():
    language_audit(date(2025, 5, 1), 1000, 3)
    readings = measures.get("audits.language_per_thousand").readings({})
    assert [(r.period_label, r.value) for r in readings] == [("Q1 2025/26", Decimal("3.0"))]


@freeze_time("2025-11-15")
def test_the_compliance_panel_shows_the_last_quarters_without_names_and_renders_for_a_pack(template):
    from audits.models import Framework

    Framework.objects.exclude(pk=template.framework_id).delete()
    moderated(template, [M, M, N], audit_date=date(2025, 5, 1))
    panel = panels.get("audits.compliance")
    assert panel.packable
    context = panel.build(PanelRequest(user=None, today=timezone.localdate(), for_pack=True))
    html = render_to_string(panel.template, {"data": context, "panel": panel})
    assert "1 audit" in html and "Few audits" in html and "67%" in html
    auditor = template.audits.first().auditor
    assert auditor.last_name not in html and "CF-" not in html


def test_the_programme_panel_lists_overdue_lines_and_is_not_packable():
    entry = OverdueProgrammeEntryFactory()
    panel = panels.get("audits.programme")
    assert not panel.packable
    context = panel.build(PanelRequest(user=None, today=timezone.localdate()))
    html = render_to_string(panel.template, {"data": context, "panel": panel})
    assert entry.template.name in html and "1 line overdue" in html


def test_panels_have_nothing_to_show_without_data():
    request = PanelRequest(user=None, today=timezone.localdate() - timedelta(days=1))
    assert panels.get("audits.compliance").build(request) is None
    assert panels.get("audits.programme").build(request) is None
