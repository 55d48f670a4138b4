"""Fails CI unless the Postgres leg really ran: both contract bindings executed the same test methods, none
skipped, none failed. Prints a per-class summary."""
import glob
import sys
import xml.etree.ElementTree as ET

def load(pattern):
    out = {}
    for path in glob.glob(pattern, recursive=True):
        if "/target/it/" in path:
            continue  # the consumer samples' own reports (one of them fails on purpose)
        root = ET.parse(path).getroot()
        suite = root.get("name")
        cases = {}
        for case in root.iter("testcase"):
            status = "passed"
            if case.find("skipped") is not None:
                status = "skipped"
            elif case.find("failure") is not None or case.find("error") is not None:
                status = "failed"
            cases[case.get("name")] = status
        out[suite] = cases
    return out

reports = load("**/target/surefire-reports/TEST-*.xml")
errors = []
mem = reports.get("dev.pgqueuer.conformance.InMemoryContractTest")
pg = reports.get("dev.pgqueuer.conformance.PostgresContractTest")
if not mem:
    errors.append("InMemoryContractTest did not run")
if not pg:
    errors.append("PostgresContractTest did not run: the Postgres leg is required")
if mem and pg:
    if set(mem) != set(pg):
        errors.append("the bindings ran different methods: only in-memory %s, only Postgres %s"
                      % (sorted(set(mem) - set(pg))[:10], sorted(set(pg) - set(mem))[:10]))
    for name, cases in (("in-memory", mem), ("Postgres", pg)):
        skipped = [m for m, s in cases.items() if s == "skipped"]
        if skipped:
            errors.append("%s contract skipped %d tests, e.g. %s" % (name, len(skipped), skipped[:5]))
    if len(mem) < 150:
        errors.append("the contract has %d methods, fewer than 150" % len(mem))
total = {"passed": 0, "skipped": 0, "failed": 0}
for suite, cases in sorted(reports.items()):
    for s in cases.values():
        total[s] += 1
postgres_suites = {s: c for s, c in reports.items() if "Postgres" in s}
for suite, cases in sorted(postgres_suites.items()):
    skipped = sum(1 for s in cases.values() if s == "skipped")
    if skipped:
        errors.append("%s skipped %d tests" % (suite, skipped))
print("contract methods: in-memory %d, Postgres %d" % (len(mem or {}), len(pg or {})))
print("all suites: %d passed, %d failed, %d skipped" % (total["passed"], total["failed"], total["skipped"]))
if errors:
    for e in errors:
        print("CI check failed: " + e, file=sys.stderr)
    sys.exit(1)
