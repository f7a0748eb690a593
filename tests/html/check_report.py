#!/usr/bin/python3
"""Checks the HTML report as a browser and a screen reader would take it.

usage: check_report.py SSLA SOURCE_DIR

For the sample export and for an export whose texts, authors, accounts,
channel and policy strings are markup (tests/data/hostile*), the HTML report
(with and without --breaches) must:
  - parse as HTML5 without a single parse error (html5lib, strict);
  - refer to nothing outside itself (no src, no href but #fragments, no
    url() but #fragments, no <link>, <img>, <iframe>, <object>, <embed>,
    <base>, @import);
  - give every chart a text alternative: each figure.chart has a non-empty
    figcaption; each <svg role="img"> an aria-label and a <title>; any other
    <svg> is aria-hidden;
  - show every string from the input and the policy as text: no element or
    attribute comes from them (one <script>, the sorting one; no on*
    attribute), and the strings appear verbatim in the page's text.
The Markdown report of the hostile export must hold none of those strings'
markup unescaped.
Exit status 77 (skipped) when html5lib is missing (Debian: python3-html5lib).
"""
import os
import re
import subprocess
import sys

try:
    import html5lib
except ImportError:
    print("html5lib is missing (apt-get install python3-html5lib): skipped")
    sys.exit(77)

SSLA, SOURCE = sys.argv[1], sys.argv[2]
errors = []

# The strings of tests/data/hostile* that must stay text.
HOSTILE_TEXT = [
    "Acme <script>alert('policy')</script> & <b>Co</b>",     # policy name
    "<img src=x onerror=alert(2)>",                          # author
    "<script>alert('tweet')</script> where is my order?",    # message text
    "<u>acct</u>",                                           # account
    "<svg onload=alert(4)>",                                 # channel
    "<s>1</s>",                                              # message id
    'bob" onmouseover="alert(3)',                            # author with quotes
    "Care <b>lead</b> <care@acme.example>",                  # owner
    "next review 2026-10-15 (overdue)",                      # review, SSLA_TODAY below
]
SORT_SCRIPT_MARK = "querySelectorAll('th[data-sort]')"


def run(*args):
    r = subprocess.run([SSLA, *args], cwd=SOURCE, capture_output=True, text=True,
                       env={**os.environ, "TZ": "UTC", "SSLA_TODAY": "2026-12-01"})
    if r.returncode != 0:
        errors.append(f"ssla {' '.join(args)}: status {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def local(tag):
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def text_of(el):
    return "".join(el.itertext())


def check_html(name, doc, hostile):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        root = parser.parse(doc)
    except Exception as e:  # html5lib raises ParseError at the first problem
        line = parser.errors[0][0] if parser.errors else "?"
        errors.append(f"{name}: not valid HTML5 at {line}: {e}")
        return
    if not doc.startswith("<!DOCTYPE html>"):
        errors.append(f"{name}: no <!DOCTYPE html>")

    # Nothing outside the file.
    for el in root.iter():
        tag = local(el.tag)
        if tag in ("link", "img", "iframe", "object", "embed", "base", "audio", "video",
                   "source", "frame"):
            errors.append(f"{name}: external-capable element <{tag}>")
        for attr, value in el.attrib.items():
            a = local(attr).lower()
            if a.startswith("on"):
                errors.append(f"{name}: event attribute {a}={value!r} on <{tag}>")
            if a in ("src", "srcset", "action", "formaction", "poster", "data", "background"):
                errors.append(f"{name}: {a}={value!r} on <{tag}>")
            if a == "href" and not value.startswith("#"):
                errors.append(f"{name}: href={value!r} on <{tag}>")
            if a == "style" or a == "fill":
                for url in re.findall(r"url\(([^)]*)\)", value):
                    if not url.strip("'\" ").startswith("#"):
                        errors.append(f"{name}: url({url}) in {a}")
        if tag == "style":
            css = text_of(el)
            if "@import" in css:
                errors.append(f"{name}: @import in <style>")
            for url in re.findall(r"url\(([^)]*)\)", css):
                if not url.strip("'\" ").startswith("#"):
                    errors.append(f"{name}: url({url}) in <style>")

    # Only the sorting script.
    scripts = [el for el in root.iter() if local(el.tag) == "script"]
    if len(scripts) != 1 or SORT_SCRIPT_MARK not in text_of(scripts[0]) or \
            scripts[0].get("src") is not None:
        errors.append(f"{name}: {len(scripts)} <script> elements, expected the sorting one")

    # Text alternatives.
    figures = [el for el in root.iter()
               if local(el.tag) == "figure" and "chart" in el.get("class", "").split()]
    if not figures:
        errors.append(f"{name}: no chart figures")
    for fig in figures:
        caps = [c for c in fig.iter() if local(c.tag) == "figcaption"]
        if not caps or not text_of(caps[0]).strip():
            errors.append(f"{name}: a chart without a figcaption")
    for svg in (el for el in root.iter() if local(el.tag) == "svg"):
        if svg.get("role") == "img":
            titles = [c for c in svg if local(c.tag) == "title"]
            if not svg.get("aria-label", "").strip() or not titles or not text_of(titles[0]).strip():
                errors.append(f"{name}: <svg role=img> without aria-label and <title>")
        elif svg.get("aria-hidden") != "true":
            errors.append(f"{name}: an <svg> that is neither role=img nor aria-hidden")

    if hostile:
        page_text = text_of(root)
        for s in HOSTILE_TEXT:
            if s not in page_text:
                errors.append(f"{name}: {s!r} does not appear as text")
        title = [el for el in root.iter() if local(el.tag) == "title"][0]
        if HOSTILE_TEXT[0] not in text_of(title):
            errors.append(f"{name}: the policy name is not the page title's text")
        for el in root.iter():
            if local(el.tag) in ("b", "i", "u", "s", "em"):
                errors.append(f"{name}: <{local(el.tag)}> element from input or policy text")


samples = ["-p", "samples/policy.yaml", "samples/messages.csv", "--format", "html"]
check_html("samples", run("report", *samples), False)
check_html("samples --by account,week --breaches",
           run("report", *samples, "--by", "account,week", "--breaches"), False)
check_html("samples --month 2026-11", run("report", *samples, "--month", "2026-11"), False)
hostile = ["-p", "tests/data/hostile-policy.yaml", "tests/data/hostile.csv"]
check_html("hostile", run("report", *hostile, "--format", "html", "--month", "2026-10"), True)
check_html("hostile --breaches --by channel,account",
           run("report", *hostile, "--format", "html", "--breaches", "--by", "channel,account"),
           True)

md = run("report", *hostile, "--format", "markdown", "--month", "2026-10", "--breaches")
for bad in ["<script", "<img", "<svg", "<u>", "<s>", "<iframe"]:
    if bad in md:
        errors.append(f"markdown: unescaped {bad!r}")
if re.search(r"(?<!\\)\]\(", md) or re.search(r"(?<!\\)`", md.split("```")[0]):
    errors.append("markdown: a link or code span from input text is not escaped")
if "&lt;script&gt;alert('tweet')&lt;/script&gt;" not in md:
    errors.append("markdown: the message text is not shown escaped")

for e in errors:
    print("FAIL", e)
print(f"{len(errors)} problems")
sys.exit(1 if errors else 0)
