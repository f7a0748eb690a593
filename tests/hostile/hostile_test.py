#!/usr/bin/env python3
"""Hostile and odd input, end to end (issue 16): each case runs the binary
on a small input it writes itself and checks the exit status, the message,
and the child's own peak memory and CPU time (os.wait4, not wall-clock), so
that a loaded machine cannot make a case fail or pass.

Usage: hostile_test.py SSLA [CASE...]
"""
import gzip
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading

SSLA = os.path.abspath(sys.argv[1])
ONLY = set(sys.argv[2:])
MAX_RSS_KB = 64 * 1024  # the issue's bound for a hostile input under 2 MB
MAX_CPU_S = 2.0
SANITIZED = os.environ.get("SSLA_SANITIZED") == "1"  # ASan: memory and time are not the program's

failures = []


def run(args, stdin=None, cwd=None):
    """Runs ssla; returns (status, stdout bytes, stderr text, max RSS KB, CPU s)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([SSLA] + args, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                             stdout=out, stderr=err, cwd=cwd, env=dict(os.environ, TZ="UTC", NO_COLOR="1"))
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (p.returncode, out.read(), err.read().decode("utf-8", "replace"), usage.ru_maxrss,
                usage.ru_utime + usage.ru_stime)


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}")


def bounded(name, rss, cpu):
    print(f"{name}: peak memory {rss / 1024:.1f} MB, CPU {cpu:.2f} s")
    if SANITIZED:
        return
    check(name, rss <= MAX_RSS_KB, f"peak memory {rss // 1024} MB > {MAX_RSS_KB // 1024} MB")
    check(name, cpu <= MAX_CPU_S, f"CPU time {cpu:.2f} s > {MAX_CPU_S} s")


def case(fn):
    if not ONLY or fn.__name__ in ONLY:
        with tempfile.TemporaryDirectory(prefix="ssla-hostile-") as d:
            fn(d)
    return fn


def write(path, text, mode="w"):
    with open(path, mode) as f:
        f.write(text)
    return path


ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago",
         "Europe/London"]


def policy(d, calendars=5, holidays="", extra_channels=""):
    cals = "".join(
        f"  cal{i}:\n    timezone: {ZONES[i % len(ZONES)]}\n    hours:\n      mon-fri: \"09:00-17:00\"\n"
        f"      sat: \"22:00-02:00\"\n{holidays}" for i in range(calendars))
    chans = "".join(f"  c{i}:\n    calendar: cal{i}\n    first_response: 1h\n    goal: 90%\n"
                    for i in range(calendars))
    return write(os.path.join(d, "policy.yaml"),
                 "version: 1\nname: Hostile\ntimezone: UTC\ncompany:\n  accounts: [acme]\n"
                 f"calendars:\n{cals}channels:\n{chans}{extra_channels}")


# Defect 1: --output onto a device, a FIFO or a symbolic link.
@case
def output_devices(d):
    pol = policy(d, 1)
    data = write(os.path.join(d, "m.csv"), "id,created_at,author,channel\n1,2026-01-05T10:00:00Z,u,c0\n")
    # Never the system's /dev/null: a binary with the defect, run as root,
    # would replace it. Copies of the null and full devices are made in the
    # scratch directory when the test may (root); else those checks are skipped.
    devices = [d + "/null", d + "/full"]
    try:
        os.mknod(devices[0], 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.mknod(devices[1], 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except PermissionError:
        print("output_devices: not root, the character device checks are skipped")
        devices = []
    if devices:
        status, _, err, _, _ = run(["report", "-p", pol, data, "-o", devices[0]])
        check("output_devices null", status == 0, f"status {status}: {err}")
        check("output_devices null", stat.S_ISCHR(os.lstat(devices[0]).st_mode), "no longer a device")
        status, _, err, _, _ = run(["report", "-p", pol, data, "-o", devices[1]])
        check("output_devices full", status == 3 and "No space left" in err, f"status {status}: {err}")
        check("output_devices full", stat.S_ISCHR(os.lstat(devices[1]).st_mode), "no longer a device")
        for dev in devices:
            os.unlink(dev)
    fifo = os.path.join(d, "fifo")
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    status, _, err, _, _ = run(["report", "-p", pol, data, "-o", fifo])
    reader.join(10)
    check("output_devices fifo", status == 0 and got and b"c0" in got[0], f"status {status}: {err}")
    check("output_devices fifo", stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced")
    # Like /dev/stdout (a link into /proc), but a link of the test's own.
    stdout_link = os.path.join(d, "stdout")
    os.symlink("/proc/self/fd/1", stdout_link)
    status, out, err, _, _ = run(["report", "-p", pol, data, "-o", stdout_link])
    check("output_devices stdout", status == 0 and b"c0" in out, f"status {status}: {err}")
    check("output_devices stdout", os.path.islink(stdout_link), "the link was replaced")
    os.unlink(stdout_link)
    # A symbolic link: its target gets the report, the link stays a link.
    target = write(os.path.join(d, "target.txt"), "old\n")
    link = os.path.join(d, "link.txt")
    os.symlink("target.txt", link)
    status, _, err, _, _ = run(["report", "-p", pol, data, "-o", link])
    check("output_devices link", status == 0 and os.path.islink(link), f"status {status}: {err}")
    check("output_devices link", b"c0" in open(target, "rb").read(), "target not written")
    check("output_devices link", sorted(os.listdir(d)) == ["fifo", "link.txt", "m.csv", "policy.yaml",
                                                            "target.txt"], str(os.listdir(d)))


# Defect 3: rows dated 0001 and 9999 with five calendars in zones with DST.
@case
def far_timestamps(d):
    pol = policy(d, 5)
    rows = ["id,parent_id,created_at,author,channel"]
    for i in range(5):
        rows.append(f"a{i},,0001-01-0{i + 1}T10:00:00Z,u{i},c{i}")
        rows.append(f"b{i},,9999-12-2{i}T10:00:00Z,v{i},c{i}")
    rows.append("r0,a0,6220-06-01T10:00:00Z,acme,c0")
    data = write(os.path.join(d, "far.csv"), "\n".join(rows) + "\n")
    for fmt in ["table", "json"]:
        status, out, err, rss, cpu = run(["report", "-p", pol, data, "--format", fmt])
        check(f"far_timestamps {fmt}", status == 0, f"status {status}: {err}")
        bounded(f"far_timestamps {fmt}", rss, cpu)
    status, out, err, rss, cpu = run(["elapsed", "-p", pol, "--calendar", "cal1", "--seconds",
                                      "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
    check("far_timestamps elapsed", status == 0 and out.strip().isdigit(), f"status {status}: {err}")
    bounded("far_timestamps elapsed", rss, cpu)


# Defect 4: many holiday rules over a span of centuries.
@case
def holiday_rules(d):
    import datetime
    dates = []
    day = datetime.date(1900, 1, 1)
    for _ in range(10000):
        dates.append(f"        - {day.isoformat()}\n")
        day += datetime.timedelta(days=3)
    pol = policy(d, 1, holidays="    holidays:\n" + "".join(dates).replace("        - ", "      - "))
    data = write(os.path.join(d, "span.csv"), "id,created_at,author,channel\n1,1700-03-01T10:00:00Z,u,c0\n"
                 "2,2300-03-01T10:00:00Z,u,c0\n")
    status, _, err, rss, cpu = run(["report", "-p", pol, data])
    check("holiday_rules dated", status == 0, f"status {status}: {err}")
    bounded("holiday_rules dated", rss, cpu)
    rules = "".join(f"      - {{ annual: \"{(i % 12) + 1:02d}-{(i % 28) + 1:02d}\" }}\n" for i in range(5000))
    rules += "".join(f"      - {{ easter: {(i % 801) - 400} }}\n" for i in range(5000))
    pol = policy(d, 1, holidays="    holidays:\n" + rules)
    status, _, err, rss, cpu = run(["report", "-p", pol, data])
    check("holiday_rules annual+easter report", status == 0, f"status {status}: {err}")
    bounded("holiday_rules annual+easter report", rss, cpu)
    status, out, err, rss, cpu = run(["elapsed", "-p", pol, "--calendar", "cal0", "--seconds",
                                      "1700-03-01T10:00:00Z", "2300-03-01T10:00:00Z"])
    check("holiday_rules annual+easter elapsed", status == 0, f"status {status}: {err}")
    bounded("holiday_rules annual+easter elapsed", rss, cpu)


# Defect 5 (CSV): a compressed bomb with no line feed, and one of NUL bytes.
@case
def csv_bombs(d):
    pol = policy(d, 1)
    path = os.path.join(d, "bomb.csv.gz")
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(b"id,created_at,author,channel\n1,2026-01-05T10:00:00Z,u,c0\n\"")
        chunk = b"a" * (1 << 20)
        for _ in range(100):  # 100 MB unpacked from well under 2 MB
            f.write(chunk)
        f.write(b"\n2,2026-01-05T11:00:00Z,u,c0\n")
    check("csv_bombs size", os.path.getsize(path) < 2 << 20, str(os.path.getsize(path)))
    status, out, err, rss, cpu = run(["report", "-p", pol, path])
    check("csv_bombs long record", status == 0 and "record longer than 16 MiB" in err,
          f"status {status}: {err}")
    check("csv_bombs long record", b"c0" in out, "no report")
    bounded("csv_bombs long record", rss, cpu)
    path = os.path.join(d, "zeros.csv.gz")
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(b"id,created_at,author,channel\n")
        f.write(bytes(1 << 28))
    status, out, err, rss, cpu = run(["report", "-p", pol, path])
    check("csv_bombs zeros", status == 3 and "NUL byte" in err, f"status {status}: {err}")
    bounded("csv_bombs zeros", rss, cpu)


# Defect 5 (JSON): a compressed bomb of zeros, and endless standard input.
@case
def json_bombs(d):
    pol = policy(d, 1)
    path = os.path.join(d, "zeros.ndjson.gz")
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(b'{"id": "1", "created_at": "2026-01-05T10:00:00Z", "author": "u", "channel": "c0"}\n')
        for _ in range(256):  # 256 MB of zeros from well under 2 MB
            f.write(bytes(1 << 20))
    check("json_bombs size", os.path.getsize(path) < 2 << 20, str(os.path.getsize(path)))
    status, out, err, rss, cpu = run(["report", "-p", pol, path])
    check("json_bombs zeros", status in (0, 3) and "longer than 16 MiB" in err, f"status {status}: {err}")
    bounded("json_bombs zeros", rss, cpu)
    # Endless standard input: stopped after a while; memory must not have grown.
    with open("/dev/zero", "rb") as zero, tempfile.TemporaryFile() as err_file:
        p = subprocess.Popen([SSLA, "report", "-p", pol, "-", "--input-format", "ndjson"], stdin=zero,
                             stdout=subprocess.DEVNULL, stderr=err_file)
        try:
            p.wait(timeout=3)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGTERM)
        _, status, usage = os.wait4(p.pid, 0)
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
    print(f"json_bombs endless stdin: peak memory {usage.ru_maxrss / 1024:.1f} MB")
    check("json_bombs endless stdin", SANITIZED or usage.ru_maxrss <= MAX_RSS_KB,
          f"peak memory {usage.ru_maxrss // 1024} MB: {err[:200]}")


# Defect 6: the range of instants is years 0001-9999.
@case
def year_range(d):
    pol = policy(d, 1)
    status, out, err, _, _ = run(["due", "-p", pol, "--calendar", "24x7", "9999-12-31T23:59:59Z", "1d"])
    check("year_range due 24x7", status == 0 and out == b"none\n", f"status {status}: {out!r} {err}")
    status, out, err, _, _ = run(["due", "-p", pol, "--calendar", "cal0", "9999-12-31T10:00:00Z", "1d"])
    check("year_range due cal0", status == 0 and out == b"none\n", f"status {status}: {out!r} {err}")
    status, out, err, _, _ = run(["due", "-p", pol, "--calendar", "24x7", "9999-12-30T23:59:59Z", "1d"])
    check("year_range due last day", status == 0 and out == b"9999-12-31T23:59:59Z\n", f"{out!r} {err}")
    status, out, err, _, _ = run(["due", "-p", pol, "--calendar", "24x7", "253402300800000", "1h"])
    check("year_range cli", status == 2 and "outside years 0001-9999" in err, f"status {status}: {err}")
    data = write(os.path.join(d, "range.csv"), "id,created_at,author,channel\n"
                 "1,253402300800000,u,c0\n2,Mon Jan 01 00:00:00 +0100 0001,u,c0\n3,2026-01-05T10:00:00Z,u,c0\n")
    status, out, err, _, _ = run(["report", "-p", pol, data, "--format", "json"])
    check("year_range rows", status == 0 and err.count("outside years 0001-9999") == 2,
          f"status {status}: {err}")


# Defect 7: a NUL byte after the first piece.
@case
def nul_late(d):
    pol = policy(d, 1)
    rows = "".join(f"{i},2026-01-05T10:00:00Z,u,c0\n" for i in range(1, 400))
    data = write(os.path.join(d, "nul.csv"), ("id,created_at,author,channel\n" + rows + "x,2026-01-05T10:00:00Z,u\0v,c0\n")
                 .encode(), "wb")
    status, out, err, _, _ = run(["report", "-p", pol, data])
    check("nul_late", status == 3 and "nul.csv:401: a NUL byte" in err, f"status {status}: {err}")
    check("nul_late", b"\0" not in out, "NUL in the output")


# Defect 8: invalid UTF-8 in a channel and an account, in every format.
@case
def invalid_utf8(d):
    pol = policy(d, 1, extra_channels="  default:\n    calendar: 24x7\n    first_response: 1h\n")
    data = write(os.path.join(d, "bad.csv"), b"id,parent_id,created_at,author,channel,account\n"
                 b"1,,2026-01-05T10:00:00Z,u,ch\xff\xfe,acc\xc3\n"
                 b"2,1,2026-01-05T12:00:00Z,acme,ch\xff\xfe,acc\xc3\n"
                 b"3,,2026-01-05T10:00:00Z,u,c\xe2\x82,acc\xc3\n", "wb")
    for cmd, fmt in [("report", "table"), ("report", "markdown"), ("report", "csv"), ("report", "json"),
                     ("report", "html"), ("episodes", "csv"), ("episodes", "ndjson")]:
        args = [cmd, "-p", pol, data, "--format", fmt, "--by", "channel,account"]
        if cmd == "episodes":
            args = args[:-2]
        if cmd == "report" and fmt in ("table", "markdown", "html"):
            args.append("--breaches")
        status, out, err, _, _ = run(args)
        try:
            text = out.decode("utf-8")
            ok = "\ufffd" in text or "\\ufffd" in text  # JSON may escape it
        except UnicodeDecodeError as e:
            ok = False
            err += str(e)
        check(f"invalid_utf8 {cmd} {fmt}", status == 0 and ok and b"\0" not in out, f"status {status}: {err}")


# Defect 9: a header of a million columns (2 MB).
@case
def wide_header(d):
    pol = policy(d, 1)
    data = write(os.path.join(d, "wide.csv"), "id,created_at,author,channel," + "x," * 1000000 + "y\n"
                 "1,2026-01-05T10:00:00Z,u,c0\n")
    status, out, err, rss, cpu = run(["report", "-p", pol, data])
    check("wide_header", status == 3 and "more than 10000 columns" in err and len(err) < 300,
          f"status {status}: {err[:300]}")
    bounded("wide_header", rss, cpu)
    data = write(os.path.join(d, "wide-row.csv"), "id,created_at,author,channel\n"
                 "1,2026-01-05T10:00:00Z,u,c0" + ",x" * 1000000 + "\n2,2026-01-05T10:00:00Z,u,c0\n")
    status, out, err, rss, cpu = run(["report", "-p", pol, data])
    check("wide_row", status == 0 and "got more than 10000" in err, f"status {status}: {err[:300]}")
    bounded("wide_row", rss, cpu)


if failures:
    print(f"{len(failures)} hostile-input check(s) failed")
    sys.exit(1)
print("hostile input: all checks passed")
