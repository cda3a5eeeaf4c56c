"""Exporting a plan as an Excel workbook, a CSV file or a printable PDF, with status and RAG as at a day."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string

from shared.exports import excel_text, html_to_pdf, neutralise

from . import selectors
from .choices import Rag, Status
from .models import Action, Goal, Plan, ProgressUpdate
from .rag import REASON_OVERRIDE

EXPORT_HEADERS: tuple[str, ...] = (
    "Goal",
    "Reference",
    "Code",
    "Title",
    "Detail",
    "Measurable",
    "Timescale",
    "Lead",
    "Service area",
    "Status",
    "RAG",
    "RAG reason",
    "Start date",
    "Due date",
    "Last update",
    "Latest update",
    "Immediate need",
    "Themes",
)
DATE_COLUMNS = frozenset({"Start date", "Due date", "Last update"})
LEAD_SEPARATOR = " / "  # the importer splits leads on "/", so a re-import finds the same leads
THEME_SEPARATOR = "; "

FORMATS = ("xlsx", "csv", "pdf")


@dataclass
class ExportRow:
    depth: int
    cells: dict  # header -> str, or date / None in DATE_COLUMNS
    rag: str  # the Rag value, for the PDF's colour

    # Headers with spaces cannot be read in a template, so the PDF reads these.
    @property
    def reason(self) -> str:
        return self.cells["RAG reason"]

    @property
    def service_area(self) -> str:
        return self.cells["Service area"]

    @property
    def due_date(self) -> date | None:
        return self.cells["Due date"]

    @property
    def last_update(self) -> date | None:
        return self.cells["Last update"]

    @property
    def update_text(self) -> str:
        return self.cells["Latest update"]

    @property
    def immediate_need(self) -> bool:
        return self.cells["Immediate need"] == "Yes"


@dataclass
class ExportGoal:
    goal: Goal
    label: str  # "1. Inclusive Recruitment and Aspirational Support for Staff"
    rows: list[ExportRow] = field(default_factory=list)


def _latest_updates(plan: Plan) -> dict[int, ProgressUpdate]:
    """Each action's latest progress update, in one query (the newest day first; undated ones last)."""
    latest = (
        ProgressUpdate.objects.filter(action__plan=plan)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("action_id")],
                order_by=[F("written_on").desc(nulls_last=True), F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .only("id", "action_id", "written_on", "text")
    )
    return {u.action_id: u for u in latest}


def _themes(plan: Plan) -> dict[int, list[str]]:
    """Theme names per action, in one query."""
    names: dict[int, list[str]] = {}
    through = Action.themes.through.objects.filter(action__plan=plan).order_by("theme__name")
    for action_id, name in through.values_list("action_id", "theme__name"):
        names.setdefault(action_id, []).append(name)
    return names


def _rag_reason(action: Action) -> str:
    if action.rag_overridden and action.rag_override_reason:
        return f"{REASON_OVERRIDE}: {action.rag_override_reason}"
    counts = getattr(action, "rag_counts", "")
    return f"{action.rag_reason}: {counts}" if counts else action.rag_reason


def export_goals(plan: Plan, *, today: date) -> list[ExportGoal]:
    """Every goal (empty ones too) with its actions depth-first in plan order, in a fixed number of queries."""
    tree = selectors.plan_tree(plan, today=today)
    latest = _latest_updates(plan)
    themes = _themes(plan)
    goals = []
    for item in tree:
        section = ExportGoal(goal=item.goal, label=f"{item.goal.number}. {item.goal.title}")

        def visit(nodes, section=section):
            for node in nodes:
                action = node.action
                update = latest.get(action.pk)
                cells = {
                    "Goal": section.label,
                    "Reference": action.reference,
                    "Code": action.code,
                    "Title": action.title,
                    "Detail": action.detail,
                    "Measurable": action.measurable,
                    "Timescale": action.timescale_text,
                    "Lead": LEAD_SEPARATOR.join(lead.name for lead in action.leads.all()),
                    "Service area": action.service_area.name if action.service_area else "",
                    "Status": Status(action.status).label,
                    "RAG": Rag(action.rag).label,
                    "RAG reason": _rag_reason(action),
                    "Start date": action.start_date,
                    "Due date": action.due_date,
                    "Last update": action.last_update_on or (update.written_on if update else None),
                    "Latest update": update.text if update else "",
                    "Immediate need": "Yes" if action.immediate_need else "No",
                    "Themes": THEME_SEPARATOR.join(themes.get(action.pk, [])),
                }
                section.rows.append(ExportRow(depth=action.depth, cells=cells, rag=action.rag))
                visit(node.children)

        visit(item.nodes)
        goals.append(section)
    return goals


def export_rows(plan: Plan, *, today: date) -> list[dict]:
    """One row per action, keyed by EXPORT_HEADERS, depth-first in plan order; dates are `date`s."""
    return [row.cells for goal in export_goals(plan, today=today) for row in goal.rows]


# --- Excel ------------------------------------------------------------------------------------------------

# Characters per column: wide enough for the usual content, with wrapping doing the rest.
COLUMN_WIDTHS = {
    "Goal": 30,
    "Reference": 14,
    "Code": 8,
    "Title": 50,
    "Detail": 45,
    "Measurable": 35,
    "Timescale": 18,
    "Lead": 18,
    "Service area": 22,
    "Status": 16,
    "RAG": 16,
    "RAG reason": 24,
    "Start date": 12,
    "Due date": 12,
    "Last update": 12,
    "Latest update": 60,
    "Immediate need": 11,
    "Themes": 24,
}


def plan_to_xlsx(plan: Plan, *, today: date) -> bytes:
    """One sheet: a bold row per goal before its actions, every action row also naming its goal.

    The header is frozen and filtered; dates are real dates shown DD/MM/YYYY; text is wrapped and
    neutralised against formulas.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    workbook.properties.title = f"{plan.title} (as at {today:%d/%m/%Y})"
    workbook.properties.creator = "Anti-racist action plans"

    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    goal_fill = PatternFill("solid", fgColor="DDDDDD")
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[1]:
        cell.font, cell.alignment = bold, wrap

    width = len(EXPORT_HEADERS)
    for section in export_goals(plan, today=today):
        # The goal row fills only the Goal cell, so an import reads it as a goal heading, not an action or a
        # continuation of the action above; the outcome goes on a second line of that cell for the same reason.
        heading = section.label + (f"\nOutcome: {section.goal.outcome}" if section.goal.outcome else "")
        sheet.append([excel_text(heading)] + [None] * (width - 1))
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill, cell.alignment = bold, goal_fill, wrap
        for row in section.rows:
            values = []
            for header in EXPORT_HEADERS:
                value = row.cells[header]
                values.append(value if header in DATE_COLUMNS else excel_text(value))
            sheet.append(values)
            for header, cell in zip(EXPORT_HEADERS, sheet[sheet.max_row], strict=True):
                cell.alignment = wrap
                if header in DATE_COLUMNS:
                    cell.number_format = "DD/MM/YYYY"

    for index, header in enumerate(EXPORT_HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS[header]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{sheet.max_row}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- CSV --------------------------------------------------------------------------------------------------


def plan_to_csv(plan: Plan, *, today: date) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), one row per action, dates DD/MM/YYYY."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(EXPORT_HEADERS)
    for row in export_rows(plan, today=today):
        writer.writerow(
            [
                (row[h].strftime("%d/%m/%Y") if row[h] else "") if h in DATE_COLUMNS else neutralise(row[h])
                for h in EXPORT_HEADERS
            ]
        )
    return out.getvalue().encode("utf-8-sig")


# --- PDF --------------------------------------------------------------------------------------------------


def plan_pdf_html(plan: Plan, *, today: date) -> str:
    """The HTML the PDF is printed from (also what tests read, as PDF text is not searchable without a parser)."""
    goals = export_goals(plan, today=today)
    counts = selectors.plan_rag_counts(plan, today=today)  # each piece of work once, as the pages count
    return render_to_string(
        "plans/plan_pdf.html",
        {
            "plan": plan,
            "today": today,
            "goals": goals,
            "action_count": sum(counts.values()),
            "rag_summary": [(Rag(colour).label, n) for colour, n in counts.items() if n],
        },
    )


def plan_to_pdf(plan: Plan, *, today: date) -> bytes:
    """A printable, tagged A4 landscape PDF: running header with the plan title, "as at" date and page numbers."""
    return html_to_pdf(plan_pdf_html(plan, today=today))
