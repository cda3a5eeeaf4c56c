"""Puts the signed-in person's navigation and roles in every template."""
from .navigation import items_for
from .roles import roles_of


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    items = items_for(user)
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    for item in items:
        item["current"] = item["url_name"] == current or request.path.startswith(item["url"]) and item["url"] != "/"
    return {"nav_items": items, "user_roles": sorted(roles_of(user))}
