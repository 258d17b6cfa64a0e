#!/usr/bin/env python3
"""Memory benchmark: peak resident memory of `open` of a 100,000-day file (45 MB; 100 campaigns
x 1,000 days of cxq's demo data, the analytics benchmark's file), against the target of 100 MB.
For scale: the raw hour values alone are 100,000 x 96 x 8 bytes = 76.8 MB; `cxq -c help` is
measured too, as the floor of any cxq process.

Usage: bench/memory.py [--cxq PATH] [--runs N]
"""
import argparse, os, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def peak_kib(cmd, env):
    """Peak RSS of one child, from GNU time (each run its own, unlike RUSAGE_CHILDREN)."""
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"{cmd} failed: {p.stderr[-500:]}")
    return int(p.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxq", default=os.path.join(ROOT, ".build-release/release/cxq"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/out"))
    a = ap.parse_args()
    days = os.path.join(a.out, "days100k.jsonl")
    env = dict(os.environ, CXQ_DEMO="1", HOME=a.out)
    env.pop("CLOSERX_API_KEY", None)
    if not os.path.exists(days):
        # The analytics benchmark builds (and caches) the same file.
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/analytics_vs_duckdb.py"), "--cxq", a.cxq, "--runs", "1"],
                       check=True, stdout=subprocess.DEVNULL)
    n = sum(1 for _ in open(days))
    floor = statistics.median(peak_kib([a.cxq, "--no-rc", "-c", "help"], env) for _ in range(a.runs))
    peaks = [peak_kib([a.cxq, "--no-rc", "-c", f"open {days}"], env) for _ in range(a.runs)]
    mb = statistics.median(peaks) * 1024 / 1e6
    print(f"memory: open of {n:,} days ({os.path.getsize(days) / 1e6:.1f} MB file): peak resident "
          f"{mb:.1f} MB (median of {a.runs}; target <= 100 MB) {'OK' if mb <= 100 else 'OVER'}; "
          f"cxq -c help: {floor * 1024 / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
