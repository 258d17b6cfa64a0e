#!/usr/bin/env python3
"""`brief` from a cold start: a support person on a call types `brief camp123@yesterday` with an
empty store, and closerx-sim answers every request after 50 ms.

The day and its four baseline weeks (for the anomaly count) are five requests; cxq asks them in
one concurrent round, so the ideal is one round trip (50 ms) plus start-up. Prints the median wall
time of the whole command (process start to exit) against the goal of one second, and the same
with the store warm.

Usage: bench/brief_cold.py [--cxq PATH] [--sim PATH] [--runs N]
"""
import os, shutil, statistics, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load_vs_curl import KEY, arguments, start_sim, timed  # noqa: E402


def main():
    a = arguments(runs=20)
    sim, base = start_sim(a.sim, 50)
    cold, warm, text = [], [], ""
    for _ in range(a.runs):
        home = tempfile.mkdtemp(prefix="cxq-brief-")
        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=home + "/cache", CLOSERX_API_KEY=KEY,
                   CLOSERX_COMPANY="acme", CLOSERX_BASE_URL=base)
        cmd = [a.cxq, "--no-rc", "--verbose", "-c", "brief camp123@yesterday"]
        t, p = timed(cmd, env)
        if p.returncode != 0:
            sys.exit("brief failed: " + p.stderr.decode()[-500:])
        assert p.stderr.decode().count(" GET ") == 5, p.stderr.decode()
        cold.append(t)
        text = p.stdout.decode().strip()
        t, p = timed(cmd, env)
        assert p.stderr.decode().count(" GET ") == 0, "the warm run is served by the store"
        warm.append(t)
        shutil.rmtree(home, ignore_errors=True)
    sim.stdin.close()
    sim.wait()
    print(text)
    print(f"brief from a cold start, 5 requests at 50 ms latency: median {1000 * statistics.median(cold):.1f} ms, "
          f"max {1000 * max(cold):.1f} ms over {a.runs} runs (goal: under 1000 ms; one round trip is 50 ms)")
    print(f"the same with the store warm: median {1000 * statistics.median(warm):.1f} ms")


if __name__ == "__main__":
    main()
