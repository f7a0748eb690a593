#!/usr/bin/env python3
"""Deterministic generator of Kaggle-twcs-format exports for benchmarks.

    bench/gen_twcs.py MESSAGES OUT.csv [--seed N]

Realistic shape: 16 brands over two months (Oct-Nov 2017); threads of 1-6
messages (questions, brand replies, follow-ups, thanks); unanswered questions;
brand broadcasts with customer comments under them; about 5 % multi-line
quoted texts; commas and quotes in texts; some parent ids written as floats
(`123.0`) the way pandas re-saves them. Same arguments, same bytes.
"""
import argparse
import random
import time

BRANDS = ["AppleSupport", "AmazonHelp", "Uber_Support", "SpotifyCares", "Delta", "Tesco",
          "AmericanAir", "comcastcares", "TMobileHelp", "British_Airways", "SouthwestAir",
          "Ask_Spectrum", "hulu_support", "XboxSupport", "UPSHelp", "ChipotleTweets"]
QUESTIONS = ["my order never arrived", "the app crashes when I log in",
             "why was I charged twice, again", 'what does "pending" mean on my refund',
             "flight delayed 3 hours, no updates", "can't stream anything tonight",
             "is there an outage in my area", "how do I reset my password"]
ANSWERS = ["Sorry to hear that! Please DM us your order number.",
           "We're looking into it, thanks for your patience.",
           'Please try "Settings > Reset", then let us know.',
           "Thanks for reaching out, we've sent you a DM."]
FOLLOW = ["still waiting", "any update?", "that didn't work, same error", "DM sent"]
THANKS = ["thanks!", "thank you", "ok", "Thanks, that fixed it"]
START = int(time.mktime((2017, 10, 1, 0, 0, 0, 0, 0, 0))) - time.timezone


def twitter_time(epoch):
    t = time.gmtime(epoch)
    return time.strftime("%a %b %d %H:%M:%S +0000 %Y", t)


def quote(text):
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("messages", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=2017)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    span = 61 * 86400
    next_id = 1
    written = 0
    customer_base = 100000
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
                "in_response_to_tweet_id\n")
        while written < args.messages:
            brand = BRANDS[rng.randrange(len(BRANDS))]
            t = START + rng.randrange(span)
            thread = []  # (id, author, inbound, time, text, parent)
            if rng.random() < 0.03:  # a broadcast with comments under it
                root = next_id
                next_id += 1
                thread.append((root, brand, False, t, "Big news: our holiday hours are live!", None))
                for _ in range(rng.randint(1, 5)):
                    cid = next_id
                    next_id += 1
                    tc = t + rng.randint(60, 7200)
                    cust = str(customer_base + rng.randrange(5000000))
                    thread.append((cid, cust, True, tc, f"@{brand} " + rng.choice(QUESTIONS), root))
                    if rng.random() < 0.6:
                        thread.append((next_id, brand, False, tc + rng.randint(60, 20000),
                                       rng.choice(ANSWERS), cid))
                        next_id += 1
            else:
                cust = str(customer_base + rng.randrange(5000000))
                length = rng.choice([1, 2, 2, 2, 3, 3, 4, 4, 5, 6])
                parent = None
                inbound = True
                for _ in range(length):
                    mid = next_id
                    next_id += 1
                    if inbound:
                        text = f"@{brand} " + (rng.choice(QUESTIONS) if parent is None
                                               else rng.choice(FOLLOW + THANKS))
                        if rng.random() < 0.05:
                            text += "\nplease help\nasap"
                        thread.append((mid, cust, True, t, text, parent))
                    else:
                        thread.append((mid, brand, False, t, f"@{cust} " + rng.choice(ANSWERS), parent))
                    parent = mid
                    t += int(rng.expovariate(1 / 1800)) + 20
                    inbound = not inbound if rng.random() < 0.85 else inbound
            children = {}
            for m in thread:
                if m[5] is not None:
                    children.setdefault(m[5], []).append(m[0])
            for mid, author, inbound, ts, text, parent in thread:
                if written >= args.messages:
                    break
                kids = ",".join(str(k) for k in children.get(mid, []))
                par = "" if parent is None else (f"{parent}.0" if rng.random() < 0.3 else str(parent))
                f.write(f"{mid},{author},{'True' if inbound else 'False'},{twitter_time(ts)},"
                        f"{quote(text)},{quote(kids)},{par}\n")
                written += 1


if __name__ == "__main__":
    main()
