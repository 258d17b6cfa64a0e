#!/usr/bin/env python3
"""The cxq Jupyter kernel and the co-process protocol, with real clients.

- A co-process driver writes one command to `cxq --coprocess`, reads its answer, and only then
  writes the next: every answer must arrive while cxq still waits for input (no buffering to the end).
- jupyter_client's KernelManager starts the kernel (installed by kernel/install.py into a scratch
  JUPYTER_PATH) and runs cells: on demo data (tables as HTML and text, a chart as SVG and text, an
  error with its caret, completion), and against closerx-sim on 127.0.0.1 (a load, an interrupted
  slow load that leaves the workspace as it was).
- `jupyter nbconvert --execute` runs examples/tour.ipynb top to bottom.

Run by the Swift test KernelTests, or by hand:
    python3 Tests/kernel/kernel_test.py --cxq .build/debug/cxq --sim .build/debug/closerx-sim
Prints `N passed, N failed`.
"""
import json, os, select, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import suite  # noqa: E402  (Tests/suite.py: the runner both Python suites use)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARGS = None


def base_env(home):
    return {"HOME": home, "PATH": os.path.dirname(ARGS.cxq) + ":/usr/bin:/bin:" + os.path.dirname(sys.executable),
            "LANG": "C.UTF-8", "TZ": "UTC", "XDG_CONFIG_HOME": home + "/config", "XDG_CACHE_HOME": home + "/cache",
            "XDG_STATE_HOME": home + "/state", "JUPYTER_PATH": home + "/jupyter", "JUPYTER_RUNTIME_DIR": home + "/runtime",
            "JUPYTER_DATA_DIR": home + "/jupyter-data", "JUPYTER_CONFIG_DIR": home + "/jupyter-config",
            "PYTHONPATH": os.environ.get("PYTHONPATH", "")}


class Sim:
    def __init__(self, *flags):
        self.proc = subprocess.Popen([ARGS.sim, "--port", "0", "--api-key", "nb-key", "--company", "acme",
                                      "--exit-on-stdin-eof", *flags], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        port = int(self.proc.stdout.readline().decode().rsplit(":", 1)[1])
        self.env = {"CLOSERX_API_KEY": "nb-key", "CLOSERX_COMPANY": "acme", "CLOSERX_BASE_URL": f"http://127.0.0.1:{port}"}

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def read_line(stream, timeout):
    """One line of a pipe, or None when none came within `timeout` seconds."""
    fd = stream.fileno()
    data = b""
    deadline = time.time() + timeout
    while not data.endswith(b"\n"):
        left = deadline - time.time()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1)
        if not chunk:
            return None
        data += chunk
    return data.decode()


def test_a_coprocess_gets_each_answer_before_it_sends_the_next(home):
    """A driver that writes one command and reads one answer, repeatedly; cxq's stdin stays open
    all along, so an answer held back until the end would never come."""
    env = base_env(home)
    for args, ready in [(["--coprocess", "--demo"], True), (["--demo", "--format", "json", "--no-rc", "--keep-going"], False)]:
        p = subprocess.Popen([ARGS.cxq] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        for command, kind in [("load c1 2025-08-23", "message"), ("sum credits hours 9..17", "scalar"), ("sum credit", "error"),
                              ("sum results by hour hours 9..10", "table"), ("days", "table")]:
            p.stdin.write((command + "\n").encode())
            p.stdin.flush()
            line = read_line(p.stdout, 5)
            assert line is not None, f"no answer to {command!r} while cxq waits for more input ({args})"
            obj = json.loads(line)
            assert obj["kind"] == kind and obj["command"] == command, obj
            if ready:
                marker = json.loads(read_line(p.stdout, 5))
                assert marker["kind"] == "ready" and marker["ok"] == (kind != "error"), marker
        p.stdin.close()
        assert p.wait(5) == 1, "the status is the first failure's"
    # A plain pipe without --coprocess, in table format: each answer at once as well.
    p = subprocess.Popen([ARGS.cxq, "--demo", "--no-rc"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    p.stdin.write(b"load c1 2025-08-23\nsum credits\n")
    p.stdin.flush()
    assert (read_line(p.stdout, 5) or "").startswith("loaded 1 day")
    assert (read_line(p.stdout, 5) or "").startswith("sum(credits) of c1@2025-08-23")
    p.stdin.close()
    assert p.wait(5) == 0


def install_kernel(home):
    subprocess.run([sys.executable, os.path.join(ROOT, "kernel/install.py"), "--cxq", ARGS.cxq, "--dir", home + "/jupyter"],
                   check=True, capture_output=True)


def start(home, extra=None):
    from jupyter_client.manager import start_new_kernel
    install_kernel(home)
    env = base_env(home)
    env.update(extra or {})
    os.environ["JUPYTER_PATH"] = env["JUPYTER_PATH"]
    os.environ["JUPYTER_RUNTIME_DIR"] = env["JUPYTER_RUNTIME_DIR"]
    return start_new_kernel(kernel_name="cxq", env=env, startup_timeout=60)


def run(kc, code, interrupt=None, timeout=60):
    """Runs a cell; returns the reply's content and the outputs (iopub messages) it made."""
    msg_id = kc.execute(code)
    if interrupt:
        time.sleep(interrupt[0])
        interrupt[1]()
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t = msg["msg_type"]
        if t == "status" and msg["content"]["execution_state"] == "idle":
            break
        if t in ("stream", "display_data", "error", "execute_result"):
            outputs.append(msg)
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"], outputs


def texts(outputs, name):
    return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == name)


def displays(outputs):
    return [m["content"]["data"] for m in outputs if m["msg_type"] == "display_data"]


def test_cells_on_demo_data(home):
    km, kc = start(home)
    try:
        info = kc.kernel_info(reply=True)["content"]
        assert "DEMO DATA" in info["banner"], info["banner"]
        reply, out = run(kc, "load camp123 2025-08-01..2025-08-28 as aug\nsum credits by week of $aug")
        assert reply["status"] == "ok", reply
        assert "DEMO DATA" in texts(out, "stderr"), "the first output says the numbers are made up"
        assert "loaded 28 days of camp123" in texts(out, "stdout")
        table = displays(out)[0]
        assert "<table" in table["text/html"] and "2025-W32" in table["text/html"], table
        assert "sum(credits)" in table["text/plain"] and "2025-W32" in table["text/plain"]
        reply, out = run(kc, "chart sum results by weekday, hour of $aug")
        chart = displays(out)[0]
        assert "<svg" in chart["image/svg+xml"] and "weekday" in chart["text/plain"], chart.keys()
        reply, out = run(kc, "sum credits of $aug\nsum credit\ndays")
        assert reply["status"] == "error" and reply["ename"] == "syntax", reply
        assert reply["traceback"][0].startswith("cell line 2:5: error: unknown metric 'credit'"), reply["traceback"]
        assert reply["traceback"][2] == "      ^", reply["traceback"]
        assert len(displays(out)) == 1, "the line before the error ran, the one after did not"
        errors = [m for m in out if m["msg_type"] == "error"]
        assert errors and errors[0]["content"]["ename"] == "syntax"
        # `set format` changes files written with `to`, never what the notebook shows.
        reply, out = run(kc, "set format csv\nsum credits by week of $aug\nbogus")
        assert reply["status"] == "error" and reply["ename"] == "syntax", reply
        assert "<table" in displays(out)[0]["text/html"], "still a table"
        assert "bogus" not in texts(out, "stderr")
        # `quit` does not end the notebook's session.
        reply, out = run(kc, "quit")
        assert reply["status"] == "ok" and "restart the kernel" in texts(out, "stdout"), (reply, out)
        reply, out = run(kc, "brief camp123@2025-08-23")
        assert "camp123 Sat 2025-08-23: credits" in displays(out)[0]["text/plain"]
        c = kc.complete("sum credits of $a", 17, reply=True)["content"]
        assert c["matches"] == ["$aug"] and c["cursor_start"] == 15, c
        c = kc.complete("load camp123 2025-08-01\nsum cre", 31, reply=True)["content"]
        assert "credits" in c["matches"] and c["cursor_start"] == 28, c
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_an_interrupted_slow_load_keeps_the_workspace(home):
    sim = Sim("--slow-ms", "20000")
    try:
        km, kc = start(home, sim.env)
        try:
            info = kc.kernel_info(reply=True)["content"]
            assert "DEMO" not in info["banner"], "credentials from the environment: real data"
            reply, out = run(kc, "load c1 2025-08-22..2025-08-23")
            assert reply["status"] == "ok" and "2 fetched" in texts(out, "stdout"), (reply, out)
            assert "DEMO" not in texts(out, "stderr")
            started = time.time()
            reply, out = run(kc, "load fault-slow 2025-08-23\ndays", interrupt=(1.0, km.interrupt_kernel))
            took = time.time() - started
            assert reply["status"] == "error" and reply["ename"] == "Interrupted", reply
            assert took < 6, f"the interrupt took {took:.1f} s"
            reply, out = run(kc, "days")
            table = displays(out)[0]["text/plain"]
            assert table.count("c1 ") == 2 and "fault-slow" not in table, table
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    finally:
        sim.close()


def test_the_tour_notebook_runs_top_to_bottom(home):
    install_kernel(home)
    env = base_env(home)
    out = home + "/tour-run.ipynb"
    r = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                        os.path.join(ROOT, "examples/tour.ipynb"), "--output", out], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    nb = json.load(open(out))
    outputs = [o for cell in nb["cells"] if cell["cell_type"] == "code" for o in cell.get("outputs", [])]
    kinds = [k for o in outputs for k in o.get("data", {})]
    assert "text/html" in kinds and "image/svg+xml" in kinds, kinds
    assert not [o for o in outputs if o.get("output_type") == "error"], "no cell failed"


def main():
    global ARGS
    ARGS = suite.arguments()
    suite.run("kernel", [test_a_coprocess_gets_each_answer_before_it_sends_the_next, test_cells_on_demo_data,
             test_an_interrupted_slow_load_keeps_the_workspace, test_the_tour_notebook_runs_top_to_bottom])


if __name__ == "__main__":
    main()
