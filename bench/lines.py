#!/usr/bin/env python3
"""Measures the lines of issue 20's items 1 and 2 in one run: the JSON
inputs and the listing outputs against the CSV groups-only report, on the
generated twcs rows (docs/performance.md).

    bench/lines.py [--messages N] [--rounds R] [--bin BIN] [--policy FILE]

Defaults: 10,000,000 messages, 8 rounds, build/ssla, bench/twcs-bench.yaml.
The files are ${TMPDIR:-/tmp}/ssla-twcs-N.{csv,ndjson,json}, made when
missing (bench/gen_twcs.py, bench/csv_to_json.py; the same bytes every time).

The commands take turns, round after round, so that each round meets the
machine in one state (its speed drifts by a quarter within minutes here).
Each figure is the median over the rounds of that round's ratio; wall time
and CPU time (user + system) are both given, CPU being the steadier. Output
goes to /dev/null; the size of `episodes`' output is counted once, before
the rounds. Peak RSS is the largest of the rounds, in bytes a message.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = [  # name, input suffix, arguments after the binary
    ("csv report", "csv", ["report", "--by", "account"]),
    ("ndjson report", "ndjson", ["report", "--by", "account"]),
    ("json array report", "json", ["report", "--by", "account"]),
    ("json report", "csv", ["report", "--by", "account", "--format", "json"]),
    ("episodes", "csv", ["episodes"]),
]


def run(argv, stdout=subprocess.DEVNULL):
    """Runs argv; returns (wall s, CPU s, peak RSS bytes) of the child."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"bench/lines.py: {' '.join(argv)} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=10_000_000)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--bin", default="build/ssla")
    ap.add_argument("--policy", default="bench/twcs-bench.yaml")
    args = ap.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    tmp = os.environ.get("TMPDIR", "/tmp")
    base = os.path.join(tmp, f"ssla-twcs-{args.messages}")
    if not os.path.exists(base + ".csv"):
        subprocess.run([sys.executable, "bench/gen_twcs.py", str(args.messages),
                        base + ".csv"], check=True)
    if not (os.path.exists(base + ".ndjson") and os.path.exists(base + ".json")):
        subprocess.run([sys.executable, "bench/csv_to_json.py", base + ".csv",
                        base + ".ndjson", base + ".json"], check=True)

    def argv(suffix, rest):
        return [args.bin] + rest + ["--preset", "twcs", "-p", args.policy,
                                    f"{base}.{suffix}"]

    with subprocess.Popen(argv("csv", ["episodes"]), stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL) as proc:
        episode_bytes = 0
        while chunk := proc.stdout.read(1 << 20):
            episode_bytes += len(chunk)

    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo"],
                         capture_output=True, text=True).stdout.split(":")[-1].strip()
    print(f"{args.messages:,} messages, {args.rounds} rounds, {cpu}, "
          f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    rounds = []
    for r in range(args.rounds):
        rounds.append([run(argv(suffix, rest)) for _, suffix, rest in COMMANDS])
        print(f"  round {r + 1}: " + ", ".join(f"{w:.2f}" for w, _, _ in rounds[-1]),
              file=sys.stderr)

    def median_ratio(i, field):
        return statistics.median(r[i][field] / r[0][field] for r in rounds)

    print("| command | wall s (median) | / CSV report, wall | / CSV report, CPU "
          "| ratio per round (wall) | peak RSS B/message |")
    print("|---|---:|---:|---:|---|---:|")
    for i, (name, _, _) in enumerate(COMMANDS):
        each = " ".join(f"{r[i][0] / r[0][0]:.2f}" for r in rounds)
        print(f"| {name} | {statistics.median(r[i][0] for r in rounds):.2f} | "
              f"{median_ratio(i, 0):.3f} | {median_ratio(i, 1):.3f} | {each} | "
              f"{max(r[i][2] for r in rounds) / args.messages:.0f} |")
    extra = statistics.median(r[4][0] - r[0][0] for r in rounds)
    print(f"\nepisodes: {episode_bytes / 1e6:,.0f} MB of records in {extra:.2f} s "
          f"above the CSV report (median of the rounds' differences): "
          f"{episode_bytes / 1e6 / extra:,.0f} MB/s")


if __name__ == "__main__":
    main()
