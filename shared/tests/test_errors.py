"""An error report in production carries no value anyone typed and no local variable (shared/errors.py)."""

import sys

from django.test import RequestFactory, override_settings
from django.views.debug import get_exception_reporter_class

WRITTEN = "Mr Quen" + "nell called the child a racist name at the door"  # split: the source shows in reports


def report_of_an_error_while_handling(request) -> tuple[str, str]:
    def handle(text):
        raise ValueError("something broke")

    try:
        handle(request.POST["what_happened"])
    except ValueError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
    return reporter.get_traceback_text(), reporter.get_traceback_html()


@override_settings(DEBUG=False)
def test_the_report_names_the_fields_but_holds_none_of_what_was_typed():
    request = RequestFactory().post("/incidents/report/", {"what_happened": WRITTEN, "key": "ABCD-" + "EFGH"})
    text, html = report_of_an_error_while_handling(request)
    for report in (text, html):
        assert "what_happened" in report and "something broke" in report
        assert "Quennell" not in report and "ABCD-EFGH" not in report


@override_settings(DEBUG=True)
def test_a_developers_own_machine_still_shows_them():
    request = RequestFactory().post("/incidents/report/", {"what_happened": WRITTEN})
    text, html = report_of_an_error_while_handling(request)
    assert "Quennell" in text and "Quennell" in html


class Someone:
    is_authenticated = True

    def __str__(self):
        return "morwenna.tregarthen"


@override_settings(DEBUG=False)
def test_the_report_does_not_name_who_was_signed_in_nor_their_address():
    request = RequestFactory().post(
        "/incidents/report/anonymous/",
        {"what_happened": "x"},
        REMOTE_ADDR="198.51.100.23",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    request.user = Someone()
    request.COOKIES["sessionid"] = "abc123secret"
    text, html = report_of_an_error_while_handling(request)
    for report in (text, html):
        assert "REMOTE_ADDR" in report or "Request information" in report
        for trace in ("morwenna", "198.51.100.23", "203.0.113.9", "abc123secret"):
            assert trace not in report, trace
