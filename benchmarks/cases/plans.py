"""The plans pages, exports and imports the benchmark times, found in the data set of generate_scale_data."""

from __future__ import annotations

import math
import random
import time

from . import DOWNLOAD, FLOW, Case

# Eight words that all appear in many actions' progress updates: the worst search the list allows (MAX_SEARCH_WORDS).
SEARCH = "panels training staff network budget survey evaluation data"
PDF_LIMIT_MS = 10_000  # issue 8: the PDF of a 500-action plan builds in under 10 s
BIG_IMPORT_ROWS = 4_800
BIG_IMPORT_LIMIT_MS = 10_000  # issue 8: a 4,800-row import finishes in under 10 s


def cases() -> list[Case]:
    from django.db.models import Count
    from django.urls import reverse

    from benchmarks.dataset import PREFIX
    from organisation.models import User
    from plans import selectors
    from plans.models import Action, Goal, Plan, ProgressUpdate

    plans = list(Plan.objects.annotate(n=Count("actions")).order_by("-n", "pk"))
    biggest = plans[0]
    mean = round(sum(p.n for p in plans) / len(plans))
    middle = min(plans[1:] or plans, key=lambda p: (abs(p.n - mean), p.pk))
    per_action = round(ProgressUpdate.objects.count() / max(1, Action.objects.count()))  # the mean
    typical = (
        Action.objects.annotate(n=Count("updates", distinct=True), c=Count("comments", distinct=True))
        .filter(n=per_action, plan=middle)
        .order_by("-c", "pk")
        .first()
    ) or Action.objects.annotate(n=Count("updates")).order_by("-n", "pk").first()
    busiest = (
        Action.objects.annotate(n=Count("updates", distinct=True) + Count("comments", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    busiest_updates, busiest_comments = busiest.updates.count(), busiest.comments.count()
    typical_updates = typical.updates.count()
    goal = Goal.objects.annotate(n=Count("measures__values")).order_by("-n", "pk").first()
    lead = User.objects.get(username=f"{PREFIX}lead")
    mine = selectors.actions_led_by(lead).count()
    owner = User.objects.get(username=f"{PREFIX}owner")
    to_link = selectors.placeholder_leads(owner).count()
    total = Action.objects.count()
    actions = reverse("plans:action_list")

    found = [
        Case("Plan list", reverse("plans:plan_list"), "slt", note=f"{len(plans)} plans"),
        Case(f"Plan page, {middle.n} actions", reverse("plans:plan_detail", args=[middle.pk]), "owner",
             note="as a plan owner"),
        Case(f"Plan page, {biggest.n} actions", reverse("plans:plan_detail", args=[biggest.pk]), "owner",
             note="the biggest plan, as a plan owner"),
        Case(f"Action list, all {total:,}", actions, "slt", note="page 1 of 50 rows"),
        Case("Action list, RAG red", actions + "?rag=red", "slt"),
        Case("Action list, search of 8 words", actions + "?" + _query(q=SEARCH), "slt",
             note=f"q={SEARCH}"),
        Case("Action list, page 50", actions + "?page=50", "slt"),
        Case(f"Action page, {typical_updates} updates", reverse("plans:action_detail", args=[typical.pk]), "owner",
             note=f"{typical.comments.count()} comments, {typical.history.count()} history records"),
        Case(f"Action page, busiest ({busiest_updates} updates)", reverse("plans:action_detail", args=[busiest.pk]),
             "owner", note=f"{busiest_comments} comments, {busiest.history.count()} history records"),
        Case(f"My actions ({mine} actions)", reverse("plans:my_actions"), "lead", note="bench-lead"),
        Case("Goal measures", reverse("plans:goal_detail", args=[goal.pk]), "slt",
             note=f"{goal.measures.count()} measures x 12 values"),
        Case(f"Leads to link ({to_link})", reverse("plans:placeholder_leads"), "owner", note="as a plan owner"),
        Case(f"Plan as at 6 months ago, {middle.n} actions",
             reverse("plans:plan_as_at", args=[middle.pk]) + "?" + _query(day=_day(183)), "slt",
             note="from history: statuses, colours, leads, latest updates"),
        Case(f"Changes over 3 months, {middle.n} actions",
             reverse("plans:plan_changes", args=[middle.pk]) + "?" + _query(since=_day(91)), "slt",
             note="added, completed, status and colour changes, dates moved, updates"),
    ]  # fmt: skip
    for plan in (middle, biggest):
        for fmt in ("csv", "xlsx", "pdf"):
            limit = PDF_LIMIT_MS if fmt == "pdf" and plan is middle else None
            found.append(
                Case(f"Export {fmt}, {plan.n} actions", reverse("plans:plan_export", args=[plan.pk, fmt]), "slt",
                     kind=DOWNLOAD, limit_ms=limit)
            )  # fmt: skip
    found += [
        Case("Import, CFS plan (105 actions)", reverse("plans:import_upload"), "owner", kind=FLOW, flow=import_seed,
             note="upload, preview, confirm"),
        Case(f"Import, {BIG_IMPORT_ROWS:,} rows", reverse("plans:import_upload"), "owner", kind=FLOW,
             flow=import_big, limit_ms=BIG_IMPORT_LIMIT_MS, note="upload, preview, confirm"),
    ]  # fmt: skip
    return found


def _day(days_ago: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    day = timezone.localdate() - timedelta(days=days_ago)
    return f"{day.day}/{day.month}/{day.year}"


def _query(**params) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


# --- imports over HTTP, as a plan owner does them: upload, preview, confirm ----------------------------------


def import_seed(client, n: int):
    from plans.demo import PLAN_END, PLAN_FILE, PLAN_START

    return import_file(client, n, PLAN_FILE.read_bytes(), PLAN_FILE.name, "CFS", PLAN_START, PLAN_END)


def import_big(client, n: int):
    from datetime import date

    data = numbered_tsv(BIG_IMPORT_ROWS).encode()
    return import_file(client, n, data, "big_plan.tsv", f"{BIG_IMPORT_ROWS} rows", date(2024, 4, 1),
                       date(2027, 3, 31))  # fmt: skip


def import_file(client, n: int, data: bytes, filename: str, label: str, start, end):
    """(ok, {step: ms}, note): the upload (parse and store), the preview (dry run) and the confirm (the write),
    each followed through a background job if it becomes one."""
    from benchmarks.dataset import PLAN_PREFIX

    steps: dict[str, float] = {}
    title = f"{PLAN_PREFIX}import {n + 1:03}: {label} {int(time.time())}"
    try:
        return _import(client, data, filename, title, start, end, steps)
    finally:
        remove_plan(title)


def remove_plan(title: str) -> None:
    """The imported plan goes again (through the ORM, with its history), so that what is measured after an
    import, and the next run on a kept data set, see the data set as generated."""
    from django.db import connection

    from plans.models import Plan

    Plan.objects.filter(title=title).delete()
    connection.close()


def _import(client, data, filename, title, start, end, steps):
    from benchmarks.client import forms_of

    page = client.get("/plans/import/")
    if page.status != 200:
        return False, steps, f"upload page answered {page.status}"
    form = next((f for f in forms_of(page.text) if f.method == "post" and "plan_title" in dict(f.fields)), None)
    if form is None:
        return False, steps, "no upload form on the upload page"
    fields = form.values(plan_title=title, layout="numbered", plan_start=f"{start:%d/%m/%Y}",
                         plan_end=f"{end:%d/%m/%Y}")  # fmt: skip
    started = time.perf_counter()
    sent = client.post(
        page.path, fields, referer=page.path, files=[("file", filename, data, "text/tab-separated-values")]
    )
    preview_path = client.path_of(sent.location, page.path) if sent.status in (302, 303) else ""
    steps["upload"] = (time.perf_counter() - started) * 1000
    if not preview_path:
        return False, steps, f"upload answered {sent.status}"
    started = time.perf_counter()
    preview, _ = settle(client, client.get(preview_path))
    steps["preview"] = (time.perf_counter() - started) * 1000
    if preview.status != 200:
        return False, steps, f"preview answered {preview.status}"
    forms = [f for f in forms_of(preview.text) if f.method == "post"]
    pressed = {}
    confirm = next((f for f in forms if any(name == "confirm" for name, _ in f.buttons)), None)
    if confirm is not None:
        pressed = {"confirm": dict(confirm.buttons)["confirm"]}
    else:  # a preview without a named confirm button: its one form that changes nothing else
        others = {"apply_mapping", "switch_layout", "read_row"}
        confirm = next(
            (f for f in forms if client.path_of(f.action or preview.path, preview.path) == preview.path
             and not any(name in others for name, _ in f.buttons + f.fields)),
            None,
        )  # fmt: skip
    if confirm is None:
        return False, steps, "no confirm form on the preview"
    started = time.perf_counter()
    done, job_state = settle(client, client.submit(preview, confirm, **pressed))
    steps["confirm"] = (time.perf_counter() - started) * 1000
    if job_state is not None:
        ok = job_state == "succeeded"
        return ok, steps, "confirmed by a background job" if ok else f"the import's background job {job_state}"
    ok = done.status == 200 and "/plans/" in done.path and "import" not in done.path
    return ok, steps, "" if ok else f"confirm ended on {done.path} with {done.status}"


def settle(client, response, *, poll_every: float = 0.25):
    """Follow redirects; on a background job's page, wait until the job has finished (as the page's script does).
    Returns (the last page, the job's final state or None if there was no job)."""
    from benchmarks.client import JOB_PATH

    response = client.follow(response)
    match = JOB_PATH.search(response.path)
    if not match:
        return response, None
    while True:
        state = client.get(f"/jobs/{match.group('id')}/status.json").json()
        if state.get("finished"):
            return client.get(response.path), state.get("state")
        time.sleep(poll_every)


def numbered_tsv(rows: int, *, seed: int = 1, goals: int = 8) -> str:
    """A plan file in the numbered layout of the CFS plan, `rows` rows long (about one action per row): goals
    "1.", headline actions "1.2", actions "A." and sub-actions "i." with measure, timescale, lead and progress."""
    rng = random.Random(seed)
    out = ["Goal\tHeadline Actions\tMeasurable\tTimescales\tLead\tProgress Report"]
    per_goal = math.ceil(rows / goals)
    for g in range(1, goals + 1):
        out.append(f"{g}. Goal {g}: inclusive recruitment and aspirational support for staff\t\t\t\t\t")
        start, h = len(out), 0
        while len(out) - start < per_goal - 1:
            h += 1
            outcome = "Staff workforce is representative of the population at all levels" if h == 1 else ""
            out.append(f"{outcome}\t{g}.{h} Review and update recruitment processes, including:\t\t\t\t")
            for letter in "ABCD":
                out.append(
                    f"\t{letter}. Roll out anonymous recruitment\tMeasured by Workforce Profile\tJuly 2025\tLA/LV\t"
                    "Anonymous recruitment started July 2025; panels now include practitioners."
                )
                for roman in ["i", "ii", "iii"][: rng.choice([0, 1, 2])]:
                    out.append(f"\t{roman}. Shadowing scheme\tTrack take up\tSpring 2026\tPS\tOn hold until spring.")
    return "\n".join(out[: rows + 1]) + "\n"
