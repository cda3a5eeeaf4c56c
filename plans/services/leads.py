"""Leads named in plans: matching written names and initials to people or groups, and linking placeholders."""

from django.core.exceptions import ValidationError
from django.db import transaction

from organisation.models import Lead

from ..importing.heuristics import LeadName


def leads_resolve(names: list[LeadName], *, cache: dict[str, Lead] | None = None) -> tuple[list[Lead], list[Lead]]:
    """The Lead for each name, matched on name or full name ignoring case; unknown names become placeholders.

    Returns (leads, created). `cache` lets an import resolve hundreds of cells with one query.
    """
    if cache is None:
        cache = {}
    if not cache:
        for lead in Lead.objects.all():
            cache.setdefault(lead.name.lower(), lead)
            if lead.full_name:
                cache.setdefault(lead.full_name.lower(), lead)
    leads, created = [], []
    for written in names:
        key = written.name.lower()
        lead = cache.get(key)
        if lead is None:
            kind = Lead.Kind.GROUP if written.kind == "group" else Lead.Kind.PERSON
            lead = Lead.objects.create(name=written.name, kind=kind)
            cache[key] = lead
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
