"""A published pack as a PDF and as an Excel workbook, made from its stored content alone (never from the plans)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime

from django.template.loader import render_to_string

from shared.exports import excel_text, filename_for, html_to_pdf

from .models import Pack


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _frozen(pack: Pack) -> dict:
    if pack.state == Pack.State.DRAFT or not pack.frozen:
        raise ValueError("Only a published pack has stored content to export.")
    return pack.frozen


def pack_pdf_html(pack: Pack) -> str:
    """The HTML the PDF is printed from: the stored sections, in the shared print layout."""
    frozen = _frozen(pack)
    about = frozen["data"]["pack"]
    return render_to_string(
        "scrutiny/pack_pdf.html",
        {
            "about": about,
            "meeting_date": _date(about["meeting_date"]),
            "as_at": _date(about["as_at"]),
            "published_on": _date(about["published_on"]),
            "sections": frozen["sections"],
        },
    )


def pack_to_pdf(pack: Pack) -> tuple[bytes, str]:
    return html_to_pdf(pack_pdf_html(pack)), _filename(pack, "pdf")


def _filename(pack: Pack, fmt: str) -> str:
    about = _frozen(pack)["data"]["pack"]
    return filename_for(about["title"], fmt, on=_date(about["meeting_date"]), fallback="scrutiny-pack")


SHEETS = {
    "Pack": ("Item", "Value"),
    "Colours": ("Plan", "Goal", "Red", "Amber", "No date", "Green", "Blue (complete)", "Closed", "Total"),
    "Plan as at": (
        "Plan",
        "Goal",
        "Reference",
        "Title",
        "Status",
        "Colour",
        "Colour reason",
        "Leads",
        "Latest update on",
        "Latest update",
    ),
    "Changes": ("Plan", "Goal", "Reference", "Title", "What changed"),
    "Commentary": ("Plan", "Goal", "What the plan's owners say"),
    "Questions": (
        "Plan",
        "About",
        "Kind",
        "Asked on",
        "Question or recommendation",
        "Respond by",
        "Who responds",
        "State",
        "Response",
        "Responded on",
    ),
    "Panels": ("Plan", "Panel", "Table", "Row"),
}
COLOURS = ("red", "amber", "no_date", "green", "blue", "closed")
WIDTHS = {
    "Title": 50,
    "Latest update": 70,
    "What changed": 60,
    "What the plan's owners say": 90,
    "Question or recommendation": 60,
    "Response": 60,
    "Goal": 35,
    "Plan": 30,
    "Row": 90,
    "Value": 60,
}


def _rows(frozen: dict) -> dict[str, list[list]]:
    data = frozen["data"]
    about = data["pack"]
    rows: dict[str, list[list]] = {name: [] for name in SHEETS}
    rows["Pack"] = [
        ["Title", about["title"]],
        ["Meeting", _date(about["meeting_date"])],
        ["Plans as at", _date(about["as_at"])],
        ["Changes since", _date(about["changes_since"])],
        ["Published", _date(about["published_on"])],
        ["Plans", "; ".join(about["plans"])],
    ]
    for plan in data["plans"]:
        title = plan["title"]
        for goal in plan["colours"]["by_goal"]:
            counts = [goal["counts"].get(c, 0) for c in COLOURS]
            rows["Colours"].append([title, goal["goal"], *counts, sum(counts)])
        totals = [plan["colours"]["totals"].get(c, 0) for c in COLOURS]
        rows["Colours"].append([title, "All goals", *totals, sum(totals)])
        for a in plan["actions"]:
            rows["Plan as at"].append(
                [
                    title,
                    a["goal"],
                    a["reference"],
                    a["title"],
                    a["status"],
                    a["colour"],
                    a["colour_reason"],
                    a["leads"],
                    _date(a["latest_update_on"]),
                    a["latest_update"],
                ]
            )
        for c in plan["changes"]:
            rows["Changes"].append([title, c["goal"], c["reference"], c["title"], "\n".join(c["what"])])
        for n in plan["narratives"]:
            rows["Commentary"].append([title, n["goal"], n["text"]])
        for q in plan["questions"]:
            rows["Questions"].append(
                [
                    title,
                    q["about"],
                    q["kind_label"],
                    _date(q["asked_on"]),
                    q["text"],
                    _date(q["respond_by"]),
                    q["respondent"],
                    q["state_label"],
                    q["response"],
                    _date(q["responded_on"]),
                ]
            )
    for panel in data.get("panels", []):
        scope = panel["plan"] or panel.get("unfiltered") or "All the pack's plans"
        for table in panel["tables"]:
            caption = table["caption"] or panel["title"]
            if table["headers"]:
                rows["Panels"].append([scope, panel["title"], caption, " | ".join(table["headers"])])
            for row in table["rows"]:
                rows["Panels"].append([scope, panel["title"], caption, " | ".join(row)])
    return rows


def pack_to_xlsx(pack: Pack) -> tuple[bytes, str]:
    """One sheet per part of the pack, each with a bold, frozen, filtered header; dates as dates; text neutralised.

    The workbook's own dates are the pack's publication, so the same pack always gives the same file."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    frozen = _frozen(pack)
    stamp = pack.published_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = frozen["data"]["pack"]["title"]
    workbook.properties.creator = "Anti-racist action plans"
    workbook.properties.created = workbook.properties.modified = stamp
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, rows in _rows(frozen).items():
        sheet = workbook.create_sheet(name)
        headers = SHEETS[name]
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font, cell.alignment = Font(bold=True), wrap
        for row in rows:
            values = [
                v if isinstance(v, int | date | datetime) else excel_text(str(v) if v is not None else "") for v in row
            ]
            sheet.append(values)
            for cell, value in zip(sheet[sheet.max_row], values, strict=True):
                cell.alignment = wrap
                if isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(header, max(12, len(header) + 2))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"
    out = io.BytesIO()
    workbook.save(out)
    return _stamped(out.getvalue(), stamp), _filename(pack, "xlsx")


def _stamped(xlsx: bytes, stamp: datetime) -> bytes:
    """The workbook with every part dated `stamp`: openpyxl dates some parts by the clock, so the same pack would
    otherwise give a different file each time it is built."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            part.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(item)
            if item.filename == "docProps/core.xml":  # openpyxl sets "modified" to the moment it saves
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), data
                )
            target.writestr(part, data)
    return out.getvalue()


BUILDERS = {"pdf": pack_to_pdf, "xlsx": pack_to_xlsx}
