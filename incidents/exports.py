"""The access log as a file for the data protection officer, made by a background job (shared.jobs)."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone

from shared import jobs
from shared.exports import filename_for, table_to_csv, table_to_xlsx

from . import selectors
from .filters import AccessLogFilter

HEADERS = ("When", "Who", "What", "Incident", "Page or export", "Administrator grant")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def access_log_rows(queryset):
    for entry in queryset.iterator(chunk_size=2000):
        yield (
            timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
            entry.who,
            entry.get_what_display(),
            entry.reference,
            entry.detail,
            f"Grant {entry.grant_id}" if entry.grant_id else "",
        )


def export_access_log(job, progress) -> jobs.Outcome:
    fmt = job.params.get("fmt", "csv")
    filters = QueryDict(mutable=True)
    for key, value in (job.params.get("filters") or {}).items():
        filters[key] = value
    log_filter = AccessLogFilter(filters or None, queryset=selectors.access_log())
    queryset = log_filter.qs if log_filter.is_bound and log_filter.is_valid() else selectors.access_log()
    total = queryset.count()
    progress(0, total, "Reading the access log")
    rows = access_log_rows(queryset)
    if fmt == "xlsx":
        data = table_to_xlsx(
            HEADERS,
            rows,
            title="Incident access log",
            sheet="Access log",
            widths={"When": 20, "Who": 30, "What": 40, "Page or export": 30},
        )
    else:
        fmt, data = "csv", table_to_csv(HEADERS, rows)
    progress(total, total, "Done")
    today = timezone.localdate()
    return jobs.Outcome(
        file=data,
        filename=filename_for("incident access log", fmt, on=today),
        content_type=CONTENT_TYPES[fmt],
        result={"rows": total},
    )
