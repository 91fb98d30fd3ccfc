"""rapidfuzz process.cpdist (workers=1) per CPU second (time.process_time), on the pairs bench/compare.sh
wrote to DIR (default /tmp/mirage-compare/inputs); the peer of bench/EditDistanceCpuTime.java.
Run: bench/.venv/bin/python bench/python/edit_cpu_time.py [DIR]"""
import sys
import time

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein as L

d = sys.argv[1] if len(sys.argv) > 1 else "/tmp/mirage-compare/inputs"
for name, label in [("short", "1-8"), ("medium", "32-64"), ("long", "300-600")]:
    with open(f"{d}/edit-{name}.tsv", encoding="utf-8") as f:
        pairs = [line.rstrip("\n").split("\t") for line in f]
    a = [x[0] for x in pairs]
    b = [x[1] for x in pairs]
    for r in range(6):
        t = time.process_time()
        res = process.cpdist(a, b, scorer=L.distance, workers=1)
        t = time.process_time() - t
        if r >= 3:
            print(f"{label} rapidfuzz-cpdist {len(a) / t:.0f} pairs/cpu-s  (sum {int(res.sum())})")
