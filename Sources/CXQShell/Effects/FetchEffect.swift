import CXQCore

/// Performs a fetch plan: the days a `load` needs, from the session's source.
enum FetchEffect {
    /// Fetches a plan's days, at most `set concurrency` at a time, keeping the dates' order.
    ///
    /// Worker threads start only when a fetch needs them, so start-up and the batch hot path
    /// never pay for them. Each failure keeps its category, never only its sentence.
    static func fetch(_ plan: FetchPlan, session: Session) -> [FetchResult] {
        if let notice = session.sourceNotice {
            session.err.write("cxq: \(notice)\n")
            session.err.flush()
            session.sourceNotice = nil
        }
        let source = session.source
        let requests = plan.requests
        let today = session.evaluator.clock.today(in: session.state.settings.tz)
        let showProgress = session.interactive && session.err.isTerminal && requests.count > 1
        let progress = Progress(total: requests.count, sink: showProgress ? session.err : nil)
        Interrupt.reset()
        let results = Workers.map(requests.count, limit: max(1, session.state.settings.concurrency)) { i -> FetchResult in
            let result = fetchOne(source, DayRequest(campaign: requests[i].campaign, date: requests[i].date, refresh: plan.refresh,
                                                     today: today, isCancelled: { Interrupt.requested }))
            if case .failure = result { progress.step(failed: true) } else { progress.step(failed: false) }
            return result
        }
        progress.finish()
        Interrupt.reset()
        return results
    }

    /// One day, its failure typed by the source's error.
    static func fetchOne(_ source: any DaySource, _ request: DayRequest) -> FetchResult {
        func failed(_ reason: String, _ category: ErrorCategory, notFound: Bool = false) -> FetchResult {
            .failure(FailedDay(campaign: request.campaign, date: request.date, reason: reason, category: category), notFound: notFound)
        }
        if Interrupt.requested { return failed("cancelled", .fetch) }
        do {
            return .success(try source.fetch(request))
        } catch let error as UserFacingError {
            return failed(error.sentence, error.category, notFound: error.isNotFound)
        } catch {
            return failed("\(error)", .fetch)
        }
    }
}
