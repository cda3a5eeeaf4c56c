"""Every read of audits beyond a .get(): the library, lists, an audit's page, the programme, compliance,
agreement between auditors, the language trend, measure readings and dashboard panels.

Compliance counts moderated audits only, with the moderated (reported) rating and grade. A percentage is of
ratings Met, Partly met or Not met: Not applicable is left out of the sum. Every percentage travels with the
number of audits behind it, so "100%" from 2 audits is never read as a trend (docs/audits.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from organisation.models import Unit, User
from shared.measures import Reading
from shared.panels import PanelRequest

from . import language
from .models import (
    GOOD_OR_BETTER,
    RATED,
    ActionArising,
    Audit,
    AuditRating,
    AuditTemplate,
    Expectation,
    Framework,
    GlossaryTerm,
    LanguageMilestone,
    LanguageSample,
    ProgrammeEntry,
    Rating,
    Section,
    Standard,
    quarter_of,
)

SMALL = 5  # fewer audits than this behind a percentage: shown with a "few audits" note
DUE_SOON_DAYS = 14
WEAKEST = 5
COMPLETED = (Audit.State.SUBMITTED, Audit.State.MODERATED)


def percent(part: int, whole: int) -> Decimal | None:
    """A percentage to one decimal place, or None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def audits_text(count: int) -> str:
    return f"{count} audit" if count == 1 else f"{count} audits"


# --- The standards library -----------------------------------------------------------------------------------


def frameworks() -> QuerySet:
    return Framework.objects.select_related("previous").annotate(standard_count=Count("standards"))


def current_framework() -> Framework | None:
    """The latest version in effect today (the newest if none is in effect yet)."""
    today = timezone.localdate()
    return (
        Framework.objects.filter(effective_from__lte=today).order_by("-effective_from", "-id").first()
        or Framework.objects.order_by("-effective_from", "-id").first()
    )


@dataclass
class Library:
    framework: Framework
    sections: list[Section]
    expectations: dict[str, list[Expectation]]
    changes: dict[str, int]  # Standard.Change value -> count
    removed: list[Standard]  # standards of the previous version not carried into this one


def framework_library(framework: Framework) -> Library:
    sections = list(
        framework.sections.prefetch_related(
            Prefetch("standards", queryset=Standard.objects.select_related("previous").order_by("number"))
        )
    )
    expectations: dict[str, list[Expectation]] = defaultdict(list)
    for expectation in framework.expectations.all():
        expectations[expectation.audience].append(expectation)
    changes = Counter(s.change for section in sections for s in section.standards.all())
    removed = []
    if framework.previous_id:
        kept = Standard.objects.filter(framework=framework, previous__isnull=False).values("previous_id")
        removed = list(framework.previous.standards.exclude(pk__in=kept).order_by("number"))
    return Library(framework, sections, dict(expectations), dict(changes), removed)


def glossary_terms() -> list[language.Term]:
    """The active glossary as the matcher needs it: one query."""
    return [term.as_term() for term in GlossaryTerm.objects.filter(active=True)]


def glossary() -> QuerySet:
    return GlossaryTerm.objects.filter(active=True).order_by("category", "position", "term")


# --- Audits --------------------------------------------------------------------------------------------------


def audit_list() -> QuerySet:
    return Audit.objects.select_related("template", "unit", "auditor", "moderator").order_by("-audit_date", "-id")


def audit_detail_queryset() -> QuerySet:
    return Audit.objects.select_related(
        "template", "framework", "unit", "auditor", "moderator", "programme_entry"
    ).prefetch_related(
        Prefetch(
            "ratings", queryset=AuditRating.objects.select_related("item__standard__section").order_by("position", "id")
        ),
        Prefetch("actions_arising", queryset=ActionArising.objects.select_related("standard", "created_by")),
        "language_samples",
    )


def audit_history(audit: Audit, *, limit: int = 50):
    from shared.history import timeline

    records = list(audit.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    return timeline(records, hidden={"framework", "template", "auditor", "submitted_at", "moderated_at"})


def active_templates() -> QuerySet:
    return AuditTemplate.objects.filter(active=True).select_related("framework").order_by("name")


@dataclass
class MyWork:
    drafts: list[Audit]
    to_moderate: list[Audit]
    to_moderate_count: int
    programme: list[ProgrammeRow]
    recent: list[Audit]


def my_work(user, *, today: date | None = None) -> MyWork:
    today = today or timezone.localdate()
    drafts = list(audit_list().filter(auditor=user, state=Audit.State.DRAFT))
    waiting = audit_list().filter(state=Audit.State.SUBMITTED).exclude(auditor=user).order_by("submitted_at", "id")
    recent = list(audit_list().filter(auditor=user).exclude(state=Audit.State.DRAFT)[:10])
    rows = programme_rows(today=today, auditor=user, since=today - timedelta(days=92))
    return MyWork(drafts, list(waiting[:20]), waiting.count(), rows, recent)


# --- The programme -------------------------------------------------------------------------------------------


@dataclass
class ProgrammeRow:
    entry: ProgrammeEntry
    done: int  # submitted or moderated audits against it
    drafts: int
    today: date

    @property
    def remaining(self) -> int:
        return max(0, self.entry.audits_due - self.done)

    @property
    def complete(self) -> bool:
        return self.done >= self.entry.audits_due

    @property
    def overdue(self) -> bool:
        return not self.complete and self.entry.due_by < self.today

    @property
    def due_soon(self) -> bool:
        return not self.complete and self.today <= self.entry.due_by <= self.today + timedelta(days=DUE_SOON_DAYS)

    @property
    def status(self) -> str:
        if self.complete:
            return "Complete"
        if self.overdue:
            return "Overdue"
        if self.due_soon:
            return "Due soon"
        return "In progress" if self.done or self.drafts else "Not started"

    @property
    def days_overdue(self) -> int:
        return (self.today - self.entry.due_by).days if self.overdue else 0


def programme_rows(
    *,
    today: date | None = None,
    auditor=None,
    unit_ids: Iterable[int] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[ProgrammeRow]:
    """Programme entries with their completion, overdue first, in three queries however many there are."""
    today = today or timezone.localdate()
    entries = ProgrammeEntry.objects.select_related("unit", "template", "auditor").annotate(
        done=Count("audits", filter=Q(audits__state__in=COMPLETED)),
        drafts=Count("audits", filter=Q(audits__state=Audit.State.DRAFT)),
    )
    if auditor is not None:
        entries = entries.filter(auditor=auditor)
    if unit_ids is not None:
        entries = entries.filter(unit_id__in=list(unit_ids))
    if since is not None:
        entries = entries.filter(due_by__gte=since)
    if until is not None:
        entries = entries.filter(starts_on__lte=until)
    rows = [ProgrammeRow(e, e.done, e.drafts, today) for e in entries.order_by("due_by", "unit__name", "id")]
    return sorted(rows, key=lambda r: (not r.overdue, r.complete, r.entry.due_by))


@dataclass
class ProgrammeSummary:
    planned: int
    done: int
    overdue_entries: int
    overdue_audits: int

    @property
    def percent(self) -> Decimal | None:
        return percent(min(self.done, self.planned), self.planned)


def programme_summary(rows: Iterable[ProgrammeRow]) -> ProgrammeSummary:
    rows = list(rows)
    return ProgrammeSummary(
        planned=sum(r.entry.audits_due for r in rows),
        done=sum(min(r.done, r.entry.audits_due) for r in rows),
        overdue_entries=sum(1 for r in rows if r.overdue),
        overdue_audits=sum(r.remaining for r in rows if r.overdue),
    )


def open_entries_for(user, template: AuditTemplate | None = None) -> QuerySet:
    """This auditor's programme lines an audit could count towards (not yet complete or due recently)."""
    since = timezone.localdate() - timedelta(days=92)
    entries = ProgrammeEntry.objects.filter(auditor=user, due_by__gte=since).select_related("unit", "template")
    if template is not None:
        entries = entries.filter(template=template)
    return entries.order_by("due_by", "unit__name")


def financial_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def financial_years() -> list[int]:
    """Financial years from the first audit to this one, newest first."""
    current = financial_year_of(timezone.localdate())
    first = Audit.objects.order_by("audit_date").values_list("audit_date", flat=True).first()
    start = min(financial_year_of(first), current) if first else current
    return list(range(current, start - 1, -1))


# --- Compliance ----------------------------------------------------------------------------------------------


@dataclass
class Share:
    """Ratings of a group (a standard, section, unit or quarter) and the number of audits behind them."""

    met: int = 0
    partly_met: int = 0
    not_met: int = 0
    audits: int = 0

    @property
    def rated(self) -> int:
        return self.met + self.partly_met + self.not_met

    @property
    def met_percent(self) -> Decimal | None:
        return percent(self.met, self.rated)

    @property
    def met_or_partly_percent(self) -> Decimal | None:
        return percent(self.met + self.partly_met, self.rated)

    @property
    def few(self) -> bool:
        return self.audits < SMALL

    @property
    def audits_text(self) -> str:
        return audits_text(self.audits)

    def add(self, rating: str, count: int) -> None:
        if rating == Rating.MET:
            self.met += count
        elif rating == Rating.PARTLY_MET:
            self.partly_met += count
        elif rating == Rating.NOT_MET:
            self.not_met += count


@dataclass
class GradeShare:
    good_or_better: int = 0
    graded: int = 0

    @property
    def percent(self) -> Decimal | None:
        return percent(self.good_or_better, self.graded)

    @property
    def few(self) -> bool:
        return self.graded < SMALL

    @property
    def audits_text(self) -> str:
        return audits_text(self.graded)


@dataclass
class ComplianceRow:
    key: object
    label: str
    share: Share
    number: int | None = None  # a standard's or section's number
    detail: str = ""  # a standard's section title
    short: str = ""  # what a chart calls it, where the label has little room ("Section 2", "FISS")


@dataclass
class QuarterRow:
    start: date
    label: str
    share: Share
    grades: GradeShare


@dataclass
class ComplianceFilter:
    framework: Framework | None = None
    unit: Unit | None = None
    audit_type: str = ""
    year: int | None = None  # financial year starting in April of this year


@dataclass
class Compliance:
    filter: ComplianceFilter
    audits: int
    awaiting_moderation: int
    overall: Share
    grades: GradeShare
    by_standard: list[ComplianceRow]
    by_section: list[ComplianceRow]
    by_unit: list[ComplianceRow]
    by_quarter: list[QuarterRow]
    weakest: list[ComplianceRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.audits == 0


def unit_and_below(unit: Unit) -> list[int]:
    """The unit's id and every unit under it (one query for the whole tree)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    found, stack = [], [unit.pk]
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(children.get(pk, []))
    return found


def _audits(filters: ComplianceFilter, states=(Audit.State.MODERATED,)) -> QuerySet:
    audits = Audit.objects.filter(state__in=states)
    if filters.framework is not None:
        audits = audits.filter(framework=filters.framework)
    if filters.unit is not None:
        audits = audits.filter(unit_id__in=unit_and_below(filters.unit))
    if filters.audit_type:
        audits = audits.filter(template__audit_type=filters.audit_type)
    if filters.year is not None:
        start, end = financial_year_bounds(filters.year)
        audits = audits.filter(audit_date__range=(start, end))
    return audits


def _shares(ratings: QuerySet, key: str) -> dict:
    """Ratings counted per value of `key`, with the audits behind each: two queries."""
    shares: dict = defaultdict(Share)
    rated = ratings.filter(reported_rating__in=RATED)
    for row in rated.values(key, "reported_rating").annotate(n=Count("id")).order_by():
        shares[row[key]].add(row["reported_rating"], row["n"])
    for row in rated.values(key).annotate(audits=Count("audit_id", distinct=True)).order_by():
        shares[row[key]].audits = row["audits"]
    return shares


def compliance(filters: ComplianceFilter) -> Compliance:
    """% Met and % Met or partly met per standard, section, unit and quarter; Good or better; the weakest five."""
    audits = _audits(filters)
    audit_count = audits.count()
    awaiting = _audits(filters, states=(Audit.State.SUBMITTED,)).count()
    ratings = AuditRating.objects.filter(audit__in=audits)

    overall = Share()
    for row in ratings.filter(reported_rating__in=RATED).values("reported_rating").annotate(n=Count("id")).order_by():
        overall.add(row["reported_rating"], row["n"])
    overall.audits = audit_count

    standards = {}
    if filters.framework is not None:
        standards = {s.pk: s for s in Standard.objects.filter(framework=filters.framework).select_related("section")}
    by_standard_share = _shares(ratings.filter(standard__isnull=False), "standard_id")
    missing = set(by_standard_share) - set(standards)
    if missing:
        standards.update({s.pk: s for s in Standard.objects.filter(pk__in=missing).select_related("section")})
    by_standard = [
        ComplianceRow(s.pk, str(s), by_standard_share.get(s.pk, Share()), s.number, s.section.title)
        for s in sorted(standards.values(), key=lambda s: (s.framework_id, s.number))
    ]

    by_section_share = _shares(ratings.filter(standard__isnull=False), "standard__section_id")
    sections = {s.pk: s for s in Section.objects.filter(pk__in={st.section_id for st in standards.values()})}
    by_section = [
        ComplianceRow(s.pk, s.title, by_section_share.get(s.pk, Share()), s.number, short=f"Section {s.number}")
        for s in sorted(sections.values(), key=lambda s: (s.framework_id, s.number))
    ]

    by_unit_share = _shares(ratings, "audit__unit_id")
    units = Unit.objects.in_bulk(list(by_unit_share))
    by_unit = sorted(
        (
            ComplianceRow(pk, units[pk].name, share, short=units[pk].short_name or units[pk].name)
            for pk, share in by_unit_share.items()
            if pk in units
        ),
        key=lambda row: row.label,
    )

    quarter_shares = _shares(ratings.annotate(quarter=TruncQuarter("audit__audit_date")), "quarter")
    by_quarter_share = {_day(k): v for k, v in quarter_shares.items()}
    grade_rows = (
        audits.annotate(quarter=TruncQuarter("audit_date"))
        .values("quarter")
        .annotate(total=Count("id"), good=Count("id", filter=Q(reported_grade__in=GOOD_OR_BETTER)))
        .order_by()
    )
    grades_by_quarter = {_day(r["quarter"]): GradeShare(r["good"], r["total"]) for r in grade_rows}
    quarters = sorted(set(grades_by_quarter) | set(by_quarter_share))
    by_quarter = [
        QuarterRow(q, quarter_of(q)[1], by_quarter_share.get(q, Share()), grades_by_quarter.get(q, GradeShare()))
        for q in _fill_quarters(quarters)
    ]
    grades = GradeShare(
        sum(g.good_or_better for g in grades_by_quarter.values()), sum(g.graded for g in grades_by_quarter.values())
    )
    ranked = [row for row in by_standard if row.share.rated and row.share.audits >= SMALL]
    weakest = sorted(ranked, key=lambda row: (row.share.met_percent, -row.share.rated, row.number or 0))[:WEAKEST]
    return Compliance(
        filters, audit_count, awaiting, overall, grades, by_standard, by_section, by_unit, by_quarter, weakest
    )


def _day(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _fill_quarters(quarters: list[date]) -> list[date]:
    """Every quarter from the first to the last with data, so a gap shows as a gap rather than disappearing."""
    if not quarters:
        return []
    filled, current = [], quarters[0]
    while current <= quarters[-1]:
        filled.append(current)
        month = current.month + 3
        current = date(current.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return filled


# --- Agreement between auditors ------------------------------------------------------------------------------


@dataclass
class AgreementRow:
    auditor: str
    moderator: str
    audits: int
    overall_agreed: int
    lines: int
    lines_agreed: int

    @property
    def overall_percent(self) -> Decimal | None:
        return percent(self.overall_agreed, self.audits)

    @property
    def lines_percent(self) -> Decimal | None:
        return percent(self.lines_agreed, self.lines)

    @property
    def few(self) -> bool:
        return self.audits < SMALL

    @property
    def audits_text(self) -> str:
        return audits_text(self.audits)


@dataclass
class Agreement:
    pairs: list[AgreementRow]
    by_auditor: list[AgreementRow]
    total: AgreementRow


def agreement(*, framework: Framework | None = None, year: int | None = None) -> Agreement:
    """How often moderators agreed with auditors: overall grades and individual ratings, by pair and by auditor."""
    audits = _audits(ComplianceFilter(framework=framework, year=year))
    grade_rows = (
        audits.values("auditor_id", "moderator_id")
        .annotate(n=Count("id"), agreed=Count("id", filter=Q(overall_agrees=True)))
        .order_by()
    )
    line_rows = (
        AuditRating.objects.filter(audit__in=audits)
        .values("audit__auditor_id", "audit__moderator_id")
        .annotate(n=Count("id"), agreed=Count("id", filter=Q(moderator_agrees=True)))
        .order_by()
    )
    lines = {(r["audit__auditor_id"], r["audit__moderator_id"]): (r["n"], r["agreed"]) for r in line_rows}
    people = User.objects.in_bulk({r["auditor_id"] for r in grade_rows} | {r["moderator_id"] for r in grade_rows})
    pairs = []
    for r in grade_rows:
        n_lines, agreed_lines = lines.get((r["auditor_id"], r["moderator_id"]), (0, 0))
        pairs.append(
            AgreementRow(
                str(people.get(r["auditor_id"], "")),
                str(people.get(r["moderator_id"], "")),
                r["n"],
                r["agreed"],
                n_lines,
                agreed_lines,
            )
        )
    pairs.sort(key=lambda p: (p.auditor, p.moderator))
    by_auditor: dict[str, AgreementRow] = {}
    for pair in pairs:
        row = by_auditor.setdefault(pair.auditor, AgreementRow(pair.auditor, "", 0, 0, 0, 0))
        row.audits += pair.audits
        row.overall_agreed += pair.overall_agreed
        row.lines += pair.lines
        row.lines_agreed += pair.lines_agreed
    total = AgreementRow(
        "All auditors",
        "",
        sum(p.audits for p in pairs),
        sum(p.overall_agreed for p in pairs),
        sum(p.lines for p in pairs),
        sum(p.lines_agreed for p in pairs),
    )
    return Agreement(pairs, sorted(by_auditor.values(), key=lambda r: r.auditor), total)


# --- Language trend ------------------------------------------------------------------------------------------


@dataclass
class LanguagePeriod:
    label: str
    words: int
    flagged: int
    audits: int
    start: date | None = None  # a quarter's first day

    @property
    def per_thousand(self) -> Decimal | None:
        return language.per_thousand(self.flagged, self.words)

    @property
    def few(self) -> bool:
        return self.audits < SMALL

    @property
    def audits_text(self) -> str:
        return audits_text(self.audits)

    @property
    def words_text(self) -> str:
        return f"{self.words:,} words"


@dataclass
class LanguageTrend:
    quarters: list[LanguagePeriod]
    milestone: LanguageMilestone | None
    before: LanguagePeriod | None
    after: LanguagePeriod | None
    terms_before: list[tuple[str, int]]
    terms_after: list[tuple[str, int]]

    @property
    def empty(self) -> bool:
        return not self.quarters


def language_trend(*, unit: Unit | None = None) -> LanguageTrend:
    """Glossary terms per 1,000 words in language audits, by quarter and before/after the latest milestone."""
    samples = LanguageSample.objects.filter(audit__state__in=COMPLETED)
    if unit is not None:
        samples = samples.filter(audit__unit_id__in=unit_and_below(unit))
    rows = (
        samples.annotate(quarter=TruncQuarter("audit__audit_date"))
        .values("quarter")
        .annotate(words=Sum("words"), flagged=Sum("flagged"), audits=Count("audit", distinct=True))
        .order_by()
    )
    by_quarter = {_day(r["quarter"]): r for r in rows}
    quarters = [
        LanguagePeriod(
            quarter_of(q)[1],
            by_quarter.get(q, {}).get("words") or 0,
            by_quarter.get(q, {}).get("flagged") or 0,
            by_quarter.get(q, {}).get("audits") or 0,
            q,
        )
        for q in _fill_quarters(sorted(by_quarter))
    ]
    milestone = LanguageMilestone.objects.order_by("-day").first()
    before = after = None
    terms_before: Counter = Counter()
    terms_after: Counter = Counter()
    if milestone is not None:
        halves = {True: [0, 0, set()], False: [0, 0, set()]}
        for words, flagged, by_term, audit_id, day in samples.values_list(
            "words", "flagged", "by_term", "audit_id", "audit__audit_date"
        ):
            half = halves[day >= milestone.day]
            half[0] += words
            half[1] += flagged
            half[2].add(audit_id)
            (terms_after if day >= milestone.day else terms_before).update(by_term or {})
        before = LanguagePeriod(
            f"Before {milestone.title.lower()}", halves[False][0], halves[False][1], len(halves[False][2])
        )
        after = LanguagePeriod(
            f"Since {milestone.title.lower()}", halves[True][0], halves[True][1], len(halves[True][2])
        )
    names = dict(GlossaryTerm.objects.values_list("key", "term"))
    return LanguageTrend(
        quarters,
        milestone,
        before,
        after,
        [(names.get(k, k), n) for k, n in terms_before.most_common()],
        [(names.get(k, k), n) for k, n in terms_after.most_common()],
    )


# --- Measures (shared.measures) ------------------------------------------------------------------------------


def _filters_from(params: dict) -> ComplianceFilter:
    filters = ComplianceFilter()
    try:
        if params.get("unit"):
            filters.unit = Unit.objects.filter(pk=int(params["unit"])).first()
        if params.get("framework"):
            filters.framework = Framework.objects.filter(pk=int(params["framework"])).first()
    except (TypeError, ValueError):
        pass
    filters.audit_type = str(params.get("audit_type") or "")
    return filters


def good_or_better_readings(params: dict) -> list[Reading]:
    """Share of moderated audits graded Good or Outstanding, per quarter: the scrutiny measure."""
    result = compliance(_filters_from(params))
    return [
        Reading(
            row.start,
            row.label,
            row.grades.percent,
            f"from {row.grades.audits_text}" if row.grades.graded else "no moderated audits",
        )
        for row in result.by_quarter
    ]


def standards_met_readings(params: dict) -> list[Reading]:
    """Share of ratings Met (Not applicable left out), per quarter."""
    result = compliance(_filters_from(params))
    return [
        Reading(
            row.start,
            row.label,
            row.share.met_percent,
            f"{row.share.rated} ratings from {row.share.audits_text}" if row.share.rated else "no ratings",
        )
        for row in result.by_quarter
    ]


def language_readings(params: dict) -> list[Reading]:
    """Glossary terms per 1,000 words in meeting-minutes language audits, per quarter (lower is better)."""
    unit = _filters_from(params).unit
    trend = language_trend(unit=unit)
    return [
        Reading(
            p.start,
            p.label,
            p.per_thousand,
            f"{p.words:,} words from {p.audits_text}" if p.words else "no language audits",
        )
        for p in trend.quarters
    ]


# --- Dashboard panels (shared.panels) ------------------------------------------------------------------------


def _panel_unit(request: PanelRequest) -> Unit | None:
    """The dashboard's service-area filter (a unit id), the only one of its filters that applies to audits."""
    value = str(request.filters.get("service_area") or "")
    return Unit.objects.filter(pk=int(value)).first() if value.isdigit() else None


def compliance_panel(request: PanelRequest) -> dict | None:
    """The scrutiny measure and the weakest standards: no names, nothing about a single case."""
    framework = current_framework()
    if framework is None:
        return None
    result = compliance(ComplianceFilter(framework=framework, unit=_panel_unit(request)))
    if result.empty:
        return None
    return {
        "framework": framework,
        "quarters": result.by_quarter[-4:],
        "grades": result.grades,
        "overall": result.overall,
        "weakest": result.weakest[:3],
        "awaiting": result.awaiting_moderation,
        "for_pack": request.for_pack,
    }


def programme_panel(request: PanelRequest) -> dict | None:
    """This year's audit programme: how much is done, and which lines are overdue (names auditors: not packable)."""
    start, end = financial_year_bounds(financial_year_of(request.today))
    unit = _panel_unit(request)
    rows = programme_rows(
        today=request.today, since=start, until=end, unit_ids=unit_and_below(unit) if unit is not None else None
    )
    if not rows:
        return None
    return {
        "summary": programme_summary(rows),
        "overdue": [row for row in rows if row.overdue][:10],
        "year": f"{start.year}/{str(end.year)[-2:]}",
    }
