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

/// Wrapping text to a width at word boundaries.
public enum Wrap {
    /// The line cut into lines of at most `width` characters at blanks; continuation lines start
    /// with `hanging` blanks. A word longer than a line stands alone (never broken). Without a
    /// width, the line as it is.
    public static func lines(_ line: String, width: Int?, hanging: Int) -> [String] {
        guard let width, line.count > width else { return [line] }
        let indent = String(repeating: " ", count: min(hanging, max(0, width - 20)))
        // Leading blanks of the first line are kept as they are.
        let lead = String(line.prefix { $0 == " " })
        // The words, each with whether a blank comes before it; a word longer than a whole line
        // is cut after a `|` or `,` (else where the line ends), its pieces glued without blanks.
        var pieces: [(text: Substring, blank: Bool)] = []
        let room = max(8, width - indent.count)
        for (k, word) in line.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            var w = word
            var blank = k > 0
            while w.count > room {
                let head = w.prefix(room)
                let cut = head.lastIndex { $0 == "|" || $0 == "," }.map { head.index(after: $0) } ?? head.endIndex
                pieces.append((w[..<cut], blank))
                blank = false
                w = w[cut...]
            }
            pieces.append((w, blank))
        }
        var out: [String] = []
        var current = lead
        var fresh = true // nothing on the line yet but its indentation
        for p in pieces {
            let gap = p.blank && !fresh ? 1 : 0
            if !fresh, current.count + gap + p.text.count > width {
                out.append(current)
                current = indent + p.text
            } else {
                current += (gap == 1 ? " " : "") + p.text
            }
            fresh = false
        }
        out.append(current)
        return out.map { line in
            var l = line
            while l.hasSuffix(" ") { l.removeLast() }
            return l
        }
    }
}
