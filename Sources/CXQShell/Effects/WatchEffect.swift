#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQCore

/// `watch SECONDS COMMAND`: runs a statement again and again until Ctrl-C, fetching today
/// afresh each time.
enum WatchEffect {
    static func run(seconds: Int, _ inner: Statement, session: Session, location: SourceLocation) throws(QueryError) -> Value {
        var statement = inner
        if case .load(let c, let d, let n, _) = inner.command { statement.command = .load(campaigns: c, dates: d, name: n, refresh: true) }
        Interrupt.reset()
        // A screen redrawn every few seconds does not wait in a pager (psql's \watch neither).
        session.pagerSuspended = true
        defer { session.pagerSuspended = false }
        while !Interrupt.requested {
            if session.interactive { session.out.write("\u{1B}[2J\u{1B}[H") }
            guard session.execute(statement, location: location, line: Array(inner.text.utf8)) else {
                throw QueryError(.effect("watch stopped because '\(inner.text)' failed", .query), nil)
            }
            session.out.flush()
            var waited = 0.0
            while waited < Double(seconds), !Interrupt.requested {
                usleep(50_000)
                waited += 0.05
            }
        }
        Interrupt.reset()
        return .message("watch stopped")
    }
}
