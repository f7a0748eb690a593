#!/usr/bin/env python3
"""ssla against the spec reference (tests/reference/spec_reference.py) on
generated cases (tests/reference/generate_cases.py).

For each case, `ssla episodes --format csv` and `ssla report --format json`
under each of BY_KEYS (all with --as-of) are compared with the reference: every
episode record's kind, start, due, responded_by, responded_at, target_seconds,
business_seconds, calendar_seconds, status, account, priority, responder and
owner, keyed by opened_by and kind; every group's counts, exempt_messages,
goal and status; under `--by channel` also attainment (within 1e-12),
business-time p50/p90/max and the total's counts.
One line per disagreement, then a summary. Exit status 0 when all agree,
1 otherwise.

usage: reference_test.py SSLA_BINARY [--cases N] [--seed S] [--keep DIR]
  --keep DIR   write the files of every disagreeing case to DIR/CASE/
"""

import argparse
import concurrent.futures
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_cases  # noqa: E402
import spec_reference  # noqa: E402

EPISODE_FIELDS = ["start", "due", "responded_by", "responded_at", "target_seconds",
                  "business_seconds", "calendar_seconds", "status", "account", "priority",
                  "responder", "owner"]
INSTANT_FIELDS = {"start", "due", "responded_at"}
NUMBER_FIELDS = {"target_seconds", "business_seconds", "calendar_seconds"}
COUNT_FIELDS = ["episodes", "measured", "met", "breached_late", "breached_unanswered",
                "pending", "unconfigured", "exempt_messages"]
PERCENTILES = ["p50", "p90", "max"]
# 3.6 and 8.4: the channel groups in full; by account (goal from the account
# entry, or none without `channel`); by kind, priority and responder (exempt
# messages under the key null).
BY_KEYS = [["channel"], ["channel", "account"], ["account", "kind"], ["priority"],
           ["responder"]]


def run_ssla(binary, command, case_dir, as_of, fmt, *more):
    """One ssla run on a case; returns (exit status, stdout, stderr)."""
    args = [binary, command, "--format", fmt, "-p", os.path.join(case_dir, "policy.yaml"),
            "--as-of", as_of, *more, os.path.join(case_dir, "messages.csv")]
    env = dict(os.environ, TZ="UTC", NO_COLOR="1")
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    return done.returncode, done.stdout, done.stderr


def parse_csv_value(field, text):
    """An `episodes --format csv` cell: empty is null (4.1 says null); the
    account is a string, empty when the episode has none (3.3)."""
    if text == "":
        return "" if field == "account" else None
    if field in INSTANT_FIELDS:
        return spec_reference.parse_instant(text)
    if field in NUMBER_FIELDS:
        return float(text)
    return text


def ssla_episodes(csv_text):
    """{(opened_by, kind): {field: value}} from `ssla episodes --format csv`."""
    records = {}
    for row in csv.DictReader(io.StringIO(csv_text)):
        key = (row["opened_by"], row["kind"])
        records[key] = {f: parse_csv_value(f, row[f]) for f in EPISODE_FIELDS}
    return records


def ssla_groups(json_text, by):
    """{key tuple in `by` order: figures} from `ssla report --format json`,
    the total under the key None."""
    report = json.loads(json_text)
    groups = {}
    for group in report["groups"] + [dict(report["total"], key=None)]:
        figures = {f: group[f] for f in COUNT_FIELDS + ["attainment", "goal", "status"]}
        stats = group.get("business_seconds") or {}
        for p in PERCENTILES:
            figures["business_" + p] = stats.get(p)
        key = None if group["key"] is None else tuple(group["key"][k] for k in by)
        groups[key] = figures
    return groups


def shown(field, value):
    """A value as printed in a disagreement line."""
    if field in INSTANT_FIELDS and value is not None:
        return spec_reference.format_instant(value)
    return "null" if value is None else str(value)


def same(reference, actual, tolerance=0.0):
    if reference is None or actual is None:
        return reference is None and actual is None
    if isinstance(reference, str) or isinstance(actual, str):
        return reference == actual
    return abs(reference - actual) <= tolerance


def compare_episodes(reference_records, actual):
    """Disagreements between the reference's episode records and ssla's."""
    expected = {(r["opened_by"], r["kind"]): r for r in reference_records}
    problems = []
    for key in sorted(set(expected) | set(actual)):
        label = "episode %s/%s" % key
        if key not in actual:
            problems.append((label, "present", "missing"))
            continue
        if key not in expected:
            problems.append((label, "missing", "present"))
            continue
        for field in EPISODE_FIELDS:
            ref, got = expected[key][field], actual[key][field]
            if not same(ref, got):
                problems.append(("%s %s" % (label, field), shown(field, ref), shown(field, got)))
    return problems


def compare_groups(by, expected, actual):
    """Disagreements between the reference's groups under `--by` and ssla's.
    Under `--by channel` the total is compared too (key None)."""
    problems = []
    fields = COUNT_FIELDS + ["goal", "status"]
    if by == ["channel"]:
        fields += ["attainment"] + ["business_" + p for p in PERCENTILES]
    else:
        actual = {k: v for k, v in actual.items() if k is not None}
    for key in sorted(set(expected) | set(actual), key=repr):
        label = "--by %s group %s" % (",".join(by), "total" if key is None else
                                      "/".join(map(str, key)))
        if key not in actual or key not in expected:
            problems.append((label, "present" if key in expected else "missing",
                             "present" if key in actual else "missing"))
            continue
        for field in fields:
            ref, got = expected[key][field], actual[key][field]
            tolerance = 1e-12 if field in ("attainment", "goal") else 0.0
            if not same(ref, got, tolerance):
                problems.append(("%s %s" % (label, field), shown(field, ref), shown(field, got)))
    return problems


def check_case(binary, case, work_dir):
    """All disagreements of one case, and the number of episodes compared."""
    case_dir = os.path.join(work_dir, case["name"])
    generate_cases.write_case(case, case_dir)
    as_of = spec_reference.format_instant(case["as_of"])
    policy = case["policy"]
    messages = spec_reference.read_messages(os.path.join(case_dir, "messages.csv"),
                                            policy["company"])
    try:
        records, exempt = spec_reference.reference_figures(policy, messages, case["as_of"])
    except AssertionError as error:  # a check inside the reference itself
        return [("reference", "consistent", "assertion failed: %s" % error)], 0
    problems = []
    status, out, err = run_ssla(binary, "episodes", case_dir, as_of, "csv")
    if status != 0:
        return [("episodes exit status", "0", "%d: %s" % (status, err.strip()))], 0
    problems += compare_episodes(records, ssla_episodes(out))
    for by in BY_KEYS:
        status, out, err = run_ssla(binary, "report", case_dir, as_of, "json",
                                    "--by", ",".join(by))
        if status != 0:
            return problems + [("report exit status", "0", "%d: %s" % (status, err.strip()))], 0
        expected = spec_reference.report_groups(policy, records, exempt, by)
        if by == ["channel"]:
            expected[None] = spec_reference.report_groups(policy, records, exempt, [])[()]
        problems += compare_groups(by, expected, ssla_groups(out, by))
    return problems, len(records)


def keep_case(case, directory, problems):
    """Save a disagreeing case with its disagreements and the commands that show them."""
    case_dir = os.path.join(directory, case["name"])
    generate_cases.write_case(case, case_dir)
    as_of = spec_reference.format_instant(case["as_of"])
    with open(os.path.join(case_dir, "disagreements.txt"), "w", encoding="utf-8") as f:
        for field, ref, got in problems:
            f.write("%s: reference=%s ssla=%s\n" % (field, ref, got))
        f.write("\nssla episodes --format csv -p policy.yaml --as-of %s messages.csv\n" % as_of)
        for by in BY_KEYS:
            f.write("ssla report --format json -p policy.yaml --as-of %s --by %s messages.csv\n"
                    % (as_of, ",".join(by)))
        f.write("spec_reference.py policy.json messages.csv %s\n" % as_of)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ssla")
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR")
    args = parser.parse_args()
    began = time.monotonic()
    cases = [generate_cases.generate_case(args.seed, i) for i in range(args.cases)]
    work_dir = tempfile.mkdtemp(prefix="ssla-reference-")
    try:
        # ssla runs in child processes, so two workers keep two cores busy.
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda c: check_case(args.ssla, c, work_dir), cases))
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    failed = 0
    for case, (problems, _) in zip(cases, results):
        for field, ref, got in problems:
            print("%s: %s: reference=%s ssla=%s" % (case["name"], field, ref, got))
        if problems:
            failed += 1
            if args.keep:
                keep_case(case, args.keep, problems)
    episodes = sum(count for _, count in results)
    print("spec_reference: %d of %d cases agree (%d episodes compared, seed %d) in %.1fs"
          % (len(cases) - failed, len(cases), episodes, args.seed, time.monotonic() - began))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
