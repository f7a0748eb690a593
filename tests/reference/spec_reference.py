#!/usr/bin/env python3
"""A small reference implementation of a slice of the ssla specification
(shared/spec/ssla-spec.md), written from the spec text alone.

The slice: a generic-preset CSV (id,parent_id,created_at,author,channel,text and
optionally tags, account, agent; RFC 3339 UTC instants), direction from
company.accounts and company.ignore_authors (1.2 rule 3, 7), reply-mode
conversations (3.1), episodes (3.3) with exempt messages (3.4) and ignored
authors, business time on weekly hours with dated holidays (2.1), evaluation
(3.5), account rules, priorities, responder and owner (8.1-8.3), and the report
groups by channel, account, kind, priority and responder (3.6, 8.4).
No thread ids, duplicates, bad rows, `default` channel or report window.

The policy is given as the JSON-shaped dict the YAML file was written from
(tests/reference/generate_cases.py writes both), so the values read here are
the values ssla reads.

Used as a module by reference_test.py; run alone it prints the figures of one
case:  spec_reference.py POLICY.json MESSAGES.csv AS_OF
"""

import calendar as _calendar
import csv
import datetime
import fractions
import json
import re
import sys
import zoneinfo

DAY = 86400
EPOCH_DATE = datetime.date(1970, 1, 1)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


# ---------------------------------------------------------------- 1.1, 4.1
def parse_instant(text):
    """RFC 3339 UTC `YYYY-MM-DDTHH:MM:SS[.fff]Z` -> seconds since the epoch."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?Z", text.strip())
    if not m:
        raise ValueError("not an RFC 3339 UTC instant: %r" % text)
    fields = [int(g) for g in m.groups()[:6]]
    seconds = _calendar.timegm(tuple(fields) + (0, 0, 0))
    return seconds + (float(m.group(7)) if m.group(7) else 0)


def format_instant(seconds):
    """Seconds since the epoch -> RFC 3339 UTC with Z (whole seconds, 4.1)."""
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- 1, 1.2
def fold_author(author):
    """Authors compare ASCII case-insensitively, a leading `@` ignored (1, 7)."""
    author = author.strip()
    if author.startswith("@"):
        author = author[1:]
    return ascii_lower(author)


def ascii_lower(text):
    """All case folding is ASCII-only (7, Reading input)."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def is_outbound(author, accounts):
    """1.2 rule 3: the author is in company.accounts -> outbound, else inbound."""
    return fold_author(author) in {fold_author(a) for a in accounts}


# ---------------------------------------------------------------- 2 Rules
def parse_duration(value):
    """`90s`, `15m`, `4h`, `1h30m`, `1d` (= 24 h) or a bare integer of seconds."""
    text = str(value).strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    m = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text)
    if not m or not text:
        raise ValueError("bad duration %r" % text)
    d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    return d * DAY + h * 3600 + mi * 60 + s


def parse_clock(text, allow_24=False):
    """`HH:MM`, `H:MM` or `HH:MM:SS` -> seconds after local midnight."""
    parts = [int(p) for p in text.strip().split(":")]
    h, m, s = (parts + [0])[:3]
    seconds = h * 3600 + m * 60 + s
    if seconds > DAY or (seconds == DAY and not allow_24):
        raise ValueError("bad time %r" % text)
    return seconds


def parse_interval(text):
    """`start-end` -> (start, end) in seconds after D's midnight; an end
    earlier than the start crosses midnight, so it lies on the next date (2)."""
    start_text, end_text = text.split("-")
    start = parse_clock(start_text)
    end = parse_clock(end_text, allow_24=True)
    if end == start:
        raise ValueError("empty interval %r" % text)  # 7: a validation error
    if end < start:
        end += DAY
    return start, end


def day_key_weekdays(key):
    """Weekly-hours key -> weekday numbers (0 = Monday): `mon`, `mon-fri`,
    `fri-mon` (wrapping), `weekdays`, `weekends`, `daily` (2)."""
    key = ascii_lower(key.strip())
    named = {"weekdays": "mon-fri", "weekends": "sat-sun", "daily": "mon-sun"}
    key = named.get(key, key)
    if "-" not in key:
        return [WEEKDAYS.index(key)]
    first, last = (WEEKDAYS.index(k) for k in key.split("-"))
    days = [first]
    while days[-1] != last:
        days.append((days[-1] + 1) % 7)
    return days


def parse_intervals(value):
    """A string, a list of strings, `closed` or [] -> list of (start, end)."""
    items = [value] if isinstance(value, str) else list(value)
    return [parse_interval(i) for i in items if i.strip().lower() != "closed"]


class Calendar:
    """A calendar of section 2: a zone, weekly hours and dated holidays.
    `always_open` is the built-in `24x7`."""

    def __init__(self, zone_name, weekly, holidays, always_open=False):
        self.zone = zoneinfo.ZoneInfo(zone_name)
        self.weekly = weekly          # weekday -> [(start, end)]
        self.holidays = holidays      # set of datetime.date
        self.always_open = always_open


def build_calendar(name, policy):
    """The calendar a channel names; `24x7` (or none, 7) is always open."""
    if name is None or name == "24x7":
        return Calendar("UTC", {}, set(), always_open=True)
    spec = policy["calendars"][name]
    zone_name = spec.get("timezone", policy.get("timezone", "UTC"))  # 7
    weekly = {d: [] for d in range(7)}
    for key, value in spec["hours"].items():
        for day in day_key_weekdays(key):
            weekly[day] = parse_intervals(value)
    holidays = {datetime.date.fromisoformat(str(h)) for h in spec.get("holidays", [])}
    return Calendar(zone_name, weekly, holidays)


# ---------------------------------------------------------------- 2.1
def utc_offset(zone, t):
    """The zone's UTC offset in seconds at instant t."""
    return int(datetime.datetime.fromtimestamp(t, zone).utcoffset().total_seconds())


def offset_pieces(zone, lo, hi):
    """Split [lo, hi) into pieces of constant UTC offset: (from, to, offset).
    Offsets are sampled every 12 hours (no zone used here changes twice in
    12 hours) and each change is found to the second."""
    pieces, piece_start, offset, t = [], lo, utc_offset(zone, lo), lo
    while t < hi:
        step = min(t + 12 * 3600, hi)
        if utc_offset(zone, step) == offset:
            t = step
            continue
        before, after = t, step
        while after - before > 1:
            middle = (before + after) // 2
            if utc_offset(zone, middle) == offset:
                before = middle
            else:
                after = middle
        pieces.append((piece_start, after, offset))
        piece_start, offset, t = after, utc_offset(zone, after), after
    pieces.append((piece_start, hi, offset))
    return pieces


def day_schedule(cal, local_day):
    """2.1: D's schedule is closed on a holiday, else D's weekly hours
    (no overrides in this slice)."""
    date = EPOCH_DATE + datetime.timedelta(days=local_day)
    if date in cal.holidays:
        return []
    return cal.weekly[date.weekday()]


def merge_segments(segments):
    """Sorted, disjoint, non-touching union of half-open segments."""
    merged = []
    for a, b in sorted(segments):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def open_segments(cal, lo, hi):
    """2.1, the wall-clock definition: instant t is open iff its local time
    L = t + offset(t) satisfies D+start <= L < D+end for an interval of some
    local date D's schedule. Within a piece of constant offset that is the
    segment [D+start-offset, D+end-offset), clipped to the piece. An interval
    crossing midnight belongs to the date it starts on (D - 1 is visited)."""
    if cal.always_open:
        return [(lo, hi)]
    segments = []
    for piece_from, piece_to, offset in offset_pieces(cal.zone, lo, hi):
        first_day = (piece_from + offset) // DAY - 1
        last_day = (piece_to + offset) // DAY
        for day in range(first_day, last_day + 1):
            for start, end in day_schedule(cal, day):
                a = max(day * DAY + start - offset, piece_from)
                b = min(day * DAY + end - offset, piece_to)
                if a < b:
                    segments.append((a, b))
    return merge_segments(segments)


class BusinessClock:
    """business(a, b) and due over the open segments of one calendar in a
    range [lo, hi) wide enough for every question asked of it."""

    def __init__(self, cal, lo, hi):
        self.lo, self.hi = lo, hi
        self.segments = open_segments(cal, lo, hi)

    def business(self, a, b):
        """2.1: total length of the open instants in [a, b); 0 if b <= a."""
        assert self.lo <= a and b <= self.hi
        return sum(max(0, min(e, b) - max(s, a)) for s, e in self.segments)

    def due(self, start, target):
        """3.5: due = sup { t >= start : business(start, t) <= target }.
        When the clock reaches the target exactly as the calendar closes,
        the sup is the next opening."""
        remaining = target
        later = [(max(s, start), e) for s, e in self.segments if e > start]
        for index, (s, e) in enumerate(later):
            if e - s < remaining:
                remaining -= e - s
            elif e - s > remaining:
                return s + remaining
            else:
                assert index + 1 < len(later), "range too short for due"
                return later[index + 1][0]
        raise AssertionError("range too short for due")


# ---------------------------------------------------------------- input (1, 5.1)
def split_tags(text):
    """1: a CSV tags cell is split on `,` `;` or `|`, each label trimmed."""
    return [t.strip() for t in re.split(r"[,;|]", text or "") if t.strip()]


def read_messages(csv_path, company):
    """Rows of a generic-preset CSV as message dicts in input order. `account`
    and `agent` are None when the file has no such column (3.3, 8.3)."""
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # 7: authors in ignore_authors are company authors even when not in accounts.
    company_authors = company["accounts"] + company.get("ignore_authors", [])
    messages = []
    for order, row in enumerate(rows):
        optional = {k: row[k].strip() if k in row else None for k in ("account", "agent")}
        messages.append({
            "id": row["id"].strip(),
            "parent_id": row["parent_id"].strip(),
            "created_at": parse_instant(row["created_at"]),
            "author": row["author"].strip(),
            "channel": ascii_lower(row["channel"].strip()),
            "text": row.get("text", "").strip(),
            "tags": split_tags(row.get("tags")),
            "outbound": is_outbound(row["author"], company_authors),
            "order": order,
            **optional,
        })
    return messages


# ---------------------------------------------------------------- 3.1, 3.2
def root_path(message, by_id):
    """The message and its ancestors up to the root: a message with no parent
    or whose parent is not in the input (3.1). This slice has no cycles."""
    path = [message]
    while path[-1]["parent_id"] in by_id:
        path.append(by_id[path[-1]["parent_id"]])
        assert len(path) <= len(by_id), "parent cycle"
    return path


def conversations(messages):
    """3.1 reply mode: conversation = (root, customer), the customer being the
    author of the nearest inbound message from the message up to the root.
    Messages with no inbound message on that path belong to none.
    Returns {key: [message, ...]} in the order of 3.2."""
    by_id = {m["id"]: m for m in messages}
    groups = {}
    for message in messages:
        path = root_path(message, by_id)
        inbound = [m for m in path if not m["outbound"]]
        if not inbound:
            continue  # unlinked_outbound
        key = (path[-1]["id"], fold_author(inbound[0]["author"]))
        depth = len(path) - 1
        groups.setdefault(key, []).append((message["created_at"], depth, message["order"], message))
    # 3.2: created_at, then depth (ancestors first), then input order.
    return {key: [item[3] for item in sorted(items, key=lambda i: i[:3])]
            for key, items in groups.items()}


# ---------------------------------------------------------------- 3.4
def is_word_char(char):
    """3.4: an ASCII letter, digit or `_`, or (part of) a non-ASCII character."""
    return not char.isascii() or char.isalnum() or char == "_"


def contains_word(text, word):
    """3.4: `word` occurs in `text` (ASCII case folded) bounded on both sides by
    the text's ends or by characters that are not word characters."""
    text, word = ascii_lower(text), ascii_lower(word)
    at = text.find(word)
    while word and at >= 0:
        before = text[at - 1] if at > 0 else ""
        after = text[at + len(word)] if at + len(word) < len(text) else ""
        if not (before and is_word_char(before)) and not (after and is_word_char(after)):
            return True
        at = text.find(word, at + 1)
    return False


def normalize_acknowledgement(text):
    """3.4: drop tokens starting with `@`, `http://` or `https://`; every ASCII
    character that is not a letter or digit becomes a space; fold ASCII case;
    collapse runs of spaces; trim."""
    tokens = [t for t in re.split(r"[ \t\n\r\f\v]+", text)
              if not t.startswith(("@", "http://", "https://"))]
    spaced = "".join(" " if c.isascii() and not c.isalnum() else c for c in " ".join(tokens))
    return re.sub(" +", " ", ascii_lower(spaced)).strip()


def rule_matches(message, rule):
    """3.4 (and 8.1 `match`): one of the message's tags is in `tags`, or its
    author is in `authors`, or its text holds one of `words` as a whole word,
    or (exempt only) its whole text is one of `acknowledgements`. Tags and
    authors compare case-insensitively (7)."""
    tags = {ascii_lower(t.strip()) for t in rule.get("tags") or []}
    if any(ascii_lower(t) in tags for t in message["tags"]):
        return True
    if fold_author(message["author"]) in {fold_author(a) for a in rule.get("authors") or []}:
        return True
    if any(contains_word(message["text"], w) for w in rule.get("words") or []):
        return True
    text = normalize_acknowledgement(message["text"])
    return any(text == normalize_acknowledgement(p) for p in rule.get("acknowledgements") or [])


def is_exempt(message, policy):
    """3.4: an inbound message matched by its own channel's `exempt` rule
    (8.2: exempt rules stay per channel, whatever the account)."""
    entry = channel_policy(message["channel"], policy)
    return bool(entry and entry.get("exempt")) and rule_matches(message, entry["exempt"])


# ---------------------------------------------------------------- 3.3
def walk_episodes(conversation, policy):
    """3.3: one open episode at a time. An exempt inbound message changes
    nothing; another inbound opens an episode or joins the open one; an
    outbound message closes it unless its author is in ignore_authors.
    The first episode of a conversation is `first`, later ones `next`.
    Returns the episodes (with their inbound messages, 8.2) and the exempt
    messages (counted also while an episode is open, 7)."""
    ignored = {fold_author(a) for a in policy["company"].get("ignore_authors", [])}
    episodes, exempt, current = [], [], None
    for message in conversation:
        if not message["outbound"]:
            if is_exempt(message, policy):
                exempt.append(message)
            elif current is None:
                current = {"opener": message, "kind": "next" if episodes else "first",
                           "inbound": [message], "responder": None}
                episodes.append(current)
            else:
                current["inbound"].append(message)
        elif fold_author(message["author"]) not in ignored and current is not None:
            current["responder"] = message
            current = None
    return episodes, exempt


def message_account(message, conversation):
    """3.3 (and 7): the message's own `account` when non-empty; else the
    account, or with no account column the author as written, of the first
    outbound message of the conversation (ignored authors included, even one
    after the episode); else empty."""
    if message["account"]:
        return message["account"]
    for other in conversation:
        if other["outbound"]:
            return other["author"] if other["account"] is None else other["account"]
    return ""


# ---------------------------------------------------------------- 2, 8.1-8.3
def channel_policy(channel, policy):
    """The channel's entry (keys case-insensitive), else `default`, else None
    (unconfigured, 2 Channels)."""
    entries = {ascii_lower(k): v for k, v in policy.get("channels", {}).items()}
    return entries.get(channel, entries.get("default"))


def episode_rule(entry, account):
    """8.2, 8.8: the channel's entry replaced key by key by the `accounts` entry
    whose key equals the episode's account after author normalization."""
    rule = {k: v for k, v in entry.items() if k != "accounts"}
    for key, override in (entry.get("accounts") or {}).items():
        if fold_author(key) == fold_author(account):
            rule.update(override or {})
    return rule


def episode_priority(rule, episode):
    """8.2: the first priority rule, in list order, that any inbound message of
    the episode (opener and the non-exempt ones that joined it) matches, with
    the entry its targets come from; `normal` uses the rule's own targets."""
    for priority in rule.get("priorities") or []:
        if any(rule_matches(m, priority["match"]) for m in episode["inbound"]):
            return priority["name"].strip(), priority
    return "normal", rule


def target_for(entry, kind):
    """`first_response` for `first`, `next_response` (default: the same entry's
    `first_response`, 2 and 8.1) for `next`."""
    if kind == "next":
        return parse_duration(entry.get("next_response", entry["first_response"]))
    return parse_duration(entry["first_response"])


def responder_of(reply, signatures):
    """8.3, 8.8: the reply's `agent` when non-empty; else the first signature
    that matches anywhere in the trimmed text (group 1, else the whole match,
    trimmed; empty is no match); else the author as written. Character classes
    are ASCII (re.ASCII), and texts hold no line breaks, so `$` is the end."""
    if reply["agent"]:
        return reply["agent"]
    for pattern in signatures:
        found = re.search(pattern, reply["text"].strip(), re.ASCII)
        if found:
            value = found.group(1) if found.re.groups else found.group(0)
            if value and value.strip():
                return value.strip()
    return reply["author"]


# ---------------------------------------------------------------- 3.5
def evaluate(episode, clock, target, as_of):
    """3.5: due, status, business_seconds and calendar_seconds of one episode."""
    start = episode["opener"]["created_at"]
    responder = episode["responder"]
    end = responder["created_at"] if responder else as_of
    record = {
        "opened_by": episode["opener"]["id"], "kind": episode["kind"], "start": start,
        "responded_by": responder["id"] if responder else None,
        "responded_at": responder["created_at"] if responder else None,
        "calendar_seconds": end - start, "channel": episode["opener"]["channel"],
    }
    if clock is None:
        record.update(due=None, target_seconds=None, business_seconds=None,
                      status="unconfigured")
        return record
    due = clock.due(start, target)
    business = clock.business(start, end)
    if responder:
        status = "met" if responder["created_at"] <= due else "breached_late"
        # 3.5: "Equivalently, an answered episode is met iff business <= target."
        assert (status == "met") == (business <= target)
    else:
        status = "breached_unanswered" if as_of > due else "pending"
    record.update(due=due, target_seconds=target, business_seconds=business, status=status)
    return record


# ---------------------------------------------------------------- 3.6
def nearest_rank(sorted_values, n_percent):
    """pN = the value at 1-based rank ceil(N * n / 100), in integers (3.6, 7)."""
    rank = (n_percent * len(sorted_values) + 99) // 100
    return sorted_values[rank - 1]


def parse_goal(value):
    """2 Goals: `90%` or `0.9`, as an exact fraction (7: compared exactly)."""
    text = str(value).strip()
    if text.endswith("%"):
        return fractions.Fraction(text[:-1]) / 100
    return fractions.Fraction(text)


def group_goal(policy, key, by):
    """3.6, 8.4: a group has a goal only when `channel` is a key; with `account`
    too, the account entry's goal if set, else the channel's."""
    if "channel" not in by:
        return None
    entry = channel_policy(key["channel"], policy)
    if entry is None:
        return None
    goal = entry.get("goal")
    if "account" in by:
        goal = episode_rule(entry, key["account"]).get("goal", goal)
    return parse_goal(goal) if goal is not None else None


def group_figures(records, exempt_count, goal):
    """One group's counts, exempt messages, attainment, goal and status and
    business-time percentiles (3.6)."""
    count = {s: sum(r["status"] == s for r in records)
             for s in ("met", "breached_late", "breached_unanswered", "pending", "unconfigured")}
    measured = count["met"] + count["breached_late"] + count["breached_unanswered"]
    answered = sorted(r["business_seconds"] for r in records
                      if r["status"] in ("met", "breached_late"))
    status = None
    if goal is not None:
        passed = measured == 0 or fractions.Fraction(count["met"], measured) >= goal
        status = "pass" if passed else "fail"
    figures = {"episodes": len(records), "measured": measured, **count,
               "exempt_messages": exempt_count,
               "attainment": count["met"] / measured if measured else None,
               "goal": float(goal) if goal is not None else None, "status": status}
    for name, n in (("p50", 50), ("p90", 90)):
        figures["business_" + name] = nearest_rank(answered, n) if answered else None
    figures["business_max"] = answered[-1] if answered else None
    return figures


def report_groups(policy, records, exempt, by):
    """3.6, 8.4: groups keyed by the `--by` keys (a tuple in `by` order; `()`
    is the total). An exempt message's channel and account are its own (7);
    its kind, priority and responder are null (8.8)."""
    groups = {(): ([], [])} if not by else {}  # 8.8: the total is always present
    for record in records:
        groups.setdefault(tuple(record[k] for k in by), ([], []))[0].append(record)
    for message in exempt:
        groups.setdefault(tuple(message.get(k) for k in by), ([], []))[1].append(message)
    return {key: group_figures(rs, len(es), group_goal(policy, dict(zip(by, key)), by))
            for key, (rs, es) in groups.items()}


# ---------------------------------------------------------------- the whole slice
def reference_figures(policy, messages, as_of):
    """Episode records and exempt messages ({channel, account}) for messages
    read as of as_of."""
    # 7: with --as-of T, messages created after T are left out of conversations.
    kept = [m for m in messages if m["created_at"] <= as_of]
    times = [m["created_at"] for m in messages] + [as_of]
    # A 30-minute weekly window and a 1d target put due ~24 weeks ahead.
    lo, hi = min(times) - 2 * DAY, max(times) + 400 * DAY
    signatures = policy["company"].get("signatures", [])
    clocks, records, exempt_items = {}, [], []
    for conversation in conversations(kept).values():
        episodes, exempt = walk_episodes(conversation, policy)
        exempt_items += [{"channel": m["channel"], "account": message_account(m, conversation)}
                         for m in exempt]
        for episode in episodes:
            account = message_account(episode["opener"], conversation)
            entry = channel_policy(episode["opener"]["channel"], policy)
            clock, target = None, None
            priority, owner = "normal", policy.get("owner")  # 8.8: unconfigured
            if entry is not None:
                rule = episode_rule(entry, account)
                cal_name = rule.get("calendar")
                if cal_name not in clocks:
                    clocks[cal_name] = BusinessClock(build_calendar(cal_name, policy), lo, hi)
                priority, targets = episode_priority(rule, episode)
                clock, target = clocks[cal_name], target_for(targets, episode["kind"])
                owner = rule.get("owner", owner)  # 8.1: account, channel, top level
            record = evaluate(episode, clock, target, as_of)
            reply = episode["responder"]
            record.update(account=account, priority=priority, owner=owner,
                          responder=responder_of(reply, signatures) if reply else None)
            records.append(record)
    return records, exempt_items


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    with open(argv[1], encoding="utf-8") as f:
        policy = json.load(f)
    messages = read_messages(argv[2], policy["company"])
    records, exempt = reference_figures(policy, messages, parse_instant(argv[3]))
    for record in records:
        shown = {k: format_instant(v) if k in ("start", "due", "responded_at") and v is not None
                 else v for k, v in record.items()}
        print(json.dumps(shown))
    for by in (["channel"], ["channel", "account"], ["priority"], ["responder"]):
        print("--by " + ",".join(by))
        for key, figures in sorted(report_groups(policy, records, exempt, by).items(),
                                   key=lambda item: str(item[0])):
            print(json.dumps(key), json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv)
