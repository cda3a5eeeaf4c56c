"""The one place a view says who may use it: a role check, then an optional check on the object."""

from collections.abc import Iterable

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from .roles import has_role


class RoleRequiredMixin(AccessMixin):
    """Refuses (403) anyone without one of `roles`; anonymous people go to sign in.

    Views with object-level rules override `has_object_permission(user, obj)` and call
    `check_object(obj)` where they load it.
    """

    roles: Iterable[str] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.roles):
            raise PermissionDenied("Your roles do not include this page.")
        return super().dispatch(request, *args, **kwargs)

    def has_object_permission(self, user, obj) -> bool:
        return True

    def check_object(self, obj):
        if not self.has_object_permission(self.request.user, obj):
            raise PermissionDenied("You cannot change this.")
        return obj
