/// The text of `help` and `help COMMAND`, read from `Vocabulary`.
public enum Help {
    /// The whole list, or one command's usage; nil for a word that is no command.
    public static func text(for word: String?) -> String? {
        guard let word else {
            // Plain appends: `help` is what a start-up measurement runs, and the generic
            // `joined(separator:)` costs a runtime type look-up there.
            var width = 0
            for e in Vocabulary.commands { width = Swift.max(width, e.synopsis.utf8.count) }
            var text = "Commands (keywords are case-insensitive; ';' separates commands, '#' starts a comment):\n"
            for e in Vocabulary.commands {
                text += "  " + e.synopsis
                for _ in 0..<(width - e.synopsis.utf8.count + 2) { text += " " }
                text += e.summary + "\n"
            }
            text += "Metrics: "
            for (i, m) in Metric.names.enumerated() { text += (i == 0 ? "" : ", ") + m }
            text += ".\n"
            text += "Dates: YYYY-MM-DD, today, yesterday, -N. Hours: 9, 9..17 (both ends), 8,12..14,20.\n"
            text += "Days: camp@2025-08-23, camp@D1..D2, camp (all its days), #N, $name, . (current), all."
            return text
        }
        guard let e = Vocabulary.command(named: word) else { return nil }
        return "\(e.synopsis)\n  \(e.summary)"
    }
}
