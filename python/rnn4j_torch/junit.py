"""Reads the JUnit XML reports of one gpu-check step and says whether it measured anything.

A JUnit run whose every test was skipped (the backend did not load, so every @GpuTest is
disabled) exits 0; for the GPU check that is a failure, not a pass. This prints the counts and the
first failing test (class, method, first line of the message), writes them as JSON with --json,
and exits 1 when a test failed or when no test passed.

With --order CLASS,CLASS,... the first failure named is the first in that order of test classes
(pieces that others depend on first); otherwise the first in the reports.

Usage: ci/junit_summary.py REPORTS_DIR [--order CLASSES] [--json FILE]
(or python3 -m rnn4j_torch.junit ...); ci/gpu_table.py prints describe() of the JSON written.
"""
import argparse
import glob
import json
import os
import sys
import xml.etree.ElementTree as ET


def summarize(reports_dir, order=()):
    passed, failed, skipped = [], [], []
    for path in sorted(glob.glob(os.path.join(reports_dir, "**", "TEST-*.xml"), recursive=True)):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:
            failed.append({"test": os.path.basename(path), "message": "unreadable report: %s" % e})
            continue
        for case in root.iter("testcase"):
            name = "%s.%s" % (case.get("classname", "?"), case.get("name", "?"))
            problem = case.find("failure")
            if problem is None:
                problem = case.find("error")
            if problem is not None:
                message = (problem.get("message") or problem.text or "").strip().splitlines()
                failed.append({"test": name, "class": case.get("classname", "?"),
                               "message": message[0][:300] if message else ""})
            elif case.find("skipped") is not None:
                reason = (case.find("skipped").get("message") or "").strip()
                skipped.append({"test": name, "message": reason[:300]})
            else:
                passed.append(name)
    rank = {c: i for i, c in enumerate(order)}
    failed.sort(key=lambda f: rank.get(f.get("class"), len(rank)))  # stable: report order within
    return {
        "passed": len(passed),
        "failed": len(failed),
        "skipped": len(skipped),
        "first_failure": failed[0] if failed else None,
        "skip_reason": skipped[0]["message"] if skipped else None,
        "ok": bool(passed) and not failed,
    }


def describe(s):
    line = "%d passed, %d failed, %d skipped" % (s["passed"], s["failed"], s["skipped"])
    if s["first_failure"]:
        line += "; first failure: %s: %s" % (s["first_failure"]["test"], s["first_failure"]["message"])
    elif not s["passed"]:
        line += "; nothing ran" + (" (skipped: %s)" % s["skip_reason"] if s["skip_reason"] else "")
    return line


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports_dir")
    ap.add_argument("--order", default="")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    s = summarize(args.reports_dir, [c for c in args.order.split(",") if c])
    print(describe(s))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(s, f, indent=1)
    return 0 if s["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
