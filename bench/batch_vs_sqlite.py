#!/usr/bin/env python3
"""Batch benchmark: cxq against the sqlite3 shell on the same 100,000 questions.

Builds 1,000 days in 10 campaigns with cxq's demo source, writes them as a day file and as a
SQLite table hourly(campaign, date, hour, credits, results) indexed on (campaign, date), asks
100,000 questions of both (`sum credits hours A..B of cN@DATE` and the same SELECT), runs them
alternately, checks that the answers agree, and prints both rates and their ratio. Then times
start-up: `cxq -c help` against `sqlite3 :memory: 'select 1'`.

Usage: bench/batch_vs_sqlite.py [--cxq PATH] [--runs N] [--questions N]
"""
import argparse, json, os, random, sqlite3, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, stdin_path=None):
    with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as inp:
        t = time.perf_counter()
        # Demo data is asked for explicitly: without credentials a script gets none by default.
        p = subprocess.run(cmd, stdin=inp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=dict(os.environ, CXQ_DEMO="1"))
        elapsed = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr.decode()[:500]}")
    return elapsed, p.stdout.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxq", default=os.path.join(ROOT, ".build-release/release/cxq"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--questions", type=int, default=100_000)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/out"))
    ap.add_argument("--random-hours", action="store_true",
                    help="random hour ranges instead of the issue's 9..17 on every question")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    env_note = "release build expected: make bench builds one"
    if not os.path.exists(a.cxq):
        sys.exit(f"no cxq at {a.cxq} ({env_note})")

    days_path = os.path.join(a.out, "days.jsonl")
    db_path = os.path.join(a.out, "hourly.db")
    cxq_script = os.path.join(a.out, "queries.cxq")
    sql_script = os.path.join(a.out, "queries.sql")

    # 1,000 days: 10 campaigns x 100 days, from cxq's own demo source.
    loads = "; ".join(f"load c{i} 2025-01-01..2025-04-10" for i in range(10))
    run([a.cxq, "--no-rc", "--format", "csv", "-c", f"{loads}; save {days_path}"])
    days = [json.loads(l) for l in open(days_path)]
    assert len(days) == 1000, len(days)

    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE hourly(campaign TEXT, date TEXT, hour INTEGER, credits INTEGER, results INTEGER)")
    db.executemany("INSERT INTO hourly VALUES (?,?,?,?,?)",
                   [(d["campaign"], d["date"], h, d["credit_deductions"][h], d["campaign_results"][h])
                    for d in days for h in range(24)])
    db.execute("CREATE INDEX hourly_day ON hourly(campaign, date)")
    db.commit()
    db.close()

    rng = random.Random(7)
    keys = [(d["campaign"], d["date"]) for d in days]
    qs = []
    for _ in range(a.questions):
        c, d = rng.choice(keys)
        lo, hi = 9, 17
        if a.random_hours:
            lo = rng.randint(0, 23)
            hi = rng.randint(lo, 23)
        qs.append((c, d, lo, hi))
    with open(cxq_script, "w") as f:
        f.write(f"open {days_path}\nset format csv\n")
        for c, d, lo, hi in qs:
            f.write(f"sum credits hours {lo}..{hi} of {c}@{d}\n")
    with open(sql_script, "w") as f:
        for c, d, lo, hi in qs:
            f.write(f"SELECT sum(credits) FROM hourly WHERE campaign='{c}' AND date='{d}' AND hour BETWEEN {lo} AND {hi};\n")

    cxq_times, sql_times = [], []
    for i in range(a.runs):
        t, out_c = run([a.cxq, "--no-rc", "-f", cxq_script])
        cxq_times.append(t)
        t, out_s = run(["sqlite3", db_path], stdin_path=sql_script)
        sql_times.append(t)
        if i == 0:
            answers_c = out_c.splitlines()[-a.questions:]  # after "opened …" (in csv, messages go to stderr)
            answers_s = out_s.splitlines()
            if answers_c != answers_s:
                bad = next(k for k in range(min(len(answers_c), len(answers_s))) if answers_c[k] != answers_s[k]) \
                    if len(answers_c) == len(answers_s) else None
                sys.exit(f"answers differ: {len(answers_c)} vs {len(answers_s)} lines; first difference at {bad}")
            print(f"answers agree: {len(answers_c)} of {len(answers_s)}")
    rate_c = a.questions / statistics.median(cxq_times)
    rate_s = a.questions / statistics.median(sql_times)
    print(f"cxq -f:     median {statistics.median(cxq_times):.3f} s over {a.runs} runs  -> {rate_c:,.0f} questions/s")
    print(f"sqlite3:    median {statistics.median(sql_times):.3f} s over {a.runs} runs  -> {rate_s:,.0f} questions/s")
    print(f"ratio cxq/sqlite3: {rate_c / rate_s:.2f}x (target: at least 3x)")

    # Start-up: many runs each, alternating, medians.
    st_c, st_s = [], []
    for _ in range(200):
        st_c.append(run([a.cxq, "--no-rc", "-c", "help"])[0])
        st_s.append(run(["sqlite3", ":memory:", "select 1"])[0])
    mc, ms = statistics.median(st_c) * 1000, statistics.median(st_s) * 1000
    print(f"start-up: cxq -c help median {mc:.2f} ms; sqlite3 :memory: 'select 1' median {ms:.2f} ms; "
          f"ratio {mc / ms:.2f} (target: at most 2)")


if __name__ == "__main__":
    main()
