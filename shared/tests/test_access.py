"""The access mixin: roles, then the object's rule, both checked before any handler runs."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from organisation.tests.factories import UserFactory
from shared.access import AccessRequired
from shared.roles import Role

pytestmark = pytest.mark.django_db


class Thing:
    def __init__(self, owner):
        self.owner = owner


handled = []


class ThingView(AccessRequired, View):
    roles = {Role.PLAN_OWNER}
    object_rule = staticmethod(lambda user, thing: thing.owner == user)
    thing = None

    def get_object(self):
        return self.thing

    def get(self, request):
        handled.append(self.object)
        return HttpResponse("ok")


def call(view_class, user, **attrs):
    request = RequestFactory().get("/")
    request.user = user
    view = view_class.as_view(**attrs)
    return view(request)


def test_a_person_without_the_role_is_refused_before_the_object_is_loaded():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        call(ThingView, UserFactory(roles=[Role.STAFF]), thing=None)


def test_a_person_with_the_role_but_not_the_objects_rule_is_refused_and_the_handler_never_runs():
    from django.core.exceptions import PermissionDenied

    handled.clear()
    with pytest.raises(PermissionDenied):
        call(ThingView, UserFactory(roles=[Role.PLAN_OWNER]), thing=Thing(owner=UserFactory()))
    assert handled == []


def test_the_objects_owner_gets_the_page_with_the_object_loaded_once():
    handled.clear()
    owner = UserFactory(roles=[Role.PLAN_OWNER])
    thing = Thing(owner=owner)
    assert call(ThingView, owner, thing=thing).status_code == 200
    assert handled == [thing]


def test_anonymous_visitors_are_sent_to_sign_in():
    from django.contrib.auth.models import AnonymousUser

    response = call(ThingView, AnonymousUser(), thing=None)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_a_public_view_is_marked_for_the_login_middleware_to_let_through():
    class Open(AccessRequired, View):
        public = True

        def get(self, request):
            return HttpResponse("ok")

    assert Open.as_view().login_required is False
    assert getattr(ThingView.as_view(thing=None), "login_required", True) is True
