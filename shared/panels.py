"""Dashboard panels: each app provides a selector and a template; the dashboard composes them.

    panels.register(Panel(
        key="workforce.representation", title="Workforce representation", template="workforce/panel.html",
        build=selectors.representation_panel, roles={Role.SENIOR_LEADERSHIP, ...}, packable=True,
        filters=frozenset({"service_area"}), unfiltered_because="workforce figures are not linked to plans",
    ))

`build(request: PanelRequest) -> dict | None` returns the template's context, or None when there is
nothing to show.

A panel declares the dashboard filters it applies (`filters`, by name: plan, service_area, theme, pillar,
lead) and, for the rest, why it cannot (`unfiltered_because`, e.g. "workforce figures are not linked to
plans"). It applies none unless it says so. When someone chooses a filter a panel cannot apply, the dashboard
says so under the panel's heading (`unfiltered_note`), so nobody reads a council-wide panel as filtered.

A packable panel may be chosen for a scrutiny pack: built with `for_pack=True` it must
hold no personal data and suppress every small count (shared.disclosure), because a pack is published
to councillors and may be made public. The dashboard never imports another app's models: it only calls
the panels registered here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from .roles import roles_of


@dataclass(frozen=True)
class PanelRequest:
    user: object
    today: date
    filters: dict = field(default_factory=dict)  # plan, service_area, theme, pillar, lead: ids as strings (+ sorts)
    for_pack: bool = False  # building for a scrutiny pack: suppressed, no names of staff, frozen as HTML


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    build: Callable[[PanelRequest], dict | None]
    roles: frozenset[str]
    order: int = 100
    packable: bool = False
    description: str = ""
    # For a list panel: the whole filtered list as (headers, rows) for CSV and Excel downloads.
    table: Callable[[PanelRequest], tuple[list[str], list[list]]] | None = None
    # The dashboard filters (by name) this panel applies to its figures; none unless it says so.
    filters: frozenset[str] = frozenset()
    # Why the other filters cannot apply, said after "Not filtered by theme or lead: ".
    unfiltered_because: str = ""


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def for_user(user) -> list[Panel]:
    held = roles_of(user)
    return sorted((p for p in _panels.values() if p.roles & held), key=lambda p: (p.order, p.key))


def packable() -> list[Panel]:
    return sorted((p for p in _panels.values() if p.packable), key=lambda p: (p.order, p.key))


def packable_for(user) -> list[Panel]:
    """The packable panels this person may see on their own dashboard: the only ones they may put in a pack."""
    held = roles_of(user)
    return [p for p in packable() if p.roles & held]


def get(key: str) -> Panel | None:
    return _panels.get(key)


def keys(panels: Iterable[Panel]) -> list[str]:
    return [p.key for p in panels]


@dataclass(frozen=True)
class Filter:
    """A filter the dashboard offers (plan, service area, theme, ...): in the URL, passed to every panel."""

    name: str
    label: str
    choices: Callable[[], list[tuple[str, str]]]  # (value, label), read when the page is drawn
    order: int = 100


_filters: dict[str, Filter] = {}


def register_filter(flt: Filter) -> None:
    _filters[flt.name] = flt


def filters() -> list[Filter]:
    return sorted(_filters.values(), key=lambda f: (f.order, f.name))


def unapplied_filters(panel: Panel, chosen: dict) -> list[Filter]:
    """The filters chosen (with a value) that this panel cannot apply, in the order the dashboard shows them."""
    return [f for f in filters() if chosen.get(f.name) and f.name not in panel.filters]


def unfiltered_note(panel: Panel, chosen: dict) -> str:
    """'Not filtered by theme or lead: <why>.' when the panel cannot apply some of the chosen filters, else ""."""
    names = [f.label.lower() for f in unapplied_filters(panel, chosen)]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    because = panel.unfiltered_because or "this panel cannot be narrowed down that way"
    return f"Not filtered by {listed}: {because}."
