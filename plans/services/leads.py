"""Leads named in plans: matching written names and initials to people or groups, and linking placeholders."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from organisation.models import Lead, User

from ..importing.heuristics import GROUP, INITIALS, LeadName


def _initials(full_name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", full_name or "") if w[:1].isalpha()]
    return "".join(w[0].upper() for w in words) if len(words) >= 2 else ""


def _local_part(email: str) -> str:
    """ "jo.bloggs@council.gov.uk" -> "jo bloggs": how an email's name part reads as a name."""
    local = (email or "").split("@", 1)[0].lower()
    return " ".join(re.split(r"[._\-+]+", local)).strip()


@dataclass(frozen=True)
class Match:
    """What a written name resolves to: an existing lead, an account to make a lead for, or a new placeholder."""

    written: LeadName
    lead: Lead | None = None
    user: User | None = None  # an account with no lead yet, matched by full name or email
    how: str = ""  # "name", "full name", "initials", "email", "" for a new placeholder

    @property
    def is_new(self) -> bool:
        return self.lead is None

    @property
    def key(self) -> int | str:
        """The lead's id, or "new:<name>" for a lead the import would create."""
        return self.lead.pk if self.lead is not None else f"new:{self.written.name.lower()}"


class LeadMatcher:
    """Matches written lead names to people and groups: by name, full name, initials and email local part.

    Built once per import (two queries), then every cell is matched in memory. Initials match an existing lead
    whose name is those initials, or a lead (or linked account) whose full name has them, when only one does.
    A full name or an email's name part ("jo.bloggs") matches an account with no lead yet: the import makes that
    person's lead, linked to the account, and says so in the preview.
    """

    def __init__(self) -> None:
        self.by_name: dict[str, Lead] = {}
        self.by_initials: dict[str, list[Lead]] = {}
        self.users_by_name: dict[str, list[User]] = {}
        for lead in Lead.objects.select_related("user"):
            for key in (lead.name.lower(), (lead.full_name or "").lower()):
                if key:
                    self.by_name.setdefault(key, lead)
            if lead.user is not None:
                for key in (lead.user.get_full_name().lower(), _local_part(lead.user.email)):
                    if key:
                        self.by_name.setdefault(key, lead)
            for name in {lead.full_name, lead.user.get_full_name() if lead.user else ""}:
                if initials := _initials(name):
                    self.by_initials.setdefault(initials, []).append(lead)
        linked = set(Lead.objects.exclude(user=None).values_list("user_id", flat=True))
        for user in User.objects.filter(is_active=True).exclude(pk__in=linked):
            for key in {user.get_full_name().lower(), _local_part(user.email)}:
                if key and " " in key:
                    self.users_by_name.setdefault(key, []).append(user)

    def match(self, written: LeadName) -> Match:
        key = written.name.lower()
        if key in self.by_name:
            lead = self.by_name[key]
            how = "name" if lead.name.lower() == key else "full name"
            return Match(written, lead=lead, how=how)
        local = _local_part(written.name) if "@" in written.name else ""
        if local and local in self.by_name:
            return Match(written, lead=self.by_name[local], how="email")
        if written.kind == INITIALS:
            candidates = {lead.pk: lead for lead in self.by_initials.get(written.name.upper(), [])}
            if len(candidates) == 1:
                return Match(written, lead=next(iter(candidates.values())), how="initials")
        if written.kind != GROUP:
            users = self.users_by_name.get(local or key, [])
            if len(users) == 1:
                return Match(written, user=users[0], how="email" if local else "full name")
        return Match(written)


def leads_resolve(names: list[LeadName]) -> tuple[list[Lead], list[Lead]]:
    """The Lead for each name, matched as LeadMatcher does; unknown names become placeholders (one at a time).

    Returns (leads, created). Imports use LeadMatcher and create placeholders in bulk; this is for single edits.
    """
    matcher = LeadMatcher()
    leads, created = [], []
    for written in names:
        found = matcher.match(written)
        lead = found.lead
        if lead is None:
            kind = Lead.Kind.GROUP if written.kind == GROUP else Lead.Kind.PERSON
            lead = Lead.objects.create(name=written.name, kind=kind, user=found.user)
            created.append(lead)
        if lead not in leads:
            leads.append(lead)
    return leads, created


@transaction.atomic
def lead_link_account(*, lead: Lead, user, by) -> Lead:
    """A plan owner says who a placeholder lead is: their actions then appear in that person's My actions.

    Recorded in the lead's history ("Linked to ..."), with who linked it, because linking gives that account the
    right to post on the lead's actions.
    """
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.kind != Lead.Kind.PERSON or lead.user_id is not None:
        raise ValidationError("This lead is already linked to an account, or is a group.")
    existing = Lead.objects.filter(user=user).exclude(pk=lead.pk).first()
    if existing is not None:
        # One account, one lead: the placeholder's actions move to the lead the account already has.
        for action in lead.actions.all():
            action._history_user = by
            action._change_reason = f"Lead {lead.name} linked to {user} (as {existing.name})"
            action.leads.add(existing)
        lead._history_user = by
        lead._change_reason = f"Linked to {user} (merged into {existing.name})"
        lead.delete()
        return existing
    lead.user = user
    if not lead.full_name:
        lead.full_name = user.get_full_name()
    lead._history_user = by
    lead._change_reason = f"Linked to {user}"
    lead.save()
    return lead
