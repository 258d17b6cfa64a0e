/// The text of `help` and `help COMMAND`, read from `Vocabulary`.
public enum Help {
    /// The whole list, or one command's usage; nil for a word that is no command.
    public static func text(for word: String?) -> String? {
        guard let word else {
            // Built as bytes: `help` is what a start-up measurement runs, and String's generic
            // appends (and `String(repeating:count:)`) cost more than the rest of start-up.
            var width = 0
            for e in Vocabulary.commands { width = Swift.max(width, e.synopsis.utf8.count) }
            var b: [UInt8] = []
            b.reserveCapacity(Vocabulary.commands.count * (width + 80) + 400)
            b.append(contentsOf: "Commands (keywords are case-insensitive; ';' separates commands, '#' starts a comment):\n".utf8)
            for e in Vocabulary.commands {
                b.append(contentsOf: "  ".utf8)
                b.append(contentsOf: e.synopsis.utf8)
                b.append(contentsOf: repeatElement(ASCII.space, count: width - e.synopsis.utf8.count + 2))
                b.append(contentsOf: e.summary.utf8)
                b.append(ASCII.newline)
            }
            b.append(contentsOf: "Metrics: ".utf8)
            for (i, m) in Metric.names.enumerated() {
                if i > 0 { b.append(contentsOf: ", ".utf8) }
                b.append(contentsOf: m.utf8)
            }
            b.append(contentsOf: ".\nDates: YYYY-MM-DD, today, yesterday, -N. Hours: 9, 9..17 (both ends), 8,12..14,20.\n".utf8)
            b.append(contentsOf: "Days: camp@2025-08-23, camp@D1..D2, camp (all its days), #N, $name, . (current), all.".utf8)
            return String(decoding: b, as: UTF8.self)
        }
        guard let e = Vocabulary.command(named: word) else { return nil }
        return "\(e.synopsis)\n  \(e.summary)"
    }
}
