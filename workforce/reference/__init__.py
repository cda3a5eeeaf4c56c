"""The ethnicity taxonomy's reference data, loaded from the files beside this module.

    ethnicity.json  groups, categories and the built-in aggregations
    labels.csv      labels found in source files (DfE codes, Census wordings, HR spellings) and what each means

`load()` is idempotent: it creates or updates what the files name and leaves everything else (aggregations
and labels an administrator added) alone. Migration 0002 runs it with the migration's historical models;
`manage.py load_ethnicity_reference` runs it after the files change.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
ETHNICITY_FILE = HERE / "ethnicity.json"
LABELS_FILE = HERE / "labels.csv"


class ReferenceError(ValueError):
    """The reference files contradict themselves."""


def _default_get_model(name: str):
    from django.apps import apps

    return apps.get_model("workforce", name)


def load(get_model: Callable[[str], type] | None = None) -> list[str]:
    from django.db import transaction

    with transaction.atomic():
        return _load(get_model)


def _load(get_model: Callable[[str], type] | None) -> list[str]:
    from ..models import normalise_label  # a plain function: safe with historical models too

    get = get_model or _default_get_model
    Group, Category = get("EthnicGroup"), get("EthnicCategory")
    Aggregation, Bucket, Label = get("Aggregation"), get("AggregationBucket"), get("EthnicityLabel")
    data = json.loads(ETHNICITY_FILE.read_text(encoding="utf-8"))

    groups = {}
    for position, item in enumerate(data["groups"]):
        groups[item["code"]], _ = Group.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"], "short_name": item["short_name"], "position": position}
        )
    categories = {}
    for position, item in enumerate(data["categories"]):
        categories[item["code"]], _ = Category.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "group": groups[item["group"]] if item.get("group") else None,
                "kind": item.get("kind", "known"),
                "position": position,
            },
        )
    buckets = {}
    for position, item in enumerate(data["aggregations"]):
        aggregation, _ = Aggregation.objects.update_or_create(
            key=item["key"],
            defaults={"name": item["name"], "description": item.get("description", ""), "position": position},
        )
        for bucket_position, spec in enumerate(item["buckets"]):
            bucket, _ = Bucket.objects.update_or_create(
                aggregation=aggregation,
                key=spec["key"],
                defaults={"name": spec["name"], "position": bucket_position, "side": spec.get("side", "")},
            )
            members = [c for c in categories.values() if c.group_id and c.group.code in spec.get("groups", [])]
            members += [categories[code] for code in spec.get("categories", [])]
            bucket.categories.set(members)
            buckets[f"{item['key']}/{spec['key']}"] = bucket

    wanted: dict[str, tuple[str, dict, str]] = {}  # normalised -> (label, target fields, note)

    def want(label: str, target: dict, note: str = "", *, explicit: bool) -> None:
        key = normalise_label(label)
        if key in wanted:
            if wanted[key][1] != target and explicit:
                raise ReferenceError(f"labels.csv gives {label!r} two meanings.")
            return
        wanted[key] = (label, target, note)

    with LABELS_FILE.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            maps_to, code = row["maps_to"].strip(), row["code"].strip()
            try:
                if maps_to == "category":
                    target = {"category": categories[code]}
                elif maps_to == "group":
                    target = {"group": groups[code]}
                else:
                    target = {"bucket": buckets[code]}
            except KeyError:
                raise ReferenceError(f"labels.csv line {line}: {maps_to} {code!r} does not exist.") from None
            want(row["label"].strip(), target, row.get("note", "").strip(), explicit=True)
    # Every category and group is also known by its own names.
    for category in categories.values():
        want(category.name, {"category": category}, explicit=False)
        if category.group_id:
            group = category.group
            for prefix in (group.short_name, group.name):
                want(f"{prefix}: {category.name}", {"category": category}, explicit=False)
    for group in groups.values():
        want(group.name, {"group": group}, explicit=False)
        want(group.short_name, {"group": group}, explicit=False)

    for key, (label, target, note) in wanted.items():
        fields = {"category": None, "group": None, "bucket": None, **target}
        Label.objects.update_or_create(normalised=key, defaults={"label": label, "note": note, **fields})
    return [
        f"Ethnicity reference: {len(groups)} groups, {len(categories)} categories, "
        f"{len(data['aggregations'])} built-in aggregations, {len(wanted)} labels."
    ]
