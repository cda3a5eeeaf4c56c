"""Parsing a plan table through a column mapping: another council's themed plan, and this product's export."""

import io
from datetime import date

import pytest

from plans.importing.columns import FIELDS, detect_headers, parse_columns, read_status
from plans.importing.structure import RowRef, SourceRow, SourceTable, walk

HEADER = ["Activity", "Lead", "Target Date", "What has been achieved so far?"]
MAPPING = {
    "title": "Activity",
    "lead": "Lead",
    "timescale": "Target Date",
    "progress": "What has been achieved so far?",
}


def table(name: str, rows: list[list[str]], heading: str | None = None) -> SourceTable:
    return SourceTable(
        name=name,
        heading=heading,
        rows=[SourceRow(ref=RowRef(name, number), cells=cells) for number, cells in enumerate(rows, start=1)],
    )


def themed_plan() -> list[SourceTable]:
    """Shaped like the other council's Word plan: a heading per theme, service-area rows, a repeated header."""
    return [
        table(
            "Table 1",
            [
                HEADER,
                ["Adult Social Care"],
                [
                    "Deliver anti-racism training to all managers",
                    "Head of Workforce",
                    "March 2022",
                    "40 managers trained. Update 01/10/21: a further 20 booked",
                ],
                [
                    "Publish a zero tolerance statement for residents",
                    "Director of ASC",
                    "June 2021",
                    "Completed June 2021.",
                ],
                HEADER,
                ["Housing Needs"],
                ["Review how racist abuse of staff by residents is recorded", "HN Team", "Dec 2021", ""],
            ],
            heading="Zero tolerance to racism",
        ),
        table(
            "Table 2",
            [
                HEADER,
                ["Publish workforce data by ethnicity and grade", "HR", "Quarterly", "Update needed"],
            ],
            heading="Data and transparency",
        ),
    ]


@pytest.mark.parametrize("mapping", [None, MAPPING], ids=["default headers", "explicit mapping"])
def test_each_themed_table_becomes_a_goal_and_its_theme(mapping):
    plan = parse_columns(themed_plan(), mapping=mapping)
    assert [(g.number, g.title, len(g.actions)) for g in plan.goals] == [
        ("1", "Zero tolerance to racism", 3),
        ("2", "Data and transparency", 1),
    ]
    assert {a.theme for a in plan.goals[0].actions} == {"Zero tolerance to racism"}
    assert plan.goals[1].actions[0].theme == "Data and transparency"
    assert plan.problems == []


@pytest.mark.parametrize("mapping", [None, MAPPING], ids=["default headers", "explicit mapping"])
def test_service_area_rows_set_the_service_of_the_rows_below_and_repeated_headers_are_skipped(mapping):
    plan = parse_columns(themed_plan(), mapping=mapping)
    assert [(a.title, a.service_area) for a in plan.goals[0].actions] == [
        ("Deliver anti-racism training to all managers", "Adult Social Care"),
        ("Publish a zero tolerance statement for residents", "Adult Social Care"),
        ("Review how racist abuse of staff by residents is recorded", "Housing Needs"),
    ]


def test_fields_are_read_from_their_columns():
    plan = parse_columns(themed_plan(), mapping=MAPPING)
    first = plan.goals[0].actions[0]
    assert (first.lead_text, first.timescale) == ("Head of Workforce", "March 2022")
    assert first.progress_text == "40 managers trained. Update 01/10/21: a further 20 booked"
    assert [(u.text, u.date) for u in first.updates] == [
        ("40 managers trained.", None),
        ("a further 20 booked", date(2021, 10, 1)),
    ]
    assert plan.goals[0].actions[1].status == "complete"
    assert plan.goals[1].actions[0].update_needed is True


def test_without_a_reference_column_actions_are_numbered_within_their_goal():
    plan = parse_columns(themed_plan())
    assert [(a.code, a.reference) for g in plan.goals for a in g.actions] == [
        ("1", "1.1"),
        ("2", "1.2"),
        ("3", "1.3"),
        ("1", "2.1"),
    ]


def test_goals_with_the_same_heading_in_several_tables_merge():
    tables = themed_plan()
    tables[1].heading = "Zero tolerance to racism"
    plan = parse_columns(tables)
    assert [(g.title, len(g.actions)) for g in plan.goals] == [("Zero tolerance to racism", 4)]
    assert plan.goals[0].actions[-1].reference == "1.4"


def test_a_table_without_a_matching_header_is_named_with_the_headers_it_has():
    tables = [*themed_plan(), table("Table 3", [["Name", "Phone number"], ["Ann", "0207"]])]
    plan = parse_columns(tables, mapping=MAPPING)
    assert [(str(p), p.severity) for p in plan.problems] == [
        (
            "Table 3, row 1: Table 3 has no header row matching the column mapping (headers found: 'Name', "
            "'Phone number')",
            "warning",
        )
    ]


def test_when_no_table_matches_the_mapping_it_is_an_error():
    plan = parse_columns([table("Sheet 'Plan'", [["Name", "Phone number"], ["Ann", "0207"]])], mapping=MAPPING)
    assert plan.goals == []
    assert [p.severity for p in plan.problems] == ["error"]
    assert plan.problems[0].ref == RowRef("Sheet 'Plan'", 1)


def test_rows_above_the_header_are_ignored():
    plan = parse_columns(
        [table("Table 1", [["Directorate plan 2021-22"], ["Owner: Director"], HEADER, ["Act", "LA", "", ""]])]
    )
    assert [a.title for g in plan.goals for a in g.actions] == ["Act"]
    assert plan.goals[0].title == "Actions"
    assert plan.problems == []


def test_mapping_matches_headers_ignoring_case_and_spaces_then_by_a_unique_part():
    rows = [
        ["  ACTIVITY ", "Lead officer(s)", "Target date (month)", "Progress so far"],
        ["Act", "LA", "May 2022", "Going"],
    ]
    mapping = {"title": "activity", "lead": "lead", "timescale": "target date", "progress": "progress"}
    action = parse_columns([table("Table 1", rows)], mapping=mapping).goals[0].actions[0]
    assert (action.title, action.lead_text, action.timescale, action.progress_text) == (
        "Act",
        "LA",
        "May 2022",
        "Going",
    )


def test_a_mapping_without_a_title_is_an_error():
    plan = parse_columns(themed_plan(), mapping={"title": "", "lead": "Lead", "timescale": "Target Date"})
    assert [p.severity for p in plan.problems] == ["error"]


def test_a_mapping_with_an_unknown_field_is_refused():
    with pytest.raises(ValueError):
        parse_columns(themed_plan(), mapping={"title": "Activity", "colour": "RAG"})


def test_sheet_names_become_goals_in_a_file_of_several_sheets():
    sheets = [
        table("Sheet 'Workforce'", [["Action", "Lead"], ["Recruit fairly", "HR"]]),
        table("Sheet 'Schools'", [["Action", "Lead"], ["Reduce exclusions", "HE"]]),
    ]
    plan = parse_columns(sheets)
    assert [(g.number, g.title) for g in plan.goals] == [("1", "Workforce"), ("2", "Schools")]


# -- the product's own export ----------------------------------------------------------------------

EXPORT_HEADER = ["Reference", "Goal", "Title", "Measurable", "Timescale", "Lead", "Status", "Progress", "Service area"]


def export_rows() -> list[list[str]]:
    return [
        EXPORT_HEADER,
        ["1.1", "1. Inclusive Recruitment", "Review recruitment processes", "", "", "", "In progress", "", ""],
        ["1.1.A", "", "Roll out anonymous recruitment", "Workforce profile", "July 2020", "LA", "Complete", "", ""],
        ["1.2.A.i", "", "Shadowing scheme", "", "", "PS", "On hold", "on hold due to Covid-19", ""],
        ["1.2", "", "Provide support", "", "", "", "", "", ""],
        ["1.2.A", "", "Review career progression", "", "Spring 2021", "", "", "", ""],
        [
            "2.4.A",
            "2. Anti-Racist Leadership",
            "Policies consider racism",
            "",
            "",
            "",
            "",
            "",
            "Safeguarding and Learning",
        ],
        ["2.4.A (2)", "", "Support foster carers", "", "", "LD", "Underway", "", "Safeguarding and Reviewing"],
        ["2.4.B (2)", "", "Culturally sensitive services", "", "", "LD", "Amber", "", "Safeguarding and Reviewing"],
    ]


def test_an_export_keeps_its_references_and_rebuilds_the_hierarchy_from_them():
    plan = parse_columns([table("export.csv", export_rows())])
    assert [(g.number, g.title) for g in plan.goals] == [
        ("1", "Inclusive Recruitment"),
        ("2", "Anti-Racist Leadership"),
    ]
    tree = {a.reference: (a.code, [c.reference for c in a.children]) for g in plan.goals for a in walk(g.actions)}
    assert tree == {
        "1.1": ("1.1", ["1.1.A"]),
        "1.1.A": ("A", []),
        "1.2": ("1.2", ["1.2.A"]),
        "1.2.A": ("A", ["1.2.A.i"]),
        "1.2.A.i": ("i", []),
        "2.4.A": ("A", []),
        "2.4.A (2)": ("A", []),
        "2.4.B (2)": ("B", []),
    }


def test_statuses_in_a_status_column_are_read_and_an_unknown_one_is_a_warning():
    plan = parse_columns([table("export.csv", export_rows())])
    status = {a.reference: a.status for g in plan.goals for a in walk(g.actions)}
    assert status["1.1"] == "in_progress"
    assert status["1.1.A"] == "complete"
    assert status["1.2.A.i"] == "on_hold"
    assert status["2.4.A (2)"] == "in_progress"
    assert status["2.4.B (2)"] is None
    assert [(p.ref.row, p.severity) for p in plan.problems] == [(9, "warning")]
    assert "Amber" in plan.problems[0].message


def test_a_service_area_column_sets_the_service_area():
    plan = parse_columns([table("export.csv", export_rows())])
    services = {a.reference: a.service_area for g in plan.goals for a in walk(g.actions)}
    assert services["2.4.A (2)"] == "Safeguarding and Reviewing"
    assert services["1.1.A"] is None


def test_a_goal_cell_without_a_number_is_numbered_in_order():
    rows = [["Goal", "Action"], ["Workforce", "Recruit"], ["", "Promote"], ["Schools", "Reduce exclusions"]]
    plan = parse_columns([table("plan.csv", rows)])
    assert [(g.number, g.title, len(g.actions)) for g in plan.goals] == [("1", "Workforce", 2), ("2", "Schools", 1)]


def test_a_row_without_a_title_continues_the_action_above():
    rows = [HEADER, ["Train managers", "HR", "March 2022", "Started"], ["", "", "", "Update 01/02/22: half done"]]
    action = parse_columns([table("plan.csv", rows)]).goals[0].actions[0]
    assert action.progress_text == "Started\nUpdate 01/02/22: half done"
    assert [u.date for u in action.updates] == [None, date(2022, 2, 1)]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Complete", "complete"),
        ("completed", "complete"),
        ("In progress", "in_progress"),
        ("Underway", "in_progress"),
        ("On hold", "on_hold"),
        ("Not started", "not_started"),
        ("Ongoing", "ongoing"),
        ("Ongoing / embedded", "ongoing"),
        ("Not pursued", "not_pursued"),
        ("not_pursued", "not_pursued"),
        ("Amber", None),
    ],
)
def test_status_words_are_read_case_insensitively(text, status):
    assert read_status(text) == status


def test_detect_headers_offers_each_tables_header_cells_once():
    tables = [*themed_plan(), table("Table 3", [["Name", "Phone number"], ["Ann", "0207"]])]
    assert detect_headers(tables) == [*HEADER, "Name", "Phone number"]


def test_fields_lists_every_mappable_field():
    assert set(FIELDS) == {
        "title",
        "lead",
        "timescale",
        "progress",
        "measurable",
        "detail",
        "status",
        "service",
        "theme",
        "pillar",
        "goal",
        "reference",
        "immediate_need",
        "last_updated",
        "rag",
    }


# -- through the Word reader -----------------------------------------------------------------------


def test_a_themed_word_document_is_read_through_the_reader():
    docx = pytest.importorskip("docx")
    from shared.tabular import read_tables

    document = docx.Document()
    document.add_paragraph("Directorate Anti-Racism Action Plan")
    for theme, sections in [
        (
            "Zero tolerance to racism",
            {
                "Adult Social Care": [
                    ("Train all managers", "Head of Workforce", "March 2022", "Update 01/10/21: 40 trained")
                ]
            },
        ),
        ("Data and transparency", {"Housing": [("Publish workforce data", "HR", "Quarterly", "")]}),
    ]:
        document.add_heading(theme, level=1)
        word_table = document.add_table(rows=1, cols=4)
        for cell, text in zip(word_table.rows[0].cells, HEADER, strict=True):
            cell.text = text
        for service, rows in sections.items():
            section = word_table.add_row().cells
            section[0].merge(section[3])
            section[0].text = service
            for values in rows:
                for cell, text in zip(word_table.add_row().cells, values, strict=True):
                    cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)

    plan = parse_columns(read_tables(buffer.getvalue(), "plan.docx"), mapping=MAPPING)
    assert [(g.title, [(a.title, a.service_area, a.theme, a.lead_text) for a in g.actions]) for g in plan.goals] == [
        (
            "Zero tolerance to racism",
            [("Train all managers", "Adult Social Care", "Zero tolerance to racism", "Head of Workforce")],
        ),
        ("Data and transparency", [("Publish workforce data", "Housing", "Data and transparency", "HR")]),
    ]
    assert plan.goals[0].actions[0].updates[0].date == date(2021, 10, 1)
    assert plan.problems == []


def test_a_reference_used_twice_is_a_warning_and_the_second_gets_a_new_reference():
    rows = [["Reference", "Title"], ["1.1", "First"], ["1.1.A", "Child"], ["1.1.A", "Same reference again"]]
    plan = parse_columns([table("export.csv", rows)])
    assert [c.reference for c in plan.goals[0].actions[0].children] == ["1.1.A", "1.1.A (2)"]
    assert [(p.ref.row, p.severity) for p in plan.problems] == [(4, "warning")]


def test_a_goal_number_is_read_from_goal_cells_written_in_several_ways():
    rows = [["Goal", "Action"], ["Goal 2: Leadership", "Lead well"], ["5.1 Workforce", "Recruit"]]
    plan = parse_columns([table("plan.csv", rows)])
    assert [(g.number, g.title) for g in plan.goals] == [("2", "Leadership"), ("5.1", "Workforce")]


def test_a_title_less_row_after_a_new_goal_does_not_continue_the_last_goals_action():
    rows = [["Goal", "Action", "Lead"], ["1. One", "Act", "LA"], ["2. Two", "", "LV"]]
    plan = parse_columns([table("plan.csv", rows)])
    assert plan.goals[0].actions[0].lead_text == "LA"
    assert [(p.ref.row, p.severity) for p in plan.problems] == [(3, "warning")]


def test_a_single_matching_table_is_not_named_after_itself():
    tables = [table("Table 1", [HEADER, ["Act", "LA", "", ""]]), table("Table 2", [["Contact", "Phone"]])]
    plan = parse_columns(tables)
    assert [g.title for g in plan.goals] == ["Actions"]
    assert [p.severity for p in plan.problems] == ["warning"]
