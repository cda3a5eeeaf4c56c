"""The ethnicity taxonomy in memory: what a label means, and where a count goes in an aggregation.

Every count is stored against exactly one of: a category (Indian), a whole group (Asian, when a file gives
only the group) or one side of an aggregation (Black and global majority, when a file says only "BAME").
Each of these stands for a set of categories. The one rule of placement: in an aggregation, a count goes to
the bucket that holds *every* category it could be; a count that could be in more than one bucket (a "BAME"
count in the five groups, a "White" count in White British vs the rest) is "not placed" and reported as such,
never split and never guessed. "Not known" and "Prefer not to say" are never placed: they are undisclosed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .models import (
    Aggregation,
    AggregationBucket,
    EthnicCategory,
    EthnicGroup,
    EthnicityLabel,
    normalise_label,
)

NOT_PLACED = "not_placed"
NOT_KNOWN = "not_known"
NOT_PLACED_LABEL = "Recorded only as a broader group"
NOT_KNOWN_LABEL = "Not known or prefer not to say"


class Target(NamedTuple):
    """What a count's label means: ("category" | "group" | "bucket", id)."""

    kind: str
    id: int

    @classmethod
    def of(cls, row: dict) -> Target:
        """From a row with category_id / group_id / bucket_id (values() of a count model)."""
        for kind in ("category", "group", "bucket"):
            if row.get(f"{kind}_id") is not None:
                return cls(kind, row[f"{kind}_id"])
        raise ValueError("A count with no ethnicity.")

    def fields(self) -> dict:
        return {"category_id": None, "group_id": None, "bucket_id": None, f"{self.kind}_id": self.id}


@dataclass(frozen=True)
class Bucket:
    id: int
    key: str
    name: str
    side: str
    categories: frozenset[int]


@dataclass(frozen=True)
class Grouping:
    """An aggregation resolved: its buckets in order and, if it has them, its reference and comparison sides."""

    id: int
    key: str
    name: str
    description: str
    buckets: tuple[Bucket, ...]

    @property
    def reference(self) -> Bucket | None:
        return next((b for b in self.buckets if b.side == AggregationBucket.Side.REFERENCE), None)

    @property
    def comparison(self) -> Bucket | None:
        return next((b for b in self.buckets if b.side == AggregationBucket.Side.COMPARISON), None)

    @property
    def has_sides(self) -> bool:
        return self.reference is not None and self.comparison is not None

    def bucket(self, key_or_id) -> Bucket | None:
        return next((b for b in self.buckets if b.key == key_or_id or b.id == key_or_id), None)


@dataclass
class Taxonomy:
    """Categories, groups, aggregations and labels, read in a fixed number of queries."""

    categories: dict[int, EthnicCategory]
    groups: dict[int, EthnicGroup]
    groupings: dict[int, Grouping]
    labels: dict[str, Target] = field(default_factory=dict)
    bucket_names: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls, *, with_labels: bool = False) -> Taxonomy:
        categories = {c.pk: c for c in EthnicCategory.objects.select_related("group")}
        groups = {g.pk: g for g in EthnicGroup.objects.all()}
        buckets_by_aggregation: dict[int, list[Bucket]] = {}
        bucket_names = {}
        for bucket in AggregationBucket.objects.prefetch_related("categories").order_by("position", "id"):
            members = frozenset(c.pk for c in bucket.categories.all())
            buckets_by_aggregation.setdefault(bucket.aggregation_id, []).append(
                Bucket(bucket.pk, bucket.key, bucket.name, bucket.side, members)
            )
            bucket_names[bucket.pk] = bucket.name
        groupings = {
            a.pk: Grouping(a.pk, a.key, a.name, a.description, tuple(buckets_by_aggregation.get(a.pk, ())))
            for a in Aggregation.objects.all()
        }
        taxonomy = cls(categories, groups, groupings, bucket_names=bucket_names)
        if with_labels:
            for row in EthnicityLabel.objects.values("normalised", "category_id", "group_id", "bucket_id"):
                taxonomy.labels[row["normalised"]] = Target.of(row)
        return taxonomy

    # --- what labels and targets mean ---

    def resolve(self, label: str) -> Target | None:
        """The meaning of a label as a file writes it, or None if nobody has mapped it yet."""
        return self.labels.get(normalise_label(label))

    def members(self, target: Target) -> frozenset[int]:
        """The categories a target could be."""
        if target.kind == "category":
            return frozenset({target.id})
        if target.kind == "group":
            return frozenset(pk for pk, c in self.categories.items() if c.group_id == target.id)
        for grouping in self.groupings.values():
            for bucket in grouping.buckets:
                if bucket.id == target.id:
                    return bucket.categories
        return frozenset()

    def disclosed(self, target: Target) -> bool:
        """False for "Not known" and "Prefer not to say"; a group or an aggregation's side is always disclosed."""
        return target.kind != "category" or self.categories[target.id].disclosed

    def name(self, target: Target) -> str:
        if target.kind == "category":
            return str(self.categories[target.id])
        if target.kind == "group":
            return self.groups[target.id].name
        return self.bucket_names.get(target.id, "")

    def place(self, target: Target, grouping: Grouping) -> str | int:
        """The bucket id a count goes to in this grouping, or NOT_KNOWN, or NOT_PLACED (see the module's rule)."""
        if not self.disclosed(target):
            return NOT_KNOWN
        members = self.members(target)
        for bucket in grouping.buckets:
            if members and members <= bucket.categories:
                return bucket.id
        return NOT_PLACED

    def grouping(self, key_or_id) -> Grouping | None:
        return next(
            (g for g in self.groupings.values() if g.key == key_or_id or g.id == key_or_id or str(g.id) == key_or_id),
            None,
        )

    def ordered_groupings(self) -> list[Grouping]:
        """In the aggregations' own order (position, then name), as the query read them."""
        return list(self.groupings.values())
