"""The demo data: the June 2024 standards, templates for each type, a programme, moderated audits with trends.

Loading the whole demo takes a while, so one test reads everything it promises from one load.
"""

from datetime import date

import pytest

from audits import demo, selectors
from audits.models import Audit, AuditTemplate, AuditType, ProgrammeEntry
from organisation import demo as organisation_demo
from organisation.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "demo-password-for-tests-2026"


def test_the_demo_shows_moderated_audits_across_teams_and_quarters_with_real_trends():
    organisation_demo.load_organisation(password=PASSWORD)
    demo.load()

    assert {t.audit_type for t in AuditTemplate.objects.all()} == set(AuditType.values)
    result = selectors.compliance(selectors.ComplianceFilter(framework=selectors.current_framework()))
    assert result.audits >= 80 and len(result.by_quarter) >= 8 and len(result.by_unit) == 5
    assert result.by_quarter[-2].share.met_percent > result.by_quarter[0].share.met_percent
    assert len(result.weakest) == 5
    assert ProgrammeEntry.objects.exists() and any(row.overdue for row in selectors.programme_rows())

    trend = selectors.language_trend()
    assert trend.after.per_thousand < trend.before.per_thousand

    first, second = User.objects.get(username="demo-auditor"), User.objects.get(username="demo-auditor2")
    assert second.check_password(PASSWORD)
    assert Audit.objects.filter(moderator=second).exists() and Audit.objects.filter(moderator=first).exists()
    assert Audit.objects.filter(auditor=first, state=Audit.State.DRAFT).exists()
    assert Audit.objects.filter(auditor=second, state=Audit.State.SUBMITTED).exists()
    assert not Audit.objects.exclude(subject_reference__startswith="DEMO-").exists()


def test_loading_the_demo_again_changes_nothing():
    organisation_demo.load_organisation(password=PASSWORD)
    demo.load(since=date(2026, 4, 1), today=date(2026, 11, 29))
    count = Audit.objects.count()
    assert demo.load()[-1] == "Audits: already loaded, nothing changed."
    assert Audit.objects.count() == count
