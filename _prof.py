import os, time, cProfile, pstats
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django; django.setup()
from django.test.utils import setup_test_environment
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
    _, parsed = parse_file(data, "big.tsv", layout="columns")
    plan_import(parsed=parsed, title="Big")
    _, parsed = parse_file(data, "big.tsv", layout="columns")
    pr = cProfile.Profile(); pr.enable()
    plan_import(parsed=parsed, title="Big")
    pr.disable(); pstats.Stats(pr).sort_stats("cumtime").print_stats(25)
finally:
    r.teardown_databases(old)
