"""Who may use each workforce URL (BRIEF section 2), for the generated role x URL matrix in tests/.

Workforce analysts load data and see their own screens unsuppressed; leadership, plan owners and administrators
read suppressed pages and downloads; councillors on scrutiny see nothing of workforce outside a published pack.
"""

from django.urls import reverse

from shared.roles import Role
from shared.testing.matrix import Row

READERS = {Role.WORKFORCE_ANALYST, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR}
ANALYSTS = {Role.WORKFORCE_ANALYST}

SNAPSHOT = """period,unit,grade,employment_type,role,ethnicity,count
2026-Q2,Matrix service,Matrix grade,permanent,Social worker,WBRI,12
2026-Q2,Matrix service,Matrix grade,agency,Social worker,BCRB,3
"""
RECRUITMENT = """period,unit,campaign,stage,ethnicity,count
2026-Q2,Matrix service,Team manager,shortlisted,White,10
2026-Q2,Matrix service,Team manager,appointed,White,4
"""


def build(users: dict, objects: dict) -> dict:
    """A service with a quarter of data, and a file the analyst uploaded and has not loaded yet."""
    from organisation.tests.factories import UnitFactory
    from workforce import services
    from workforce.importing.parse import parse_file
    from workforce.models import Grade

    unit = UnitFactory(name="Matrix service", kind="service")
    Grade.objects.get_or_create(name="Matrix grade", defaults={"seniority": 900})
    for kind, text in (("snapshot", SNAPSHOT), ("recruitment", RECRUITMENT)):
        services.workforce_import(parsed=parse_file(text.encode(), "m.csv", kind), by=None, filename="m.csv")
    upload = services.upload_create(
        by=users[Role.WORKFORCE_ANALYST], filename="q2.csv", kind="snapshot", data=SNAPSHOT.encode(), large=False
    )
    return {"workforce_unit": unit, "workforce_upload": upload}


def _export(report: str, fmt: str) -> Row:
    return Row(
        "workforce:export",
        lambda o: reverse("workforce:export", args=[report, fmt]) + f"?unit={o['workforce_unit'].pk}&period=2026-Q2",
        get=READERS,
        label=f"workforce {report} {fmt}",
    )


ROWS = [
    Row("workforce:index", lambda o: reverse("workforce:index"), get=READERS),
    Row(
        "workforce:index",
        lambda o: (
            reverse("workforce:index")
            + f"?unit={o['workforce_unit'].pk}&period=2026-Q2&aggregation=five_groups&focus=five_groups:black&margin=3"
        ),
        get=READERS,
        label="workforce profile chosen",
    ),
    Row(
        "workforce:index",
        lambda o: reverse("workforce:index") + "?employment_type=agency&view=on",
        get=READERS,
        label="workforce profile with an analyst's choices",
    ),
    Row("workforce:equality", lambda o: reverse("workforce:equality"), get=READERS),
    *[_export(report, fmt) for report in ("profile", "equality") for fmt in ("csv", "xlsx")],
    Row("workforce:upload", lambda o: reverse("workforce:upload"), get=ANALYSTS, post=ANALYSTS),
    # An upload is its uploader's alone: nobody else may see or load it, administrators included.
    Row(
        "workforce:preview",
        lambda o: reverse("workforce:preview", args=[o["workforce_upload"].pk]),
        get=ANALYSTS,
        post=ANALYSTS,
    ),
]
