"""Where a page's time goes, measured in process on the benchmark database with Django's test client:
its SQL queries (count, time, the slowest with PostgreSQL's EXPLAIN ANALYZE), template rendering, and the
functions cProfile finds busiest. Run after the HTTP timings, with the server stopped, so nothing competes."""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from contextlib import contextmanager

from django.db import connection


@contextmanager
def template_timer(found: list):
    """Time each top-level template render (includes are inside it) and the SQL run while it renders."""
    from django.template.backends.django import Template

    original = Template.render
    depth = [0]  # form widgets render through the same backend inside the page: count only the outermost

    def render(self, context=None, request=None):
        if depth[0]:
            return original(self, context, request)
        depth[0] += 1
        before = len(connection.queries_log)
        started = time.perf_counter()
        try:
            return original(self, context, request)
        finally:
            depth[0] -= 1
            elapsed = (time.perf_counter() - started) * 1000
            sql = sum(float(q["time"]) * 1000 for q in list(connection.queries_log)[before:])
            found.append((self.template.name, elapsed, sql))

    Template.render = render
    try:
        yield
    finally:
        Template.render = original


def explain(sql: str) -> list[str]:
    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith("SELECT"):
        return []
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def profile_page(client, path: str, *, with_cprofile: bool = False, explain_slowest: int = 2) -> dict:
    """One warm request, then one measured request with every query captured and templates timed."""
    from django.test.utils import CaptureQueriesContext

    client.get(path, secure=True)  # warm: caches, connection, the first query plans
    renders: list = []
    with CaptureQueriesContext(connection) as captured, template_timer(renders):
        started = time.perf_counter()
        response = client.get(path, secure=True)
        total = (time.perf_counter() - started) * 1000
    queries = [{"ms": float(q["time"]) * 1000, "sql": q["sql"]} for q in captured.captured_queries]
    template_ms = sum(r[1] for r in renders)
    template_sql = sum(r[2] for r in renders)
    result = {
        "status": response.status_code,
        "total_ms": round(total, 1),
        "queries": len(queries),
        "sql_ms": round(sum(q["ms"] for q in queries), 1),
        "template_ms": round(template_ms, 1),
        "template_sql_ms": round(template_sql, 1),
        "view_ms": round(total - template_ms, 1),
        "templates": [r[0] for r in renders],
    }
    slowest = sorted(queries, key=lambda q: -q["ms"])[:explain_slowest]
    result["slowest_queries"] = [{"ms": round(q["ms"], 1), "sql": q["sql"], "plan": explain(q["sql"])} for q in slowest]
    if with_cprofile:
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(path, secure=True)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
        result["top_functions"] = [_short(line) for line in lines[start : start + 13]]
    return result


def _short(line: str) -> str:
    """A pstats line with the virtualenv's long paths cut to the package."""
    for marker in ("site-packages/", "/wt-bench/", "/lib/python3"):
        if marker in line:
            head, _, tail = line.partition(marker)
            head = head[: head.rfind(" ") + 1] if " " in head else ""
            return head + tail
    return line


def profile_cases(timings, cases, *, cprofile_slowest: int = 4) -> None:
    """Fill each page's `profile` from an in-process run as the same account the HTTP run used."""
    from django.test import Client

    from benchmarks.dataset import PREFIX
    from organisation.models import User

    clients: dict = {}
    ranked = sorted((t for t in timings if t.kind == "page"), key=lambda t: -(t.p95 or 0))
    slowest = {t.name for t in ranked[:cprofile_slowest]}
    by_name = {c.name: c for c in cases}
    for timing in timings:
        if timing.kind not in ("page", "baseline"):
            continue
        case = by_name[timing.name]
        if case.user not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            if case.user:
                client.force_login(User.objects.get(username=f"{PREFIX}{case.user}"))
            clients[case.user] = client
        try:
            timing.profile = profile_page(clients[case.user], case.path, with_cprofile=timing.name in slowest)
        except Exception as error:  # reported with the page, never stops the run
            timing.profile = {"error": f"{type(error).__name__}: {error}"}
