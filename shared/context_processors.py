"""Puts the signed-in person's navigation and roles in every template."""

from .navigation import items_for
from .roles import roles_of


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    items = items_for(user)
    # The current section is the item whose address is the longest start of this page's address:
    # /plans/my-actions/ is "My actions", not "Plans".
    matches = [
        item
        for item in items
        if request.path == item["url"] or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["current"] = item is current
    return {"nav_items": items, "user_roles": sorted(roles_of(user))}
