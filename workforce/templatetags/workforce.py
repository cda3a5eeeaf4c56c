"""How workforce figures read on a page: counts with separators, shares with %, gaps in signed points, ratios."""

from django import template

register = template.Library()


def _hidden(figure):
    if figure is None:
        return ""
    return figure.marker if figure.hidden else None


@register.filter
def count(figure) -> str:
    hidden = _hidden(figure)
    return hidden if hidden is not None else f"{figure.value:,}"


@register.filter
def pct(figure) -> str:
    hidden = _hidden(figure)
    return hidden if hidden is not None else f"{figure.value:.1f}%"


@register.filter
def points(figure) -> str:
    """A gap: "+4.0 points", "−5.5 points" (a real minus sign), "0.0 points"."""
    hidden = _hidden(figure)
    if hidden is not None:
        return hidden
    value = figure.value
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{abs(value):.1f} points"


@register.filter
def ratio(figure) -> str:
    hidden = _hidden(figure)
    return hidden if hidden is not None else f"{figure.value:.2f}"


@register.filter
def money(figure) -> str:
    hidden = _hidden(figure)
    return hidden if hidden is not None else f"£{figure.value:,.2f}"


@register.filter
def share_number(value) -> str:
    """A plain float share (a benchmark's), one decimal place."""
    return "" if value is None else f"{value:.1f}%"


@register.filter
def stage_name(stage: str) -> str:
    return {"took_part": "Took part", "entered": "Entered a formal process"}.get(
        stage, stage.replace("_", " ").capitalize()
    )


@register.filter
def nth(items, index):
    """items[index] for an index held in a variable; "" when there is none."""
    try:
        return items[index]
    except (IndexError, TypeError, KeyError):
        return ""
