/// The text of `help` and `help COMMAND`.
public enum Help {
    /// One command's usage and a one-line summary.
    public struct Entry: Sendable {
        public let word: String, usage: String, summary: String
        init(_ word: String, _ usage: String, _ summary: String) { self.word = word; self.usage = usage; self.summary = summary }
    }

    /// Usage and a one-line summary for each command word.
    public static let entries: [Entry] = [
        Entry("load", "load CAMPAIGN [DATE | D1..D2] [as NAME] [refresh]", "fetch days into the workspace; the last becomes current"),
        Entry("days", "days", "list the workspace: number, campaign, date, totals, source"),
        Entry("use", "use DAYREF", "make a day current (camp@date, #N, $name, .)"),
        Entry("show", "show [DAYSET] [hours SET] [METRIC ...]", "the hourly table"),
        Entry("sum", "sum METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "total over the selected cells"),
        Entry("avg", "avg METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "mean over the selected cells"),
        Entry("min", "min METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "smallest cell"),
        Entry("max", "max METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "largest cell"),
        Entry("median", "median METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "median cell"),
        Entry("peak", "peak METRIC [of DAYSET] [hours SET]", "the hour(s) with the largest value"),
        Entry("top", "top N hours by METRIC [of DAYSET] [hours SET]", "the N largest hours, largest first"),
        Entry("compare", "compare [A [B]] [METRIC ...] [hours SET]", "A against B per hour with Δ and Δ%; no day: current against its previous period"),
        Entry("chart", "chart METRIC [of DAYSET] [hours SET]", "bars per hour; a sparkline per day for several days"),
        Entry("export", "export csv|json|jsonl [DAYSET] [to PATH]", "the days for other tools; standard output without 'to'"),
        Entry("save", "save PATH", "keep the workspace in a day file (JSON Lines)"),
        Entry("open", "open PATH", "add the days of a day file"),
        Entry("drop", "drop DAYSET", "remove days from the workspace"),
        Entry("clear", "clear", "remove every day from the workspace"),
        Entry("set", "set [format|precision|timing|tz|color|concurrency VALUE]", "change a setting; alone, list them"),
        Entry("profile", "profile [NAME]", "list profiles or switch company and credentials"),
        Entry("cache", "cache [clear]", "what the local store holds, or empty it"),
        Entry("history", "history", "the commands typed before"),
        Entry("watch", "watch SECONDS COMMAND", "run a command again and again until Ctrl-C"),
        Entry("read", "read PATH", "run the commands in a file"),
        Entry("help", "help [COMMAND]", "this list, or one command's usage"),
        Entry("quit", "quit | exit", "leave the shell"),
    ]

    /// The whole list, or one command's usage; nil for a word that is no command.
    public static func text(for word: String?) -> String? {
        guard let word else {
            // Plain appends: `help` is what a start-up measurement runs, and the generic
            // `joined(separator:)` costs a runtime type look-up there.
            var width = 0
            for e in entries { width = Swift.max(width, e.usage.utf8.count) }
            var text = "Commands (keywords are case-insensitive; ';' separates commands, '#' starts a comment):\n"
            for e in entries {
                text += "  " + e.usage
                for _ in 0..<(width - e.usage.utf8.count + 2) { text += " " }
                text += e.summary + "\n"
            }
            text += "Metrics: credits, results, credits_change, results_change, credits_prev, results_prev, cpr.\n"
            text += "Dates: YYYY-MM-DD, today, yesterday, -N. Hours: 9, 9..17 (both ends), 8,12..14,20.\n"
            text += "Days: camp@2025-08-23, camp@D1..D2, camp (all its days), #N, $name, . (current), all."
            return text
        }
        let w = word == "exit" ? "quit" : word
        guard let e = entries.first(where: { $0.word == w }) else { return nil }
        return "\(e.usage)\n  \(e.summary)"
    }
}
