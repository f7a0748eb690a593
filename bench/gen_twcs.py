#!/usr/bin/env python3
"""Deterministic generator of Kaggle-twcs-format exports for benchmarks.

    bench/gen_twcs.py MESSAGES OUT.csv [--seed N] [--replies-first]

Realistic shape: 16 brands over two months (Oct-Nov 2017); threads of 1-6
messages (questions, brand replies, follow-ups, thanks); unanswered questions;
brand broadcasts with customer comments under them; texts about as long as
the Kaggle file's (about 100 characters for customers, 117 for brands); about
5 % multi-line quoted texts; commas and quotes in texts; some parent ids
written as floats (`123.0`) the way pandas re-saves them. Each thread is
written in reply order, or last message first with --replies-first (the
Kaggle file lists many replies before their parents). Same arguments, same
bytes.
"""
import argparse
import random
import time

BRANDS = ["AppleSupport", "AmazonHelp", "Uber_Support", "SpotifyCares", "Delta", "Tesco",
          "AmericanAir", "comcastcares", "TMobileHelp", "British_Airways", "SouthwestAir",
          "Ask_Spectrum", "hulu_support", "XboxSupport", "UPSHelp", "ChipotleTweets"]
# Texts close to the Kaggle file's: 111 characters on average for customers'
# tweets and 120 for brands' there (twcs-random5k, a third with a comma);
# about 102 and 117 here, half with a comma.
QUESTIONS = ["my order never arrived and the tracking page has not changed since Monday",
             "the app crashes every time I log in and I already reinstalled it twice this week",
             "why was I charged twice for the same order, again? this is the third time",
             'what does "pending" mean on my refund, it has been two weeks now',
             "flight delayed 3 hours with no updates at the gate and nobody at the desk to ask",
             "can't stream anything tonight as everything keeps buffering on every device we own",
             "is there an outage in my area? internet has been down since this morning",
             "how do I reset my password when the reset email never shows up in my inbox or spam"]
DETAILS = ["", " Really frustrating, this keeps happening.", " Please help, I need this fixed today.",
           " I have been a customer for ten years and this has never happened.",
           " Called support twice, waited an hour, nothing."]
ANSWERS = ["Sorry to hear that! Please DM us your order number and the email on the "
           "account so we can take a closer look. ^JM",
           "We're looking into it, thanks for your patience. We'll follow up in DM as soon as "
           "we know more. -AB",
           "Please try Settings > Reset and then restart the app. Let us know if the issue "
           "continues and we will dig deeper!",
           "Thanks for reaching out, we've sent you a DM. Please follow the link there so we can "
           "help you privately. *TC"]
FOLLOW = ["still waiting and nobody has answered my DM yet. This is getting ridiculous now",
          "any update? it has been two days and I still can't use my account at all",
          "that didn't work, same error as before even after the restart you suggested",
          "DM sent with my order number and email address. Please get back to me soon"]
# Half of the thanks are bare acknowledgements (exempt by the benchmark's policy).
THANKS = ["thanks!", "thank you so much", "ok I will try that tonight and let you know",
          "Thanks that fixed it. Great service as always, you saved my evening"]
BROADCAST = ("Big news: our holiday hours are live! Find your nearest store and its opening "
             "times on our site, and tell us what you think.")
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
    ap.add_argument("--replies-first", action="store_true",
                    help="write each thread last message first, as the Kaggle file often does")
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
                thread.append((root, brand, False, t, BROADCAST, None))
                for _ in range(rng.randint(1, 5)):
                    cid = next_id
                    next_id += 1
                    tc = t + rng.randint(60, 7200)
                    cust = str(customer_base + rng.randrange(5000000))
                    thread.append((cid, cust, True, tc,
                                   f"@{brand} " + rng.choice(QUESTIONS) + rng.choice(DETAILS), root))
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
                        text = f"@{brand} " + (rng.choice(QUESTIONS) + rng.choice(DETAILS)
                                               if parent is None
                                               else rng.choice(FOLLOW + THANKS))
                        if rng.random() < 0.09:  # about 5 % of all rows
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
            if args.replies_first:
                thread.reverse()
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
