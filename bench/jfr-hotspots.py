#!/usr/bin/env python3
"""Summarise a JFR recording's execution samples: top self frames and top inclusive frames.

usage: bench/jfr-hotspots.py FILE.jfr [N] [FILTER]
  N       rows per table (default 25)
  FILTER  only count samples whose stack contains this text (e.g. a thread name is not in the
          stack; use a class or package, e.g. io.gatewaysync)
"""
import collections, json, subprocess, sys

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 25
flt = sys.argv[3] if len(sys.argv) > 3 else None
raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(raw)["recording"]["events"]
selfc, incl, threads = collections.Counter(), collections.Counter(), collections.Counter()
total = 0
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    if flt and not any(flt in n for n in names):
        continue
    total += 1
    t = e["values"].get("sampledThread") or {}
    threads[t.get("javaName") or t.get("osName") or "?"] += 1
    if names:
        selfc[names[0]] += 1
    for n in set(names):
        incl[n] += 1
print(f"{total} samples" + (f" containing {flt}" if flt else ""))
print("\n-- threads")
for n, c in threads.most_common(10):
    print(f"{100.0*c/total:5.1f}%  {n}")
print("\n-- self")
for n, c in selfc.most_common(rows):
    print(f"{100.0*c/total:5.1f}%  {n}")
print("\n-- inclusive")
for n, c in incl.most_common(rows * 2):
    print(f"{100.0*c/total:5.1f}%  {n}")
