"""The benchmark data set: what every app's scale data shares (safety, emptying, people, history helpers).

`manage.py generate_scale_data` (plans/management/commands/generate_scale_data.py) runs `people()` first and
then each app's generator listed in its GENERATORS, e.g. benchmarks/dataset/plans.py. An app's generator is a
module with `generate(scale) -> dict[str, int]` (what it made, for the summary), and optionally
`add_arguments(parser)` for its own sizes and `foreign() -> list[str]` naming rows that are not benchmark data.

Everything here writes in bulk. Tracked models get their history through django-simple-history's own bulk
functions (`bulk_create_with_history`, `bulk_history_create`), and many-to-many history rows to match
(`m2m_history`), so pages that read history see what the services would have left.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

# Usernames of the accounts the data set creates; a database with any other account is refused.
PREFIX = "bench-"
# Titles of the plans it creates (and of plans the benchmark imports): any other plan is refused.
PLAN_PREFIX = "Benchmark "
# Every benchmark account's password: the data set lives only in a database made for the benchmark, and the
# benchmark signs in over HTTP with it. Hashed once with a fixed salt, so the data set is the same every run.
PASSWORD = "bench-password-not-a-secret"
PASSWORD_SALT = "benchmarksalt"

FIRST_NAMES = [
    "Amara", "Ben", "Chidi", "Deborah", "Emeka", "Fatima", "Grace", "Hassan", "Ife", "Jamal", "Kemi", "Leon",
    "Maya", "Nia", "Olu", "Priya", "Quentin", "Rosa", "Samir", "Tola", "Uche", "Vera", "Wale", "Yusuf", "Zara",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Begum", "Campbell", "Douglas", "Evans", "Francis", "Green", "Hussain", "Ibrahim", "Johnson",
    "Khan", "Lewis", "Mensah", "Nwosu", "Okafor", "Patel", "Quashie", "Robinson", "Smith", "Taylor", "Uddin",
    "Walker", "Yeboah", "Zhou",
]  # fmt: skip

# Council -> directorates -> services, the service areas plans name (BRIEF section 3).
DIRECTORATES = {
    "Children and Education": [
        "Safeguarding and Learning", "Corporate Parenting", "Clinical Services", "Early Help", "Youth Justice",
        "Business Support", "Hackney Education",
    ],
    "Supporting People": ["Adult Social Care", "Integrated Commissioning", "Housing Needs"],
    "Chief Executive's": ["HR and OD", "Public Health"],
}  # fmt: skip


@dataclass
class People:
    """The accounts and organisation every app's data refers to."""

    named: dict[str, object]  # "owner" -> the User bench-owner, one per demo role
    by_role: dict[str, list]  # role name -> every User holding it
    council: object
    service_areas: list  # Units under the directorates


@dataclass
class Scale:
    """What a generator is given: the options, one seeded random source, the day, and the people."""

    options: dict
    rng: random.Random
    today: date
    now: datetime
    people: People | None = None
    made: dict[str, int] = field(default_factory=dict)


# --- safety -----------------------------------------------------------------------------------------------


def foreign_rows() -> list[str]:
    """What in the database is not benchmark data: accounts and plans it did not make."""
    from organisation.models import User
    from plans.models import Plan

    found = []
    users = User.objects.exclude(username__startswith=PREFIX).count()
    if users:
        found.append(f"{users} account(s) whose username does not start with {PREFIX!r}")
    plans = Plan.objects.exclude(title__startswith=PLAN_PREFIX).count()
    if plans:
        found.append(f"{plans} plan(s) whose title does not start with {PLAN_PREFIX!r}")
    return found


def flush_data() -> None:
    """Empty every table but the schema's own bookkeeping and the role groups (made by a migration)."""
    from django.core.management.color import no_style
    from django.db import connection

    keep = {"django_migrations", "django_content_type", "auth_permission", "auth_group", "auth_group_permissions"}
    tables = [
        t for t in connection.introspection.django_table_names(only_existing=True, include_views=False) if t not in keep
    ]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    )


# --- history ----------------------------------------------------------------------------------------------


def m2m_history(model, field_name: str, records: Iterable, links: dict[int, list], *, batch_size: int = 5000) -> int:
    """The many-to-many history rows django-simple-history writes for each history record of a tracked model.

    `records` are historical records (with history_id and the object's id); `links` maps an object's id to the
    through-model rows it has (saved, so they have ids). Each record gets a copy of its object's rows, as
    `HistoricalRecords.create_historical_record_m2ms` would have written at that save.
    """
    from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

    m2m_field = model._meta.get_field(field_name)
    m2m_model = _m2m_history_model(model, field_name)
    own, other = get_m2m_field_name(m2m_field), get_m2m_reverse_field_name(m2m_field)
    rows = [
        m2m_model(
            history_id=record.history_id,
            id=link.id,
            **{f"{own}_id": getattr(link, f"{own}_id"), f"{other}_id": getattr(link, f"{other}_id")},
        )
        for record in records
        for link in links.get(record.id, ())
    ]
    m2m_model.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _m2m_history_model(model, field_name: str):
    """The history model of one tracked many-to-many field (e.g. HistoricalAction_leads)."""
    from django.apps import apps

    history_model = model.history.model
    return apps.get_model(history_model._meta.app_label, f"{history_model.__name__}_{field_name}")


def links_by_owner(rows: Iterable, owner_attr: str) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for row in rows:
        found[getattr(row, owner_attr)].append(row)
    return found


# --- people -----------------------------------------------------------------------------------------------

# (key, first name, last name, roles): one named account per demo role, as organisation/demo.py has them, so a
# benchmark or a person browsing the data set knows whom to sign in as.
NAMED = [
    ("admin", "Ada", "Admin", ["Administrator", "Staff"]),
    ("slt", "Sam", "Senior", ["Senior leadership", "Staff"]),
    ("owner", "Olu", "Owner", ["Plan owner", "Action lead", "Staff"]),
    ("lead", "Lee", "Lead", ["Action lead", "Staff"]),
    ("staff", "Sky", "Staff", ["Staff"]),
    ("handler", "Hana", "Handler", ["Incident handler", "Staff"]),
    ("auditor", "Aziz", "Auditor", ["Auditor", "Staff"]),
    ("analyst", "Ana", "Analyst", ["Workforce analyst", "Staff"]),
    ("scrutiny", "Cllr Chris", "Scrutiny", ["Scrutiny member"]),
    ("safeguarding", "Sade", "Safeguarding", ["Safeguarding lead", "Staff"]),
    ("dpo", "Dara", "Protection", ["Data protection officer", "Staff"]),
]

# The rest of the accounts, by share of all accounts: most people are staff who read plans; about one in five
# leads actions; a few dozen own plans or sit on senior leadership; a handful hold the specialist roles.
ROLE_MIX = [
    (["Administrator", "Staff"], 0.0015),
    (["Senior leadership", "Staff"], 0.01),
    (["Plan owner", "Action lead", "Staff"], 0.015),
    (["Action lead", "Staff"], 0.20),
    (["Incident handler", "Staff"], 0.005),
    (["Auditor", "Staff"], 0.0075),
    (["Workforce analyst", "Staff"], 0.0025),
    (["Safeguarding lead", "Staff"], 0.0025),
    (["Data protection officer", "Staff"], 0.001),
    (["Scrutiny member"], 0.01),
]


def role_plan(total: int) -> list[list[str]]:
    """The roles of each account after the named ones, by ROLE_MIX (at least one of each), the rest staff."""
    others = max(0, total - len(NAMED))
    plan: list[list[str]] = []
    for roles, share in ROLE_MIX:
        plan += [roles] * max(1, round(total * share))
    plan = plan[:others]
    plan += [["Staff"]] * (others - len(plan))
    return plan


def people(scale: Scale) -> People:
    """The council's organisation and its accounts: NAMED, then --users in all with ROLE_MIX."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from organisation.models import Unit, User

    rng = scale.rng
    council = Unit.objects.create(name="Benchmark Council", kind=Unit.Kind.COUNCIL)
    directorates = Unit.objects.bulk_create(
        Unit(name=name, kind=Unit.Kind.DIRECTORATE, parent=council) for name in DIRECTORATES
    )
    service_areas = Unit.objects.bulk_create(
        Unit(name=service, kind=Unit.Kind.SERVICE, parent=directorate)
        for directorate, services in zip(directorates, DIRECTORATES.values(), strict=True)
        for service in services
    )

    password = make_password(PASSWORD, salt=PASSWORD_SALT)
    total = max(int(scale.options.get("users") or 0), len(NAMED))
    specs = [(f"{PREFIX}{key}", first, last, roles) for key, first, last, roles in NAMED]
    for n, roles in enumerate(role_plan(total), start=1):
        specs.append((f"{PREFIX}u{n:05}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), roles))
    users = User.objects.bulk_create(
        [
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                password=password,
                is_staff="Administrator" in roles,
                is_superuser="Administrator" in roles,
                date_joined=scale.now,
            )
            for username, first, last, roles in specs
        ],
        batch_size=2000,
    )
    groups = {g.name: g.pk for g in Group.objects.all()}
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user_id=user.pk, group_id=groups[role])
            for user, (_, _, _, roles) in zip(users, specs, strict=True)
            for role in roles
        ],
        batch_size=5000,
    )
    User.units.through.objects.bulk_create(
        [
            User.units.through(user_id=user.pk, unit_id=rng.choice(service_areas).pk)
            for user, (_, _, _, roles) in zip(users, specs, strict=True)
            if "Scrutiny member" not in roles
        ],
        batch_size=5000,
    )
    by_role: dict[str, list] = defaultdict(list)
    for user, (_, _, _, roles) in zip(users, specs, strict=True):
        for role in roles:
            by_role[role].append(user)
    named = {key: users[i] for i, (key, *_rest) in enumerate(NAMED)}
    scale.made.update({"accounts": len(users), "units": 1 + len(directorates) + len(service_areas)})
    return People(named=named, by_role=dict(by_role), council=council, service_areas=service_areas)
