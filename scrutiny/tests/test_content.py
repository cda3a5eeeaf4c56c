"""What a pack holds and what it never holds: the plan's named leads but no other names, the owners' commentary
beside each goal's changes, the committee's questions with their responses, panels fit to publish."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from openpyxl import load_workbook

from organisation.tests.factories import PlaceholderLeadFactory, UserFactory
from plans import services as plan_services
from plans.choices import Status
from plans.tests.factories import ActionFactory, GoalFactory, PlanFactory, ReviewCommentFactory
from scrutiny import content, exports, selectors, services
from scrutiny.tests.factories import AnsweredQuestionFactory, QuestionFactory, WithdrawnQuestionFactory
from shared import panels
from shared.roles import Role

pytestmark = pytest.mark.django_db

CREATED, UPDATED, AS_AT = date(2026, 1, 5), date(2026, 2, 10), date(2026, 3, 1)
SINCE = date(2026, 1, 31)


@pytest.fixture
def world():
    # An owner who also sits on the leadership team, so every packable panel is theirs to choose.
    owner = UserFactory(first_name="Olivia", last_name="Ownername", roles=[Role.PLAN_OWNER, Role.SENIOR_LEADERSHIP])
    author = UserFactory(first_name="Ulrich", last_name="Authorname", roles=[Role.ACTION_LEAD])
    with freeze_time(CREATED):
        plan = PlanFactory(
            title="CFS plan", owners=[owner], period_start=date(2025, 4, 1), period_end=date(2027, 3, 31)
        )
        goal = GoalFactory(plan=plan, number="1", title="Inclusive recruitment")
        quiet = GoalFactory(plan=plan, number="2", title="Practice")
        action = ActionFactory(
            goal=goal,
            code="1.1",
            title="Anonymous recruitment",
            due_date=date(2026, 6, 30),
            leads=[PlaceholderLeadFactory(name="LV")],
        )
        ActionFactory(goal=quiet, code="2.1", title="Practice standards", due_date=date(2026, 9, 30))
        ReviewCommentFactory(
            action=action,
            author=UserFactory(first_name="Carla", last_name="Commentername"),
            author_name="Carla Commentername",
            text="Ask Francesca for data",
        )
    with freeze_time(UPDATED):
        plan_services.action_add_progress(
            action=action,
            by=author,
            text="Panels now include practitioners.",
            status=Status.IN_PROGRESS,
            written_on=UPDATED,
        )
    return {"owner": owner, "plan": plan, "goal": goal, "quiet": quiet, "action": action}


def publish(world, **extra):
    with freeze_time(AS_AT + timedelta(days=1)):
        values = {
            "title": "Update to scrutiny",
            "plans": [world["plan"]],
            "meeting_date": AS_AT + timedelta(days=14),
            "as_at": AS_AT,
            "changes_since": SINCE,
            **extra,
        }
        pack = services.pack_create(by=world["owner"], **values)
        services.pack_save_narratives(
            pack=pack, by=world["owner"], changes={selectors.narrative_field(world["goal"].pk): "Behind on panels."}
        )
        return services.pack_publish(pack=pack, by=world["owner"])


def everything_published(pack) -> str:
    """The stored content, the PDF's HTML and every cell of the workbook, as one text."""
    workbook = load_workbook(io.BytesIO(exports.pack_to_xlsx(pack)[0]))
    cells = " ".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value)
    return str(pack.frozen) + exports.pack_pdf_html(pack) + cells


def test_a_pack_names_the_plans_leads_and_nobody_else(world):
    text = everything_published(publish(world, panels=[p.key for p in panels.packable()]))
    assert "LV" in text
    for name in ("Olivia", "Ownername", "Ulrich", "Authorname", "Carla", "Commentername", "Francesca"):
        assert name not in text


def test_a_pack_shows_each_action_as_it_stood_on_the_as_at_day(world):
    pack = publish(world)
    actions = {a["reference"]: a for a in pack.frozen["data"]["plans"][0]["actions"]}
    assert actions["1.1"] | {"id": 0, "goal_id": 0} == {
        "id": 0,
        "goal_id": 0,
        "goal": "1. Inclusive recruitment",
        "reference": "1.1",
        "title": "Anonymous recruitment",
        "depth": 0,
        "status": "In progress",
        "colour": "Green",
        "colour_reason": "On track",
        "leads": "LV",
        "latest_update_on": "2026-02-10",
        "latest_update": "Panels now include practitioners.",
    }


def test_the_owners_commentary_sits_with_its_goals_changes(world):
    html = next(s["html"] for s in publish(world).frozen["sections"] if s["id"].endswith("-changes"))
    goal_one, goal_two = html.split("2. Practice")
    assert "Behind on panels." in goal_one and "1 progress update" in goal_one
    assert "No changes under this goal." in goal_two and "Behind on panels." not in goal_two


def test_the_committee_reads_what_it_asked_and_our_response(world):
    plan = world["plan"]
    AnsweredQuestionFactory(
        plan=plan,
        text="Is it ongoing?",
        response="Yes, reviewed quarterly.",
        responded_at=timezone.make_aware(timezone.datetime(2026, 2, 20, 12)),
    )
    QuestionFactory(plan=plan, text="Who leads panels?", respond_by=date(2026, 3, 20))
    html = next(s["html"] for s in publish(world).frozen["sections"] if s["id"].endswith("-questions"))
    assert "You asked</strong>" in html
    assert "Is it ongoing?" in html and "Yes, reviewed quarterly." in html and "Our response</strong> on" in html
    assert "Who leads panels?" in html and "not given yet; due by 20 March 2026 from the plan&#x27;s owners" in html


def test_questions_closed_before_the_last_meeting_are_not_shown_again(world):
    plan = world["plan"]
    AnsweredQuestionFactory(
        plan=plan, text="Old question", responded_at=timezone.make_aware(timezone.datetime(2026, 1, 10, 12))
    )
    WithdrawnQuestionFactory(
        plan=plan, text="Old withdrawn", withdrawn_at=timezone.make_aware(timezone.datetime(2026, 1, 10, 12))
    )
    WithdrawnQuestionFactory(
        plan=plan, text="Newly withdrawn", withdrawn_at=timezone.make_aware(timezone.datetime(2026, 2, 10, 12))
    )
    questions = publish(world).frozen["data"]["plans"][0]["questions"]
    assert [q["text"] for q in questions] == ["Newly withdrawn"]


def test_a_recommendation_reads_as_recommended(world):
    QuestionFactory(plan=world["plan"], kind="recommendation", text="Report panels' ethnicity.")
    html = next(s["html"] for s in publish(world).frozen["sections"] if s["id"].endswith("-questions"))
    assert "You recommended</strong>" in html


def test_panels_in_a_pack_link_nowhere_inside_the_service(world):
    pack = publish(world, panels=[p.key for p in panels.packable()])
    panel_html = "".join(s["html"] for s in pack.frozen["sections"] if s["id"].startswith("panel-"))
    assert panel_html and 'href="/' not in panel_html


def test_a_pack_of_two_plans_never_repeats_an_id(world):
    import re

    second = PlanFactory(owners=[world["owner"]])
    GoalFactory(plan=second)
    with freeze_time(AS_AT + timedelta(days=1)):
        pack = services.pack_create(
            by=world["owner"],
            title="Two plans",
            plans=[world["plan"], second],
            meeting_date=AS_AT,
            as_at=AS_AT,
            changes_since=SINCE,
            panels=[p.key for p in panels.packable()],
        )
        built = content.build(pack, user=world["owner"], today=AS_AT)
    ids = re.findall(r'\bid="([^"]+)"', "".join(s.html for s in built.sections))
    assert len(ids) == len(set(ids)) and len(ids) > 10


def test_the_workbook_has_a_sheet_per_part_of_the_pack(world):
    QuestionFactory(plan=world["plan"], text="Who leads panels?")
    workbook = load_workbook(io.BytesIO(exports.pack_to_xlsx(publish(world, panels=["plans.rag_summary"]))[0]))
    assert workbook.sheetnames == ["Pack", "Colours", "Plan as at", "Changes", "Commentary", "Questions", "Panels"]
    as_at = workbook["Plan as at"]
    assert [c.value for c in as_at[2]][:6] == [
        "CFS plan",
        "1. Inclusive recruitment",
        "1.1",
        "Anonymous recruitment",
        "In progress",
        "Green",
    ]
    assert as_at["I2"].value.date() == UPDATED and as_at["I2"].number_format == "DD/MM/YYYY"
    assert workbook["Commentary"]["C2"].value == "Behind on panels."
    assert workbook["Questions"]["E2"].value == "Who leads panels?"
    assert workbook["Panels"].max_row > 2


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(world):
    with freeze_time(UPDATED):
        plan_services.action_update(action=world["action"], by=world["owner"], changes={"title": "=HYPERLINK(1)"})
    workbook = load_workbook(io.BytesIO(exports.pack_to_xlsx(publish(world))[0]))
    assert workbook["Plan as at"]["D2"].value == "'=HYPERLINK(1)"


def test_internal_links_become_text_and_others_stay():
    html = '<a class="govuk-link" href="/plans/goals/3/">Goal 3</a> <a href="#x">here</a> <a href="https://a.org">A</a>'
    assert content.strip_internal_links(html) == 'Goal 3 <a href="#x">here</a> <a href="https://a.org">A</a>'


def test_ids_and_every_reference_to_them_are_prefixed():
    html = (
        '<svg id="c" aria-labelledby="c-title c-desc"><title id="c-title">T</title><desc id="c-desc">D</desc>'
        '<pattern id="c-p0"/><rect fill="url(#c-p0)"/></svg><a href="#c">c</a><label for="c-title">x</label>'
        '<p class="c-title">not an id</p>'
    )
    assert content.namespace_ids(html, "p1") == (
        '<svg id="p1-c" aria-labelledby="p1-c-title p1-c-desc"><title id="p1-c-title">T</title>'
        '<desc id="p1-c-desc">D</desc><pattern id="p1-c-p0"/><rect fill="url(#p1-c-p0)"/></svg>'
        '<a href="#p1-c">c</a><label for="p1-c-title">x</label><p class="c-title">not an id</p>'
    )


def test_the_tables_a_panel_shows_become_its_data():
    html = (
        '<table><caption>Counts <span class="govuk-visually-hidden">hidden</span></caption><thead><tr><th>Goal'
        "</th><th>Red</th></tr></thead><tbody><tr><th>1. Staff</th><td>3</td></tr></tbody></table>"
    )
    assert content.tables_in(html) == [{"caption": "Counts", "headers": ["Goal", "Red"], "rows": [["1. Staff", "3"]]}]


def test_each_question_is_headed_by_what_it_is_about(world):
    QuestionFactory(plan=world["plan"], goal=world["goal"], action=world["action"], text="Is it ongoing?")
    html = next(s["html"] for s in publish(world).frozen["sections"] if s["id"].endswith("-questions"))
    assert "Action 1.1: Anonymous recruitment</h4>" in html


def test_a_panel_the_same_for_every_plan_is_shown_once_and_one_that_differs_once_per_plan(world, monkeypatch):
    from shared.panels import Panel

    second = PlanFactory(title="HE plan", owners=[world["owner"]])
    GoalFactory(plan=second)
    registry = {
        "test.council": Panel(
            "test.council",
            "Council-wide",
            "scrutiny/tests/panel.html",
            lambda request: {"text": "the same everywhere"},
            frozenset({Role.PLAN_OWNER}),
            packable=True,
        ),
        "test.plan": Panel(
            "test.plan",
            "Per plan",
            "scrutiny/tests/panel.html",
            lambda request: {"text": f"plan {request.filters['plan']}"},
            frozenset({Role.PLAN_OWNER}),
            packable=True,
        ),
        "test.nothing": Panel(
            "test.nothing",
            "Nothing",
            "scrutiny/tests/panel.html",
            lambda request: None,
            frozenset({Role.PLAN_OWNER}),
            packable=True,
        ),
    }
    monkeypatch.setattr(panels, "_panels", registry)
    pack = publish(world, plans=[world["plan"], second], panels=list(registry))
    titles = [s["title"] for s in pack.frozen["sections"] if s["id"].startswith("panel-")]
    assert titles == ["Council-wide", "Per plan: CFS plan", "Per plan: HE plan"]
    assert [p["plan"] for p in pack.frozen["data"]["panels"]] == ["", "CFS plan", "HE plan"]


def test_a_panel_that_cannot_follow_the_plan_filter_says_so_in_the_pack_instead_of_naming_the_plans(world, monkeypatch):
    from shared.panels import Panel

    def panel(key, **fields):
        build = lambda request: {"text": "figures"}  # noqa: E731
        return Panel(
            key, key, "scrutiny/tests/panel.html", build, frozenset({Role.PLAN_OWNER}), packable=True, **fields
        )

    registry = {
        "test.council": panel("test.council", unfiltered_because="these figures are for the whole council"),
        "test.plan": panel("test.plan", filters=frozenset({"plan"})),
    }
    monkeypatch.setattr(panels, "_panels", registry)
    pack = publish(world, panels=list(registry))
    html = {s["id"]: s["html"] for s in pack.frozen["sections"]}
    assert "Not filtered by plan: these figures are for the whole council." in html["panel-test-council"]
    assert "filtered to" not in html["panel-test-council"]
    assert "filtered to CFS plan." in html["panel-test-plan"] and "Not filtered" not in html["panel-test-plan"]
    workbook = load_workbook(io.BytesIO(exports.pack_to_xlsx(pack)[0]))
    scopes = {row[1].value: row[0].value for row in workbook["Panels"].iter_rows(min_row=2)}
    assert scopes == {
        "test.council": "Not filtered by plan: these figures are for the whole council.",
        "test.plan": "All the pack's plans",
    }
