import os, time, io
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django; django.setup()
from django.test.utils import setup_test_environment, get_runner
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
setup_test_environment()
from django.test.runner import DiscoverRunner
r = DiscoverRunner(verbosity=0); old = r.setup_databases()
try:
    from plans.importing.pipeline import parse_file
    from plans.services import plan_import
    rows = ["Ref\tAction\tLead\tTarget date\tProgress\tTheme"]
    n = int(os.environ.get("N", "4800"))
    for g in range(1, 9):
        for h in range(1, n // 8 + 1):
            rows.append(f"{g}.{h}\tDo thing {g}.{h} for the council\tJB/LA\tMarch 2022\tUpdate 01/10/21: underway\tTheme {g}")
    data = "\n".join(rows).encode()
    t = time.time(); _, parsed = parse_file(data, "big.tsv", layout="columns"); t1 = time.time()
    print("parse", round(t1 - t, 2), parsed.action_count(), [str(p) for p in parsed.problems[:3]])
    with CaptureQueriesContext(connection) as q:
        t = time.time(); s = plan_import(parsed=parsed, title="Big", dry_run=True); print("dry", round(time.time() - t, 2), len(q.captured_queries))
    with CaptureQueriesContext(connection) as q:
        t = time.time(); s = plan_import(parsed=parsed, title="Big"); print("import", round(time.time() - t, 2), len(q.captured_queries), s.created)
    _, parsed = parse_file(data, "big.tsv", layout="columns")
    with CaptureQueriesContext(connection) as q:
        t = time.time(); s = plan_import(parsed=parsed, title="Big"); print("reimport", round(time.time() - t, 2), len(q.captured_queries), s.updated, s.unchanged)
finally:
    r.teardown_databases(old)
