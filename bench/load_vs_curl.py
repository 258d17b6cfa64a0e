#!/usr/bin/env python3
"""Load benchmark: 365 days of one campaign from closerx-sim with 50 ms latency.

Prints the cold load's time against the ideal ceil(365/8) x 50 ms and against
`xargs -P8 curl` on the same URLs (same run, same server), then the warm reload from the
local store (time and number of requests), then the resident memory of a cxq holding
100,000 days.

Usage: bench/load_vs_curl.py [--cxq PATH] [--sim PATH] [--runs N]
"""
import argparse, math, os, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY = "bench-key"


def start_sim(sim, latency):
    p = subprocess.Popen([sim, "--port", "0", "--api-key", KEY, "--company", "acme", "--latency-ms", str(latency),
                          "--exit-on-stdin-eof"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = p.stdout.readline().decode()
    port = int(line.rsplit(":", 1)[1])
    return p, f"http://127.0.0.1:{port}"


def timed(cmd, env=None, stdin=None):
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - t, p


def arguments(runs):
    """--cxq and --sim (the release builds by default, which must exist) and --runs."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxq", default=os.path.join(ROOT, ".build-release/release/cxq"))
    ap.add_argument("--sim", default=os.path.join(ROOT, ".build-release/release/closerx-sim"))
    ap.add_argument("--runs", type=int, default=runs)
    a = ap.parse_args()
    for path in (a.cxq, a.sim):
        if not os.path.exists(path):
            sys.exit(f"missing {path}: build with `make release` first")
    return a


def main():
    a = arguments(runs=3)
    if not shutil.which("curl"):
        sys.exit("curl is needed for the comparison (apt-get install curl)")

    sim, base = start_sim(a.sim, 50)
    days, first = 365, "2023-01-01"
    last = "2023-12-31"
    urls = []
    y, m, d = 2023, 1, 1
    import datetime
    day = datetime.date(2023, 1, 1)
    for i in range(days):
        urls.append(f"{base}/api/v2/graph/daily-campaign-results/c1/?date={day + datetime.timedelta(days=i)}")
    ideal = math.ceil(days / 8) * 0.050
    cold, curl, warm, warm_requests = [], [], [], []
    for run in range(a.runs):
        home = tempfile.mkdtemp(prefix="cxq-bench-")
        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=home + "/cache", CLOSERX_API_KEY=KEY,
                   CLOSERX_COMPANY="acme", CLOSERX_BASE_URL=base)
        cmd = [a.cxq, "--no-rc", "--verbose", "--format", "csv", "-c", f"set concurrency 8; load c1 {first}..{last}"]
        t, p = timed(cmd, env)
        if p.returncode != 0:
            sys.exit("cold load failed: " + p.stderr.decode()[-500:])
        assert p.stderr.decode().count(" GET ") == days, "every day asked for once"
        cold.append(t)
        t, p = timed(["xargs", "-P8", "-n1", "curl", "-s", "-o", "/dev/null", "-H", f"api_key: {KEY}",
                      "-H", "Company-Name: acme"], stdin="\n".join(urls).encode())
        curl.append(t)
        t, p = timed(cmd, env)
        warm.append(t)
        warm_requests.append(p.stderr.decode().count(" GET "))
        shutil.rmtree(home, ignore_errors=True)
    sim.stdin.close()
    sim.wait()
    mc, mx, mw = statistics.median(cold), statistics.median(curl), statistics.median(warm)
    print(f"cold load of {days} days, 50 ms latency, concurrency 8: median {mc:.3f} s over {a.runs} runs")
    print(f"  ideal ceil({days}/8) x 50 ms = {ideal:.3f} s -> {100 * (mc / ideal - 1):+.1f}% (target: within +15%)")
    print(f"  xargs -P8 curl, same URLs: median {mx:.3f} s -> cxq/curl {mc / mx:.2f} (target: at most 1.00)")
    print(f"warm reload from the store: median {1000 * mw:.1f} ms, requests {max(warm_requests)} (target: < 100 ms, 0 requests)")

    # Resident memory with 100,000 days in the workspace (demo days: the source does not matter).
    loads = []
    for c in range(274):
        loads.append(f"load m{c} 2024-01-01..2024-12-31")
    script = "\n".join(loads) + "\nsum credits of all\n"
    env = dict(os.environ, HOME=tempfile.mkdtemp(prefix="cxq-mem-"), CXQ_DEMO="1")
    env.pop("CLOSERX_API_KEY", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t, p = timed([a.cxq, "--no-rc", "--format", "csv"], env, stdin=script.encode())
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    n = 274 * 366
    print(f"memory: {n:,} days in the workspace, peak resident {rss / 1024:.1f} MiB in {t:.2f} s (target: <= 150 MiB)")


if __name__ == "__main__":
    main()
