#!/usr/bin/env python3
"""Writes samples/messages.csv: a realistic, deterministic export of a few
thousand messages on two channels (twitter, facebook) over one month,
2026-10-19 to 2026-11-18, crossing the US DST change (2026-11-01) and
Veterans Day. Same seed, same bytes: the file is committed with this script.

Usage: scripts/gen_samples.py [OUT]   (default samples/messages.csv)
"""
import csv
import datetime as dt
import random
import sys

SEED = 20261101
START = dt.datetime(2026, 10, 19, 4, 0, tzinfo=dt.timezone.utc)
DAYS = 30

QUESTIONS = [
    "My order hasn't arrived yet, can you check?",
    "How do I change my delivery address?",
    "The app keeps logging me out",
    "I was charged twice for the same order",
    "Is the blue one back in stock?",
    "Can I return an item bought in store, online?",
    'Your site says "out of stock" but the shop has it',
    "Refund still not here after 10 days, what's going on?",
    "Where can I find my invoice?",
    "Package says delivered, it isn't.\nPlease help",
    "Do you ship to Norway, Sweden, or Finland?",
    "My discount code, SAVE10, doesn't work",
]
FOLLOW_UPS = ["Any update?", "Hello??", "Still waiting on this", "I sent you a DM",
              "Order number is 48213, thanks", "Still broken, thanks"]
THANKS = ["thanks!", "Thank you", "@AcmeHelp thanks.", "ok", "👍", "THANKS"]
ANSWERS = [
    "Sorry about that! Could you send us a DM with your order number?",
    "Thanks for reaching out. We've passed this on to our delivery team.",
    "Happy to help: you can change it under Account > Addresses.",
    "We've refunded the duplicate charge; it takes 3-5 days to show.",
    "It's back in stock next week, we'll let you know.",
    "Please try reinstalling the app, and let us know if it keeps happening.",
]
SPAM = ["Win a FREE phone, click here http://spam.example", "This is a scam, idiot company"]
BROADCASTS = ["Our winter sale starts today!", "We're updating our app tonight, expect short outages."]


def local_weight(t):
    """Customers post more during the day (US Eastern, roughly)."""
    hour = (t - dt.timedelta(hours=5)).hour
    return 1.0 if 8 <= hour < 22 else 0.25


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "samples/messages.csv"
    rng = random.Random(SEED)
    rows = []
    next_id = [100000]

    def new_id():
        next_id[0] += rng.randint(1, 40)
        return str(next_id[0])

    def post(t, author, channel, account, text, parent="", tags=""):
        mid = new_id()
        rows.append({"id": mid, "parent_id": parent,
                     "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "author": author,
                     "channel": channel, "account": account, "text": text, "tags": tags})
        return mid

    customers = [f"{rng.choice(['ana', 'ben', 'chen', 'dev', 'eva', 'femi', 'gus', 'hana', 'ivo', 'jo'])}"
                 f"_{rng.randint(10, 999)}" for _ in range(600)]
    for day in range(DAYS):
        for channel, account, agent, per_day, fast in (("twitter", "AcmeHelp", "AcmeHelp", 40, 0.93),
                                                        ("facebook", "AcmeCare", "AcmeCare", 20, 0.8)):
            if rng.random() < 0.15:  # a company broadcast with comments under it
                t = START + dt.timedelta(days=day, hours=rng.uniform(13, 20))
                root = post(t, agent, channel, account, rng.choice(BROADCASTS))
                for _ in range(rng.randint(1, 4)):
                    c = rng.choice(customers)
                    tc = t + dt.timedelta(minutes=rng.uniform(2, 300))
                    q = post(tc, c, channel, account, rng.choice(QUESTIONS), parent=root)
                    if rng.random() < 0.7:
                        post(tc + dt.timedelta(minutes=rng.expovariate(1 / 90)), agent, channel,
                             account, rng.choice(ANSWERS), parent=q)
            n = 0
            while n < per_day:
                t = START + dt.timedelta(days=day, seconds=rng.uniform(0, 86400))
                if rng.random() > local_weight(t):
                    continue
                n += 1
                c = rng.choice(customers)
                if rng.random() < 0.04:
                    post(t, c, channel, account, rng.choice(SPAM),
                         tags="spam" if rng.random() < 0.5 else "")
                    continue
                q = post(t, c, channel, account, rng.choice(QUESTIONS))
                last = q
                tt = t
                if rng.random() < 0.25:  # the auto-reply bot answers first, which never counts
                    tt = tt + dt.timedelta(seconds=rng.randint(5, 60))
                    last = post(tt, "AcmeBot", channel, account,
                                "Thanks for your message! Our team will reply soon.", parent=last)
                if rng.random() < 0.2:  # a follow-up before any answer
                    tt = tt + dt.timedelta(minutes=rng.uniform(5, 120))
                    last = post(tt, c, channel, account, rng.choice(FOLLOW_UPS), parent=last)
                if rng.random() < 0.96:
                    delay = rng.expovariate(1 / 25) if rng.random() < fast else rng.uniform(60, 900)
                    tt = max(tt, t) + dt.timedelta(minutes=delay)
                    last = post(tt, agent, channel, account, rng.choice(ANSWERS), parent=last)
                    r = rng.random()
                    if r < 0.35:
                        post(tt + dt.timedelta(minutes=rng.uniform(1, 60)), c, channel, account,
                             rng.choice(THANKS), parent=last)
                    elif r < 0.5:  # a next question, answered or not
                        t2 = tt + dt.timedelta(minutes=rng.uniform(5, 600))
                        q2 = post(t2, c, channel, account, rng.choice(FOLLOW_UPS), parent=last)
                        if rng.random() < 0.7:
                            post(t2 + dt.timedelta(minutes=rng.expovariate(1 / 100)), agent,
                                 channel, account, rng.choice(ANSWERS), parent=q2)
    rows.sort(key=lambda r: (r["created_at"], int(r["id"])))
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["id", "parent_id", "created_at", "author", "channel",
                                          "account", "text", "tags"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} messages to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
