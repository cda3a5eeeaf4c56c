"""How the demo HR extracts in this folder were made (run once; the files are committed, not regenerated).

    .venv/bin/python workforce/demo/generate.py

The published figures come from seed 001 (the February 2022 update to the CYP Scrutiny Commission): the Hackney
population by group and the school support staff shares (benchmarks.csv, typed in by hand). Everything else is
invented but plausible, with the patterns the sources describe: a hierarchy that is less diverse the more senior
it becomes, a small rise in diversity at senior levels over time, White shortlisted candidates more likely to be
appointed (less so after anonymous recruitment), more Black and global majority staff entering formal
disciplinary processes, and one service with low disclosure. Fixed random seed: the same files every time.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
QUARTERS = ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
GRADES = [  # name, seniority, senior, share of Black and global majority staff in the first quarter
    ("Scale 1-5", 1, False, 0.66),
    ("Scale 6-SO2", 2, False, 0.62),
    ("PO1-PO3", 3, False, 0.56),
    ("PO4-PO6", 4, False, 0.47),
    ("PO7-PO8", 5, False, 0.38),
    ("SM1-SM2", 6, True, 0.30),
    ("SM3 and above", 7, True, 0.22),
]
BGM = {  # category label (DfE codes and HR wordings, as real extracts mix them) -> weight within BGM
    "BCRB": 0.22,
    "BAFR": 0.24,
    "BOTH": 0.04,
    "AIND": 0.05,
    "APKN": 0.03,
    "ABAN": 0.06,
    "CHNE": 0.01,
    "AOTH": 0.04,
    "MWBC": 0.07,
    "MWBA": 0.03,
    "MWAS": 0.03,
    "MOTH": 0.05,
    "Arab": 0.03,
    "OOTH": 0.10,
}
WHITE = {"WBRI": 0.62, "WIRI": 0.06, "WOTH": 0.29, "WIRT": 0.02, "WROM": 0.01}
UNITS = {  # unit -> (headcount by grade, share not known in the first quarter, and in the last)
    "Children and Families Service": ([120, 170, 150, 110, 48, 14, 6], 0.09, 0.05),
    "Adult Social Care": ([160, 150, 110, 70, 30, 10, 4], 0.16, 0.14),
    "Hackney Council": ([1300, 1250, 900, 600, 260, 80, 30], 0.10, 0.07),
}
ROLES = {
    "Children and Families Service": {
        1: ["Business support"],
        2: ["Family support worker", "Business support"],
        3: ["Qualified social worker"],
        4: ["Qualified social worker"],
        5: ["Manager"],
        6: ["Manager"],
        7: ["Manager"],
    },
    "Adult Social Care": {
        1: ["Care worker"],
        2: ["Care worker", "Business support"],
        3: ["Social worker", "Occupational therapist"],
        4: ["Social worker"],
        5: ["Manager"],
        6: ["Manager"],
        7: ["Manager"],
    },
}


def split(rng: random.Random, total: int, weights: dict[str, float]) -> dict[str, int]:
    """`total` people spread over the categories by weight, at random (a multinomial draw)."""
    labels, values = list(weights), list(weights.values())
    counts = dict.fromkeys(labels, 0)
    for label in rng.choices(labels, values, k=total):
        counts[label] += 1
    return counts


def people(rng, total, bgm_share, not_known) -> dict[str, int]:
    """One cell's headcount by ethnicity label: the shares as given (rounded, with a little noise), so that trends
    come from the shares and not from chance."""
    unknown = max(0, round(total * not_known + rng.uniform(-0.5, 0.5)))
    refused = unknown // 3
    known = total - unknown
    bgm = min(known, max(0, round(known * bgm_share + rng.uniform(-0.5, 0.5))))
    counts = {**split(rng, bgm, BGM), **split(rng, known - bgm, WHITE)}
    counts["Not known"] = unknown - refused
    counts["Prefer not to say"] = refused
    return counts


def snapshots(rng) -> list[list]:
    rows = []
    for unit, (sizes, unknown_first, unknown_last) in UNITS.items():
        for q, quarter in enumerate(QUARTERS):
            progress = q / (len(QUARTERS) - 1)
            not_known = unknown_first + (unknown_last - unknown_first) * progress
            for (grade, seniority, senior, bgm_share), size in zip(GRADES, sizes, strict=True):
                # Senior grades become a little more diverse each quarter; the rest stay much as they were.
                share = bgm_share + (0.05 * progress if senior else 0.01 * progress)
                size = max(1, round(size * rng.uniform(0.97, 1.03)))
                parts = [("permanent", size)]
                if unit != "Hackney Council" and seniority in (3, 4):
                    agency = round(size * 0.18)
                    parts = [("permanent", size - agency), ("agency", agency)]
                if unit == "Children and Families Service" and seniority == 2:
                    students = 6
                    parts = [("permanent", size - students), ("student", students)]
                for employment, count in parts:
                    roles = (
                        ["Student social worker"]
                        if employment == "student"
                        else ROLES.get(unit, {}).get(seniority, [""])
                    )
                    role_sizes = [count // len(roles)] * len(roles)
                    role_sizes[0] += count - sum(role_sizes)
                    for role, role_size in zip(roles, role_sizes, strict=True):
                        counts = people(rng, role_size, share, not_known)
                        if employment == "agency" and unit == "Children and Families Service":
                            # One agency reports only "BAME" and "White": counts that cannot be split into groups.
                            bame = sum(v for k, v in counts.items() if k in BGM)
                            counts = {k: v for k, v in counts.items() if k not in BGM}
                            counts["BAME"] = bame
                        for label, n in counts.items():
                            if n:
                                rows.append([quarter, unit, grade, employment, role, label, n])
    return rows


def education_wide(rng) -> list[list]:
    """Hackney Education's extract in the wide layout: a column per ethnicity, in Census wordings."""
    columns = [
        "White - British",
        "White - Irish",
        "White - Any other White background",
        "Black or Black British - Caribbean",
        "Black or Black British - African",
        "Black or Black British - Any other Black background",
        "Asian or Asian British - Indian",
        "Asian or Asian British - Pakistani",
        "Asian or Asian British - Bangladeshi",
        "Asian - Chinese",
        "Asian or Asian British - Any other Asian background",
        "Mixed - White and Black Caribbean",
        "Mixed - White and Black African",
        "Mixed - White and Asian",
        "Mixed - Any other mixed background",
        "Any other ethnic group",
        "Not stated",
        "Refused",
    ]
    header = ["Quarter", "Unit", "Grade", "Employment type", "Role", *columns, "Total"]
    codes = [
        "WBRI",
        "WIRI",
        "WOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "AIND",
        "APKN",
        "ABAN",
        "CHNE",
        "AOTH",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "OOTH",
    ]
    sizes = [90, 120, 110, 70, 30, 9, 4]
    rows = [header]
    for q, quarter in enumerate(QUARTERS):
        progress = q / (len(QUARTERS) - 1)
        for (grade, _, senior, bgm_share), size in zip(GRADES, sizes, strict=True):
            share = bgm_share - 0.04 + (0.04 * progress if senior else 0)
            counts = people(rng, max(1, round(size * rng.uniform(0.97, 1.03))), share, 0.08)
            # This extract has no Arab, Gypsy or Irish Traveller, or Roma columns: they are counted under "other".
            counts["OOTH"] = counts.get("OOTH", 0) + counts.pop("Arab", 0)
            counts["WOTH"] = counts.get("WOTH", 0) + counts.pop("WIRT", 0) + counts.pop("WROM", 0)
            values = [counts.get(code, 0) for code in codes] + [counts["Not known"], counts["Prefer not to say"]]
            rows.append([quarter, "Hackney Education", grade, "Permanent", "", *values, sum(values)])
    return rows


def recruitment(rng) -> list[list]:
    campaigns = [  # name, applicants a quarter, share BGM among applicants
        ("Social worker (rolling)", 140, 0.64),
        ("Family support worker", 90, 0.70),
        ("Team manager", 36, 0.52),
    ]
    rows = []
    for unit in ("Children and Families Service", "Hackney Council"):
        scale = 1 if unit == "Children and Families Service" else 4
        for q, quarter in enumerate(QUARTERS):
            # White shortlisted candidates more likely to be appointed; the gap narrows with anonymous recruitment.
            white_edge = 1.55 - 0.4 * q / (len(QUARTERS) - 1)
            quarter_campaigns = campaigns + ([("Head of service", 22, 0.45)] if q in (1, 4) else [])
            for name, applicants, bgm_share in quarter_campaigns:
                total = round(applicants * scale * rng.uniform(0.85, 1.15))
                groups = {"White": 0, "BGM": 0, "Unknown": 0}
                for _ in range(total):
                    r = rng.random()
                    groups["Unknown" if r < 0.03 else "BGM" if r < 0.03 + bgm_share * 0.97 else "White"] += 1
                for group, applied in groups.items():
                    shortlisted = round(applied * (0.34 if group == "White" else 0.30) * rng.uniform(0.9, 1.1))
                    interviewed = round(shortlisted * rng.uniform(0.8, 0.95))
                    rate = 0.26 if group == "White" else 0.26 / white_edge
                    appointed = min(interviewed, round(shortlisted * rate * rng.uniform(0.85, 1.15)))
                    label = {"White": "White", "BGM": "Black and global majority", "Unknown": "Not known"}[group]
                    for stage, n in (
                        ("applied", applied),
                        ("shortlisted", shortlisted),
                        ("interviewed", interviewed),
                        ("appointed", appointed),
                    ):
                        rows.append([quarter, unit, name, stage, label, n])
    return rows


def development(rng) -> list[list]:
    rows = []
    opportunities = [("Shadowing scheme", 0.10), ("Mentoring", 0.14), ("Leadership programme", 0.05)]
    for unit, eligible in (
        ("Children and Families Service", {"White": 230, "BGM": 330, "Not known": 40}),
        ("Hackney Council", {"White": 1800, "BGM": 2300, "Not known": 350}),
    ):
        for q, quarter in enumerate(QUARTERS):
            for name, rate in opportunities:
                for group, n in eligible.items():
                    boost = 1.0 if group == "White" else 0.8 + 0.25 * q / (len(QUARTERS) - 1)
                    took = round(n * rate * boost * rng.uniform(0.85, 1.15))
                    label = "Black and global majority" if group == "BGM" else group
                    rows.append([quarter, unit, name, label, n, took])
    return rows


def disciplinary(rng) -> list[list]:
    rows = []
    for unit, heads, rate in (
        ("Children and Families Service", {"White": 240, "BGM": 350, "Not known": 40}, 0.012),
        ("Hackney Council", {"White": 1900, "BGM": 2400, "Not known": 380}, 0.008),
    ):
        for quarter in QUARTERS:
            for group, n in heads.items():
                factor = 1.0 if group == "White" else 1.7 if group == "BGM" else 1.0
                entered = round(n * rate * factor * rng.uniform(0.8, 1.2))
                label = "Black and global majority" if group == "BGM" else group
                rows.append([quarter, unit, label, n, entered])
    return rows


def pay(rng) -> list[list]:
    rows = []
    for unit, heads in (
        ("Children and Families Service", {"White": 250, "BGM": 360, "Not known": 40}),
        ("Hackney Council", {"White": 1950, "BGM": 2450, "Not known": 390}),
    ):
        for q, quarter in enumerate(QUARTERS):
            for group, n in heads.items():
                mean = {"White": 24.80, "BGM": 21.10, "Not known": 22.40}[group] + 0.12 * q
                median = mean - rng.uniform(0.6, 1.2)
                shares = {
                    "White": [0.18, 0.22, 0.27, 0.33],
                    "BGM": [0.31, 0.27, 0.23, 0.19],
                    "Not known": [0.25, 0.25, 0.25, 0.25],
                }[group]
                quartiles = [round(n * s) for s in shares]
                quartiles[-1] = n - sum(quartiles[:-1])
                label = "Black and global majority" if group == "BGM" else group
                rows.append([quarter, unit, label, n, f"{mean:.2f}", f"{median:.2f}", *quartiles])
    return rows


def write_csv(name: str, header: list[str], rows: list[list]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(2022)
    write_csv(
        "grades.csv",
        ["grade", "seniority", "senior"],
        [[g, s, "yes" if senior else "no"] for g, s, senior, _ in GRADES],
    )
    write_csv(
        "snapshots.csv", ["period", "unit", "grade", "employment_type", "role", "ethnicity", "count"], snapshots(rng)
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "HE workforce"
    for row in education_wide(rng):
        sheet.append(row)
    notes = workbook.create_sheet("Notes")
    notes.append(["Hackney Education workforce by grade, one column per ethnicity (demo data, invented)."])
    workbook.save(HERE / "hackney_education_snapshots.xlsx")
    write_csv("recruitment.csv", ["period", "unit", "campaign", "stage", "ethnicity", "count"], recruitment(rng))
    write_csv(
        "development.csv", ["period", "unit", "opportunity", "ethnicity", "eligible", "took_part"], development(rng)
    )
    write_csv("disciplinary.csv", ["period", "unit", "ethnicity", "headcount", "entered_process"], disciplinary(rng))
    write_csv(
        "pay.csv",
        [
            "period",
            "unit",
            "ethnicity",
            "headcount",
            "mean_hourly_pay",
            "median_hourly_pay",
            "lower_quartile",
            "lower_middle_quartile",
            "upper_middle_quartile",
            "upper_quartile",
        ],
        pay(rng),
    )


if __name__ == "__main__":
    main()
