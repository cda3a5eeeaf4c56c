"""The browser's address as the app sees it, for sign-in throttling (django-axes' AXES_CLIENT_IP_CALLABLE).

Behind a reverse proxy REMOTE_ADDR is the proxy's address, so every failed sign-in would count against one
address. Each proxy appends the address it received the request from to X-Forwarded-For; with
TRUSTED_PROXY_COUNT proxies in front of the app (docs/deployment.md), the browser's address is that many entries
from the right. Entries further left are whatever the client sent and are never trusted. Without the setting (0),
the header is ignored: anyone could write it.
"""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    entries = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not entries:
        return remote
    candidate = entries[-count] if len(entries) >= count else entries[0]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
