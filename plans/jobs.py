"""Background jobs of plans: building a large export outside the web request, with progress."""

from datetime import date

from shared.exports import CONTENT_TYPES, filename_for
from shared.jobs import JobFailed, Outcome

from . import exports
from .models import Plan

# Exports of plans up to this many actions are built in the request (a second or two at most); larger ones go to
# the task queue, so no export can hold a web worker, whatever the plan's size.
INLINE_LIMITS = {"csv": 2000, "xlsx": 400, "pdf": 100}


def export_plan(job, progress) -> Outcome:
    plan = Plan.objects.filter(pk=job.params["plan_id"]).first()
    if plan is None:
        raise JobFailed("The plan has been deleted, so there is nothing to export.")
    fmt, today = job.params["fmt"], date.fromisoformat(job.params["today"])
    progress(1, 3, "Reading the plan")
    if fmt == "pdf":
        html = exports.plan_pdf_html(plan, today=today)
        progress(2, 3, "Laying out the pages")
        data = exports.html_to_pdf(html)
    else:
        progress(2, 3, "Writing the file")
        data = {"xlsx": exports.plan_to_xlsx, "csv": exports.plan_to_csv}[fmt](plan, today=today)
    progress(3, 3, "Saving the file")
    return Outcome(
        file=data, filename=filename_for(plan.title, fmt, on=today, fallback="plan"), content_type=CONTENT_TYPES[fmt]
    )
