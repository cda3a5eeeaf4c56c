"""The benchmark data set command: a tiny data set is whole and consistent, and a real database is refused."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from organisation.models import User
from plans.models import Action, Plan, ProgressUpdate

pytestmark = pytest.mark.django_db


def build(**sizes):
    options = {"plans": 2, "actions_per_plan": 20, "updates_per_action": 3, "users": 30, "seed": 7, **sizes}
    call_command("generate_scale_data", stdout=StringIO(), **options)


def test_a_tiny_data_set_has_its_plans_people_updates_and_the_history_each_update_left():
    build()

    assert sorted(p.actions.count() for p in Plan.objects.all()) == [10, 30]  # half and one and a half times 20
    assert User.objects.count() == 30
    assert not User.objects.exclude(username__startswith="bench-").exists()
    assert User.objects.get(username="bench-owner").check_password("bench-password-not-a-secret")
    assert set(Action.objects.values_list("depth", flat=True)) == {0, 1, 2}  # headline, action, sub-action
    updates = ProgressUpdate.objects.count()
    assert updates >= 40  # between 1 and 4 per action
    creation, changes = Action.history.filter(history_type="+").count(), Action.history.filter(history_type="~")
    assert creation == 40 and changes.count() >= updates
    for action in Action.objects.all():  # the newest history record is the action as it stands
        newest = action.history.order_by("-history_date", "-history_id").first()
        assert (newest.status, newest.version, newest.last_update_on) == (
            action.status,
            action.version,
            action.last_update_on,
        )
    record = Action.history.filter(history_type="~").first()  # many-to-many history rows match the links
    assert set(record.leads.values_list("lead_id", flat=True)) == set(
        Action.objects.get(pk=record.id).leads.values_list("pk", flat=True)
    )


def test_it_refuses_a_database_holding_anything_but_benchmark_data():
    User.objects.create(username="a-real-person")

    with pytest.raises(CommandError, match="Refusing"):
        build()

    assert not Plan.objects.exists()
    assert User.objects.filter(username="a-real-person").exists()
