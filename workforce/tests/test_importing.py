"""Loading files: the long and wide formats, every problem named by row and column, all or nothing, idempotent."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from workforce import services
from workforce.choices import Kind
from workforce.importing.parse import parse_file
from workforce.models import Benchmark, DataLoad, DevelopmentCell, Grade, HeadcountCell, RecruitmentCell, RoleFamily
from workforce.taxonomy import Taxonomy

from .factories import SNAPSHOT_HEADER, csv_bytes, load, parse, service, standard_grades, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def cfs():
    standard_grades()
    return service()


def messages(parsed) -> list[str]:
    return [f"{p.where}: {p.message}" for p in parsed.errors]


# --- the five long formats, exactly as the issue writes them ------------------------------------------------


def test_a_snapshot_in_the_long_format_is_loaded(cfs):
    load(
        Kind.SNAPSHOT,
        f"""{SNAPSHOT_HEADER}
        2026-Q2,Children and Families Service,PO1-PO3,permanent,Qualified social worker,WBRI,12
        2026-Q2,CFS,PO1-PO3,agency,Qualified social worker,Black or Black British - Caribbean,7""",
    )
    load_record = DataLoad.objects.get(kind=Kind.SNAPSHOT)
    assert (load_record.unit, load_record.rows, load_record.people) == (cfs, 2, 19)
    assert HeadcountCell.objects.get(employment_type="agency").count == 7
    assert RoleFamily.objects.filter(name="Qualified social worker").exists()


def test_a_recruitment_file_in_the_long_format_is_loaded(cfs):
    load(
        Kind.RECRUITMENT,
        """period,unit,campaign,stage,ethnicity,count
        2026-Q2,CFS,Team manager,applied,White,20
        2026-Q2,CFS,Team manager,shortlisted,White,8
        2026-Q2,CFS,Team manager,interviewed,White,6
        2026-Q2,CFS,Team manager,appointed,White,2""",
    )
    assert RecruitmentCell.objects.count() == 4


def test_a_development_file_in_the_long_format_is_loaded(cfs):
    load(
        Kind.DEVELOPMENT,
        """period,unit,opportunity,ethnicity,eligible,took_part
        2026-Q2,CFS,Mentoring,BAFR,40,6""",
    )
    assert DevelopmentCell.objects.get().took_part == 6


def test_a_disciplinary_file_in_the_long_format_is_loaded(cfs):
    summary = load(
        Kind.DISCIPLINARY,
        """period,unit,ethnicity,headcount,entered_process
        2026-Q2,CFS,White,300,6
        2026-Q2,CFS,BAME,400,12""",
    )
    assert summary.scopes[0].people_after == 700


def test_a_benchmark_in_the_long_format_is_loaded_as_counts_or_shares(cfs):
    load(
        Kind.BENCHMARK,
        """date,population,area,ethnicity,count
        2021-03-21,Borough population (Census 2021),Hackney,White,1000
        2021-03-21,Borough population (Census 2021),Hackney,Asian,200""",
    )
    load(
        Kind.BENCHMARK,
        """date,population,area,ethnicity,share
        2020-11-05,School support staff,Hackney schools,White British,29
        2020-11-05,School support staff,Hackney schools,Minority ethnic,64""",
    )
    assert dict(Benchmark.objects.values_list("population", "measure")) == {
        "Borough population (Census 2021)": "counts",
        "School support staff": "shares",
    }


# --- the wide format, from CSV and from Excel -----------------------------------------------------------------


def test_a_wide_csv_has_one_column_per_ethnicity_and_a_checked_total(cfs):
    summary = load(
        Kind.SNAPSHOT,
        """Quarter,Service,Grade,Employment type,Role,WBRI,Black or Black British - African,Not stated,Total
        2026-Q2,CFS,SO1-SO2,Permanent,,10,14,1,25""",
    )
    assert summary.counts == 3
    assert sum(HeadcountCell.objects.values_list("count", flat=True)) == 25


def test_a_wide_xlsx_is_read_from_its_sheet_and_a_notes_sheet_is_reported_not_read(cfs):
    data = xlsx_bytes(
        [
            ["Workforce by grade (title above the header)"],
            ["period", "unit", "grade", "employment_type", "role", "White - British", "BCRB"],
            ["2026-Q2", "CFS", "PO1-PO3", "permanent", "Social worker", 9, 11],
        ],
        sheet="Q2",
    )
    parsed = parse_file(data, "extract.xlsx", Kind.SNAPSHOT)
    assert not parsed.errors
    assert [r.values["count"] for r in parsed.records] == [9, 11]
    assert "Sheet 'Q2', row 3" in parsed.records[0].where


def test_a_wide_total_that_does_not_add_up_is_an_error_naming_the_row_and_column(cfs):
    parsed = parse(
        Kind.SNAPSHOT,
        """period,unit,grade,employment_type,role,WBRI,BCRB,Total
        2026-Q2,CFS,SO1-SO2,permanent,,10,14,30""",
    )
    assert messages(parsed) == [
        "extract.csv, row 2, column H (Total): The total is 30 but the ethnicity columns add up to 24: check the row."
    ]


def test_a_wide_column_headed_with_an_unknown_label_is_reported_with_its_column(cfs):
    parsed = parse(
        Kind.SNAPSHOT,
        """period,unit,grade,employment_type,role,WBRI,Blk Carib
        2026-Q2,CFS,SO1-SO2,permanent,,10,14""",
    )
    assert parsed.unknown_labels == {"Blk Carib": ["extract.csv, row 1, column G (Blk Carib)"]}


# --- problems, by row and column -------------------------------------------------------------------------------


def test_every_problem_names_its_row_and_column(cfs):
    parsed = parse(
        Kind.SNAPSHOT,
        f"""{SNAPSHOT_HEADER}
        2026-Q5,CFS,PO1-PO3,permanent,,WBRI,12
        2026-Q2,Nowhere,PO1-PO3,permanent,,WBRI,12
        2026-Q2,CFS,PO9,permanent,,WBRI,12
        2026-Q2,CFS,PO1-PO3,casual,,WBRI,12
        2026-Q2,CFS,PO1-PO3,permanent,,Blk Carib,12
        2026-Q2,CFS,PO1-PO3,permanent,,WBRI,3.5
        2026-Q2,CFS,SO1-SO2,permanent,,WBRI,<5""",
    )
    found = messages(parsed)
    assert found[0].startswith("extract.csv, row 2, column A (period): '2026-Q5' is not a quarter")
    assert found[1].startswith("extract.csv, row 3, column B (unit): 'Nowhere' is not a unit")
    assert found[2].startswith("extract.csv, row 4, column C (grade): 'PO9' is not a grade we know")
    assert found[3].startswith("extract.csv, row 5, column D (employment_type): 'casual' is not an employment type")
    assert found[4].startswith("extract.csv, row 6, column F (ethnicity): 'Blk Carib' is not an ethnicity label")
    assert found[5].startswith("extract.csv, row 7, column G (count): '3.5' is not a whole number")
    assert found[6].startswith("extract.csv, row 8, column G (count): '<5' looks like a figure hidden before export")
    assert len(found) == 7


def test_unknown_labels_are_listed_with_every_row_they_are_on_and_nothing_is_loaded(cfs):
    parsed = parse(
        Kind.SNAPSHOT,
        f"""{SNAPSHOT_HEADER}
        2026-Q2,CFS,PO1-PO3,permanent,,Blk Carib,12
        2026-Q2,CFS,SO1-SO2,permanent,,WBRI,4
        2026-Q2,CFS,SO1-SO2,permanent,,Blk Carib,3""",
    )
    assert list(parsed.unknown_labels) == ["Blk Carib"]
    assert len(parsed.unknown_labels["Blk Carib"]) == 2
    with pytest.raises(services.ImportRejected):
        services.workforce_import(parsed=parsed, by=None, filename="extract.csv")
    assert not HeadcountCell.objects.exists()


def test_a_missing_column_is_named_with_the_columns_the_format_wants(cfs):
    parsed = parse(Kind.DEVELOPMENT, "period,unit,opportunity,ethnicity,eligible\n2026-Q2,CFS,Mentoring,WBRI,4")
    assert "no column for took_part" in messages(parsed)[0]


def test_a_count_given_twice_is_an_error_naming_both_rows(cfs):
    parsed = parse(
        Kind.SNAPSHOT,
        f"""{SNAPSHOT_HEADER}
        2026-Q2,CFS,PO1-PO3,permanent,,WBRI,12
        2026-Q2,CFS,PO1-PO3,permanent,,White British,3""",
    )
    assert messages(parsed) == [
        "extract.csv, row 3: This repeats extract.csv, row 2 (PO1-PO3 · Permanent · Role not given · White: English, "
        "Welsh, Scottish, Northern Irish or British): give each count once, or add them up first."
    ]


def test_a_unit_whose_name_repeats_in_the_organisation_must_be_written_with_its_parent(cfs):
    from organisation.tests.factories import UnitFactory

    UnitFactory(name="Business Support", parent=cfs)
    UnitFactory(name="Business Support", parent=service("Adult Social Care", "ASC"))
    parsed = parse(
        Kind.DISCIPLINARY, "period,unit,ethnicity,headcount,entered_process\n2026-Q2,Business Support,WBRI,9,0"
    )
    assert "names 2 units: write which one" in messages(parsed)[0]
    parsed = parse(
        Kind.DISCIPLINARY,
        "period,unit,ethnicity,headcount,entered_process\n2026-Q2,Adult Social Care / Business Support,WBRI,9,0",
    )
    assert not parsed.errors


def test_a_later_recruitment_stage_cannot_have_more_people_than_an_earlier_one(cfs):
    parsed = parse(
        Kind.RECRUITMENT,
        """period,unit,campaign,stage,ethnicity,count
        2026-Q2,CFS,Team manager,shortlisted,WBRI,3
        2026-Q2,CFS,Team manager,appointed,WBRI,4""",
    )
    assert messages(parsed) == [
        "extract.csv, row 3: 4 White: English, Welsh, Scottish, Northern Irish or British candidates were appointed in "
        "'Team manager' but only 3 were shortlisted: a later stage cannot have more people than an earlier one."
    ]


def test_campaigns_of_a_quarter_must_record_the_same_stages(cfs):
    parsed = parse(
        Kind.RECRUITMENT,
        """period,unit,campaign,stage,ethnicity,count
        2026-Q2,CFS,Team manager,shortlisted,WBRI,3
        2026-Q2,CFS,Team manager,appointed,WBRI,1
        2026-Q2,CFS,Social worker,shortlisted,WBRI,5
        2026-Q2,CFS,Social worker,interviewed,WBRI,4
        2026-Q2,CFS,Social worker,appointed,WBRI,1""",
    )
    assert "Every campaign of a quarter must record the same stages" in messages(parsed)[0]


def test_took_part_cannot_exceed_eligible(cfs):
    parsed = parse(
        Kind.DEVELOPMENT, "period,unit,opportunity,ethnicity,eligible,took_part\n2026-Q2,CFS,Mentoring,WBRI,4,5"
    )
    assert messages(parsed) == ["extract.csv, row 2, column F (took_part): 5 took part but only 4 were eligible."]


def test_a_wide_development_file_gives_each_figure_in_a_measure_column(cfs):
    parsed = parse(
        Kind.DEVELOPMENT,
        """period,unit,opportunity,measure,WBRI,BAFR
        2026-Q2,CFS,Mentoring,eligible,40,50
        2026-Q2,CFS,Mentoring,took_part,4,6""",
    )
    assert not parsed.errors
    assert sorted((r.values["eligible"], r.values["took_part"]) for r in parsed.records) == [(40, 4), (50, 6)]


def test_a_file_that_is_not_a_table_of_this_kind_says_which_columns_it_needs(cfs):
    parsed = parse(Kind.RECRUITMENT, "name,notes\nsomething,else")
    assert "period, unit, campaign, stage, ethnicity, count" in messages(parsed)[0]


def test_grades_are_loaded_in_order_and_can_swap_places():
    load(Kind.GRADES, "grade,seniority,senior\nA,1,no\nB,2,yes")
    load(Kind.GRADES, "grade,seniority,senior\nA,2,yes\nB,1,no")
    assert list(Grade.objects.values_list("name", "seniority", "senior")) == [("B", 1, False), ("A", 2, True)]


# --- all or nothing, idempotent, the difference shown --------------------------------------------------------

SNAPSHOT = f"""{SNAPSHOT_HEADER}
2026-Q2,CFS,PO1-PO3,permanent,,WBRI,12
2026-Q2,CFS,PO1-PO3,permanent,,BCRB,9
2026-Q2,CFS,SM1-SM2,permanent,,WBRI,4"""


def test_loading_the_same_file_twice_changes_nothing(cfs):
    load(Kind.SNAPSHOT, SNAPSHOT)
    summary = load(Kind.SNAPSHOT, SNAPSHOT)
    scope = summary.scopes[0]
    assert scope.replaces and (scope.changed, scope.added, scope.removed, scope.unchanged) == (0, 0, 0, 3)
    assert HeadcountCell.objects.count() == 3 and DataLoad.objects.count() == 1


def test_loading_a_quarter_again_replaces_it_and_the_check_shows_the_difference(cfs, person_with_role):
    analyst = person_with_role("Workforce analyst")
    load(Kind.SNAPSHOT, SNAPSHOT, by=analyst)
    corrected = f"""{SNAPSHOT_HEADER}
    2026-Q2,CFS,PO1-PO3,permanent,,WBRI,13
    2026-Q2,CFS,PO1-PO3,permanent,,BCRB,9
    2026-Q2,CFS,SO1-SO2,permanent,,AIND,6"""
    check = services.import_check(parse(Kind.SNAPSHOT, corrected), filename="corrected.csv")
    scope = check.scopes[0]
    assert f"by {analyst}" in scope.replaces and "from extract.csv" in scope.replaces
    assert (scope.changed, scope.added, scope.removed, scope.unchanged) == (1, 1, 1, 1)
    assert (scope.people_before, scope.people_after) == (25, 28)
    assert {
        "what": "PO1-PO3 · Permanent · Role not given · White: English, Welsh, Scottish, Northern Irish or British",
        "before": "12",
        "after": "13",
    } in scope.differences
    assert HeadcountCell.objects.filter(count=13).count() == 0, "checking writes nothing"
    load(Kind.SNAPSHOT, corrected)
    assert sorted(HeadcountCell.objects.values_list("count", flat=True)) == [6, 9, 13]


def test_another_quarter_or_unit_is_left_alone_when_one_is_replaced(cfs):
    load(Kind.SNAPSHOT, SNAPSHOT)
    load(Kind.SNAPSHOT, SNAPSHOT.replace("2026-Q2", "2026-Q3"))
    load(Kind.SNAPSHOT, f"{SNAPSHOT_HEADER}\n2026-Q3,CFS,PO1-PO3,permanent,,WBRI,20")
    assert DataLoad.objects.get(period__month=4).rows == 3
    assert DataLoad.objects.get(period__month=7).rows == 1


def test_an_error_anywhere_writes_nothing_at_all(cfs):
    load(Kind.SNAPSHOT, SNAPSHOT)
    bad = SNAPSHOT.replace("2026-Q2", "2026-Q3") + "\n2026-Q3,CFS,PO1-PO3,permanent,,WBRI,-1"
    with pytest.raises(services.ImportRejected):
        services.workforce_import(parsed=parse(Kind.SNAPSHOT, bad), by=None, filename="bad.csv")
    assert DataLoad.objects.count() == 1


def test_the_history_records_who_loaded_a_quarter_and_replaced_it(cfs, person_with_role):
    analyst = person_with_role("Workforce analyst")
    load(Kind.SNAPSHOT, SNAPSHOT, by=analyst)
    load(Kind.SNAPSHOT, SNAPSHOT, by=analyst, filename="again.csv")
    history = DataLoad.objects.get().history.order_by("history_date")
    assert [h.history_change_reason for h in history] == ["Loaded from extract.csv", "Loaded from again.csv"]
    assert {h.history_user for h in history} == {analyst}


# --- the command -----------------------------------------------------------------------------------------------


def test_the_command_loads_a_file_and_says_what_changed(cfs, tmp_path):
    path = tmp_path / "q2.csv"
    path.write_bytes(csv_bytes(SNAPSHOT))
    out = StringIO()
    call_command("import_workforce", str(path), kind="snapshot", stdout=out)
    assert out.getvalue().startswith("Loaded: q2.csv")
    assert HeadcountCell.objects.count() == 3


def test_the_command_dry_run_writes_nothing(cfs, tmp_path):
    path = tmp_path / "q2.csv"
    path.write_bytes(csv_bytes(SNAPSHOT))
    out = StringIO()
    call_command("import_workforce", str(path), kind="snapshot", dry_run=True, stdout=out)
    assert "dry run, nothing written" in out.getvalue()
    assert not HeadcountCell.objects.exists()


def test_the_command_refuses_a_file_with_errors_and_lists_them(cfs, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(SNAPSHOT + "\n2026-Q2,CFS,PO1-PO3,permanent,,Blk Carib,2"))
    err = StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_workforce", str(path), kind="snapshot", stderr=err)
    assert "bad.csv, row 5, column F (ethnicity)" in err.getvalue()
    assert not HeadcountCell.objects.exists()


def test_the_command_refuses_a_file_that_is_not_a_table(cfs, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n0000")
    with pytest.raises(CommandError, match="PNG"):
        call_command("import_workforce", str(path), kind="snapshot")


def test_the_taxonomy_reads_a_stored_bame_count_as_the_bgm_side(cfs):
    load(Kind.SNAPSHOT, f"{SNAPSHOT_HEADER}\n2026-Q2,CFS,PO1-PO3,agency,,BAME,6")
    cell = HeadcountCell.objects.get()
    taxonomy = Taxonomy.load()
    assert (cell.category_id, cell.group_id, cell.bucket_id) == (
        None,
        None,
        taxonomy.grouping("bgm_white").comparison.id,
    )
