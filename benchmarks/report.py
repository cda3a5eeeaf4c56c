"""Percentiles, the targets, and the tables the benchmark prints and docs/performance.md shows."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

P95_LIMIT_MS = 150  # issue 8: every page's p95 under 150 ms ...
RATIO_LIMIT = 10  # ... and under 10x the trivial page served by the same server in the same run


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), interpolated between the nearest ranks; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Timing:
    """One case's timings over HTTP, and what the in-process profile found."""

    name: str
    kind: str
    app: str
    user: str | None
    path: str
    note: str = ""
    times_ms: list[float] = field(default_factory=list)
    status: int | None = None
    size: int | None = None
    errors: list[str] = field(default_factory=list)
    limit_ms: float | None = None
    steps: dict[str, list[float]] = field(default_factory=dict)  # a flow's steps, e.g. upload/preview/confirm
    detail: dict = field(default_factory=dict)  # e.g. {"job": True} for a download done by a background job
    profile: dict = field(default_factory=dict)  # queries, SQL ms, template ms ... (benchmarks/profiling.py)

    @property
    def p50(self) -> float | None:
        return percentile(self.times_ms, 50)

    @property
    def p95(self) -> float | None:
        return percentile(self.times_ms, 95)

    def ratio(self, trivial: Timing | None) -> float | None:
        if trivial is None or not trivial.p95 or self.p95 is None:
            return None
        return self.p95 / trivial.p95

    def verdict(self, trivial: Timing | None) -> str:
        if self.errors:
            return "ERROR"
        if self.kind == "page":
            misses = []
            if self.p95 is not None and self.p95 >= P95_LIMIT_MS:
                misses.append(f"p95 >= {P95_LIMIT_MS} ms")
            ratio = self.ratio(trivial)
            if ratio is not None and ratio >= RATIO_LIMIT:
                misses.append(f">= {RATIO_LIMIT}x trivial")
            return "MISS: " + ", ".join(misses) if misses else "ok"
        if self.limit_ms is not None and self.times_ms:
            first = self.times_ms[0]
            return "ok" if first < self.limit_ms else f"MISS: over {self.limit_ms / 1000:.0f} s"
        return ""

    def as_dict(self, trivial: Timing | None) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "app": self.app,
            "user": self.user,
            "path": self.path,
            "note": self.note,
            "status": self.status,
            "size_bytes": self.size,
            "runs": len(self.times_ms),
            "p50_ms": _round(self.p50),
            "p95_ms": _round(self.p95),
            "max_ms": _round(max(self.times_ms) if self.times_ms else None),
            "ratio_to_trivial_p95": _round(self.ratio(trivial), 2),
            "times_ms": [round(t, 1) for t in self.times_ms],
            "steps_ms": {k: [round(t, 1) for t in v] for k, v in self.steps.items()},
            "detail": self.detail,
            "limit_ms": self.limit_ms,
            "verdict": self.verdict(trivial),
            "errors": self.errors,
            "profile": self.profile,
        }


def _round(value, digits: int = 1):
    return None if value is None else round(value, digits)


def ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def size(value: int | None) -> str:
    return "-" if value is None else f"{value / 1024:,.0f} KB" if value >= 1024 else f"{value} B"


def pages_table(timings: list[Timing], trivial: Timing | None) -> str:
    """Markdown: one row per page, with the targets' verdict."""
    rows = [
        "| Page | As | p50 ms | p95 ms | p95 / trivial | Queries | SQL ms | Template ms | Size | Verdict |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for t in timings:
        if t.kind not in ("page", "baseline"):
            continue
        ratio = t.ratio(trivial)
        p = t.profile
        rows.append(
            f"| {t.name} | {t.user or 'signed out'} | {ms(t.p50)} | {ms(t.p95)} | "
            f"{'-' if ratio is None else f'{ratio:.1f}x'} | {p.get('queries', '-')} | {ms(p.get('sql_ms'))} | "
            f"{ms(p.get('template_ms'))} | {size(t.size)} | {t.verdict(trivial) or 'baseline'} |"
        )
    return "\n".join(rows)


def downloads_table(timings: list[Timing], trivial: Timing | None) -> str:
    rows = [
        "| Export or import | How | First ms | Then (median) ms | Runs | Steps (first run) | Size | Verdict |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | --- |",
    ]
    for t in timings:
        if t.kind not in ("download", "flow"):
            continue
        first = t.times_ms[0] if t.times_ms else None
        then = statistics.median(t.times_ms[1:]) if len(t.times_ms) > 1 else None
        how = t.detail.get("how") or ("background job" if t.detail.get("job") else "in the request")
        steps = ", ".join(f"{k} {ms(v[0])}" for k, v in t.steps.items() if v)
        rows.append(
            f"| {t.name} | {how} | {ms(first)} | {ms(then)} | {len(t.times_ms)} | {steps or '-'} | {size(t.size)} | "
            f"{t.verdict(trivial) or '-'}{' ' + '; '.join(t.errors) if t.errors else ''} |"
        )
    return "\n".join(rows)


def load_table(load: dict) -> str:
    rows = [
        "| Request | Count | p50 ms | p95 ms | Max ms | Errors | 409 stale edit |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in load["by_kind"].items():
        rows.append(
            f"| {name} | {row['count']:,} | {ms(row['p50_ms'])} | {ms(row['p95_ms'])} | {ms(row['max_ms'])} | "
            f"{row['errors']} | {row['stale']} |"
        )
    t = load["total"]
    rows.append(
        f"| **All** | **{t['count']:,}** | **{ms(t['p50_ms'])}** | **{ms(t['p95_ms'])}** | **{ms(t['max_ms'])}** | "
        f"**{t['errors']}** | **{t['stale']}** |"
    )
    return "\n".join(rows)


# The end of an EXPLAIN ANALYZE: planning, PostgreSQL's JIT compilation (which can cost more than the query) and
# the execution time.
SUMMARY_LINES = ("Planning Time", "JIT", "  Functions", "  Options", "  Timing", "Execution Time")


def hotspots(timings: list[Timing], *, limit: int = 6) -> str:
    """The slowest pages with where their time goes: queries, SQL, template, the slowest queries and plans."""
    out = []
    pages = [t for t in timings if t.kind == "page" and t.profile]
    for t in sorted(pages, key=lambda t: -(t.p95 or 0))[:limit]:
        p = t.profile
        out.append(
            f"### {t.name} (p95 {ms(t.p95)} ms over HTTP)\n\n"
            f"In process: {ms(p.get('total_ms'))} ms, {p.get('queries')} queries taking {ms(p.get('sql_ms'))} ms; "
            f"template rendering {ms(p.get('template_ms'))} ms (of which SQL run from the template "
            f"{ms(p.get('template_sql_ms'))} ms); the view before rendering {ms(p.get('view_ms'))} ms."
        )
        for q in p.get("slowest_queries", [])[:3]:
            out.append(f"\n- {ms(q['ms'])} ms: `{q['sql'][:400]}`")
            if q.get("plan"):
                plan = q["plan"][:10] + [line for line in q["plan"][10:] if line.startswith(SUMMARY_LINES)]
                out.append("\n  ```\n  " + "\n  ".join(line[:300] for line in plan) + "\n  ```")
        if p.get("top_functions"):
            out.append("\n  Top functions by own time (cProfile):\n\n  ```\n  " + "\n  ".join(p["top_functions"])
                       + "\n  ```")  # fmt: skip
        out.append("")
    return "\n".join(out)
