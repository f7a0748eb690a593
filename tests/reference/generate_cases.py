#!/usr/bin/env python3
"""Deterministic generator of small ssla cases inside the slice that
tests/reference/spec_reference.py implements: a version 1 policy (one or two
channels, weekly hours, dated holidays, targets, goal) and a generic-preset CSV
of 5-40 messages over 1-10 days, often around a DST change, plus an as_of.

Each case is a dict {"name", "policy", "messages", "as_of"}; write_case() puts
policy.yaml, policy.json, messages.csv and as_of.txt in a directory.

usage: generate_cases.py OUTDIR [--cases N] [--seed S]
"""

import argparse
import calendar as _calendar
import csv
import datetime
import json
import os
import random

DAY = 86400
ZONES = ["America/New_York", "Europe/London", "Asia/Tokyo", "UTC"]
# DST changes of 2026 (spring forward, fall back) by zone.
DST_DATES = {
    "America/New_York": ["2026-03-08", "2026-11-01"],
    "Europe/London": ["2026-03-29", "2026-10-25"],
}
COMPANY = ["AcmeHelp", "AcmeCare"]
COMPANY_SPELLINGS = ["AcmeHelp", "AcmeCare", "@AcmeHelp", "acmecare", "ACMEHELP"]
CUSTOMERS = ["ana_1", "ben_2", "chen_3", "dev_4", "eva_5", "femi_6", "gus_7", "Hana_8"]
TARGETS = ["90s", "15m", "30m", "1h", "1h30m", "2h", "4h", "1d", "5400"]
GOALS = ["80%", "90%", "95%", "0.75", "1"]
TEXTS = ["Where is my order?", "Still waiting, any update?", "The app logs me out",
         'Says "delivered", it is not', "Refund, please; it has been 10 days",
         "We're on it, sorry for the wait", "Could you DM us your order number?",
         "New: spring sale starts today!"]

# Weekly hours (section 2): business days, long days, nights crossing midnight,
# and small-hours windows on the Sunday of a DST change.
HOURS_TEMPLATES = [
    {"mon-fri": "09:00-17:00"},
    {"mon-fri": "09:00-17:00", "sat": "10:00-14:00"},
    {"weekdays": ["08:00-12:00", "13:00-18:00"], "sat": "9:00-13:00", "sun": "closed"},
    {"mon-fri": "09:00-17:00", "sun": "01:00-04:00"},
    {"daily": "22:00-06:00"},
    {"daily": "00:00-02:00"},
    {"fri-mon": "00:30-03:00", "tue-thu": "07:00-24:00"},
    {"weekends": "00:00-24:00", "wed": "12:00-12:30"},
    {"mon-sat": ["06:00-10:00", "20:00-02:00"]},
]


def random_clock(rng, step_minutes=30):
    """A random `HH:MM` on a step_minutes grid."""
    minutes = rng.randrange(0, 24 * 60, step_minutes)
    return "%02d:%02d" % divmod(minutes, 60)


def random_hours(rng):
    """Weekly hours: a template, or one random interval on a random day range."""
    if rng.random() < 0.7:
        return dict(rng.choice(HOURS_TEMPLATES))
    start = random_clock(rng)
    end = random_clock(rng)
    while end == start:
        end = random_clock(rng)
    first, last = rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], 2)
    return {"%s-%s" % (first, last): "%s-%s" % (start, end)}


def random_policy(rng, zone, first_day, days):
    """A version 1 policy with one or two channels (section 2)."""
    channels = rng.sample(["twitter", "facebook"], rng.choice([1, 2]))
    policy = {"version": 1, "name": "Acme reference case", "timezone": zone,
              "company": {"accounts": list(COMPANY)}, "calendars": {}, "channels": {}}
    for index, channel in enumerate(channels):
        entry = {}
        choice = rng.random()
        if choice < 0.75:
            name = "desk-%d" % index
            cal = {"hours": random_hours(rng)}
            if rng.random() < 0.6:
                cal["timezone"] = rng.choice(ZONES)
            holidays = sorted({(first_day + datetime.timedelta(days=rng.randrange(days + 2)))
                               .isoformat() for _ in range(rng.choice([0, 0, 1, 2, 3]))})
            if holidays:
                cal["holidays"] = holidays
            policy["calendars"][name] = cal
            entry["calendar"] = name
        elif choice < 0.9:
            entry["calendar"] = "24x7"
        entry["first_response"] = rng.choice(TARGETS)
        if rng.random() < 0.7:
            entry["next_response"] = rng.choice(TARGETS)
        if rng.random() < 0.8:
            entry["goal"] = rng.choice(GOALS)
        key = channel.capitalize() if rng.random() < 0.15 else channel
        policy["channels"][key] = entry
    if not policy["calendars"]:
        del policy["calendars"]
    return policy


def random_delay(rng, grid):
    """Response delays: sometimes at once, mostly minutes, sometimes hours or
    days; whole multiples of grid seconds."""
    kind = rng.random()
    if kind < 0.05:
        return 0
    if kind < 0.5:
        low, high = 30, 3600
    elif kind < 0.85:
        low, high = 3600, 12 * 3600
    else:
        low, high = 12 * 3600, 3 * DAY
    return max(grid, rng.randrange(low, high) // grid * grid)


class ThreadBuilder:
    """Builds messages with unique ids, keeping reply links and times."""

    def __init__(self, rng, grid):
        self.rng = rng
        self.grid = grid
        self.messages = []
        self.next_id = rng.randrange(1000, 900000)

    def add(self, parent, at, author, channel):
        self.next_id += self.rng.randrange(1, 50)
        message = {"id": str(self.next_id), "parent_id": parent["id"] if parent else "",
                   "created_at": at, "author": author, "channel": channel,
                   "text": self.rng.choice(TEXTS)}
        self.messages.append(message)
        return message

    def company(self):
        return self.rng.choice(COMPANY_SPELLINGS)

    def exchange(self, first, customer, channel, rounds):
        """Customer writes, company answers (or not), customer follows up."""
        last = first
        for _ in range(rounds):
            if self.rng.random() < 0.3:  # a second inbound joins the open episode
                last = self.add(last, last["created_at"] + random_delay(self.rng, self.grid),
                                customer, channel)
            if self.rng.random() < 0.2:
                return  # never answered
            at = last["created_at"] + random_delay(self.rng, self.grid)
            if self.rng.random() < 0.1:
                # A sibling inbound at the reply's very second: only input
                # order tells which comes first (3.2), so whether it joins the
                # answered episode or opens the next one.
                self.add(last, at, customer, channel)
            reply = self.add(last, at, self.company(), channel)
            if self.rng.random() < 0.4:
                return
            # a follow-up opens a `next` episode (3.3)
            last = self.add(reply, reply["created_at"] + random_delay(self.rng, self.grid),
                            customer, channel)

    def customer_thread(self, at, channel):
        customer = self.rng.choice(CUSTOMERS)
        parent = None
        if self.rng.random() < 0.1:  # a parent missing from the export: still a root
            parent = {"id": "gone-%d" % self.rng.randrange(1000)}
        root = self.add(parent, at, customer, channel)
        self.exchange(root, customer, channel, self.rng.randrange(1, 4))
        if self.rng.random() < 0.15:  # another customer chimes in: their own conversation
            other = self.rng.choice(CUSTOMERS)
            if other.lower() != customer.lower():
                chime = self.add(root, at + random_delay(self.rng, self.grid), other, channel)
                self.exchange(chime, other, channel, 1)

    def company_post(self, at, channel):
        """A company post with customer comments under it (3.1 consequence)."""
        parent = None
        if self.rng.random() < 0.2:  # a company reply whose parent is missing
            parent = {"id": "gone-%d" % self.rng.randrange(1000)}
        post = self.add(parent, at, self.company(), channel)
        for customer in self.rng.sample(CUSTOMERS, self.rng.randrange(0, 4)):
            comment = self.add(post, at + random_delay(self.rng, self.grid), customer, channel)
            self.exchange(comment, customer, channel, self.rng.randrange(1, 3))


def message_channel(rng, policy):
    """Mostly a configured channel; sometimes another one (unconfigured)."""
    configured = [k.lower() for k in policy["channels"]]
    channel = rng.choice(configured)
    if len(configured) == 1 and rng.random() < 0.15:
        channel = "facebook" if channel == "twitter" else "twitter"
    return channel.capitalize() if rng.random() < 0.1 else channel


def parse_target(text):
    """Seconds of a duration written by this generator (TARGETS)."""
    units = {"d": DAY, "h": 3600, "m": 60, "s": 1}
    total, number = 0, ""
    for char in text:
        if char.isdigit():
            number += char
        else:
            total, number = total + int(number) * units[char], ""
    return total + (int(number) if number else 0)


def random_first_day(rng, zone):
    """Around a DST change 60% of the time (zones that have one), else any day of 2026."""
    days = rng.randrange(1, 11)
    if zone in DST_DATES and rng.random() < 0.6:
        change = datetime.date.fromisoformat(rng.choice(DST_DATES[zone]))
        return change - datetime.timedelta(days=rng.randrange(days)), days
    return datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(360)), days


def random_as_of(rng, times, inbound_times, targets):
    """After the data, inside it, or exactly at one message (7: later ones are left out)."""
    kind = rng.random()
    if kind < 0.45:
        return max(times) + rng.choice([0, rng.randrange(1, 4 * DAY)])
    if kind < 0.6:
        return rng.choice(times)
    if kind < 0.75:  # often exactly a due (pending vs breached_unanswered, 3.5)
        return rng.choice(inbound_times) + parse_target(rng.choice(targets))
    return rng.randrange(min(times), max(times) + 1)


def generate_case(seed, index):
    """Case number index of the run seeded with seed."""
    rng = random.Random("%d/%d" % (seed, index))
    zone = rng.choice(ZONES)
    first_day, days = random_first_day(rng, zone)
    policy = random_policy(rng, zone, first_day, days)
    # On a 15-minute grid, times, targets and opening hours line up, so
    # replies land exactly on due and as_of on a due or a message (3.5 edges).
    grid = 900 if rng.random() < 0.4 else 1
    builder = ThreadBuilder(rng, grid)
    begin = _calendar.timegm(first_day.timetuple())
    target_count = rng.randrange(5, 41)
    while len(builder.messages) < target_count:
        at = begin + rng.randrange(days * DAY) // grid * grid
        channel = message_channel(rng, policy)
        if rng.random() < 0.2:
            builder.company_post(at, channel)
        else:
            builder.customer_thread(at, channel)
    messages = builder.messages[:40]  # parents come before replies: none is cut off
    if rng.random() < 0.6:
        rng.shuffle(messages)  # input order only breaks ties (3.2)
    targets = [t for entry in policy["channels"].values()
               for t in (entry["first_response"], entry.get("next_response", "1h"))]
    inbound_times = [m["created_at"] for m in messages if m["author"] in CUSTOMERS]
    as_of = random_as_of(rng, [m["created_at"] for m in messages], inbound_times or [begin],
                         targets) // grid * grid
    return {"name": "case-%04d" % index, "policy": policy, "messages": messages,
            "as_of": as_of}


def format_instant(seconds):
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def yaml_scalar(value):
    """Every scalar double-quoted (JSON string syntax is valid YAML)."""
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))


def yaml_lines(value, indent):
    """A tiny block-style YAML writer for nested dicts of scalars and lists."""
    pad = "  " * indent
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append("%s%s:" % (pad, yaml_scalar(key)))
            lines.extend(yaml_lines(item, indent + 1))
        elif isinstance(item, list):
            flow = ", ".join(yaml_scalar(v) for v in item)
            lines.append("%s%s: [%s]" % (pad, yaml_scalar(key), flow))
        else:
            lines.append("%s%s: %s" % (pad, yaml_scalar(key), yaml_scalar(item)))
    return lines


def write_case(case, directory):
    """policy.yaml, policy.json, messages.csv and as_of.txt of one case."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "policy.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(yaml_lines(case["policy"], 0)) + "\n")
    with open(os.path.join(directory, "policy.json"), "w", encoding="utf-8") as f:
        json.dump(case["policy"], f, indent=1)
    with open(os.path.join(directory, "messages.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "parent_id", "created_at", "author", "channel", "text"])
        for m in case["messages"]:
            writer.writerow([m["id"], m["parent_id"], format_instant(m["created_at"]),
                             m["author"], m["channel"], m["text"]])
    with open(os.path.join(directory, "as_of.txt"), "w", encoding="utf-8") as f:
        f.write(format_instant(case["as_of"]) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir")
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for index in range(args.cases):
        case = generate_case(args.seed, index)
        write_case(case, os.path.join(args.outdir, case["name"]))


if __name__ == "__main__":
    main()
