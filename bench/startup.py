#!/usr/bin/env python3
"""Start-up: launch-to-first-prompt in a pseudo-terminal, and `cxq -c help`, each against the
sqlite3 shell measured the same way in the same run (medians of many alternating runs).

Usage: bench/startup.py [--cxq PATH] [--runs N]
"""
import argparse, os, statistics, subprocess, tempfile, time

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def to_prompt(cmd, args, prompt, env):
    t = time.perf_counter()
    c = pexpect.spawn(cmd, args, env=env, timeout=10)
    c.expect_exact(prompt)
    elapsed = time.perf_counter() - t
    c.sendeof()
    c.expect(pexpect.EOF)
    c.close()
    return elapsed


def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxq", default=os.path.join(ROOT, ".build-release/release/cxq"))
    ap.add_argument("--runs", type=int, default=200)
    a = ap.parse_args()
    home = tempfile.mkdtemp(prefix="cxq-startup-")
    env = {"HOME": home, "PATH": "/usr/bin:/bin", "TERM": "xterm", "XDG_STATE_HOME": home + "/state"}
    pc, ps, hc, hs = [], [], [], []
    for _ in range(a.runs):
        pc.append(to_prompt(a.cxq, ["--no-rc"], b"cxq> ", env))
        ps.append(to_prompt("sqlite3", [":memory:"], b"sqlite> ", env))
        hc.append(run([a.cxq, "--no-rc", "-c", "help"]))
        hs.append(run(["sqlite3", ":memory:", "select 1"]))
    m = lambda xs: statistics.median(xs) * 1000
    print(f"first prompt (pty): cxq {m(pc):.2f} ms, sqlite3 {m(ps):.2f} ms, ratio {m(pc) / m(ps):.2f} (target: at most 2)")
    print(f"cxq -c help: {m(hc):.2f} ms, sqlite3 :memory: 'select 1': {m(hs):.2f} ms, ratio {m(hc) / m(hs):.2f} (target: at most 1.5)")


if __name__ == "__main__":
    main()
