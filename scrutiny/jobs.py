"""Background jobs of scrutiny: a published pack's PDF or workbook, built once and kept with the pack."""

from django.urls import reverse

from shared.jobs import JobFailed, Outcome

from . import exports, services
from .models import Pack

LABELS = {"pdf": "PDF", "xlsx": "Excel file"}


def export_pack(job, progress) -> Outcome:
    pack = Pack.objects.filter(pk=job.params["pack_id"]).first()
    fmt = job.params["fmt"]
    if pack is None or pack.state == Pack.State.DRAFT or fmt not in exports.BUILDERS:
        raise JobFailed("This pack is not published, so there is nothing to prepare.")
    progress(1, 3, "Laying out the pages" if fmt == "pdf" else "Writing the file")
    services.pack_store_export(pack=pack, fmt=fmt, build=exports.BUILDERS[fmt])
    progress(3, 3, "Saved")
    return Outcome(
        result={
            "message": f"The {LABELS[fmt]} of {pack.title} is ready.",
            "next_url": reverse("scrutiny:pack_export", args=[pack.pk, fmt]),
            "next_label": f"Download the {LABELS[fmt]}",
        }
    )
