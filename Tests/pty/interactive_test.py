#!/usr/bin/env python3
"""Interactive cxq in a real pseudo-terminal (pexpect): keys in, screen out.

Run by the Swift test PseudoTerminalTests (so `swift test` runs it), or by hand:
    python3 Tests/pty/interactive_test.py --cxq .build/debug/cxq --sim .build/debug/closerx-sim
Prints `N passed, N failed` and exits non-zero when anything failed.
"""
import os, re, signal, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import suite  # noqa: E402  (Tests/suite.py: the runner both Python suites use)

import pexpect

PROMPT = re.compile(r"cxq[^\r\n>]*> ")
ARGS = None


def spawn(home, env_extra=None, dimensions=(40, 160)):
    env = {"HOME": home, "PATH": "/usr/bin:/bin", "TERM": "xterm", "LANG": "C.UTF-8",
           "XDG_STATE_HOME": home + "/state", "XDG_CACHE_HOME": home + "/cache", "XDG_CONFIG_HOME": home + "/config"}
    env.update(env_extra or {})
    return pexpect.spawn(ARGS.cxq, args=["--no-rc"], env=env, encoding="utf-8", timeout=10, dimensions=dimensions)


def leave(c):
    """Ctrl-D on an empty line: the shell ends with status 0."""
    c.send("\x04")
    c.expect(pexpect.EOF)
    c.close()
    assert c.exitstatus == 0, c.exitstatus
    assert not c.signalstatus


class Sim:
    """closerx-sim on 127.0.0.1 for one test; `env` points cxq at it."""

    def __init__(self, *flags):
        self.proc = subprocess.Popen([ARGS.sim, "--port", "0", "--api-key", "pty-key", "--company", "acme",
                                      "--exit-on-stdin-eof", *flags],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        port = int(self.proc.stdout.readline().decode().rsplit(":", 1)[1])
        self.env = {"CLOSERX_API_KEY": "pty-key", "CLOSERX_COMPANY": "acme", "CLOSERX_BASE_URL": f"http://127.0.0.1:{port}"}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.stdin.close()
        self.proc.wait()


def test_complete_command_metric_and_campaign(home):
    c = spawn(home)
    c.expect(PROMPT)
    # The screen is redrawn in pieces, so each completion is proved by what the line then does.
    c.send("lo\t")
    time.sleep(0.2)
    c.send("camp-alpha 2025-08-23\r")
    c.expect_exact("loaded 1 day")
    c.expect(PROMPT)
    c.send("sum credits_pr\t")
    time.sleep(0.2)
    c.send("of camp-al\t")
    time.sleep(0.2)
    c.send("\r")
    c.expect(r"sum\(credits_prev\) of camp-alpha@2025-08-23, all hours: \d+")
    c.expect(PROMPT)
    c.send("sum \t")  # several metrics: listed
    c.expect_exact("credits_change")
    c.send("\x15\x04")  # clear the line, then leave
    c.expect(pexpect.EOF)
    c.close()
    assert c.exitstatus == 0, c.exitstatus


def test_up_arrow_recalls_the_previous_run(home):
    c = spawn(home)
    c.expect(PROMPT)
    c.send("help sum\r")
    c.expect_exact("total over the selected cells")
    c.expect(PROMPT)
    leave(c)
    hist = os.path.join(home, "state/cxq/history")
    assert oct(os.stat(hist).st_mode & 0o777) == "0o600", oct(os.stat(hist).st_mode)
    c = spawn(home)
    c.expect(PROMPT)
    c.send("\x1b[A")
    c.expect_exact("help sum")
    c.send("\r")
    c.expect_exact("total over the selected cells")
    c.expect(PROMPT)
    c.send("history\r")
    c.expect_exact("help sum")
    c.expect(PROMPT)
    c.send("\x12hel")  # Ctrl-R: search the history backwards
    time.sleep(0.3)
    c.send("\r")
    c.expect_exact("total over the selected cells")
    c.expect(PROMPT)
    leave(c)


def test_ctrl_c_clears_the_line_and_ctrl_d_leaves(home):
    c = spawn(home)
    c.expect(PROMPT)
    c.send("load c1 2025-08-23\r")
    c.expect(PROMPT)
    c.send("sum credits hours 9")
    time.sleep(0.2)
    c.send("\x03")
    c.expect(PROMPT)
    c.send("days\r")
    c.expect_exact("campaign")
    c.expect(PROMPT)
    leave(c)


def test_ctrl_c_cancels_a_slow_load_and_keeps_the_workspace(home):
    with Sim("--slow-ms", "20000") as sim:
        c = spawn(home, sim.env)
        c.expect(PROMPT)
        c.send("load c1 2025-08-23\r")
        c.expect_exact("loaded 1 day")
        c.expect(PROMPT)
        c.send("load fault-slow 2025-08-01..2025-08-12\r")
        time.sleep(1.0)
        sent = time.monotonic()
        c.send("\x03")
        c.expect_exact("cancelled")
        c.expect(PROMPT)
        elapsed = time.monotonic() - sent
        assert elapsed < 1.5, f"cancelled in {elapsed:.2f} s"
        c.send("days\r")
        c.expect(r"c1\s+2025-08-23")
        c.expect(PROMPT)
        c.send("sum credits # pty-key pasted by mistake\r")
        c.expect(PROMPT)
        leave(c)
        history = open(os.path.join(home, "state/cxq/history")).read()
        assert "load\\040c1" in history, history
        assert "pty-key" not in history, "a line holding the key reached the history"


def test_progress_and_colour_only_at_the_terminal(home):
    with Sim("--latency-ms", "250") as sim:
        env = dict(sim.env)
        c = spawn(home, env)
        c.expect(PROMPT)
        c.send("load c2 2025-07-01..2025-07-31\r")
        c.expect(r"loading \d+/31(, [\d.]+ days/s)? · waiting for c2@2025-07-\d\d … \d s")
        c.expect_exact("loaded 31 days")
        c.expect(PROMPT)
        # One slow day shows what is waited for from its first request; Ctrl-C cancels it at once.
        c.send("load fault-slow 2025-08-23\r")
        c.expect(r"loading 0/1 · waiting for fault-slow@2025-08-23 … \d s")
        sent = time.time()
        c.send("\x03")
        c.expect_exact("cancelled")
        took = time.time() - sent
        print(f"     Ctrl-C cancelled a waiting load in {took * 1000:.0f} ms")
        assert took < 0.5, took
        c.expect(PROMPT)
        c.send("compare #1 #2 credits\r")
        c.expect_exact("\x1b[3")  # a rise or a fall in colour
        c.expect(PROMPT)
        c.send("sum nothing\r")
        c.expect_exact("\x1b[1;31merror:\x1b[0m")
        c.expect(PROMPT)
        leave(c)
        env["NO_COLOR"] = "1"
        c = spawn(home, env)
        c.expect(PROMPT)
        c.send("load c2 2025-07-01..2025-07-02\r")
        c.expect(PROMPT)
        c.send("compare #1 #2 credits\r")
        c.expect(PROMPT)
        assert "\x1b[3" not in c.before, "no colour with NO_COLOR"
        leave(c)


def stty_lines(text):
    return [l.strip() for l in text.splitlines() if re.fullmatch(r"[0-9a-f:]{20,}", l.strip())]


def test_terminal_restored(home):
    """stty -g before and after, in the same pty, must agree (Ctrl-D and SIGTERM)."""
    import io
    for how in ("eof", "sigterm"):
        log = io.StringIO()
        c = pexpect.spawn("/bin/sh", ["-c", f"stty -g; {ARGS.cxq} --no-rc; echo status=$?; stty -g"],
                          env={"HOME": home, "PATH": "/usr/bin:/bin", "TERM": "xterm", "XDG_STATE_HOME": home + "/state"},
                          encoding="utf-8", timeout=10)
        c.logfile_read = log
        c.expect(PROMPT)
        if how == "eof":
            c.send("\x04")
        else:
            pids = subprocess.run(["pgrep", "-P", str(c.pid)], capture_output=True, text=True).stdout.split()
            assert pids, "no cxq process under the shell"
            os.kill(int(pids[0]), signal.SIGTERM)
        c.expect(r"status=(\d+)")
        status = int(c.match.group(1))
        c.expect(pexpect.EOF)
        modes = stty_lines(log.getvalue())
        assert len(modes) == 2, (how, log.getvalue())
        assert modes[0] == modes[1], (how, modes)
        assert status == (0 if how == "eof" else 143), (how, status)


def test_a_readline_history_file_is_kept(home):
    """A history file in readline's plain format (no libedit header) is listed, recalled, and
    converted when the first new line is added: none of its entries is lost."""
    hist = os.path.join(home, "state/cxq/history")
    os.makedirs(os.path.dirname(hist))
    with open(hist, "w") as f:
        f.write("help load\nhelp sum\n")
    c = spawn(home)
    c.expect(PROMPT)
    c.send("history\r")
    c.expect_exact("help load")
    c.expect_exact("help sum")
    c.expect(PROMPT)
    time.sleep(0.3)
    c.send("\x1b[A")  # the up arrow recalls the file's entries too (after 'history')
    time.sleep(0.2)
    c.send("\x1b[A")
    time.sleep(0.2)  # the screen is redrawn in pieces: the recalled line is proved by running it
    c.send("\r")
    c.expect_exact("total over the selected cells")
    c.expect(PROMPT)
    leave(c)
    text = open(hist).read()
    assert text.startswith("_HiStOrY_V2_"), text
    for entry in ["help\\040load", "help\\040sum", "history"]:
        assert entry in text, (entry, text)


def test_completion_knows_v2_and_leaves_room_for_at(home):
    c = spawn(home)
    c.expect(PROMPT)
    c.send("load camp-alpha 2025-07-01..2025-08-23\r")
    c.expect_exact("loaded 54 days")
    c.expect(PROMPT)
    # No blank after a completed campaign id: `@DATE` follows at once.
    c.send("brief camp-al\t")
    time.sleep(0.2)
    c.send("@2025-08-20\r")
    c.expect(r"camp-alpha Wed 2025-08-20: credits [\d,]+ ")
    c.expect(PROMPT)
    # v2 words: `explain … offset`, `anomalies … sigma`, group keys after `by`.
    c.send("expl\t")
    time.sleep(0.2)
    c.send("camp-alpha@2025-08-20 offs\t")
    time.sleep(0.2)
    c.send("1w res\t")
    time.sleep(0.2)
    c.send("\r")
    c.expect(r"explain[s]? [\d.]+% of the change in results")
    c.expect(PROMPT)
    c.send("anomalies of camp-alpha@2025-08-20 sig\t")
    time.sleep(0.2)
    c.send("9\r")
    c.expect(r"(no anomalies: 48 cells checked|\d+ anomal\w+ in 48 cells checked)")
    c.expect(PROMPT)
    c.send("sum credits by weekd\t")
    time.sleep(0.2)
    c.send("of camp-alpha\r")
    c.expect_exact("weekday  sum(credits)")
    c.expect(PROMPT)
    leave(c)


def test_pager_for_output_taller_than_the_screen(home):
    paged = os.path.join(home, "paged.txt")
    c = spawn(home, {"PAGER": f"cat > {paged}"}, dimensions=(24, 100))
    c.expect(PROMPT)
    c.send("load camp-alpha 2025-08-01..2025-08-31\r")
    c.expect_exact("loaded 31 days")
    c.expect(PROMPT)
    assert not os.path.exists(paged), "a short message is not paged"
    c.send("days\r")  # 31 rows and a header: taller than 24 lines
    c.expect(PROMPT)
    text = open(paged).read()
    assert "camp-alpha  2025-08-01" in text and "camp-alpha  2025-08-31" in text, text
    assert "2025-08-31" not in c.before, "the table went to the pager, not the screen"
    os.remove(paged)
    # `watch` redraws its screen: never paged.
    c.send("watch 1 days\r")
    c.expect_exact("camp-alpha  2025-08-31")
    c.send("\x03")
    c.expect_exact("watch stopped")
    c.expect(PROMPT)
    assert not os.path.exists(paged), "watch went through the pager"
    c.send("set pager off\r")
    c.expect_exact("pager is off")
    c.expect(PROMPT)
    c.send("days\r")
    c.expect_exact("camp-alpha  2025-08-31")
    c.expect(PROMPT)
    assert not os.path.exists(paged)
    leave(c)
    # The default pager, less -FRX: a screenful, then its prompt; q comes back to cxq.
    c = spawn(home, {}, dimensions=(24, 100))
    c.expect(PROMPT)
    c.send("load camp-alpha 2025-08-01..2025-08-31; days\r")
    c.expect(r"\n:\s*$|\(END\)|:\x1b")
    c.send("q")
    c.expect(PROMPT)
    leave(c)
    # A pager that is not installed: the shell says so (sh does) and shows the text itself.
    c = spawn(home, {"PAGER": "no-such-pager-cxq"}, dimensions=(24, 100))
    c.expect(PROMPT)
    c.send("load camp-alpha 2025-08-01..2025-08-31; days\r")
    c.expect_exact("camp-alpha  2025-08-31")
    c.expect(PROMPT)
    leave(c)


def test_help_and_days_fit_a_narrow_terminal(home):
    c = spawn(home, {"PAGER": ""}, dimensions=(200, 60))
    c.expect(PROMPT)
    for command in ["help", "help anomalies"]:
        c.send(command + "\r")
        c.expect(PROMPT)
        lines = [l for l in c.before.replace("\r", "").split("\n")[1:] if l.strip()]
        assert len(lines) > 3, c.before
        long = [l for l in lines if len(l) > 60]
        assert not long, long
    # Words are not broken: every word of the explain summary is whole on some line.
    c.send("help explain\r")
    c.expect(PROMPT)
    assert "which hours made the change, ranked by their share of it" in " ".join(
        l.strip() for l in c.before.replace("\r", "").split("\n")), c.before
    c.send("load camp-alpha 2025-06-22..2025-08-23\r")
    c.expect_exact("loaded 63 days")
    c.expect(PROMPT)
    c.send("days\r")
    c.expect(PROMPT)
    out = c.before.replace("\r", "")
    assert "-[ row" not in out, "compact, not one field per line"
    assert "(from, fetched, name, source left out to fit the terminal" in out, out[:600]
    rows = [l for l in out.split("\n") if "camp-alpha" in l]
    assert len(rows) == 63 and all(len(l) <= 60 for l in rows), rows[:3]
    leave(c)


def test_ctrl_c_never_ends_the_shell(home):
    """Ctrl-C in every state the line editor has: a Ctrl-R search, a completion listing, vi command
    mode, the pager. Each abandons the line; the workspace stays; only Ctrl-D leaves."""
    with open(os.path.join(home, ".editrc"), "w") as f:
        f.write("")
    c = spawn(home, {"PAGER": "less -FRX"}, dimensions=(24, 100))
    c.expect(PROMPT)
    c.send("load c1 2025-08-23 as d\r")
    c.expect_exact("loaded 1 day")
    c.expect(PROMPT)
    # Ctrl-R, a few letters of the search, then Ctrl-C.
    c.send("\x12")
    time.sleep(0.2)
    c.send("loa")
    time.sleep(0.2)
    c.send("\x03")
    c.expect(PROMPT)
    # Ctrl-R, then Ctrl-C with nothing typed.
    c.send("\x12")
    time.sleep(0.2)
    c.send("\x03")
    c.expect(PROMPT)
    # A completion listing on the screen, then Ctrl-C.
    c.send("sum \t")
    c.expect_exact("credits_change")
    c.send("\x03")
    c.expect(PROMPT)
    # The pager (less) showing a tall table, Ctrl-C, then q.
    c.send("show\r")
    time.sleep(0.5)
    c.send("\x03")
    time.sleep(0.2)
    c.send("q")
    c.expect(PROMPT)
    c.send("sum credits of $d\r")
    c.expect(r"sum\(credits\) of c1@2025-08-23, all hours: \d+")
    c.expect(PROMPT)
    assert c.isalive(), "the shell is still there"
    leave(c)
    # vi mode from ~/.editrc: Ctrl-C in insert mode and in command mode.
    with open(os.path.join(home, ".editrc"), "w") as f:
        f.write("bind -v\n")
    c = spawn(home, dimensions=(24, 100))
    c.expect(PROMPT)
    c.send("load c1 2025-08-23\r")
    c.expect_exact("loaded 1 day")
    c.expect(PROMPT)
    c.send("sum cre")
    time.sleep(0.2)
    c.send("\x03")
    c.expect(PROMPT)
    c.send("sum cre\x1b")
    time.sleep(0.2)
    c.send("\x03")
    c.expect(PROMPT)
    c.send("\x1b/")
    time.sleep(0.2)
    c.send("\x03")
    c.expect(PROMPT)
    time.sleep(0.2)
    assert c.isalive(), "the shell is still there in vi mode"
    c.sendline("")
    c.send("i")  # back to insert mode, whatever mode the line editor is in now
    c.send("\x15days\r")
    c.expect_exact("c1")
    c.expect(PROMPT)
    c.sendeof()
    c.expect(pexpect.EOF)
    c.close()
    assert c.exitstatus == 0, c.exitstatus


def test_everything_fits_80_columns(home):
    """At an 80-column terminal (and at 160): the heatmap, a chart over time, compare (by hour and
    by day), brief, explain, help, days, a load with failures and watch print no line wider than the
    terminal, and stay tables."""
    for width in (80, 160):
        fits(home, width)


def fits(home, width):
    with Sim() as sim:
        c = spawn(home, dict(sim.env, PAGER="", NO_COLOR="1"), dimensions=(200, width))
        c.expect(PROMPT)
        c.send("load camp1,camp2 2025-08-01..2025-08-28 as aug\r")
        c.expect_exact("loaded 56 days")
        c.expect(PROMPT)
        c.send("load gappy4 2025-07-01..2025-08-02\r")
        c.expect_exact("31 days: no data at the source")
        c.expect(PROMPT)
        for command in ["chart sum results by weekday, hour of $aug", "chart sum credits by date of $aug", "compare camp1@2025-08-20",
                        "compare camp1 camp2 2025-08-01..2025-08-04 by day", "brief camp1@2025-08-20",
                        "explain camp1@2025-08-20 credits", "help", "help compare", "days"]:
            c.send(command + "\r")
            c.expect(PROMPT)
            # What stays on the screen: each \r-redrawn piece is a line of its own, escapes dropped.
            lines = [re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", l) for l in re.split(r"[\r\n]", c.before)[1:]]
            wide = [l for l in lines if len(l) > width]
            assert not wide, (width, command, wide[:3])
            assert "-[ row" not in c.before, (command, "a table, not one field a line")
        c.send('watch 1 "brief camp1@2025-08-20; compare camp1@2025-08-20"\r')
        c.expect_exact("Ctrl-C stops")
        c.expect_exact("results_pct")
        c.send("\x03")
        c.expect_exact("watch stopped")
        c.expect(PROMPT)
        lines = [re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", l) for l in re.split(r"[\r\n]", c.before)]
        assert not [l for l in lines if len(l) > width], (width, "watch")
        leave(c)


def main():
    global ARGS
    ARGS = suite.arguments()
    suite.run("pty", [test_complete_command_metric_and_campaign, test_up_arrow_recalls_the_previous_run,
             test_ctrl_c_clears_the_line_and_ctrl_d_leaves, test_ctrl_c_cancels_a_slow_load_and_keeps_the_workspace,
             test_progress_and_colour_only_at_the_terminal, test_terminal_restored, test_a_readline_history_file_is_kept,
             test_completion_knows_v2_and_leaves_room_for_at, test_pager_for_output_taller_than_the_screen,
             test_help_and_days_fit_a_narrow_terminal, test_ctrl_c_never_ends_the_shell,
             test_everything_fits_80_columns])


if __name__ == "__main__":
    main()
