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
        let dates: [CivilDate?] = plan.dates ?? [nil]
        let today = session.evaluator.clock.today(in: session.state.settings.tz)
        let showProgress = session.interactive && session.err.isTerminal && dates.count > 1
        let progress = Progress(total: dates.count, sink: showProgress ? session.err : nil)
        Interrupt.reset()
        let results = Workers.map(dates.count, limit: max(1, session.state.settings.concurrency)) { i -> FetchResult in
            let result = fetchOne(source, DayRequest(campaign: plan.campaign, date: dates[i], refresh: plan.refresh,
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
        if Interrupt.requested { return .failure(date: request.date, reason: "cancelled", category: .fetch) }
        do {
            return .success(try source.fetch(request))
        } catch let error as UserFacingError {
            return .failure(date: request.date, reason: error.sentence, category: error.category)
        } catch {
            return .failure(date: request.date, reason: "\(error)", category: .fetch)
        }
    }
}
