#!/usr/bin/env python3
"""sql/report.sql against `ssla report --format json` (docs/scale-out.md).

    check_report_sql.py SSLA SOURCE_DIR

Splits each input into partitions that keep every conversation whole (by the
root of each id's reply chain), runs `ssla episodes --format csv` and
`ssla report --format csv` on every partition with the whole input's as_of,
combines them with sql/report.sql in DuckDB, and checks every figure of every
group (and of the total, when the report has one) against the report of the
whole input. DuckDB comes from the npm registry into bench/.duckdb/, as
bench/compare.sh installs it; when it cannot be installed the test is
skipped (exit status 77) with a message saying why.
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

SKIP = 77
DUCKDB_PACKAGE = "@duckdb/node-api@1.5.6-r.1"


def ensure_duckdb(source):
    duck = os.path.join(source, "bench", ".duckdb")
    if not os.path.isdir(os.path.join(duck, "node_modules", "@duckdb", "node-api")):
        if shutil.which("node") is None or shutil.which("npm") is None:
            print("skipped: node and npm are needed to install DuckDB")
            sys.exit(SKIP)
        os.makedirs(duck, exist_ok=True)
        r = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", DUCKDB_PACKAGE],
                           cwd=duck, capture_output=True, text=True)
        if r.returncode != 0:
            print("skipped: DuckDB could not be installed from the npm registry:\n" + r.stderr[-2000:])
            sys.exit(SKIP)
    shutil.copy(os.path.join(source, "sql", "duckdb_report.mjs"), duck)
    return os.path.join(duck, "duckdb_report.mjs")


def read_rows(path):
    data = open(path, "rb").read()
    if path.endswith(".gz"):
        data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
    text = data.decode("utf-8", errors="surrogateescape")
    return list(csv.reader(io.StringIO(text, newline="")))


def partitions(rows, id_col, parent_col, count):
    """Rows split into `count` lists, in input order, so that every row of a
    reply tree (the rows of an id, its replies, theirs...) is in one list."""
    strip = lambda s: s.strip()[:-2] if s.strip().endswith(".0") else s.strip()
    parent = {}
    index = {}
    for i, row in enumerate(rows):
        if len(row) <= max(id_col, parent_col):
            continue
        key = strip(row[id_col])
        if key not in parent:  # the first row of an id wins, as in ssla
            parent[key] = strip(row[parent_col])
            index[key] = i

    root = {}

    def root_of(key):
        path = []
        seen = set()
        while key not in root:
            if key in seen:  # a cycle: its first member in input order is the root
                cycle = path[path.index(key):]
                first = min(cycle, key=lambda k: index[k])
                for k in cycle:
                    root[k] = first
                break
            seen.add(key)
            path.append(key)
            p = parent.get(key, "")
            if p == "" or p not in parent:
                root[key] = key
                break
            key = p
        for k in reversed(path):
            if k not in root:
                root[k] = root[parent[k]]
        return root[path[0]] if path else root[key]

    out = [[] for _ in range(count)]
    for row in rows:
        key = strip(row[id_col]) if len(row) > id_col else ""
        r = root_of(key) if key in parent else key
        out[zlib.crc32(r.encode("utf-8", "surrogateescape")) % count].append(row)
    return out


def run(cmd):
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode != 0:
        raise SystemExit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr.decode()[-2000:]}")
    return r.stdout


def check(ssla, runner, source, name, policy, input_path, extra, by, count, tmp):
    whole = json.loads(run([ssla, "report", "-p", policy, *extra, "--by", by, "--format", "json", input_path]))
    as_of = whole["as_of"]
    rows = read_rows(input_path)
    header, body = rows[0], rows[1:]
    id_col = header.index("tweet_id" if "tweet_id" in header else "id")
    parent_col = header.index("in_response_to_tweet_id" if "in_response_to_tweet_id" in header else "parent_id")
    episodes, reports = [], []
    for k, part in enumerate(partitions(body, id_col, parent_col, count)):
        path = os.path.join(tmp, f"{name}-{k}.csv")
        with open(path, "w", newline="", encoding="utf-8", errors="surrogateescape") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(part)
        common = ["-p", policy, *extra, "--as-of", as_of, path]
        e = os.path.join(tmp, f"{name}-{k}.episodes.csv")
        r = os.path.join(tmp, f"{name}-{k}.report.csv")
        open(e, "wb").write(run([ssla, "episodes", "--format", "csv", *common]))
        open(r, "wb").write(run([ssla, "report", "--by", by, "--format", "csv", *common]))
        episodes.append(e)
        reports.append(r)
    out = run(["node", runner, os.path.join(source, "sql", "report.sql"), by, ",".join(episodes),
               ",".join(reports)]).decode()
    sql = [json.loads(line) for line in out.splitlines()]
    keys = by.split(",")
    groups = [s for s in sql if not s["is_total"]]
    problems = []

    def compare(what, mine, theirs):
        for field in ("episodes", "measured", "met", "breached_late", "breached_unanswered", "pending",
                      "unconfigured", "exempt_messages"):
            if int(mine[field]) != theirs[field]:
                problems.append(f"{what} {field}: SQL {mine[field]}, ssla {theirs[field]}")
        if mine["attainment"] != theirs["attainment"]:
            problems.append(f"{what} attainment: SQL {mine['attainment']}, ssla {theirs['attainment']}")
        goal = None if mine["goal"] is None else float(mine["goal"])
        if goal != theirs["goal"] or mine["status"] != theirs["status"]:
            problems.append(f"{what} goal/status: SQL {goal} {mine['status']}, ssla {theirs['goal']} {theirs['status']}")
        for clock in ("business", "calendar"):
            stats = theirs[f"{clock}_seconds"]
            for p in ("p50", "p90", "p95", "max"):
                mine_ms = mine[f"{clock}_{p}"]
                mine_ms = None if mine_ms is None else int(mine_ms)
                ref = None if stats[p] is None else round(stats[p] * 1000)
                if mine_ms != ref:
                    problems.append(f"{what} {clock} {p}: SQL {mine_ms} ms, ssla {stats[p]} s")
            if mine[f"{clock}_mean"] != stats["mean"]:
                problems.append(f"{what} {clock} mean: SQL {mine[f'{clock}_mean']!r}, ssla {stats['mean']!r}")

    if len(groups) != len(whole["groups"]):
        problems.append(f"{len(groups)} groups from SQL, {len(whole['groups'])} from ssla")
    for mine, theirs in zip(groups, whole["groups"]):
        key = [theirs["key"][k] for k in keys]
        mine_key = [mine["k1"], mine["k2"]][: len(keys)]
        mine_key = ["" if k is None and keys[i] == "account" else k for i, k in enumerate(mine_key)]
        if mine_key != key:
            problems.append(f"group key: SQL {mine_key}, ssla {key}")
            continue
        compare(f"group {key}", mine, theirs)
    totals = [s for s in sql if s["is_total"]]
    if "total" in whole:
        compare("total", totals[0], whole["total"])
    print(f"{name} --by {by}, {count} partition(s): {len(groups)} groups"
          f"{' and the total' if 'total' in whole else ''}, {sum(s['episodes'] != '0' for s in groups)} with episodes: "
          f"{'ok' if not problems else 'DIFFERENT'}")
    for p in problems[:20]:
        print("  " + p)
    return not problems


def main():
    ssla, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    runner = ensure_duckdb(source)
    ok = True
    with tempfile.TemporaryDirectory(prefix="ssla-sql-") as tmp:
        samples = (os.path.join(source, "samples", "policy.yaml"), os.path.join(source, "samples", "messages.csv"))
        for by in ("channel", "account", "channel,account"):
            for count in (1, 3):
                ok &= check(ssla, runner, source, "samples", *samples, [], by, count, tmp)
        union = os.path.join(source, "..", "shared", "data", "real", "twcs-union", "twcs_union.csv.gz")
        if os.path.exists(union):
            policy = os.path.join(source, "bench", "twcs-bench.yaml")
            for by in ("account", "channel", "channel,account"):
                ok &= check(ssla, runner, source, "twcs-union", policy, union, ["--preset", "twcs"], by, 4, tmp)
        else:
            print(f"twcs-union not found at {union}: only the samples were checked")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
