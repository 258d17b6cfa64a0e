#!/usr/bin/env python3
"""Writes the man page cxq(1) from cxq's own help: the options come from
`cxq --experimental-dump-help` (swift-argument-parser's description of the command line, the
same text `cxq --help` prints); the sections around them are written here.

Usage: scripts/make_manpage.py CXQ_BINARY > cxq.1
"""
import json, subprocess, sys


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + l) if l.startswith((".", "'")) else l for l in text.split("\n"))


def main():
    binary = sys.argv[1]
    info = json.loads(subprocess.run([binary, "--experimental-dump-help"], capture_output=True, check=True).stdout)
    args = info["command"]["arguments"]
    out = []
    w = out.append
    w('.TH CXQ 1 "" "cxq" "User Commands"')
    w(".SH NAME")
    w("cxq \\- a query shell for CloserX campaign analytics")
    w(".SH SYNOPSIS")
    w(".B cxq")
    w("[\\fIOPTIONS\\fR] [\\fB\\-c\\fR \\fICOMMANDS\\fR]... [\\fB\\-f\\fR \\fIFILE\\fR | \\fIFILE\\fR]")
    w(".SH DESCRIPTION")
    w(roff("cxq fetches CloserX campaign days (24 hourly credits and results, and their changes) into a "
           "session workspace and answers questions about them in a small query language: "
           "load camp123 2025-08-23, sum credits hours 9..17, compare, sum credits by weekday of camp123 -27..today."))
    w(".PP")
    w(roff("It is interactive when standard input and output are terminals (line editing, history, completion); "
           "otherwise it runs the commands of -c, a script file or standard input, and exits with a status "
           "that says what failed. Type help at the prompt for the commands."))
    w(".SH OPTIONS")
    for a in args:
        if not a.get("shouldDisplay", True):
            continue
        names = a.get("names") or []
        flags = ", ".join(("\\-" if n["kind"] == "short" or n["kind"] == "shortWithSingleDash" else "\\-\\-") + n["name"].replace("-", "\\-")
                          for n in names)
        value = a.get("valueName")
        if a["kind"] == "positional":
            head = "\\fI" + (value or "FILE") + "\\fR"
        elif a["kind"] == "option":
            head = "\\fB" + flags + "\\fR \\fI" + roff(value or "VALUE").upper() + "\\fR"
        else:
            head = "\\fB" + flags + "\\fR"
        w(".TP")
        w(head)
        w(roff(a.get("abstract", "")))
    w(".SH EXIT STATUS")
    for code, text in [("0", "every command succeeded"),
                       ("1", "a command failed (syntax, an unknown day, a bad file)"),
                       ("2", "the command line, the configuration or the credentials are wrong (also: no credentials in a script without --demo)"),
                       ("3", "a fetch failed (network, server status after retries, an answer that failed validation)"),
                       ("4", "the server refused the credentials (401/403)")]:
        w(".TP")
        w(".B " + code)
        w(roff(text) + ".")
    w(".PP")
    w(roff("With --keep-going the status is that of the first failure."))
    w(".SH ENVIRONMENT")
    for name, text in [("CLOSERX_API_KEY", "The API key (never printed, logged or stored)."),
                       ("CLOSERX_COMPANY", "The company (tenant) name; required with a key."),
                       ("CLOSERX_BASE_URL", "The API's base URL (default https://app.closerx.ai)."),
                       ("CXQ_DEMO", "1 asks for the built-in demo data, as --demo does."),
                       ("CXQ_CONNECT_TIMEOUT, CXQ_REQUEST_TIMEOUT", "Timeouts in seconds (default 5 and 30)."),
                       ("NO_COLOR", "No colour at the terminal."),
                       ("XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_STATE_HOME", "Where the config file, the store and the history are kept.")]:
        w(".TP")
        w(".B " + roff(name))
        w(roff(text))
    w(".SH FILES")
    for name, text in [("~/.cxqrc", "Commands run at start (not with --no-rc)."),
                       ("$XDG_CONFIG_HOME/cxq/config.toml", "Profiles: base_url, company, api_key or api_key_env."),
                       ("$XDG_CACHE_HOME/cxq/days.sqlite", "The local store of fetched days."),
                       ("$XDG_STATE_HOME/cxq/history", "The interactive history.")]:
        w(".TP")
        w(".I " + roff(name))
        w(roff(text))
    w(".SH EXAMPLES")
    for ex in ["cxq", "cxq --demo -c 'load camp123 2025-08-23; sum credits hours 9..17'",
               "cxq -D camp=camp123 -D day=yesterday daily-report.cxq",
               "X=$(cxq --format csv -c 'load camp123 yesterday; sum credits')",
               "cxq --check report.cxq"]:
        w(".PP")
        w(".nf")
        w(roff(ex))
        w(".fi")
    w(".SH SEE ALSO")
    w("sqlite3(1), psql(1), duckdb(1). The language: docs/language.md; scripting: docs/scripting.md.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
