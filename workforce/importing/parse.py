"""Reading a workforce file into records, with every problem named by sheet, row and column. Writes nothing.

    parsed = parse_file(data, filename, kind)     # UnreadableFile if the file as a whole cannot be read
    parsed.records, parsed.problems, parsed.unknown_labels

A record is one count (or set of figures) for one ethnicity: its scope (the quarter and unit, or the
benchmark) which a new load replaces as a whole, its key within the scope, and its figures. Every label,
unit and grade the file names must be known: an unknown ethnicity label is an error listed with every row
it is on, never dropped and never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from organisation.models import Unit
from shared.tabular import SourceTable, UnreadableFile, read_tables

from ..choices import STAGE_ORDER, EmploymentType, Kind, Stage
from ..models import Grade, RoleFamily, normalise_label
from ..periods import NotAPeriod, Quarter, parse_date, parse_period
from ..taxonomy import Target, Taxonomy
from . import values as read
from .formats import FORMATS, WIDE_EXTRAS, Format

__all__ = ["parse_file", "parse_tables", "Parsed", "Record", "Problem", "UnreadableFile"]

ERROR, WARNING = "error", "warning"
HEADER_SEARCH_ROWS = 10  # a title or notes above the header row are allowed


@dataclass(frozen=True)
class Problem:
    where: str  # "workforce.csv, row 12, column F (ethnicity)"; "" for the file as a whole
    message: str
    severity: str = ERROR

    def as_dict(self) -> dict:
        return {"where": self.where, "message": self.message, "severity": self.severity}


@dataclass
class Record:
    scope: tuple
    key: tuple
    values: dict
    where: str
    describe: str  # the key in words, for the preview's list of differences
    target: Target | None = None
    extra: dict = field(default_factory=dict)  # names to create (a new role family)


@dataclass
class Parsed:
    kind: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown_labels: dict[str, list[str]] = field(default_factory=dict)
    new_roles: set[str] = field(default_factory=set)
    scope_names: dict[tuple, str] = field(default_factory=dict)
    rows_read: int = 0
    layouts: set[str] = field(default_factory=set)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message, WARNING))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class Units:
    """Units as the organisation tree names them: by name or short name, or "Parent / Child" when names repeat."""

    def __init__(self) -> None:
        units = list(Unit.objects.select_related("parent"))
        self.by_key: dict[str, list[Unit]] = defaultdict(list)
        for unit in units:
            for name in {unit.name, unit.short_name} - {""}:
                self.by_key[normalise_label(name)].append(unit)
            if unit.parent is not None:
                self.by_key[normalise_label(f"{unit.parent.name} {unit.name}")].append(unit)
        self.cache: dict[str, Unit] = {}

    def resolve(self, text: str) -> Unit:
        value = " ".join(str(text).replace(">", "/").split())
        if not value:
            raise read.BadValue("The unit is missing: write a service or team as the organisation tree names it.")
        found = list(dict.fromkeys(self.by_key.get(normalise_label(value), [])))
        if len(found) == 1:
            return found[0]
        if not found:
            raise read.BadValue(
                f"'{value}' is not a unit in the organisation: write a service or team as the organisation tree "
                "names it (an administrator adds units)."
            )
        places = "; ".join(f"{u.parent.name} / {u.name}" if u.parent else u.name for u in found)
        raise read.BadValue(f"'{value}' names {len(found)} units: write which one, as in {places}.")


class Lookups:
    """Everything a file's names are checked against, read once per file."""

    def __init__(self, kind: str) -> None:
        self.taxonomy = Taxonomy.load(with_labels=True)
        self.units = Units()
        self.grades = {g.name.casefold(): g for g in Grade.objects.all()} if kind == Kind.SNAPSHOT else {}
        self.roles = {r.name.casefold(): r for r in RoleFamily.objects.all()} if kind == Kind.SNAPSHOT else {}
        self._periods: dict[str, Quarter] = {}

    def period(self, text: str) -> Quarter:
        if text not in self._periods:
            self._periods[text] = parse_period(text)
        return self._periods[text]


def parse_file(data: bytes, filename: str, kind: str) -> Parsed:
    """The records of a file of this kind; raises UnreadableFile when the file itself cannot be read."""
    tables = read_tables(
        data,
        filename,
        max_bytes=settings.WORKFORCE_IMPORT_MAX_BYTES,
        max_rows=settings.WORKFORCE_IMPORT_MAX_ROWS,
    )
    return parse_tables(tables, kind)


def parse_tables(tables: list[SourceTable], kind: str) -> Parsed:
    if kind not in FORMATS:
        raise ValueError(f"Not a kind of workforce data: {kind!r}")
    fmt = FORMATS[kind]
    parsed = Parsed(kind=kind)
    lookups = Lookups(kind)
    read_any = False
    for table in tables:
        read_any |= _read_table(table, fmt, lookups, parsed)
    if not read_any:
        expected = ", ".join(fmt.long_columns)
        parsed.problems.insert(
            0,
            Problem(
                "",
                f"No table in the file has the header row of a {Kind(kind).label.lower()} file. The long format's "
                f"first row is: {expected}" + (". The wide format has one column per ethnicity." if fmt.wide else "."),
            ),
        )
    _check_across_rows(parsed, lookups)
    return parsed


# --- one table --------------------------------------------------------------------------------------------------


@dataclass
class _Header:
    row_index: int
    columns: dict[str, int]  # canonical name -> index
    headers: list[str]
    layout: str  # "long" or "wide"
    ethnicity_columns: list[tuple[int, Target]]
    total: int | None
    measure: int | None

    def where(self, table: SourceTable, row_number: int, index: int | None = None) -> str:
        place = f"{table.name}, row {row_number}"
        if index is None:
            return place
        return f"{place}, column {column_letter(index)} ({self.headers[index]})"


def _find_header(table: SourceTable, fmt: Format) -> tuple[int, list[str]] | None:
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        canonical = [fmt.canonical(cell) for cell in row.cells]
        if all(key in canonical for key in fmt.keys if key not in fmt.optional):
            return index, canonical
    return None


def _read_table(table: SourceTable, fmt: Format, lookups: Lookups, parsed: Parsed) -> bool:
    found = _find_header(table, fmt)
    if found is None:
        parsed.warn(
            table.name,
            f"Not read: no header row with the columns {', '.join(k for k in fmt.keys if k not in fmt.optional)} "
            "in its first rows. If it holds data, give it the header row docs/workforce-data.md shows.",
        )
        return False
    header_index, canonical = found
    raw_headers = [cell.strip() for cell in table.rows[header_index].cells]
    header_number = table.rows[header_index].ref.row
    columns: dict[str, int] = {}
    for index, name in enumerate(canonical):
        if name and name not in columns:
            columns[name] = index
    header = _Header(header_index, columns, raw_headers, "long", [], columns.get("total"), columns.get("measure"))
    if fmt.ethnicity and "ethnicity" not in columns:
        if not fmt.wide:
            parsed.error(
                f"{table.name}, row {header_number}",
                f"There is no ethnicity column. A {fmt.kind} file has the columns {', '.join(fmt.long_columns)}.",
            )
            return True
        header.layout = "wide"
        if fmt.wide_measures and header.measure is None and fmt.kind != Kind.BENCHMARK:
            parsed.error(
                f"{table.name}, row {header_number}",
                f"A wide {fmt.kind} file needs a 'measure' column saying which figure each row gives "
                f"({' or '.join(fmt.wide_measures)}).",
            )
            return True
        known_columns = set(fmt.keys) | set(WIDE_EXTRAS)
        for index, text in enumerate(raw_headers):
            if not text or canonical[index] in known_columns:
                continue
            target = lookups.taxonomy.resolve(text)
            where = f"{table.name}, row {header_number}, column {column_letter(index)} ({text})"
            if target is None:
                parsed.unknown_labels.setdefault(text, []).append(where)
                parsed.error(where, f"'{text}' is not an ethnicity label we know. {_ADD_LABEL}")
            else:
                header.ethnicity_columns.append((index, target))
        if not header.ethnicity_columns and not parsed.errors:
            parsed.error(
                f"{table.name}, row {header_number}", "There are no ethnicity columns (and no ethnicity column)."
            )
            return True
    else:
        missing = [c for c in fmt.required() if c not in columns]
        if fmt.kind == Kind.BENCHMARK:
            missing = [c for c in missing if c not in ("count", "share")]
            if ("count" in columns) == ("share" in columns):
                parsed.error(
                    f"{table.name}, row {header_number}",
                    "A benchmark file has either a count column (numbers of people) or a share column "
                    "(percentages), not both and not neither.",
                )
                return True
        if missing:
            parsed.error(
                f"{table.name}, row {header_number}",
                f"The header row has no column for {', '.join(missing)}. A {fmt.kind} file has the columns "
                f"{', '.join(fmt.long_columns)}.",
            )
            return True
        known_columns = set(fmt.long_columns)
        for index, name in enumerate(canonical):
            if raw_headers[index] and name not in known_columns and index == columns.get(name, index):
                parsed.warn(
                    f"{table.name}, row {header_number}, column {column_letter(index)} ({raw_headers[index]})",
                    "This column is not part of the format, so it was not read.",
                )
    parsed.layouts.add(header.layout)
    for row in table.rows[header_index + 1 :]:
        if not any(cell.strip() for cell in row.cells):
            continue
        parsed.rows_read += 1
        cells = row.cells + [""] * (len(raw_headers) - len(row.cells))
        _read_row(fmt, header, table, row.ref.row, cells, lookups, parsed)
    return True


_ADD_LABEL = (
    "Correct it in the file, or ask an administrator to add it to the label mapping (admin: Ethnicity labels) "
    "and load the file again."
)


def _cell(header: _Header, cells: list[str], name: str) -> str:
    index = header.columns.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _read_row(fmt, header, table, number, cells, lookups: Lookups, parsed: Parsed) -> None:
    where = header.where(table, number)
    ok = True

    def field(name: str, reader, *args, **kwargs):
        nonlocal ok
        try:
            return reader(_cell(header, cells, name), *args, **kwargs)
        except (read.BadValue, NotAPeriod) as problem:
            parsed.error(header.where(table, number, header.columns[name]), str(problem))
            ok = False
            return None

    # The scope: which load (or benchmark) the row belongs to.
    if fmt.kind == Kind.BENCHMARK:
        day = field("date", parse_date)
        population = _cell(header, cells, "population")
        area = _cell(header, cells, "area")
        for name, text in (("population", population), ("area", area)):
            if not text:
                parsed.error(header.where(table, number, header.columns[name]), f"The {name} is missing.")
                ok = False
        scope = (population, area, day)
        scope_name = f"{population}, {area}, {day.day} {day:%B %Y}" if ok and day else ""
    elif fmt.kind == Kind.GRADES:
        scope, scope_name = (), "Grades"
    else:
        quarter = field("period", lookups.period)
        unit = field("unit", lookups.units.resolve)
        scope = (quarter.start if quarter else None, unit.pk if unit else None)
        scope_name = f"{quarter.label}, {unit.name}" if quarter and unit else ""
    if ok:
        parsed.scope_names.setdefault(scope, scope_name)

    # The key within the scope.
    key, words, extra = (), [], {}
    if fmt.kind == Kind.SNAPSHOT:
        grade_text = _cell(header, cells, "grade")
        grade = lookups.grades.get(grade_text.casefold())
        if grade is None:
            parsed.error(
                header.where(table, number, header.columns["grade"]),
                f"'{grade_text}' is not a grade we know. Load the grades first (kind: grades, with columns "
                "grade, seniority, senior) or ask an administrator to add it."
                if grade_text
                else "The grade is missing.",
            )
            ok = False
        employment = field("employment_type", read.employment_type)
        role = " ".join(_cell(header, cells, "role").split())[:200]
        known_role = lookups.roles.get(role.casefold())
        if role and known_role is None:
            parsed.new_roles.add(role)
        role = known_role.name if known_role else role
        key = (grade.pk if grade else None, employment, role.casefold())
        words = [
            grade.name if grade else grade_text,
            EmploymentType(employment).label if employment else "",
            role or "Role not given",
        ]
        extra = {"role": role}
    elif fmt.kind == Kind.RECRUITMENT:
        campaign = " ".join(_cell(header, cells, "campaign").split())[:200]
        stage = field("stage", read.stage)
        key = (campaign, stage)
        words = [campaign or "All campaigns", Stage(stage).label if stage else ""]
    elif fmt.kind == Kind.DEVELOPMENT:
        opportunity = " ".join(_cell(header, cells, "opportunity").split())[:200]
        if not opportunity:
            parsed.error(header.where(table, number, header.columns["opportunity"]), "The opportunity is missing.")
            ok = False
        key, words = (opportunity,), [opportunity]
    elif fmt.kind == Kind.GRADES:
        name = " ".join(_cell(header, cells, "grade").split())[:100]
        if not name:
            parsed.error(header.where(table, number, header.columns["grade"]), "The grade is missing.")
            ok = False
        seniority = field("seniority", read.whole_number)
        senior = field("senior", read.yes_no) if "senior" in header.columns else False
        if ok:
            parsed.records.append(
                Record(
                    scope,
                    (name.casefold(),),
                    {"seniority": seniority, "senior": senior},
                    where,
                    name,
                    extra={"name": name},
                )
            )
        return

    if header.layout == "long":
        label = _cell(header, cells, "ethnicity")
        target = lookups.taxonomy.resolve(label) if label else None
        if target is None:
            column_where = header.where(table, number, header.columns["ethnicity"])
            if label:
                parsed.unknown_labels.setdefault(label, []).append(column_where)
                parsed.error(column_where, f"'{label}' is not an ethnicity label we know. {_ADD_LABEL}")
            else:
                parsed.error(column_where, "The ethnicity is missing: write 'Not known' if HR has no record.")
            ok = False
        figures = _long_figures(fmt, header, table, number, cells, parsed)
        if figures is None or not ok:
            return
        name = lookups.taxonomy.name(target)
        parsed.records.append(
            Record(scope, (*key, target), figures, where, " · ".join([*(w for w in words if w), name]), target, extra)
        )
        return

    # Wide: one record per ethnicity column (with a measure column, one figure of each record).
    measure = None
    if header.measure is not None:
        try:
            measure = read.measure(cells[header.measure], fmt.wide_measures)
        except read.BadValue as problem:
            parsed.error(header.where(table, number, header.measure), str(problem))
            return
    elif fmt.kind == Kind.BENCHMARK:
        measure = "count"
    figure_name = measure or fmt.values[0]
    total = 0
    row_records = []
    for index, target in header.ethnicity_columns:
        try:
            value = (
                read.decimal_figure(cells[index] or "0")
                if fmt.kind == Kind.BENCHMARK
                else read.whole_number(cells[index], blank_is_zero=True)
            )
        except read.BadValue as problem:
            parsed.error(header.where(table, number, index), str(problem))
            ok = False
            continue
        total += value
        name = lookups.taxonomy.name(target)
        row_records.append(
            Record(
                scope,
                (*key, target),
                {figure_name: value},
                header.where(table, number, index),
                " · ".join([*(w for w in words if w), name]),
                target,
                extra,
            )
        )
    if header.total is not None and ok and _cell_text(cells, header.total):
        try:
            stated = read.whole_number(cells[header.total])
        except read.BadValue as problem:
            parsed.error(header.where(table, number, header.total), str(problem))
            return
        if stated != total:
            parsed.error(
                header.where(table, number, header.total),
                f"The total is {stated} but the ethnicity columns add up to {total}: check the row.",
            )
            return
    if ok:
        parsed.records.extend(row_records)


def _cell_text(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _long_figures(fmt: Format, header, table, number, cells, parsed: Parsed) -> dict | None:
    figures, ok = {}, True
    for name in fmt.values:
        if name not in header.columns:
            continue
        index = header.columns[name]
        text = _cell(header, cells, name)
        try:
            if fmt.kind == Kind.PAY and name == "mean_hourly_pay":
                figures[name] = read.money(text)
            elif fmt.kind == Kind.PAY and name == "median_hourly_pay":
                figures[name] = read.money(text, required=False)
            elif fmt.kind == Kind.PAY and name.endswith("quartile"):
                figures[name] = read.whole_number(text) if text else None
            elif fmt.kind == Kind.BENCHMARK:
                figures[name] = read.decimal_figure(text)
            else:
                figures[name] = read.whole_number(text)
        except read.BadValue as problem:
            parsed.error(header.where(table, number, index), str(problem))
            ok = False
    if not ok:
        return None
    if fmt.kind == Kind.DEVELOPMENT and figures["took_part"] > figures["eligible"]:
        parsed.error(
            header.where(table, number, header.columns["took_part"]),
            f"{figures['took_part']} took part but only {figures['eligible']} were eligible.",
        )
        return None
    if fmt.kind == Kind.DISCIPLINARY and figures["entered_process"] > figures["headcount"]:
        parsed.error(
            header.where(table, number, header.columns["entered_process"]),
            f"{figures['entered_process']} entered a process but the headcount is {figures['headcount']}.",
        )
        return None
    return figures


# --- checks across rows ----------------------------------------------------------------------------------------


def _check_across_rows(parsed: Parsed, lookups: Lookups) -> None:
    if parsed.kind in (Kind.DEVELOPMENT, Kind.DISCIPLINARY) and "wide" in parsed.layouts:
        _merge_wide_measures(parsed)
    first_seen: dict[tuple, Record] = {}
    for record in parsed.records:
        identity = (record.scope, record.key)
        if identity in first_seen:
            earlier = first_seen[identity]
            parsed.error(
                record.where,
                f"This repeats {earlier.where} ({record.describe}): give each count once, or add them up first.",
            )
        else:
            first_seen[identity] = record
    if parsed.kind == Kind.RECRUITMENT:
        _check_funnels(parsed, lookups)
    elif parsed.kind == Kind.BENCHMARK:
        _check_benchmarks(parsed, lookups)
    elif parsed.kind == Kind.PAY:
        for record in parsed.records:
            quartiles = [record.values.get(q) for q in QUARTILES]
            if any(q is not None for q in quartiles) and sum(q or 0 for q in quartiles) != record.values["headcount"]:
                parsed.warn(
                    record.where,
                    f"The pay quartiles add up to {sum(q or 0 for q in quartiles)}, not the headcount of "
                    f"{record.values['headcount']}: check they count the same staff.",
                )
    elif parsed.kind == Kind.GRADES:
        by_seniority: dict[int, Record] = {}
        for record in parsed.records:
            seniority = record.values["seniority"]
            if seniority in by_seniority:
                parsed.error(
                    record.where,
                    f"Seniority {seniority} is also given to {by_seniority[seniority].describe} "
                    f"({by_seniority[seniority].where}): each grade needs its own place in the order.",
                )
            by_seniority.setdefault(seniority, record)
    if parsed.new_roles:
        parsed.warn("", "New role families will be added: " + ", ".join(sorted(parsed.new_roles)) + ".")


QUARTILES = ("lower_quartile", "lower_middle_quartile", "upper_middle_quartile", "upper_quartile")


def _merge_wide_measures(parsed: Parsed) -> None:
    """Wide development and disciplinary files give each figure on its own row: put each group's figures together."""
    fmt = FORMATS[parsed.kind]
    merged: dict[tuple, Record] = {}
    order = []
    for record in parsed.records:
        identity = (record.scope, record.key)
        if identity not in merged:
            merged[identity] = Record(
                record.scope, record.key, {}, record.where, record.describe, record.target, record.extra
            )
            order.append(identity)
        target = merged[identity]
        for name, value in record.values.items():
            if name in target.values:
                parsed.error(record.where, f"The {name.replace('_', ' ')} of {record.describe} is given twice.")
            target.values[name] = value
    records = []
    for identity in order:
        record = merged[identity]
        missing = [name for name in fmt.values if name not in record.values]
        if missing:
            parsed.error(record.where, f"There is no row giving the {' and '.join(missing)} for {record.describe}.")
            continue
        first, second = fmt.values
        if record.values[second] > record.values[first]:
            parsed.error(
                record.where,
                f"{record.describe}: the {second.replace('_', ' ')} ({record.values[second]}) is more than the "
                f"{first} ({record.values[first]}).",
            )
            continue
        records.append(record)
    parsed.records = records


def _check_funnels(parsed: Parsed, lookups: Lookups) -> None:
    """Each campaign's stages never grow (appointed <= interviewed <= shortlisted <= applied), and every campaign
    of a quarter and unit records the same stages, so a funnel's stages can be added up across campaigns."""
    stages_of: dict[tuple, set[str]] = defaultdict(set)
    where_of: dict[tuple, str] = {}
    counts: dict[tuple, dict[str, Record]] = defaultdict(dict)
    for record in parsed.records:
        campaign, stage, target = record.key
        stages_of[(record.scope, campaign)].add(stage)
        where_of.setdefault((record.scope, campaign), record.where)
        counts[(record.scope, campaign, target)][stage] = record
    for (scope, campaign, target), by_stage in counts.items():
        recorded = [s for s in STAGE_ORDER if s in stages_of[(scope, campaign)]]
        for earlier, later in zip(recorded, recorded[1:], strict=False):
            before = by_stage.get(earlier)
            after = by_stage.get(later)
            if after is not None and after.values["count"] > (before.values["count"] if before else 0):
                name = lookups.taxonomy.name(target)
                parsed.error(
                    after.where,
                    f"{after.values['count']} {name} candidates were {Stage(later).label.lower()} in "
                    f"'{campaign or 'all campaigns'}' but only {before.values['count'] if before else 0} were "
                    f"{Stage(earlier).label.lower()}: a later stage cannot have more people than an earlier one.",
                )
    by_scope: dict[tuple, dict[str, set[str]]] = defaultdict(dict)
    for (scope, campaign), stages in stages_of.items():
        by_scope[scope][campaign] = stages
    for scope, campaigns in by_scope.items():
        first_stages = next(iter(campaigns.values()))
        odd = next((c for c, stages in campaigns.items() if stages != first_stages), None)
        if odd is not None:
            described = "; ".join(
                f"'{campaign or 'all campaigns'}' records {', '.join(s for s in STAGE_ORDER if s in stages)}"
                for campaign, stages in campaigns.items()
            )
            parsed.error(
                where_of[(scope, odd)],
                "Every campaign of a quarter must record the same stages, so they can be added up: " + described + ".",
            )
        for campaign, stages in campaigns.items():
            if (Stage.SHORTLISTED in stages) != (Stage.APPOINTED in stages):
                parsed.warn(
                    where_of[(scope, campaign)],
                    f"'{campaign or 'all campaigns'}' gives only one of shortlisted and appointed, so the relative "
                    "likelihood of appointment cannot be worked out for it.",
                )


def _check_benchmarks(parsed: Parsed, lookups: Lookups) -> None:
    kinds: dict[tuple, set[str]] = defaultdict(set)
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    first: dict[tuple, str] = {}
    for record in parsed.records:
        for name, value in record.values.items():
            kinds[record.scope].add(name)
            if name == "share":
                sums[record.scope] += value
        first.setdefault(record.scope, record.where)
    for scope, names in kinds.items():
        if len(names) > 1:
            parsed.error(
                first[scope], f"{parsed.scope_names.get(scope)} mixes counts and shares: give one or the other."
            )
        if "share" in names and sums[scope] > 101:
            parsed.error(
                first[scope], f"The shares of {parsed.scope_names.get(scope)} add up to {sums[scope]}%, more than 100%."
            )
