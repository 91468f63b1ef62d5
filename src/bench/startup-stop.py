#!/usr/bin/env python3
"""Start-up and stop of `bin/gateway-sync --once` (issue 30), measured as a user runs it.

A loopback source (stdlib http.server) serves one small Link-header page and notes when each request
arrives and when its answer has been written. The script runs `bin/gateway-sync --once` exactly as the
README does (JAVA_OPTS=-Xmx<heap>, the default H2 file under ./data of a working directory of its own,
demo.enabled=false) N times on an existing, migrated database and reports per run and as medians:

  start-up  - process start (just before the fork) -> the first request the source receives
  stop      - the source's last answer written -> process exit (the page's decision and commit, the
              sweeps, the summary line, Camel's and the database's stop, the JVM's exit)
  whole     - process start -> exit
  CPU       - user + system seconds of the process (os.wait4), less sensitive to other load than wall time
  main-CPU  - CPU seconds of the JVM's main thread when the first request arrives (/proc, 10 ms ticks): what
              the start-up's critical path costs, whatever else runs on the machine (an idle machine's
              start-up is this plus the JVM's own boot and waits); CPU@1st: all threads by then
  log       - from the engine's log (its HH:mm:ss.SSS lines): process start -> first log line (JVM + Log4j),
              -> 'sources:' (Camel configured, routes read, database open) ; the summary line -> exit

The first run (an initial load of the page on a new database: Flyway creates the schema) is not counted.
Run it from the project's root after `mvn -B package -DskipTests`:

  python3 src/bench/startup-stop.py [--runs 15] [--objects 25] [--heap 256m] [--compare OTHER_ROOT]
                                    [-Dkey=value | -XX:... ...]

--compare runs another built copy of the project (e.g. the previous commit, built in /tmp) alternately
with this one, so that both meet the same load; compare CPU seconds first on a shared machine.

Extra arguments go to JAVA_OPTS (e.g. -Xlog:class+load:file=/tmp/cl.txt,
-XX:StartFlightRecording=filename=/tmp/s.jfr,settings=profile). Exit 0 always: it measures, it judges nothing.
"""
import argparse
import datetime
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PAGE = 1000


class Source:
    """One pre-rendered page; every request's arrival and answer on the script's monotonic clock."""

    def __init__(self, objects):
        body = json.dumps([{"id": "o%05d" % i, "name": "object %d" % i, "status": "open", "amount": i,
                            "updatedAt": "2026-01-01T00:00:00Z"} for i in range(objects)]).encode()
        self.arrivals, self.answers = [], []
        self.pid, self.threads_at_first = None, None
        me = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                me.arrivals.append(time.monotonic())
                if len(me.arrivals) == 1 and me.pid:
                    me.threads_at_first = thread_cpu(me.pid)
                data = body if self.path.split("?", 1)[0] == "/objects" else b'{"error":"not found"}'
                self.send_response(200 if data is body else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()
                me.answers.append(time.monotonic())

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.srv.server_port
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def reset(self):
        self.arrivals, self.answers = [], []
        self.pid, self.threads_at_first = None, None


TICK = os.sysconf("SC_CLK_TCK")


def thread_cpu(pid):
    """CPU seconds per thread of the process so far (/proc; 10 ms resolution): name -> seconds."""
    cpu = {}
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            cpu[name] = cpu.get(name, 0) + (int(fields[11]) + int(fields[12])) / TICK
    except OSError:
        pass
    return cpu


def log_offsets(log, wall_start):
    """Seconds from the process start to the first log line and to 'sources:'; None where missing."""
    day = datetime.datetime.fromtimestamp(wall_start).date()
    stamps = []
    for line in log.splitlines():
        m = re.match(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) ", line)
        if m:
            h, mi, s, ms = map(int, m.groups())
            t = datetime.datetime.combine(day, datetime.time(h, mi, s, ms * 1000)).timestamp()
            stamps.append((t - wall_start, line))
    first = stamps[0][0] if stamps else None
    sources = next((t for t, line in stamps if " - sources: " in line), None)
    summary = next((t for t, line in stamps if "source=objects status=" in line), None)
    return first, sources, summary


def run_once(launcher, wd, env, src):
    src.reset()
    wall0, t0 = time.time(), time.monotonic()
    p = subprocess.Popen([launcher, "--once"], cwd=wd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    src.pid = p.pid
    out = []
    readers = [threading.Thread(target=lambda s=s: out.append(s.read())) for s in (p.stdout, p.stderr)]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(p.pid, 0)
    t_exit = time.monotonic()
    p.returncode = os.waitstatus_to_exitcode(status)
    for r in readers:
        r.join()
    text = "".join(out)
    first_log, sources, summary = log_offsets(text, wall0)
    return {
        "rc": p.returncode,
        "startup": src.arrivals[0] - t0 if src.arrivals else None,
        "stop": t_exit - src.answers[-1] if src.answers else None,
        "whole": t_exit - t0,
        "cpu": usage.ru_utime + usage.ru_stime,
        # The main thread's CPU until the first request: the start-up's critical path on an idle machine
        # (the launcher's primordial thread is also named 'java' but only waits).
        "main_cpu": (src.threads_at_first or {}).get("java"),
        "cpu_first": sum((src.threads_at_first or {}).values()) if src.threads_at_first else None,
        "first_log": first_log,
        "sources": sources,
        "summary_to_exit": (t_exit - t0) - summary if summary is not None else None,
        "log": text,
        "line": next((l for l in text.splitlines() if l.startswith("source=objects")), text[-300:]),
    }


def fmt(v):
    return "   -  " if v is None else "%6.3f" % v


def workdir(root, port):
    wd = tempfile.mkdtemp(prefix="startup-stop-")
    os.makedirs(os.path.join(wd, "routes"))
    with open(os.path.join(wd, "routes", "objects.yaml"), "w") as f:
        f.write("- templatedRoute:\n    routeTemplateRef: gateway-sync\n    parameters:\n")
        for k, v in (("source", "objects"), ("url", "http://127.0.0.1:%d/objects" % port),
                     ("schedule", "0 0 0 1 1 ? 2099"), ("pagination", "link-header"),
                     ("lastChangedPath", "updatedAt")):
            f.write("      - name: %s\n        value: \"%s\"\n" % (k, v))
    if os.path.exists(os.path.join(root, "application.properties")):
        shutil.copy(os.path.join(root, "application.properties"), wd)
    with open(os.path.join(wd, "application.properties"), "a") as f:
        f.write("\ndemo.enabled=false\n")
    return wd


KEYS = ("startup", "stop", "whole", "cpu", "main_cpu", "cpu_first", "first_log", "sources", "summary_to_exit")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--objects", type=int, default=25)
    ap.add_argument("--heap", default="256m")
    ap.add_argument("--compare", metavar="ROOT", action="append", default=[],
                    help="another built project root (e.g. a copy of the previous commit): its bin/gateway-sync "
                         "runs alternately with this one's, each on a database of its own")
    ap.add_argument("--variant", metavar="JVM_OPTIONS", action="append", default=[],
                    help="this root again with these JVM options added (e.g. \"-XX:+UseSerialGC\"), alternately")
    ap.add_argument("--keep", action="store_true", help="keep the working directories (printed)")
    ap.add_argument("--show-log", action="store_true", help="print the last run's output")
    args, extra = ap.parse_known_args()
    roots = [os.getcwd()] + [os.path.abspath(r) for r in args.compare] + [os.getcwd()] * len(args.variant)
    options = [""] * (1 + len(args.compare)) + args.variant
    for root in roots:
        if not os.path.exists(os.path.join(root, "target", "gateway-sync.jar")):
            sys.exit("startup-stop: no %s/target/gateway-sync.jar; run it from the project's root after "
                     "mvn -B package -DskipTests" % root)
    src = Source(args.objects)
    envs = [dict(os.environ, JAVA_OPTS=" ".join(["-Xmx" + args.heap] + extra + ([o] if o else []))) for o in options]
    dirs = [workdir(root, src.port) for root in roots]
    launchers = [os.path.join(root, "bin", "gateway-sync") for root in roots]
    for root, wd, launcher, env in zip(roots, dirs, launchers, envs):
        first = run_once(launcher, wd, env, src)
        print("%s: first run (new database, not counted): whole %.2f s, exit %d: %s"
              % (root, first["whole"], first["rc"], first["line"]))
    print("run  start-up   stop    whole   CPU-s  main-CPU CPU@1st 1st-log sources: summary->exit  exit  root")
    results = [[] for _ in roots]
    for i in range(args.runs):
        for n, (wd, launcher, env) in enumerate(zip(dirs, launchers, envs)):
            r = run_once(launcher, wd, env, src)
            results[n].append(r)
            print("%3d  %s  %s  %s  %s  %s  %s  %s  %s  %s     %d    %s"
                  % ((i + 1,) + tuple(fmt(r[k]) for k in KEYS) + (r["rc"], chr(ord("A") + n))), flush=True)
    for n, root in enumerate(roots):
        med = {k: statistics.median([r[k] for r in results[n] if r[k] is not None] or [0]) for k in KEYS}
        print("med  %s  %s  %s  %s  %s  %s  %s  %s  %s          %s = %s"
              % (tuple(fmt(med[k]) for k in KEYS) + (chr(ord("A") + n), root + (" " + options[n] if options[n] else ""))))
    print("last line: " + results[0][-1]["line"] if results[0] else "")
    if args.show_log and results[0]:
        print(results[0][-1]["log"])
    try:
        print("load average: %.2f %.2f %.2f" % os.getloadavg())
    except OSError:
        pass
    for wd in dirs:
        if args.keep:
            print("working directory: " + wd)
        else:
            shutil.rmtree(wd, ignore_errors=True)


if __name__ == "__main__":
    main()
