"""Reading tables out of uploaded .docx, .xlsx and .csv/.tsv files, and refusing files that are unsafe or unreadable."""

from __future__ import annotations

import io
import random
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import Font
from openpyxl.worksheet.merge import MergedCellRange

from shared.tabular import UnreadableFile, read_tables
from shared.tabular import xlsx as xlsx_reader
from shared.tabular.text import clean_cell_text
from shared.testing.word import add_list, numbered

# The CFS plan as Word exports it to text; the demo loads the same file.
SEED = Path(__file__).resolve().parents[2] / "plans" / "demo" / "cfs_anti_racist_action_plan_2020.tsv"
HEADER = ["Goal", "Headline Actions", "Measurable", "Timescales", "Lead", "Progress Report"]


def only_table(data: bytes, filename: str, **kwargs):
    tables = read_tables(data, filename, **kwargs)
    assert len(tables) == 1
    return tables[0]


def refused(data: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_tables(data, filename, **kwargs)
    message = str(caught.value)
    assert "Traceback" not in message and "Error" not in message and "Exception" not in message
    return message


# --- clean_cell_text ------------------------------------------------------------------------------------


def test_plain_text_comes_through_unchanged_apart_from_whitespace():
    assert clean_cell_text("  Review job descriptions,  A&E < 5 days \r\n\r\n  LA/LV  ") == (
        "Review job descriptions, A&E < 5 days\nLA/LV"
    )


def test_paragraph_tags_become_lines_and_list_items_become_dash_lines():
    raw = "<p>Linked to 2.1. B</p><ul><li>first&nbsp;point</li><li><p>second</p></li></ul><p>Done &amp; dusted</p>"
    assert clean_cell_text(raw) == "Linked to 2.1. B\n- first point\n- second\nDone & dusted"


def test_br_and_div_tags_break_lines_and_unknown_tags_are_dropped():
    assert clean_cell_text('<div>One<br/>Two</div><span class="x"><b>Three</b></span>') == "One\nTwo\nThree"


def test_round_bullets_become_dash_bullets():
    assert clean_cell_text("Steps:\n• first\n•second\n- third") == "Steps:\n- first\n- second\n- third"


def test_non_breaking_spaces_and_blank_lines_are_tidied():
    assert clean_cell_text("a\u00a0\u00a0b\n\n\n   \nc\td") == "a b\nc d"


def test_a_list_item_that_already_has_a_dash_is_not_doubled():
    assert clean_cell_text("<ul><li>- Regularly reviewing data</li></ul>") == "- Regularly reviewing data"


def test_html_comments_and_style_blocks_are_dropped():
    assert clean_cell_text("<style>p {color: red}</style><!-- note --><p>Kept</p>") == "Kept"


def test_angle_brackets_that_are_not_html_tags_are_kept():
    assert clean_cell_text("Email <Name> when score <5 <p>done</p>") == "Email <Name> when score <5\ndone"


def test_entities_without_tags_are_unescaped_and_line_breaks_kept():
    assert clean_cell_text("Tom &amp; Jerry\nLA &rsquo;s team") == "Tom & Jerry\nLA ’s team"


def test_newlines_inside_an_html_paragraph_are_spaces_as_a_browser_shows_them():
    assert clean_cell_text("<p>one long\nwrapped line</p><p>next</p>") == "one long wrapped line\nnext"


# --- .csv / .tsv / .txt ---------------------------------------------------------------------------------


def test_the_seed_plan_is_read_as_one_table_named_after_the_file():
    table = only_table(SEED.read_bytes(), SEED.name)
    assert table.name == SEED.name
    assert table.heading is None


def test_the_seed_plan_keeps_every_non_blank_line_as_a_row():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    table = only_table(SEED.read_bytes(), SEED.name)
    assert len(table.rows) == sum(1 for line in lines if line.strip()) == 131


def test_the_seed_plan_header_row_is_found_on_its_true_line():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    header_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("Goal\tHeadline Actions"))
    table = only_table(SEED.read_bytes(), SEED.name)
    header = next(row for row in table.rows if row.cells[:1] == ["Goal"])
    assert header.cells == HEADER
    assert header.ref.row == header_line == 10
    assert str(header.ref) == f"{SEED.name}, row 10"


def test_the_seed_plan_loses_its_html_markup_and_keeps_list_items():
    table = only_table(SEED.read_bytes(), SEED.name)
    text = "\n".join(cell for row in table.rows for cell in row.cells)
    assert "<p>" not in text and "</p>" not in text and "<li>" not in text and "<ul" not in text
    dash_lines = [line for line in text.split("\n") if line.startswith("- ")]
    assert len(dash_lines) > 5


def test_the_seed_plan_keeps_a_cell_with_quotes_in_the_middle_on_its_own_row():
    table = only_table(SEED.read_bytes(), SEED.name)
    row = next(row for row in table.rows if row.ref.row == 144)
    assert row.cells[1].startswith("B. Working in partnership across services")
    assert "-sharing our position statement" in row.cells[1]


def test_the_seed_plan_keeps_reviewer_comments_as_single_cell_rows():
    table = only_table(SEED.read_bytes(), SEED.name)
    comments = [row for row in table.rows if row.cells[0].startswith("Commented [")]
    assert [row.ref.row for row in comments] == [46, 61, 73, 124, 126]
    assert all(len(row.cells) == 1 for row in comments)


def test_a_utf8_csv_with_a_byte_order_mark_is_read_without_the_mark():
    data = "\ufeffGoal,Lead\r\n1. Inclusive recruitment,LA\r\n".encode()
    table = only_table(data, "plan.csv")
    assert [row.cells for row in table.rows] == [["Goal", "Lead"], ["1. Inclusive recruitment", "LA"]]
    assert [row.ref.row for row in table.rows] == [1, 2]


def test_a_windows_1252_csv_is_read_with_its_curly_apostrophe():
    data = "Service,Lead\r\nChildren’s Social Care,JM\r\n".encode("cp1252")
    table = only_table(data, "plan.csv")
    assert table.rows[1].cells == ["Children’s Social Care", "JM"]


def test_a_utf16_file_with_a_byte_order_mark_is_read():
    data = "Goal\tLead\r\nChildren’s plan\tJM\r\n".encode("utf-16")
    table = only_table(data, "plan.txt")
    assert table.rows[1].cells == ["Children’s plan", "JM"]


def test_a_tsv_is_split_on_tabs_even_when_cells_hold_commas():
    data = b"Goal\tLead\n1.1 Review, update and publish\tLA, RT\n"
    table = only_table(data, "plan.tsv")
    assert table.rows[1].cells == ["1.1 Review, update and publish", "LA, RT"]


def test_a_csv_file_that_is_really_tab_separated_is_split_on_tabs():
    data = b"Goal\tLead\tProgress\n1.1 Review, update\tLA\tOn track, mostly\n"
    assert only_table(data, "plan.csv").rows[1].cells == ["1.1 Review, update", "LA", "On track, mostly"]


def test_a_semicolon_separated_csv_is_split_on_semicolons():
    data = b"Goal;Lead;Progress\n1.1 Review;LA;50,5% done\n1.2 Support;RT;None\n"
    assert only_table(data, "plan.csv").rows[1].cells == ["1.1 Review", "LA", "50,5% done"]


def test_an_excel_quoted_cell_keeps_its_newlines_tabs_and_quotes():
    data = b'Action,Progress\r\n"A. Roll out\r\nB. Review","Said ""yes""\tthen, later"\r\nC. Next,Done\r\n'
    table = only_table(data, "plan.csv")
    assert table.rows[1].cells == ["A. Roll out\nB. Review", 'Said "yes" then, later']
    assert [row.ref.row for row in table.rows] == [1, 2, 4]


def test_a_quote_in_the_middle_of_a_cell_does_not_break_the_rows_after_it():
    data = b'Action,Lead\nA "Say no to racism" policy,LA\n"Say no" policy,JM\n"Unclosed quote,RT\nLast,HO\n'
    table = only_table(data, "plan.csv")
    assert [row.cells for row in table.rows] == [
        ["Action", "Lead"],
        ['A "Say no to racism" policy', "LA"],
        ['"Say no" policy', "JM"],
        ['"Unclosed quote', "RT"],
        ["Last", "HO"],
    ]


def test_empty_rows_are_dropped_but_later_rows_keep_their_line_numbers():
    data = b"Goal,Lead\n,,\n\n1.1 Review,LA\n"
    table = only_table(data, "plan.csv")
    assert [(row.ref.row, row.cells) for row in table.rows] == [(1, ["Goal", "Lead"]), (4, ["1.1 Review", "LA"])]


def test_a_line_without_any_delimiter_is_a_row_of_one_cell():
    data = b"Actions in bold are urgent\nGoal\tLead\n"
    assert only_table(data, "plan.txt").rows[0].cells == ["Actions in bold are urgent"]


def test_the_table_is_named_after_the_file_without_its_folder():
    assert only_table(b"a,b\n", "C:\\fakepath\\plan 2021.csv").name == "plan 2021.csv"


# --- .docx ----------------------------------------------------------------------------------------------


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_every_word_table_is_read_in_order_with_the_heading_above_it():
    def build(document):
        document.add_paragraph("Introduction to the plan")
        document.add_heading("Goal 1: Inclusive recruitment", level=1)
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = "First table"
        document.add_paragraph("Some words between")
        document.add_heading("Goal 2: Practice", level=2)
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Second table"

    tables = read_tables(docx_bytes(build), "plan.docx")
    assert [(t.name, t.heading, t.rows[0].cells) for t in tables] == [
        ("Table 1", "Goal 1: Inclusive recruitment", ["First table"]),
        ("Table 2", "Goal 2: Practice", ["Second table"]),
    ]


def test_a_title_styled_paragraph_counts_as_a_heading():
    def build(document):
        document.add_heading("CFS Anti-Racist Action Plan", level=0)
        document.add_table(rows=1, cols=1).rows[0].cells[0].text = "Goal"

    assert read_tables(docx_bytes(build), "plan.docx")[0].heading == "CFS Anti-Racist Action Plan"


def test_a_word_table_with_no_heading_above_it_has_no_heading():
    def build(document):
        document.add_paragraph("Not a heading")
        document.add_table(rows=1, cols=1).rows[0].cells[0].text = "Only"

    assert read_tables(docx_bytes(build), "plan.docx")[0].heading is None


def test_word_rows_are_numbered_from_one_within_each_table_and_empty_rows_are_dropped():
    def build(document):
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).text = "Goal"
        table.cell(2, 1).text = "Lead"

    rows = read_tables(docx_bytes(build), "plan.docx")[0].rows
    assert [(row.ref.row, row.cells) for row in rows] == [(1, ["Goal"]), (3, ["", "Lead"])]
    assert str(rows[1].ref) == "Table 1, row 3"


def test_a_horizontally_merged_word_cell_keeps_its_columns_but_its_text_appears_once():
    def build(document):
        table = document.add_table(rows=2, cols=3)
        table.cell(0, 0).merge(table.cell(0, 1)).text = "Across two"
        table.cell(0, 2).text = "Lead"
        table.cell(1, 2).text = "JM"

    rows = read_tables(docx_bytes(build), "plan.docx")[0].rows
    assert rows[0].cells == ["Across two", "", "Lead"]
    assert rows[1].cells == ["", "", "JM"]


def test_a_vertically_merged_word_cell_is_blank_on_its_continuation_rows():
    def build(document):
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).merge(table.cell(2, 0)).text = "1. Inclusive recruitment"
        for i, action in enumerate(["A. Anonymous", "B. Panels", "C. Branding"]):
            table.cell(i, 1).text = action

    rows = read_tables(docx_bytes(build), "plan.docx")[0].rows
    assert [row.cells for row in rows] == [
        ["1. Inclusive recruitment", "A. Anonymous"],
        ["", "B. Panels"],
        ["", "C. Branding"],
    ]


def test_word_paragraphs_are_lines_and_bullet_paragraphs_start_with_a_dash():
    def build(document):
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = "Progress so far:"
        cell.add_paragraph("Panels are diverse", style="List Bullet")
        cell.add_paragraph("Adverts reviewed", style="List Number")
        cell.add_paragraph("")
        cell.add_paragraph("Update needed.")

    rows = read_tables(docx_bytes(build), "plan.docx")[0].rows
    assert rows[0].cells == ["Progress so far:\n- Panels are diverse\n1. Adverts reviewed\nUpdate needed."]




@pytest.mark.parametrize(
    ("fmt", "text", "labels"),
    [
        ("decimal", "%1.", ["1.", "2.", "3."]),
        ("upperLetter", "%1.", ["A.", "B.", "C."]),
        ("lowerLetter", "(%1)", ["(a)", "(b)", "(c)"]),
        ("lowerRoman", "%1.", ["i.", "ii.", "iii."]),
        ("upperRoman", "%1)", ["I)", "II)", "III)"]),
    ],
)
def test_word_automatic_numbering_is_recovered_in_each_format(fmt, text, labels):
    def build(document):
        num_id = add_list(document, [(fmt, text)])
        table = document.add_table(rows=3, cols=1)
        for row, title in zip(table.rows, ["Recruit", "Train", "Report"], strict=True):
            row.cells[0].text = title
            numbered(row.cells[0].paragraphs[0], num_id, 0)

    rows = read_tables(docx_bytes(build), "plan.docx")[0].rows
    assert [r.cells[0] for r in rows] == [
        f"{label} {title}" for label, title in zip(labels, ["Recruit", "Train", "Report"], strict=True)
    ]


def test_multi_level_word_numbering_restarts_lower_levels_and_fills_every_level():
    def build(document):
        num_id = add_list(document, [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "%1.%2.%3")])
        table = document.add_table(rows=0, cols=1)
        for level, title in [(0, "Goal"), (1, "Headline"), (2, "Action"), (2, "Action"), (1, "Headline"),
                             (2, "Action"), (0, "Goal"), (1, "Headline"), (2, "Action")]:  # fmt: skip
            cell = table.add_row().cells[0]
            cell.text = title
            numbered(cell.paragraphs[0], num_id, level)

    rows = read_tables(docx_bytes(build), "plan.docx")[0].rows
    assert [r.cells[0].split()[0] for r in rows] == [
        "1.", "1.1", "1.1.a", "1.1.b", "1.2", "1.2.a", "2.", "2.1", "2.1.a"
    ]  # fmt: skip


def test_word_numbering_continues_across_cells_and_a_start_override_restarts_it():
    def build(document):
        first = add_list(document, [("upperLetter", "%1.")], num_id=91)
        table = document.add_table(rows=2, cols=2)
        for cell, title in zip([table.cell(0, 0), table.cell(0, 1), table.cell(1, 0)], "XYZ", strict=False):
            cell.text = title
            numbered(cell.paragraphs[0], first, 0)
        restarted = add_list(document, [("upperLetter", "%1.")], num_id=92, start_override=1)
        table.cell(1, 1).text = "W"
        numbered(table.cell(1, 1).paragraphs[0], restarted, 0)

    rows = read_tables(docx_bytes(build), "plan.docx")[0].rows
    assert [rows[0].cells, rows[1].cells] == [["A. X", "B. Y"], ["C. Z", "A. W"]]


def test_a_paragraph_with_numbering_properties_is_a_list_item():
    def build(document):
        paragraph = document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0]
        paragraph.add_run("Numbered directly")
        num_pr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            num_pr.append(element)
        paragraph._p.get_or_add_pPr().append(num_pr)

    assert read_tables(docx_bytes(build), "plan.docx")[0].rows[0].cells == ["- Numbered directly"]


def test_a_word_row_is_bold_only_when_all_its_text_is_bold():
    def build(document):
        table = document.add_table(rows=3, cols=2)
        for column, text in enumerate(["A. Roll out anonymous recruitment", "LA"]):
            table.cell(0, column).paragraphs[0].add_run(text).bold = True
        table.cell(1, 0).paragraphs[0].add_run("B. Bold").bold = True
        table.cell(1, 1).paragraphs[0].add_run("not bold")
        table.cell(2, 0).paragraphs[0].add_run("C. Strong style", style="Strong")

    rows = read_tables(docx_bytes(build), "plan.docx")[0].rows
    assert [row.bold for row in rows] == [True, False, True]


def test_a_table_nested_in_a_word_cell_is_flattened_into_that_cell():
    def build(document):
        outer = document.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "Outer"
        inner = outer.cell(0, 1).add_table(rows=2, cols=2)
        inner.cell(0, 0).text = "Date"
        inner.cell(0, 1).text = "Update"
        inner.cell(1, 0).text = "09/10/20"
        inner.cell(1, 1).text = "Role drafted"

    tables = read_tables(docx_bytes(build), "plan.docx")
    assert len(tables) == 1
    assert tables[0].rows[0].cells == ["Outer", "Date | Update\n09/10/20 | Role drafted"]


def test_a_word_comment_becomes_a_row_after_the_row_it_is_anchored_in():
    def build(document):
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "1.1 Review recruitment"
        table.cell(1, 0).text = "A. Anonymous recruitment"
        document.add_comment(table.cell(1, 0).paragraphs[0].runs, text="ask Francesca for data", author="Reviewer")

    rows = read_tables(docx_bytes(build), "plan.docx")[0].rows
    assert [(row.ref.row, row.cells) for row in rows] == [
        (1, ["1.1 Review recruitment"]),
        (2, ["A. Anonymous recruitment"]),
        (2, ["Commented [1]: ask Francesca for data"]),
    ]


def test_html_fragments_typed_into_word_cells_are_cleaned_too():
    def build(document):
        document.add_table(rows=1, cols=1).cell(0, 0).text = "<p>Linked to 2.1</p><ul><li>one</li></ul>"

    assert read_tables(docx_bytes(build), "plan.docx")[0].rows[0].cells == ["Linked to 2.1\n- one"]


def test_a_word_document_without_tables_is_refused():
    message = refused(docx_bytes(lambda document: document.add_paragraph("Just prose")), "plan.docx")
    assert "no tables" in message


# --- .xlsx ----------------------------------------------------------------------------------------------


def xlsx_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def two_sheet_workbook() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    actions = workbook.active
    actions.title = "Actions"
    actions.append(["Activity", "Lead", "Target Date", "Done", "Staff", "Complete"])
    actions.append(["Anonymous recruitment", "LA", date(2021, 3, 4), True, 12.0, 0.5])
    actions["F2"].number_format = "0%"
    actions.append([])
    actions["A4"] = "Workforce"
    actions["A5"] = "Review branding"
    actions["A5"].font = Font(bold=True)
    actions["B5"] = "HO"
    actions["B5"].font = Font(bold=True)
    actions["C5"] = datetime(2020, 12, 1, 15, 30)
    actions["D5"] = 1.25
    themes = workbook.create_sheet("Themes")
    themes["B2"] = "Workforce"
    workbook.create_sheet("Empty")
    hidden = workbook.create_sheet("Lookups")
    hidden["A1"] = "Red"
    hidden.sheet_state = "hidden"
    return workbook


def test_every_non_empty_sheet_is_read_and_hidden_sheets_say_so():
    tables = read_tables(xlsx_bytes(two_sheet_workbook()), "plan.xlsx")
    assert [t.name for t in tables] == ["Sheet 'Actions'", "Sheet 'Themes'", "Sheet 'Lookups' (hidden)"]


def test_sheet_rows_keep_their_excel_row_numbers():
    actions = read_tables(xlsx_bytes(two_sheet_workbook()), "plan.xlsx")[0]
    assert [row.ref.row for row in actions.rows] == [1, 2, 4, 5]
    assert str(actions.rows[2].ref) == "Sheet 'Actions', row 4"


def test_excel_values_become_text_as_a_uk_reader_expects():
    actions = read_tables(xlsx_bytes(two_sheet_workbook()), "plan.xlsx")[0]
    assert actions.rows[1].cells == ["Anonymous recruitment", "LA", "04/03/2021", "Yes", "12", "50%"]
    assert actions.rows[3].cells == ["Review branding", "HO", "01/12/2020", "1.25"]


def test_an_excel_row_is_bold_when_all_its_text_is_bold():
    actions = read_tables(xlsx_bytes(two_sheet_workbook()), "plan.xlsx")[0]
    assert [row.bold for row in actions.rows] == [False, False, False, False]
    workbook = openpyxl.Workbook()
    for column, text in enumerate(["Urgent action", "JM"], start=1):
        workbook.active.cell(row=1, column=column, value=text).font = Font(bold=True)
    assert read_tables(xlsx_bytes(workbook), "plan.xlsx")[0].rows[0].bold is True


def test_a_merged_excel_range_has_its_value_only_in_the_top_left_cell():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"], sheet["C1"] = "Goal 1", "stale copy", "Lead"
    sheet["A2"] = "stale below"
    # Added without openpyxl's tidying, so the covered cells still hold values, as some exporters leave them.
    sheet.merged_cells.add(MergedCellRange(sheet, "A1:B2"))
    assert "A1:B2" in xlsx_text(workbook, "xl/worksheets/sheet1.xml")
    rows = read_tables(xlsx_bytes(workbook), "plan.xlsx")[0].rows
    assert [row.cells for row in rows] == [["Goal 1", "", "Lead"]]


def test_a_formula_gives_its_saved_value_and_is_never_calculated():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Total"
    workbook.active["B1"] = "=1+1"  # openpyxl saves no cached value, so there is nothing to show
    assert read_tables(xlsx_bytes(workbook), "plan.xlsx")[0].rows[0].cells == ["Total"]


def xlsx_text(workbook: openpyxl.Workbook, part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(workbook))) as archive:
        return archive.read(part).decode()


# --- bad input ------------------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert "empty" in refused(b"", "plan.csv")


def test_a_file_over_the_size_limit_is_refused_and_names_the_limit():
    message = refused(b"a,b\n" * 1000, "plan.csv", max_bytes=2 * 1024 * 1024 // 1024)
    assert "2 KB" in message


def test_a_50_mb_file_is_refused_quickly_against_the_default_10_mb_limit():
    data = b"\x00" * (50 * 1024 * 1024 + 1)
    started = time.perf_counter()
    message = refused(data, "plan.xlsx")
    assert time.perf_counter() - started < 3  # refused before reading: reading it would take far longer
    assert "10 MB" in message


def test_a_pdf_named_as_a_csv_is_refused_as_a_pdf():
    message = refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "plan.csv")
    assert "looks like a PDF" in message


def test_a_png_named_as_an_xlsx_is_refused_as_an_image():
    message = refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "plan.xlsx")
    assert "PNG image" in message


def test_a_zip_that_is_neither_word_nor_excel_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("plan.csv", "Goal,Lead\n")
    assert "zip file" in refused(buffer.getvalue(), "plan.zip")


def test_an_opendocument_spreadsheet_is_refused_with_advice_to_save_as_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    message = refused(buffer.getvalue(), "plan.ods")
    assert "OpenDocument" in message and ".xlsx" in message


def test_a_truncated_xlsx_is_refused_as_damaged():
    data = xlsx_bytes(two_sheet_workbook())
    assert "damaged" in refused(data[: len(data) // 2], "plan.xlsx")


def test_an_xlsx_with_a_corrupted_part_is_refused_as_damaged():
    data = bytearray(xlsx_bytes(two_sheet_workbook()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Flip bytes inside the compressed data of one part: the directory still reads, the part does not.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 5
    for i in range(start, start + 20):
        data[i] ^= 0xFF
    assert "damaged" in refused(bytes(data), "plan.xlsx")


def test_garbage_after_a_zip_signature_is_refused_as_damaged():
    assert "damaged" in refused(b"PK\x03\x04" + b"\x13" * 200, "plan.docx")


@pytest.mark.parametrize("filename", ["plan.xlsx", "plan.docx", "plan.xls", "plan.doc"])
def test_a_password_protected_or_old_style_office_file_is_refused_with_one_message(filename):
    message = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096, filename)
    assert "password-protected or old-style" in message and ".xlsx or .docx" in message


def test_a_zip_bomb_is_refused_before_it_is_extracted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/padding.bin", b"\x00" * (30 * 1024 * 1024))
    started = time.perf_counter()
    message = refused(buffer.getvalue(), "plan.docx")
    assert time.perf_counter() - started < 3  # refused before inflating 30 MB
    assert "refused for safety" in message


def test_a_zip_whose_parts_add_up_to_more_than_100_mb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for i in range(11):
            archive.writestr(f"xl/media/image{i}.bin", random.Random(i).randbytes(10 * 1024 * 1024 // 100))
    # Declared sizes are rewritten so the directory claims 11 x 10 MB without storing that much.
    data = inflate_declared_sizes(buffer.getvalue(), 10 * 1024 * 1024)
    assert "refused for safety" in refused(data, "plan.xlsx", max_bytes=50 * 1024 * 1024)


def inflate_declared_sizes(data: bytes, size: int) -> bytes:
    """The same zip with each media part's uncompressed size in the central directory set to `size`."""
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position != -1:
        name_length = int.from_bytes(out[position + 28 : position + 30], "little")
        name = bytes(out[position + 46 : position + 46 + name_length])
        if b"media" in name:
            out[position + 24 : position + 28] = size.to_bytes(4, "little")
        position = out.find(b"PK\x01\x02", position + 46)
    return bytes(out)


def test_a_zip_that_understates_a_part_size_is_not_read_past_its_claim():
    data = bytearray(xlsx_bytes(two_sheet_workbook()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Claim 10 bytes in both the local header and the central directory; the real part is larger.
    data[info.header_offset + 22 : info.header_offset + 26] = (10).to_bytes(4, "little")
    directory = data.find(b"PK\x01\x02" + data[info.header_offset + 4 : info.header_offset + 6])
    while directory != -1 and b"sheet1.xml" not in data[directory + 46 : directory + 46 + len(info.filename)]:
        directory = data.find(b"PK\x01\x02", directory + 4)
    data[directory + 24 : directory + 28] = (10).to_bytes(4, "little")
    assert "damaged" in refused(bytes(data), "plan.xlsx")


def test_a_spreadsheet_with_too_many_formatted_cells_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_SPREADSHEET_CELLS", 50)
    workbook = openpyxl.Workbook()
    for row in range(1, 40):
        workbook.active.cell(row=row, column=1).font = Font(bold=True)
        workbook.active.cell(row=row, column=2).font = Font(bold=True)
    workbook.active["A1"] = "Goal"
    assert "formatted cells" in refused(xlsx_bytes(workbook), "plan.xlsx")


def test_an_xlsx_with_a_document_type_declaration_is_refused():
    buffer = io.BytesIO()
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><workbook>&lol;</workbook>'
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(two_sheet_workbook()))) as source:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for info in source.infolist():
                body = laughs.encode() if info.filename == "xl/workbook.xml" else source.read(info)
                archive.writestr(info.filename, body)
    assert "document type declaration" in refused(buffer.getvalue(), "plan.xlsx")


def test_a_file_with_more_than_the_row_limit_is_refused_and_names_the_limit():
    data = "".join(f"Action {i},LA\n" for i in range(30)).encode()
    assert "more than 25 rows" in refused(data, "plan.csv", max_rows=25)


def test_the_row_limit_counts_rows_across_all_tables():
    def build(document):
        for _ in range(3):
            table = document.add_table(rows=10, cols=1)
            for i in range(10):
                table.cell(i, 0).text = f"Row {i}"

    assert "more than 25 rows" in refused(docx_bytes(build), "plan.docx", max_rows=25)


def test_a_row_with_text_in_too_many_columns_is_refused():
    assert "columns" in refused(("x," * 600 + "x\n").encode(), "plan.csv")


def test_text_with_nul_bytes_is_refused_with_advice_to_save_as_csv_utf8():
    message = refused(b"Goal,Lead\n1.1\x00,LA\n", "plan.csv")
    assert "CSV UTF-8" in message


def test_a_few_control_characters_in_a_cell_are_removed_and_noted_against_their_row():
    (table,) = read_tables(b"Goal,Lead\n1.1 Review\x02\x1b[0m,LA\n", "plan.csv")
    row = table.rows[1]
    assert row.cells == ["1.1 Review[0m", "LA"]
    assert row.notes == ["Hidden control characters were removed from column 1"]


def test_text_full_of_control_characters_is_refused_with_advice_to_save_as_csv_utf8():
    assert "CSV UTF-8" in refused(b"Goal,Lead\n" + b"\x02\x1b[0m,LA\n" * 40, "plan.csv")


def test_a_too_big_spreadsheet_without_a_dimension_is_refused_in_well_under_a_second():
    workbook = openpyxl.Workbook(write_only=True)  # write-only files carry no <dimension>: the whole sheet was scanned
    sheet = workbook.create_sheet("Plan")
    for i in range(60_000):
        sheet.append([i, f"Action {i}", "LA", "July 2020"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.perf_counter()
    message = refused(buffer.getvalue(), "plan.xlsx", max_rows=5000)
    assert "more than 5,000 rows" in message
    assert time.perf_counter() - started < 3  # about 0.2 s when quiet: a guard, not a speed test


def test_a_workbook_with_more_shared_text_than_a_plan_could_hold_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_SHARED_STRINGS_BYTES", 10_000)
    workbook = openpyxl.Workbook()  # openpyxl writes inline strings: add the shared-strings part Excel writes
    workbook.active.append(["Action"])
    written = io.BytesIO()
    workbook.save(written)
    strings = "".join(f"<si><t>Action {i} {'words ' * 10}</t></si>" for i in range(300))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    buffer = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "[Content_Types].xml":
                part = part.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            target.writestr(info.filename, part)
        target.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}" count="300" uniqueCount="300">{strings}</sst>')
    assert "more than 9 KB of text" in refused(buffer.getvalue(), "plan.xlsx")


def test_a_file_with_more_text_in_all_than_a_plan_could_hold_is_refused(monkeypatch):
    from shared.tabular import safety

    monkeypatch.setattr(safety, "MAX_TOTAL_TEXT", 5_000)
    monkeypatch.setattr(safety.RowBudget.__init__, "__defaults__", (5_000,))
    assert "characters of text" in refused(("x" * 100 + ",LA\n").encode() * 60, "plan.csv")


def test_text_valid_in_no_supported_encoding_is_refused_with_advice_to_save_as_csv_utf8():
    # 0x81 and 0x8d are undefined in Windows-1252 and these bytes are not UTF-8.
    message = refused(b"Goal,Lead\n\x81\x8d\xc3,LA\n", "plan.csv")
    assert "CSV UTF-8" in message


def test_a_file_that_is_only_empty_cells_is_refused():
    assert "no tables with any text" in refused(b",,,\n\t\t\n \n", "plan.csv")


def test_a_web_page_named_as_a_csv_is_refused_as_a_web_page():
    assert "web page" in refused(b"<!DOCTYPE html><html><body><table></table></body></html>", "plan.csv")


def test_an_rtf_document_is_refused_with_advice_to_save_as_docx():
    assert ".docx" in refused(b"{\\rtf1\\ansi Goal}", "plan.rtf")


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old-style"),
        ("plan.xls", b"\x09\x08\x10\x00\x00\x06\x05\x00" + bytes(range(256)), "CSV UTF-8"),
        ("plan.pdf", b"%PDF-1.4\n", "PDF"),
        ("plan.ods", b"PK\x05\x06" + b"\x00" * 18, "zip file"),
    ],
)
def test_unsupported_office_and_pdf_files_are_refused_by_their_content(filename, data, expected):
    assert expected in refused(data, filename)


def test_a_word_document_over_the_row_limit_is_refused_before_any_row_is_read(monkeypatch):
    from shared.tabular import docx as docx_reader

    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for i in range(60):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = f"{i}", f"Action {i}"
    monkeypatch.setattr(docx_reader, "_word_table_rows", lambda *args: pytest.fail("a row was read"))
    assert "more than 50 rows" in refused(_saved(document), "p.docx", max_rows=50)


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
