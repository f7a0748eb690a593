#!/usr/bin/env python3
"""Writes a CSV export's rows as NDJSON and as one JSON array, for the
benchmarks of the JSON readers (docs/performance.md, bench/lines.sh).

    bench/csv_to_json.py IN.csv OUT.ndjson OUT.json

Each row becomes an object of the CSV's columns, in the header's order, every
value a string (as the twcs columns are written by exports that keep the CSV's
types: `"inbound": "True"`, an empty parent as `""`). The array has one object
per line after its `[`, so both files carry the same bytes per row but for
the array's commas. Same input, same bytes.
"""
import csv
import json
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    src, nd_path, arr_path = sys.argv[1:]
    with open(src, encoding="utf-8", newline="") as f, \
            open(nd_path, "w", encoding="utf-8", newline="\n") as nd, \
            open(arr_path, "w", encoding="utf-8", newline="\n") as arr:
        reader = csv.reader(f)
        header = next(reader)
        arr.write("[\n")
        first = True
        for row in reader:
            line = json.dumps(dict(zip(header, row)), ensure_ascii=False,
                              separators=(",", ":"))
            nd.write(line)
            nd.write("\n")
            if not first:
                arr.write(",\n")
            arr.write(line)
            first = False
        arr.write("\n]\n")


if __name__ == "__main__":
    main()
