"""Keeping the person who reports anonymously out of every record the app writes while they do it.

django-simple-history's middleware puts each request on a thread-local so history can name the signed-in
user. Services set the history user themselves (None for a report), and while an anonymous report or a
reporter's message is saved `history_without_request()` takes the request away too, so a save that forgot
`_history_user` still cannot pick the person up.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from simple_history.models import HistoricalRecords

_MISSING = object()


@contextmanager
def history_without_request() -> Iterator[None]:
    """While open, django-simple-history cannot see the request (nor its signed-in user)."""
    context = HistoricalRecords.context
    saved = getattr(context, "request", _MISSING)
    if saved is not _MISSING:
        del context.request
    try:
        yield
    finally:
        if saved is not _MISSING:
            context.request = saved
