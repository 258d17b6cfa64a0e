#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQCore

/// `watch SECONDS COMMAND` and `watch SECONDS "CMD; CMD"`: runs one round of commands again and
/// again until Ctrl-C. At a terminal each round redraws the screen under a header (`every 10 s ·
/// last run 14:03:21 UTC · Ctrl-C stops`), as watch(1) does; elsewhere each round is printed once
/// after a separator. Today's days are fetched afresh every round (days before today come from
/// the store), whatever the store's rule for today says.
enum WatchEffect {
    static func run(seconds: Int, _ statements: [Statement], session: Session, location: SourceLocation) throws(QueryError) -> Value {
        let round = statements.map { s -> Statement in
            var t = s
            if case .load(let c, let d, let n, _) = s.command { t.command = .load(campaigns: c, dates: d, name: n, refresh: true) }
            return t
        }
        Interrupt.reset()
        // A screen redrawn every few seconds does not wait in a pager (psql's \watch neither).
        session.pagerSuspended = true
        session.refreshToday = true
        defer {
            session.pagerSuspended = false
            session.refreshToday = false
        }
        var number = 0
        while !Interrupt.requested {
            number += 1
            let stamp = Timestamp.iso(SystemClock.now()).split(separator: "T").last.map { $0.dropLast() + " UTC" } ?? ""
            if session.interactive {
                session.out.write("\u{1B}[2J\u{1B}[H")
                session.out.write("every \(seconds) s · last run \(stamp) · Ctrl-C stops\n")
            } else {
                // Data formats keep standard output parseable: the separator goes to standard error.
                let format = session.state.settings.format
                let sink = format == .table || format == .markdown ? session.out : session.err
                sink.write("--- watch, round \(number) at \(stamp) ---\n")
            }
            if number > 1 { try refetchToday(session) }
            for s in round {
                guard session.execute(s, location: location, line: Array(s.text.utf8)) else {
                    throw QueryError(.effect("watch stopped because '\(s.text)' failed", .query), nil)
                }
                if Interrupt.requested { break }
            }
            session.out.flush()
            session.err.flush()
            var waited = 0.0
            while waited < Double(seconds), !Interrupt.requested {
                usleep(50_000)
                waited += 0.05
            }
        }
        Interrupt.reset()
        return .message("watch stopped")
    }

    /// Today's days held — in the workspace and beside it — fetched again, all or none.
    static func refetchToday(_ session: Session) throws(QueryError) {
        let today = session.evaluator.clock.today(in: session.state.settings.tz)
        let ws = session.state.workspace
        var requests: [FetchPlan.Request] = []
        for e in ws.entries where e.info.date == today { requests.append(.init(campaign: e.info.campaign, date: today)) }
        var side = Set<DayKey>()
        for key in session.state.sideDays.keys where key.date == today && ws.index(campaign: key.campaign, date: today) == nil {
            side.insert(key)
            requests.append(.init(campaign: key.campaign, date: today))
        }
        guard !requests.isEmpty else { return }
        let plan = FetchPlan(requests: requests, refresh: true, purpose: .autoload, sideKeys: side)
        _ = try session.evaluator.absorb(plan, results: try FetchEffect.fetch(plan, session: session), into: &session.state)
    }
}
