#!/usr/bin/env python3
"""Deterministic generator of small ssla cases inside the slice that
tests/reference/spec_reference.py implements: a version 1 policy (one or two
channels, weekly hours, dated holidays, targets, goal; in about half the cases
each: exempt rules, ignore_authors, priorities, accounts entries, signatures,
owners) and a generic-preset CSV of 5-40 messages over 1-10 days, often around
a DST change (in about half the cases each: a tags, an account and an agent
column), plus an as_of.

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
BOT_SPELLINGS = ["AcmeBot", "acmebot", "@AcmeBot"]
# Customer texts: plain ones, and ones on the edges of whole-word matching and
# acknowledgement normalization (3.4): a non-ASCII character or `_` touching a
# word makes it no whole word; mentions, links and punctuation normalize away.
INBOUND_TEXTS = ["Where is my order?", "Still waiting, any update?", "The app logs me out",
                 'Says "delivered", it is not', "Refund, please; it has been 10 days",
                 "Total SCAM, you idiots", "scammer alert", "no scam_here", "scam2 maybe",
                 "this is a scam…", "café-scam!", "outage… again", "hacked😡", "Refund✓",
                 "billing™ issue", "Outage again??", "outages everywhere",
                 "I was hacked", "refund-please", "billing_issue", "Is it an outage? 😡",
                 "Thanks!!", "@AcmeHelp thanks.", "THANKS", "thanks, still broken",
                 "Thank you", "thank-you", "ok", "OK 👍", "👍", "@AcmeHelp",
                 "https://t.co/x", "...", "@AcmeHelp https://t.co/abc !!",
                 "thanks https://acme.example/help", "ok thanks", "my e-mail bounced",
                 "E-MAILS lost", "#fail again", "epic#fail", "thank you!", "thank youuu"]
# Company texts, some signed (8.1 signatures) and some almost.
OUTBOUND_TEXTS = ["We're on it, sorry for the wait", "Could you DM us your order number?",
                  "New: spring sale starts today!", "We're on it ^JK", "Sorry for the wait - Sam",
                  "Fixed now -AB", "Looking into it ^ jk", "DM us please ^KL  ", "Done. -- Sam",
                  "On it ^ABC", "Thanks - sam", "Refund sent^MR"]
# Words that begin or end with a non-word character: a boundary is still a
# non-word character or the text's end on each side (3.4), not a regex \b.
WORDS = ["scam", "idiot", "outage", "hacked", "refund", "billing", "thanks", "e-mail",
         "#fail", "thank you"]
ACKNOWLEDGEMENTS = ["thanks", "thank you", "ok", "👍", "Thanks!", "!!", "ok thanks"]
TAGS = ["spam", "abuse", "urgent", "billing", "vip"]
TAG_SPELLINGS = ["spam", "Spam", "ABUSE", "urgent", " urgent ", "Billing", "vip", "VIP", "other"]
# The last one may match with group 1 not taking part: no match (8.8).
SIGNATURES = [r"[-^]\s*([A-Z]{2})\s*$", r"-\s*([A-Z][a-z]+)\s*$", r"\^[A-Z]{2}$",
              r"(?:-\s*([A-Z][a-z]+)|\^[A-Z]{2})\s*$"]
ACCOUNTS = ["AcmeHelp", "Acme UK", "AcmeCare"]
ACCOUNT_KEYS = ["AcmeHelp", "@acmehelp", "Acme UK", "ACME UK", "AcmeCare", "@AcmeCare"]
AGENTS = ["Kim", " Lee ", "jo", "Ana P."]

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


def random_calendar(rng, first_day, days):
    """A calendar (section 2): weekly hours, maybe a zone, maybe dated holidays."""
    cal = {"hours": random_hours(rng)}
    if rng.random() < 0.6:
        cal["timezone"] = rng.choice(ZONES)
    holidays = sorted({(first_day + datetime.timedelta(days=rng.randrange(days + 2)))
                       .isoformat() for _ in range(rng.choice([0, 0, 1, 2, 3]))})
    if holidays:
        cal["holidays"] = holidays
    return cal


def random_lists(rng, keys):
    """Some of tags/authors/words(/acknowledgements) of a 3.4 rule, at least one."""
    pools = {"tags": TAGS, "authors": ["gus_7", "@Ben_2", "HANA_8", "eva_5"], "words": WORDS,
             "acknowledgements": ACKNOWLEDGEMENTS}
    chosen = [k for k in keys if rng.random() < 0.5] or [rng.choice(keys)]
    return {k: rng.sample(pools[k], rng.randrange(1, 4)) for k in chosen}


def random_priorities(rng):
    """8.1: an ordered list of rules matching by words and/or tags (rarely
    authors); next_response is mostly left out (it defaults to the rule's
    own first_response, not the channel's next_response)."""
    rules = []
    # names are printed trimmed (8.8)
    for name in rng.sample(["urgent", "Billing", " VIP ", "outage"], rng.randrange(1, 4)):
        keys = ["words", "tags"] + (["authors"] if rng.random() < 0.2 else [])
        rule = {"name": name, "match": random_lists(rng, keys),
                "first_response": rng.choice(TARGETS)}
        if rng.random() < 0.3:
            rule["next_response"] = rng.choice(TARGETS)
        rules.append(rule)
    return rules


def random_account_entries(rng, policy, first_day, days):
    """8.1: `accounts` entries (keys spelt unlike the data: compared like
    authors, 8.8) replacing some of calendar, targets, goal, owner, priorities."""
    entries = {}
    for account in rng.sample(ACCOUNTS, rng.randrange(1, 3)):
        key = rng.choice([k for k in ACCOUNT_KEYS
                          if k.lstrip("@").lower() == account.lower()])
        entry = {}
        if rng.random() < 0.5:
            choice = rng.random()
            if choice < 0.4:
                name = "acct-%d" % len(policy["calendars"])
                policy["calendars"][name] = random_calendar(rng, first_day, days)
                entry["calendar"] = name
            elif choice < 0.7 and policy["calendars"]:
                entry["calendar"] = rng.choice(sorted(policy["calendars"]))
            else:
                entry["calendar"] = "24x7"
        for field, pool in (("first_response", TARGETS), ("next_response", TARGETS),
                            ("goal", GOALS), ("owner", ["Care team UK", "Care lead"])):
            if rng.random() < 0.5:
                entry[field] = rng.choice(pool)
        if rng.random() < 0.3:
            entry["priorities"] = random_priorities(rng) if rng.random() < 0.6 else []
        entries[key] = entry
    return entries


def random_policy(rng, zone, first_day, days):
    """A version 1 policy with one or two channels (section 2), and in about
    half the cases each: exempt rules, ignore_authors (3.4, 3.3), priorities,
    accounts entries, signatures and owners (8.1)."""
    channels = rng.sample(["twitter", "facebook"], rng.choice([1, 2]))
    policy = {"version": 1, "name": "Acme reference case", "timezone": zone,
              "company": {"accounts": list(COMPANY)}, "calendars": {}, "channels": {}}
    if rng.random() < 0.5:
        # 7: ignored authors are company authors even when not in accounts.
        policy["company"]["ignore_authors"] = [rng.choice(BOT_SPELLINGS)] + (
            ["acmecare"] if rng.random() < 0.2 else [])
    if rng.random() < 0.5:
        policy["company"]["signatures"] = rng.sample(SIGNATURES, rng.randrange(1, 3))
    if rng.random() < 0.3:
        policy["owner"] = "Social care lead"
    with_exempt, with_priorities, with_accounts = (rng.random() < 0.5 for _ in range(3))
    for index, channel in enumerate(channels):
        entry = {}
        choice = rng.random()
        if choice < 0.75:
            name = "desk-%d" % index
            policy["calendars"][name] = random_calendar(rng, first_day, days)
            entry["calendar"] = name
        elif choice < 0.9:
            entry["calendar"] = "24x7"
        entry["first_response"] = rng.choice(TARGETS)
        if rng.random() < 0.7:
            entry["next_response"] = rng.choice(TARGETS)
        if rng.random() < 0.8:
            entry["goal"] = rng.choice(GOALS)
        if rng.random() < 0.3:
            entry["owner"] = "Care team " + channel
        if with_exempt and rng.random() < 0.8:
            entry["exempt"] = random_lists(rng, ["tags", "authors", "words", "acknowledgements"])
        if with_priorities and rng.random() < 0.8:
            entry["priorities"] = random_priorities(rng)
        if with_accounts and rng.random() < 0.8:
            entry["accounts"] = random_account_entries(rng, policy, first_day, days)
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
    """Builds messages with unique ids, keeping reply links and times, and the
    optional tags, account and agent cells (written only when the case has
    that column)."""

    def __init__(self, rng, grid, with_bot):
        self.rng = rng
        self.grid = grid
        self.with_bot = with_bot
        self.account = ACCOUNTS[0]
        self.messages = []
        self.next_id = rng.randrange(1000, 900000)

    def add(self, parent, at, author, channel):
        rng = self.rng
        self.next_id += rng.randrange(1, 50)
        inbound = author in CUSTOMERS
        # Company rows always carry their account; customer rows often leave it
        # empty, so the account comes from the conversation's first company
        # message (3.3), and now and then name another account.
        account = self.account
        if inbound and rng.random() < 0.5:
            account = "" if rng.random() < 0.8 else rng.choice(ACCOUNTS)
        tags = ""
        if rng.random() < (0.4 if inbound else 0.1):
            tags = rng.choice([",", ";", "|", " ; "]).join(
                rng.sample(TAG_SPELLINGS, rng.randrange(1, 3)))
        # agent is ignored on inbound rows (8.8)
        agent = rng.choice(AGENTS) if rng.random() < (0.1 if inbound else 0.5) else ""
        message = {"id": str(self.next_id), "parent_id": parent["id"] if parent else "",
                   "created_at": at, "author": author, "channel": channel,
                   "text": rng.choice(INBOUND_TEXTS if inbound else OUTBOUND_TEXTS),
                   "tags": tags, "account": account, "agent": agent}
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
            if self.with_bot and self.rng.random() < 0.4:
                # an auto-reply (ignore_authors) answers nothing (3.3)
                self.add(last, last["created_at"] + self.rng.choice([0, self.grid]),
                         self.rng.choice(BOT_SPELLINGS), channel)
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
        self.account = self.rng.choice(ACCOUNTS)
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
        self.account = self.rng.choice(ACCOUNTS)
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
    builder = ThreadBuilder(rng, grid, "ignore_authors" in policy["company"])
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
    columns = ["id", "parent_id", "created_at", "author", "channel", "text"]
    columns += [c for c in ("tags", "account", "agent") if rng.random() < 0.5]
    return {"name": "case-%04d" % index, "policy": policy, "messages": messages,
            "as_of": as_of, "columns": columns}


def format_instant(seconds):
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def yaml_scalar(value):
    """Every scalar double-quoted (JSON string syntax is valid YAML)."""
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def yaml_lines(value, indent):
    """A tiny block-style YAML writer for nested dicts of scalars and lists;
    a list of dicts (priorities) is written in flow style, as JSON."""
    pad = "  " * indent
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append("%s%s:" % (pad, yaml_scalar(key)))
            lines.extend(yaml_lines(item, indent + 1))
        elif isinstance(item, list) and any(isinstance(v, dict) for v in item):
            lines.append("%s%s: %s" % (pad, yaml_scalar(key), json.dumps(item, ensure_ascii=False)))
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
        json.dump(case["policy"], f, indent=1, ensure_ascii=False)
    with open(os.path.join(directory, "messages.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(case["columns"])
        for m in case["messages"]:
            row = dict(m, created_at=format_instant(m["created_at"]))
            writer.writerow([row[c] for c in case["columns"]])
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
