/// Parses a line into statements. A hand-written recursive-descent parser over `Lexer`;
/// each production is written in a comment above the function that parses it.
///
/// ```
/// line       -> statement { ';' statement }
/// statement  -> ε | command
/// ```
public struct Parser: Sendable {
    var lexer: Lexer
    /// Where the last token of the expression being parsed ends (for column names).
    var lastEnd = 0
    /// Where `having` and `pivot` stand in the query being parsed (for errors about them).
    var havingRange: SourceRange?
    var pivotRange: SourceRange?

    public init(bytes: [UInt8]) { lexer = Lexer(bytes: bytes) }
    public init(_ line: String) { lexer = Lexer(bytes: Array(line.utf8)) }

    /// Parses every statement of the line.
    public static func parseAll(_ line: String) throws(QueryError) -> [Statement] {
        var p = Parser(line)
        var out: [Statement] = []
        while let s = try p.nextStatement() { out.append(s) }
        return out
    }

    /// Where the parser stands in the line: after an error, the next statement starts after
    /// the next `;` (see `skipToNextStatement`).
    public var position: Int { lexer.position }

    /// After an error, skips to just past the next `;` so `--keep-going` can go on.
    public mutating func skipToNextStatement() {
        while true {
            let t = lexer.next()
            if t.kind == .end || t.kind == .semicolon { return }
        }
    }

    /// The next statement of the line, or nil when none is left.
    public mutating func nextStatement() throws(QueryError) -> Statement? {
        while true {
            let t = lexer.next()
            switch t.kind {
            case .end: return nil
            case .semicolon: continue
            default:
                let command = try parseCommand(t)
                var output: String?
                if lexer.matches(lexer.peek(), Keyword.to) {
                    _ = lexer.next()
                    output = try parsePath("a file path after 'to'")
                }
                let end = lexer.position
                let after = lexer.next()
                guard after.kind == .end || after.kind == .semicolon else {
                    throw unexpected(after, expected: ["end of command"])
                }
                let r = SourceRange(t.range.lower, end)
                return Statement(command: command, range: r, text: trimmedText(r), output: output)
            }
        }
    }

    func trimmedText(_ r: SourceRange) -> String {
        var hi = r.upper
        while hi > r.lower, Lexer.isSpace(lexer.bytes[hi - 1]) { hi -= 1 }
        return String(decoding: lexer.bytes[r.lower..<hi], as: UTF8.self)
    }
}
