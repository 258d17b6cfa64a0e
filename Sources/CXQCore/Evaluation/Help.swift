/// The text of `help` and `help COMMAND`, read from `Vocabulary`.
public enum Help {
    /// The whole list, or one command's usage with its examples; nil for a word that is no
    /// command. With a width (a terminal's), every line is wrapped to it at word boundaries.
    public static func text(for word: String?, width: Int? = nil) -> String? {
        guard let word else { return width.map(list(width:)) ?? list() }
        guard let e = Vocabulary.command(named: word) else { return nil }
        var lines = [e.synopsis, "  " + e.summary, "Examples:"] + e.examples.map { "  " + $0 }
        if e.words.count > 1 { lines.insert("  (also: \(e.words.dropFirst().joined(separator: ", ")))", at: 2) }
        guard let width else { return lines.joined(separator: "\n") }
        return lines.flatMap { Wrap.lines($0, width: width, hanging: 4) }.joined(separator: "\n")
    }

    static let header = "Commands (keywords are case-insensitive; ';' separates commands, '#' starts a comment):"
    static let footer = [
        "Metrics: " + Metric.names.joined(separator: ", ") + ".",
        "Dates: YYYY-MM-DD, today, yesterday, -N. Hours: 9, 9..17 (both ends), 8,12..14,20.",
        "Days: camp@2025-08-23, camp@D1..D2, camp (all its days), #N, $name, . (current), all.",
        "'help COMMAND' shows a command's usage and examples.",
    ]

    /// The list laid out for a terminal: the synopsis, then the summary in a column when it fits,
    /// else on the lines below; everything wrapped at word boundaries.
    static func list(width: Int) -> String {
        let column = min(Vocabulary.commands.map(\.synopsis.count).filter { $0 <= 44 }.max() ?? 20, max(12, width / 2 - 4))
        var lines = Wrap.lines(header, width: width, hanging: 2)
        for e in Vocabulary.commands {
            if e.synopsis.count <= column, width - column - 4 >= 24 {
                let first = "  " + e.synopsis + String(repeating: " ", count: column - e.synopsis.count + 2) + e.summary
                lines += Wrap.lines(first, width: width, hanging: column + 4)
            } else {
                lines += Wrap.lines("  " + e.synopsis, width: width, hanging: 6)
                lines += Wrap.lines(String(repeating: " ", count: min(column + 4, width / 3)) + e.summary, width: width,
                                    hanging: min(column + 4, width / 3))
            }
        }
        for f in footer { lines += Wrap.lines(f, width: width, hanging: 2) }
        return lines.joined(separator: "\n")
    }

    /// The list unwrapped (not at a terminal), built as bytes: `help` is what a start-up
    /// measurement runs, and String's generic appends cost more than the rest of start-up.
    static func list() -> String {
        var width = 0
        for e in Vocabulary.commands { width = Swift.max(width, e.synopsis.utf8.count) }
        var b: [UInt8] = []
        b.reserveCapacity(Vocabulary.commands.count * (width + 80) + 600)
        b.append(contentsOf: header.utf8)
        b.append(ASCII.newline)
        for e in Vocabulary.commands {
            b.append(contentsOf: "  ".utf8)
            b.append(contentsOf: e.synopsis.utf8)
            b.append(contentsOf: repeatElement(ASCII.space, count: width - e.synopsis.utf8.count + 2))
            b.append(contentsOf: e.summary.utf8)
            b.append(ASCII.newline)
        }
        for (i, f) in footer.enumerated() {
            if i > 0 { b.append(ASCII.newline) }
            b.append(contentsOf: f.utf8)
        }
        return String(decoding: b, as: UTF8.self)
    }
}
