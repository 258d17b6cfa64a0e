#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQClient
import CXQCore

/// Performs a fetch plan: the days a `load` needs, from the session's source.
enum FetchEffect {
    /// Fetches a plan's days, at most `set concurrency` at a time, keeping the dates' order.
    ///
    /// Worker threads start only when a fetch needs them, so start-up and the batch hot path
    /// never pay for them. Each failure keeps its category, never only its sentence. When one
    /// day finds the server unreachable (refused, unknown name), the days not yet asked fail at
    /// once with the same reason. With no usable source (no credentials, a broken config file)
    /// the command fails with that one sentence, category `config`.
    static func fetch(_ plan: FetchPlan, session: Session) throws(QueryError) -> [FetchResult] {
        if let unavailable = session.source as? UnavailableSource {
            throw QueryError(.effect(unavailable.reason, .config), nil)
        }
        if let notice = session.sourceNotice {
            session.err.write("cxq: \(notice)\n")
            session.err.flush()
            session.sourceNotice = nil
        }
        let source = session.source
        let requests = plan.requests
        let today = session.evaluator.clock.today(in: session.state.settings.tz)
        try checkLimit(requests, plan.refresh, source, today: today, limit: session.state.settings.fetchLimit)
        let showProgress = session.interactive && session.err.isTerminal
        let refreshToday = session.refreshToday
        let progress = Progress(total: requests.count, sink: showProgress ? session.err : nil)
        let stop = FirstStop()
        Interrupt.reset()
        let results = Workers.map(requests.count, limit: max(1, session.state.settings.concurrency)) { i -> FetchResult in
            let request = DayRequest(campaign: requests[i].campaign, date: requests[i].date,
                                     refresh: plan.refresh || (refreshToday && (requests[i].date ?? today) == today),
                                     today: today, isCancelled: { Interrupt.requested })
            let result: FetchResult
            progress.begin(i, label: "\(request.campaign)@\(request.date?.description ?? "latest")")
            if let (reason, category) = stop.reason {
                result = .failure(FailedDay(campaign: request.campaign, date: request.date, reason: reason, category: category),
                                  notFound: false)
            } else {
                result = fetchOne(source, request, stop: stop)
            }
            if case .failure = result { progress.step(i, failed: true) } else { progress.step(i, failed: false) }
            return result
        }
        progress.finish()
        Interrupt.reset()
        return results
    }

    /// `set fetch_limit`: a command may fetch at most so many days from the server; days the
    /// store already holds never count.
    static func checkLimit(_ requests: [FetchPlan.Request], _ refresh: Bool, _ source: any DaySource,
                           today: CivilDate, limit: Int) throws(QueryError) {
        guard requests.count > limit else { return }
        var must = 0
        for r in requests where source.mustFetch(DayRequest(campaign: r.campaign, date: r.date, refresh: refresh, today: today)) {
            must += 1
        }
        guard must > limit else { return }
        let stored = requests.count - must
        throw QueryError(.effect("this command would fetch \(Evaluator.grouped(must)) days from the server (\(Evaluator.grouped(stored)) \(stored == 1 ? "is" : "are") in the store); the limit is \(Evaluator.grouped(limit)) — raise it with 'set fetch_limit \(must)' or ask for fewer days", .query), nil)
    }

    /// One day, its failure typed by the source's error.
    static func fetchOne(_ source: any DaySource, _ request: DayRequest, stop: FirstStop? = nil) -> FetchResult {
        func failed(_ reason: String, _ category: ErrorCategory, notFound: Bool = false) -> FetchResult {
            .failure(FailedDay(campaign: request.campaign, date: request.date, reason: reason, category: category), notFound: notFound)
        }
        if Interrupt.requested { return failed("cancelled", .fetch) }
        do {
            return .success(try source.fetch(request))
        } catch let error as UserFacingError {
            if error.failsTheRest { stop?.set(error.sentence, error.category) }
            return failed(error.sentence, error.category, notFound: error.isNotFound)
        } catch {
            return failed("\(error)", .fetch)
        }
    }

    /// The reason the remaining days of a fetch fail at once, set by the first worker that
    /// found the server unreachable.
    final class FirstStop: Sendable {
        private let value = Locked<(String, ErrorCategory)?>(nil)

        var reason: (String, ErrorCategory)? { value.current }

        func set(_ reason: String, _ category: ErrorCategory) {
            value.withLock { if $0 == nil { $0 = (reason, category) } }
        }
    }
}
