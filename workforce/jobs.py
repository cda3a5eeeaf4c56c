"""Background jobs: checking and loading files too large to handle inside a web request."""

from django.urls import reverse

from shared.jobs import JobFailed, Outcome
from shared.tabular import UnreadableFile

from . import services
from .importing.parse import parse_file
from .models import WorkforceImport


def _upload(job) -> WorkforceImport:
    upload = WorkforceImport.objects.filter(pk=job.params["upload"]).first()
    if upload is None:
        raise JobFailed("The uploaded file has been removed (uploads are kept for a day). Upload it again.")
    return upload


def check_upload(job, progress) -> Outcome:
    """Read the file and work out what loading it would change; the preview page shows the result."""
    upload = _upload(job)
    if upload.state == WorkforceImport.State.IMPORTED:
        return Outcome(result={"message": "This file has already been loaded.", "next_url": _preview(upload)})
    progress(1, 3, "Reading the file")
    try:
        parsed = parse_file(bytes(upload.data), upload.filename, upload.kind)
    except UnreadableFile as failure:
        raise JobFailed(str(failure)) from failure
    progress(2, 3, "Comparing it with what is loaded")
    summary = services.import_check(parsed, filename=upload.filename)
    services.upload_record_check(upload=upload, summary=summary)
    progress(3, 3, "Done")
    problems = f" It has {len(summary.errors)} errors to fix." if summary.errors else ""
    return Outcome(
        result={
            "message": f"{upload.filename} has been checked: {summary.counts} counts.{problems}",
            "next_url": _preview(upload),
            "next_label": "See what it would change",
        }
    )


def load_upload(job, progress) -> Outcome:
    """Load a checked file; idempotent, so a retry after a stopped worker is safe."""
    upload = _upload(job)
    progress(1, 2, "Loading the file")
    try:
        summary = services.upload_import(upload=upload, by=job.requested_by)
    except services.AlreadyImported:
        return Outcome(result={"message": "This file has already been loaded.", "next_url": _preview(upload)})
    except services.ImportRejected as rejected:
        raise JobFailed(
            f"The file has {len(rejected.summary.errors)} errors, so nothing was loaded. Open its preview to see them."
        ) from rejected
    except UnreadableFile as failure:
        raise JobFailed(str(failure)) from failure
    progress(2, 2, "Done")
    from .views import _loaded_message, after_loading

    return Outcome(
        result={
            "message": _loaded_message(summary),
            "next_url": after_loading(summary, upload.kind),
            "next_label": "See the figures",
        }
    )


def _preview(upload: WorkforceImport) -> str:
    return reverse("workforce:preview", args=[upload.pk])
