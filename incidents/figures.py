"""What other parts of the product take from the log: a dashboard panel and measure sources, all suppressed.

Nothing here carries a name, a reference or any free text: counts only, each hidden when fewer than 5 (and
whatever would let one be worked out), so a panel built for a scrutiny pack (`for_pack`) is safe to publish.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from shared.disclosure import Figure
from shared.measures import Reading
from shared.panels import PanelRequest

from . import selectors
from .models import Kind

HIDDEN_NOTE = "Hidden to protect people's privacy (fewer than 5, or would reveal one)."


def panel(request: PanelRequest) -> dict | None:
    return selectors.panel_figures(today=request.today, for_pack=request.for_pack)


def _reading(label, start, figure: Figure, note: str = "") -> Reading:
    if figure.hidden:
        return Reading(start, label, None, HIDDEN_NOTE if figure.marker == "[c]" else figure.reason)
    return Reading(start, label, Decimal(str(figure.value)), note)


def reports_per_quarter(params: dict) -> list[Reading]:
    """Reports of racism received per financial quarter (optionally of one kind)."""
    quarters = int(params.get("quarters", 8) or 8)
    kind = params.get("kind", "")
    if kind not in Kind.values:
        kind = ""
    return [
        _reading(label, start, figure)
        for label, start, figure in selectors.reports_per_quarter(
            quarters=quarters, kind=kind, today=timezone.localdate()
        )
    ]


def share_satisfied(params: dict) -> list[Reading]:
    """Of the people asked about the outcome (incidents closed in the quarter), the percentage satisfied."""
    quarters = int(params.get("quarters", 8) or 8)
    return [
        _reading(label, start, figure, f"of {asked} asked" if not figure.hidden else "")
        for label, start, figure, asked in selectors.satisfied_per_quarter(
            quarters=quarters, today=timezone.localdate()
        )
    ]
