"""Every write to audits: the standards library and glossary loaded from their files, templates, the programme,
audits (start, save, submit, moderate), actions arising (through plans' services) and language samples."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organisation.models import Unit, User
from shared.roles import Role, has_role
from shared.stale import merge_or_refuse

from . import language
from .models import (
    ActionArising,
    Audit,
    AuditRating,
    AuditTemplate,
    Expectation,
    Framework,
    GlossaryTerm,
    Grade,
    LanguageSample,
    ProgrammeEntry,
    Rating,
    Section,
    Standard,
    TemplateItem,
)

DATA = Path(__file__).parent / "data"
JUNE_2024_STANDARDS = DATA / "standards-children-education-2024-06.json"
GLOSSARY = DATA / "glossary.json"

State = Audit.State
# The audit's states and the only ways between them; each transition below checks it first.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.SUBMITTED}),
    State.SUBMITTED: frozenset({State.MODERATED}),
    State.MODERATED: frozenset(),
}


def _move(audit: Audit, to: str) -> None:
    if to not in TRANSITIONS[audit.state]:
        raise ValidationError(
            f"This audit is {audit.get_state_display().lower()}, so it cannot be "
            f"{'submitted' if to == State.SUBMITTED else 'moderated'} now."
        )
    audit.state = to


def _save(instance, *, by, reason: str, versioned: bool = True) -> None:
    if versioned:
        instance.version += 1
    instance._change_reason, instance._history_user = reason, by
    instance.full_clean()
    instance.save()


def _save_rating(rating: AuditRating, *, by, reason: str) -> None:
    """Its values are checked (choices, lengths); its audit and line never change, so they are not looked up again."""
    rating._change_reason, rating._history_user = reason, by
    rating.full_clean(exclude=["audit", "item", "standard"], validate_unique=False, validate_constraints=False)
    rating.save()


# --- The standards library -----------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    return " ".join(text.split())


@transaction.atomic
def framework_load(*, data: Mapping[str, Any], by=None) -> Framework:
    """A version of the standards from its data file; loading the same file again changes nothing.

    A version already loaded with different wording is refused rather than overwritten: audits rated its
    standards as they were. Load the new wording as a new version ("previous_version" naming the old one), and
    each standard is marked carried over, changed or new against it.
    """
    title, version = data["title"], data["version"]
    existing = Framework.objects.filter(title=title, version=version).first()
    if existing is not None:
        stored = {s.number: (s.text, s.short_title) for s in existing.standards.all()}
        wanted = {s["number"]: (s["text"], s["short_title"]) for sec in data["sections"] for s in sec["standards"]}
        if stored != wanted:
            raise ValidationError(
                f"{title} ({version}) is already loaded with different wording. Audits were rated against the "
                "wording as loaded, so load the new wording as a new version instead."
            )
        return existing
    previous = None
    if data.get("previous_version"):
        previous = Framework.objects.filter(title=data.get("previous_title", title), version=data["previous_version"])
        previous = previous.first()
        if previous is None:
            raise ValidationError(f"Load the previous version ({data['previous_version']}) first.")
    framework = Framework(
        title=title,
        version=version,
        effective_from=date.fromisoformat(data["effective_from"]),
        publisher=data.get("publisher", ""),
        source=data.get("source", ""),
        notes=data.get("notes", ""),
        assurance="\n".join(data.get("assurance", [])),
        previous=previous,
    )
    _save(framework, by=by, reason="Standards loaded", versioned=False)
    earlier = {s.number: s for s in previous.standards.all()} if previous else {}
    numbers: set[int] = set()
    for section_data in data["sections"]:
        section = Section.objects.create(
            framework=framework, number=section_data["number"], title=section_data["title"]
        )
        for item in section_data["standards"]:
            if item["number"] in numbers:
                raise ValidationError(f"Standard {item['number']} appears twice in the file.")
            numbers.add(item["number"])
            before = earlier.get(item.get("previous_number", item["number"])) if previous else None
            if item.get("previous_number") is None and "previous_number" in item:
                before = None  # the file says it has no predecessor, whatever its number
            if previous is None:
                change = Standard.Change.FIRST
            elif before is None:
                change = Standard.Change.NEW
            elif _clean_text(before.text) == _clean_text(item["text"]):
                change = Standard.Change.CARRIED_OVER
            else:
                change = Standard.Change.CHANGED
            audiences = set(item["audiences"])
            unknown = audiences - {"all_staff", "leaders", "business_support"}
            if unknown:
                raise ValidationError(f"Standard {item['number']}: unknown audience {', '.join(sorted(unknown))}.")
            standard = Standard(
                framework=framework,
                section=section,
                number=item["number"],
                short_title=item["short_title"],
                text=item["text"].strip(),
                for_all_staff="all_staff" in audiences,
                for_leaders="leaders" in audiences,
                for_business_support="business_support" in audiences,
                change=change,
                previous=before,
            )
            standard.full_clean()
            standard.save()
    for audience, items in data.get("expectations", {}).items():
        for position, (lead_words, text) in enumerate(items, start=1):
            Expectation.objects.create(
                framework=framework, audience=audience, position=position, lead_words=lead_words, text=text
            )
    return framework


def framework_load_file(path: Path = JUNE_2024_STANDARDS, *, by=None) -> Framework:
    return framework_load(data=json.loads(Path(path).read_text(encoding="utf-8")), by=by)


@dataclass
class GlossaryLoaded:
    created: int
    updated: int
    kept: int

    def line(self) -> str:
        return f"Glossary: {self.created} terms added, {self.updated} updated, {self.kept} kept as they were."


@transaction.atomic
def glossary_load(*, data: Mapping[str, Any], by=None, update: bool = False) -> GlossaryLoaded:
    """Glossary terms from the data file: new ones added; ones an administrator may have edited kept unless `update`."""
    created = updated = kept = 0
    for position, item in enumerate(data["terms"], start=1):
        values = {
            "term": item["term"],
            "category": item.get("category", ""),
            "kind": item.get("kind", language.WORDS),
            "forms": "\n".join(item.get("forms", [])),
            "pattern": item.get("pattern", ""),
            "reason": item["reason"],
            "alternatives": "\n".join(item.get("alternatives", [])),
            "source": item["source"],
            "exceptions": "\n".join(item.get("exceptions", [])),
            "position": position,
        }
        term = GlossaryTerm.objects.filter(key=item["key"]).first()
        if term is not None and not update:
            kept += 1
            continue
        if term is None:
            term, created = GlossaryTerm(key=item["key"]), created + 1
        else:
            updated += 1
        for name, value in values.items():
            setattr(term, name, value)
        term._change_reason, term._history_user = "Loaded from the glossary file", by
        term.full_clean()
        term.save()
    return GlossaryLoaded(created, updated, kept)


def glossary_load_file(path: Path = GLOSSARY, *, by=None, update: bool = False) -> GlossaryLoaded:
    return glossary_load(data=json.loads(Path(path).read_text(encoding="utf-8")), by=by, update=update)


@dataclass
class LibraryLoaded:
    framework: Framework | None  # None: standards were already loaded
    glossary: GlossaryLoaded | None  # None: the glossary already had terms


def library_load_if_empty() -> LibraryLoaded:
    """The standards and the glossary shipped with the app, each only where none is loaded yet: a fresh install.

    Run after every `migrate` (audits/apps.py). A library that has anything in it is left as it is, so an
    administrator's edits and a later version of the standards are never touched: the commands do the rest.
    """
    framework = None if Framework.objects.exists() else framework_load_file()
    glossary = None if GlossaryTerm.objects.exists() else glossary_load_file()
    return LibraryLoaded(framework, glossary)


# --- Templates and the programme -----------------------------------------------------------------------------


@transaction.atomic
def template_create(
    *, by, name: str, audit_type: str, framework: Framework, items: Iterable[Standard | str], description: str = ""
) -> AuditTemplate:
    """A template rating the given standards (of its framework) and questions of its own, in that order."""
    template = AuditTemplate(name=name.strip(), audit_type=audit_type, framework=framework, description=description)
    _save(template, by=by, reason="Template created", versioned=False)
    for position, thing in enumerate(items, start=1):
        item = TemplateItem(template=template, position=position)
        if isinstance(thing, Standard):
            item.standard = thing
        else:
            item.question = thing.strip()
        item.full_clean()
        item.save()
    if not template.items.exists():
        raise ValidationError("A template rates at least one standard or question.")
    return template


PROGRAMME_FIELDS = ("unit", "template", "audits_due", "starts_on", "due_by", "auditor", "notes")


def programme_values(entry: ProgrammeEntry) -> dict:
    return {name: getattr(entry, name) for name in PROGRAMME_FIELDS}


def _check_programme(entry: ProgrammeEntry) -> None:
    if not entry.template.active:
        raise ValidationError({"template": "That template is no longer in use: choose an active one."})
    if not has_role(entry.auditor, Role.AUDITOR):
        raise ValidationError({"auditor": f"{entry.auditor} is not an auditor."})


@transaction.atomic
def programme_entry_create(
    *,
    by,
    unit: Unit,
    template: AuditTemplate,
    audits_due: int,
    starts_on: date,
    due_by: date,
    auditor: User,
    notes: str = "",
) -> ProgrammeEntry:
    entry = ProgrammeEntry(
        unit=unit,
        template=template,
        audits_due=audits_due,
        starts_on=starts_on,
        due_by=due_by,
        auditor=auditor,
        notes=notes.strip(),
        created_by=by,
    )
    _check_programme(entry)
    _save(entry, by=by, reason="Added to the audit programme", versioned=False)
    return entry


@transaction.atomic
def programme_entry_update(
    *, entry: ProgrammeEntry, by, changes: dict, expected_version: int | None = None, base: dict | None = None
) -> ProgrammeEntry:
    """Only the fields this person changed are written; someone else's change to the same field is a StaleEdit."""
    unknown = set(changes) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be edited here")
    entry = ProgrammeEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    history = []
    if expected_version is not None and entry.version != expected_version:
        history = list(entry.history.filter(version__gt=expected_version).select_related("history_user"))
    wanted = merge_or_refuse(
        instance=entry,
        expected_version=expected_version,
        changes=changes,
        base=base,
        current=programme_values(entry),
        history=history,
    )
    if not wanted:
        return entry
    for name, value in wanted.items():
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    _check_programme(entry)
    _save(entry, by=by, reason="Programme entry edited")
    return entry


# --- Audits --------------------------------------------------------------------------------------------------


@transaction.atomic
def audit_start(
    *,
    by,
    template: AuditTemplate,
    unit: Unit,
    subject_reference: str,
    audit_date: date,
    programme_entry: ProgrammeEntry | None = None,
) -> Audit:
    """A draft audit by this person, with a line to rate for each of the template's items."""
    if not has_role(by, Role.AUDITOR):
        raise ValidationError("Audits are carried out by people with the Auditor role.")
    if not template.active:
        raise ValidationError({"template": "That template is no longer in use: choose an active one."})
    if audit_date > timezone.localdate():
        raise ValidationError({"audit_date": "The date of the audit cannot be in the future."})
    if programme_entry is not None and (
        programme_entry.template_id != template.pk or programme_entry.unit_id != unit.pk
    ):
        raise ValidationError({"programme_entry": "That line of the programme is for another unit or type of audit."})
    audit = Audit(
        template=template,
        framework_id=template.framework_id,
        unit=unit,
        auditor=by,
        programme_entry=programme_entry,
        subject_reference=subject_reference.strip(),
        audit_date=audit_date,
    )
    _save(audit, by=by, reason="Audit started", versioned=False)
    AuditRating.objects.bulk_create(
        AuditRating(audit=audit, item=item, standard_id=item.standard_id, position=item.position)
        for item in template.items.all()
    )
    return audit


def rating_key(rating: AuditRating) -> tuple[str, str]:
    return f"rating_{rating.pk}", f"evidence_{rating.pk}"


AUDIT_FIELDS = ("subject_reference", "audit_date", "strengths", "learning", "overall_grade")


def audit_values(audit: Audit, ratings: Iterable[AuditRating] | None = None) -> dict:
    """What the audit form shows: the audit's own fields, and a rating and an evidence note per line."""
    values = {name: getattr(audit, name) for name in AUDIT_FIELDS}
    for rating in ratings if ratings is not None else audit.ratings.all():
        rating_name, evidence_name = rating_key(rating)
        values[rating_name], values[evidence_name] = rating.rating, rating.evidence
    return values


@transaction.atomic
def audit_save(
    *, audit: Audit, by, changes: dict, expected_version: int | None = None, base: dict | None = None
) -> Audit:
    """Save a draft as it is, complete or not: nothing typed is lost. Someone else's change to the same field
    since the form was shown is a StaleEdit (shared.stale), with this person's text kept on the page."""
    audit = Audit.objects.select_for_update(of=("self",)).get(pk=audit.pk)
    if audit.auditor_id != by.pk:
        raise ValidationError("Only the auditor who started the audit can rate it and save it.")
    if audit.state != State.DRAFT:
        raise ValidationError("This audit has been submitted, so it can no longer be edited.")
    ratings = {r.pk: r for r in audit.ratings.select_for_update(of=("self",))}
    history = []
    if expected_version is not None and audit.version != expected_version:
        history = list(audit.history.filter(version__gt=expected_version).select_related("history_user"))
    wanted = merge_or_refuse(
        instance=audit,
        expected_version=expected_version,
        changes=changes,
        base=base,
        current=audit_values(audit, ratings.values()),
        history=history,
    )
    changed_ratings = set()
    for name, value in wanted.items():
        if name in AUDIT_FIELDS:
            setattr(audit, name, value.strip() if isinstance(value, str) else (value or ""))
            continue
        kind, _, pk = name.partition("_")
        rating = ratings.get(int(pk)) if pk.isdigit() else None
        if rating is None or kind not in ("rating", "evidence"):
            raise ValueError(f"{name} is not a line of this audit")
        setattr(rating, kind, (value or "").strip())
        changed_ratings.add(rating.pk)
    if audit.audit_date and audit.audit_date > timezone.localdate():
        raise ValidationError({"audit_date": "The date of the audit cannot be in the future."})
    for pk in changed_ratings:
        _save_rating(ratings[pk], by=by, reason="Draft saved")
    _save(audit, by=by, reason="Draft saved")
    return audit


def _missing(audit: Audit) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for rating in audit.ratings.select_related("item__standard"):
        rating_name, evidence_name = rating_key(rating)
        if not rating.rating:
            errors[rating_name] = [f"Rate {rating.item.label}."]
        elif rating.rating != Rating.NOT_APPLICABLE and not rating.evidence.strip():
            errors[evidence_name] = [f"Say what evidence supports the rating of {rating.item.label}."]
    if not audit.overall_grade:
        errors["overall_grade"] = ["Choose an overall grade."]
    if audit.ratings.exists() and not audit.ratings.exclude(rating=Rating.NOT_APPLICABLE).exists():
        errors.setdefault("__all__", []).append("Rate at least one line as Met, Partly met or Not met.")
    return errors


@transaction.atomic
def audit_submit(*, audit: Audit, by) -> Audit:
    """Draft -> awaiting moderation: every line rated, evidence for every rating that applies, an overall grade."""
    audit = Audit.objects.select_for_update(of=("self",)).get(pk=audit.pk)
    if audit.auditor_id != by.pk:
        raise ValidationError("Only the auditor who did the audit can submit it.")
    missing = _missing(audit)
    if missing:
        raise ValidationError(missing)
    _move(audit, State.SUBMITTED)
    audit.submitted_at = timezone.now()
    _save(audit, by=by, reason="Submitted for moderation")
    return audit


@dataclass(frozen=True)
class Decision:
    """A moderator's view of one line: agrees, or the rating they would give and why."""

    agrees: bool
    rating: str = ""
    reason: str = ""


@transaction.atomic
def audit_moderate(
    *,
    audit: Audit,
    by,
    decisions: Mapping[int, Decision],
    overall_agrees: bool,
    overall_grade: str = "",
    overall_reason: str = "",
) -> Audit:
    """A second auditor agrees or disagrees per line and overall, with reasons; their view is what is reported."""
    audit = Audit.objects.select_for_update(of=("self",)).get(pk=audit.pk)
    if audit.auditor_id == by.pk:
        raise ValidationError("An audit is moderated by a second auditor, not by the one who did it.")
    if not has_role(by, Role.AUDITOR):
        raise ValidationError("An audit is moderated by a second auditor: someone with the Auditor role.")
    _move(audit, State.MODERATED)
    errors: dict[str, list[str]] = {}
    ratings = list(audit.ratings.select_for_update(of=("self",)).select_related("item__standard"))
    for rating in ratings:
        decision = decisions.get(rating.pk)
        field = f"agrees_{rating.pk}"
        if decision is None:
            errors[field] = [f"Say whether you agree with the rating of {rating.item.label}."]
            continue
        if not decision.agrees:
            if decision.rating not in Rating.values:
                errors[f"moderated_{rating.pk}"] = [f"Choose the rating you would give {rating.item.label}."]
            elif decision.rating == rating.rating:
                errors[f"moderated_{rating.pk}"] = [
                    f"You disagree with the rating of {rating.item.label}: choose a different rating, or agree."
                ]
            if not decision.reason.strip():
                errors[f"reason_{rating.pk}"] = [f"Say why you disagree with the rating of {rating.item.label}."]
        rating.moderator_agrees = decision.agrees
        rating.moderated_rating = rating.rating if decision.agrees else decision.rating
        rating.moderation_reason = decision.reason.strip()
        rating.reported_rating = rating.moderated_rating
    if not overall_agrees:
        if overall_grade not in Grade.values:
            errors["overall_grade"] = ["Choose the overall grade you would give."]
        elif overall_grade == audit.overall_grade:
            errors["overall_grade"] = ["You disagree with the overall grade: choose a different grade, or agree."]
        if not overall_reason.strip():
            errors["overall_reason"] = ["Say why you disagree with the overall grade."]
    if errors:
        raise ValidationError(errors)
    for rating in ratings:
        _save_rating(rating, by=by, reason="Moderated")
    audit.moderator, audit.moderated_at = by, timezone.now()
    audit.overall_agrees = overall_agrees
    audit.moderated_grade = audit.overall_grade if overall_agrees else overall_grade
    audit.moderation_reason = overall_reason.strip()
    audit.reported_grade = audit.moderated_grade
    agreed = sum(1 for r in ratings if r.moderator_agrees)
    _save(
        audit,
        by=by,
        reason=f"Moderated: agreed with {agreed} of {len(ratings)} ratings"
        + ("" if overall_agrees else ", overall grade changed"),
    )
    return audit


# --- Actions arising -----------------------------------------------------------------------------------------


def _check_standard(audit: Audit, standard: Standard | None) -> None:
    if standard is not None and not audit.ratings.filter(standard=standard).exists():
        raise ValidationError({"standard": "Choose a standard this audit rated."})


@transaction.atomic
def action_arising_create(
    *, audit: Audit, by, goal, title: str, leads: Iterable, timescale_text: str, standard: Standard | None = None
) -> ActionArising:
    """A new plan action with a lead and a timescale, made by plans' own service, and recorded against the audit."""
    from plans import services as plan_services

    if not title.strip():
        raise ValidationError({"title": "Say what needs to be done."})
    leads = list(leads)
    if not leads:
        raise ValidationError({"leads": "Choose who will lead the action."})
    if not timescale_text.strip():
        raise ValidationError({"timescale_text": "Say by when, for example 'By March 2027'."})
    _check_standard(audit, standard)
    number = audit.actions_arising.count() + 1
    code = f"AUD{audit.pk}-{number}"
    action = plan_services.action_create(
        goal=goal,
        by=by,
        code=code,
        title=title.strip(),
        parent=None,
        timescale_text=timescale_text.strip(),
        leads=leads,
    )
    return _record_arising(audit, by, action, ActionArising.How.CREATED, standard, goal.plan.title)


@transaction.atomic
def action_arising_link(*, audit: Audit, by, action, standard: Standard | None = None) -> ActionArising:
    """An existing plan action recorded as arising from the audit (nothing in the plan changes)."""
    _check_standard(audit, standard)
    if audit.actions_arising.filter(action=action).exists():
        raise ValidationError({"reference": f"{action.reference} is already linked to this audit."})
    return _record_arising(audit, by, action, ActionArising.How.LINKED, standard, action.plan.title)


def _record_arising(audit, by, action, how, standard, plan_title) -> ActionArising:
    arising = ActionArising(
        audit=audit,
        standard=standard,
        action=action,
        how=how,
        plan_title=plan_title,
        action_reference=action.reference,
        action_title=action.title,
        created_by=by,
    )
    arising.full_clean()
    arising.save()
    return arising


# --- Language ------------------------------------------------------------------------------------------------


@transaction.atomic
def language_sample_record(*, audit: Audit, by, label: str, text: str, terms=None) -> LanguageSample:
    """Check a document against the glossary and keep only the counts: the text names people, so it is not stored."""
    from .selectors import glossary_terms

    if not audit.template.is_language_audit:
        raise ValidationError("Language samples belong to meeting-minutes language audits.")
    if audit.state != State.DRAFT:
        raise ValidationError("This audit has been submitted, so samples can no longer be added.")
    if not label.strip():
        raise ValidationError({"label": "Say what was checked, for example 'Child protection conference minutes'."})
    result = language.check(text, glossary_terms() if terms is None else terms)
    if result.words == 0:
        raise ValidationError({"text": "Paste the text of the minutes to check."})
    sample = LanguageSample(
        audit=audit,
        label=label.strip(),
        words=result.words,
        flagged=len(result.findings),
        by_term=dict(result.counts()),
        created_by=by,
    )
    sample.full_clean()
    sample.save()
    return sample
