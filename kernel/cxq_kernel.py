#!/usr/bin/env python3
"""cxq-kernel: cxq in Jupyter notebooks.

A wrapper kernel (the recipe of jupyter_client's "Making simple Python wrapper kernels"): one
`cxq --coprocess` process per notebook, so the workspace lives across cells. Each line of a cell is
sent in turn and its answers are read as JSON objects until cxq's `{"kind":"ready"}` for that line:
answers are parsed, never scraped from text.

- a table: `text/html` and `text/plain`; a chart: `image/svg+xml` and `text/plain`;
- a message: the output stream; an error: a Jupyter error with the line and a caret, and the
  rest of the cell is not run;
- Ctrl-C (interrupt): cxq cancels the running command and keeps the workspace, as at a terminal;
- TAB (`do_complete`): cxq's own completion, from the workspace and the store.

Credentials come from the environment or cxq's config file (`CLOSERX_API_KEY` and
`CLOSERX_COMPANY`, or a profile: `CXQ_PROFILE` names one), never from a notebook's text. Without
either, the kernel runs on cxq's built-in demo data and says so in every place a number may be read
from: the banner, the first output, and cxq's own notice.
"""
import html
import json
import os
import queue
import shutil
import signal
import subprocess
import threading

from ipykernel.kernelbase import Kernel

__version__ = "1.0.0"


def cxq_binary():
    return os.environ.get("CXQ_BINARY") or shutil.which("cxq") or "cxq"


def runs_on_demo_data(env):
    """True when cxq has no credentials to use: no key in the environment and no config file."""
    if env.get("CXQ_DEMO", "").lower() in ("1", "true", "yes", "on"):
        return True
    if env.get("CLOSERX_API_KEY"):
        return False
    config = os.path.join(env.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config"), "cxq", "config.toml")
    return not os.path.exists(config)


def html_table(obj):
    """A table object as an HTML table (numbers right-aligned, null as an empty cell)."""
    out = ['<table class="cxq">']
    if obj.get("title"):
        out.append("<caption>%s</caption>" % html.escape(obj["title"]))
    out.append("<thead><tr>%s</tr></thead><tbody>" % "".join("<th>%s</th>" % html.escape(str(c)) for c in obj["columns"]))
    for row in obj["rows"]:
        cells = []
        for v in row:
            if v is None:
                cells.append("<td></td>")
            elif isinstance(v, (int, float)):
                cells.append('<td style="text-align:right">%s</td>' % html.escape(json.dumps(v)))
            else:
                cells.append("<td>%s</td>" % html.escape(str(v)))
        out.append("<tr>%s</tr>" % "".join(cells))
    out.append("</tbody></table>")
    return "".join(out)


class CXQKernel(Kernel):
    implementation = "cxq"
    implementation_version = __version__
    language = "cxq"
    language_version = "3"
    language_info = {"name": "cxq", "mimetype": "text/x-cxq", "file_extension": ".cxq"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # A launcher may hand the kernel SIGINT blocked; the notebook's interrupt is SIGINT.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        env = dict(os.environ)
        self.demo = runs_on_demo_data(env)
        args = [cxq_binary(), "--coprocess", "--no-rc"]
        if self.demo:
            args.append("--demo")
        if env.get("CXQ_PROFILE"):
            args += ["--profile", env["CXQ_PROFILE"]]
        # cxq has a process group of its own: the notebook's interrupt reaches it only through
        # this kernel, which so knows, before cxq answers, that the command was interrupted.
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        bufsize=0, env=env, start_new_session=True)
        self.interrupted = False
        self.answers = queue.Queue()
        threading.Thread(target=self._read, args=(self.process.stdout, "out"), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, "err"), daemon=True).start()
        self.said_demo = False
        self.last_ok = True

    @property
    def banner(self):
        source = "built-in DEMO DATA (every number is made up)" if self.demo else "CloserX, with the credentials of the environment or the config file"
        return "cxq %s kernel: answers come from %s" % (__version__, source)

    def _read(self, stream, tag):
        for raw in iter(stream.readline, b""):
            text = raw.decode("utf-8", "replace")
            if tag == "out":
                try:
                    self.answers.put(("out", json.loads(text)))
                except ValueError:
                    self.answers.put(("err", text))
            else:
                self.answers.put(("err", text))
        self.answers.put((tag, None))

    def _send(self, line):
        """Sends a line; False when cxq is no longer there to read it."""
        if self.process.poll() is not None:
            return False
        try:
            self.process.stdin.write(line.encode("utf-8") + b"\n")
            self.process.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def _interrupt(self, *_):
        """The notebook's interrupt (SIGINT): cxq cancels the running command, as Ctrl-C does."""
        self.interrupted = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def _answers(self):
        """The answers of the line just sent, until its `ready` (standard error as it comes)."""
        while True:
            try:
                tag, item = self.answers.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None and self.answers.empty():
                    yield ("gone", self.process.returncode)
                    return
                continue
            except KeyboardInterrupt:
                self._interrupt()
                continue
            if tag == "out" and item is None:
                yield ("gone", self.process.wait())
                return
            if tag == "out" and item.get("kind") == "ready":
                self.last_ok = item.get("ok", True)
                if self.interrupted:
                    yield ("interrupted", None)
                return
            yield (tag, item)

    def _stream(self, name, text):
        if not self.silent and text:
            self.send_response(self.iopub_socket, "stream", {"name": name, "text": text})

    def _display(self, bundle):
        if not self.silent:
            self.send_response(self.iopub_socket, "display_data", {"data": bundle, "metadata": {}})

    def _show(self, obj):
        kind = obj.get("kind")
        if kind == "table":
            if "svg" in obj:
                self._display({"image/svg+xml": obj["svg"], "text/plain": obj.get("text", "")})
            else:
                self._display({"text/html": html_table(obj), "text/plain": obj.get("text", "")})
        elif kind == "scalar":
            text = obj.get("text", "").rstrip("\n")
            self._display({"text/plain": text, "text/html": "<pre>%s</pre>" % html.escape(text)})
        elif kind == "brief":
            self._display({"text/plain": obj["text"], "text/html": "<p>%s</p>" % html.escape(obj["text"])})
        elif kind == "message":
            if obj.get("text"):
                self._stream("stdout", obj["text"] + "\n")
        else:
            self._stream("stdout", json.dumps(obj) + "\n")

    def _error(self, ename, evalue, traceback):
        content = {"ename": ename, "evalue": evalue, "traceback": traceback}
        if not self.silent:
            self.send_response(self.iopub_socket, "error", content)
        return dict(status="error", execution_count=self.execution_count, **content)

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        self.interrupted = False
        previous = signal.signal(signal.SIGINT, self._interrupt)
        try:
            return self._execute(code, silent)
        finally:
            signal.signal(signal.SIGINT, previous)

    def _execute(self, code, silent):
        self.silent = silent
        if self.demo and not self.said_demo:
            self.said_demo = True
            self._stream("stderr", "cxq kernel: no CloserX credentials in the environment or the config file, "
                                   "so this notebook runs on built-in DEMO DATA: every number is made up.\n")
        for number, line in enumerate(code.split("\n"), start=1):
            if not line.strip():
                continue
            if line.split("#")[0].strip().lower().rstrip(";").strip() in ("quit", "exit"):
                # The session is the notebook's: it ends with the kernel (restart it to start afresh).
                self._stream("stdout", "quit: the cxq session lives as long as the kernel; restart the kernel to start afresh\n")
                continue
            if not self._send(line):
                return self._error("CxqExited", "cxq ended (status %s); restart the kernel" % self.process.poll(),
                                   ["cxq ended (status %s); restart the kernel" % self.process.poll()])
            failed = None
            for tag, item in self._answers():
                if tag == "err":
                    self._stream("stderr", item)
                elif tag == "gone":
                    return self._error("CxqExited", "cxq ended (status %s); restart the kernel" % item, [])
                elif tag == "interrupted":
                    return self._error("Interrupted", "the command was cancelled; the workspace is kept",
                                       ["cell line %d: %s" % (number, line), "interrupted: the workspace is kept"])
                elif item.get("kind") == "error":
                    failed = failed or item
                    # A failed load's days that arrived are kept: say so as cxq does.
                else:
                    self._show(item)
            if failed is None and not self.last_ok:
                failed = {"message": "the line failed (cxq said so without an error object)", "category": "error"}
            if failed:
                column = failed.get("column")
                trace = ["cell line %d%s: error: %s" % (number, ":%d" % column if column else "", failed["message"]), "  " + line]
                if column:
                    trace.append("  " + " " * (column - 1) + "^")
                return self._error(failed.get("category", "error"), failed["message"], trace)
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def do_complete(self, code, cursor_pos):
        before = code[:cursor_pos].split("\n")[-1]
        matches, typed = [], ""
        if not self._send(".complete " + before):
            return {"status": "ok", "matches": [], "cursor_start": cursor_pos, "cursor_end": cursor_pos, "metadata": {}}
        for tag, item in self._answers():
            if tag == "out" and item.get("kind") == "completion":
                typed = item["typed"]
                matches = [c.rstrip(" ") for c in item["candidates"]]
        return {"status": "ok", "matches": matches, "cursor_start": cursor_pos - len(typed), "cursor_end": cursor_pos,
                "metadata": {}}

    def do_shutdown(self, restart):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()
        return {"status": "ok", "restart": restart}


if __name__ == "__main__":
    from ipykernel.kernelapp import IPKernelApp
    IPKernelApp.launch_instance(kernel_class=CXQKernel)
