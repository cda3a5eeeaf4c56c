"""Plan files in the shapes councils use, built in tests: invented, but each with the quirks real ones have.

- `themed_word_plan()`: a directorate's Word plan organised by theme (a heading per theme), columns Activity /
  Lead / Target Date / What has been achieved so far?; service-area rows between actions (merged across the
  table, some ending in a bracketed acronym or a colon), status words in the date column, leads written every
  way people write them, a progress cell that is only a bullet list, a row split across a page.
- `excel_tracker()`: an Excel tracker: an instructions sheet, two plan sheets with a two-row header (group cells
  merged across columns), a RAG column, a Status column, a "Last updated" column (real dates and text), a
  reference column that nests actions, and a lists sheet.
- `auto_numbered_word_plan()`: a Word plan whose goals, headline actions, actions and sub-actions are numbered by
  Word's automatic list numbering (nothing typed): 1. / 1.1 / A. / i., and a second goal numbered 2.1.a.

Each builder returns the file's bytes; `EXPECTED_*` say what importing it must give.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.text import WD_BREAK
from openpyxl import Workbook
from openpyxl.styles import Font

from shared.testing.word import add_list, numbered

# --- A themed Word plan ------------------------------------------------------------------------------------------

THEMED_HEADER = ["Activity", "Lead", "Target Date", "What has been achieved so far?"]
# Rows per theme: a list of one cell is a section row (merged across the table); "(continued)" rows are a row
# Word split across a page (no activity, text in the other columns).
THEMED_ROWS: dict[str, list[list[str]]] = {
    "Zero tolerance to racism": [
        ["Youth Justice Service (YJS)"],
        [
            "Publish a zero tolerance statement for staff and residents",
            "Jo Bloggs, HR",
            "Completed March 2021",
            "Statement agreed by DMT and published on the intranet.",
        ],
        [
            "Train every YJS manager to respond to racist incidents",
            "Ama Owusu (YJS)",
            "Underway – to finish by June 2022",
            "- 12 of 20 managers trained\n- Dates booked for the rest",
        ],
        ["", "", "", "Update 14/02/22: two more sessions added after feedback"],  # split across a page
        ["Adults and Health (A&H):"],
        [
            "Record racist abuse of staff by residents in one place",
            "Chair: Sam Patel",
            "Not yet started",
            "",
        ],
        ["Staff wellbeing"],  # could be a section or an action: shown with both readings
        [
            "Offer reflective supervision after a racist incident",
            "Jo Bloggs in conjunction with Sam Patel",
            "On hold",
            "Paused while the supervision policy is rewritten.",
        ],
    ],
    "Data and transparency": [
        [
            "Publish workforce ethnicity by grade every year",
            "Workforce Board",
            "Done in 21/22, reported to Cabinet",
            "First report published October 2021.",
        ],
        [
            "Share complaints data by ethnicity with the scrutiny panel",
            "Priya Shah Tom Reed Lee Wong",  # three names with only spaces between them
            "Delivered Sept 2021",
            "",
        ],
        [
            "Build a dashboard of practice audits by ethnicity",
            "Lee Wong - Head of Performance",
            "No longer required",
            "Replaced by the council-wide dashboard (see point 2.1).",
        ],
    ],
    "Non-Theme Related Actions": [
        [
            "Hold a listening event with the staff networks",
            "Staff Networks Forum",
            "2 nd March 2022",
            "",
        ],
    ],
}
THEMED_EXPECTED = {
    # title start -> (goal, service area, status, due date)
    "Publish a zero tolerance": ("Zero tolerance to racism", "Youth Justice Service", "complete", date(2021, 3, 31)),
    "Train every YJS": ("Zero tolerance to racism", "Youth Justice Service", "in_progress", date(2022, 6, 30)),
    "Record racist abuse": ("Zero tolerance to racism", "Adults & Health", "not_started", None),  # an existing unit
    "Offer reflective": ("Zero tolerance to racism", "Staff wellbeing", "on_hold", None),
    "Publish workforce ethnicity": ("Data and transparency", None, "complete", date(2022, 3, 31)),
    "Share complaints data": ("Data and transparency", None, "complete", date(2021, 9, 30)),
    "Build a dashboard": ("Data and transparency", None, "not_pursued", None),
    "Hold a listening event": ("Non-Theme Related Actions", None, "not_started", date(2022, 3, 2)),
}


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def themed_word_plan() -> bytes:
    document = Document()
    document.add_heading("Directorate anti-racism plan 2021-23", level=1)
    document.add_paragraph("Owner: Director of Adults and Health. Reviewed quarterly by DMT.")
    for theme, rows in THEMED_ROWS.items():
        document.add_heading(theme, level=2)
        table = document.add_table(rows=1, cols=4)
        for cell, text in zip(table.rows[0].cells, THEMED_HEADER, strict=True):
            cell.text = text
        for values in rows:
            cells = table.add_row().cells
            if len(values) == 1:
                merged = cells[0].merge(cells[3])  # a section row spans the table, as Word users make them
                merged.text = values[0]
                continue
            for cell, text in zip(cells, values, strict=True):
                if "\n- " in "\n" + text:  # a progress cell that is only a bullet list
                    for index, line in enumerate(text.split("\n")):
                        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                        paragraph.style = document.styles["List Bullet"]
                        paragraph.add_run(line.removeprefix("- "))
                elif text:
                    cell.text = text
        if theme == "Data and transparency":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return _save(document)


# --- An Excel tracker --------------------------------------------------------------------------------------------

TRACKER_SHEETS = {
    "Workforce": [
        [
            "1.1",
            "Anonymise shortlisting for all posts",
            "HR Business Partner",
            "31/03/2022",
            "Green",
            "Complete",
            date(2022, 4, 4),
            "Live for every post since March.",
            "Youth Justice Service",
            "Institutional change",
        ],
        [
            "1.2",
            "Diverse interview panels for posts at grade 8 and above",
            "Ama Owusu",
            "Q2 2022/23",
            "Amber",
            "In progress",
            date(2022, 6, 1),
            "Update 12/05/2022: panel pool of 40 trained\nUpdate 01/06/2022: pool now 52",
            "Adult Social Care (ASC)",
            "culture & leadership",
        ],
        [
            "1.2.a",
            "Pay panel members for their time",
            "Ama Owusu",
            "Sept 2022",
            "Red",
            "Slipped",
            "June 2022",
            "Budget not yet agreed.",
            "",
            "",
        ],
        ["", "", "", "", "", "", "", "Escalated to DMT on 20 June.", "", ""],  # the tracker's continuation row
    ],
    "Communities": [
        [
            "2.1",
            "Co-produce the engagement plan with community groups",
            "Community Partnerships Team",
            "Autumn 2022",
            "Green",
            "On track",
            "12/09/2022",
            "Three workshops held.",
            "Communities",
            "Community engagement",
        ],
        [
            "2.2",
            "Report progress to residents twice a year",
            "Jo Bloggs",
            "Ongoing",
            "",
            "Ongoing",
            "",
            "",
            "",
            "Accountability",
        ],
    ],
}
TRACKER_HEADER_TOP = ["Ref", "Action", "Delivery", None, "RAG", "Status", "Last updated", "Progress",
                      "Service area", "Corporate pillar"]  # fmt: skip
TRACKER_HEADER_BELOW = [None, None, "Lead officer", "Due date"]
TRACKER_EXPECTED = {
    # reference -> (goal, parent reference, status, due date, last update)
    "1.1": ("Workforce", None, "complete", date(2022, 3, 31), date(2022, 4, 4)),
    "1.2": ("Workforce", None, "in_progress", date(2022, 9, 30), date(2022, 6, 1)),
    "1.2.a": ("Workforce", "1.2", "in_progress", date(2022, 9, 30), date(2022, 6, 1)),
    "2.1": ("Communities", None, "in_progress", date(2022, 11, 30), date(2022, 9, 12)),
    "2.2": ("Communities", None, "ongoing", None, None),
}


def excel_tracker() -> bytes:
    workbook = Workbook()
    intro = workbook.active
    intro.title = "How to use"
    intro["A1"] = "Anti-racism action tracker"
    intro["A1"].font = Font(bold=True)
    intro["A3"] = "Update the Status, RAG and Progress columns each month. Do not change the references."
    for name, rows in TRACKER_SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(TRACKER_HEADER_TOP)
        sheet.append(TRACKER_HEADER_BELOW)
        sheet.merge_cells("C1:D1")  # "Delivery" over Lead officer and Due date
        for column in "ABEFGHIJ":
            sheet.merge_cells(f"{column}1:{column}2")
        for row in rows:
            sheet.append(row)
    lists = workbook.create_sheet("Lists")
    for value in ("Red", "Amber", "Green"):
        lists.append([value])
    return _workbook_bytes(workbook)


def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- A Word plan numbered by Word's automatic list numbering ----------------------------------------------------

AUTO_HEADER = ["Priority and actions", "Measure of success", "Timescale", "Lead", "Progress"]
# (level, text, measure, timescale, lead, progress): level 0 goal, 1 headline, 2 action, 3 sub-action;
# goal 2 uses a second list whose actions are numbered "2.1.a" (Word's "%1.%2.%3").
AUTO_ROWS = [
    (0, "Fair recruitment and progression", "", "", "", ""),
    (1, "Remove bias from recruitment", "Shortlists reflect applicants", "", "", ""),
    (2, "Anonymise application forms", "", "July 2022", "HR", "Done for all posts."),
    (2, "Train recruiting managers", "", "Autumn 2022", "LA/RT", ""),
    (3, "Design the training with staff networks", "", "Summer 2022", "RT", ""),
    (3, "Run the training for every manager", "", "Dec 2022", "RT", "Update 01/11/22: half trained"),
    (1, "Support staff into senior roles", "More Black and Asian senior managers", "2022/23", "SD", ""),
    (0, "Listening to children and families", "", "", "", ""),
    (1, "Hear from families about racism in our services", "", "", "", ""),
    (2, "Add a question on racism to the family survey", "", "Q3 2022/23", "Family Voice Team", ""),
    (2, "Report what families say to the board", "", "Ongoing", "DMT", ""),
]
AUTO_EXPECTED = [
    ("1.1", "Remove bias from recruitment", None),
    ("1.1.A", "Anonymise application forms", "1.1"),
    ("1.1.B", "Train recruiting managers", "1.1"),
    ("1.1.B.i", "Design the training with staff networks", "1.1.B"),
    ("1.1.B.ii", "Run the training for every manager", "1.1.B"),
    ("1.2", "Support staff into senior roles", None),
    ("2.1", "Hear from families about racism in our services", None),
    ("2.1.a", "Add a question on racism to the family survey", "2.1"),
    ("2.1.b", "Report what families say to the board", "2.1"),
]


def auto_numbered_word_plan() -> bytes:
    document = Document()
    document.add_heading("Children's services anti-racist plan", level=1)
    four_levels = [("decimal", "%1."), ("decimal", "%1.%2"), ("upperLetter", "%3."), ("lowerRoman", "%4.")]
    add_list(document, four_levels, num_id=71)
    # The second goal's list continues the first one's numbers at the top level, as Word does with "continue
    # numbering": its own counters start at 1, so it is told to start its top level at 2.
    add_list(document, [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "%1.%2.%3")], num_id=72,
             start_override=2)  # fmt: skip
    table = document.add_table(rows=1, cols=len(AUTO_HEADER))
    for cell, text in zip(table.rows[0].cells, AUTO_HEADER, strict=True):
        cell.text = text
    goal = 0
    for level, text, *rest in AUTO_ROWS:
        goal += level == 0
        num_id = 71 if goal == 1 else 72
        cells = table.add_row().cells
        cells[0].text = text
        numbered(cells[0].paragraphs[0], num_id, level)
        for cell, value in zip(cells[1:], rest, strict=True):
            cell.text = value
    return _save(document)


ALL = {
    "themed-plan.docx": themed_word_plan,
    "tracker.xlsx": excel_tracker,
    "auto-numbered-plan.docx": auto_numbered_word_plan,
}
