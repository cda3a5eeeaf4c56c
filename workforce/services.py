"""Every write of the workforce app: loading a file (checked first, then all of it or nothing), and its uploads.

Loading is idempotent: a file replaces, as a whole, each quarter-and-unit (or benchmark) it covers, so loading
the same file twice changes nothing and a corrected file replaces the first. `import_check` works out what
would change without writing, for the preview and for `--dry-run`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from organisation.models import Unit
from shared import jobs

from .choices import STAGE_ORDER, Kind
from .importing.parse import QUARTILES, Parsed, Record
from .models import (
    Benchmark,
    BenchmarkValue,
    DataLoad,
    DevelopmentCell,
    DisciplinaryCell,
    Grade,
    HeadcountCell,
    PayCell,
    RecruitmentCell,
    RoleFamily,
    WorkforceImport,
)
from .taxonomy import Target

KEEP_UPLOADS_FOR = timedelta(days=1)
CHANGES_LISTED = 50  # differences the preview lists for each quarter and unit; it counts them all
MEASURES_REFRESH_JOB = "plans.refresh_computed_measures"


class ImportRejected(Exception):
    """The file has errors: nothing was written. `summary.problems` says what and where."""

    def __init__(self, summary: ImportSummary):
        super().__init__("The file has errors; nothing was written.")
        self.summary = summary


@dataclass
class ScopeChange:
    """What loading the file does to one quarter and unit (or one benchmark)."""

    name: str
    replaces: str = ""  # "" when new; otherwise what was there ("loaded 3 October 2026 by Ana Analyst, from x.csv")
    counts_before: int = 0
    counts_after: int = 0
    people_before: int = 0
    people_after: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    differences: list[dict] = field(default_factory=list)  # {"what", "before", "after"}, the first CHANGES_LISTED


@dataclass
class ImportSummary:
    kind: str
    filename: str
    dry_run: bool = True
    rows_read: int = 0
    counts: int = 0
    scopes: list[ScopeChange] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)  # {"where", "message", "severity"}
    unknown_labels: dict[str, list[str]] = field(default_factory=dict)
    new_roles: list[str] = field(default_factory=list)
    people_word: str = "people"

    @property
    def errors(self) -> list[dict]:
        return [p for p in self.problems if p["severity"] == "error"]

    @property
    def warnings(self) -> list[dict]:
        return [p for p in self.problems if p["severity"] != "error"]

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> ImportSummary:
        scopes = [ScopeChange(**scope) for scope in data.get("scopes", [])]
        return cls(**{**data, "scopes": scopes})

    def lines(self) -> list[str]:
        head = "Checked (dry run, nothing written)" if self.dry_run else "Loaded"
        lines = [f"{head}: {self.filename} ({self.kind_label}), {self.rows_read} rows, {self.counts} counts"]
        for scope in self.scopes:
            state = f"replaces what was {scope.replaces}" if scope.replaces else "new"
            lines.append(
                f"  {scope.name}: {state}; {scope.people_before} -> {scope.people_after} {self.people_word}; "
                f"{scope.changed} changed, {scope.added} added, {scope.removed} removed, {scope.unchanged} unchanged"
            )
        for problem in self.problems:
            where = f"{problem['where']}: " if problem["where"] else ""
            lines.append(f"  {problem['severity'].upper()}: {where}{problem['message']}")
        return lines


# --- what a file would change ---------------------------------------------------------------------------------

_PEOPLE_WORDS = {
    Kind.SNAPSHOT: "staff",
    Kind.RECRUITMENT: "applicants",
    Kind.DEVELOPMENT: "eligible places",
    Kind.DISCIPLINARY: "staff",
    Kind.PAY: "staff",
    Kind.BENCHMARK: "in the benchmark",
    Kind.GRADES: "grades",
}
_CELL_MODELS = {
    Kind.SNAPSHOT: HeadcountCell,
    Kind.RECRUITMENT: RecruitmentCell,
    Kind.DEVELOPMENT: DevelopmentCell,
    Kind.DISCIPLINARY: DisciplinaryCell,
    Kind.PAY: PayCell,
}


def _people(kind: str, values: list[dict]) -> int:
    """Headcount, applicants or eligible places in one scope, for the preview's before and after."""
    if kind == Kind.RECRUITMENT:
        by_stage: dict[str, int] = defaultdict(int)
        for v in values:
            by_stage[v["stage"]] += v["count"]
        first = next((s for s in STAGE_ORDER if s in by_stage), None)
        return by_stage[first] if first else 0
    name = {
        Kind.SNAPSHOT: "count",
        Kind.DEVELOPMENT: "eligible",
        Kind.DISCIPLINARY: "headcount",
        Kind.PAY: "headcount",
    }.get(kind)
    if name:
        return sum(v[name] for v in values)
    if kind == Kind.BENCHMARK:
        return int(sum(v.get("count", v.get("share", 0)) for v in values))
    return len(values)


def _existing(kind: str, scopes: list[tuple]) -> tuple[dict[tuple, dict[tuple, dict]], dict[tuple, str]]:
    """What is stored now for each scope: key -> figures, and who loaded it when."""
    stored: dict[tuple, dict[tuple, dict]] = defaultdict(dict)
    loaded: dict[tuple, str] = {}
    if kind == Kind.GRADES:
        for grade in Grade.objects.all():
            stored[()][(grade.name.casefold(),)] = {"seniority": grade.seniority, "senior": grade.senior}
        if stored:
            loaded[()] = "there"
        return stored, loaded
    if kind == Kind.BENCHMARK:
        wanted = [s for s in scopes if None not in s]
        benchmarks = {}
        for benchmark in Benchmark.objects.select_related("loaded_by"):
            scope = (benchmark.population, benchmark.area, benchmark.date)
            if scope in wanted:
                benchmarks[benchmark.pk] = scope
                loaded[scope] = _loaded_words(benchmark.loaded_at, benchmark.loaded_by, benchmark.source_name)
        for row in BenchmarkValue.objects.filter(benchmark__in=benchmarks).values(
            "benchmark_id", "category_id", "group_id", "bucket_id", "value", "benchmark__measure"
        ):
            name = "share" if row["benchmark__measure"] == Benchmark.Measure.SHARES else "count"
            stored[benchmarks[row["benchmark_id"]]][(Target.of(row),)] = {name: row["value"]}
        return stored, loaded
    periods = {s[0] for s in scopes if None not in s}
    units = {s[1] for s in scopes if None not in s}
    loads = {}
    for load in DataLoad.objects.filter(kind=kind, period__in=periods, unit__in=units).select_related("loaded_by"):
        scope = (load.period, load.unit_id)
        if scope in scopes:
            loads[load.pk] = scope
            loaded[scope] = _loaded_words(load.loaded_at, load.loaded_by, load.source_name)
    model = _CELL_MODELS[kind]
    rows = model.objects.filter(load__in=loads)
    for row in rows.values():
        target = Target.of(row)
        if kind == Kind.SNAPSHOT:
            key, figures = (row["grade_id"], row["employment_type"], ""), {"count": row["count"]}
        elif kind == Kind.RECRUITMENT:
            key, figures = (row["campaign"], row["stage"]), {"count": row["count"]}
        elif kind == Kind.DEVELOPMENT:
            key, figures = (row["opportunity"],), {"eligible": row["eligible"], "took_part": row["took_part"]}
        elif kind == Kind.DISCIPLINARY:
            key, figures = (), {"headcount": row["headcount"], "entered_process": row["entered"]}
        else:
            key = ()
            figures = {
                "headcount": row["headcount"],
                "mean_hourly_pay": row["mean_hourly_pay"],
                "median_hourly_pay": row["median_hourly_pay"],
                **{q: row[q] for q in QUARTILES},
            }
        stored[loads[row["load_id"]]][(key, row.get("role_id"), target)] = figures
    if kind == Kind.SNAPSHOT:
        roles = dict(RoleFamily.objects.values_list("pk", "name"))
        keyed: dict[tuple, dict[tuple, dict]] = defaultdict(dict)
        for scope, cells in stored.items():
            for (key, role_id, target), figures in cells.items():
                role = roles.get(role_id, "").casefold() if role_id else ""
                keyed[scope][(key[0], key[1], role, target)] = figures
        return keyed, loaded
    return {
        scope: {(*key, target): f for (key, _, target), f in cells.items()} for scope, cells in stored.items()
    }, loaded


def _loaded_words(when, who, source: str) -> str:
    parts = []
    if when:
        parts.append(f"loaded {timezone.localtime(when).day} {timezone.localtime(when):%B %Y}")
    if who:
        parts.append(f"by {who}")
    if source:
        parts.append(f"from {source}")
    return " ".join(parts) or "loaded before"


def _figures_text(figures: dict | None) -> str:
    if not figures:
        return "none"
    if len(figures) == 1:
        return _number(next(iter(figures.values())))
    return ", ".join(
        f"{name.replace('_', ' ')} {_number(value)}" for name, value in figures.items() if value is not None
    )


def _number(value) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _same(before: dict | None, after: dict | None) -> bool:
    def clean(figures):
        return {k: v for k, v in (figures or {}).items() if v not in (None, 0)}

    return clean(before) == clean(after)


def import_check(parsed: Parsed, *, filename: str) -> ImportSummary:
    """What loading these records would change, scope by scope, with every problem. Writes nothing."""
    summary = ImportSummary(
        kind=parsed.kind,
        filename=filename,
        rows_read=parsed.rows_read,
        counts=len(parsed.records),
        problems=[p.as_dict() for p in parsed.problems],
        unknown_labels=parsed.unknown_labels,
        new_roles=sorted(parsed.new_roles),
        people_word=_PEOPLE_WORDS[parsed.kind],
    )
    by_scope: dict[tuple, list[Record]] = defaultdict(list)
    for record in parsed.records:
        by_scope[record.scope].append(record)
    if parsed.errors or not by_scope:
        for scope in by_scope:
            summary.scopes.append(
                ScopeChange(name=parsed.scope_names.get(scope, ""), counts_after=len(by_scope[scope]))
            )
        return summary
    stored, loaded = _existing(parsed.kind, list(by_scope))
    stored_words = _StoredWords()
    for scope, records in by_scope.items():
        before = stored.get(scope, {})
        after = {record.key: record for record in records}
        change = ScopeChange(
            name=parsed.scope_names.get(scope, "Grades"),
            replaces=loaded.get(scope, ""),
            counts_before=len(before),
            counts_after=len(after),
            people_before=_people(parsed.kind, [_with_key(parsed.kind, k, v) for k, v in before.items()]),
            people_after=_people(parsed.kind, [_with_key(parsed.kind, r.key, r.values) for r in records]),
        )
        for key, record in after.items():
            old = before.get(key)
            if _same(old, record.values):
                change.unchanged += 1
                continue
            if old is None:
                change.added += 1
            else:
                change.changed += 1
            if len(change.differences) < CHANGES_LISTED:
                change.differences.append(
                    {"what": record.describe, "before": _figures_text(old), "after": _figures_text(record.values)}
                )
        for key, old in before.items():
            if key not in after:
                change.removed += 1
                if len(change.differences) < CHANGES_LISTED and not _same(old, None):
                    change.differences.append(
                        {"what": stored_words(parsed.kind, key), "before": _figures_text(old), "after": "none"}
                    )
        summary.scopes.append(change)
    return summary


def _with_key(kind: str, key: tuple, values: dict) -> dict:
    return {**values, "stage": key[1]} if kind == Kind.RECRUITMENT else values


class _StoredWords:
    """Stored counts no longer in a file, in words; names are read once, and only if something was removed."""

    def __init__(self) -> None:
        self._taxonomy = None
        self._grades: dict[int, str] = {}

    def __call__(self, kind: str, key: tuple) -> str:
        from .choices import EmploymentType, Stage
        from .taxonomy import Taxonomy

        if self._taxonomy is None:
            self._taxonomy = Taxonomy.load()
            self._grades = dict(Grade.objects.values_list("pk", "name"))
        *parts, target = key
        if kind == Kind.SNAPSHOT:
            grade, employment, role = parts
            parts = [self._grades.get(grade, ""), EmploymentType(employment).label, role or "Role not given"]
        elif kind == Kind.RECRUITMENT:
            parts = [parts[0] or "All campaigns", Stage(parts[1]).label]
        words = [str(p) for p in parts if p]
        if isinstance(target, Target):
            words.append(self._taxonomy.name(target))
        else:
            words.append(str(target))
        return " · ".join(words)


# --- writing ---------------------------------------------------------------------------------------------------


@transaction.atomic
def workforce_import(*, parsed: Parsed, by, filename: str) -> ImportSummary:
    """Write the file's records, replacing each scope they cover; all or nothing. Raises ImportRejected."""
    summary = import_check(parsed, filename=filename)
    if summary.errors:
        raise ImportRejected(summary)
    summary.dry_run = False
    now = timezone.now()
    reason = f"Loaded from {filename}"[:100]
    if parsed.kind == Kind.GRADES:
        _write_grades(parsed.records, by=by, reason=reason)
    elif parsed.kind == Kind.BENCHMARK:
        _write_benchmarks(parsed, by=by, filename=filename, now=now, reason=reason)
    else:
        _write_loads(parsed, by=by, filename=filename, now=now, reason=reason)
    transaction.on_commit(_refresh_measures)
    return summary


def _refresh_measures() -> None:
    """Plan measures computed from workforce data pick up the new quarter (plans registers the job); one refresh
    waiting in the queue will see every load committed before it runs, so another is not queued."""
    from shared.models import Job

    if Job.objects.filter(kind=MEASURES_REFRESH_JOB, state=Job.State.QUEUED).exists():
        return
    try:
        jobs.start(MEASURES_REFRESH_JOB, title="Updating computed measures")
    except KeyError:  # plans is not installed: no measures to refresh
        pass


def _history(instance, *, by, reason: str) -> None:
    instance._change_reason = reason
    instance._history_user = by if getattr(by, "pk", None) else None


def _write_grades(records: list[Record], *, by, reason: str) -> None:
    existing = {g.name.casefold(): g for g in Grade.objects.all()}
    # Seniority is unique: move the grades being reordered out of the way first, so two can swap places.
    top = (Grade.objects.aggregate(top=Max("seniority"))["top"] or 0) + 1
    for offset, record in enumerate(records):
        grade = existing.get(record.key[0])
        if grade is not None and grade.seniority != record.values["seniority"]:
            grade.seniority = top + offset + len(records)
            _history(grade, by=by, reason=reason)
            grade.save()
    for record in records:
        grade = existing.get(record.key[0]) or Grade(name=record.extra["name"])
        grade.seniority, grade.senior = record.values["seniority"], record.values["senior"]
        _history(grade, by=by, reason=reason)
        grade.save()


def _write_benchmarks(parsed: Parsed, *, by, filename: str, now, reason: str) -> None:
    by_scope: dict[tuple, list[Record]] = defaultdict(list)
    for record in parsed.records:
        by_scope[record.scope].append(record)
    for (population, area, day), records in by_scope.items():
        shares = any("share" in r.values for r in records)
        benchmark = Benchmark.objects.filter(population=population, area=area, date=day).first() or Benchmark(
            population=population, area=area, date=day
        )
        benchmark.measure = Benchmark.Measure.SHARES if shares else Benchmark.Measure.COUNTS
        benchmark.source_name, benchmark.loaded_by, benchmark.loaded_at = filename[:255], by, now
        if not Benchmark.objects.filter(is_default=True).exclude(pk=benchmark.pk).exists():
            benchmark.is_default = True  # the first benchmark is the one pages offer first
        _history(benchmark, by=by, reason=reason)
        benchmark.save()
        benchmark.values.all().delete()
        BenchmarkValue.objects.bulk_create(
            [
                BenchmarkValue(
                    benchmark=benchmark, value=r.values.get("share", r.values.get("count")), **r.target.fields()
                )
                for r in records
            ]
        )


def _write_loads(parsed: Parsed, *, by, filename: str, now, reason: str) -> None:
    kind = parsed.kind
    roles = {}
    if kind == Kind.SNAPSHOT:
        names = {r.extra["role"] for r in parsed.records if r.extra.get("role")}
        roles = {r.name.casefold(): r for r in RoleFamily.objects.all()}
        for name in sorted(names):
            if name.casefold() not in roles:
                roles[name.casefold()] = RoleFamily.objects.create(name=name)
    by_scope: dict[tuple, list[Record]] = defaultdict(list)
    for record in parsed.records:
        by_scope[record.scope].append(record)
    units = Unit.objects.in_bulk({unit_id for _, unit_id in by_scope})
    model = _CELL_MODELS[kind]
    for (period, unit_id), records in by_scope.items():
        load = DataLoad.objects.filter(kind=kind, period=period, unit_id=unit_id).first() or DataLoad(
            kind=kind, period=period, unit=units[unit_id]
        )
        load.source_name, load.loaded_by, load.loaded_at = filename[:255], by, now
        load.rows = len(records)
        load.people = _people(kind, [_with_key(kind, r.key, r.values) for r in records])
        _history(load, by=by, reason=reason)
        load.save()
        model.objects.filter(load=load).delete()
        model.objects.bulk_create([_cell(kind, load, r, roles) for r in records], batch_size=1000)


def _cell(kind: str, load: DataLoad, record: Record, roles: dict):
    target = record.target.fields()
    v = record.values
    if kind == Kind.SNAPSHOT:
        grade_id, employment, role = record.key[0], record.key[1], record.key[2]
        return HeadcountCell(
            load=load, grade_id=grade_id, employment_type=employment, role=roles.get(role), count=v["count"], **target
        )
    if kind == Kind.RECRUITMENT:
        return RecruitmentCell(load=load, campaign=record.key[0], stage=record.key[1], count=v["count"], **target)
    if kind == Kind.DEVELOPMENT:
        return DevelopmentCell(
            load=load, opportunity=record.key[0], eligible=v["eligible"], took_part=v["took_part"], **target
        )
    if kind == Kind.DISCIPLINARY:
        return DisciplinaryCell(load=load, headcount=v["headcount"], entered=v["entered_process"], **target)
    return PayCell(
        load=load,
        headcount=v["headcount"],
        mean_hourly_pay=v["mean_hourly_pay"],
        median_hourly_pay=v.get("median_hourly_pay"),
        **{q: v.get(q) for q in QUARTILES},
        **target,
    )


# --- uploads ---------------------------------------------------------------------------------------------------


@transaction.atomic
def upload_create(*, by, filename: str, kind: str, data: bytes, large: bool) -> WorkforceImport:
    """Keep an uploaded file for its preview; uploads older than a day are deleted now."""
    WorkforceImport.objects.filter(created_at__lt=timezone.now() - KEEP_UPLOADS_FOR).delete()
    return WorkforceImport.objects.create(uploaded_by=by, filename=filename[:255], kind=kind, data=data, large=large)


@transaction.atomic
def upload_record_check(*, upload: WorkforceImport, summary: ImportSummary) -> None:
    """A large file's preview, worked out by its check job."""
    upload.checked = summary.to_json()
    upload.save(update_fields=["checked"])


@transaction.atomic
def upload_import(*, upload: WorkforceImport, by) -> ImportSummary:
    """Load an uploaded file (once): its bytes are emptied afterwards. Raises ImportRejected, UnreadableFile."""
    from .importing.parse import parse_file

    locked = WorkforceImport.objects.select_for_update().get(pk=upload.pk)
    if locked.state == WorkforceImport.State.IMPORTED:
        raise AlreadyImported()
    parsed = parse_file(bytes(locked.data), locked.filename, locked.kind)
    summary = workforce_import(parsed=parsed, by=by, filename=locked.filename)
    locked.state, locked.data, locked.outcome = WorkforceImport.State.IMPORTED, b"", summary.to_json()
    locked.save(update_fields=["state", "data", "outcome"])
    upload.state = locked.state
    return summary


class AlreadyImported(Exception):
    """This upload was loaded already (a second click, or two tabs)."""
