"""A bounded load run: simulated action leads, each a thread with its own signed-in browser, browse and post
progress updates against the server for a fixed time. Reports throughput, p50/p95 per request and errors.

Every answer other than 2xx or 3xx is an error, as is a request that fails outright (refused, timed out), except
409: a progress update refused because someone else changed the action's status meanwhile (shared/stale.py) is
the product working as designed, and is counted on its own.
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from .client import Client, RequestFailed, forms_of
from .report import percentile


@dataclass
class Person:
    username: str
    actions: list[int]  # ids of actions this person leads (they post updates on these)


@dataclass
class Record:
    kind: str
    status: int  # 0: the request failed outright
    ms: float
    at: float
    error: str = ""


@dataclass
class Journey:
    plans: list[int]
    record: list[Record] = field(default_factory=list)


def people_for_load(count: int, seed: int) -> tuple[list[Person], list[int]]:
    """`count` action leads with actions (bench-lead first), and the plans, read from the benchmark database."""
    from django.db.models import Count

    from benchmarks.dataset import PREFIX
    from organisation.models import Lead
    from plans.models import Action, Plan

    leads = list(
        Lead.objects.filter(user__username__startswith=PREFIX)
        .annotate(n=Count("actions"))
        .filter(n__gt=0)
        .select_related("user")
        .order_by("-n", "pk")
    )
    rng = random.Random(seed)
    chosen = leads[:1] + rng.sample(leads[1:], min(count - 1, len(leads) - 1))
    ids = defaultdict(list)
    for lead_id, action_id in Action.leads.through.objects.filter(lead__in=chosen).values_list("lead_id", "action_id"):
        ids[lead_id].append(action_id)
    people = [Person(lead.user.username, sorted(ids[lead.pk])) for lead in chosen]
    return people, list(Plan.objects.order_by("pk").values_list("pk", flat=True))


STATUSES = ["in_progress", "in_progress", "in_progress", "on_hold", "complete", "ongoing"]
WORDS = ["panels", "training", "staff", "network", "budget", "survey", "evaluation", "data"]


class Simulated(threading.Thread):
    """One action lead: signs in, then until the deadline looks at their actions, the lists, a plan, and posts
    progress updates, pausing between pages as a person reads."""

    def __init__(self, base_url, person, password, plans, *, deadline, think, seed, out, lock, mix):
        super().__init__(daemon=True)
        self.client = Client(base_url, timeout=120)
        self.person, self.password, self.plans = person, password, plans
        self.deadline, self.think, self.rng = deadline, think, random.Random(seed)
        self.out, self.lock, self.mix = out, lock, mix
        self.signed_in = False
        self.sign_in_ms = 0.0

    def timed(self, kind: str, call):
        try:
            response = call()
        except RequestFailed as error:
            self._keep(Record(kind, 0, 0.0, time.time(), str(error)))
            return None
        self._keep(Record(kind, response.status, response.ms, time.time()))
        return response

    def _keep(self, record: Record) -> None:
        with self.lock:
            self.out.append(record)

    def pause(self) -> None:
        low, high = self.think
        time.sleep(self.rng.uniform(low, high))

    def run(self) -> None:
        started = time.perf_counter()
        try:
            self.client.sign_in(self.person.username, self.password)
        except (RequestFailed, StopIteration) as error:
            self._keep(Record("sign in", 0, 0.0, time.time(), str(error)))
            return
        self.signed_in, self.sign_in_ms = True, (time.perf_counter() - started) * 1000
        steps = [
            (self.my_actions, 25),
            (self.action_and_update, 30),
            (self.action_list, 20),
            (self.plan_list, 8),
            (self.plan_page, 7),
            (self.action_page, 10),
        ]
        while time.time() < self.deadline:
            step = self.rng.choices([s for s, _ in steps], weights=[w for _, w in steps])[0]
            step()
            self.pause()

    def my_actions(self):
        self.timed("My actions", lambda: self.client.get("/plans/my-actions/"))

    def action_list(self):
        choice = self.rng.random()
        if self.mix == "plain" and 0.4 <= choice < 0.8:
            choice = 0.0 if choice < 0.6 else 0.9  # no colour filter and no search: plain or paged
        if choice < 0.4:
            query = ""
        elif choice < 0.6:
            query = f"?rag={self.rng.choice(['red', 'amber', 'green', 'no_date'])}"
        elif choice < 0.8:
            query = f"?q={'+'.join(self.rng.sample(WORDS, self.rng.randint(1, 3)))}"
        else:
            query = f"?page={self.rng.randint(2, 150)}"
        self.timed("Action list", lambda: self.client.get(f"/plans/actions/{query}"))

    def plan_list(self):
        self.timed("Plan list", lambda: self.client.get("/plans/"))

    def plan_page(self):
        plan = self.rng.choice(self.plans)
        self.timed("Plan page", lambda: self.client.get(f"/plans/{plan}/"))

    def action_page(self):
        if self.person.actions:
            action = self.rng.choice(self.person.actions)
            return self.timed("Action page", lambda: self.client.get(f"/plans/actions/{action}/"))
        return None

    def action_and_update(self):
        page = self.action_page()
        if page is None or page.status != 200:
            return
        form = next((f for f in forms_of(page.text) if f.action.endswith("/update/")), None)
        if form is None:
            self._keep(Record("Post update", 0, 0.0, time.time(), f"no update form on {page.path}"))
            return
        self.pause()  # writing the update
        words = " ".join(self.rng.sample(WORDS, 4))
        changes = {"progress-text": f"Load run update: {words}.", "progress-status": self.rng.choice(STATUSES)}
        posted = self.timed("Post update", lambda: self.client.submit(page, form, **changes))
        if posted is not None and posted.status in (301, 302, 303):
            self.timed("Action page after update", lambda: self.client.get(self.client.path_of(posted.location)))


def run_load(base_url: str, people: list[Person], plans: list[int], *, password: str, seconds: float,
             think: tuple[float, float], seed: int, mix: str = "full", ramp: float = 10) -> dict:  # fmt: skip
    """Start everyone over `ramp` seconds, run until `seconds` after the last has started, and summarise."""
    out: list[Record] = []
    lock = threading.Lock()
    started_at = time.time()
    deadline = started_at + ramp + seconds
    threads = [
        Simulated(
            base_url,
            person,
            password,
            plans,
            deadline=deadline,
            think=think,
            seed=seed + i,
            out=out,
            lock=lock,
            mix=mix,
        )  # fmt: skip
        for i, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
        time.sleep(ramp / max(1, len(threads)))
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.time()) + 180)
    # Only what happened once everyone had started counts for throughput and percentiles.
    window_start = started_at + ramp
    measured = [r for r in out if r.at >= window_start and r.kind != "sign in"]
    elapsed = max(1e-9, max((r.at for r in measured), default=window_start) - window_start)
    summary = summarise(measured)
    sign_ins = [t.sign_in_ms for t in threads if t.signed_in]
    return {
        "users": len(people),
        "signed_in": len(sign_ins),
        "seconds": round(elapsed, 1),
        "ramp_seconds": ramp,
        "think_seconds": list(think),
        "mix": mix,
        "throughput_per_second": round(len(measured) / elapsed, 2),
        "updates_posted": sum(1 for r in measured if r.kind == "Post update" and r.status in (302, 303)),
        "sign_in_p95_ms": round(percentile(sign_ins, 95) or 0, 1),
        "errors_during_ramp": sum(1 for r in out if r.at < window_start and _is_error(r)),
        "error_samples": [f"{r.kind}: {r.status} {r.error}".strip() for r in out if _is_error(r)][:10],
        **summary,
    }


def _is_error(record: Record) -> bool:
    return record.status == 0 or (record.status >= 400 and record.status != 409)


def summarise(records: list[Record]) -> dict:
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)

    def row(items: list[Record]) -> dict:
        times = [r.ms for r in items if r.status]
        return {
            "count": len(items),
            "p50_ms": round(percentile(times, 50) or 0, 1),
            "p95_ms": round(percentile(times, 95) or 0, 1),
            "max_ms": round(max(times, default=0), 1),
            "errors": sum(1 for r in items if _is_error(r)),
            "stale": sum(1 for r in items if r.status == 409),
            "statuses": dict(sorted(_count(r.status for r in items).items())),
        }

    return {"by_kind": {kind: row(items) for kind, items in sorted(by_kind.items())}, "total": row(records)}


def _count(values) -> dict:
    found: dict = defaultdict(int)
    for value in values:
        found[value] += 1
    return dict(found)
