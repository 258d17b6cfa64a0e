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
