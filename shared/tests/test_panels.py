"""The panels registry: a panel declares the dashboard filters it applies, and says which chosen ones it cannot."""

from shared import panels
from shared.panels import Filter, Panel


def a_panel(**fields) -> Panel:
    return Panel("test.panel", "A panel", "t.html", lambda request: {}, frozenset(), **fields)


def test_a_panel_applies_no_filter_unless_it_says_so():
    assert a_panel().filters == frozenset()


def test_a_panel_names_the_chosen_filters_it_cannot_apply_in_the_dashboards_order_and_says_why(monkeypatch):
    monkeypatch.setattr(
        panels,
        "_filters",
        {
            name: Filter(name, label, lambda: [], order=order)
            for name, label, order in [("lead", "Lead", 50), ("plan", "Plan", 10), ("theme", "Theme", 30)]
        },
    )
    panel = a_panel(filters=frozenset({"plan"}), unfiltered_because="workforce figures are not linked to plans")
    chosen = {"lead": "3", "theme": "2", "plan": "1", "sort_overdue": "days"}
    assert [f.name for f in panels.unapplied_filters(panel, chosen)] == ["theme", "lead"]
    assert panels.unfiltered_note(panel, chosen) == (
        "Not filtered by theme or lead: workforce figures are not linked to plans."
    )
    assert panels.unfiltered_note(a_panel(), chosen) == (
        "Not filtered by plan, theme or lead: this panel cannot be narrowed down that way."
    )


def test_a_panel_that_applies_every_chosen_filter_has_nothing_to_say(monkeypatch):
    monkeypatch.setattr(panels, "_filters", {"plan": Filter("plan", "Plan", lambda: [])})
    assert panels.unfiltered_note(a_panel(filters=frozenset({"plan"})), {"plan": "1"}) == ""
    assert panels.unfiltered_note(a_panel(), {"plan": ""}) == ""
    assert panels.unfiltered_note(a_panel(), {}) == ""
