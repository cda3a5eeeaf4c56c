"""Factories for people, the organisation tree and leads; each builds a valid object by default."""
from collections.abc import Iterable

import factory
from django.contrib.auth.models import Group

from organisation.models import Lead, Unit, User
from shared.roles import Role

# Long, not common, not numeric: passes AUTH_PASSWORD_VALIDATORS, so tests can sign in with it.
DEFAULT_PASSWORD = "correct-horse-battery-staple"


def give_roles(user: User, *roles: str) -> User:
    """Adds the role groups (created by the roles migration) to a user and forgets their cached roles. A
    transactional test empties every table when it ends, the migration's groups too, so a missing group is made
    again here rather than silently not given."""
    names = {str(role) for role in roles}
    unknown = names - set(Role.values)
    if unknown:
        raise ValueError(f"Not a role: {', '.join(sorted(unknown))}")
    user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in sorted(names)))
    if hasattr(user, "_role_names"):
        del user._role_names
    return user


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a usable password (DEFAULT_PASSWORD) and no roles; pass roles=[Role.STAFF, ...] for some."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Iterable[str] | None, **kwargs) -> None:
        if create and extracted:
            give_roles(self, *extracted)


class UnitFactory(factory.django.DjangoModelFactory):
    """A team under its own council; pass parent=... to place it elsewhere in the tree."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Unit.Kind.TEAM
    parent = factory.SubFactory(
        "organisation.tests.factories.UnitFactory",
        name=factory.Sequence(lambda n: f"Council {n}"),
        kind=Unit.Kind.COUNCIL,
        parent=None,
    )


class LeadFactory(factory.django.DjangoModelFactory):
    """A person named as a lead and linked to an account."""

    class Meta:
        model = Lead
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"L{n}")
    kind = Lead.Kind.PERSON
    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda lead: lead.user.get_full_name() if lead.user else "")


class PlaceholderLeadFactory(LeadFactory):
    """A person named in a plan (e.g. by an import) who is not yet linked to an account."""

    user = None
    full_name = ""


class GroupLeadFactory(LeadFactory):
    """A group or board named as a lead; pass members=[user, ...] for who acts for it."""

    name = factory.Sequence(lambda n: f"Board {n}")
    kind = Lead.Kind.GROUP
    user = None
    full_name = factory.LazyAttribute(lambda lead: f"{lead.name} (full name)")

    @factory.post_generation
    def members(self, create: bool, extracted: Iterable[User] | None, **kwargs) -> None:
        if create and extracted:
            self.members.add(*extracted)
