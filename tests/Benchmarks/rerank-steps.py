#!/usr/bin/env python3
"""Each rerank step's wall and thread-CPU time (median / max, ms) from the screening host's "Reranked ..." log lines.

Usage: rerank-steps.py SCREENING_LOG [FROM TO]   (FROM/TO as HH:MM:SS, e.g. a living-load run's measured minute;
the host's log is in LIVING_LOAD_HOST_LOGS, e.g. /tmp/hosts/screening.log). Needs the named steps (0fdd59a on).
"""
import re
import statistics
import sys

text = open(sys.argv[1], encoding="utf-8").read()
start, end = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ("00:00:00", "99:99:99")
pattern = r"(\d\d:\d\d:\d\d)\.\d+\s+Reranked project \S+ in \d+ ms.*?the steps worked \(ms\) (.*?); on their thread's CPU \(ms\) (.*?)\.\n"
steps = {}
reranks = 0
for at, walls, cpus in re.findall(pattern, text):
    if not start <= at <= end:
        continue
    reranks += 1
    for wall, cpu in zip(walls.split(", "), cpus.split(", ")):
        name, wall_ms = wall.rsplit(" ", 1)
        cpu_ms = cpu.rsplit(" ", 1)[1]
        steps.setdefault(name, []).append((float(wall_ms), None if cpu_ms == "?" else float(cpu_ms)))

print(f"{reranks} reranks between {start} and {end}")
print(f"{'step':10} {'n':>4} {'wall median':>12} {'wall max':>9} {'CPU median':>11} {'CPU max':>8} {'CPU unknown':>12}")
for name, values in steps.items():
    walls = [w for w, _ in values]
    cpus = [c for _, c in values if c is not None]
    cpu_median = f"{statistics.median(cpus):.1f}" if cpus else "?"
    cpu_max = f"{max(cpus):.0f}" if cpus else "?"
    print(f"{name:10} {len(values):4} {statistics.median(walls):12.1f} {max(walls):9.0f} {cpu_median:>11} {cpu_max:>8} {len(values) - len(cpus):12}")
