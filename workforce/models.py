"""Workforce ethnicity profiles: the ethnicity taxonomy, grades, and counts of people. Aggregates only.

No record of an individual is ever stored: every figure is a count (or an average over a group) as HR
supplies it, for one quarter and one unit. Reference data (groups, categories, aggregations, labels) is
loaded from workforce/reference/ and extended by administrators.
"""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from .choices import EmploymentType, Kind, Stage

_PUNCTUATION = re.compile(r"[\-‐‑‒–—―:/,;()\[\].'\"’_|+]")


def normalise_label(text: str) -> str:
    """How a label is matched: case, punctuation and spacing ignored ("Black - Caribbean" is "black caribbean")."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().replace("&", " and ")
    return " ".join(_PUNCTUATION.sub(" ", text).split())


# --- the taxonomy ---------------------------------------------------------------------------------------------


class EthnicGroup(models.Model):
    """One of the five high-level groups of the ONS 2021 classification."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, help_text='As tables head it, e.g. "Black".')
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class EthnicCategory(models.Model):
    """One of the 19 ONS 2021 categories, or "Not known" or "Prefer not to say" (in no group)."""

    class Kind(models.TextChoices):
        KNOWN = "known", "Ethnicity recorded"
        NOT_KNOWN = "not_known", "Not known"
        REFUSED = "refused", "Prefer not to say"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    group = models.ForeignKey(EthnicGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="categories")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.KNOWN)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "ethnic categories"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="known", group__isnull=False) | (~Q(kind="known") & Q(group__isnull=True)),
                name="category_in_a_group_exactly_when_known",
                violation_error_message="A recorded ethnicity is in a group; not known and refused are in none.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group.short_name}: {self.name}" if self.group_id else self.name

    @property
    def disclosed(self) -> bool:
        return self.kind == self.Kind.KNOWN


class Aggregation(models.Model):
    """A named way of grouping categories for reports ("Black and global majority vs White"); admins add more.

    A side marked reference and one marked comparison make it usable for relative likelihoods (White first).
    """

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class AggregationBucket(models.Model):
    """One group of an aggregation: the categories it holds. A category should be in at most one bucket."""

    class Side(models.TextChoices):
        NONE = "", "Neither"
        REFERENCE = "reference", "Reference group (White, in relative likelihoods)"
        COMPARISON = "comparison", "Comparison group (Black and global majority, in relative likelihoods)"

    aggregation = models.ForeignKey(Aggregation, on_delete=models.CASCADE, related_name="buckets")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    side = models.CharField(max_length=10, choices=Side.choices, default=Side.NONE, blank=True)
    categories = models.ManyToManyField(
        EthnicCategory, related_name="buckets", limit_choices_to={"kind": EthnicCategory.Kind.KNOWN}
    )
    history = HistoricalRecords(m2m_fields=[categories])

    class Meta:
        ordering = ["aggregation", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["aggregation", "key"], name="bucket_key_unique_in_aggregation"),
            models.UniqueConstraint(
                fields=["aggregation", "side"],
                condition=~Q(side=""),
                name="one_reference_and_one_comparison_per_aggregation",
                violation_error_message="An aggregation has at most one reference and one comparison group.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aggregation.name}: {self.name}"


class EthnicityLabel(models.Model):
    """A label found in source files and what it means: a category, a whole group, or one side of an aggregation.

    "BAME" means the Black and global majority side of that aggregation: it cannot be split into groups or
    categories, so a count labelled with it is placed only where that whole side fits (docs/workforce-data.md).
    """

    label = models.CharField(max_length=200, help_text='As files write it, e.g. "WBRI" or "Black or Black British".')
    normalised = models.CharField(max_length=200, unique=True, editable=False)
    category = models.ForeignKey(EthnicCategory, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(EthnicGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    bucket = models.ForeignKey(AggregationBucket, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["normalised"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=False, group__isnull=True, bucket__isnull=True)
                | Q(category__isnull=True, group__isnull=False, bucket__isnull=True)
                | Q(category__isnull=True, group__isnull=True, bucket__isnull=False),
                name="label_means_exactly_one_thing",
                violation_error_message="Choose exactly one of a category, a group or an aggregation's group.",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        self.normalised = normalise_label(self.label)
        super().save(*args, **kwargs)


# --- grades, roles -----------------------------------------------------------------------------------------


class Grade(models.Model):
    """A pay grade or band; seniority orders them (1 is the most junior). Senior grades are "senior leadership"."""

    name = models.CharField(max_length=100)
    seniority = models.PositiveSmallIntegerField(unique=True, help_text="1 for the most junior grade, then upwards.")
    senior = models.BooleanField(default=False, help_text="Counted as senior leadership in gaps and the gradient.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["seniority"]
        constraints = [models.UniqueConstraint(Lower("name"), name="grade_name_unique_ignoring_case")]

    def __str__(self) -> str:
        return self.name


class RoleFamily(models.Model):
    """A kind of job ("Qualified social worker"), as HR extracts name it; added by imports."""

    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "role families"
        constraints = [models.UniqueConstraint(Lower("name"), name="role_family_unique_ignoring_case")]

    def __str__(self) -> str:
        return self.name


# --- what was loaded ---------------------------------------------------------------------------------------


class DataLoad(models.Model):
    """One kind of data for one quarter and one unit, as last loaded; loading it again replaces its counts."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    period = models.DateField(help_text="The first day of the quarter.")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="workforce_loads")
    source_name = models.CharField(max_length=255, help_text="The file it came from.")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0, help_text="Counts stored.")
    people = models.PositiveIntegerField(default=0, help_text="Headcount, applicants or eligible staff in all.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period", "kind", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["kind", "period", "unit"], name="one_load_per_kind_period_unit")]
        indexes = [models.Index(fields=["unit", "kind", "period"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.period:%Y-%m}, {self.unit}"


class Benchmark(models.Model):
    """A population to compare the workforce with (the borough, children supported, pupils) at a date."""

    class Measure(models.TextChoices):
        COUNTS = "counts", "Counts of people"
        SHARES = "shares", "Percentages"

    population = models.CharField(max_length=200, help_text='e.g. "Borough population (Census 2021)".')
    area = models.CharField(max_length=200, help_text='e.g. "Hackney".')
    date = models.DateField()
    measure = models.CharField(max_length=10, choices=Measure.choices)
    is_default = models.BooleanField(default=False, help_text="Offered first on the workforce pages.")
    source_name = models.CharField(max_length=255, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_default", "population", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["population", "area", "date"], name="one_benchmark_per_population_date"),
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_benchmark"),
        ]

    def __str__(self) -> str:
        return f"{self.population}, {self.area} ({self.date:%B %Y})"


# --- counts, each for an ethnicity: a category, a whole group, or one side of an aggregation ---------------


class EthnicityCount(models.Model):
    """What a count's ethnicity label meant when it was loaded (exactly one of the three)."""

    category = models.ForeignKey(EthnicCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(EthnicGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    bucket = models.ForeignKey(AggregationBucket, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=False, group__isnull=True, bucket__isnull=True)
                | Q(category__isnull=True, group__isnull=False, bucket__isnull=True)
                | Q(category__isnull=True, group__isnull=True, bucket__isnull=False),
                name="%(class)s_one_ethnicity",
            )
        ]


class HeadcountCell(EthnicityCount):
    load = models.ForeignKey(DataLoad, on_delete=models.CASCADE, related_name="headcounts")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="+")
    employment_type = models.CharField(max_length=10, choices=EmploymentType.choices)
    role = models.ForeignKey(RoleFamily, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField()

    class Meta(EthnicityCount.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.load}: {self.count}"


class RecruitmentCell(EthnicityCount):
    load = models.ForeignKey(DataLoad, on_delete=models.CASCADE, related_name="recruitment")
    campaign = models.CharField(max_length=200, blank=True, help_text="Blank: all campaigns of the quarter together.")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    count = models.PositiveIntegerField()

    class Meta(EthnicityCount.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.load}: {self.campaign} {self.stage} {self.count}"


class DevelopmentCell(EthnicityCount):
    load = models.ForeignKey(DataLoad, on_delete=models.CASCADE, related_name="development")
    opportunity = models.CharField(max_length=200, help_text="e.g. shadowing, mentoring, a leadership programme.")
    eligible = models.PositiveIntegerField()
    took_part = models.PositiveIntegerField()

    class Meta(EthnicityCount.Meta):
        constraints = [
            *EthnicityCount.Meta.constraints,
            models.CheckConstraint(condition=Q(took_part__lte=models.F("eligible")), name="took_part_within_eligible"),
        ]

    def __str__(self) -> str:
        return f"{self.load}: {self.opportunity} {self.took_part}/{self.eligible}"


class DisciplinaryCell(EthnicityCount):
    load = models.ForeignKey(DataLoad, on_delete=models.CASCADE, related_name="disciplinary")
    headcount = models.PositiveIntegerField()
    entered = models.PositiveIntegerField(help_text="Staff who entered a formal disciplinary process.")

    class Meta(EthnicityCount.Meta):
        constraints = [
            *EthnicityCount.Meta.constraints,
            models.CheckConstraint(condition=Q(entered__lte=models.F("headcount")), name="entered_within_headcount"),
        ]

    def __str__(self) -> str:
        return f"{self.load}: {self.entered}/{self.headcount}"


class PayCell(EthnicityCount):
    load = models.ForeignKey(DataLoad, on_delete=models.CASCADE, related_name="pay")
    headcount = models.PositiveIntegerField()
    mean_hourly_pay = models.DecimalField(max_digits=8, decimal_places=2, help_text="£ an hour.")
    median_hourly_pay = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    lower_quartile = models.PositiveIntegerField(null=True, blank=True)
    lower_middle_quartile = models.PositiveIntegerField(null=True, blank=True)
    upper_middle_quartile = models.PositiveIntegerField(null=True, blank=True)
    upper_quartile = models.PositiveIntegerField(null=True, blank=True)

    class Meta(EthnicityCount.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.load}: {self.headcount} staff"


class BenchmarkValue(EthnicityCount):
    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(max_digits=14, decimal_places=3, help_text="A count, or a percentage.")

    class Meta(EthnicityCount.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.benchmark}: {self.value}"


# --- uploads between upload, preview and confirm ------------------------------------------------------------


class WorkforceImport(models.Model):
    """An uploaded file between upload, preview and confirm; its bytes are emptied once imported and uploads
    older than a day are deleted at the next upload. Large files are checked and imported by background jobs."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        IMPORTED = "imported", "Imported"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    data = models.BinaryField(help_text="The file as uploaded.")
    large = models.BooleanField(default=False, help_text="Checked and imported by background jobs.")
    checked = models.JSONField(null=True, blank=True, help_text="A large file's preview, from its check job.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPLOADED)
    outcome = models.JSONField(null=True, blank=True, help_text="What the import did.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_kind_display()})"
