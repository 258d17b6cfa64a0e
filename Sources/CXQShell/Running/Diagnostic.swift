import CXQCore

/// Turns an error's byte range into `FILE:LINE:COLUMN: error: MESSAGE`, the line, and a caret.
public enum Diagnostic {
    /// The 1-based column (in characters) of a byte offset in a line.
    public static func column(of offset: Int, in line: [UInt8]) -> Int {
        let clamped = max(0, min(offset, line.count))
        return String(decoding: line[0..<clamped], as: UTF8.self).count + 1
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
        var text = "\(head)\(error) \(message)\n"
        // Show the line and a caret under the place, unless the line is huge or unprintable.
        if let range, line.count <= 400, let shown = String(validating: line, as: UTF8.self) {
            let printable = String(shown.map { $0 == "\t" ? " " : $0 })
            let startCol = column(of: range.lower, in: line)
            let endCol = max(startCol + 1, column(of: range.upper, in: line))
            text += "  \(printable)\n  " + String(repeating: " ", count: startCol - 1) + "^"
                + String(repeating: "~", count: max(0, endCol - startCol - 1)) + "\n"
        }
        return text
    }
}
