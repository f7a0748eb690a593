#!/usr/bin/env python3
"""The coffee.stackexchange.com dump, converted by scripts/stackexchange_to_csv.py
and read by ssla, gives the figures a direct reading of the XML gives.

The direct reading here is independent of the converter and of ssla: for each
question, the first answer by someone other than its asker; the policy
(docs/real-data/stackexchange-coffee.yaml) is 24x7 with a 4-hour target, so
business time is wall-clock time, and as_of (the latest post) is past every
due. Percentiles are nearest-rank over the answered questions (spec 4).
Skipped (status 77) when the dump is not beside the checkout.

usage: stackexchange_test.py SSLA PROJECT_ROOT
"""

import datetime
import json
import math
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET


def direct_figures(xml_path, target_seconds):
    root = ET.parse(xml_path).getroot()
    asked = {}
    for row in root:
        if row.get("PostTypeId") == "1":
            asked[row.get("Id")] = (datetime.datetime.fromisoformat(row.get("CreationDate")),
                                    row.get("OwnerUserId"))
    first = {}
    for row in root:
        if row.get("PostTypeId") != "2":
            continue
        question = row.get("ParentId")
        if row.get("OwnerUserId") == asked[question][1]:
            continue  # a self-answer: left out by the converter
        at = datetime.datetime.fromisoformat(row.get("CreationDate"))
        if question not in first or at < first[question]:
            first[question] = at
    waits = sorted((first[q] - asked[q][0]).total_seconds() for q in first)
    met = sum(1 for w in waits if w <= target_seconds)

    def rank(p):
        return waits[math.ceil(p * len(waits)) - 1]

    return {
        "episodes": len(asked),
        "met": met,
        "breached_late": len(waits) - met,
        "breached_unanswered": len(asked) - len(waits),
        "pending": 0,
        "p50": rank(0.5),
        "p90": rank(0.9),
        "max": waits[-1],
    }


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, root = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    xml_path = root.parent / "shared" / "data" / "real" / "stackexchange-coffee" / "Posts.xml"
    if not xml_path.exists():
        print(f"skipped: {xml_path} is not there")
        return 77
    policy = root / "docs" / "real-data" / "stackexchange-coffee.yaml"
    csv_text = subprocess.run(
        [sys.executable, str(root / "scripts" / "stackexchange_to_csv.py"), str(xml_path)],
        check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if "left out 13 answers" not in csv_text.stderr:
        print("the converter should say it left out the dump's 13 self-answers:", csv_text.stderr)
        return 1
    run = subprocess.run([binary, "report", "--format", "json", "-p", str(policy), "-"],
                         input=csv_text.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, check=True)
    report = json.loads(run.stdout)
    group = report["groups"][0]
    got = {k: group[k] for k in ("episodes", "met", "breached_late", "breached_unanswered",
                                 "pending")}
    got.update({k: group["business_seconds"][k] for k in ("p50", "p90", "max")})
    want = direct_figures(xml_path, 4 * 3600)
    quality = report["data_quality"]
    ok = got == want and quality["rows_read"] == 539 and quality["rows_rejected"] == 0
    print("ssla:  ", got, "rows", quality["rows_read"], quality["rows_rejected"])
    print("direct:", want, "rows 539 0")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
