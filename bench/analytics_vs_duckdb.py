#!/usr/bin/env python3
"""Analytics benchmark: cxq against the DuckDB CLI on the same 100,000 days.

Builds 100,000 days (100 campaigns x 1,000 days of cxq's demo data) as a day file. cxq reads it with
`open`; DuckDB reads it with `read_json` into a table of cells (campaign, date, hour, credits,
results). Then both answer the same six questions, timed by each shell's own timer (`set timing on`
/ `.timer on`) in the same run, three times each (medians), and the answers are compared.

Usage: bench/analytics_vs_duckdb.py [--cxq PATH] [--duckdb PATH] [--runs N]
Installs the DuckDB CLI (PyPI duckdb-cli) when it is missing.
"""
import argparse, csv, io, os, re, shutil, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

QUESTIONS = [
    ("sum credits by hour of all",
     "SELECT hour, sum(credits) FROM cells GROUP BY hour ORDER BY hour"),
    ("sum credits by campaign of all",
     "SELECT campaign, sum(credits) FROM cells GROUP BY campaign ORDER BY campaign"),
    ("sum credits, sum results by weekday, hour of all",
     "SELECT isodow(date) AS weekday, hour, sum(credits), sum(results) FROM cells GROUP BY ALL ORDER BY 1, 2"),
    ("count where credits > 0 and results = 0 of all",
     "SELECT count(*) FROM cells WHERE credits > 0 AND results = 0"),
    ("top 10 days by results of all",
     "SELECT campaign || '@' || strftime(date, '%Y-%m-%d') AS day, sum(results) AS s FROM cells GROUP BY campaign, date ORDER BY s DESC, campaign, date LIMIT 10"),
    ("sum results / sum credits * 100 by month of all",
     "SELECT strftime(date, '%Y-%m') AS month, sum(results) / sum(credits) * 100 FROM cells GROUP BY month ORDER BY month"),
]


def sh(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr[:800]}")
    return p.stdout, p.stderr


def duckdb_path(given):
    if given:
        return given
    found = shutil.which("duckdb")
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "duckdb-cli"], check=True)
        found = shutil.which("duckdb")
    if not found:
        sys.exit("the DuckDB CLI could not be installed (pip install duckdb-cli)")
    return found


def rows(text):
    """CSV text as rows of values, numbers as floats rounded to 6 significant places."""
    out = []
    for r in csv.reader(io.StringIO(text)):
        vals = []
        for v in r:
            try:
                f = float(v)
                vals.append(float(f"{f:.6g}"))
            except ValueError:
                vals.append(v)
        out.append(vals)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxq", default=os.path.join(ROOT, ".build-release/release/cxq"))
    ap.add_argument("--duckdb")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/out"))
    a = ap.parse_args()
    duck = duckdb_path(a.duckdb)
    os.makedirs(a.out, exist_ok=True)
    if not os.path.exists(a.cxq):
        sys.exit(f"no cxq at {a.cxq} (make release builds one)")
    days = os.path.join(a.out, "days100k.jsonl")
    env = dict(os.environ, CXQ_DEMO="1")
    env.pop("CLOSERX_API_KEY", None)
    if not os.path.exists(days) or os.path.getsize(days) < 1_000_000:
        loads = []
        for i in range(100):
            loads += [f"load k{i:03d} 2022-01-01..2022-12-31", f"load k{i:03d} 2023-01-01..2023-12-31",
                      f"load k{i:03d} 2024-01-01..2024-09-26"]
        script = "\n".join(loads + [f"save {days}"]) + "\n"
        p = subprocess.run([a.cxq, "--no-rc", "--format", "csv"], input=script, text=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            sys.exit(f"building the day file failed: {p.stderr[:500]}")
    size_mb = os.path.getsize(days) / 1e6

    # cxq: open, then every question `runs` times, timed by `set timing on` (on standard error).
    script = [f"open {days}", "set format csv", "set timing on"]
    for _ in range(a.runs):
        script += [q for q, _ in QUESTIONS]
    _, err = sh([a.cxq, "--no-rc"], "\n".join(["set timing on"] + script) + "\n")
    times = [float(x) for x in re.findall(r"time: ([0-9.]+) ms", err)]
    # Timed: open, set format, set timing (on already), then the questions in order, `runs` times.
    cxq_open = times[0]
    q_times = times[3:]
    cxq_q = [statistics.median(q_times[i::len(QUESTIONS)]) for i in range(len(QUESTIONS))]

    # DuckDB: read_json into a table of cells, then the same questions.
    sql = [".timer on",
           f"CREATE TABLE cells AS SELECT campaign, CAST(date AS DATE) AS date, unnest(hours) AS hour, "
           f"unnest(credit_deductions) AS credits, unnest(campaign_results) AS results "
           f"FROM read_json('{days}', format = 'newline_delimited');"]
    for _ in range(a.runs):
        sql += [s + ";" for _, s in QUESTIONS]
    dout, _ = sh([duck, "-csv", ":memory:"], "\n".join(sql) + "\n")
    dtimes = [float(x) for x in re.findall(r"Run Time \(s\): real ([0-9.]+)", dout)]
    duck_open = dtimes[0] * 1000
    duck_q = [statistics.median([t * 1000 for t in dtimes[1 + i::len(QUESTIONS)]]) for i in range(len(QUESTIONS))]

    # Answers: each question once more in both, compared cell by cell (weekdays as numbers in DuckDB).
    cx_out, _ = sh([a.cxq, "--no-rc", "--format", "csv"], f"open {days}\nset precision 10\n" + "\n".join(q for q, _ in QUESTIONS) + "\n")
    dk_out, _ = sh([duck, "-csv", ":memory:"], "\n".join(sql[1:2] + [s + ";" for _, s in QUESTIONS]) + "\n")
    agree = compare(cx_out, dk_out)

    print(f"day file: 100,000 days, {size_mb:.1f} MB; {a.runs} runs, medians; answers agree: {agree}")
    print(f"{'question':52} {'cxq ms':>9} {'DuckDB ms':>10} {'DuckDB/cxq':>11}")
    print(f"{'open / read_json into cells':52} {cxq_open:9.1f} {duck_open:10.1f} {duck_open / cxq_open:10.2f}x")
    for (q, _), c, d in zip(QUESTIONS, cxq_q, duck_q):
        print(f"{q:52} {c:9.2f} {d:10.2f} {d / c:10.2f}x")
    if not agree:
        sys.exit(1)


def compare(cx_out, dk_out):
    weekdays = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
    def norm(rs):
        return [[weekdays.get(v, v) if isinstance(v, str) else v for v in r] for r in rs]
    cx = [r for r in norm(rows(cx_out)) if r]
    dk = [r for r in norm(rows(dk_out)) if r]
    # Drop header rows (any row with a non-numeric first cell that names a column).
    headers = {"hour", "campaign", "weekday", "count", "day", "month", "sum(credits)"}
    cx = [r for r in cx if not (isinstance(r[0], str) and r[0] in headers) and not (len(r) == 1 and r[0] == "count")]
    dk = [r for r in dk if not any(isinstance(v, str) and ("(" in v or v in headers or v == "count_star()" or v == "s") for v in r)]
    if cx != dk:
        for i, (x, y) in enumerate(zip(cx, dk)):
            if x != y:
                print(f"first difference at row {i}: cxq {x} vs DuckDB {y}", file=sys.stderr)
                break
        print(f"rows: cxq {len(cx)}, DuckDB {len(dk)}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    main()
