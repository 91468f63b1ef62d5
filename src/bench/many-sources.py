#!/usr/bin/env python3
"""Many sources against one: the shared yardstick's source, split over K sources, in one `--once`.

Serves K sources of N/K objects each (the shared yardstick's Source: pre-rendered Link-header pages of
1,000, item GETs) and times `bin/gateway-sync --once` as whole processes for the initial load, no change,
and 1 % changed + 0.1 % deleted, first with ONE source of N objects, then with K sources of N/K, on a
fresh H2 file each (issue 30's target: 20 x 25,000 within 1.3x of 1 x 500,000). From the project's root
after `mvn -B package -DskipTests`:

  python3 src/bench/many-sources.py [--objects 500000] [--sources 20] [--heap 256m] [-Dkey=value ...]

-D options go to the engine. Stdlib only; imports ../shared/bench/yardstick.py for its source.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "bench")))
import yardstick  # noqa: E402


def route(path, name, url):
    with open(path, "w") as f:
        f.write("- templatedRoute:\n    routeTemplateRef: gateway-sync\n    parameters:\n")
        for k, v in (("source", name), ("url", url), ("schedule", "0 0 0 1 1 ? 2099"),
                     ("pagination", "link-header"), ("lastChangedPath", "updatedAt")):
            f.write("      - name: %s\n        value: \"%s\"\n" % (k, v))


def measure(root, count, per_source, heap, props):
    sources = [yardstick.Source() for _ in range(count)]
    wd = tempfile.mkdtemp(prefix="many-sources-")
    os.makedirs(os.path.join(wd, "routes"))
    for i, s in enumerate(sources):
        s.load(per_source, 0)
        route(os.path.join(wd, "routes", "s%02d.yaml" % i), "s%02d" % i,
              "http://127.0.0.1:%d/objects?_page=1&_limit=%d" % (s.port, yardstick.PAGE))
    with open(os.path.join(wd, "application.properties"), "w") as f:
        f.write("demo.enabled=false\n")
    env = dict(os.environ, JAVA_OPTS=" ".join(["-Xmx" + heap] + props))
    times = []
    for label, version in (("initial", 0), ("no change", 0), ("1 % changed", 1)):
        for s in sources:
            s.load(per_source, version)
        r0 = os.times()
        rc, dt, out = yardstick.timed([os.path.join(root, "bin", "gateway-sync"), "--once"], wd, env)
        r1 = os.times()
        cpu = r1.children_user + r1.children_system - r0.children_user - r0.children_system
        lines = {l[l.index("source="):].split()[0]: l for l in out.splitlines() if "source=" in l and "duration_ms=" in l}
        ok = sum(1 for l in lines.values() if "status=OK" in l)
        runs = [int(l.split("duration_ms=")[1].split()[0]) for l in lines.values()]
        print("%2d x %-8d %-12s %7.2f s  cpu %6.2f s  exit %d  %d of %d sources OK, runs %.1f s in all" % (
            count, per_source, label, dt, cpu, rc, ok, count, sum(runs) / 1000), flush=True)
        times.append(dt)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(wd, "data")) for f in fs)
    print("%2d x %-8d H2 file %d B per object" % (count, per_source, size / (count * per_source)), flush=True)
    shutil.rmtree(wd, ignore_errors=True)
    for s in sources:
        s.srv.shutdown()
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--objects", type=int, default=500_000)
    ap.add_argument("--sources", type=int, default=20)
    ap.add_argument("--heap", default="256m")
    ap.add_argument("--many-only", action="store_true", help="skip the one-source measurement")
    args, props = ap.parse_known_args()
    root = os.getcwd()
    if not os.path.exists(os.path.join(root, "target", "gateway-sync.jar")):
        sys.exit("many-sources: run it from the project's root after mvn -B package -DskipTests")
    one = None if args.many_only else measure(root, 1, args.objects, args.heap, props)
    many = measure(root, args.sources, args.objects // args.sources, args.heap, props)
    if one is None:
        return
    for label, a, b in zip(("initial", "no change", "1 % changed"), one, many):
        print("%-12s %d x %d / 1 x %d: %.2fx" % (label, args.sources, args.objects // args.sources, args.objects, b / a))


if __name__ == "__main__":
    main()
