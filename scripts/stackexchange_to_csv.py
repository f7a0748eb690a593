#!/usr/bin/env python3
"""Converts a Stack Exchange data dump's Posts.xml into a CSV export ssla reads.

A Q&A site is a help desk by analogy: a question is a customer's post
(inbound), an answer the reply to it (outbound, its parent the question).
An answer by the question's own author is neither: the asker solving the
problem is not the site answering (it would close the question's episode at
0 seconds), nor a new question; it is left out, and the number left out is
said on standard error. Tag wikis and their excerpts
(PostTypeId 4 and 5) are not conversations and are left out. Columns
written: id, parent_id, created_at, author, direction, channel, tags, text.

- created_at is the dump's CreationDate as written ("2015-01-27T20:09:32.720",
  no offset: Stack Exchange writes UTC, and ssla reads a time without an
  offset in input.timezone, UTC unless the policy says otherwise);
- author is OwnerUserId, else OwnerDisplayName (deleted accounts), else empty
  (ssla then rejects the row: "missing author");
- text is the title and the body as plain text (HTML tags dropped, entities
  decoded), for the policy's exempt words and the breach list's excerpts;
- tags are the question's tags, comma-separated ("<storage><whole-bean>" ->
  "storage,whole-bean").

usage: scripts/stackexchange_to_csv.py Posts.xml [OUT.csv]   (default: standard output)
       scripts/stackexchange_to_csv.py Posts.xml | build/ssla report -p POLICY -
"""

import csv
import html
import re
import sys
import xml.etree.ElementTree as ET

QUESTION, ANSWER = "1", "2"
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def plain_text(markup):
    """The text of an HTML fragment on one line: tags dropped, entities decoded."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", markup))).strip()


def rows(path, skipped):
    """Yields one CSV row (a list) per question and answer of Posts.xml, in file
    order; counts the self-answers left out in skipped["self_answers"]."""
    asker = {}  # question id -> author (dumps list a question before its answers)
    for _, element in ET.iterparse(path, events=("end",)):
        if element.tag != "row":
            continue
        kind = element.get("PostTypeId")
        if kind in (QUESTION, ANSWER):
            author = element.get("OwnerUserId") or element.get("OwnerDisplayName") or ""
            tags = re.findall(r"<([^>]+)>", element.get("Tags", ""))
            text = plain_text(element.get("Body", ""))
            title = element.get("Title")
            if title:
                text = title + " - " + text if text else title
            parent = element.get("ParentId", "") if kind == ANSWER else ""
            if kind == QUESTION:
                asker[element.get("Id", "")] = author
            if kind == ANSWER and author != "" and asker.get(parent) == author:
                skipped["self_answers"] += 1
                element.clear()
                continue
            yield [
                element.get("Id", ""),
                parent,
                element.get("CreationDate", ""),
                author,
                "inbound" if kind == QUESTION else "outbound",
                "stackexchange",
                ",".join(tags),
                text,
            ]
        element.clear()  # the dump of a large site does not fit in memory


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        return 2
    out = open(sys.argv[2], "w", newline="", encoding="utf-8") if len(sys.argv) == 3 else sys.stdout
    try:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "parent_id", "created_at", "author", "direction", "channel", "tags",
                         "text"])
        skipped = {"self_answers": 0}
        for row in rows(sys.argv[1], skipped):
            writer.writerow(row)
        if skipped["self_answers"]:
            print(f"{sys.argv[1]}: left out {skipped['self_answers']} answers by the question's "
                  "own author", file=sys.stderr)
    except ET.ParseError as e:
        print(f"{sys.argv[1]}: not a Stack Exchange Posts.xml: {e}", file=sys.stderr)
        return 3
    except BrokenPipeError:
        return 0
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
