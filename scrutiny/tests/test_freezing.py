"""A published pack is frozen: whatever happens to its plans afterwards, its page and its files stay the same."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from organisation.tests.factories import LeadFactory, PlaceholderLeadFactory, UserFactory
from plans import services as plan_services
from plans.choices import Status
from plans.tests.factories import ActionFactory, GoalFactory, PlanFactory, ProgressUpdateFactory
from scrutiny import exports, selectors, services
from scrutiny.models import Pack, PackExport
from shared import panels
from shared.roles import Role

from .factories import QuestionFactory

pytestmark = pytest.mark.django_db

BUILT, PUBLISHED, LATER = date(2026, 2, 2), datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 9, 15, 30)


def pack_content(response) -> str:
    """The pack itself on its page: its title, contents and sections (not the page's frame, links or buttons)."""
    html = response.content.decode()
    title = html[html.index('<h1 class="govuk-heading-l">') : html.index("</h1>")]
    return title + html[html.index("<!-- start of pack -->") : html.index("<!-- end of pack -->")]


def download(client, url) -> bytes:
    response = client.get(url)
    if response.status_code == 302:  # the first request builds it through a job (run at once in tests)
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content


@pytest.fixture
def published(person_with_role):
    # An owner who also sits on the leadership team, so every packable panel is theirs to choose.
    owner = person_with_role(Role.PLAN_OWNER, Role.SENIOR_LEADERSHIP)
    with freeze_time(BUILT):
        plan = PlanFactory(
            title="CFS plan", owners=[owner], period_start=date(2025, 4, 1), period_end=date(2027, 3, 31)
        )
        goal = GoalFactory(plan=plan, number="1", title="Inclusive recruitment")
        action = ActionFactory(
            goal=goal,
            code="1.1",
            title="Roll out anonymous recruitment",
            due_date=date(2026, 6, 30),
            leads=[PlaceholderLeadFactory(name="LV")],
        )
        other = ActionFactory(goal=goal, code="1.2", title="Diverse interview panels", due_date=date(2026, 2, 20))
        ProgressUpdateFactory(action=action, text="Panels now include practitioners.")
    question = QuestionFactory(
        plan=plan,
        action=action,
        goal=goal,
        text="Is this ongoing work?",
        asked_on=date(2026, 2, 10),
        respond_by=date(2026, 3, 20),
    )
    with freeze_time(PUBLISHED):
        pack = services.pack_create(
            by=owner,
            title="Update to scrutiny",
            plans=[plan],
            meeting_date=date(2026, 3, 16),
            as_at=date(2026, 3, 1),
            changes_since=date(2026, 1, 31),
            panels=[p.key for p in panels.packable()],
        )
        services.pack_save_narratives(pack=pack, by=owner, changes={selectors.narrative_field(goal.pk): "On track."})
        pack = services.pack_publish(pack=pack, by=owner)
    return {
        "pack": pack,
        "owner": owner,
        "plan": plan,
        "goal": goal,
        "action": action,
        "other": other,
        "question": question,
    }


def change_everything(o) -> None:
    """Afterwards, everything a pack shows is changed: titles, statuses, leads, updates, dates, the question."""
    owner, action = o["owner"], o["action"]
    with freeze_time(LATER):
        plan_services.plan_update_settings(plan=o["plan"], by=owner, title="RENAMED PLAN")
        plan_services.goal_update(goal=o["goal"], by=owner, number="1", title="RENAMED GOAL", outcome="")
        plan_services.action_update(
            action=action,
            by=owner,
            changes={"title": "RENAMED ACTION", "leads": [LeadFactory(name="NEWLEAD")], "due_date": date(2026, 3, 5)},
            reason="Moved",
        )
        plan_services.action_add_progress(
            action=o["other"], by=owner, text="NEW UPDATE", status=Status.COMPLETE, written_on=date(2026, 2, 28)
        )
        plan_services.action_create(goal=o["goal"], by=owner, code="1.3", title="NEW ACTION")
        services.question_respond(question=o["question"], by=owner, response="NEW RESPONSE")
        QuestionFactory(plan=o["plan"], text="NEW QUESTION")


def test_a_published_pack_does_not_change_when_its_plan_changes_afterwards(client, published):
    pack = published["pack"]
    councillor = UserFactory(roles=[Role.SCRUTINY_MEMBER])
    client.force_login(councillor)
    page_url = reverse("scrutiny:pack_detail", args=[pack.pk])
    pdf_url, xlsx_url = (reverse("scrutiny:pack_export", args=[pack.pk, fmt]) for fmt in ("pdf", "xlsx"))
    frozen_before = Pack.objects.get(pk=pack.pk).frozen
    page_before = pack_content(client.get(page_url))
    pdf_before, xlsx_before = download(client, pdf_url), download(client, xlsx_url)
    pdf_html_before = exports.pack_pdf_html(pack)

    change_everything(published)

    pack = Pack.objects.get(pk=pack.pk)
    page_after = pack_content(client.get(page_url))
    assert pack.frozen == frozen_before
    assert page_after == page_before
    assert download(client, pdf_url) == pdf_before
    assert download(client, xlsx_url) == xlsx_before
    # Made again from the stored content, not from the plans: the same HTML to print, the same workbook.
    assert exports.pack_pdf_html(pack) == pdf_html_before
    assert exports.pack_to_xlsx(pack)[0] == xlsx_before
    for text in ("RENAMED", "NEWLEAD", "NEW UPDATE", "NEW ACTION", "NEW RESPONSE", "NEW QUESTION"):
        assert text not in page_after and text not in pdf_html_before
    assert "Roll out anonymous recruitment" in page_after and "Is this ongoing work?" in page_after


def test_the_pack_as_built_before_the_changes_shows_what_the_plan_said_then(published):
    """The control for the test above: the changes are real, a pack built now does show them."""
    change_everything(published)
    with freeze_time(LATER + timedelta(days=1)):
        draft = services.pack_create(
            by=published["owner"],
            title="Next update",
            plans=[published["plan"]],
            meeting_date=date(2026, 4, 1),
            as_at=timezone.localdate(),
            changes_since=date(2026, 3, 1),
        )
        fresh = services.pack_publish(pack=draft, by=published["owner"])
    text = str(fresh.frozen)
    assert "RENAMED ACTION" in text and "NEWLEAD" in text and "NEW RESPONSE" in text


def test_each_file_of_a_published_pack_is_built_once_and_then_reused(client, published):
    pack = published["pack"]
    client.force_login(UserFactory(roles=[Role.SCRUTINY_MEMBER]))
    url = reverse("scrutiny:pack_export", args=[pack.pk, "xlsx"])
    first = client.get(url)
    assert first.status_code == 302 and "/jobs/" in first["Location"]
    stored = PackExport.objects.get(pack=pack, fmt="xlsx")
    other = UserFactory(roles=[Role.SENIOR_LEADERSHIP])
    client.force_login(other)
    second = client.get(url)
    assert second.status_code == 200 and second["Content-Disposition"].startswith("attachment")
    assert PackExport.objects.filter(pack=pack).count() == 1
    assert second.content == stored.file.open("rb").read()


def test_a_published_pack_refuses_new_commentary(published):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.pack_save_narratives(
            pack=published["pack"],
            by=published["owner"],
            changes={selectors.narrative_field(published["goal"].pk): "Changed"},
        )
