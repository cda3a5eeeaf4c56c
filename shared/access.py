"""The one place a view says who may use it: its roles, then a rule on the object its URL names.

Every view in the project mixes in `AccessRequired` and declares, as class attributes:

    roles        who may use the view at all (any one of them will do);
    get_object() the object the URL names, loaded once (404 if it does not exist);
    object_rule  a function (user, obj) -> bool deciding whether this person may use *this* object;
    public       True only for the few pages reachable without signing in.

`dispatch` checks all three before any handler runs and keeps the object in `self.object`, so a
handler can never forget a check: there is nothing to call. The role x URL matrix
(`shared.testing.matrix`) proves every URL against the rules from outside.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from .roles import has_role

ObjectRule = Callable[[Any, Any], bool]


class AccessRequired(AccessMixin):
    """Refuses (403) anyone without one of `roles` or failing `object_rule`; anonymous people go to sign in."""

    roles: Iterable[str] = ()
    object_rule: ObjectRule | None = None
    public: bool = False
    refusal = "You do not have access to this page."

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        if cls.public:
            view.login_required = False  # what django.contrib.auth.decorators.login_not_required sets
        return view

    def get_object(self) -> Any:
        """The object the URL names; views about one object override this. None means 'no object'."""
        return None

    def has_access(self, user) -> bool:
        return self.public or has_role(user, *self.roles)

    def dispatch(self, request, *args, **kwargs):
        if not self.public and not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_access(request.user):
            raise PermissionDenied(self.refusal)
        self.object = self.get_object()
        rule = type(self).object_rule
        if rule is not None and self.object is not None and not rule(request.user, self.object):
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, *args, **kwargs)
