"""Demo data: the organisation and one user per role; domain apps register loaders for their own data."""

from collections.abc import Callable

from django.contrib.auth.models import Group
from django.db import transaction

from shared.roles import Role

from .models import Lead, Unit, User

DEMO_USERS = [
    # username, first name, last name, roles
    ("demo-admin", "Ada", "Admin", [Role.ADMINISTRATOR, Role.STAFF]),
    ("demo-slt", "Sam", "Senior", [Role.SENIOR_LEADERSHIP, Role.STAFF]),
    ("demo-owner", "Olu", "Owner", [Role.PLAN_OWNER, Role.STAFF]),
    ("demo-lead", "Lee", "Lead", [Role.ACTION_LEAD, Role.STAFF]),
    ("demo-staff", "Sky", "Staff", [Role.STAFF]),
    ("demo-handler", "Hana", "Handler", [Role.INCIDENT_HANDLER, Role.STAFF]),
    ("demo-auditor", "Aziz", "Auditor", [Role.AUDITOR, Role.STAFF]),
    ("demo-analyst", "Ana", "Analyst", [Role.WORKFORCE_ANALYST, Role.STAFF]),
    ("demo-scrutiny", "Cllr Chris", "Scrutiny", [Role.SCRUTINY_MEMBER]),
    ("demo-safeguarding", "Sade", "Safeguarding", [Role.SAFEGUARDING_LEAD, Role.STAFF]),
    ("demo-dpo", "Dara", "Protection", [Role.DATA_PROTECTION_OFFICER, Role.STAFF]),
]

# Council -> directorate -> service -> team or service area, as in the Hackney sources (BRIEF section 3).
ORGANISATION = (
    "Hackney Council",
    Unit.Kind.COUNCIL,
    "",
    [
        (
            "Children and Education",
            Unit.Kind.DIRECTORATE,
            "",
            [
                (
                    "Children and Families Service",
                    Unit.Kind.SERVICE,
                    "CFS",
                    [
                        ("Safeguarding and Learning", Unit.Kind.TEAM, "S&L", []),
                        ("Safeguarding and Reviewing", Unit.Kind.TEAM, "", []),
                        ("Family Intervention and Support Services", Unit.Kind.TEAM, "FISS", []),
                        ("Corporate Parenting", Unit.Kind.TEAM, "", []),
                        ("Clinical Services", Unit.Kind.TEAM, "", []),
                        (
                            "Early Help and Prevention",
                            Unit.Kind.TEAM,
                            "",
                            [
                                ("Youth Offending Team", Unit.Kind.TEAM, "YOT", []),
                            ],
                        ),
                        ("Business Support", Unit.Kind.TEAM, "", []),
                    ],
                ),
                ("Hackney Education", Unit.Kind.SERVICE, "HE", []),
            ],
        ),
        (
            "Supporting People",
            Unit.Kind.DIRECTORATE,
            "",
            [
                ("Adult Social Care", Unit.Kind.SERVICE, "ASC", []),
                ("Integrated Commissioning", Unit.Kind.SERVICE, "", []),
            ],
        ),
    ],
)

GROUPS = [
    ("SLT", "Senior leadership team"),
    ("DMT", "Directorate management team"),
    ("WFDB", "Workforce Development Board"),
    ("Promoting racial equality Leadership Group", "Promoting Racial Equality Leadership Group (PRELG)"),
    ("Integrated Commissioning SMT", "Integrated Commissioning senior management team"),
]

_loaders: list[tuple[int, Callable[..., list[str]]]] = []


def register(loader: Callable[..., list[str]], *, order: int = 100) -> None:
    """Domain apps add their demo data; each loader returns lines to print and must be idempotent."""
    if all(existing is not loader for _, existing in _loaders):
        _loaders.append((order, loader))


def loaders() -> list[Callable[..., list[str]]]:
    return [loader for _, loader in sorted(_loaders, key=lambda pair: pair[0])]


def _load_units(node, parent=None) -> None:
    name, kind, short, children = node
    unit, _ = Unit.objects.update_or_create(parent=parent, name=name, defaults={"kind": kind, "short_name": short})
    for child in children:
        _load_units(child, unit)


@transaction.atomic
def load_organisation(*, password: str) -> list[str]:
    _load_units(ORGANISATION)
    for name, full_name in GROUPS:
        Lead.objects.update_or_create(name=name, defaults={"kind": Lead.Kind.GROUP, "full_name": full_name})
    cfs = Unit.objects.get(name="Children and Families Service")
    for username, first, last, roles in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@example.org"
        user.is_staff = user.is_superuser = Role.ADMINISTRATOR in roles
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
        if Role.SCRUTINY_MEMBER not in roles:
            user.units.add(cfs)
    return [f"Organisation: {Unit.objects.count()} units, {Lead.objects.filter(kind=Lead.Kind.GROUP).count()} groups."]
