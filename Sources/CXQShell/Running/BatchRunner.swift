import CXQCore

/// Runs lines from a reader through a session: files, standard input, `-c` text, and the
/// interactive loop.
public enum BatchRunner {
    /// Runs every line. In batch mode the first error stops the run unless `keepGoing`;
    /// interactively an error never ends the session. Returns true when every command succeeded.
    /// With `check`, every line is only parsed (`--check`): all errors are reported, nothing runs.
    public static func run(reader: LineReader, session: Session, file: String, keepGoing: Bool,
                           check: Bool = false, prompt: (() -> String)? = nil) -> Bool {
        var ok = true
        var lineNo = 0
        // Output from a file goes out in large blocks, and at least every quarter of a second so
        // that a long batch shows progress to whatever reads it.
        var lastFlush = SystemClock.monotonic()
        while !session.quitRequested {
            if prompt == nil {
                let now = SystemClock.monotonic()
                if now - lastFlush >= 0.25 {
                    session.out.flush()
                    session.err.flush()
                    lastFlush = now
                }
            }
            let input = reader.readLine(prompt: prompt?())
            lineNo += 1
            let location = SourceLocation(file: file, line: lineNo)
            switch input {
            case .end:
                return ok
            case .interrupted:
                continue
            case .tooLong(let n):
                session.reportTooLong(n, at: location)
                ok = false
                if session.coprocess { session.ready(line: lineNo, ok: false) }
                if prompt == nil && !keepGoing { return false }
            case .line(let bytes) where session.coprocess && bytes.starts(with: Session.completeCommand):
                session.complete(String(decoding: bytes.dropFirst(Session.completeCommand.count), as: UTF8.self))
                session.ready(line: lineNo, ok: true)
            case .line(let bytes):
                if prompt != nil, bytes.contains(where: { $0 != ASCII.space && $0 != ASCII.tab }) {
                    let text = String(decoding: bytes, as: UTF8.self)
                    if HistoryPolicy.shouldRecord(text, secrets: session.secrets) {
                        if session.history.last != text { session.history.append(text) }
                        reader.record(text)
                    }
                }
                if check {
                    ok = session.check(line: bytes, at: location) && ok
                    continue
                }
                let lineOK = session.run(line: bytes, at: location, keepGoing: keepGoing)
                if session.coprocess { session.ready(line: lineNo, ok: lineOK) }
                if !lineOK {
                    ok = false
                    if prompt == nil && !keepGoing { return false }
                }
            }
        }
        return ok
    }
}
