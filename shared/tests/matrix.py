"""Who may use a background job's pages: only the person who asked for it (for the role x URL matrix)."""

from django.core.files.base import ContentFile
from django.urls import reverse

from shared.roles import Role
from shared.testing.matrix import Row


def build(users: dict, objects: dict) -> dict:
    from shared.models import Job

    job = Job.objects.create(kind="plans.export", title="Preparing your download", requested_by=users[Role.STAFF],
                             state=Job.State.SUCCEEDED, filename="plan.csv", content_type="text/csv")
    job.file.save("plan.csv", ContentFile(b"Goal,Reference\n"), save=True)
    return {"job": job}


ASKER = {Role.STAFF}

ROWS = [
    Row("shared:job", lambda o: reverse("shared:job", args=[o["job"].pk]), get=ASKER),
    Row("shared:job_status", lambda o: reverse("shared:job_status", args=[o["job"].pk]), get=ASKER),
    Row("shared:job_download", lambda o: reverse("shared:job_download", args=[o["job"].pk]), get=ASKER),
    Row("shared:job_retry", lambda o: reverse("shared:job_retry", args=[o["job"].pk]), post=ASKER),
    Row("shared:reminders", lambda o: reverse("shared:reminders"), get=set(Role), post=set(Role)),
]
