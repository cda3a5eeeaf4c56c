"""The browser preview: the layout found and why, the mapping in use (guesses marked) and changing it, section rows
switched in one click, problems grouped, new leads with their cell, and hostile cells reported against their row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from organisation.models import Lead, User
from plans.importing.heuristics import LeadName
from plans.importing.pipeline import parse_file
from plans.models import Plan, PlanImport
from plans.services import plan_import
from plans.services.leads import LeadMatcher
from shared.roles import Role

from . import import_fixtures as fixtures

pytestmark = pytest.mark.django_db

THEMED_CSV = (
    "Activity,Lead,Target Date,What has been achieved so far?\n"
    "Youth Justice Service (YJS),,,\n"
    "Publish a zero tolerance statement,Jo Bloggs,March 2022,Drafted\n"
    "Staff wellbeing,,,\n"
    "Offer reflective supervision,Sam Patel,June 2022,\n"
)


@pytest.fixture
def owner(person_with_role):
    return person_with_role(Role.PLAN_OWNER)


def upload(client, content: bytes, name: str, **extra) -> str:
    data = {"file": SimpleUploadedFile(name, content), "plan_title": "Uploaded", "layout": "auto"} | extra
    response = client.post(reverse("plans:import_upload"), data)
    assert response.status_code == 302, response.content[:2000]
    return response["Location"]


def test_the_upload_finds_the_layout_says_why_and_keeps_only_the_tables(client, owner):
    client.force_login(owner)
    url = upload(client, THEMED_CSV.encode(), "plan.csv")
    pending = PlanImport.objects.get()
    assert (pending.layout, pending.detected_layout) == ("columns", "columns")
    assert pending.data in (b"", memoryview(b"")) and pending.tables[0]["rows"][1][1] == ["Youth Justice Service (YJS)"]
    page = client.get(url).content.decode()
    assert "Layout: Columns" in page and "Found for you: plan.csv, row 1, is a header row" in page


def test_the_mapping_screen_shows_the_mapping_in_use_with_guesses_marked(client, owner):
    client.force_login(owner)
    url = upload(client, THEMED_CSV.encode(), "plan.csv")
    form = client.get(url).context["mapping_form"]
    assert form["title"].value() == "Activity" and form["timescale"].value() == "Target Date"
    assert form.fields["title"].label == "Action (title) (guessed)"
    assert form["status"].value() == ""
    assert [value for value, _ in form.fields["lead"].choices] == [
        "",
        "Activity",
        "Lead",
        "Target Date",
        "What has been achieved so far?",
    ]


def test_changing_the_mapping_re_runs_the_preview_with_it(client, owner):
    client.force_login(owner)
    url = upload(client, THEMED_CSV.encode(), "plan.csv")
    before = client.get(url).context["parsed"]
    assert before.goals[0].actions[0].lead_text == "Jo Bloggs"
    fields = {f"map-{name}": value for name, value in before.mapping.items()}
    client.post(url, {**fields, "map-lead": "", "map-detail": "Lead", "apply_mapping": "1"})
    after = client.get(url).context
    first = after["parsed"].goals[0].actions[0]
    assert (first.lead_text, first.detail) == ("", "Jo Bloggs")
    assert after["mapping_form"].fields["detail"].label == "Detail"  # chosen now, not guessed
    assert PlanImport.objects.get().mapping["lead"] == ""


def test_a_mapping_choosing_one_header_twice_is_refused_on_the_page(client, owner):
    client.force_login(owner)
    url = upload(client, THEMED_CSV.encode(), "plan.csv")
    response = client.post(url, {"map-title": "Activity", "map-lead": "Lead", "map-detail": "Lead",
                                 "apply_mapping": "1"})  # fmt: skip
    assert response.status_code == 400
    assert "“Lead” is chosen for more than one field" in response.content.decode()


def test_a_layout_that_finds_nothing_says_so_and_offers_the_one_that_does(client, owner):
    client.force_login(owner)
    url = upload(client, THEMED_CSV.encode(), "plan.csv", layout="numbered")
    page = " ".join(client.get(url).content.decode().split())
    assert "The numbered layout found no actions in this file. The columns layout finds 2." in page
    client.post(url, {"switch_layout": "columns"})
    assert client.get(url).context["summary"].total_actions == 2


def test_an_unsure_section_row_is_shown_with_both_readings_and_switched_in_one_click(client, owner):
    client.force_login(owner)
    url = upload(client, THEMED_CSV.encode(), "plan.csv")
    page = client.get(url)
    (unsure,) = page.context["unsure_rows"]
    assert (unsure.text, unsure.reading) == ("Staff wellbeing", "section")
    assert "Could be either" in page.content.decode()
    client.post(url, {"read_row": "plan.csv|4::action"})
    titles = [a.title for a in client.get(url).context["parsed"].goals[0].actions]
    assert titles == ["Publish a zero tolerance statement", "Staff wellbeing", "Offer reflective supervision"]


def test_problems_are_grouped_errors_first_then_warnings_by_kind_with_counts(client, owner):
    client.force_login(owner)
    url = upload(client, fixtures.excel_tracker(), "tracker.xlsx")
    page = client.get(url).content.decode()
    assert "Goals and numbering: 2" in page and "Statuses: 1" in page
    assert page.index("Goals and numbering: 2") < page.index("Statuses: 1")
    assert "RAG colour: the product works the colour out from dates and updates: 4" in page


def test_new_leads_are_listed_with_the_cell_each_came_from(client, owner):
    client.force_login(owner)
    url = upload(client, fixtures.themed_word_plan(), "themed-plan.docx")
    summary = client.get(url).context["summary"]
    sam = next(lead for lead in summary.new_leads if lead.name == "Sam Patel")
    assert (sam.cell, str(sam.ref)) == ("Chair: Sam Patel", "Table 1, row 7")


def test_the_command_prints_the_mapping_it_used_so_it_can_be_copied(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(THEMED_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_plan", str(path), plan="P", dry_run=True, stdout=out)
    assert "--map title=Activity --map lead=Lead --map timescale='Target Date' --map progress='What has been" in (
        out.getvalue()
    )
    assert "(guessed from the headers: title, timescale, lead, progress)" in out.getvalue()


# --- Matching leads to people ------------------------------------------------------------------------------------


def test_leads_match_people_by_full_name_initials_and_email_before_placeholders_are_made():
    jo = User.objects.create(username="jbloggs", first_name="Jo", last_name="Bloggs", email="jo.bloggs@council.gov.uk")
    Lead.objects.create(name="SP", full_name="Sam Patel")
    Lead.objects.create(name="Ama", user=User.objects.create(username="ao", email="ama.owusu@council.gov.uk"))
    matcher = LeadMatcher()
    assert matcher.match(LeadName("Jo Bloggs", "person")).user == jo
    assert matcher.match(LeadName("Sam Patel", "person")).lead.name == "SP"
    assert matcher.match(LeadName("SP", "initials")).how == "name"
    assert matcher.match(LeadName("Ama Owusu", "person")).lead.name == "Ama"  # the account's email
    assert matcher.match(LeadName("jo.bloggs@council.gov.uk", "person")).how == "email"
    assert matcher.match(LeadName("Lee Wong", "person")).is_new


def test_initials_match_the_one_person_whose_full_name_has_them():
    Lead.objects.create(name="Rita", full_name="Rita Tembo")
    assert LeadMatcher().match(LeadName("RT", "initials")).lead.name == "Rita"
    Lead.objects.create(name="Ravi", full_name="Ravi Thomas")
    assert LeadMatcher().match(LeadName("RT", "initials")).is_new  # two people have them: not guessed


def test_a_lead_matched_to_an_account_is_linked_to_it_and_the_history_says_why():
    User.objects.create(username="jbloggs", first_name="Jo", last_name="Bloggs")
    _, parsed = parse_file(b"Action,Lead\nPublish it,Jo Bloggs\n", "p.csv", layout="columns")
    summary = plan_import(parsed=parsed, title="P")
    lead = Lead.objects.get(name="Jo Bloggs")
    assert lead.user.username == "jbloggs" and summary.leads_created == []
    assert (
        lead.history.get().history_change_reason == "Imported from a file: linked to Jo Bloggs (matched by full name)"
    )


# --- Hostile cells -----------------------------------------------------------------------------------------------


def hostile_csv() -> bytes:
    return (
        "Ref,Action,Lead,Timescale\n"
        f"1.1,Publish it,Jo Bloggs,{'2' * 5000}\n"
        f"1.2,Train people,{'Name ' * 60},March 2022\n"
        f"{'9.' * 80},Review it,LA,June 2022\n"
        "1.4,Report \x07it,LA,June 2022\n"
    ).encode()


def test_hostile_cells_are_problems_against_their_rows_never_a_server_error(client, owner):
    client.force_login(owner)
    url = upload(client, hostile_csv(), "hostile.csv")
    page = client.get(url)
    assert page.status_code == 200
    problems = {
        (str(p.ref), p.severity, p.message.split(":")[0].split("'")[0]) for p in page.context["summary"].problems
    }
    assert ("hostile.csv, row 2", "warning", "The timescale is 5,000 characters long") in problems
    assert ("hostile.csv, row 3", "warning", "The lead ") in problems  # sixty names with no separator
    assert ("hostile.csv, row 4", "error", "The reference ") in problems
    assert ("hostile.csv, row 5", "warning", "Hidden control characters were removed from column 2") in problems
    assert client.post(url, {"confirm": "1"}).status_code == 400
    assert not Plan.objects.exists()


def test_a_long_timescale_is_kept_shortened_and_flagged_and_a_long_name_is_not_a_lead():
    data = hostile_csv().replace(b"9." * 80, b"1.3")
    _, parsed = parse_file(data, "hostile.csv", layout="columns")
    summary = plan_import(parsed=parsed, title="P")
    action = Plan.objects.get().actions.get(reference="1.1")
    assert (len(action.timescale_text), action.timescale_needs_review) == (300, True)
    assert any(d.why == "The end of a timescale too long to keep" for d in summary.dropped)
    assert not Lead.objects.filter(name__startswith="Name Name").exists()
    assert Plan.objects.get().actions.get(reference="1.4").title == "Report it"


# --- a choice the service refuses is shown on the page, not as a message on another one ---------------------------


def _summary(response) -> str:
    page = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in page, page[:2000]
    assert not list(response.wsgi_request._messages), "the error is on the page, not in a flash message"
    return page[page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))]


def test_a_layout_the_service_refuses_is_shown_in_the_previews_error_summary(client, owner):
    client.force_login(owner)
    url = upload(client, THEMED_CSV.encode(), "plan.csv")
    response = client.post(url, {"switch_layout": "sideways"})
    assert "Choose the numbered or the columns layout." in _summary(response)
    assert "Layout: Columns" in response.content.decode()  # the preview, as it was


def test_a_row_reading_the_service_refuses_is_shown_in_the_previews_error_summary(client, owner):
    client.force_login(owner)
    url = upload(client, THEMED_CSV.encode(), "plan.csv")
    response = client.post(url, {"read_row": "plan.csv|2::sideways"})
    assert "Read the row as a section or as an action." in _summary(response)
    assert PlanImport.objects.get().readings == {}


def test_an_upload_that_can_no_longer_be_read_asks_for_the_file_again_keeping_the_title_and_dates(client, owner):
    client.force_login(owner)
    upload(client, THEMED_CSV.encode(), "plan.csv", plan_title="Our plan", plan_start="1/4/2021")
    pending = PlanImport.objects.get()
    # kept as the file itself (before only its tables were kept), and not readable now
    PlanImport.objects.filter(pk=pending.pk).update(
        tables=[], parsed={}, parsed_key="", data=b"PK\x03\x04 not a workbook", filename="plan.xlsx"
    )
    response = client.get(reverse("plans:import_preview", args=[pending.pk]))
    summary = _summary(response)
    assert 'href="#id_file"' in summary and "Choose the file to import." not in summary
    form = response.context["form"]
    assert form["plan_title"].value() == "Our plan" and form["plan_start"].value() == "01/04/2021"
    assert list(form.errors) == ["file"]
