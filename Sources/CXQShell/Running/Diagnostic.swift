import CXQCore

/// Turns an error's byte range into `FILE:LINE:COLUMN: error: MESSAGE`, the line, and a caret.
public enum Diagnostic {
    /// The 1-based column (in characters) of a byte offset in a line.
    public static func column(of offset: Int, in line: [UInt8]) -> Int {
        let clamped = max(0, min(offset, line.count))
        return String(decoding: line[0..<clamped], as: UTF8.self).count + 1
    }

    /// Text with control characters (ESC, BEL, C1 controls, DEL) shown as U+FFFD, one for one,
    /// so input can never drive the terminal and the caret stays under its place.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars { out.append(isControl(u) ? "\u{FFFD}" : u) }
        return String(out)
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value)
    }

    /// The full text shown on standard error.
    public static func render(message: String, location: SourceLocation?, range: SourceRange?, line: [UInt8],
                              color: Bool) -> String {
        let col = range.map { column(of: $0.lower, in: line) }
        var head = ""
        if let location {
            head = "\(location.file):\(location.line):"
            if let col { head += "\(col):" }
            head += " "
        }
        let error = color ? "\u{1B}[1;31merror:\u{1B}[0m" : "error:"
        var text = "\(head)\(error) \(printable(message))\n"
        // Show the line and a caret under the place, unless the line is huge or unprintable.
        if let range, !line.isEmpty, line.count <= 400, let shown = String(validating: line, as: UTF8.self) {
            let printable = printable(String(shown.map { $0 == "\t" ? " " : $0 }))
            let startCol = column(of: range.lower, in: line)
            let endCol = max(startCol + 1, column(of: range.upper, in: line))
            text += "  \(printable)\n  " + String(repeating: " ", count: startCol - 1) + "^"
                + String(repeating: "~", count: max(0, endCol - startCol - 1)) + "\n"
        }
        return text
    }
}
