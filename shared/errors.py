"""What an error report may carry: in production, no value anyone typed and no local variable.

Django's error reports (the email to `ADMINS`, and any error tracker fed by `django.request`) include by default
the request's POST values and, in the HTML version, each frame's local variables. Here those would be what
someone wrote about a racist incident, an anonymous reporter's key, a workforce file's rows. Marking views one by
one with `sensitive_post_parameters` would leave the next view open; this filter, set once in the settings as
`DEFAULT_EXCEPTION_REPORTER_FILTER`, hides every POST value and every frame variable whenever DEBUG is off (a
developer's own machine still shows them). Names of fields and the traceback itself remain, which is what is
needed to find a bug. docs/data-protection.md says so.

Nor does a report name who was signed in or where the request came from (`PrivateExceptionReporter`, set as
`DEFAULT_EXCEPTION_REPORTER`): an error on the anonymous report pages must not tie a signed-in reporter, or their
address, to the report. Headers and cookies are blanked for the same reason.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        cleansed = request.POST.copy()
        for name in cleansed:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_safe_request_meta(self, request):
        if not self.is_active(request):
            return super().get_safe_request_meta(request)
        return {name: self.cleansed_substitute for name in request.META}

    def get_safe_cookies(self, request):
        if not self.is_active(request):
            return super().get_safe_cookies(request)
        return {name: self.cleansed_substitute for name in request.COOKIES}

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PrivateExceptionReporter(ExceptionReporter):
    """Leaves out who was signed in when DEBUG is off."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            data["user_str"] = "[not recorded]"
        return data
