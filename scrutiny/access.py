"""Who may do what with scrutiny packs and the committee's questions: role sets, and rules on one object.

Packs are built and published by the owners of every plan they cover (and administrators); councillors on the
scrutiny committee read only published packs; anyone may read a pack made public at its address. Questions are
raised by councillors or plan owners and answered by the account named, or by the plan's owners.
"""

from shared.roles import Role, has_role

EDITOR_ROLES = frozenset({Role.PLAN_OWNER, Role.ADMINISTRATOR})
READER_ROLES = frozenset({Role.SCRUTINY_MEMBER, Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR})
RAISE_ROLES = frozenset({Role.SCRUTINY_MEMBER, Role.PLAN_OWNER, Role.ADMINISTRATOR})
# Anyone may be named to respond to a question (a lead can hold any role), so its pages are open to every role
# and the object rule decides; the list shows each person only what concerns them.
QUESTION_ROLES = frozenset(Role)
LEADERSHIP = frozenset({Role.SENIOR_LEADERSHIP, Role.PLAN_OWNER, Role.ADMINISTRATOR})


def _plan_ids(pack) -> set[int]:
    return {plan.pk for plan in pack.plans.all()}  # views prefetch the plans


def _owned_plan_ids(user) -> set[int]:
    return set(user.owned_plans.values_list("pk", flat=True))


def owns_plan(user, plan_id: int) -> bool:
    return has_role(user, Role.PLAN_OWNER) and plan_id in _owned_plan_ids(user)


def manages_pack(user, pack) -> bool:
    """Builds, edits, publishes, makes public and withdraws: administrators, or the owners of every plan in it.

    Publishing puts a plan's position before councillors: only its own owners decide that, so a pack that covers
    two owners' plans is managed by someone who owns both (a joint plan's owners, or an administrator).
    """
    if has_role(user, Role.ADMINISTRATOR):
        return True
    plans = _plan_ids(pack)
    return bool(plans) and has_role(user, Role.PLAN_OWNER) and plans <= _owned_plan_ids(user)


def can_edit_draft(user, pack) -> bool:
    return pack.state == pack.State.DRAFT and manages_pack(user, pack)


def can_read_pack(user, pack) -> bool:
    """A draft: whoever manages it and the owners of its plans. Published or withdrawn: every reader role (a
    withdrawn pack then says it has been withdrawn, except to those who manage it)."""
    if manages_pack(user, pack):
        return True
    if pack.state == pack.State.DRAFT:
        return has_role(user, Role.PLAN_OWNER) and bool(_plan_ids(pack) & _owned_plan_ids(user))
    return has_role(user, *READER_ROLES)


def can_export_pack(user, pack) -> bool:
    """A published pack's files: its readers. A withdrawn pack's: only those who manage it (the record)."""
    if pack.state == pack.State.PUBLISHED:
        return can_read_pack(user, pack)
    return pack.state == pack.State.WITHDRAWN and manages_pack(user, pack)


def can_publish(user, pack) -> bool:
    return can_edit_draft(user, pack)


def can_make_public(user, pack) -> bool:
    return pack.state == pack.State.PUBLISHED and not pack.public_token and manages_pack(user, pack)


def can_withdraw(user, pack) -> bool:
    return pack.state == pack.State.PUBLISHED and manages_pack(user, pack)


def can_ask_about(user, pack) -> bool:
    """A question or recommendation about a published pack's plans: councillors, the plans' owners, administrators."""
    if pack.state != pack.State.PUBLISHED:
        return False
    if has_role(user, Role.SCRUTINY_MEMBER, Role.ADMINISTRATOR):
        return True
    return has_role(user, Role.PLAN_OWNER) and bool(_plan_ids(pack) & _owned_plan_ids(user))


def can_see_question(user, question) -> bool:
    """The committee, leadership, the plan's owners, whoever must respond and whoever raised it."""
    if has_role(user, Role.ADMINISTRATOR, Role.SENIOR_LEADERSHIP, Role.SCRUTINY_MEMBER):
        return True
    return user.pk in {question.respondent_id, question.raised_by_id} or owns_plan(user, question.plan_id)


def can_respond(user, question) -> bool:
    """The account named to respond, the plan's owners, administrators."""
    if has_role(user, Role.ADMINISTRATOR):
        return True
    return (question.respondent_id is not None and user.pk == question.respondent_id) or owns_plan(
        user, question.plan_id
    )


def can_withdraw_question(user, question) -> bool:
    """Whoever raised it (the committee's own question), or an administrator."""
    return has_role(user, Role.ADMINISTRATOR) or (
        question.raised_by_id is not None and user.pk == question.raised_by_id
    )
