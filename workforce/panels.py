"""The workforce panel of the leadership dashboard (and of scrutiny packs): always suppressed.

Representation by grade against the default benchmark, the seniority gradient, the latest relative
likelihoods and the disclosure rate, for the unit the dashboard's service-area filter names when that unit
has workforce data, otherwise for the unit with data nearest the top of the organisation.
"""

from __future__ import annotations

from organisation.models import Unit
from shared.panels import Panel, PanelRequest

from . import access, selectors
from .choices import Kind
from .taxonomy import Taxonomy

EQUALITY_KINDS = (Kind.RECRUITMENT, Kind.DEVELOPMENT, Kind.DISCIPLINARY)


def _unit(request: PanelRequest) -> tuple[Unit | None, str]:
    chosen = request.filters.get("service_area")
    if chosen and str(chosen).isdigit():
        units = {u.pk: u for u in selectors.units_with_data()}
        if int(chosen) in units:
            return units[int(chosen)], ""
        fallback = selectors.default_unit()
        name = Unit.objects.filter(pk=int(chosen)).values_list("name", flat=True).first()
        note = f"There is no workforce data for {name}; this shows {fallback}." if name and fallback else ""
        return fallback, note
    return selectors.default_unit(), ""


def build(request: PanelRequest) -> dict | None:
    unit, note = _unit(request)
    if unit is None:
        return None
    quarter = selectors.latest_period(unit)
    pub = selectors.published()
    taxonomy = Taxonomy.load()
    suffix = "-pack" if request.for_pack else "-panel"
    profile = selectors.profile(
        unit=unit,
        quarter=quarter,
        benchmark=selectors.default_benchmark(),
        pub=pub,
        chart_suffix=suffix,
        taxonomy=taxonomy,
    )
    latest = None
    equality_quarter = selectors.latest_period(unit, EQUALITY_KINDS)
    if equality_quarter is not None:
        equality = selectors.equality(unit=unit, quarter=equality_quarter, pub=pub, taxonomy=taxonomy)
        latest = equality.history[0] if equality.history else None
    return {
        "profile": profile,
        "likelihoods": latest,
        "note": note,
        "link": not request.for_pack and access.VIEW_ROLES & _roles(request.user),
    }


def _roles(user) -> frozenset[str]:
    from shared.roles import roles_of

    return roles_of(user) if user is not None else frozenset()


PANEL = Panel(
    key="workforce.representation",
    title="Workforce representation",
    template="workforce/panels/representation.html",
    build=build,
    roles=access.PANEL_ROLES,
    order=50,
    packable=True,
    description="Representation by grade against the borough, the seniority gradient, relative likelihoods and "
    "disclosure, with small numbers hidden.",
    filters=frozenset({"service_area"}),
    unfiltered_because="workforce figures are not linked to plans",
)
