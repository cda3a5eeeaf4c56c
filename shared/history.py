"""Readable history: who changed which field, from what to what, and when, from django-simple-history records.

`timeline()` turns the records of one or more objects into `Change`s, newest first, in a fixed number of
queries whatever the history's length: names behind foreign keys and many-to-many fields (leads, themes)
are read once for all records. `m2m_batch()` lets a service change many-to-many fields and save once, so
one edit is one entry with every field it touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from django.db import models
from django.utils import formats

SYSTEM = "The system (import)"
HIDDEN = frozenset({"version", "id", "created_at", "created_on", "position", "depth"})


class FieldChange(NamedTuple):
    label: str
    before: str
    after: str


@dataclass
class Change:
    when: datetime
    who: str
    what: str  # "Created", "Edited", or the change reason a service recorded
    fields: list[FieldChange] = field(default_factory=list)
    subject: str = ""  # what changed, when a timeline mixes records ("Goal 2", "Evidence link")
    kind: str = "~"  # simple-history's +, ~ or -


@contextmanager
def m2m_batch(instance: models.Model) -> Iterator[None]:
    """Change many-to-many fields without a history record each; the save that follows records them all at once."""
    instance.skip_history_when_saving = True
    try:
        yield
    finally:
        del instance.skip_history_when_saving


def show(value: Any, *, choices: dict | None = None) -> str:
    """A stored value as people read it: dates written out (29 November 2026), choices by label, empty marked."""
    if value in (None, ""):
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return formats.date_format(value, "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if choices and value in choices:
        return str(choices[value])
    return str(value)


def labels_of(model: type[models.Model]) -> dict[str, str]:
    fields = [*model._meta.fields, *model._meta.many_to_many]
    return {f.name: str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:] for f in fields}


class _Names:
    """str() of related objects by model and pk, read with one query per model however many records refer to them."""

    def __init__(self) -> None:
        self._wanted: dict[type[models.Model], set] = defaultdict(set)
        self._found: dict[type[models.Model], dict] = {}

    def want(self, model: type[models.Model], pks: Iterable) -> None:
        self._wanted[model].update(pk for pk in pks if pk is not None)

    def load(self) -> None:
        for model, pks in self._wanted.items():
            self._found[model] = model._default_manager.in_bulk(list(pks)) if pks else {}

    def name(self, model: type[models.Model], pk) -> str:
        if pk is None:
            return "(empty)"
        found = self._found.get(model, {}).get(pk)
        return str(found) if found is not None else f"(deleted, #{pk})"


def _m2m_rows(records: list, m2m_names: list[str]) -> dict[str, dict[int, set]]:
    """For each tracked many-to-many field, history_id -> the set of related pks the record saw."""
    from simple_history.utils import get_m2m_reverse_field_name

    rows: dict[str, dict[int, set]] = {}
    if not records:
        return rows
    model = records[0].instance_type
    for name in m2m_names:
        manager = getattr(records[0], name)
        target = get_m2m_reverse_field_name(model._meta.get_field(name))
        values = manager.model.objects.filter(history_id__in=[r.history_id for r in records]).values_list(
            "history_id", f"{target}_id"
        )
        by_record: dict[int, set] = defaultdict(set)
        for history_id, pk in values:
            by_record[history_id].add(pk)
        rows[name] = by_record
    return rows


def timeline(
    records: list,
    *,
    labels: dict[str, str] | None = None,
    hidden: Iterable[str] = (),
    subject: Callable[[Any], str] = lambda record: "",
) -> list[Change]:
    """Changes between consecutive history records of each object, newest first.

    `records` may mix several objects of one model (a plan's goals); each is compared with its own previous
    record. Records must be newest first per object, and include the record before the oldest change shown.
    """
    if not records:
        return []
    model = records[0].instance_type
    labels = {**labels_of(model), **(labels or {})}
    hide = HIDDEN | set(hidden)
    recorded = {f.attname for f in type(records[0])._meta.fields}  # fields the history keeps (excluded ones are not)
    plain = [
        f
        for f in model._meta.fields
        if f.name not in hide and f.editable and not f.primary_key and f.attname in recorded
    ]
    m2m_names = [f.name for f in getattr(records[0], "_history_m2m_fields", []) if f.name not in hide]
    m2m = _m2m_rows(records, m2m_names)

    names = _Names()
    for f in plain:
        if f.is_relation:
            names.want(f.related_model, (getattr(r, f.attname) for r in records))
    for name in m2m_names:
        related = model._meta.get_field(name).related_model
        names.want(related, (pk for pks in m2m[name].values() for pk in pks))
    names.load()

    by_object: dict[Any, list] = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)

    changes: list[Change] = []
    for object_records in by_object.values():
        object_records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
        for newer, older in zip(object_records, [*object_records[1:], None], strict=True):
            who = str(newer.history_user) if newer.history_user_id else SYSTEM
            if newer.history_type == "+":
                what = newer.history_change_reason or "Created"
                changes.append(Change(newer.history_date, who, what, [], subject(newer), "+"))
                continue
            if older is None:  # the record before it was cut off by a limit: its changes cannot be shown
                continue
            if newer.history_type == "-":
                changes.append(
                    Change(newer.history_date, who, newer.history_change_reason or "Deleted", [], subject(newer), "-")
                )
                continue
            fields: list[FieldChange] = []
            for f in plain:
                old, new = getattr(older, f.attname), getattr(newer, f.attname)
                if old == new:
                    continue
                if f.is_relation:
                    before, after = names.name(f.related_model, old), names.name(f.related_model, new)
                else:
                    choices = dict(f.flatchoices) if f.choices else None
                    before, after = show(old, choices=choices), show(new, choices=choices)
                fields.append(FieldChange(labels.get(f.name, f.name), before, after))
            for name in m2m_names:
                old_set = m2m[name].get(older.history_id, set())
                new_set = m2m[name].get(newer.history_id, set())
                if old_set != new_set:
                    related = model._meta.get_field(name).related_model
                    before = ", ".join(sorted(names.name(related, pk) for pk in old_set)) or "(none)"
                    after = ", ".join(sorted(names.name(related, pk) for pk in new_set)) or "(none)"
                    fields.append(FieldChange(labels.get(name, name), before, after))
            what = newer.history_change_reason or "Edited"
            if fields or newer.history_change_reason:
                changes.append(Change(newer.history_date, who, what, fields, subject(newer)))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes
