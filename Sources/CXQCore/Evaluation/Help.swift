/// The text of `help` and `help COMMAND`.
public enum Help {
    /// Usage and a one-line summary for each command word.
    public static let entries: [(word: String, usage: String, summary: String)] = [
        ("load", "load CAMPAIGN [DATE | D1..D2] [as NAME] [refresh]", "fetch days into the workspace; the last becomes current"),
        ("days", "days", "list the workspace: number, campaign, date, totals, source"),
        ("use", "use DAYREF", "make a day current (camp@date, #N, $name, .)"),
        ("show", "show [DAYSET] [hours SET] [METRIC ...]", "the hourly table"),
        ("sum", "sum METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "total over the selected cells"),
        ("avg", "avg METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "mean over the selected cells"),
        ("min", "min METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "smallest cell"),
        ("max", "max METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "largest cell"),
        ("median", "median METRIC [hours SET] [of DAYSET] [by day|campaign|hour]", "median cell"),
        ("peak", "peak METRIC [of DAYSET] [hours SET]", "the hour(s) with the largest value"),
        ("top", "top N hours by METRIC [of DAYSET] [hours SET]", "the N largest hours, largest first"),
        ("compare", "compare [A [B]] [METRIC ...] [hours SET]", "A against B per hour with Δ and Δ%; no day: current against its previous period"),
        ("chart", "chart METRIC [of DAYSET] [hours SET]", "bars per hour; a sparkline per day for several days"),
        ("export", "export csv|json|jsonl [DAYSET] [to PATH]", "the days for other tools; standard output without 'to'"),
        ("save", "save PATH", "keep the workspace in a day file (JSON Lines)"),
        ("open", "open PATH", "add the days of a day file"),
        ("drop", "drop DAYSET", "remove days from the workspace"),
        ("clear", "clear", "remove every day from the workspace"),
        ("set", "set [format|precision|timing|tz|color|concurrency VALUE]", "change a setting; alone, list them"),
        ("profile", "profile [NAME]", "list profiles or switch company and credentials"),
        ("cache", "cache [clear]", "what the local store holds, or empty it"),
        ("history", "history", "the commands typed before"),
        ("watch", "watch SECONDS COMMAND", "run a command again and again until Ctrl-C"),
        ("read", "read PATH", "run the commands in a file"),
        ("help", "help [COMMAND]", "this list, or one command's usage"),
        ("quit", "quit | exit", "leave the shell"),
    ]

    /// The whole list, or one command's usage; nil for a word that is no command.
    public static func text(for word: String?) -> String? {
        guard let word else {
            let width = entries.map(\.usage.count).max() ?? 0
            var lines = ["Commands (keywords are case-insensitive; ';' separates commands, '#' starts a comment):"]
            for e in entries {
                lines.append("  " + e.usage + String(repeating: " ", count: width - e.usage.count + 2) + e.summary)
            }
            lines.append("Metrics: \(Metric.names.joined(separator: ", ")).")
            lines.append("Dates: YYYY-MM-DD, today, yesterday, -N. Hours: 9, 9..17 (both ends), 8,12..14,20.")
            lines.append("Days: camp@2025-08-23, camp@D1..D2, camp (all its days), #N, $name, . (current), all.")
            return lines.joined(separator: "\n")
        }
        let w = word == "exit" ? "quit" : word
        guard let e = entries.first(where: { $0.word == w }) else { return nil }
        return "\(e.usage)\n  \(e.summary)"
    }
}
