#!/usr/bin/env python3
"""Summarise a JFR recording's execution samples: top self frames and top inclusive frames.

usage: bench/jfr-hotspots.py FILE.jfr [N] [FILTER] [PHASE]
  N       rows per table (default 25)
  FILTER  only count samples whose stack contains this text (e.g. a thread name is not in the
          stack; use a class or package, e.g. io.gatewaysync); "-" for none
  PHASE   only samples after the PHASE-th System.gc() of the recording (and before the next).
          The benchmark runs every measurement as its own process, so a recording per run
          (-Dbench.jvmArgs=-XX:StartFlightRecording=filename=/tmp/{db}-{run}.jfr) needs no PHASE;
          in the raw read's process 0 is the warm-up, 1 the read.
"""
import collections, json, subprocess, sys

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 25
flt = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else None
phase = int(sys.argv[4]) if len(sys.argv) > 4 else None
window = None
if phase is not None:
    gcs = json.loads(subprocess.run(["jfr", "print", "--json", "--events", "jdk.GarbageCollection", path],
                                    capture_output=True, text=True, check=True).stdout)["recording"]["events"]
    starts = sorted(e["values"]["startTime"] for e in gcs if e["values"].get("cause") == "System.gc()")
    window = (starts[phase], starts[phase + 1] if phase + 1 < len(starts) else "9999")
raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(raw)["recording"]["events"]
selfc, incl, threads, ours = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
total = 0
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    if flt and not any(flt in n for n in names):
        continue
    if window and not (window[0] <= e["values"]["startTime"] < window[1]):
        continue
    total += 1
    t = e["values"].get("sampledThread") or {}
    threads[t.get("javaName") or t.get("osName") or "?"] += 1
    if names:
        selfc[names[0]] += 1
    mine = next((n for n in names if n.startswith("io/gatewaysync")), None)
    ours[mine or ("(other) " + (names[-1] if names else "?"))] += 1
    for n in set(names):
        incl[n] += 1
print(f"{total} samples" + (f" containing {flt}" if flt else ""))
print("\n-- threads")
for n, c in threads.most_common(10):
    print(f"{100.0*c/total:5.1f}%  {n}")
print("\n-- self")
for n, c in selfc.most_common(rows):
    print(f"{100.0*c/total:5.1f}%  {n}")
print("\n-- by innermost io.gatewaysync frame (where our code spends, itself or in libraries it calls)")
for n, c in ours.most_common(rows):
    print(f"{100.0*c/total:5.1f}%  {n}")
print("\n-- inclusive")
for n, c in incl.most_common(rows * 2):
    print(f"{100.0*c/total:5.1f}%  {n}")
