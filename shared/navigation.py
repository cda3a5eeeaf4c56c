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


@dataclass(frozen=True)
class StartPage:
    url_name: str
    roles: frozenset[str]
    priority: int  # the highest priority a person's roles reach wins


_start_pages: list[StartPage] = []


def register_start_page(url_name: str, roles: Iterable[str], *, priority: int) -> None:
    """An app's page that people with these roles land on after signing in (leadership: the dashboard)."""
    page = StartPage(url_name, frozenset(str(r) for r in roles), priority)
    if page not in _start_pages:
        _start_pages.append(page)


def start_page_for(user) -> str | None:
    held = roles_of(user)
    pages = [p for p in _start_pages if p.roles & held]
    return reverse(max(pages, key=lambda p: p.priority).url_name) if pages else None
