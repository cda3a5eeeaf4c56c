"""Pages every signed-in person has: the start page, and the load balancer's health check."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from shared import navigation

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    """What this person can use, from the navigation their roles give them; or the start page an app gives their
    roles (leadership land on the dashboard, councillors on published scrutiny packs)."""

    template_name = "organisation/home.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        start = navigation.start_page_for(request.user)
        if start and start != request.path:
            return redirect(start)
        return super().get(request, *args, **kwargs)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the app can reach its database; 503 otherwise, so a load balancer stops sending traffic."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; the reason goes to the logs, not the probe
        logger.exception("Health check could not reach the database")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
