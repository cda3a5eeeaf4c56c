"""Dashboard panels: each app provides a selector and a template; the dashboard composes them.

    panels.register(Panel(
        key="workforce.representation", title="Workforce representation", template="workforce/panel.html",
        build=selectors.representation_panel, roles={Role.SENIOR_LEADERSHIP, ...}, packable=True,
    ))

`build(request: PanelRequest) -> dict | None` returns the template's context, or None when there is
nothing to show. A packable panel may be chosen for a scrutiny pack: built with `for_pack=True` it must
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
    filters: dict = field(default_factory=dict)  # plan, service_area, theme, pillar, lead: ids as strings
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


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def for_user(user) -> list[Panel]:
    held = roles_of(user)
    return sorted((p for p in _panels.values() if p.roles & held), key=lambda p: (p.order, p.key))


def packable() -> list[Panel]:
    return sorted((p for p in _panels.values() if p.packable), key=lambda p: (p.order, p.key))


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
