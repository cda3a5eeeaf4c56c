"""Stale-edit protection: two people editing one record never silently undo each other.

A `VersionedForm` carries the record's version and a signed snapshot (`base`) of the values it showed.
On save, the form hands the service only the fields this person changed (`form.changes()`) with the
base. The service locks the row; if the version moved on, `merge_or_refuse` compares three values per
field (what this person saw, what they want, what is stored now):

- a field only they changed is written; a field only the other person changed is left as stored;
- a field both changed to different values is a conflict: nothing is written and `StaleEdit` says,
  field by field, the other person's value and theirs.

`VersionedForm.rebased()` then rebuilds the form on the stored record: the other person's values in
every field this person did not touch, theirs where they did, and the new version, so saving again
writes only their own changes and never reverts the other person's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.db import models
from django.http import QueryDict
from django.utils import formats

_SIGNER_SALT = "shared.stale.base"


def normalise(value: Any) -> Any:
    """A value in a form that compares equal when people would call it the same (JSON-safe)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        items = [normalise(v) for v in value]
        return sorted(items, key=lambda v: (str(type(v)), str(v)))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def display(value: Any) -> str:
    """A value as a person reads it in the conflict table."""
    if value in (None, "", [], ()):
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime | date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return ", ".join(display(v) for v in value) or "(empty)"
    return str(value)


@dataclass(frozen=True)
class Conflict:
    field: str
    theirs: Any  # the value stored now (the other person's)
    yours: Any  # the value this person asked for


@dataclass
class StaleEdit(Exception):
    """Someone else saved the record after this form was shown, changing a field this person also changed."""

    instance: Any
    conflicts: list[Conflict]
    editors: list[str] = field(default_factory=list)  # who saved it since, oldest first
    records: list = field(default_factory=list)  # their history records, for a page to show

    def __str__(self) -> str:
        return "This record was changed by someone else after you opened it."


def merge_or_refuse(
    *,
    instance: Any,
    expected_version: int | None,
    changes: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    current: Mapping[str, Any],
    history: Iterable = (),
) -> dict[str, Any]:
    """The fields to write, from `changes` (this person's edits over `base`) against the locked `current` values.

    `instance` must be locked (select_for_update) and carry `version`. Raises StaleEdit on a real conflict.
    """
    if expected_version is None or instance.version == expected_version:
        return dict(changes)
    conflicts = []
    for name, wanted in changes.items():
        stored = current.get(name)
        seen = base.get(name) if base is not None else stored
        other_changed_it = base is None or normalise(stored) != seen
        if other_changed_it and normalise(wanted) != normalise(stored):
            conflicts.append(Conflict(name, stored, wanted))
    if conflicts:
        records = list(history)
        editors = []
        for record in records:
            who = str(record.history_user) if getattr(record, "history_user", None) else "The system (import)"
            if who not in editors:
                editors.append(who)
        raise StaleEdit(instance=instance, conflicts=conflicts, editors=editors, records=records)
    return dict(changes)


def sign_base(values: Mapping[str, Any]) -> str:
    return signing.dumps({name: normalise(value) for name, value in values.items()}, salt=_SIGNER_SALT, compress=True)


def unsign_base(token: str) -> dict[str, Any] | None:
    try:
        return signing.loads(token, salt=_SIGNER_SALT)
    except signing.BadSignature:
        return None


class VersionedForm(forms.Form):
    """A form on a versioned record: it knows what it showed, so a save sends only what the person changed.

    Subclasses list `tracked` (the fields compared) and build an unbound form with `for_values(values, version)`.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    tracked: tuple[str, ...] = ()

    @classmethod
    def for_values(cls, values: Mapping[str, Any], *, version: int, **kwargs) -> VersionedForm:
        shown = {name: values.get(name) for name in cls.tracked}
        initial = {**values, "version": version, "base": sign_base(shown)}
        return cls(initial=initial, **kwargs)

    def base_values(self) -> dict[str, Any] | None:
        return unsign_base(self.cleaned_data.get("base") or "")

    def changes(self) -> dict[str, Any]:
        """The tracked fields whose submitted value differs from what the form showed (all of them without a base)."""
        base = self.base_values()
        return {
            name: self.cleaned_data[name]
            for name in self.tracked
            if name in self.cleaned_data
            and (base is None or name not in base or normalise(self.cleaned_data[name]) != base[name])
        }

    def rebased(self, stale: StaleEdit, current: Mapping[str, Any]) -> VersionedForm:
        """The same form on the record as stored now: this person's changes kept, everything else the stored value."""
        mine = set(self.changes())
        data = QueryDict(mutable=True)
        for name, bound in self.fields.items():
            key = self.add_prefix(name)
            if name == "version":
                data[key] = str(stale.instance.version)
            elif name == "base":
                data[key] = sign_base({n: current.get(n) for n in self.tracked})
            elif name in mine or name not in self.tracked:
                data.setlist(key, self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key, "")])
            else:
                _put(data, key, bound, current.get(name))
        rebuilt = type(self)(data, **self._rebuild_kwargs())
        rebuilt.is_valid()
        rebuilt.stale = stale
        return rebuilt

    def _rebuild_kwargs(self) -> dict:
        """Extra keyword arguments the subclass's __init__ needs (override when it has any)."""
        return {}

    def conflict_rows(self, stale: StaleEdit) -> list[dict[str, str]]:
        """Field by field, for the page: label, the other person's value, this person's value."""
        return [
            {"field": c.field, "label": str(self.fields[c.field].label or c.field), "theirs": display(c.theirs),
             "yours": display(c.yours)}
            for c in stale.conflicts
            if c.field in self.fields
        ]


def _put(data: QueryDict, key: str, field: forms.Field, value: Any) -> None:
    """A Python value (as a form's initial would hold it) written into form data the field will read back."""
    if isinstance(field, forms.BooleanField):
        if value:
            data[key] = "on"
        return
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        data.setlist(key, [str(normalise(v)) for v in (value or [])])
        return
    if value is None:
        data[key] = ""
    elif isinstance(value, models.Model):
        data[key] = str(value.pk)
    elif isinstance(value, date):
        data[key] = value.strftime("%d/%m/%Y")
    else:
        data[key] = str(value)
