#!/usr/bin/env python3
"""village_targets.py DATASET N OUT.yaml [scoped]: a rules file of N targets, each per village
of DATASET's regions.csv (issue 16, item 4a): 12,000 such targets over Tianjin's 5,617
villages ask for 67 million target rows. With `scoped`, target i has the one village i (mod
the villages) as its scope: N rows in all."""
import csv
import sys

dataset, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
scoped = len(sys.argv) > 4 and sys.argv[4] == "scoped"
with open(f"{dataset}/regions.csv", encoding="utf-8") as f:
    villages = [r["id"] for r in csv.DictReader(f) if r["level"] == "village"]
with open(out, "w", encoding="utf-8") as f:
    f.write("targets:\n")
    for i in range(n):
        scope = f", scope: [{villages[i % len(villages)]}]" if scoped else ""
        f.write(f"  - {{name: v{i + 1}, due: 2020-12-31, per: village, level: village, min_covered: 1{scope}}}\n")
