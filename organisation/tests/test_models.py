"""The organisation tree and leads: the rules the database holds."""
import pytest
from django.db import IntegrityError, transaction

from organisation.models import Lead, Unit

from .factories import GroupLeadFactory, LeadFactory, PlaceholderLeadFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_two_units_under_one_parent_cannot_share_a_name():
    team = UnitFactory(name="Business Support")

    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(name="Business Support", kind=Unit.Kind.TEAM, parent=team.parent)


def test_units_under_different_parents_can_share_a_name():
    first, second = UnitFactory(name="Business Support"), UnitFactory(name="Business Support")

    assert first.parent != second.parent


def test_two_top_level_units_cannot_share_a_name():
    Unit.objects.create(name="Hackney Council", kind=Unit.Kind.COUNCIL)

    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(name="Hackney Council", kind=Unit.Kind.COUNCIL)


def test_a_unit_with_units_under_it_cannot_be_deleted():
    from django.db.models import ProtectedError

    team = UnitFactory()

    with pytest.raises(ProtectedError):
        team.parent.delete()


def test_two_leads_cannot_share_a_name_ignoring_case():
    LeadFactory(name="LA")

    with pytest.raises(IntegrityError), transaction.atomic():
        Lead.objects.create(name="la")


def test_a_person_named_in_a_plan_without_an_account_is_a_placeholder():
    assert PlaceholderLeadFactory().is_placeholder


def test_a_lead_linked_to_an_account_is_not_a_placeholder():
    assert not LeadFactory().is_placeholder


def test_a_group_is_never_a_placeholder():
    assert not GroupLeadFactory().is_placeholder


def test_a_group_lead_lists_who_acts_for_it():
    people = UserFactory.create_batch(2)

    board = GroupLeadFactory(members=people)

    assert set(board.members.all()) == set(people)


def test_a_lead_is_shown_by_full_name_when_known():
    assert str(GroupLeadFactory(name="SLT", full_name="Senior leadership team")) == "Senior leadership team"
    assert str(PlaceholderLeadFactory(name="LA/LV")) == "LA/LV"


def test_a_person_is_shown_by_full_name_or_username():
    assert str(UserFactory(first_name="Lee", last_name="Lead")) == "Lee Lead"
    assert str(UserFactory(username="cllr-x", first_name="", last_name="")) == "cllr-x"
