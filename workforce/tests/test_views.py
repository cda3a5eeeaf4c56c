"""Workforce pages: who sees small numbers (only an analyst, only on screen), downloads always suppressed, the
upload -> preview -> confirm journey, URLs that are not understood, and queries that do not grow with the data."""

import csv
import io
import re
from html import unescape

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shared.roles import Role
from workforce.choices import Kind
from workforce.models import DataLoad, HeadcountCell, WorkforceImport

from .factories import SNAPSHOT_HEADER, csv_bytes, load, service, standard_grades

pytestmark = pytest.mark.django_db

# Children and Families Service, 2026-Q2: 3 Black and global majority staff in the senior grade, and 2 whose
# ethnicity is not known in PO1-PO3: small numbers only an analyst's screen may show.
CFS_Q2 = f"""{SNAPSHOT_HEADER}
2026-Q2,CFS,Scale 1-5,permanent,Business support,WBRI,40
2026-Q2,CFS,Scale 1-5,permanent,Business support,BCRB,61
2026-Q2,CFS,PO1-PO3,permanent,Social worker,WBRI,30
2026-Q2,CFS,PO1-PO3,agency,Social worker,BAFR,28
2026-Q2,CFS,PO1-PO3,permanent,Social worker,Not stated,2
2026-Q2,CFS,SM1-SM2,permanent,Manager,WBRI,11
2026-Q2,CFS,SM1-SM2,permanent,Manager,MWBC,3"""
BENCHMARK = """date,population,area,ethnicity,share
2022-02-28,Hackney population,Hackney,White,51
2022-02-28,Hackney population,Hackney,Asian,11
2022-02-28,Hackney population,Hackney,Black,22
2022-02-28,Hackney population,Hackney,Mixed,15"""
RECRUITMENT = """period,unit,campaign,stage,ethnicity,count
2026-Q2,CFS,Social worker,applied,White,120
2026-Q2,CFS,Social worker,shortlisted,White,40
2026-Q2,CFS,Social worker,appointed,White,12
2026-Q2,CFS,Social worker,applied,BAME,200
2026-Q2,CFS,Social worker,shortlisted,BAME,50
2026-Q2,CFS,Social worker,appointed,BAME,9
2026-Q2,CFS,Social worker,applied,Not known,9
2026-Q2,CFS,Social worker,shortlisted,Not known,3
2026-Q2,CFS,Social worker,appointed,Not known,1"""


@pytest.fixture
def cfs():
    standard_grades()
    unit = service()
    load(Kind.SNAPSHOT, CFS_Q2)
    load(Kind.BENCHMARK, BENCHMARK)
    load(Kind.RECRUITMENT, RECRUITMENT)
    return unit


def page(client, user, url, status=200) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def grade_row(html: str, grade: str) -> list[str]:
    """The cells of a grade's row in the counts table, as text: [grade, staff, White, ...]."""
    table = html.split('id="grade-counts"', 1)[1].split("</table>", 1)[0]
    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S) if f">{grade}" in r)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.split(r"</t[hd]>", row)[:-1]]


# --- who sees what ----------------------------------------------------------------------------------------------


def test_an_analyst_sees_every_figure_on_screen_small_numbers_included(client, cfs, person_with_role):
    html = page(client, person_with_role(Role.WORKFORCE_ANALYST), reverse("workforce:index") + "?period=2026-Q2")
    assert 'id="figures-unsuppressed"' in html
    assert grade_row(html, "SM1-SM2")[:4] == ["SM1-SM2 (senior)", "14", "11", "3"]
    assert "[c]" not in html.split('id="footnote"')[0]


def test_leadership_sees_the_same_page_with_small_numbers_hidden(client, cfs, person_with_role):
    html = page(client, person_with_role(Role.SENIOR_LEADERSHIP), reverse("workforce:index") + "?period=2026-Q2")
    assert 'id="figures-suppressed"' in html and 'id="figures-unsuppressed"' not in html
    senior = grade_row(html, "SM1-SM2")
    assert senior[2:4] == ["[c]", "[c]"] and "3" not in senior


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PLAN_OWNER])
def test_administrators_and_plan_owners_see_suppressed_figures_too(client, cfs, person_with_role, role):
    html = page(client, person_with_role(role), reverse("workforce:index") + "?period=2026-Q2")
    assert 'id="figures-suppressed"' in html


def test_an_analyst_can_see_the_page_as_everyone_else_does(client, cfs, person_with_role):
    html = page(
        client, person_with_role(Role.WORKFORCE_ANALYST), reverse("workforce:index") + "?period=2026-Q2&view=on"
    )
    assert 'id="figures-suppressed"' in html and "You chose to see the figures as everyone else does" in html


def test_an_analysts_breakdown_by_employment_type_is_theirs_alone(client, cfs, person_with_role):
    url = reverse("workforce:index") + "?period=2026-Q2&employment_type=agency"
    analyst_html = page(client, person_with_role(Role.WORKFORCE_ANALYST), url)
    assert "Agency staff" in analyst_html
    leader_html = page(client, person_with_role(Role.SENIOR_LEADERSHIP), url)
    assert "Agency staff" not in leader_html and 'name="employment_type"' not in leader_html


def download(client, user, url) -> list[list[str]]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    if url.split("?")[0].endswith(".xlsx"):
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def counts_of(rows, grade: str) -> dict[str, str]:
    return {row[2]: row[4] for row in rows if row[:2] == ["Representation", grade] and row[3] == "Staff"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_analysts_download_is_suppressed_like_everyone_elses(client, cfs, person_with_role, fmt):
    url = reverse("workforce:export", args=["profile", fmt]) + f"?unit={cfs.pk}&period=2026-Q2&view=on"
    analyst_rows = download(client, person_with_role(Role.WORKFORCE_ANALYST), url)
    leader_rows = download(client, person_with_role(Role.SENIOR_LEADERSHIP), url)
    assert analyst_rows == leader_rows
    senior = counts_of(analyst_rows, "SM1-SM2")
    assert senior["Black and global majority"] == "[c]" and senior["White"] == "[c]"
    assert "Not known or prefer not to say" not in counts_of(analyst_rows, "PO1-PO3"), "2 unknown stay unpublished"
    assert analyst_rows[-1][4].startswith("[c] Hidden to protect people's privacy")


def test_an_analysts_download_of_recruitment_is_suppressed_too(client, cfs, person_with_role):
    url = reverse("workforce:export", args=["equality", "csv"]) + f"?unit={cfs.pk}&period=2026-Q2"
    rows = download(client, person_with_role(Role.WORKFORCE_ANALYST), url)
    unknown = [r for r in rows if r[2] == "Not known or prefer not to say" and r[3] == "Shortlisted"]
    assert unknown and all(r[4] == "[c]" for r in unknown)
    likelihood = next(
        r for r in rows if r[0] == "Recruitment" and r[1] == "All together" and r[3] == "Relative likelihood"
    )
    assert likelihood[4] == "1.67"  # (12/40) / (9/50) = 0.30 / 0.18


def test_an_analyst_cannot_ask_a_download_for_a_breakdown_only_their_screen_shows(client, cfs, person_with_role):
    base = reverse("workforce:export", args=["profile", "csv"]) + f"?unit={cfs.pk}&period=2026-Q2"
    analyst = person_with_role(Role.WORKFORCE_ANALYST)
    assert download(client, analyst, base + "&employment_type=agency") == download(client, analyst, base)


def test_the_recruitment_page_shows_the_relative_likelihood_and_flags_it(client, cfs, person_with_role):
    html = page(client, person_with_role(Role.SENIOR_LEADERSHIP), reverse("workforce:equality") + "?period=2026-Q2")
    table = html.split('id="likelihood-table"')[1].split("</table>")[0]
    assert "1.67" in table and "Above 1.25" in table


# --- addresses that are not understood ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, message",
    [
        ("period=2026-Q9", "Choose a quarter from the list."),
        ("unit=999999", "Choose a service or team from the list."),
        ("margin=lots", "Enter the margin as a whole number of points"),
        ("margin=90", "less than or equal to 50"),
        ("aggregation=bgm_white&focus=five_groups:black", "Choose a group of the ethnic groups chosen above"),
        ("benchmark=abc", "Choose a benchmark from the list."),
    ],
)
def test_a_query_the_page_does_not_understand_is_a_400_saying_why(client, cfs, person_with_role, query, message):
    html = page(client, person_with_role(Role.SENIOR_LEADERSHIP), reverse("workforce:index") + f"?{query}", status=400)
    assert message in html and "govuk-error-summary" in html


def test_a_download_with_an_address_it_does_not_understand_is_a_400(client, cfs, person_with_role):
    client.force_login(person_with_role(Role.SENIOR_LEADERSHIP))
    assert client.get(reverse("workforce:export", args=["profile", "csv"]) + "?period=nonsense").status_code == 400
    assert client.get(reverse("workforce:export", args=["profile", "pdf"])).status_code == 404


def test_with_nothing_loaded_the_pages_say_so(client, person_with_role):
    html = page(client, person_with_role(Role.WORKFORCE_ANALYST), reverse("workforce:index"))
    assert "No workforce data has been loaded yet." in html
    html = page(client, person_with_role(Role.WORKFORCE_ANALYST), reverse("workforce:equality"))
    assert "No recruitment, development, disciplinary or pay data has been loaded yet." in html


# --- upload, preview, confirm ----------------------------------------------------------------------------------


def upload(client, analyst, text: str, kind: str = "snapshot", name: str = "q3.csv"):
    client.force_login(analyst)
    file = io.BytesIO(csv_bytes(text))
    file.name = name
    return client.post(reverse("workforce:upload"), {"file": file, "kind": kind})


def test_an_analyst_uploads_previews_every_problem_by_row_and_nothing_is_loaded(client, cfs, person_with_role):
    analyst = person_with_role(Role.WORKFORCE_ANALYST)
    response = upload(
        client, analyst, CFS_Q2.replace("2026-Q2", "2026-Q3") + "\n2026-Q3,CFS,PO9,permanent,,Blk Carib,4"
    )
    assert response.status_code == 302
    html = unescape(client.get(response["Location"]).content.decode())
    problems = html.split('id="problems-table"')[1]
    assert "q3.csv, row 9, column C (grade)" in problems and "'PO9' is not a grade we know" in problems
    assert "q3.csv, row 9, column F (ethnicity)" in problems
    assert "“Blk Carib” (1 row)" in html
    assert "Load the file" not in html
    assert not DataLoad.objects.filter(period__month=7).exists()


def test_an_analyst_previews_the_difference_then_confirms_and_the_quarter_is_replaced(client, cfs, person_with_role):
    analyst = person_with_role(Role.WORKFORCE_ANALYST)
    response = upload(client, analyst, CFS_Q2.replace("WBRI,40", "WBRI,44"), name="q2-corrected.csv")
    preview_url = response["Location"]
    html = client.get(preview_url).content.decode()
    assert "Replaces" in html and "1 changed" in html
    assert HeadcountCell.objects.filter(count=44).count() == 0
    response = client.post(preview_url, {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("workforce:index")
    assert HeadcountCell.objects.filter(count=44).count() == 1
    upload_record = WorkforceImport.objects.get()
    assert upload_record.state == "imported" and bytes(upload_record.data) == b""
    again = client.post(preview_url, {"confirm": "1"})
    assert again.status_code == 409 and "This file has been loaded" in again.content.decode()


def test_a_file_that_cannot_be_read_is_refused_at_upload(client, cfs, person_with_role):
    client.force_login(person_with_role(Role.WORKFORCE_ANALYST))
    file = io.BytesIO(b"%PDF-1.7 not a table")
    file.name = "extract.pdf"
    response = client.post(reverse("workforce:upload"), {"file": file, "kind": "snapshot"})
    assert response.status_code == 400 and "This looks like a PDF" in response.content.decode()


def _asked_for_the_file_again(response, kind: str) -> None:
    """The upload page, status 400, saying why in its error summary beside the file field, with the kind kept."""
    html = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in html and 'href="#id_file"' in html
    assert "This looks like a PDF" in html and "Choose the file to load." not in html
    assert response.context["form"]["kind"].value() == kind
    assert not list(response.wsgi_request._messages), "the error is on the page, not in a flash message"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_kept_file_that_can_no_longer_be_read_is_asked_for_again_on_the_upload_page(
    client, cfs, person_with_role, method
):
    analyst = person_with_role(Role.WORKFORCE_ANALYST)
    preview_url = upload(client, analyst, CFS_Q2.replace("2026-Q2", "2026-Q3"), kind="snapshot")["Location"]
    WorkforceImport.objects.update(data=b"%PDF-1.7 not a table", filename="extract.pdf")
    response = getattr(client, method)(preview_url, {"confirm": "1"} if method == "post" else None)
    _asked_for_the_file_again(response, "snapshot")
    assert not DataLoad.objects.filter(period__month=7).exists()


def test_a_large_file_is_checked_and_loaded_by_background_jobs(client, cfs, person_with_role, settings):
    settings.WORKFORCE_INLINE_BYTES = 10
    analyst = person_with_role(Role.WORKFORCE_ANALYST)
    response = upload(client, analyst, CFS_Q2.replace("2026-Q2", "2026-Q3"))
    assert response["Location"].startswith("/jobs/")
    job_page = client.get(response["Location"]).content.decode()
    assert "See what it would change" in job_page
    upload_record = WorkforceImport.objects.get()
    assert upload_record.checked["counts"] == 7
    preview_url = reverse("workforce:preview", args=[upload_record.pk])
    assert "Load the file" in client.get(preview_url).content.decode()
    response = client.post(preview_url, {"confirm": "1"})
    assert response["Location"].startswith("/jobs/")
    assert "See the figures" in client.get(response["Location"]).content.decode()
    assert DataLoad.objects.filter(kind=Kind.SNAPSHOT, period__month=7).exists()


def test_the_upload_page_lists_what_is_loaded(client, cfs, person_with_role):
    html = page(client, person_with_role(Role.WORKFORCE_ANALYST), reverse("workforce:upload"))
    table = html.split('id="loads-table"')[1]
    assert "April 2026 quarter" in table and "Workforce snapshot" in table


# --- queries do not grow with the data --------------------------------------------------------------------------


def build(size: int, unit_name: str) -> None:
    """`size` grades, quarters and campaigns' worth of data for one service, every ethnicity kind of label."""
    from workforce.models import Grade

    unit = service(unit_name, unit_name[:3].upper())
    grades = [
        Grade.objects.create(
            name=f"{unit_name} grade {g}", seniority=1000 + 100 * len(unit_name) + 20 * (size > 1) + g, senior=g == size
        )
        for g in range(1, size + 2)
    ]
    labels = ["WBRI", "BCRB", "AIND", "MWBC", "BAME", "White", "Not known", "WIRI"]
    rows = [SNAPSHOT_HEADER]
    recruitment = ["period,unit,campaign,stage,ethnicity,count"]
    for q in range(size):
        period = f"{2020 + q // 4}-Q{q % 4 + 1}"
        for grade in grades:
            for n, label in enumerate(labels):
                rows.append(f"{period},{unit.name},{grade.name},permanent,Role {n % 3},{label},{5 + n}")
        for c in range(size):
            for label in ("White", "BAME", "Not known"):
                for stage, count in (("applied", 40), ("shortlisted", 20), ("appointed", 6)):
                    recruitment.append(f"{period},{unit.name},Campaign {c},{stage},{label},{count}")
    load(Kind.SNAPSHOT, "\n".join(rows))
    load(Kind.RECRUITMENT, "\n".join(recruitment))


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page_name", ["profile", "equality", "upload", "export", "dashboard"])
def test_pages_take_the_same_queries_with_ten_times_the_data(client, person_with_role, page_name):
    load(Kind.BENCHMARK, BENCHMARK)
    user = person_with_role(Role.WORKFORCE_ANALYST, Role.SENIOR_LEADERSHIP)
    client.force_login(user)
    from organisation.models import Unit

    def url(unit_name: str) -> str:
        unit = Unit.objects.get(name=unit_name).pk
        return {
            "profile": reverse("workforce:index") + f"?unit={unit}",
            "equality": reverse("workforce:equality") + f"?unit={unit}",
            "upload": reverse("workforce:upload"),
            "export": reverse("workforce:export", args=["profile", "csv"]) + f"?unit={unit}",
            "dashboard": reverse("dashboard:index") + f"?service_area={unit}",
        }[page_name]

    build(1, "Small service")
    small = count_queries(client, url("Small service"))
    build(10, "Large service")
    assert count_queries(client, url("Large service")) == small
