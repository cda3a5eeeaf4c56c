"""Error pages in the service's own style; they must render even when the database is down."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    # No context processors: they may need the database that has just failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
