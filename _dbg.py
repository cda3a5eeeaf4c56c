import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django; django.setup()
from plans.tests.test_import_preview import hostile_csv, THEMED_CSV
from plans.importing.pipeline import parse_file
from plans.importing.structure import walk
_, p = parse_file(hostile_csv(), "hostile.csv", layout="columns")
for g in p.goals:
    for a in walk(g.actions): print(a.ref, repr(a.reference[:30]), len(a.reference), repr(a.code[:20]), a.title)
for x in p.problems: print(x)
_, p = parse_file(THEMED_CSV.encode(), "plan.csv", layout="numbered")
print(p.action_count(), [str(x) for x in p.problems])
