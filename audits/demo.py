"""Demo data for audits: the June 2024 standards and the glossary from their data files, templates for each type
of audit, an audit programme, and invented, clearly fictional audits (references DEMO-...) moderated by a second
auditor across teams and quarters, so compliance shows real trends; language audits before and after a toolkit.

Audits are made through the services, so they carry the same history, checks and moderation as real ones.
Every minute, note and reference here is made up; no case or person is real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from organisation.models import Lead, Unit, User
from shared.roles import Role

from . import services
from .models import Audit, AuditTemplate, AuditType, Framework, Grade, LanguageMilestone, Rating, Standard

SECOND_AUDITOR = ("demo-auditor2", "Bea", "Moderator")
FIRST_QUARTER = date(2024, 7, 1)  # the standards took effect in June 2024: audits start the next quarter
PROGRAMME_FROM = date(2025, 4, 1)
TOOLKIT_DAY = date(2025, 4, 1)
SEED = 2024

TEMPLATES = {
    "case_file": (
        "Case file audit: anti-racist practice",
        AuditType.CASE_FILE,
        [2, 3, 4, 5, 7, 9, 10, 12, 13, 14, 15, 22],
        ["Does the plan say how the child's identity needs will be met?"],
        "A sample of open case files: assessment, plan, case notes and chronology, read against the standards.",
    ),
    "supervision": (
        "Supervision audit",
        AuditType.SUPERVISION,
        [2, 6, 7, 8, 15],
        ["Is race and identity discussed in supervision, with reflection on the worker's own position?"],
        "Recorded supervision sessions for a sample of practitioners.",
    ),
    "thematic": (
        "Thematic dip sample: diversity section of assessments",
        AuditType.THEMATIC,
        [3, 5, 12, 14, 15],
        [],
        "The diversity and identity section of recent assessments and review episodes.",
    ),
    "minutes": (
        "Meeting-minutes language audit",
        AuditType.MINUTES_LANGUAGE,
        [10, 12, 14, 33, 34, 35, 37, 39],
        [],
        "Minutes of child protection conferences and network meetings, checked against the glossary.",
    ),
    "family": (
        "Family feedback",
        AuditType.FAMILY_FEEDBACK,
        [4, 5, 6, 7, 9, 17, 24],
        ["Did the family feel listened to and respected?"],
        "Feedback from families after an assessment or plan, by survey or conversation.",
    ),
    "young_people": (
        "Young people's feedback",
        AuditType.YOUNG_PEOPLE_FEEDBACK,
        [3, 5, 7, 9, 12, 25],
        [],
        "Feedback from children and young people, for example through the Children in Care Council.",
    ),
}

# One quarter's programme: (template, team, how many, auditor: 0 = demo-auditor, 1 = demo-auditor2).
PROGRAMME = [
    ("case_file", "Safeguarding and Learning", 2, 0),
    ("case_file", "Family Intervention and Support Services", 2, 1),
    ("case_file", "Corporate Parenting", 1, 0),
    ("supervision", "Early Help and Prevention", 1, 1),
    ("thematic", "Family Intervention and Support Services", 1, 0),
    ("minutes", "Business Support", 1, 1),
    ("family", "Safeguarding and Learning", 1, 0),
    ("young_people", "Corporate Parenting", 1, 1),
]
WEAK_STANDARDS = {3: 0.3, 14: 0.3, 26: 0.25, 35: 0.25, 9: 0.2, 24: 0.15}
UNIT_EFFECT = {"Safeguarding and Learning": 0.05, "Corporate Parenting": -0.08, "Business Support": -0.05}

EVIDENCE = {
    Rating.MET: [
        "Fictional demo: the record uses the family's own words for their heritage and faith.",
        "Fictional demo: clear, plain language throughout; the plan was shared with the family in their language.",
        "Fictional demo: supervision notes show reflection on power and identity.",
    ],
    Rating.PARTLY_MET: [
        "Fictional demo: identity is recorded, but from the referral form rather than from the family.",
        "Fictional demo: an interpreter was used for the conference but not for home visits.",
    ],
    Rating.NOT_MET: [
        "Fictional demo: the assessment describes the father with a behavioural label and no account of events.",
        "Fictional demo: no record of asking the young person how they describe themselves.",
    ],
}

NEUTRAL = [
    "The chair welcomed everyone and explained the purpose of the meeting.",
    "Mum explained that the family moved to the borough last spring and the children have settled at school.",
    "The school reported that attendance has improved since September.",
    "The health visitor shared that the baby is gaining weight and the family attend every appointment.",
    "Dad said he would like more notice of visits because of his shift pattern at work.",
    "The social worker summarised the plan and checked that everyone understood it.",
    "The family asked for the minutes to be translated into Turkish.",
    "Everyone agreed to meet again in six weeks to review progress.",
    "The young person said she enjoys football and wants to join the club near her grandmother's home.",
    "The interpreter confirmed that the family had understood each part of the plan.",
]
FLAGGED = [
    "The worker described the father as aggressive when the visit was cancelled.",
    "Mum was difficult during the discussion about school.",
    "The family were hostile to the suggestion of a parenting course.",
    "Dad has been non-compliant with the written agreement.",
    "The BAME family support worker will visit next week.",
    "The CSW will update the CP plan.",
    "The family are hard to reach in the evenings.",
    "Mum appeared emotionally unavailable during the session.",
]


def _second_auditor() -> User | None:
    """demo-auditor2: a second auditor to moderate demo-auditor's audits, with demo-auditor's password."""
    first = User.objects.filter(username="demo-auditor").first()
    if first is None:
        return None
    username, first_name, last_name = SECOND_AUDITOR
    second, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.org"},
    )
    if created:
        second.password = first.password  # same demo password as every other demo user
        second.save()
        second.groups.set(Group.objects.filter(name__in=[Role.AUDITOR, Role.STAFF]))
        second.units.set(first.units.all())
    return second


def _quarters(today: date, since: date) -> list[date]:
    quarters, current = [], since
    while current <= today:
        quarters.append(current)
        month = current.month + 3
        current = date(current.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return quarters


def _quarter_end(start: date) -> date:
    month = start.month + 3
    return date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1) - timedelta(days=1)


@transaction.atomic
def load(*, today: date | None = None, since: date | None = None) -> list[str]:
    """Idempotent: the library and glossary are loaded once, and audits only into a database without any.

    `since` (the first day of a quarter) makes fewer quarters of audits, for quick tests.
    """
    today = today or timezone.localdate()
    framework = services.framework_load_file()
    glossary = services.glossary_load_file()
    lines = [f"Standards: {framework} ({framework.standards.count()} standards).", glossary.line()]
    auditors = [User.objects.filter(username="demo-auditor").first(), _second_auditor()]
    if None in auditors:
        return [*lines, "Audits: no demo auditors, so no demo audits."]
    templates = _templates(framework, auditors[0])
    LanguageMilestone.objects.get_or_create(
        day=TOOLKIT_DAY,
        defaults={
            "title": "Language toolkit roll-out",
            "description": "Fictional demo: the language toolkit and glossary were introduced to all teams.",
        },
    )
    if Audit.objects.exists():
        return [*lines, "Audits: already loaded, nothing changed."]
    units = {unit.name: unit for unit in Unit.objects.filter(name__in={team for _, team, _, _ in PROGRAMME})}
    if len(units) < len({team for _, team, _, _ in PROGRAMME}):
        return [*lines, "Audits: the demo organisation is missing, so no demo audits."]
    made = _audits(templates, units, auditors, today, since or FIRST_QUARTER)
    moderated = Audit.objects.filter(state=Audit.State.MODERATED).count()
    lines.append(
        f"Audits: {len(made)} fictional audits ({moderated} moderated) across {len(units)} teams; programme, "
        "actions arising and language samples."
    )
    lines.append("Second auditor for moderation: demo-auditor2 (same demo password).")
    return lines


def _templates(framework: Framework, by: User) -> dict[str, AuditTemplate]:
    standards = {s.number: s for s in Standard.objects.filter(framework=framework)}
    made = {}
    for key, (name, audit_type, numbers, questions, description) in TEMPLATES.items():
        existing = AuditTemplate.objects.filter(name=name).first()
        made[key] = existing or services.template_create(
            by=by,
            name=name,
            audit_type=audit_type,
            framework=framework,
            items=[standards[n] for n in numbers] + questions,
            description=description,
        )
    return made


def _audits(templates, units, auditors, today: date, since: date) -> list[Audit]:
    rng = random.Random(SEED)
    quarters = _quarters(today, since)
    made: list[Audit] = []
    reference = 100
    for index, start in enumerate(quarters):
        end = _quarter_end(start)
        progress = index / max(1, len(quarters) - 1)
        last_complete = end < today and (index + 1 == len(quarters) or _quarter_end(quarters[index + 1]) >= today)
        for line, (key, team, count, who) in enumerate(PROGRAMME):
            auditor = auditors[who]
            entry = None
            if start >= PROGRAMME_FROM:
                entry = services.programme_entry_create(
                    by=auditors[0],
                    unit=units[team],
                    template=templates[key],
                    audits_due=count,
                    starts_on=start,
                    due_by=end,
                    auditor=auditor,
                )
            short = 1 if last_complete and line in (0, 1) else 0  # a line of each auditor falls behind: overdue
            for n in range(count - short):
                span = (min(end, today) - start).days
                day = start + timedelta(days=min(span, 10 + (n * 29 + line * 7) % max(1, span)))
                if day > today or (end >= today and day > today - timedelta(days=3)):
                    continue
                reference += 1
                audit = services.audit_start(
                    by=auditor,
                    template=templates[key],
                    unit=units[team],
                    subject_reference=f"DEMO-{day.year}-{reference:04d}",
                    audit_date=day,
                    programme_entry=entry,
                )
                _rate(audit, auditor, rng, progress, team, day)
                made.append(audit)
    _finish(made, auditors, rng)
    return made


def _rate(audit: Audit, auditor: User, rng: random.Random, progress: float, team: str, day: date) -> None:
    changes = {}
    met = 0
    rated = 0
    for rating in audit.ratings.select_related("item__standard"):
        number = rating.item.standard.number if rating.item.standard_id else 0
        p_met = 0.42 + 0.38 * progress + UNIT_EFFECT.get(team, 0) - WEAK_STANDARDS.get(number, 0)
        roll = rng.random()
        if roll < 0.05:
            value = Rating.NOT_APPLICABLE
        elif roll < 0.05 + 0.95 * p_met:
            value = Rating.MET
        elif roll < 0.05 + 0.95 * (p_met + (1 - p_met) * 0.6):
            value = Rating.PARTLY_MET
        else:
            value = Rating.NOT_MET
        rating_name, evidence_name = services.rating_key(rating)
        changes[rating_name] = value
        if value != Rating.NOT_APPLICABLE:
            changes[evidence_name] = rng.choice(EVIDENCE[value])
            rated += 1
            met += value == Rating.MET
    share = met / rated if rated else 0
    grade = (
        Grade.OUTSTANDING
        if share >= 0.8
        else Grade.GOOD
        if share >= 0.5
        else Grade.REQUIRES_IMPROVEMENT
        if share >= 0.25
        else Grade.INADEQUATE
    )
    changes.update(
        overall_grade=grade,
        strengths="Fictional demo: the family's voice is clear in the record." if share >= 0.5 else "",
        learning="Fictional demo: record identity in the family's own words; avoid behavioural labels."
        if share < 0.8
        else "",
    )
    audit = services.audit_save(audit=audit, by=auditor, changes=changes)
    if audit.template.is_language_audit:
        after = day >= TOOLKIT_DAY
        for label in ("Child protection conference minutes", "Network meeting minutes"):
            services.language_sample_record(
                audit=audit,
                by=auditor,
                label=f"Fictional demo: {label}",
                text=_minutes(rng, 3.2 - 1.2 * progress if after else 7.0),
            )


def _minutes(rng: random.Random, per_thousand: float) -> str:
    """Invented minutes of about 2,000 words with roughly the given number of flagged terms per 1,000 words."""
    sentences, words = [], 0
    while words < 2000:
        if rng.random() < per_thousand * 12 / 1000:  # a sentence is about 12 words
            sentence = rng.choice(FLAGGED)
        else:
            sentence = rng.choice(NEUTRAL)
        sentences.append(sentence)
        words += len(sentence.split())
    return "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def _finish(audits: list[Audit], auditors: list[User], rng: random.Random) -> None:
    """Submit and moderate every audit but two: demo-auditor's newest stays a draft to finish, and
    demo-auditor2's newest waits for demo-auditor to moderate it."""
    draft_left = waiting_left = False
    for audit in sorted(audits, key=lambda a: (a.audit_date, a.pk), reverse=True):
        auditor = audit.auditor
        if auditor == auditors[0] and not draft_left:
            draft_left = True
            continue
        services.audit_submit(audit=audit, by=auditor)
        if auditor == auditors[1] and not waiting_left:
            waiting_left = True
            continue
        _moderate(audit, auditors[1] if auditor == auditors[0] else auditors[0], rng)
    _actions_arising(auditors[0])


ORDER = [Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET]
GRADES = [Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]


def _moderate(audit: Audit, moderator: User, rng: random.Random) -> None:
    audit.refresh_from_db()
    decisions = {}
    for rating in audit.ratings.all():
        if rating.rating == Rating.NOT_APPLICABLE or rng.random() < 0.88:
            decisions[rating.pk] = services.Decision(agrees=True)
            continue
        position = ORDER.index(rating.rating)
        other = ORDER[position + 1] if position + 1 < len(ORDER) else ORDER[position - 1]
        decisions[rating.pk] = services.Decision(
            agrees=False, rating=other, reason="Fictional demo: the evidence noted does not fully support the rating."
        )
    agrees = rng.random() < 0.85
    other_grade = ""
    if not agrees:
        position = GRADES.index(audit.overall_grade)
        other_grade = GRADES[position + 1] if position + 1 < len(GRADES) else GRADES[position - 1]
    services.audit_moderate(
        audit=audit,
        by=moderator,
        decisions=decisions,
        overall_agrees=agrees,
        overall_grade=other_grade,
        overall_reason="" if agrees else "Fictional demo: the ratings moderated point to a different grade.",
    )


def _actions_arising(auditor: User) -> None:
    """Link two moderated case file audits to CFS plan actions, and create one new action, if the plan is there."""
    from plans import selectors as plan_selectors

    plan = plan_selectors.plans_for_choice().filter(title="CFS Anti-Racist Action Plan").first()
    audits = list(
        Audit.objects.filter(
            auditor=auditor, state=Audit.State.MODERATED, template__audit_type=AuditType.CASE_FILE
        ).order_by("-audit_date")[:3]
    )
    if plan is None or len(audits) < 3:
        return
    actions = plan_selectors.action_detail_queryset().filter(plan_id=plan.pk)
    language = actions.filter(title__icontains="use of language").first()
    diversity = actions.filter(title__icontains="diversity sections").first()
    standard_14 = audits[0].ratings.filter(standard__number=14).first()
    if language is not None:
        services.action_arising_link(
            audit=audits[0], by=auditor, action=language, standard=standard_14.standard if standard_14 else None
        )
    if diversity is not None:
        services.action_arising_link(audit=audits[1], by=auditor, action=diversity)
    goal = plan_selectors.goals_for_choice().filter(plan=plan, number="2").first()
    lead = Lead.objects.filter(name="LV").first() or Lead.objects.filter(kind=Lead.Kind.PERSON).first()
    standard_12 = audits[2].ratings.filter(standard__number=12).first()
    if goal is not None and lead is not None:
        services.action_arising_create(
            audit=audits[2],
            by=auditor,
            goal=goal,
            title="Refresh guidance on recording a child's identity in the family's own words (arising from audit)",
            leads=[lead],
            timescale_text="By March 2027",
            standard=standard_12.standard if standard_12 else None,
        )
