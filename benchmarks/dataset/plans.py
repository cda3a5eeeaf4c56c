"""Plans' scale data: plans shaped like the CFS plan (goal -> headline action -> action -> sub-action), leads,
progress updates with the history each would have left, review comments, evidence, measures and overrides.

Dates are relative to the day it runs and spread over three years, so every colour appears whatever the day:
red (overdue), amber (on hold, update needed, due soon), no date, green, blue (complete) and closed.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from . import PLAN_PREFIX, Scale, links_by_owner, m2m_history

VERBS = [
    "Review", "Embed", "Introduce", "Publish", "Develop", "Deliver", "Monitor", "Commission", "Establish", "Audit",
    "Refresh", "Co-produce",
]  # fmt: skip
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
GOAL_TITLES = [
    "Inclusive Recruitment and Aspirational Support for Staff",
    "Anti-Racist Leadership and Practice with Children and Families",
    "Data, Transparency and Accountability",
    "Safe Spaces and Zero Tolerance to Racism",
    "Education, Training and Reflective Practice",
    "Working with Communities and Partners",
    "Commissioning and Procurement",
    "Intersectionality and Wellbeing",
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
NOT_STARTED_SENTENCES = ["Not started yet: waiting for the working group.", "Scoping with HR before we start."]
COMMENT_TEXTS = [
    "Is this a one off or part of ongoing work?",
    "What does success look like here?",
    "Who holds the data for this?",
    "Can we see the evaluation?",
    "Is this still the right lead?",
]
TIMESCALES = ["By March {y}", "Q{q} {y}/{y2}", "Ongoing", "Six months", "April {y} to March {y2}", "By end of {y}"]
GROUP_LEADS = ["SLT", "DMT", "WFDB", "PRELG", "ICSMT", "HR Board", "Equalities Board", "CFS Leadership Team"]
THEMES = [
    "Zero tolerance", "Data and transparency", "Safe spaces", "Education and training", "Recruitment",
    "Intersectionality", "Community and partners", "Non-theme related",
]  # fmt: skip
PILLARS = ["Institutional change", "Community engagement", "Culture and leadership", "Accountability", "Influence"]
STATUS_WEIGHTS = {"not_started": 20, "in_progress": 40, "on_hold": 5, "complete": 20, "ongoing": 10, "not_pursued": 5}
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
LETTERS = "ABCDEFGHI"

GOALS_PER_PLAN = 6
PLACEHOLDERS_PER_PLAN = 4  # people a plan names by initials whom nobody has linked to an account yet
BENCH_LEAD_OWN = 140  # actions naming bench-lead ...
BENCH_LEAD_GROUP = 60  # ... and actions naming a group bench-lead acts for: about 200 on "My actions"
OWNER_PLANS = 3  # plans bench-owner owns: the biggest, the mean-sized one and one more
REASON = "Generated for the benchmark"
EVIDENCE_SITE = "https://intranet.example.org/evidence"


def add_arguments(parser) -> None:
    group = parser.add_argument_group("plans")
    group.add_argument("--plans", type=int, default=20, help="Number of plans (default 20).")
    group.add_argument(
        "--actions-per-plan",
        type=int,
        default=500,
        help="Mean actions per plan (default 500). Plans run from half to one and a half times this, so the "
        "biggest has 1.5x (750) and one has exactly the mean (500).",
    )
    group.add_argument(
        "--updates-per-action",
        type=int,
        default=20,
        help="Mean progress updates per action (default 20; each between half and one and a half times this), "
        "each with the action history record the service writes.",
    )


def check_arguments(options: dict) -> list[str]:
    wrong = []
    if options["plans"] < 1 or options["actions_per_plan"] < 1:
        wrong.append("--plans and --actions-per-plan must be at least 1.")
    if options["updates_per_action"] < 0:
        wrong.append("--updates-per-action cannot be negative.")
    return wrong


def foreign() -> list[str]:
    from plans.models import Plan

    plans = Plan.objects.exclude(title__startswith=PLAN_PREFIX).count()
    return [f"{plans} plan(s) whose title does not start with {PLAN_PREFIX!r}"] if plans else []


def plan_sizes(plans: int, mean: int) -> list[int]:
    """Sizes from half to one and a half times the mean: one clearly biggest plan (1.5x) and one of exactly the
    mean (the one nearest it, the difference taken from the smallest), so the total stays plans x mean."""
    if plans == 1:
        return [mean]
    sizes = [max(1, round(mean * (0.5 + i / (plans - 1)))) for i in range(plans)]
    if plans > 2:
        nearest = min(range(1, plans - 1), key=lambda i: (abs(sizes[i] - mean), i))
        sizes[0] = max(1, sizes[0] + sizes[nearest] - mean)
        sizes[nearest] = mean
    return sizes


@dataclass
class Spec:
    plan: int
    goal: int
    parent: int | None  # index into the spec list
    depth: int
    code: str
    reference: str
    position: int


def tree_specs(rng, goals: int, size: int) -> list[tuple]:
    """(goal, parent_offset, depth, code, reference, position) for one plan, like the CFS plan: headline actions
    "1.2" with one to six actions "A".."F" under them, and sub-actions "i".."iii" under some of those."""
    out: list[tuple] = []
    headline_counts = [0] * goals
    g = 0
    while len(out) < size:
        headline_counts[g] += 1
        number = headline_counts[g]
        top = len(out)
        out.append((g, None, 0, f"{g + 1}.{number}", f"{g + 1}.{number}", number - 1))
        for c in range(rng.choice([1, 2, 3, 3, 4, 5, 6])):
            if len(out) >= size:
                break
            letter = LETTERS[c]
            child = len(out)
            out.append((g, top, 1, letter, f"{g + 1}.{number}.{letter}", c))
            for s in range(rng.choice([0, 0, 0, 0, 0, 1, 2, 3])):
                if len(out) >= size:
                    break
                out.append((g, child, 2, ROMAN[s], f"{g + 1}.{number}.{letter}.{ROMAN[s]}", s))
        g = (g + 1) % goals
    return out


def at(day: date, hour: int, minute: int = 0) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def generate(scale: Scale) -> dict[str, int]:
    """Plans' scale data, step by step (each step draws from the one seeded random source in a fixed order)."""
    build = Build(scale)
    build.leads()
    build.plans_and_goals()
    build.actions()
    build.action_links()
    build.updates_and_history()
    build.comments_and_evidence()
    build.measures()
    return build.made


class Build:
    """What the steps share: the options, the random source, and what earlier steps made."""

    def __init__(self, scale: Scale) -> None:
        self.scale, self.rng, self.today, self.now = scale, scale.rng, scale.today, scale.now
        self.people = scale.people
        options = scale.options
        self.plan_count, self.per_plan = options["plans"], options["actions_per_plan"]
        self.per_action = options["updates_per_action"]
        self.long_ago = self.now - timedelta(days=1100)
        self.made: dict[str, int] = {}

    def leads(self) -> None:
        """Every action lead's account linked to a lead (initials, as plans write them), boards with members, and
        a few placeholders per plan that nobody has linked yet. Themes and pillars first."""
        from simple_history.utils import bulk_create_with_history

        from organisation.models import Lead
        from plans.models import Pillar, Theme

        rng, people = self.rng, self.people
        self.themes = Theme.objects.bulk_create(Theme(name=n) for n in THEMES)
        self.pillars = Pillar.objects.bulk_create(Pillar(name=n) for n in PILLARS)
        self.leads_people = people.by_role.get("Action lead", [])
        self.bench_lead_user = people.named["lead"]
        initials = ["".join(t) for t in itertools.product("ABCDEFGHJKLMNPRSTVWY", repeat=3)]
        rng.shuffle(initials)
        names = iter(i for i in initials if i not in GROUP_LEADS)
        person_leads = [
            Lead(
                name="LL" if u.pk == self.bench_lead_user.pk else next(names),
                kind=Lead.Kind.PERSON,
                full_name=f"{u.first_name} {u.last_name}",
                unit=rng.choice(people.service_areas),
            )
            for u in self.leads_people
        ]
        # Created by an import as placeholders, then linked by a plan owner: the history says both.
        person_leads = bulk_create_with_history(
            person_leads, Lead, batch_size=2000, default_change_reason="Imported", default_date=self.long_ago
        )
        self.owners_pool = people.by_role.get("Plan owner", []) or [people.named["owner"]]
        for lead, user in zip(person_leads, self.leads_people, strict=True):
            lead.user = user
            lead._history_user = rng.choice(self.owners_pool)
            lead._change_reason = f"Linked to {user.first_name} {user.last_name}"
            lead._history_date = self.long_ago + timedelta(days=rng.randint(1, 1000), minutes=rng.randint(0, 600))
        Lead.objects.bulk_update(person_leads, ["user"], batch_size=1000)
        Lead.history.bulk_history_create(person_leads, update=True, batch_size=2000)
        self.group_leads = bulk_create_with_history(
            [Lead(name=n, kind=Lead.Kind.GROUP, full_name=f"{n} (board)", unit=people.council) for n in GROUP_LEADS],
            Lead,
            default_change_reason=REASON,
            default_date=self.long_ago,
        )
        self.bench_group = self.group_leads[-1]
        members = [Lead.members.through(lead_id=self.bench_group.pk, user_id=self.bench_lead_user.pk)]
        for group in self.group_leads:
            for user in rng.sample(self.leads_people, min(3, len(self.leads_people))):
                if not (group is self.bench_group and user.pk == self.bench_lead_user.pk):
                    members.append(Lead.members.through(lead_id=group.pk, user_id=user.pk))
        members = Lead.members.through.objects.bulk_create(members)
        group_records = list(Lead.history.filter(id__in=[g.pk for g in self.group_leads]))
        m2m_history(Lead, "members", group_records, links_by_owner(members, "lead_id"))
        self.placeholders = bulk_create_with_history(
            [Lead(name=next(names), kind=Lead.Kind.PERSON) for _ in range(self.plan_count * PLACEHOLDERS_PER_PLAN)],
            Lead,
            batch_size=2000,
            default_change_reason="Imported",
            default_date=self.long_ago,
        )
        self.person_leads = person_leads
        self.bench_lead = next(lead for lead in person_leads if lead.user_id == self.bench_lead_user.pk)
        self.other_people = [lead for lead in person_leads if lead is not self.bench_lead]
        self.made["leads"] = len(person_leads) + len(self.group_leads) + len(self.placeholders)

    def plans_and_goals(self) -> None:
        """Plans, each with its own RAG windows, owners, board and service area; their goals; each plan's tree."""
        from simple_history.utils import bulk_create_with_history

        from plans.models import Goal, Plan

        rng, today, plans = self.rng, self.today, self.plan_count
        self.sizes = sizes = plan_sizes(plans, self.per_plan)
        self.biggest = max(range(plans), key=lambda i: (sizes[i], -i))
        mean_sized = next((i for i in range(plans) if sizes[i] == self.per_plan and i != self.biggest), self.biggest)
        windows = [(90, 30), (90, 30), (60, 14), (120, 45), (90, 30)]
        self.areas = areas = self.people.service_areas
        self.plan_objs = bulk_create_with_history(
            [
                Plan(
                    title=f"{PLAN_PREFIX}plan {i + 1:02}: {areas[i % len(areas)].name}",
                    description="Generated for the benchmark.",
                    period_start=date(today.year - 2, 4, 1),
                    period_end=date(today.year + 2, 3, 31),
                    update_window_days=windows[i % 5][0],
                    due_soon_days=windows[i % 5][1],
                    governance_body=self.group_leads[i % len(self.group_leads)],
                    review_rhythm=Plan.ReviewRhythm.QUARTERLY,
                )
                for i in range(plans)
            ],
            Plan,
            default_change_reason=REASON,
            default_date=self.long_ago,
        )
        self.bench_owner = bench_owner = self.people.named["owner"]
        pool = self.owners_pool
        owned = [self.biggest, mean_sized]
        owned += [i for i in range(plans) if i not in (self.biggest, mean_sized)][: OWNER_PLANS - 2]
        owner_links = []
        self.plan_owners: dict[int, list] = {}
        for i, plan in enumerate(self.plan_objs):
            chosen = {u.pk: u for u in rng.sample(pool, min(len(pool), rng.choice([1, 1, 2, 3])))}
            if i in owned:
                chosen[bench_owner.pk] = bench_owner
            else:
                chosen.pop(bench_owner.pk, None)
                if not chosen:
                    other = [u for u in pool if u.pk != bench_owner.pk]
                    if other:
                        chosen[other[0].pk] = other[0]
            self.plan_owners[i] = list(chosen.values()) or [bench_owner]
            owner_links += [Plan.owners.through(plan_id=plan.pk, user_id=u.pk) for u in self.plan_owners[i]]
        Plan.owners.through.objects.bulk_create(owner_links)
        Plan.owning_units.through.objects.bulk_create(
            Plan.owning_units.through(plan_id=p.pk, unit_id=areas[i % len(areas)].pk)
            for i, p in enumerate(self.plan_objs)
        )
        goals_of = [max(1, min(GOALS_PER_PLAN, size // 5)) for size in sizes]
        self.goal_objs = bulk_create_with_history(
            [
                Goal(
                    plan=p,
                    number=str(g + 1),
                    position=g,
                    title=GOAL_TITLES[g % len(GOAL_TITLES)],
                    outcome="Staff workforce is representative of the community at all levels.",
                )
                for pi, p in enumerate(self.plan_objs)
                for g in range(goals_of[pi])
            ],
            Goal,
            default_change_reason=REASON,
            default_date=self.long_ago,
        )
        goals = iter(self.goal_objs)
        self.goal_of = {(pi, g): next(goals) for pi in range(plans) for g in range(goals_of[pi])}
        self.specs: list[Spec] = []
        for pi, size in enumerate(sizes):
            base = len(self.specs)
            for goal, parent, depth, code, reference, position in tree_specs(rng, goals_of[pi], size):
                parent_index = None if parent is None else base + parent
                self.specs.append(Spec(pi, goal, parent_index, depth, code, reference, position))
        self.made.update({"plans": len(self.plan_objs), "goals": len(self.goal_objs)})

    def actions(self) -> None:
        """Each action's life decided up front (final status, dates, its updates' days and statuses), then the
        actions created as an import creates them, level by level, each with its creation record."""
        from simple_history.utils import bulk_create_with_history

        from plans.choices import Status
        from plans.models import Action

        rng, today, per_action, specs = self.rng, self.today, self.per_action, self.specs
        statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=len(specs))
        self.lives: list[dict] = []
        objs: list = []
        for i, spec in enumerate(specs):
            status = statuses[i]
            created_on = today - timedelta(days=rng.randint(200, 1095))
            ongoing = status == Status.ONGOING or rng.random() < 0.03
            due = (
                None
                if (ongoing and rng.random() < 0.7) or rng.random() < 0.08
                else today + timedelta(days=rng.randint(-365, 900))
            )
            start = due - timedelta(days=rng.randint(30, 540)) if due and rng.random() < 0.6 else None
            # The newest update: recent for most, older than any update window for about a third (stale).
            newest = today - timedelta(days=rng.randint(0, 80) if rng.random() < 0.65 else rng.randint(121, 700))
            newest = max(newest, created_on)
            count = rng.randint(per_action - per_action // 2, per_action + per_action // 2) if per_action else 0
            span = (newest - created_on).days
            days = sorted([newest - timedelta(days=rng.randint(0, span)) for _ in range(count - 1)] + [newest])
            days = days[-count:] if count else []
            written = [d if rng.random() > 0.04 else None for d in days]  # a few imported updates carry no date
            steps = [Status.NOT_STARTED if status == Status.NOT_STARTED else Status.IN_PROGRESS] * count
            if count:
                steps[-1] = status
            override = rng.random() < 0.03
            life = {
                "status": status,
                "days": days,
                "written": written,
                "steps": steps,
                "override": override,
                "update_requested": rng.random() < 0.05,
                "owner": rng.choice(self.plan_owners[spec.plan]),
            }
            self.lives.append(life)
            year = (due or today).year
            action = Action(
                plan=self.plan_objs[spec.plan],
                goal=self.goal_of[(spec.plan, spec.goal)],
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
                service_area=rng.choice(self.areas),
                immediate_need=rng.random() < 0.1,
                status=Status.NOT_STARTED if count else status,  # as created; its updates bring it to its final state
                created_on=created_on,
                version=1,
            )
            action._history_date = at(created_on, 8, rng.randint(0, 59))  # before its first update
            action._history_user = life["owner"]
            action._change_reason = "Created"
            objs.append(action)
        for depth in (0, 1, 2):
            level = [i for i, s in enumerate(specs) if s.depth == depth]
            for i in level:
                if specs[i].parent is not None:
                    objs[i].parent = objs[specs[i].parent]
            bulk_create_with_history([objs[i] for i in level], Action, batch_size=2000)
        self.action_objs = objs
        self.made["actions"] = len(objs)

    def action_links(self) -> None:
        """Leads (bench-lead's ~200 actions among them), themes, pillars and cross-references of each action, and
        the many-to-many history rows of the creation records."""
        from plans.models import Action

        rng, actions, specs = self.rng, self.action_objs, self.specs
        own_count = min(BENCH_LEAD_OWN, len(actions) // 10)
        group_count = min(BENCH_LEAD_GROUP, len(actions) // 20)
        picked = rng.sample(range(len(actions)), own_count + group_count)
        own, via_group = set(picked[:own_count]), set(picked[own_count:])
        placeholders_of = {
            pi: self.placeholders[pi * PLACEHOLDERS_PER_PLAN : (pi + 1) * PLACEHOLDERS_PER_PLAN]
            for pi in range(self.plan_count)
        }
        pool = self.other_people * 4 + self.group_leads  # people four times as often as groups
        lead_links = []
        for i, action in enumerate(actions):
            chosen = {lead.pk: lead for lead in rng.sample(pool, rng.choice([1, 1, 2]))}
            if rng.random() < 0.05:  # a name the plan gave that nobody has linked yet
                lead = rng.choice(placeholders_of[specs[i].plan])
                chosen[lead.pk] = lead
            if i in own:
                chosen[self.bench_lead.pk] = self.bench_lead
            if i in via_group:
                chosen[self.bench_group.pk] = self.bench_group
            lead_links += [Action.leads.through(action_id=action.pk, lead_id=pk) for pk in chosen]
        for pi, names in placeholders_of.items():  # every placeholder is named somewhere in its plan
            in_plan = [a for a, s in zip(actions, specs, strict=True) if s.plan == pi]
            lead_links += [Action.leads.through(action_id=rng.choice(in_plan).pk, lead_id=lead.pk) for lead in names]
        lead_links = list({(x.action_id, x.lead_id): x for x in lead_links}.values())  # each pair once
        self.lead_links = lead_links = Action.leads.through.objects.bulk_create(lead_links, batch_size=5000)
        theme_links = Action.themes.through.objects.bulk_create(
            [
                Action.themes.through(action_id=a.pk, theme_id=t.pk)
                for a in actions
                for t in rng.sample(self.themes, rng.choice([0, 1, 1, 2]))
            ],
            batch_size=5000,
        )
        pillar_links = Action.pillars.through.objects.bulk_create(
            [
                Action.pillars.through(action_id=a.pk, pillar_id=rng.choice(self.pillars).pk)
                for a in actions
                if rng.random() < 0.5
            ],
            batch_size=5000,
        )
        by_plan: dict[int, list] = {}
        for a in actions:
            by_plan.setdefault(a.plan_id, []).append(a)
        cross = {}
        for a in actions:
            if rng.random() < 0.02:
                other = rng.choice(by_plan[a.plan_id])
                if other.pk != a.pk:
                    cross[(a.pk, other.pk)] = Action.cross_references.through(
                        from_action_id=a.pk, to_action_id=other.pk
                    )
        cross_links = Action.cross_references.through.objects.bulk_create(list(cross.values()), batch_size=5000)
        self.links = {
            "leads": links_by_owner(lead_links, "action_id"),
            "themes": links_by_owner(theme_links, "action_id"),
            "pillars": links_by_owner(pillar_links, "action_id"),
            "cross_references": links_by_owner(cross_links, "from_action_id"),
        }
        self.made["action_lead_links"] = len(lead_links)
        # The creation records' many-to-many rows (the import set leads and themes as it created each action).
        records = Action.history.filter(history_type="+").only("history_id", "id").iterator(chunk_size=5000)
        self.m2m_rows = 0
        chunk: list = []
        for record in itertools.chain(records, [None]):
            if record is not None:
                chunk.append(record)
            if len(chunk) >= 5000 or (record is None and chunk):
                for name, by_action in self.links.items():
                    self.m2m_rows += m2m_history(Action, name, chunk, by_action)
                chunk = []

    def updates_and_history(self) -> None:
        """Progress updates and the action history record each leaves (status, last update, version, who, why),
        plan by plan to bound memory; then a lead's colour and a request for an update as one record each; then
        the actions brought to the state their newest record shows."""
        from plans.choices import Rag, Status
        from plans.models import Action, ProgressUpdate

        rng, today = self.rng, self.today
        authors_of: dict[int, list] = {}
        for link in self.lead_links:
            authors_of.setdefault(link.action_id, []).append(link.lead_id)
        user_of_lead = {lead.pk: lead.user for lead in self.person_leads}
        updates_made = history_made = 0
        final_fields = [
            "status",
            "last_update_on",
            "version",
            "update_requested",
            "rag_override",
            "rag_override_reason",
            "rag_override_expires",
            "rag_override_by",
        ]
        for pi in range(self.plan_count):
            in_plan = [
                (a, life) for a, life, s in zip(self.action_objs, self.lives, self.specs, strict=True) if s.plan == pi
            ]
            updates, snapshots = [], []
            for action, life in in_plan:
                writers = [user_of_lead[pk] for pk in authors_of.get(action.pk, []) if pk in user_of_lead]
                writers = writers or [life["owner"]]
                last_update_on = None
                history = zip(life["days"], life["written"], life["steps"], strict=True)
                for k, (day, written_on, step) in enumerate(history):
                    imported = rng.random() < 0.3
                    author = None if imported else rng.choice(writers)
                    sentences = NOT_STARTED_SENTENCES if step == Status.NOT_STARTED else UPDATE_SENTENCES
                    text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4))).format(
                        q=rng.randint(1, 4), n=rng.randint(5, 400)
                    )
                    updates.append(
                        ProgressUpdate(
                            action=action,
                            author=author,
                            author_name="Imported from plan.xlsx" if imported else "",
                            written_on=written_on,
                            text=text,
                            status=step,
                            rag="" if imported else rng.choice([Rag.GREEN, Rag.AMBER, Rag.RED]),
                            source=ProgressUpdate.Source.IMPORT if imported else ProgressUpdate.Source.BROWSER,
                        )
                    )
                    if written_on and (last_update_on is None or written_on > last_update_on):
                        last_update_on = written_on
                    action.status, action.last_update_on, action.version = step, last_update_on, action.version + 1
                    action.update_requested = False
                    reason = "Imported" if imported else f"Progress update: status {Status(step).label.lower()}"
                    # In order, even several on one day.
                    snapshots.append(_snapshot(action, at(day, 9) + timedelta(minutes=k), author, reason))
                action.status = life["status"]  # an action with no updates yet keeps the status it was given
                last_day = max(life["days"], default=action.created_on)
                if life["override"]:
                    action.rag_override = rng.choice([Rag.RED, Rag.AMBER, Rag.GREEN])
                    action.rag_override_reason = "Agreed at DMT: the data is late but the work is on track."
                    choice = rng.random()
                    action.rag_override_expires = (
                        None if choice < 0.4 else today + timedelta(days=rng.randint(-200, 200))
                    )
                    action.rag_override_by = life["owner"]
                    action.version += 1
                    reason = f"RAG set to {Rag(action.rag_override).label.lower()}: {action.rag_override_reason}"
                    snapshots.append(_snapshot(action, at(last_day, 17), life["owner"], reason))
                if life["update_requested"]:
                    action.update_requested = True
                    action.version += 1
                    snapshots.append(_snapshot(action, at(last_day, 18), life["owner"], "Update requested"))
            ProgressUpdate.objects.bulk_create(updates, batch_size=5000)
            records = Action.history.bulk_history_create(snapshots, update=True, batch_size=5000)
            for name, by_action in self.links.items():
                self.m2m_rows += m2m_history(Action, name, records, by_action)
            Action.objects.bulk_update([a for a, _ in in_plan], final_fields, batch_size=1000)
            updates_made += len(updates)
            history_made += len(records)
        self.made["progress_updates"] = updates_made
        self.made["action_history_records"] = len(self.action_objs) + history_made
        self.made["action_link_history_rows"] = self.m2m_rows

    def comments_and_evidence(self) -> None:
        """Review comments on about a third of actions, in every state; evidence links on some."""
        from simple_history.utils import bulk_create_with_history

        from plans.models import EvidenceLink, ReviewComment

        rng, now = self.rng, self.now
        authors = self.leads_people or [self.bench_owner]
        comments = []
        for action, life in zip(self.action_objs, self.lives, strict=True):
            for _ in range(rng.choice([0, 0, 0, 0, 1, 1, 2])):
                state = rng.choice(["open", "answered", "resolved"])
                comments.append(
                    ReviewComment(
                        action=action,
                        author=life["owner"],
                        text=rng.choice(COMMENT_TEXTS),
                        assigned_to=rng.choice(authors),
                        state=state,
                        response="Yes, it is part of the workforce strategy." if state != "open" else "",
                        responded_by=self.bench_lead_user if state != "open" else None,
                        responded_at=now if state != "open" else None,
                        resolved_by=life["owner"] if state == "resolved" else None,
                        resolved_at=now if state == "resolved" else None,
                    )
                )
        bulk_create_with_history(
            comments, ReviewComment, batch_size=5000, default_change_reason=REASON, default_date=self.long_ago
        )
        evidence = [
            EvidenceLink(action=a, title=f"Evidence {n + 1}", url=f"{EVIDENCE_SITE}/{a.pk}/{n + 1}")
            for a in self.action_objs
            if rng.random() < 0.1
            for n in range(rng.randint(1, 2))
        ]
        bulk_create_with_history(
            evidence, EvidenceLink, batch_size=5000, default_change_reason=REASON, default_date=self.long_ago
        )
        self.made.update({"review_comments": len(comments), "evidence_links": len(evidence)})

    def measures(self) -> None:
        """Two measures per goal with twelve quarterly values; goal 1 of the biggest plan has four."""
        from plans.models import Measure, MeasureValue

        measures = []
        for (pi, g), goal in self.goal_of.items():
            for m in range(4 if (pi, g) == (self.biggest, 0) else 2):
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
        quarters = [date(self.today.year - 3, 4, 1) + timedelta(days=91 * q) for q in range(12)]
        values = MeasureValue.objects.bulk_create(
            [
                MeasureValue(
                    measure=m, period_label=f"Q{q % 4 + 1} {d.year}", period_start=d, value=self.rng.randint(20, 45)
                )
                for m in measures
                for q, d in enumerate(quarters)
            ],
            batch_size=5000,
        )
        self.made.update({"measures": len(measures), "measure_values": len(values)})


def _snapshot(action, when: datetime, user, reason: str):
    """The action as one save left it, for the history record that save wrote."""
    snapshot = copy.copy(action)
    snapshot._history_date, snapshot._history_user, snapshot._change_reason = when, user, reason
    return snapshot
