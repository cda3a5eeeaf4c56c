"""Practice-standard audits: versioned standards, audit templates, audits with moderation, the audit programme,
actions arising (plan actions), the language glossary and language samples."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from organisation.models import Unit

from . import language
from .references import validate_subject_reference


class Framework(models.Model):
    """One published version of a set of practice standards ("Children and Education ... Standards, June 2024")."""

    title = models.CharField(max_length=200)
    version = models.CharField(max_length=60, help_text='As the council names it, e.g. "June 2024".')
    effective_from = models.DateField(help_text="The day this version took effect.")
    publisher = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="The document it was loaded from.")
    notes = models.TextField(blank=True, help_text="How the text was tidied when it was loaded.")
    assurance = models.TextField(blank=True, help_text="How adherence is checked: one item per line.")
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
        help_text="The version this one replaces; each standard says whether it was carried over, changed or new.",
    )
    loaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["title", "version"], name="framework_version_unique"),
            models.CheckConstraint(
                condition=Q(previous__isnull=True) | ~Q(previous=F("id")),
                name="framework_not_its_own_previous",
                violation_error_message="A version cannot replace itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def assurance_items(self) -> list[str]:
        return [line for line in self.assurance.splitlines() if line.strip()]


class Section(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="section_number_unique")]

    def __str__(self) -> str:
        return self.title


class Standard(models.Model):
    """A numbered standard of one version; audits rate against it, so it is never deleted while rated."""

    class Change(models.TextChoices):
        FIRST = "first", "In the first version"
        CARRIED_OVER = "carried_over", "Carried over unchanged"
        CHANGED = "changed", "Changed"
        NEW = "new", "New in this version"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="standards")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField()
    short_title = models.CharField(max_length=120, help_text="A summary for charts and lists; the text is rated.")
    text = models.TextField()
    for_all_staff = models.BooleanField("all staff", default=False)
    for_leaders = models.BooleanField("leaders", default=False)
    for_business_support = models.BooleanField("business support", default=False)
    change = models.CharField(max_length=20, choices=Change.choices, default=Change.FIRST)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        help_text="The same standard in the previous version, when it was carried over or changed.",
    )

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="standard_number_unique"),
            models.CheckConstraint(
                condition=Q(for_all_staff=True) | Q(for_leaders=True) | Q(for_business_support=True),
                name="standard_has_an_audience",
                violation_error_message="Say who the standard is for: all staff, leaders or business support.",
            ),
            models.CheckConstraint(
                condition=Q(change__in=["carried_over", "changed"], previous__isnull=False)
                | Q(change__in=["first", "new"], previous__isnull=True),
                name="standard_change_matches_previous",
                violation_error_message="A carried-over or changed standard names its previous version; others do not.",
            ),
        ]

    def __str__(self) -> str:
        return f"Standard {self.number}: {self.short_title}"

    @property
    def audiences(self) -> list[str]:
        named = [
            (self.for_all_staff, "All staff"),
            (self.for_leaders, "Leaders"),
            (self.for_business_support, "Business support"),
        ]
        return [label for held, label in named if held]


class Expectation(models.Model):
    """What the standards expect of all staff, and of all leaders, before the numbered standards."""

    class Audience(models.TextChoices):
        ALL_STAFF = "all_staff", "All members of Children and Education"
        LEADERS = "leaders", "All leaders in the directorate"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="expectations")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    position = models.PositiveSmallIntegerField()
    lead_words = models.CharField(max_length=80, help_text='The words the document sets in bold: "Understand".')
    text = models.TextField()

    class Meta:
        ordering = ["framework", "audience", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "audience", "position"], name="expectation_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.lead_words} {self.text}"[:80]


class AuditType(models.TextChoices):
    CASE_FILE = "case_file", "Case file audit"
    SUPERVISION = "supervision", "Supervision audit"
    THEMATIC = "thematic", "Thematic dip sample"
    MINUTES_LANGUAGE = "minutes_language", "Meeting-minutes language audit"
    FAMILY_FEEDBACK = "family_feedback", "Family feedback"
    YOUNG_PEOPLE_FEEDBACK = "young_people_feedback", "Young people's feedback"


class Rating(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Grade(models.TextChoices):
    """The Ofsted scale English children's services are graded on."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)
RATED = (Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET)  # Not applicable is left out of every percentage


class AuditTemplate(models.Model):
    """Which standards (or custom questions) one type of audit rates."""

    name = models.CharField(max_length=200, unique=True)
    audit_type = models.CharField(max_length=30, choices=AuditType.choices)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="templates")
    description = models.TextField(blank=True, help_text="What the audit looks at and how to sample.")
    active = models.BooleanField(default=True, help_text="Only active templates can start new audits.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_language_audit(self) -> bool:
        return self.audit_type == AuditType.MINUTES_LANGUAGE


class TemplateItem(models.Model):
    """One thing a template rates: a standard of its framework, or a question of its own."""

    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    standard = models.ForeignKey(Standard, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(max_length=300, blank=True, help_text="A question of the template's own.")
    guidance = models.TextField(blank=True, help_text="What to look for when rating it.")

    class Meta:
        ordering = ["template", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(standard__isnull=False) & Q(question="")) | (Q(standard__isnull=True) & ~Q(question="")),
                name="item_is_a_standard_or_a_question",
                violation_error_message="Choose a standard or write a question, not both.",
            ),
            models.UniqueConstraint(
                fields=["template", "standard"], condition=Q(standard__isnull=False), name="item_standard_once"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return str(self.standard) if self.standard_id else self.question

    def clean(self):
        if self.standard_id and self.template_id and self.standard.framework_id != self.template.framework_id:
            raise ValidationError({"standard": "Choose a standard from the template's own version of the standards."})


class ProgrammeEntry(models.Model):
    """A line of the audit programme: which unit, which type of audit, how many, by when, by whom."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="programme_entries")
    audits_due = models.PositiveSmallIntegerField("how many audits", help_text="Audits to complete by the date.")
    starts_on = models.DateField(help_text="Audits dated from this day count towards it.")
    due_by = models.DateField()
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_programme")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised by every save, to refuse a stale edit.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_by", "unit__name", "id"]
        verbose_name_plural = "programme entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(audits_due__gte=1),
                name="programme_at_least_one_audit",
                violation_error_message="Plan at least one audit.",
            ),
            models.CheckConstraint(
                condition=Q(due_by__gte=F("starts_on")),
                name="programme_due_after_start",
                violation_error_message="The due date must be on or after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audits_due} × {self.template} in {self.unit} by {self.due_by:%d/%m/%Y}"


class Audit(models.Model):
    """One audit: drafted and submitted by its auditor, then moderated by a second auditor.

    States and the transitions between them are listed once, in services.TRANSITIONS.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting moderation"
        MODERATED = "moderated", "Moderated"

    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="audits")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audits_done")
    programme_entry = models.ForeignKey(
        ProgrammeEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="audits"
    )
    subject_reference = models.CharField(
        max_length=60,
        validators=[validate_subject_reference],
        help_text="A case or record reference, never a name.",
    )
    audit_date = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    strengths = models.TextField(blank=True)
    learning = models.TextField("learning and areas to develop", blank=True)
    overall_grade = models.CharField("auditor's overall grade", max_length=30, choices=Grade.choices, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="audits_moderated"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    overall_agrees = models.BooleanField("moderator agrees with the overall grade", null=True, blank=True)
    moderated_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    moderation_reason = models.TextField(blank=True, help_text="Why the moderator agrees or disagrees overall.")
    reported_grade = models.CharField(
        max_length=30, choices=Grade.choices, blank=True, help_text="The moderated grade: the one reported."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every save, to refuse a stale edit.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-audit_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | ~Q(overall_grade=""),
                name="audit_submitted_with_a_grade",
                violation_error_message="Give an overall grade before submitting the audit.",
            ),
            models.CheckConstraint(
                condition=~Q(state="moderated")
                | (Q(moderator__isnull=False) & ~Q(reported_grade="") & Q(moderated_at__isnull=False)),
                name="audit_moderated_by_someone_with_a_grade",
                violation_error_message="A moderated audit names its moderator and the grade reported.",
            ),
            models.CheckConstraint(
                condition=Q(moderator__isnull=True) | ~Q(moderator=F("auditor")),
                name="audit_moderated_by_a_second_auditor",
                violation_error_message="An audit is moderated by a second auditor, not the one who did it.",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "audit_date"]),
            models.Index(fields=["unit", "audit_date"]),
            models.Index(fields=["auditor", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.template.name}: {self.subject_reference} ({self.audit_date:%d/%m/%Y})"


class AuditRating(models.Model):
    """One rated line of an audit: the auditor's rating and evidence, then the moderator's view."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(TemplateItem, on_delete=models.PROTECT, related_name="+")
    standard = models.ForeignKey(Standard, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings")
    position = models.PositiveSmallIntegerField(default=0)
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True, help_text="What in the record shows it.")
    moderator_agrees = models.BooleanField(null=True, blank=True)
    moderated_rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    moderation_reason = models.TextField(blank=True)
    reported_rating = models.CharField(
        max_length=20, choices=Rating.choices, blank=True, help_text="The moderated rating: the one reported."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["audit", "item"], name="one_rating_per_item")]
        indexes = [models.Index(fields=["standard", "reported_rating"])]

    def __str__(self) -> str:
        return f"{self.item.label}: {self.get_rating_display() or 'not rated'}"


class ActionArising(models.Model):
    """A plan action an audit led to: created through plans' services, or an existing one linked."""

    class How(models.TextChoices):
        CREATED = "created", "Created from the audit"
        LINKED = "linked", "Linked to an existing action"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions_arising")
    standard = models.ForeignKey(Standard, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.ForeignKey("plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    how = models.CharField(max_length=10, choices=How.choices)
    # Kept as they were when linked, so the audit still says what it led to if the action is later removed.
    plan_title = models.CharField(max_length=200)
    action_reference = models.CharField(max_length=120)
    action_title = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audit", "created_at", "id"]
        verbose_name_plural = "actions arising"
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "action"], condition=Q(action__isnull=False), name="action_arising_once_per_audit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_reference} {self.action_title[:60]}"


class GlossaryTerm(models.Model):
    """A term to avoid in writing about children and families: why, what to write instead, and where it is said."""

    class Kind(models.TextChoices):
        WORDS = language.WORDS, "Words and phrases (any case)"
        ABBREVIATIONS = language.ABBREVIATIONS, "Unexplained abbreviations (capitals, unless explained in the text)"

    key = models.SlugField(max_length=60, unique=True)
    term = models.CharField(max_length=100, help_text="The term as people know it.")
    category = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WORDS)
    forms = models.TextField(
        blank=True,
        help_text="Each word form to find, one per line (aggressive, aggressively, aggression). Plurals are "
        "found without listing them; words may be joined by spaces or hyphens.",
    )
    pattern = models.CharField(
        max_length=language.MAX_PATTERN_LENGTH,
        blank=True,
        help_text="Or a regular expression, matched as whole words.",
    )
    reason = models.TextField(help_text="Why it is a problem, in a sentence or two.")
    alternatives = models.TextField(help_text="Better ways to say it, one per line.")
    source = models.CharField(max_length=300, help_text="Where the advice comes from.")
    exceptions = models.TextField(
        blank=True,
        help_text="Longer phrases, one per line, inside which the term is not flagged (the name of an NHS WRES "
        "indicator, for example). For abbreviations: abbreviations everyone knows (NHS, GP).",
    )
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "term"]

    def __str__(self) -> str:
        return self.term

    def clean(self):
        if self.pattern:
            problem = language.validate_pattern(self.pattern)
            if problem:
                raise ValidationError({"pattern": problem})
        if not self.form_list and not self.pattern:
            raise ValidationError({"forms": "List at least one word form to find, or give a pattern."})

    @staticmethod
    def _lines(text: str) -> tuple[str, ...]:
        return tuple(line.strip() for line in text.splitlines() if line.strip())

    @property
    def form_list(self) -> tuple[str, ...]:
        return self._lines(self.forms)

    @property
    def alternative_list(self) -> tuple[str, ...]:
        return self._lines(self.alternatives)

    @property
    def exception_list(self) -> tuple[str, ...]:
        return self._lines(self.exceptions)

    def as_term(self) -> language.Term:
        return language.Term(
            key=self.key,
            label=self.term,
            reason=self.reason,
            alternatives=self.alternative_list,
            forms=self.form_list,
            pattern=self.pattern,
            kind=self.kind,
            exceptions=self.exception_list,
            source=self.source,
        )


class LanguageSample(models.Model):
    """Counts from checking one document for a language audit; the text itself is not kept (it names people)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="language_samples")
    label = models.CharField(max_length=200, help_text='What was checked, e.g. "Child protection conference minutes".')
    words = models.PositiveIntegerField()
    flagged = models.PositiveIntegerField(help_text="Glossary terms found (not counting people's own words).")
    by_term = models.JSONField(default=dict, blank=True, help_text="Terms found, by glossary key.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audit", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(words__gte=1), name="sample_has_words", violation_error_message="The text has no words."
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def per_thousand(self) -> Decimal | None:
        return language.per_thousand(self.flagged, self.words)


class LanguageMilestone(models.Model):
    """A change the language trend is read against, e.g. the day a language toolkit was rolled out."""

    day = models.DateField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.title} ({self.day:%d/%m/%Y})"


def quarter_of(day: date) -> tuple[date, str]:
    """The financial quarter a day falls in: its first day and its label ("Q1 2024/25" is April to June 2024)."""
    start_month = ((day.month - 1) // 3) * 3 + 1
    start = date(day.year, start_month, 1)
    year = day.year if day.month >= 4 else day.year - 1
    number = {4: 1, 7: 2, 10: 3, 1: 4}[start_month]
    return start, f"Q{number} {year}/{str(year + 1)[-2:]}"
