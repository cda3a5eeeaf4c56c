"""What a scrutiny pack holds, built from the plans: each section's HTML (for the page and the PDF) and its data
(for the Excel file).

A draft is built afresh for every preview; publishing stores the result (`Pack.frozen`), and the published page,
the PDF and the workbook are made from that stored content alone, so nothing done to a plan afterwards can change
them. What goes in is deliberate (docs/scrutiny.md): the plan as at a day, what changed since the last meeting
with the owners' commentary, the committee's questions with their responses, and the dashboard panels chosen.
Names of people appear only as the plan writes its leads; update authors, comment authors and owners never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone

from plans import past
from plans.choices import Rag
from shared import panels
from shared.charts import Group, rag_bar_chart
from shared.panels import PanelRequest

from .models import CommitteeQuestion, Pack

FORMAT = 1  # the layout of Pack.frozen; a reader meeting another value knows the pack predates a change
UPDATE_LIMIT = 1500  # characters of an action's latest update shown on the page and in the PDF (Excel has all)


@dataclass
class Section:
    id: str  # unique in the pack: the heading's id, for the contents list
    title: str
    level: int  # 2: a plan or the pack's introduction; 3: a part of a plan
    html: str


@dataclass
class PackContent:
    sections: list[Section] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "format": FORMAT,
            "sections": [{"id": s.id, "title": s.title, "level": s.level, "html": s.html} for s in self.sections],
            "data": self.data,
        }


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date().isoformat()
    return value.isoformat()


# --- the pack ---------------------------------------------------------------------------------------------------


def build(pack: Pack, *, user, today: date, published_at: datetime | None = None) -> PackContent:
    """The pack's content from the plans as they are now (a fixed number of queries per plan and panel)."""
    plans = sorted(pack.plans.all(), key=lambda p: p.title)
    narratives = {n.goal_id: n.text.strip() for n in pack.narratives.all() if n.text.strip()}
    questions = _questions(pack, [p.pk for p in plans])
    content = PackContent()
    about = {
        "title": pack.title,
        "meeting_date": _iso(pack.meeting_date),
        "as_at": _iso(pack.as_at),
        "changes_since": _iso(pack.changes_since),
        "published_on": _iso(published_at),
        "plans": [p.title for p in plans],
    }
    content.data = {"pack": about, "plans": []}
    content.sections.append(
        Section(
            "about",
            "About this pack",
            2,
            render_to_string(
                "scrutiny/sections/about.html", {"pack": pack, "plans": plans, "published_at": published_at}
            ),
        )
    )
    # Only panels this person may see on their own dashboard (publishing refuses a pack with any other).
    chosen = [p for p in panels.packable_for(user) if p.key in set(pack.panels)]
    for plan in plans:
        plan_data, sections = _plan_sections(
            pack,
            plan,
            narratives=narratives,
            questions=questions.get(plan.pk, []),
        )
        content.data["plans"].append(plan_data)
        content.sections += sections
    content.data["panels"] = []
    if chosen:
        panel_data, sections = _panel_sections(chosen, plans, user=user, today=today)
        content.data["panels"] = panel_data
        content.sections += sections
    return content


def _plan_sections(pack, plan, *, narratives, questions) -> tuple[dict, list[Section]]:
    prefix = f"plan-{plan.pk}"
    goals = past.plan_as_at(plan, pack.as_at)
    changed = past.changes_between(plan, pack.changes_since, pack.as_at)
    actions = [a for g in goals for a in g.actions]
    totals = past.rag_counts(actions)
    chart = rag_bar_chart(
        id=f"{prefix}-colours-chart",
        title=f"Actions by goal and colour, as at {_day(pack.as_at)}",
        groups=[Group(f"{g.number}. {g.title}", g.counts) for g in goals],
        group_label="Goal",
    )
    goal_label = {g.id: f"{g.number}. {g.title}" for g in goals}
    narrative_of = {g.number: narratives[g.id] for g in goals if g.id in narratives}  # goal numbers are unique
    data = {
        "id": plan.pk,
        "title": plan.title,
        "period_start": _iso(plan.period_start),
        "period_end": _iso(plan.period_end),
        "colours": {
            "totals": totals,
            "by_goal": [{"goal": goal_label[g.id], "counts": g.counts} for g in goals],
        },
        "goals": [{"id": g.id, "number": g.number, "title": g.title} for g in goals],
        "actions": [
            {
                "id": a.id,
                "goal_id": a.goal_id,
                "goal": goal_label.get(a.goal_id, ""),
                "reference": a.reference,
                "title": a.title,
                "depth": a.depth,
                "status": a.status_label,
                "colour": a.rag.label,
                "colour_reason": a.rag.reason,
                "leads": ", ".join(a.leads),
                "latest_update_on": _iso(a.latest_update.written_on) if a.latest_update else None,
                "latest_update": a.latest_update.text if a.latest_update else "",
            }
            for a in actions
        ],
        "changes": [
            {"goal": f"{g.number}. {g.title}", "reference": c.reference, "title": c.title, "what": c.lines}
            for g in changed
            for c in g.changes
        ],
        "narratives": [{"goal": goal_label[g.id], "text": narratives[g.id]} for g in goals if g.id in narratives],
        "questions": [_question_data(q) for q in questions],
    }
    context = {"pack": pack, "plan": plan, "prefix": prefix}
    sections = [
        Section(
            prefix,
            plan.title,
            2,
            render_to_string("scrutiny/sections/plan.html", {**context, "totals": totals, "chart": chart}),
        ),
        Section(
            f"{prefix}-as-at",
            f"The plan as at {_day(pack.as_at)}",
            3,
            render_to_string(
                "scrutiny/sections/as_at.html",
                {**context, "goals": _as_at_lines(goals), "count": sum(totals.values())},
            ),
        ),
        Section(
            f"{prefix}-changes",
            f"What changed since {_day(pack.changes_since)}",
            3,
            render_to_string(
                "scrutiny/sections/changes.html",
                {
                    **context,
                    "goals": [(g, narrative_of.get(g.number)) for g in changed],
                    "total": sum(len(g.changes) for g in changed),
                },
            ),
        ),
        Section(
            f"{prefix}-questions",
            "Your questions and recommendations",
            3,
            render_to_string("scrutiny/sections/questions.html", {**context, "questions": questions}),
        ),
    ]
    return data, sections


def _panel_sections(chosen, plans, *, user, today) -> tuple[list[dict], list[Section]]:
    """Each chosen panel as the dashboard shows it filtered to each plan: once when it is the same for every plan
    (a council-wide panel such as the workforce's), otherwise once per plan."""
    data: list[dict] = []
    sections = [
        Section(
            "dashboard",
            "From the leadership dashboard",
            2,
            render_to_string("scrutiny/sections/dashboard.html", {"today": today}),
        )
    ]
    for panel in chosen:
        slug = re.sub(r"[^a-z0-9]+", "-", panel.key.lower())
        shown = []
        for plan in plans:
            request = PanelRequest(user=user, today=today, filters={"plan": str(plan.pk)}, for_pack=True)
            built = panel.build(request)
            if built is not None:
                html = render_to_string(
                    panel.template, {"data": built, "panel": panel, "sort_links": False, "for_pack": True}
                )
                shown.append((plan, strip_internal_links(html)))
        if not shown:
            continue
        if len(plans) == 1 or (len(shown) == len(plans) and len({html for _, html in shown}) == 1):
            parts = [(f"panel-{slug}", panel.title, " and ".join(p.title for p in plans), "", shown[0][1])]
        else:
            parts = [
                (f"panel-{slug}-plan-{plan.pk}", f"{panel.title}: {plan.title}", plan.title, plan.title, html)
                for plan, html in shown
            ]
        # A panel that cannot follow the plan filter (the workforce's, say) says so instead of "filtered to".
        unfiltered = panels.unfiltered_note(panel, {"plan": str(plans[0].pk)}) if plans else ""
        for section_id, title, scope, plan_title, html in parts:
            html = namespace_ids(html, section_id)
            data.append(
                {
                    "key": panel.key,
                    "title": panel.title,
                    "plan": plan_title,
                    "unfiltered": unfiltered,
                    "tables": tables_in(html),
                }
            )
            context = {
                "id": section_id,
                "title": title,
                "html": html,
                "today": today,
                "scope": scope,
                "unfiltered": unfiltered,
            }
            sections.append(Section(section_id, title, 3, render_to_string("scrutiny/sections/panel.html", context)))
    return data, sections


def _as_at_lines(goals) -> list[tuple]:
    """Each goal with its actions' lines, worded here rather than in the template: 500 actions render in a
    fraction of the time (the preview is built on every visit)."""
    lines = []
    for goal in goals:
        actions = []
        for a in goal.actions:
            update = a.latest_update
            text = update.text if update else ""
            leads = f"Lead{'s' if len(a.leads) != 1 else ''}: {', '.join(a.leads) or 'none named'}"
            actions.append(
                {
                    "depth": min(a.depth, 3),
                    "reference": a.reference,
                    "title": a.title,
                    "colour": a.rag.colour,
                    "colour_label": a.rag.label,
                    "facts": f"{a.rag.reason}. Status: {a.status_label}. {leads}.",
                    "has_update": update is not None,
                    "update_on": _day(update.written_on) if update and update.written_on else "",
                    "update": text if len(text) <= UPDATE_LIMIT else text[: UPDATE_LIMIT - 1].rstrip() + "\u2026",
                    "shortened": len(text) > UPDATE_LIMIT,
                }
            )
        lines.append((goal, actions))
    return lines


# --- the committee's questions ------------------------------------------------------------------------------


def _questions(pack: Pack, plan_ids: list[int]) -> dict[int, list[CommitteeQuestion]]:
    """Questions still open, and those answered or withdrawn after the 'changes since' day (earlier ones were in an
    earlier pack), oldest first, per plan."""
    since = past.end_of(pack.changes_since)
    found = (
        CommitteeQuestion.objects.filter(plan_id__in=plan_ids)
        .filter(Q(state=CommitteeQuestion.State.OPEN) | Q(responded_at__gt=since) | Q(withdrawn_at__gt=since))
        .select_related("goal", "action")
        .order_by("asked_on", "created_at", "id")
    )
    by_plan: dict[int, list[CommitteeQuestion]] = {}
    for question in found:
        by_plan.setdefault(question.plan_id, []).append(question)
    return by_plan


def _question_data(question: CommitteeQuestion) -> dict:
    """A question as the pack shows it: no names but the respondent as councillors know them (a lead, or the
    plan's owners)."""
    return {
        "kind": question.kind,
        "kind_label": question.get_kind_display(),
        "about": question.about,
        "about_title": question.about_title,
        "asked_on": _iso(question.asked_on),
        "text": question.text,
        "respond_by": _iso(question.respond_by),
        "respondent": question.respondent_label,
        "state": question.state,
        "state_label": question.get_state_display(),
        "response": question.response,
        "responded_on": _iso(question.responded_at),
        "withdrawn_on": _iso(question.withdrawn_at),
        "withdrawn_reason": question.withdrawn_reason,
    }


# --- panels made fit for a pack ------------------------------------------------------------------------------

_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL | re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def strip_internal_links(html: str) -> str:
    """Links into the service become plain text: a pack's readers (councillors, the public) cannot follow them, and
    a frozen pack must not point at pages that change. Links within the page (#...) and to other sites stay."""

    def replace(match: re.Match) -> str:
        href = _HREF.search(match.group(1))
        target = href.group(1) if href else ""
        if target.startswith("#") or target.startswith(("https://", "http://", "mailto:")):
            return match.group(0)
        return match.group(2)

    return _LINK.sub(replace, html)


_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_REFERRING = re.compile(
    r"""\b(id|for|headers|aria-labelledby|aria-describedby|aria-controls|href|xlink:href|fill|stroke|clip-path|mask|"""
    r"""filter|marker-start|marker-end)\s*=\s*(["'])(.*?)\2""",
    re.DOTALL,
)


def namespace_ids(html: str, prefix: str) -> str:
    """Every id in a panel's HTML (its charts' patterns, captions, tables) prefixed, with every reference to it, so a
    panel shown once per plan never repeats an id on the page."""
    ids = set(_ID.findall(html))
    if not ids:
        return html
    pattern = re.compile(
        r"(?<![\w-])(#?)(" + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r")(?![\w-])"
    )

    def attribute(match: re.Match) -> str:
        name, quote, value = match.groups()
        if name in (
            "href",
            "xlink:href",
            "fill",
            "stroke",
            "clip-path",
            "mask",
            "filter",
            "marker-start",
            "marker-end",
        ):
            value = pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}" if m.group(1) else m.group(0), value)
        else:
            value = pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", value)
        return f"{name}={quote}{value}{quote}"

    return _REFERRING.sub(attribute, html)


class _Tables(HTMLParser):
    """Every table in a fragment as plain text: caption, header row, body rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._table: dict | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._in_head = False
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if self._hidden or "govuk-visually-hidden" in classes.split():
            self._hidden += 1 if tag not in ("br", "img", "input") else 0
            return
        if tag == "table":
            self._table = {"caption": "", "headers": [], "rows": []}
        elif self._table is None:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if self._hidden:
            if tag not in ("br", "img", "input"):
                self._hidden -= 1
            return
        if self._table is None:
            return
        if tag == "caption" and self._caption is not None:
            self._table["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._in_head and not self._table["headers"]:
                self._table["headers"] = self._row
            else:
                self._table["rows"].append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table":
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data):
        if self._hidden:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def tables_in(html: str) -> list[dict]:
    """The tables a panel shows, as the Excel file's data: what councillors read on the page, nothing more."""
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return parser.tables


def rag_labels() -> list[tuple[str, str]]:
    return [(colour, Rag(colour).label) for colour in Rag.values]
