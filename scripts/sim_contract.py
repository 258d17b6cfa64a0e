#!/usr/bin/env python3
"""closerx-sim against its own contract: Schemathesis (PyPI) generates requests from
docs/openapi.yaml — valid ones, and ones that break the schema (non-ASCII campaign ids, other
methods, bad dates, missing headers) — and checks every answer against the documented statuses,
content types and schemas. Bounded examples and a fixed seed, so a CI run is short and repeatable.

Usage: scripts/sim_contract.py [--sim .build/debug/closerx-sim] [--max-examples N]
"""
import argparse, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", default=os.path.join(ROOT, ".build/debug/closerx-sim"))
    ap.add_argument("--max-examples", type=int, default=100)
    ap.add_argument("--seed", default="1")
    a = ap.parse_args()
    sim = subprocess.Popen([a.sim, "--port", "0", "--api-key", "contract-key", "--company", "acme", "--exit-on-stdin-eof"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        port = int(sim.stdout.readline().decode().rsplit(":", 1)[1])
        cmd = ["schemathesis", "run", os.path.join(ROOT, "docs/openapi.yaml"), "--url", f"http://127.0.0.1:{port}",
               "-H", "api_key: contract-key", "-H", "Company-Name: acme",
               "--max-examples", str(a.max_examples), "--seed", a.seed]
        print("$ " + " ".join(cmd), flush=True)
        return subprocess.call(cmd)
    finally:
        sim.stdin.close()
        sim.wait()


if __name__ == "__main__":
    sys.exit(main())
