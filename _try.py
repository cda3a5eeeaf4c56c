import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django; django.setup()
import sys
from plans.tests import import_fixtures as f
from plans.importing.pipeline import read_file, parse_tables, detect_layout
from plans.importing.structure import walk
name = sys.argv[1]
data = f.ALL[name]()
tables = read_file(data, name)
for t in tables:
    print("TABLE", t.name, "heading:", t.heading)
    for r in t.rows[:40]: print("  ", r.ref.row, r.cells)
d = detect_layout(tables); print("DETECT", d)
p = parse_tables(tables, layout=d.layout)
print("MAPPING", p.mapping, "GUESSED", p.guessed)
for g in p.goals:
    print("GOAL", g.number, g.title, "|", g.outcome[:50])
    for a in walk(g.actions):
        print("   ", a.reference, "|", a.measurable, "|", a.progress_text[:30], "|", a.title[:40], "|", a.service_area, "|", a.lead_text, "|", a.timescale, "|", a.status, a.status_from, "|", a.theme, a.pillar, a.last_updated, len(a.updates))
for pr in p.problems: print("PROBLEM", pr.severity, pr.kind, pr)
for d in p.dropped: print("DROP", d.ref, d.why, repr(d.text[:60]))
for l in p.lone_rows: print("LONE", l)
