import CXQCore

/// `--coprocess`: what a program driving cxq (a notebook kernel, an editor, a bot) needs beyond
/// the JSON objects themselves — to know when a line's answers are complete, and completions.
extension Session {
    /// `.complete TEXT`: the words TAB would offer after TEXT.
    static let completeCommand = Array(".complete ".utf8)

    /// `{"kind":"ready","line":N,"ok":true}`: every answer of input line N has been written.
    func ready(line: Int, ok: Bool) {
        var bytes = Array(#"{"kind":"ready","line":"#.utf8)
        appendInteger(Int64(line), to: &bytes)
        bytes.append(contentsOf: (ok ? #","ok":true}"# : #","ok":false}"#).utf8)
        bytes.append(ASCII.newline)
        out.write(bytes)
        out.flush()
        err.flush()
    }

    /// `{"kind":"completion","typed":"cre","candidates":["credits",…]}` for the text before a cursor.
    func complete(_ before: String) {
        let r = Completer.complete(before, context: completionContext())
        var bytes = Array(#"{"kind":"completion","typed":"#.utf8)
        appendJSONString(r.typed, to: &bytes)
        bytes.append(contentsOf: #","candidates":["#.utf8)
        for (i, c) in r.candidates.enumerated() {
            if i > 0 { bytes.append(ASCII.comma) }
            appendJSONString(r.blankAfter(c) ? c + " " : c, to: &bytes)
        }
        bytes.append(contentsOf: [ASCII.closeBracket, ASCII.closeBrace, ASCII.newline])
        out.write(bytes)
    }
}
