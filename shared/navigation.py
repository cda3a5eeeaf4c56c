"""The site navigation: each app registers its entries and the roles that may use them."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from .roles import roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100
    description: str = ""


_registry: list[NavItem] = []


def register(label: str, url_name: str, roles: Iterable[str], *, order: int = 100, description: str = "") -> None:
    """Called from an app's AppConfig.ready(): domain apps add to the navigation, this app knows none of them."""
    item = NavItem(label, url_name, frozenset(str(r) for r in roles), order, description)
    if item not in _registry:
        _registry.append(item)


def items_for(user) -> list[dict]:
    held = roles_of(user)
    return [
        {"label": i.label, "url": reverse(i.url_name), "url_name": i.url_name, "description": i.description}
        for i in sorted(_registry, key=lambda i: (i.order, i.label))
        if i.roles & held
    ]
