"""Measures computed, not typed: a measure whose `computed_from` names a registered source (shared.measures)
takes its values from it. plans never imports the app that computes them.

A refresh writes one value per period the source gives (marked computed), replaces a value typed by hand for
the same period, and removes computed values the source no longer gives or now hides (disclosure control).
The daily schedule refreshes every computed measure; workforce imports start a refresh too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from shared import measures as sources
from shared.jobs import Outcome

from ..models import Measure, MeasureValue

NOTE_LENGTH = MeasureValue._meta.get_field("note").max_length
LABEL_LENGTH = MeasureValue._meta.get_field("period_label").max_length


class UnknownSource(ValueError):
    """The measure names a source no installed app registers."""


@dataclass
class RefreshResult:
    measure_id: int
    created: int = 0
    updated: int = 0
    removed: int = 0
    replaced_typed: int = 0
    not_published: list[str] = field(default_factory=list)  # periods the source gives no value for, with why

    def line(self) -> str:
        return (
            f"measure {self.measure_id}: {self.created} new, {self.updated} updated, {self.removed} removed, "
            f"{self.replaced_typed} typed values replaced, {len(self.not_published)} periods without a value"
        )


@transaction.atomic
def measure_refresh(measure: Measure, *, by=None) -> RefreshResult:
    """Upsert the measure's values from its source; raises UnknownSource if the source is not registered."""
    source = sources.get(measure.computed_from)
    if source is None:
        raise UnknownSource(f"No source called {measure.computed_from!r} is registered.")
    params = {**source.defaults, **(measure.computed_params or {})}
    readings = source.readings(params)
    result = RefreshResult(measure.pk)
    existing = {v.period_start: v for v in MeasureValue.objects.select_for_update().filter(measure=measure)}
    given = set()
    for reading in readings:
        if reading.value is None:
            result.not_published.append(f"{reading.period_label}: {reading.note}")
            continue
        given.add(reading.period_start)
        value = existing.get(reading.period_start)
        fields = {
            "period_label": reading.period_label[:LABEL_LENGTH],
            "value": reading.value,
            "note": reading.note[:NOTE_LENGTH],
            "computed": True,
        }
        if value is None:
            MeasureValue.objects.create(measure=measure, period_start=reading.period_start, **fields)
            result.created += 1
            continue
        if not value.computed:
            result.replaced_typed += 1
        if any(getattr(value, name) != new for name, new in fields.items()):
            for name, new in fields.items():
                setattr(value, name, new)
            value.save()
            result.updated += 1
    stale = [v.pk for day, v in existing.items() if v.computed and day not in given]
    if stale:
        MeasureValue.objects.filter(pk__in=stale).delete()
        result.removed = len(stale)
    return result


def refresh_computed_measures(*, by=None) -> list[RefreshResult]:
    """Refresh every measure that names a registered source; each in its own transaction."""
    results = []
    for measure in Measure.objects.exclude(computed_from=""):
        if sources.get(measure.computed_from) is None:
            continue
        results.append(measure_refresh(measure, by=by))
    return results


def refresh_job(job, progress) -> Outcome:
    """The daily job (and the one imports start): every computed measure, with progress."""
    measures = list(Measure.objects.exclude(computed_from=""))
    results = []
    for done, measure in enumerate(measures, start=1):
        if sources.get(measure.computed_from) is not None:
            results.append(measure_refresh(measure, by=job.requested_by))
        progress(done, len(measures), "Updating computed measures")
    changed = sum(r.created + r.updated + r.removed for r in results)
    return Outcome(result={"message": f"{len(results)} computed measures refreshed ({changed} values changed)."})


def refresh_for_demo() -> list[str]:
    """After every app's demo data is loaded: computed measures show their values at once."""
    results = refresh_computed_measures()
    return [f"Computed measures: {len(results)} refreshed."] if results else []
