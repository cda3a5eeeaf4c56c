"""Benchmark: generate a large plans data set, then time the main pages, exports, RAG and import on it.

    .venv/bin/python benchmarks/run.py [--plans 20] [--actions-per-plan 500] [--repeat 5] [--keep]
                                       [--budget 60] [--seed 1]

The database is never the developer's own: by default a fresh SQLite file, benchmarks/out/bench.sqlite3
(deleted afterwards unless --keep); or the database named in BENCH_DATABASE_URL, e.g.
postgres://postgres@127.0.0.1:5432/arp_bench, which must be empty or hold only an earlier benchmark
data set (it is emptied before and after the run, unless --keep). DATABASE_URL is ignored.

Prints a table (median and max wall time over --repeat runs after one warm-up run, fewer for a step
slower than --budget allows; SQL queries of the warm-up run; response size) and writes
benchmarks/out/results.json. Exits non-zero only if a page answers with a status other than 200 or a
step raises; slowness is reported, never failed.
See docs/performance.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "benchmarks" / "out"
DEFAULT_SQLITE = OUT_DIR / "bench.sqlite3"
MARKER = OUT_DIR / "kept_dataset.json"  # what a --keep run left behind, so the next --keep run can reuse it

# Usernames of the accounts the benchmark creates; a database with any other account is refused.
PREFIX = "bench-"


def configure() -> tuple[str, bool]:
    """Point Django at the benchmark database before settings load; returns (url, is_default_sqlite)."""
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    default = not url
    if default:
        url = f"sqlite:///{DEFAULT_SQLITE}"
    if os.environ.get("DATABASE_URL"):
        print("Note: DATABASE_URL is ignored; the benchmark uses BENCH_DATABASE_URL or its own SQLite file.")
    os.environ["DATABASE_URL"] = url
    # The test settings: DEBUG off, plain static storage (no collectstatic manifest needed), in-memory email.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(BASE_DIR))
    return url, default


# --- the data set ----------------------------------------------------------------------------------------

VERBS = [
    "Review",
    "Embed",
    "Introduce",
    "Publish",
    "Develop",
    "Deliver",
    "Monitor",
    "Commission",
    "Establish",
    "Audit",
    "Refresh",
    "Co-produce",
]
OBJECTS = [
    "recruitment panels so they include practitioners from Global Majority backgrounds",
    "reverse mentoring between senior leaders and Black staff",
    "anti-racist practice standards in supervision",
    "ethnicity pay gap reporting for every directorate",
    "exit interview data broken down by ethnicity",
    "training on adultification bias for social workers",
    "the complaints process for racist incidents",
    "career progression pathways for Black and Global Majority staff",
    "disproportionality data for children in care",
    "a staff network for Global Majority colleagues",
    "cultural competence in assessments and plans",
    "equality monitoring in commissioned services",
    "the induction programme with anti-racist content",
    "a safe space for staff to raise concerns",
    "data sharing with partners on stop and search",
    "coaching for aspiring managers",
]
UPDATE_SENTENCES = [
    "Panels now include practitioners.",
    "Reverse mentoring pilot launched with twelve pairs.",
    "Data for Q{q} shared with DMT.",
    "Delayed by restructure; new date agreed.",
    "Training delivered to {n} staff.",
    "Awaiting HR data on progression.",
    "Co-produced with the staff network.",
    "Discussed at the PRELG meeting.",
    "Evaluation report drafted.",
    "Budget approved for next year.",
    "Survey closed with {n} responses.",
]
COMMENT_TEXTS = [
    "Is this a one off or part of ongoing work?",
    "What does success look like here?",
    "Who holds the data for this?",
    "Can we see the evaluation?",
    "Is this still the right lead?",
]
TIMESCALES = ["By March {y}", "Q{q} {y}/{y2}", "Ongoing", "Six months", "April {y} to March {y2}", "By end of {y}"]
GROUP_LEADS = ["SLT", "DMT", "WFDB", "PRELG", "ICSMT", "HR Board", "Equalities Board", "CFS Leadership Team"]
SERVICE_AREAS = [
    "Safeguarding and Learning",
    "Corporate Parenting",
    "Clinical Services",
    "Early Help",
    "Youth Justice",
    "Business Support",
    "Hackney Education",
    "Adult Social Care",
    "Integrated Commissioning",
    "HR and OD",
    "Housing Needs",
    "Public Health",
]
STATUS_WEIGHTS = {"not_started": 20, "in_progress": 40, "on_hold": 5, "complete": 20, "ongoing": 10, "not_pursued": 5}
ROMAN = ["i", "ii", "iii", "iv"]

BENCH_LEAD_OWN = 140  # actions naming the lead benchmarked on "My actions" ...
BENCH_LEAD_GROUP = 60  # ... and actions naming a group they act for: about 200 in all
HEAVY_UPDATES, HEAVY_COMMENTS, HEAVY_SAVES = 80, 25, 40  # the action page benchmarked


@dataclass
class Spec:
    plan: int
    goal: int
    parent: int | None  # index into the spec list
    depth: int
    code: str
    reference: str
    position: int


def plan_sizes(plans: int, per_plan: int) -> list[int]:
    """Sizes from half to one and a half times the mean, so there is one clearly biggest plan."""
    if plans == 1:
        return [per_plan]
    return [max(1, round(per_plan * (0.5 + i / (plans - 1)))) for i in range(plans)]


def tree_specs(rng: random.Random, goals: int, size: int) -> list[tuple]:
    """(goal, parent_offset, depth, code, reference, position) for one plan: headline -> action -> sub-action."""
    out: list[tuple] = []
    headline_counts = [0] * goals
    g = 0
    while len(out) < size:
        headline_counts[g] += 1
        number = headline_counts[g]
        top = len(out)
        out.append((g, None, 0, f"{g + 1}.{number}", f"{g + 1}.{number}", number - 1))
        for c in range(rng.randint(1, 4)):
            if len(out) >= size:
                break
            letter = "ABCD"[c]
            child = len(out)
            out.append((g, top, 1, letter, f"{g + 1}.{number}.{letter}", c))
            for s in range(rng.choice([0, 0, 1, 2, 3])):
                if len(out) >= size:
                    break
                out.append((g, child, 2, ROMAN[s], f"{g + 1}.{number}.{letter}.{ROMAN[s]}", s))
        g = (g + 1) % goals
    return out


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


def generate(*, plans: int, per_plan: int, seed: int) -> None:
    """Bulk-insert the data set.

    Plain bulk_create skips django-simple-history. That is fine for a benchmark data set, except that pages
    read history (the plan page's timeline, the action page's), so the tracked models get their creation
    record through bulk_create_with_history, as an import would leave them. Later edits are not simulated,
    except on the one action whose page is benchmarked, which gets HEAVY_SAVES real saves.
    """
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from organisation.models import Lead, Unit, User
    from plans.choices import Rag, Status
    from plans.models import Action, Goal, Measure, MeasureValue, Pillar, Plan, ProgressUpdate, ReviewComment, Theme
    from shared.roles import Role

    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    groups = {g.name: g for g in Group.objects.all()}
    history = {"default_change_reason": "Generated for the benchmark", "default_date": now - timedelta(days=1100)}

    with transaction.atomic():
        council = Unit.objects.create(name="Benchmark Council", kind=Unit.Kind.COUNCIL)
        units = Unit.objects.bulk_create(Unit(name=n, kind=Unit.Kind.TEAM, parent=council) for n in SERVICE_AREAS)
        themes = Theme.objects.bulk_create(
            Theme(name=f"Theme {n}")
            for n in [
                "Zero tolerance",
                "Data and transparency",
                "Safe spaces",
                "Education and training",
                "Recruitment",
                "Intersectionality",
                "Community and partners",
                "Non-theme related",
            ]
        )
        pillars = Pillar.objects.bulk_create(
            Pillar(name=n)
            for n in [
                "Institutional change",
                "Community engagement",
                "Culture and leadership",
                "Accountability",
                "Influence",
            ]
        )

        # People: four named accounts the pages are opened as, and 200 action leads.
        named = {
            "owner": ("Olu", "Owner", [Role.PLAN_OWNER, Role.ACTION_LEAD]),
            "slt": ("Sam", "Senior", [Role.SENIOR_LEADERSHIP]),
            "lead": ("Lee", "Lead", [Role.ACTION_LEAD]),
            "admin": ("Ada", "Admin", [Role.ADMINISTRATOR]),
        }
        people = [
            User(username=f"{PREFIX}{key}", first_name=first, last_name=last, password="!")
            for key, (first, last, _) in named.items()
        ]
        people += [
            User(username=f"{PREFIX}person{n:03}", first_name=f"Person{n:03}", last_name="Lead", password="!")
            for n in range(200)
        ]
        people = User.objects.bulk_create(people)
        by_name = {u.username: u for u in people}
        owner, lead_user = by_name[f"{PREFIX}owner"], by_name[f"{PREFIX}lead"]
        memberships = [
            User.groups.through(user_id=by_name[f"{PREFIX}{key}"].pk, group_id=groups[str(role)].pk)
            for key, (_, _, roles) in named.items()
            for role in roles
        ]
        memberships += [
            User.groups.through(user_id=u.pk, group_id=groups[str(Role.ACTION_LEAD)].pk) for u in people[4:]
        ]
        User.groups.through.objects.bulk_create(memberships)

        # Leads as plans write them: initials for people (200 linked to accounts, 80 placeholders), and groups.
        initials = ["".join(t) for t in itertools.product("ABCDEFGHJKLMNPRSTVW", repeat=3)]
        rng.shuffle(initials)
        leads = [Lead(name="LL", kind=Lead.Kind.PERSON, user=lead_user, full_name="Lee Lead")]
        leads += [
            Lead(name=initials[i], kind=Lead.Kind.PERSON, user=u, full_name=f"{u.first_name} {u.last_name}")
            for i, u in enumerate(people[4:])
        ]
        leads += [Lead(name=initials[200 + i], kind=Lead.Kind.PERSON) for i in range(80)]
        leads += [Lead(name=n, kind=Lead.Kind.GROUP, full_name=f"{n} (board)", unit=council) for n in GROUP_LEADS]
        leads = Lead.objects.bulk_create(leads)
        bench_lead, bench_group = leads[0], leads[-1]
        other_people, groups_leads = leads[1:281], leads[281:-1]
        Lead.members.through.objects.bulk_create(
            [Lead.members.through(lead_id=bench_group.pk, user_id=u.pk) for u in [lead_user, *people[4:7]]]
            + [
                Lead.members.through(lead_id=g.pk, user_id=u.pk)
                for g in groups_leads
                for u in rng.sample(people[4:], 3)
            ]
        )

        # Plans with different update windows, so the RAG annotation has one branch per plan as in real use.
        sizes = plan_sizes(plans, per_plan)
        windows = [(90, 30), (90, 30), (60, 14), (120, 45), (90, 30)]
        plan_objs = bulk_create_with_history(
            [
                Plan(
                    title=f"Benchmark plan {i + 1:02}: {SERVICE_AREAS[i % len(SERVICE_AREAS)]}",
                    description="Generated for the benchmark.",
                    period_start=date(today.year - 2, 4, 1),
                    period_end=date(today.year + 2, 3, 31),
                    update_window_days=windows[i % 5][0],
                    due_soon_days=windows[i % 5][1],
                    governance_body=groups_leads[i % len(groups_leads)],
                    review_rhythm=Plan.ReviewRhythm.QUARTERLY,
                )
                for i in range(plans)
            ],
            Plan,
            **history,
        )
        Plan.owners.through.objects.bulk_create(Plan.owners.through(plan_id=p.pk, user_id=owner.pk) for p in plan_objs)
        Plan.owning_units.through.objects.bulk_create(
            Plan.owning_units.through(plan_id=p.pk, unit_id=units[i % len(units)].pk) for i, p in enumerate(plan_objs)
        )
        goals_per_plan = 6
        goal_objs = bulk_create_with_history(
            [
                Goal(
                    plan=p,
                    number=str(g + 1),
                    position=g,
                    title=f"{VERBS[g]} {OBJECTS[g]}",
                    outcome="Staff workforce is representative of the community at all levels.",
                )
                for p in plan_objs
                for g in range(goals_per_plan)
            ],
            Goal,
            **history,
        )
        goal_of = {(pi, g): goal_objs[pi * goals_per_plan + g] for pi in range(plans) for g in range(goals_per_plan)}

        specs: list[Spec] = []
        for pi, size in enumerate(sizes):
            base = len(specs)
            for goal, parent, depth, code, reference, position in tree_specs(rng, goals_per_plan, size):
                specs.append(
                    Spec(pi, goal, None if parent is None else base + parent, depth, code, reference, position)
                )

        # Each action's state, decided before insert so last_update_on matches its updates.
        statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=len(specs))
        objs: list[Action | None] = [None] * len(specs)
        update_dates: list[list[date | None]] = []
        for i, spec in enumerate(specs):
            status = statuses[i]
            created_on = today - timedelta(days=rng.randint(200, 1095))
            ongoing = status == Status.ONGOING or rng.random() < 0.03
            due = (
                None
                if (ongoing and rng.random() < 0.7) or rng.random() < 0.08
                else today + timedelta(days=rng.randint(-540, 720))
            )
            start = due - timedelta(days=rng.randint(30, 540)) if due and rng.random() < 0.6 else None
            # The newest update: recent for most, older than any update window for about a third (stale).
            newest = today - timedelta(days=rng.randint(0, 80) if rng.random() < 0.65 else rng.randint(121, 700))
            count = rng.choices([0, 1, 2, 3, 4, 5, 6], weights=[8, 12, 18, 22, 18, 12, 10])[0]
            days_span = max(0, (newest - created_on).days)
            dated = sorted(
                {newest - timedelta(days=rng.randint(0, days_span)) for _ in range(count - 1)}
                | ({newest} if count else set())
            )
            written = [d if rng.random() > 0.04 else None for d in dated]  # a few imported updates carry no date
            update_dates.append(written)
            override = rng.random() < 0.03
            expires_choice = rng.random()
            year = (due or today).year
            objs[i] = Action(
                plan=plan_objs[spec.plan],
                goal=goal_of[(spec.plan, spec.goal)],
                code=spec.code,
                reference=spec.reference,
                position=spec.position,
                depth=spec.depth,
                title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                detail=rng.choice(["", "", "Working with HR and the staff network. " * rng.randint(1, 4)]),
                measurable=rng.choice(["", "Quarterly data reported to DMT.", "Every panel includes a practitioner."]),
                timescale_text=rng.choice(TIMESCALES).format(y=year, y2=year + 1, q=rng.randint(1, 4)),
                start_date=start,
                due_date=due,
                ongoing=ongoing,
                timescale_needs_review=rng.random() < 0.03,
                service_area=rng.choice(units),
                immediate_need=rng.random() < 0.1,
                status=status,
                update_requested=rng.random() < 0.05,
                last_update_on=max((d for d in written if d), default=None),
                rag_override=rng.choice([Rag.RED, Rag.AMBER, Rag.GREEN]) if override else "",
                rag_override_reason="Agreed at DMT: the data is late but the work is on track." if override else "",
                rag_override_expires=(None if expires_choice < 0.4 else today + timedelta(days=rng.randint(-200, 200)))
                if override
                else None,
                rag_override_by=owner if override else None,
                created_on=created_on,
            )
        for depth in (0, 1, 2):
            level = [i for i, s in enumerate(specs) if s.depth == depth]
            for i in level:
                if specs[i].parent is not None:
                    objs[i].parent = objs[specs[i].parent]
            bulk_create_with_history([objs[i] for i in level], Action, batch_size=2000, **history)
        actions: list[Action] = objs  # type: ignore[assignment]

        # The action page benchmarked: a headline action of the biggest plan with many updates and comments.
        biggest = max(range(plans), key=lambda pi: sizes[pi])
        heavy_index = next(i for i, s in enumerate(specs) if s.plan == biggest and s.depth == 0)
        heavy = actions[heavy_index]

        # Leads: one or two per action; "Lee Lead" leads BENCH_LEAD_OWN actions and acts for a group that
        # leads BENCH_LEAD_GROUP more.
        picked = rng.sample(
            [i for i in range(len(actions)) if i != heavy_index],
            min(len(actions) - 1, BENCH_LEAD_OWN + BENCH_LEAD_GROUP),
        )
        own, via_group = set(picked[:BENCH_LEAD_OWN]) | {heavy_index}, set(picked[BENCH_LEAD_OWN:])
        lead_links = []
        pool = other_people * 4 + groups_leads  # people four times as often as groups
        for i, action in enumerate(actions):
            chosen = {id(x): x for x in rng.sample(pool, rng.choice([1, 1, 2]))}.values()
            for lead in chosen:
                lead_links.append(Action.leads.through(action_id=action.pk, lead_id=lead.pk))
            if i in own:
                lead_links.append(Action.leads.through(action_id=action.pk, lead_id=bench_lead.pk))
            if i in via_group:
                lead_links.append(Action.leads.through(action_id=action.pk, lead_id=bench_group.pk))
        Action.leads.through.objects.bulk_create(lead_links, batch_size=5000, ignore_conflicts=True)
        Action.themes.through.objects.bulk_create(
            [
                Action.themes.through(action_id=a.pk, theme_id=t.pk)
                for a in actions
                for t in rng.sample(themes, rng.choice([0, 1, 1, 2]))
            ],
            batch_size=5000,
        )
        Action.pillars.through.objects.bulk_create(
            [
                Action.pillars.through(action_id=a.pk, pillar_id=rng.choice(pillars).pk)
                for a in actions
                if rng.random() < 0.5
            ],
            batch_size=5000,
        )
        by_plan: dict[int, list[Action]] = {}
        for a in actions:
            by_plan.setdefault(a.plan_id, []).append(a)
        Action.cross_references.through.objects.bulk_create(
            [
                Action.cross_references.through(from_action_id=a.pk, to_action_id=rng.choice(by_plan[a.plan_id]).pk)
                for a in actions
                if rng.random() < 0.02
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )

        # Progress updates, dated over three years; the newest carries the action's status.
        authors = people[4:]

        def update(action: Action, written_on: date | None, status: str) -> ProgressUpdate:
            imported = rng.random() < 0.3
            text = " ".join(rng.choice(UPDATE_SENTENCES) for _ in range(rng.randint(1, 5))).format(
                q=rng.randint(1, 4), n=rng.randint(5, 400)
            )
            return ProgressUpdate(
                action=action,
                author=None if imported else rng.choice(authors),
                author_name="Imported from plan.xlsx" if imported else "",
                written_on=written_on,
                text=text,
                status=status,
                rag="" if imported else rng.choice(["green", "amber", "red"]),
                source=ProgressUpdate.Source.IMPORT if imported else ProgressUpdate.Source.BROWSER,
            )

        updates = []
        for action, dates in zip(actions, update_dates, strict=True):
            for n, written_on in enumerate(dates):
                updates.append(update(action, written_on, action.status if n == len(dates) - 1 else Status.IN_PROGRESS))
        updates += [update(heavy, today - timedelta(days=13 * n), Status.IN_PROGRESS) for n in range(HEAVY_UPDATES)]
        ProgressUpdate.objects.bulk_create(updates, batch_size=5000)

        # Review comments on about a third of actions, in every state.
        comments = []
        for action in actions:
            for _ in range(rng.choice([0, 0, 0, 0, 1, 1, 2]) + (HEAVY_COMMENTS if action is heavy else 0)):
                state = rng.choice(["open", "answered", "resolved"])
                comments.append(
                    ReviewComment(
                        action=action,
                        author=owner,
                        text=rng.choice(COMMENT_TEXTS),
                        assigned_to=rng.choice(authors),
                        state=state,
                        response="Yes, it is part of the workforce strategy." if state != "open" else "",
                        responded_by=lead_user if state != "open" else None,
                        responded_at=now if state != "open" else None,
                        resolved_by=owner if state == "resolved" else None,
                        resolved_at=now if state == "resolved" else None,
                    )
                )
        bulk_create_with_history(comments, ReviewComment, batch_size=5000, **history)

        # Measures: two per goal with twelve quarterly values; goal 1 of the biggest plan has four.
        measures = []
        for (pi, g), goal in goal_of.items():
            for m in range(4 if (pi, g) == (biggest, 0) else 2):
                measures.append(
                    Measure(
                        goal=goal,
                        title=f"Measure {m + 1}: representation at grade {m + 5}",
                        target_text="Within 5% of the borough population",
                        target_value=40,
                        unit="%",
                        direction=Measure.Direction.INCREASE,
                        obtainable=True,
                        source="HR system",
                        frequency="Quarterly",
                        position=m,
                    )
                )
        measures = Measure.objects.bulk_create(measures, batch_size=2000)
        quarters = [date(today.year - 3, 4, 1) + timedelta(days=91 * q) for q in range(12)]
        MeasureValue.objects.bulk_create(
            [
                MeasureValue(
                    measure=m, period_label=f"Q{q % 4 + 1} {d.year}", period_start=d, value=rng.randint(20, 45)
                )
                for m in measures
                for q, d in enumerate(quarters)
            ],
            batch_size=5000,
        )

    # History for the benchmarked action page, through real saves (as the services would write it).
    heavy.refresh_from_db()
    heavy.start_date = today - timedelta(days=200)
    heavy.last_update_on = today  # its newest benchmark update is today's
    cycle = [Status.IN_PROGRESS, Status.ON_HOLD, Status.IN_PROGRESS, Status.NOT_STARTED]
    for n in range(HEAVY_SAVES):
        heavy.status = cycle[n % len(cycle)]
        heavy.due_date = today + timedelta(days=30 + n)
        heavy.version += 1
        heavy._change_reason = "Progress update" if n % 2 else None
        heavy._history_user = owner if n % 3 else lead_user
        heavy.save()


def dataset_size() -> dict[str, int]:
    from django.db.models import Count

    from organisation.models import Lead, User
    from plans.models import Action, Goal, Measure, MeasureValue, Plan, ProgressUpdate, ReviewComment

    depths = dict(Action.objects.order_by().values_list("depth").annotate(n=Count("pk")))
    return {
        "plans": Plan.objects.count(),
        "goals": Goal.objects.count(),
        "actions": sum(depths.values()),
        "headline_actions": depths.get(0, 0),
        "actions_depth_1": depths.get(1, 0),
        "sub_actions": depths.get(2, 0),
        "action_lead_links": Action.leads.through.objects.count(),
        "leads": Lead.objects.count(),
        "users": User.objects.count(),
        "progress_updates": ProgressUpdate.objects.count(),
        "review_comments": ReviewComment.objects.count(),
        "measures": Measure.objects.count(),
        "measure_values": MeasureValue.objects.count(),
        "action_history_rows": Action.history.count(),
        "biggest_plan_actions": max((p.n for p in Plan.objects.annotate(n=Count("actions"))), default=0),
    }


# --- timing ----------------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    run: Callable[[], tuple[int, int, str]]  # -> (HTTP status or 200, size, unit of size)


@dataclass
class Result:
    name: str
    status: int | None
    queries: int | None
    size: int | None
    unit: str
    times_ms: list[float]
    error: str = ""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def max_ms(self) -> float | None:
        return max(self.times_ms) if self.times_ms else None


def measure(case: Case, repeat: int, budget: float) -> Result:
    """One warm-up run with the queries captured, then up to `repeat` timed runs without capture.

    A step whose warm-up took longer than budget / repeat seconds is timed fewer times (at least once), so
    one very slow step (a long PDF) cannot stretch the whole run; the runs column shows how many were timed.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            status, size, unit = case.run()
        warm_up = time.perf_counter() - started
        repeat = max(1, min(repeat, int(budget // warm_up) if warm_up > 0 else repeat))
        # Count now: the next request's request_started signal empties the log the context reads from.
        queries = len(captured)
        if status != 200:
            return Result(case.name, status, queries, size, unit, [], f"HTTP {status}")
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            status, size, unit = case.run()
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                return Result(case.name, status, queries, size, unit, times, f"HTTP {status}")
        return Result(case.name, status, queries, size, unit, times)
    except Exception as error:  # reported, and the script exits non-zero
        return Result(case.name, None, None, None, "", [], f"{type(error).__name__}: {error}")


def cases() -> list[Case]:
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from organisation.models import User
    from plans import selectors
    from plans.demo import PLAN_END, PLAN_FILE, PLAN_START
    from plans.importing.pipeline import parse_file
    from plans.models import Action, Goal, Plan
    from plans.services import plan_import

    def signed_in(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=f"{PREFIX}{username}"))
        return client

    owner, slt, lead = signed_in("owner"), signed_in("slt"), signed_in("lead")

    def page(client: Client, url: str) -> Callable[[], tuple[int, int, str]]:
        def run():
            response = client.get(url)
            return response.status_code, len(response.content), "bytes"

        return run

    biggest = Plan.objects.annotate(n=Count("actions")).order_by("-n", "pk").first()
    heavy = Action.objects.annotate(n=Count("updates")).order_by("-n", "pk").first()
    goal = Goal.objects.annotate(n=Count("measures__values")).order_by("-n", "pk").first()
    mine = selectors.actions_led_by(User.objects.get(username=f"{PREFIX}lead")).count()
    total = Action.objects.count()
    actions_url = reverse("plans:action_list")

    def all_with_rag():
        return 200, len(list(selectors.actions_with_rag())), "rows"

    data = PLAN_FILE.read_bytes()

    def import_seed():
        _, parsed = parse_file(data, PLAN_FILE.name, layout="numbered", plan_start=PLAN_START, plan_end=PLAN_END)
        summary = plan_import(
            parsed=parsed,
            title="Benchmark import (dry run)",
            source_name=PLAN_FILE.name,
            plan_start=PLAN_START,
            plan_end=PLAN_END,
            dry_run=True,
        )
        return 200, summary.created, "actions"

    return [
        Case("Plan list", page(slt, reverse("plans:plan_list"))),
        Case(
            f"Plan page, biggest plan ({biggest.n} actions)",
            page(owner, reverse("plans:plan_detail", args=[biggest.pk])),
        ),
        Case(f"Action list, all {total} actions", page(slt, actions_url)),
        Case("Action list, rag+status+text", page(slt, actions_url + "?rag=amber&status=in_progress&q=mentoring")),
        Case("Action list, page 2", page(slt, actions_url + "?page=2")),
        Case(f"My actions ({mine} actions)", page(lead, reverse("plans:my_actions"))),
        Case(f"Action page ({heavy.n} updates, history)", page(owner, reverse("plans:action_detail", args=[heavy.pk]))),
        Case("Goal measures page", page(slt, reverse("plans:goal_detail", args=[goal.pk]))),
        Case("Export xlsx, biggest plan", page(slt, reverse("plans:plan_export", args=[biggest.pk, "xlsx"]))),
        Case("Export csv, biggest plan", page(slt, reverse("plans:plan_export", args=[biggest.pk, "csv"]))),
        Case("Export pdf, biggest plan", page(slt, reverse("plans:plan_export", args=[biggest.pk, "pdf"]))),
        Case(f"actions_with_rag, all {total} actions", all_with_rag),
        Case("Import seed TSV (dry run)", import_seed),
    ]


def human(size: int | None, unit: str) -> str:
    if size is None:
        return "-"
    if unit == "bytes":
        return f"{size / 1024:,.1f} KB"
    return f"{size:,} {unit}"


def database_description() -> dict[str, str]:
    from django.db import connection

    if connection.vendor == "postgresql":
        version = str(connection.pg_version // 10000) + "." + str(connection.pg_version % 10000)
    elif connection.vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
    else:
        version = ""
    return {"vendor": connection.vendor, "version": version, "name": Path(str(connection.settings_dict["NAME"])).name}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=20, help="Number of plans (default 20).")
    parser.add_argument(
        "--actions-per-plan",
        type=int,
        default=500,
        help="Mean actions per plan; plans range from half to one and a half times this (default 500).",
    )
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per page, after one warm-up run (default 5).")
    parser.add_argument(
        "--budget",
        type=float,
        default=60,
        help="Seconds of timed runs per step: a slower step is timed fewer times, at least once (default 60).",
    )
    parser.add_argument("--seed", type=int, default=1, help="Random seed for the data set (default 1).")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="Keep the data set afterwards, and reuse one kept by an earlier --keep run with the same sizes.",
    )
    args = parser.parse_args()
    if args.plans < 1 or args.actions_per_plan < 1 or args.repeat < 1:
        parser.error("--plans, --actions-per-plan and --repeat must be at least 1.")

    url, default_sqlite = configure()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    wanted = {
        "database": url.split("@")[-1],
        "plans": args.plans,
        "actions_per_plan": args.actions_per_plan,
        "seed": args.seed,
    }
    reuse = args.keep and MARKER.exists() and json.loads(MARKER.read_text()) == wanted
    if default_sqlite and not reuse:
        DEFAULT_SQLITE.unlink(missing_ok=True)
    MARKER.unlink(missing_ok=True)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from organisation.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test Client's host
    db = database_description()
    print(
        f"Database: {db['vendor']} {db['version']} ({db['name']}); {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} (timings are wall time, so other work on the machine shows in them)"
    )

    # Refuse before migrating or emptying anything if the database holds accounts the benchmark did not make.
    if User._meta.db_table in connection.introspection.table_names():
        others = User.objects.exclude(username__startswith=PREFIX).count()
        if others:
            print(
                f"Refusing: the benchmark database holds {others} account(s) the benchmark did not make. "
                "Point BENCH_DATABASE_URL at an empty database made for the benchmark.",
                file=sys.stderr,
            )
            return 2
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.perf_counter() - started
    if reuse and not User.objects.filter(username=f"{PREFIX}lead").exists():
        reuse = False
    if not reuse:
        flush_data()
    started = time.perf_counter()
    if not reuse:
        print(f"Generating {args.plans} plans x about {args.actions_per_plan} actions ...", flush=True)
        generate(plans=args.plans, per_plan=args.actions_per_plan, seed=args.seed)
    generate_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have after a real load
    size = dataset_size()
    print(
        ("Reused" if reuse else "Generated")
        + f" in {generate_seconds:.1f}s (migrate {migrate_seconds:.1f}s): "
        + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in size.items())
    )

    results = []
    load_at_start = os.getloadavg()[0]
    try:
        for case in cases():
            result = measure(case, args.repeat, args.budget)
            results.append(result)
            print(
                f"  {case.name}: {result.median_ms or 0:,.0f} ms" + (f"  ERROR {result.error}" if result.error else ""),
                flush=True,
            )
    finally:
        if args.keep:
            MARKER.write_text(json.dumps(wanted))
        else:
            if default_sqlite:
                connection.close()
                DEFAULT_SQLITE.unlink(missing_ok=True)
            else:
                flush_data()

    name_width = max(len(r.name) for r in results) + 2
    header = f"{'Page or step':<{name_width}}{'median ms':>10}{'max ms':>10}{'runs':>6}{'queries':>9}{'size':>16}"
    print()
    print(
        f"{db['vendor']} {db['version']}, {size['actions']:,} actions in {size['plans']} plans, "
        f"{size['progress_updates']:,} progress updates, {size['review_comments']:,} review comments; "
        f"up to {args.repeat} timed runs each after one warm-up"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        median = f"{r.median_ms:,.0f}" if r.median_ms is not None else "-"
        longest = f"{r.max_ms:,.0f}" if r.max_ms is not None else "-"
        queries = str(r.queries) if r.queries is not None else "-"
        runs, size_text = len(r.times_ms), human(r.size, r.unit)
        print(
            f"{r.name:<{name_width}}{median:>10}{longest:>10}{runs:>6}{queries:>9}{size_text:>16}"
            + (f"  ERROR: {r.error}" if r.error else "")
        )

    report = {
        "database": db,
        "dataset": size,
        "parameters": {
            "plans": args.plans,
            "actions_per_plan": args.actions_per_plan,
            "repeat": args.repeat,
            "budget_seconds": args.budget,
            "seed": args.seed,
        },
        "generate_seconds": round(generate_seconds, 2),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min_at_start": round(load_at_start, 2),
            "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        },
        "reused_dataset": reuse,
        "results": [
            {
                "name": r.name,
                "status": r.status,
                "queries": r.queries,
                "size": r.size,
                "size_unit": r.unit,
                "median_ms": None if r.median_ms is None else round(r.median_ms, 1),
                "max_ms": None if r.max_ms is None else round(r.max_ms, 1),
                "runs": len(r.times_ms),
                "times_ms": [round(t, 1) for t in r.times_ms],
                "error": r.error,
            }
            for r in results
        ],
    }
    (OUT_DIR / "results.json").write_text(json.dumps(report, indent=2))
    print(f"\nWrote {OUT_DIR / 'results.json'}")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
