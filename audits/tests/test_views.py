"""Audit pages: bounded queries whatever the data size, forms that keep what people typed, filters in the URL."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.models import ActionArising, Audit, Grade, LanguageMilestone, LanguageSample, Rating
from organisation.tests.factories import LeadFactory, UnitFactory
from plans.tests.factories import ActionFactory, GoalFactory
from shared.roles import Role

from .factories import (
    AuditFactory,
    AuditorFactory,
    GlossaryTermFactory,
    LanguageTemplateFactory,
    ModeratedAuditFactory,
    OverdueProgrammeEntryFactory,
    ProgrammeEntryFactory,
    SubmittedAuditFactory,
    TemplateFactory,
)

pytestmark = pytest.mark.django_db


def build(size: int, auditor, template):
    """`size` moderated audits per unit in two units over three quarters, with drafts, programme and samples."""
    units = [UnitFactory(), UnitFactory()]
    moderator = AuditorFactory()
    language = LanguageTemplateFactory(framework=template.framework)
    today = timezone.localdate()
    for i in range(size):
        for n, unit in enumerate(units):
            day = today - timedelta(days=30 + 90 * ((i + n) % 3))
            entry = ProgrammeEntryFactory(template=template, unit=unit, auditor=auditor)
            audit = ModeratedAuditFactory(
                template=template,
                unit=unit,
                auditor=auditor,
                moderator=moderator,
                audit_date=day,
                programme_entry=entry,
                ratings=[Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET],
            )
            ActionArising.objects.create(
                audit=audit,
                action=ActionFactory(),
                how="linked",
                plan_title="Plan",
                action_reference="1.1",
                action_title="Do",
            )
            SubmittedAuditFactory(template=template, unit=unit, auditor=moderator)
            AuditFactory(template=template, unit=unit, auditor=auditor)
            lang = AuditFactory(template=language, unit=unit, auditor=auditor, audit_date=day)
            LanguageSample.objects.create(audit=lang, label="Minutes", words=1000, flagged=3, by_term={"aggressive": 3})
            OverdueProgrammeEntryFactory(template=template, unit=unit, auditor=moderator)
        GlossaryTermFactory()
    LanguageMilestone.objects.get_or_create(day=today - timedelta(days=100), defaults={"title": "Toolkit"})
    return units


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PAGES = [
    "home",
    "list",
    "filtered",
    "detail",
    "edit",
    "moderate",
    "actions",
    "programme",
    "compliance",
    "compliance_unit",
    "agreement",
    "language",
    "glossary",
    "standards",
    "check",
]


@pytest.mark.parametrize("page", PAGES)
def test_pages_run_the_same_number_of_queries_with_ten_times_the_data(client, page):
    auditor = AuditorFactory(roles=[Role.AUDITOR, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP])
    client.force_login(auditor)
    template = TemplateFactory()

    def url_for(units):
        audits = Audit.objects.filter(unit__in=units)
        draft = audits.filter(state=Audit.State.DRAFT, auditor=auditor, template=template).first()
        waiting = audits.filter(state=Audit.State.SUBMITTED).first()
        done = audits.filter(state=Audit.State.MODERATED).first()
        return {
            "home": reverse("audits:home"),
            "list": reverse("audits:audit_list"),
            "filtered": reverse("audits:audit_list") + f"?state=moderated&unit={units[0].pk}&audit_type=case_file",
            "detail": reverse("audits:audit_detail", args=[done.pk]),
            "edit": reverse("audits:audit_edit", args=[draft.pk]),
            "moderate": reverse("audits:audit_moderate", args=[waiting.pk]),
            "actions": reverse("audits:action_arising", args=[done.pk]),
            "programme": reverse("audits:programme"),
            "compliance": reverse("audits:compliance"),
            "compliance_unit": reverse("audits:compliance") + f"?unit={units[0].pk}&framework={template.framework_id}",
            "agreement": reverse("audits:agreement"),
            "language": reverse("audits:language_trend"),
            "glossary": reverse("audits:glossary"),
            "standards": reverse("audits:standards"),
            "check": reverse("audits:language_check"),
        }[page]

    small = build(1, auditor, template)
    small_count = count_queries(client, url_for(small))
    large = build(10, auditor, template)
    assert count_queries(client, url_for(large)) == small_count


# Conducting an audit


@pytest.fixture
def auditor_client(client):
    auditor = AuditorFactory()
    client.force_login(auditor)
    client.auditor = auditor
    return client


def edit_data(audit, **overrides):
    data = {
        "version": audit.version,
        "subject_reference": audit.subject_reference,
        "audit_date": audit.audit_date.strftime("%d/%m/%Y"),
        "strengths": "",
        "learning": "",
        "overall_grade": "",
    }
    for rating in audit.ratings.all():
        data[f"rating_{rating.pk}"] = rating.rating
        data[f"evidence_{rating.pk}"] = rating.evidence
    data.update(overrides)
    return data


def test_starting_an_audit_refuses_a_name_as_the_reference_and_says_why(auditor_client):
    template = TemplateFactory()
    response = auditor_client.post(
        reverse("audits:audit_start"),
        {
            "template": template.pk,
            "unit": UnitFactory().pk,
            "subject_reference": "Amara Okafor",
            "audit_date": "1/5/2025",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "names stay in the case record" in page and 'href="#id_subject_reference"' in page
    assert not Audit.objects.exists()


def test_starting_an_audit_opens_the_draft_to_rate(auditor_client):
    template = TemplateFactory()
    response = auditor_client.post(
        reverse("audits:audit_start"),
        {
            "template": template.pk,
            "unit": UnitFactory().pk,
            "subject_reference": "CF-2024-0193",
            "audit_date": "1/5/2025",
        },
    )
    audit = Audit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("audits:audit_edit", args=[audit.pk])
    assert (audit.auditor, audit.audit_date) == (auditor_client.auditor, date(2025, 5, 1))


def test_saving_a_draft_keeps_everything_typed_and_comes_back_to_it(auditor_client):
    audit = AuditFactory(auditor=auditor_client.auditor)
    line = audit.ratings.first()
    url = reverse("audits:audit_edit", args=[audit.pk])
    response = auditor_client.post(
        url,
        edit_data(
            audit,
            **{f"rating_{line.pk}": "partly_met", f"evidence_{line.pk}": "Half recorded.", "strengths": "Warm tone"},
        ),
    )
    assert response.status_code == 302 and response["Location"] == url
    page = auditor_client.get(url).content.decode()
    assert "Half recorded." in page and "Warm tone" in page and "Your draft has been saved" in page


def test_submitting_an_incomplete_audit_saves_it_and_lists_what_is_missing(auditor_client):
    audit = AuditFactory(auditor=auditor_client.auditor)
    line = audit.ratings.first()
    response = auditor_client.post(
        reverse("audits:audit_edit", args=[audit.pk]),
        edit_data(audit, submit="1", **{f"rating_{line.pk}": "met", f"evidence_{line.pk}": "Shown in the plan."}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your draft has been saved, but it cannot be submitted yet." in page
    assert "Choose an overall grade." in page and "Shown in the plan." in page
    line.refresh_from_db()
    audit.refresh_from_db()
    assert (line.evidence, audit.state, audit.version) == ("Shown in the plan.", Audit.State.DRAFT, 2)
    assert 'name="version" value="2"' in page


def test_a_complete_audit_is_submitted_for_moderation(auditor_client):
    audit = AuditFactory(auditor=auditor_client.auditor)
    lines = {f"rating_{r.pk}": "met" for r in audit.ratings.all()}
    lines |= {f"evidence_{r.pk}": "Recorded in the family's own words." for r in audit.ratings.all()}
    response = auditor_client.post(
        reverse("audits:audit_edit", args=[audit.pk]), edit_data(audit, submit="1", overall_grade="good", **lines)
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.state == Audit.State.SUBMITTED


def test_a_stale_draft_save_shows_both_values_and_keeps_the_typed_text(auditor_client):
    audit = AuditFactory(auditor=auditor_client.auditor)
    line = audit.ratings.first()
    url = reverse("audits:audit_edit", args=[audit.pk])
    form = auditor_client.get(url).context["form"]
    base = form["base"].value()
    auditor_client.post(url, edit_data(audit, base=base, **{f"evidence_{line.pk}": "Saved by the other tab."}))
    response = auditor_client.post(url, edit_data(audit, base=base, **{f"evidence_{line.pk}": "Typed here."}))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Saved by the other tab." in page and "Typed here." in page


def test_moderating_with_a_disagreement_reports_the_moderators_grade(client):
    audit = SubmittedAuditFactory(grade=Grade.GOOD)
    moderator = AuditorFactory()
    client.force_login(moderator)
    data = {"overall_agrees": "no", "overall_grade": "requires_improvement", "overall_reason": "Thin evidence."}
    for r in audit.ratings.all():
        data[f"agrees_{r.pk}"] = "yes"
    response = client.post(reverse("audits:audit_moderate", args=[audit.pk]), data)
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.state, audit.reported_grade) == (Audit.State.MODERATED, Grade.REQUIRES_IMPROVEMENT)
    page = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "the moderator changed it from Good" in page


def test_moderating_without_reasons_keeps_the_choices_and_says_what_is_missing(client):
    audit = SubmittedAuditFactory()
    client.force_login(AuditorFactory())
    first = audit.ratings.first()
    data = {"overall_agrees": "yes", f"agrees_{first.pk}": "no", f"moderated_{first.pk}": "not_met"}
    response = client.post(reverse("audits:audit_moderate", args=[audit.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why you disagree" in page and f'href="#id_agrees_{audit.ratings.last().pk}_0"' in page
    assert audit.ratings.model.objects.filter(audit=audit).exclude(reported_rating="").count() == 0


def test_an_administrator_who_is_not_an_auditor_reads_audits_and_keeps_the_programme_but_never_rates_or_moderates(
    client, person_with_role
):
    waiting, draft = SubmittedAuditFactory(), AuditFactory()
    client.force_login(person_with_role(Role.ADMINISTRATOR, Role.STAFF))
    home = client.get(reverse("audits:home")).content.decode()
    assert "only by people with the Auditor role" in home and reverse("audits:audit_start") not in home
    detail = client.get(reverse("audits:audit_detail", args=[waiting.pk])).content.decode()
    assert waiting.subject_reference in detail and "Moderate this audit" not in detail
    for name, audit in [("audit_moderate", waiting), ("audit_edit", draft)]:
        assert client.get(reverse(f"audits:{name}", args=[audit.pk])).status_code == 403
    assert client.get(reverse("audits:audit_start")).status_code == 403
    assert client.get(reverse("audits:programme_add")).status_code == 200


def test_an_administrator_who_is_also_an_auditor_can_moderate(client, person_with_role):
    waiting = SubmittedAuditFactory()
    client.force_login(person_with_role(Role.ADMINISTRATOR, Role.AUDITOR))
    assert "Moderate this audit" in client.get(reverse("audits:audit_detail", args=[waiting.pk])).content.decode()
    assert client.get(reverse("audits:audit_moderate", args=[waiting.pk])).status_code == 200


def test_an_action_arising_is_added_to_a_plan_from_the_audit_page(auditor_client):
    audit = ModeratedAuditFactory(auditor=auditor_client.auditor)
    goal, lead = GoalFactory(), LeadFactory()
    response = auditor_client.post(
        reverse("audits:action_arising", args=[audit.pk]),
        {
            "mode": "new",
            "new-goal": goal.pk,
            "new-title": "Refresh guidance",
            "new-lead": lead.pk,
            "new-timescale_text": "By March 2027",
        },
    )
    assert response.status_code == 302
    arising = audit.actions_arising.get()
    assert (arising.action.goal, list(arising.action.leads.all())) == (goal, [lead])
    page = auditor_client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert reverse("plans:action_detail", args=[arising.action_id]) in page


def test_linking_an_action_that_is_not_in_the_plan_names_the_reference(auditor_client):
    audit = ModeratedAuditFactory(auditor=auditor_client.auditor)
    action = ActionFactory()
    response = auditor_client.post(
        reverse("audits:action_arising", args=[audit.pk]),
        {"mode": "link", "link-plan": action.plan_id, "link-reference": "9.9.Z"},
    )
    assert response.status_code == 400
    assert f"There is no action 9.9.Z in {action.plan.title}." in response.content.decode()


# A gentle note on language in the audit form


def _complete(audit) -> dict:
    lines = {f"rating_{r.pk}": "met" for r in audit.ratings.all()}
    return lines | {f"evidence_{r.pk}": "Seen in the plan (case CF-1)." for r in audit.ratings.all()}


def test_a_draft_with_glossary_terms_is_saved_and_the_form_then_shows_a_gentle_note_linking_each_field(auditor_client):
    GlossaryTermFactory()
    audit = AuditFactory(auditor=auditor_client.auditor)
    line = audit.ratings.first()
    url = reverse("audits:audit_edit", args=[audit.pk])
    evidence = {f"evidence_{line.pk}": "Dad was aggressive at the visit."}
    response = auditor_client.post(url, edit_data(audit, learning="Less aggression in the write-up.", **evidence))
    assert response.status_code == 302 and response["Location"] == url
    line.refresh_from_db()
    assert line.evidence == "Dad was aggressive at the visit."
    page = auditor_client.get(url).content.decode()
    note = page[page.index('id="language-note"') :]
    assert "A note on language (optional)" in note
    assert f'href="#id_evidence_{line.pk}"' in note and "“aggressive”" in note
    assert 'href="#id_learning"' in note and "“aggression”" in note
    assert "Describe what was said and done" in note


def test_a_draft_without_glossary_terms_has_no_language_note(auditor_client):
    GlossaryTermFactory()
    audit = AuditFactory(auditor=auditor_client.auditor)
    url = reverse("audits:audit_edit", args=[audit.pk])
    auditor_client.post(url, edit_data(audit, strengths="Warm and clear."))
    assert 'id="language-note"' not in auditor_client.get(url).content.decode()


def test_submitting_with_a_glossary_term_saves_the_draft_shows_the_note_and_submits_when_pressed_again(
    auditor_client,
):
    GlossaryTermFactory()
    audit = AuditFactory(auditor=auditor_client.auditor)
    url = reverse("audits:audit_edit", args=[audit.pk])
    data = edit_data(
        audit, submit="1", overall_grade="good", strengths="Calm with an aggressive dad.", **_complete(audit)
    )
    response = auditor_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your draft has been saved, but not submitted yet" in page and 'role="alert"' in page
    assert 'href="#id_strengths"' in page and 'name="language_noted"' in page
    audit.refresh_from_db()
    assert (audit.state, audit.strengths) == (Audit.State.DRAFT, "Calm with an aggressive dad.")

    form = response.context["form"]
    again = data | {"version": form["version"].value(), "base": form["base"].value(), "language_noted": "1"}
    assert auditor_client.post(url, again).status_code == 302
    audit.refresh_from_db()
    assert (audit.state, audit.strengths) == (Audit.State.SUBMITTED, "Calm with an aggressive dad.")


# A library not loaded yet


def test_with_no_standards_or_glossary_loaded_each_page_names_the_command_to_run(client, person_with_role):
    client.force_login(person_with_role(Role.STAFF, Role.SENIOR_LEADERSHIP, Role.AUDITOR))
    for name, command in [
        ("standards", "python manage.py load_standards"),
        ("compliance", "python manage.py load_standards"),
        ("glossary", "python manage.py load_glossary"),
        ("language_check", "python manage.py load_glossary"),
        ("audit_start", "Audits &gt; Audit templates"),
    ]:
        response = client.get(reverse(f"audits:{name}"))
        assert response.status_code == 200 and command in response.content.decode(), name


# The auditor's own page


def test_the_auditors_own_page_warns_of_their_overdue_programme_lines_and_lists_them_first(auditor_client):
    auditor = auditor_client.auditor
    later = ProgrammeEntryFactory(auditor=auditor, unit=UnitFactory(name="Fostering Team"))
    late = OverdueProgrammeEntryFactory(auditor=auditor, unit=UnitFactory(name="Leaving Care Team"))
    OverdueProgrammeEntryFactory(unit=UnitFactory(name="Someone Else's Team"))
    page = auditor_client.get(reverse("audits:home")).content.decode()
    assert "1 line of your audit programme is overdue." in page
    mine = page[page.index('id="programme"') :]
    assert mine.index(late.unit.name) < mine.index(later.unit.name)
    assert "Overdue</strong>" in mine[: mine.index(later.unit.name)]


def test_the_auditors_own_page_has_no_warning_when_nothing_of_theirs_is_overdue(auditor_client):
    ProgrammeEntryFactory(auditor=auditor_client.auditor)
    OverdueProgrammeEntryFactory()
    assert "overdue." not in auditor_client.get(reverse("audits:home")).content.decode()


# The language check


def test_the_language_check_marks_each_term_in_place_with_its_reason(client, person_with_role):
    GlossaryTermFactory()
    client.force_login(person_with_role(Role.STAFF))
    response = client.post(
        reverse("audits:language_check"), {"text": 'Mum said: "I was aggressive". Dad was <b>aggressive</b>.'}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<mark class="app-flag"') == 1
    assert "Flagged term 1: </span>aggressive</mark>" in page
    assert "A behavioural label that can trigger preconceived ideas" in page
    assert "&lt;b&gt;" in page and "<b>aggressive" not in page
    assert "1 inside a person's own words was not flagged" in page


def test_the_language_sample_checks_first_then_records_only_counts(client):
    GlossaryTermFactory()
    audit = AuditFactory(template=LanguageTemplateFactory())
    client.force_login(audit.auditor)
    url = reverse("audits:language_sample", args=[audit.pk])
    data = {"label": "CP conference", "text": "The father was aggressive at the meeting."}
    checked = client.post(url, {**data, "check": "1"})
    assert checked.status_code == 200 and "Record these counts" in checked.content.decode()
    assert not LanguageSample.objects.exists()
    recorded = client.post(url, {**data, "record": "1"})
    assert recorded.status_code == 302
    assert LanguageSample.objects.get().flagged == 1


def test_bad_filters_are_a_form_error_not_a_crash(client):
    client.force_login(AuditorFactory())
    response = client.get(reverse("audits:compliance") + "?year=1066&framework=999999")
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert client.get(reverse("audits:programme") + "?year=abc").status_code == 400


def test_compliance_shows_small_numbers_with_their_count(client):
    template = TemplateFactory()
    ModeratedAuditFactory(template=template, ratings=[Rating.MET, Rating.MET, Rating.NOT_MET])
    ModeratedAuditFactory(template=template)
    client.force_login(AuditorFactory(roles=[Role.SENIOR_LEADERSHIP]))
    page = client.get(reverse("audits:compliance")).content.decode()
    assert "2 audits" in page and "Few audits" in page
    assert "Show the data as a table" in page


def test_the_leadership_dashboard_shows_both_audit_panels_and_applies_its_service_area_filter(client):
    service = UnitFactory(name="Children and Families Service")
    team, other = UnitFactory(name="Corporate Parenting", parent=service), UnitFactory(name="Elsewhere")
    template = TemplateFactory()
    ModeratedAuditFactory(template=template, unit=team, ratings=[Rating.MET, Rating.MET, Rating.NOT_MET])
    ModeratedAuditFactory(template=template, unit=other, ratings=[Rating.NOT_MET] * 3)
    OverdueProgrammeEntryFactory(template=template, unit=other)
    client.force_login(AuditorFactory(roles=[Role.SENIOR_LEADERSHIP]))
    page = client.get(reverse("dashboard:index")).content.decode()
    assert "Practice-standard audits" in page and "Audit programme" in page and "2 audits" in page
    filtered = client.get(reverse("dashboard:index") + f"?service_area={service.pk}").content.decode()
    assert "1 audit)" in filtered and "67% of ratings Met" in filtered
