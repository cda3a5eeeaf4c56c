"""Parsing the CFS plan's numbered layout: goals, headline actions, lettered actions, sections, comments.

The counts below were established by reading the CFS plan (plans/demo/cfs_anti_racist_action_plan_2020.tsv)
by hand, row by row:
goal 1: 1.1 (A-I), 1.2 (A with i-ix, then A-E), 1.3 (A-E), 1.4, 1.5 (A) = 5 headline + 21 actions + 9 sub-actions;
goal 2: 2.1 (A-I), 2.2 (A-D), 2.3 (A-E), 2.4 (3 + 4 + 6 + 7 + 3 + 4 + 3 by service) = 4 headline + 48 actions;
goal 3: 3.1 (A-G), 3.2 (A-I) = 2 headline + 16 actions. In all 11 + 85 + 9 = 105.
80 actions have a progress cell; 4 "Update <date>" markers, one at the very start of its cell: 83 updates.
"""

import io
from datetime import date

import pytest

from plans import demo
from plans.importing.numbered import parse_numbered, read_code, split_title
from plans.importing.structure import RowRef, SourceRow, SourceTable, walk
from shared.tabular import read_tables

SEED = demo.PLAN_FILE


def tables(text: str, name: str = "plan.tsv", *, bold_rows: tuple[int, ...] = ()) -> list[SourceTable]:
    """A table with every cell kept, trailing empty ones too (as Word's text export writes them)."""
    rows = [
        SourceRow(ref=RowRef(name, number), cells=line.split("\t"), bold=number in bold_rows)
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]
    return [SourceTable(name=name, rows=rows)]


HEADER = "Goal\tHeadline Actions\tMeasurable\tTimescales\tLead\tProgress Report"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan(seed_text):
    return parse_numbered(read_tables(seed_text.encode("utf-8"), "cfs-plan.tsv"))


@pytest.fixture(scope="module")
def actions(plan):
    return {action.reference: action for goal in plan.goals for action in walk(goal.actions)}


def codes(action_list) -> list[str]:
    return [action.code for action in action_list]


# -- the CFS plan ----------------------------------------------------------------------------------


def test_the_cfs_plan_has_three_goals_with_their_outcome_statements(plan):
    assert [(g.number, g.title) for g in plan.goals] == [
        ("1", "Inclusive Recruitment and Aspirational Support for Staff"),
        ("2", "Anti-Racist Leadership and Practice with Children and Families"),
        ("3", "Promoting Anti-Racist Practice to influence broader systems that affect children and families lives"),
    ]
    assert plan.goals[0].outcome.startswith("Staff workforce is representative of child and family population")
    assert plan.goals[1].outcome.startswith("Leadership and practice with children and families take a pro-actively")
    assert plan.goals[2].outcome.startswith("Leaders and Practitioners across CFS take action")


def test_each_goal_has_its_headline_actions(plan):
    assert [codes(g.actions) for g in plan.goals] == [
        ["1.1", "1.2", "1.3", "1.4", "1.5"],
        ["2.1", "2.2", "2.3", "2.4"],
        ["3.1", "3.2"],
    ]


def test_the_cfs_plan_has_105_actions_at_three_depths(plan):
    every = [a for g in plan.goals for a in walk(g.actions)]
    headline = [a for g in plan.goals for a in g.actions]
    sub_actions = [c for h in headline for a in h.children for c in a.children]
    assert (len(every), len(headline), len(sub_actions)) == (105, 11, 9)


def test_headline_1_1_has_actions_a_to_i_including_the_spaced_i(actions):
    assert codes(actions["1.1"].children) == list("ABCDEFGHI")
    assert actions["1.1.I"].title == "Implement affirmative action"


def test_headline_1_2_has_an_a_with_nine_roman_sub_actions_then_a_second_a_to_e(actions):
    assert codes(actions["1.2"].children) == ["A", "A", "B", "C", "D", "E"]
    assert codes(actions["1.2.A"].children) == ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    assert actions["1.2.A.viii"].title.startswith("Candidates who have been unsuccessful")
    assert actions["1.2.A (2)"].title.startswith("Address any inequality")
    assert actions["1.2.A (2)"].children == []


def test_the_other_headlines_have_their_lettered_actions(actions):
    assert codes(actions["1.3"].children) == list("ABCDE")
    assert actions["1.4"].children == []
    assert codes(actions["1.5"].children) == ["A"]
    assert codes(actions["2.1"].children) == list("ABCDEFGHI")
    assert codes(actions["2.2"].children) == list("ABCD")
    assert codes(actions["2.3"].children) == list("ABCDE")
    assert codes(actions["3.1"].children) == list("ABCDEFG")
    assert codes(actions["3.2"].children) == list("ABCDEFGHI")


def test_service_specific_actions_under_2_4_are_grouped_by_service_area(actions):
    grouped: dict[str, list[str]] = {}
    for action in actions["2.4"].children:
        grouped.setdefault(action.service_area, []).append(action.code)
    assert grouped == {
        "Safeguarding and Learning": list("ABC"),
        "Safeguarding and Reviewing": list("ABCD"),
        "Family Intervention and Support Services": list("EFGHIJ"),
        "Corporate Parenting": list("ABCDEFG"),
        "Clinical Services": list("ABC"),
        "Youth Offending Team": list("ABCD"),
        "Business Support": list("ABC"),
    }


def test_repeated_codes_under_2_4_get_numbered_references(actions):
    assert actions["2.4.A (2)"].service_area == "Safeguarding and Reviewing"
    assert actions["2.4.A (6)"].service_area == "Business Support"


def test_actions_outside_2_4_have_no_service_area(actions):
    assert all(a.service_area is None for ref, a in actions.items() if not ref.startswith("2.4"))


def test_reviewer_comments_belong_to_the_action_above_them(actions):
    commented = {ref: [(c.text, c.assigned_to) for c in a.comments] for ref, a in actions.items() if a.comments}
    assert commented == {
        "1.3.D": [("ask Francesca for data to analyse", None)],
        "2.1.D": [
            (
                "@julie.mccolgan@hackney.gov.uk Hi Julie- I think this would be good to explore with Temitope to "
                "look at something aspirational in lines with our systemic principles?",
                "Julie McColgan",
            )
        ],
        "2.2.B": [
            (
                "possibly working with Elvira/Soraya's team/Corporate and link in with their equalities programme "
                "on this + microaggressions",
                None,
            )
        ],
        "2.4.A (6)": [
            ("Is this a one off or part of ongoing work?", None),
            ("what are the specific steps to achieve this?", None),
        ],
    }


def test_the_three_business_support_actions_need_an_update(actions):
    assert sorted(ref for ref, a in actions.items() if a.update_needed) == ["2.4.A (6)", "2.4.B (6)", "2.4.C (6)"]


def test_statuses_stated_in_progress_are_read(actions):
    assert {ref: a.status for ref, a in actions.items() if a.status} == {
        "1.1.A": "complete",
        "1.1.B": "complete",
        "1.1.C": "complete",
        "1.2.A.i": "on_hold",
        "1.3.A": "complete",
        "1.4": "complete",
        "2.2.B": "complete",
        "2.3.A": "complete",
        "2.4.E": "on_hold",  # FISS E: "On hold whilst systems are down."
        "2.4.G": "complete",  # FISS G
        "2.4.H": "in_progress",  # FISS H: "In progress - ..."
        "2.4.A (5)": "in_progress",  # Youth Offending Team A: "Initial Research underway."
    }


def test_yet_to_be_completed_is_not_complete(actions):
    assert "has yet to be completed" in actions["2.4.C (2)"].progress_text
    assert actions["2.4.C (2)"].status is None


def test_progress_is_kept_as_written_and_split_into_dated_updates(actions):
    c = actions["1.1.C"]
    assert c.progress_text.startswith("Diverse Panels introduced 2019- COMPLETE -Interview panels")
    assert [u.date for u in c.updates] == [None, date(2020, 12, 1)]
    assert c.updates[1].text.startswith("this has been agreed at WFDB")
    assert [u.date for u in actions["1.2.A.ii"].updates] == [None, date(2020, 10, 9)]
    assert [u.date for u in actions["1.2.A.v"].updates] == [date(2020, 9, 24)]
    assert [u.date for u in actions["1.3.C"].updates] == [None, date(2020, 10, 9)]


def test_the_plan_has_83_progress_updates_from_80_progress_cells(actions):
    assert sum(1 for a in actions.values() if a.progress_text) == 80
    assert sum(len(a.updates) for a in actions.values()) == 83


def test_leads_measures_and_timescales_are_kept_as_written(actions):
    f = actions["1.1.F"]
    assert (f.measurable, f.timescale, f.lead_text) == (
        "Recruitment process visibly incorporates anti-racist and anti-oppressive values.",
        "Spring 2021",
        "JM/ LV & HO",
    )
    assert actions["1.4"].lead_text == "Promoting racial equality Leadership Group"
    assert actions["2.4.F"].timescale == "Reviewed on ongoing basis"


def test_cells_of_a_row_with_merged_columns_are_read_from_the_right(actions):
    i = actions["1.1.I"]  # five cells: the title sits in the Goal column
    assert (i.measurable, i.timescale, i.lead_text) == ("Measured by Workforce Profile", "Jan 2021", "LA/RT")
    assert i.progress_text.startswith("This is being implemented for Diversity and Inclusion Lead role")
    a = actions["1.2.A"]
    assert (a.measurable, a.timescale, a.lead_text) == (
        "Increase in career progression for Black and Minority Ethnic staff.",
        "Spring 2021",
        "",
    )
    assert actions["1.2.A.i"].lead_text == "PS"
    assert actions["2.1.D"].measurable == "Staff understand expectations and consequences of behaviour"


def test_spring_2021_in_the_lead_column_of_2_1_c_becomes_its_timescale_with_a_warning(plan, actions):
    c = actions["2.1.C"]
    assert (c.timescale, c.lead_text, c.progress_text) == ("Spring 2021", "", "")
    warnings = [p.message for p in plan.problems if p.ref == RowRef("cfs-plan.tsv", 58)]
    assert len(warnings) == 1
    assert "2.1.C" in warnings[0] and "Spring 2021" in warnings[0]


def test_spring_2021_is_moved_out_of_the_lead_column_when_the_row_keeps_all_its_cells(seed_text):
    plan = parse_numbered(tables(seed_text, "cfs-plan.tsv"))
    c = next(a for g in plan.goals for a in walk(g.actions) if a.reference == "2.1.C")
    assert (c.timescale, c.lead_text) == ("Spring 2021", "")
    assert [str(p) for p in plan.problems if p.ref.row == 58] == [
        "cfs-plan.tsv, row 58: 'Spring 2021' in the Lead column of 2.1.C looks like a timescale: "
        "it was moved to Timescales"
    ]


def test_a_code_alone_in_a_cell_takes_its_title_from_the_next_cell(actions):
    h = actions["2.4.H"]
    assert h.title.startswith("Start and maintain a FISS Partnership (including police) issues log")
    assert (h.timescale, h.lead_text) == ("June 2020", "HB/LB")
    assert actions["2.4.A (3)"].title.startswith("Engaging with foster carers")


def test_a_row_split_across_a_page_continues_the_action_above(actions):
    b = actions["2.4.B"]
    assert b.title.endswith("surveys include questions that explicitly ask about family's experiences.")
    assert b.progress_text.endswith("(Linked to action 2.1F)")
    assert b.lead_text == "TB/ AOK"
    e = actions["3.2.E"]
    assert e.title == "Improving children's experiences with CAMHS- and Adult mental health services by:"
    assert "Understanding CYP and families experiences" in e.detail
    assert codes(actions["3.2"].children) == list("ABCDEFGHI")


def test_the_title_is_the_first_sentence_and_the_rest_is_detail(actions):
    c = actions["2.1.C"]
    assert c.title == "Staff are supported in self-reflection and in developing effective anti-racist approaches."
    assert c.detail.startswith("- Develop systemic and anti-racist tools")
    e = actions["1.1.E"]
    assert e.title.endswith("from minority ethnic backgrounds.")
    assert e.detail == "Review and remove Hackney centric language from processes."
    assert actions["3.2.B"].title == (
        "Working in partnership across services to ensure an effective and united approach to challenging "
        "external partners."
    )


def test_the_cfs_plan_has_exactly_five_warnings_and_no_errors(plan):
    assert plan.errors == []
    assert [(p.ref.row, p.severity) for p in plan.problems] == [
        (35, "warning"),  # a second "A." under 1.2, same service area
        (58, "warning"),  # 2.1.C: Spring 2021 in the Lead column
        (157, "warning"),  # useful resources: not imported
        (159, "warning"),
        (155, "warning"),  # "Useful resources:" heads no actions
    ]
    assert "appears more than once under 1.2" in plan.problems[0].message
    assert "Text outside any action was not imported" in plan.problems[2].message


def test_preamble_above_the_header_is_ignored_without_a_problem(plan):
    assert all(p.ref.row > 10 for p in plan.problems)


def test_every_problem_points_at_a_row(plan):
    assert all(p.ref is not None for p in plan.problems)


# -- other shapes of numbered plan -----------------------------------------------------------------


def test_without_a_header_row_the_cfs_column_order_is_assumed_with_a_warning():
    plan = parse_numbered(
        tables("1. Goal one\t\t\t\t\t\n\t1.1 Headline\t\t\t\t\n\tA. Do it\tMeasure\tMay 2021\tLA\tStarted")
    )
    a = plan.goals[0].actions[0].children[0]
    assert (a.title, a.measurable, a.timescale, a.lead_text, a.progress_text) == (
        "Do it",
        "Measure",
        "May 2021",
        "LA",
        "Started",
    )
    assert [p.ref.row for p in plan.problems] == [1]
    assert "No header row" in plan.problems[0].message


def test_joint_plan_goals_numbered_5_1_have_headline_actions_numbered_5_1_1():
    plan = parse_numbered(
        tables(
            "\t5.1 Staff workforce is representative\t\t\n"
            "5.1.1\tEnsuring our CFS Recruitment Protocol is inclusive\t\t\n"
            "5.1.2\tEnable staff to influence the outcomes of the recruitment process\t\t\n"
            "5.2 Leadership and practice take a pro-actively anti-racist stance\t\t\n"
            "5.2.1\tEmbedding of practice\t\n"
            "5.2.7\tReduction of the number of Black boys becoming looked after\t"
        )
    )
    assert [(g.number, g.title, codes(g.actions)) for g in plan.goals] == [
        ("5.1", "Staff workforce is representative", ["5.1.1", "5.1.2"]),
        ("5.2", "Leadership and practice take a pro-actively anti-racist stance", ["5.2.1", "5.2.7"]),
    ]
    assert plan.goals[0].actions[0].title == "Ensuring our CFS Recruitment Protocol is inclusive"
    assert plan.goals[0].actions[0].reference == "5.1.1"


def test_a_headline_without_its_goal_row_gets_a_goal_from_its_number_with_a_warning():
    plan = parse_numbered(tables(f"{HEADER}\n1. One\t\t\t\t\t\n\t1.1 First\t\t\t\t\n\t2.1 Second\t\t\tJuly 2021\tLA\t"))
    assert [(g.number, codes(g.actions)) for g in plan.goals] == [("1", ["1.1"]), ("2", ["2.1"])]
    assert [(p.ref.row, p.severity) for p in plan.problems] == [(4, "warning")]


def test_a_deeper_number_is_a_child_of_the_numbered_action_it_extends():
    plan = parse_numbered(tables(f"{HEADER}\n1. One\t\t\t\t\t\n\t1.1 First\t\t\t\t\n\t1.1.1 Part\t\t\t\t\n"))
    headline = plan.goals[0].actions[0]
    assert codes(headline.children) == ["1"]
    assert headline.children[0].reference == "1.1.1"


def test_lower_case_letters_nest_under_roman_numerals_and_i_after_h_is_a_letter():
    rows = ["1. One", "\t1.1 Headline", "\tA. Action", "\ti. Sub", "\ta) detail one", "\tb) detail two"]
    rows += [f"\t{letter}) more" for letter in "cdefgh"]
    rows += ["\ti) ninth letter", "\tii. Second sub", "\tB. Next action"]
    plan = parse_numbered(tables(HEADER + "\n" + "\n".join(row + "\t\t\t\t" for row in rows)))
    a = plan.goals[0].actions[0].children[0]
    assert codes(plan.goals[0].actions[0].children) == ["A", "B"]
    assert codes(a.children) == ["i", "ii"]
    assert codes(a.children[0].children) == list("abcdefghi")


def test_bold_rows_are_immediate_needs():
    plan = parse_numbered(
        tables(
            f"{HEADER}\n1. One\t\t\t\t\t\n\t1.1 Headline\t\t\t\t\n\tA. Urgent\t\t\t\t\n\tB. Later\t\t\t\t",
            bold_rows=(4,),
        )
    )
    assert [a.immediate_need for a in plan.goals[0].actions[0].children] == [True, False]


def test_a_comment_can_carry_its_assignee_at_the_end():
    plan = parse_numbered(
        tables(f"{HEADER}\n1. One\t\t\t\t\t\n\t1.1 Headline\t\t\t\t\nCommented [1]: Check this\nAssigned to Ann Lee")
    )
    comment = plan.goals[0].actions[0].comments[0]
    assert (comment.text, comment.assigned_to, comment.ref.row) == ("Check this", "Ann Lee", 4)


def test_a_comment_with_no_action_above_it_is_a_warning():
    plan = parse_numbered(tables(f"{HEADER}\nCommented [1]: Where is this?\n1. One\t\t\t\t\t\n\t1.1 Headline\t\t\t\t"))
    assert [(p.ref.row, p.severity) for p in plan.problems] == [(2, "warning")]


def test_a_repeated_code_in_the_same_service_area_is_a_warning_but_not_in_another():
    plan = parse_numbered(
        tables(
            f"{HEADER}\n1. One\t\t\t\t\t\n\t1.1 Headline\t\t\t\t\nTeam One\t\t\t\t\t\n\tA. First\t\t\t\t\n"
            "\tA. Again\t\t\t\t\nTeam Two\t\t\t\t\t\n\tA. Other team\t\t\t\t"
        )
    )
    assert [a.reference for a in plan.goals[0].actions[0].children] == ["1.1.A", "1.1.A (2)", "1.1.A (3)"]
    assert [p.ref.row for p in plan.problems] == [6]


def test_a_numbered_word_heading_above_a_table_is_a_goal():
    first = tables(f"{HEADER}\n1. One\t\t\t\t\t\n\t1.1 Headline\t\t\t\t", "Table 1")[0]
    second = tables("\t2.1 Second headline\t\t\t\t\n\tA. Action\t\t\tTA\t", "Table 2")[0]
    second.heading = "2. Anti-Racist Leadership"
    plan = parse_numbered([first, second])
    assert [(g.number, g.title, codes(g.actions)) for g in plan.goals] == [
        ("1", "One", ["1.1"]),
        ("2", "Anti-Racist Leadership", ["2.1"]),
    ]
    assert plan.problems == []


def test_rows_trimmed_by_a_reader_are_read_in_the_header_columns():
    # Word and Excel grids keep every column in place; a reader drops the empty ones at the end.
    rows = [
        SourceRow(RowRef("Table 1", 1), HEADER.split("\t")),
        SourceRow(RowRef("Table 1", 2), ["1. One"]),
        SourceRow(RowRef("Table 1", 3), ["", "1.1 Headline"]),
        SourceRow(RowRef("Table 1", 4), ["", "A. Action", "Measure", "Spring 2021"]),
        SourceRow(RowRef("Table 1", 5), ["", "B. Other", "", "", "LA"]),
    ]
    plan = parse_numbered([SourceTable("Table 1", rows)])
    a, b = plan.goals[0].actions[0].children
    assert (a.measurable, a.timescale, a.lead_text) == ("Measure", "Spring 2021", "")
    assert (b.timescale, b.lead_text, b.progress_text) == ("", "LA", "")
    assert plan.problems == []


def test_a_plan_with_no_actions_is_an_error():
    plan = parse_numbered(tables(f"{HEADER}\nJust some text here."))
    assert [p.severity for p in plan.problems] == ["warning", "error"]


# -- codes and titles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "style", "code", "rest"),
    [
        ("1. Inclusive Recruitment", "numeric", "1", "Inclusive Recruitment"),
        ("1.1 Review and update", "numeric", "1.1", "Review and update"),
        ("1.2.Provide support", "numeric", "1.2", "Provide support"),
        ("2.4. Service specific", "numeric", "2.4", "Service specific"),
        ("A. Roll out", "upper", "A", "Roll out"),
        ("A.Review strategies", "upper", "A", "Review strategies"),
        ("I .Implement affirmative action", "upper", "I", "Implement affirmative action"),
        ("H.", "upper", "H", ""),
        ("viii.Candidates who", "roman", "viii", "Candidates who"),
        ("ix. Black and minority", "roman", "ix", "Black and minority"),
        ("(a) first", "lower", "a", "first"),
        ("b) second", "lower", "b", "second"),
        ("1) one", "bracketed", "1", "one"),
    ],
)
def test_codes_are_read_from_the_start_of_a_cell(text, style, code, rest):
    found = read_code(text)
    assert (found.style, found.code, found.rest) == (style, code, rest)


@pytest.mark.parametrize(
    "text",
    ["1st example of this", "2020 budget", "e.g. something", "i.e. this", "U.K. based", "A Continuum of Practice"],
)
def test_ordinary_text_is_not_a_code(text):
    assert read_code(text) is None


def test_a_long_single_sentence_title_is_cut_at_a_word_with_the_rest_in_detail():
    text = "Exploring how we engage " + "and empower local communities " * 12 + "today."
    title, detail = split_title(text)
    assert title.endswith("…") and len(title) <= 201
    assert (title[:-1] + " " + detail).replace("  ", " ").startswith("Exploring how we engage")


# -- through the Word reader -----------------------------------------------------------------------


def test_a_cfs_style_word_table_is_read_through_the_reader():
    docx = pytest.importorskip("docx")
    from shared.tabular import read_tables

    document = docx.Document()
    document.add_paragraph("Actions in bold have been identified as immediate need")
    word_table = document.add_table(rows=1, cols=6)
    for cell, text in zip(word_table.rows[0].cells, HEADER.split("\t"), strict=True):
        cell.text = text

    def add(values: list[str], *, merge_first: int = 1, bold: bool = False) -> None:
        cells = word_table.add_row().cells
        if merge_first > 1:
            cells[0].merge(cells[merge_first - 1])
        for index, text in enumerate(values):
            if text:
                run = cells[index].paragraphs[0].add_run(text)
                run.bold = bold

    add(["1. Inclusive Recruitment and Aspirational Support for Staff"], merge_first=6)
    add(["Staff workforce is representative", "1.1 Review and update recruitment processes including:"])
    add(
        [
            "",
            "A. Roll out of anonymous recruitment",
            "Measured by Workforce Profile",
            "July 2020",
            "LA",
            "Anonymous recruitment to start July 2020- COMPLETE",
        ],
        bold=True,
    )
    add(
        ["I .Implement affirmative action", "", "Measured by Workforce Profile", "Jan 2021", "LA/RT", ""], merge_first=2
    )
    add(["Business Support"], merge_first=6)
    add(["", "B. Explore routes for business support staff", "", "", "", "Update needed."])
    buffer = io.BytesIO()
    document.save(buffer)

    plan = parse_numbered(read_tables(buffer.getvalue(), "plan.docx"))
    goal = plan.goals[0]
    assert (goal.number, goal.outcome) == ("1", "Staff workforce is representative")
    a, i, b = goal.actions[0].children
    assert (a.code, a.timescale, a.lead_text, a.status, a.immediate_need) == ("A", "July 2020", "LA", "complete", True)
    assert (i.code, i.measurable, i.timescale, i.lead_text, i.immediate_need) == (
        "I",
        "Measured by Workforce Profile",
        "Jan 2021",
        "LA/RT",
        False,
    )
    assert (b.service_area, b.update_needed) == ("Business Support", True)
    assert plan.problems == []


def test_a_new_headline_closes_the_lettered_levels_of_the_one_before():
    rows = ["1. One", "\t1.1 First", "\tA. Action", "\ti. Sub", "\t1.2 Second", "\ti. Straight to a numeral"]
    plan = parse_numbered(tables(HEADER + "\n" + "\n".join(row + "\t\t\t\t" for row in rows)))
    first, second = plan.goals[0].actions
    assert codes(first.children[0].children) == ["i"]
    assert codes(second.children) == ["i"]


def test_a_lone_row_a_person_reads_as_an_action_becomes_the_next_action_at_the_level_open():
    rows = ["1. One", "\t1.1 First", "\tA. Action", "Staff wellbeing", "\tB. Another"]
    text = HEADER + "\n" + "\n".join(row + "\t\t\t\t" for row in rows)
    as_section = parse_numbered(tables(text))
    assert [(r.text, r.reading, r.unsure) for r in as_section.lone_rows] == [("Staff wellbeing", "section", True)]
    assert as_section.goals[0].actions[0].children[1].service_area == "Staff wellbeing"
    as_action = parse_numbered(tables(text), readings={"plan.tsv|5": "action"})
    assert [(a.code, a.title) for a in as_action.goals[0].actions[0].children] == [
        ("A", "Action"),
        ("2", "Staff wellbeing"),
        ("B", "Another"),
    ]


def test_a_multi_level_code_names_its_parent():
    rows = ["1. One", "\t1.1 First", "\t1.2 Second", "\t1.1.a Back under the first"]
    plan = parse_numbered(tables(HEADER + "\n" + "\n".join(row + "\t\t\t\t" for row in rows)))
    first, second = plan.goals[0].actions
    assert ([c.reference for c in first.children], second.children) == (["1.1.a"], [])
