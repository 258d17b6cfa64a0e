/// Taking in what effects brought: fetched days as their plan says, a day file's days and names.
extension Evaluator {

    /// Takes in the days a fetch brought, as its purpose says. A `load` keeps what arrived and
    /// reports the rest; an autoload keeps all or nothing; side days stay beside the workspace.
    /// Returns the load's message, or nil when the statement is to run again.
    public func absorb(_ plan: FetchPlan, results: [FetchResult], into state: inout SessionState) throws(QueryError) -> Value? {
        var days: [Day] = []
        var failures: [FailedDay] = []
        for r in results {
            switch r {
            case .success(let day): days.append(day)
            case .failure(let f, let notFound):
                let side = plan.purpose == .side || f.date.map { plan.sideKeys.contains(DayKey(f.campaign, $0)) } == true
                if side && notFound {
                    if let d = f.date {
                        state.sideDays[DayKey(f.campaign, d)] = .some(nil)
                        state.sideMissing[DayKey(f.campaign, d)] = f.reason
                    }
                } else {
                    failures.append(f)
                }
            }
        }
        switch plan.purpose {
        case .side:
            guard failures.isEmpty else { throw QueryError(.fetchFailed(failures, arrived: 0), nil) }
            for d in days { state.sideDays[DayKey(d.campaign, d.date)] = d }
            return nil
        case .autoload:
            guard failures.isEmpty else { throw QueryError(.fetchFailed(failures, arrived: 0), nil) }
            for d in days {
                let key = DayKey(d.campaign, d.date)
                if plan.sideKeys.contains(key) { state.sideDays[key] = d } else { state.workspace.insert(d) }
            }
            return nil
        case .load(let name):
            let numbers = days.map { state.workspace.insert($0) }
            if let last = numbers.last {
                state.workspace.setCurrent(last)
                if let name { state.workspace.name(name, numbers: numbers) }
            }
            let report = loadReport(plan, days, failures)
            guard failures.isEmpty else {
                throw QueryError(.fetchFailed(failures, arrived: days.count), nil, partial: .loaded(report))
            }
            return .loaded(report)
        }
    }

    /// `loaded 31 days of camp123 (2025-08-01..2025-08-31): 12 from the store, 19 fetched`.
    func loadReport(_ plan: FetchPlan, _ days: [Day], _ failures: [FailedDay]) -> LoadReport {
        var campaigns: [String] = []
        for r in plan.requests where !campaigns.contains(r.campaign) { campaigns.append(r.campaign) }
        let dates = days.map(\.date) + failures.compactMap(\.date)
        var span = ""
        if let lo = dates.min(), let hi = dates.max() { span = lo == hi ? " (\(lo))" : " (\(lo)..\(hi))" }
        var parts: [String] = []
        for (origin, words) in [(DayOrigin.cache, "from the store"), (.api, "fetched"), (.demo, "from demo data"), (.file, "from files")] {
            let n = days.filter { $0.origin == origin }.count
            if n > 0 { parts.append("\(n) \(words)") }
        }
        if !failures.isEmpty { parts.append("\(failures.count) failed") }
        let text = "loaded \(plural(days.count, "day")) of \(campaigns.joined(separator: ", "))\(span)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
        return LoadReport(text: text, loaded: days.map { .init(campaign: $0.campaign, date: $0.date, source: $0.origin) },
                          failed: failures)
    }

    /// Adds the good days of a day file; bad lines are reported by number.
    public func absorbFile(path: String, contents: DayRecord.FileContents, into state: inout SessionState) throws(QueryError) -> Value {
        let added = contents.batch.count
        // Names come back with their days; a name the workspace already uses is refused whole.
        let taken = contents.names.keys.sorted().filter { state.workspace.names[$0] != nil }.map { "$" + $0 }
        if !taken.isEmpty {
            let list = taken.count == 1 ? taken[0] : taken.dropLast().joined(separator: ", ") + " and " + taken.last!
            throw QueryError(.effect("\(path) names days \(list), \(taken.count == 1 ? "a name" : "names") this workspace already uses; nothing was opened (drop \(list) first)", .file), nil)
        }
        if let last = state.workspace.append(contents.batch) { state.workspace.setCurrent(last) }
        for (name, positions) in contents.names {
            let numbers = positions.compactMap { p in
                state.workspace.index(campaign: contents.batch.campaign(p), date: contents.batch.dates[p]).map { state.workspace.entries[$0].number }
            }
            state.workspace.name(name, numbers: numbers)
        }
        let msg = Value.message("opened \(path): \(plural(added, "day")) added")
        guard !contents.problems.isEmpty else { return msg }
        let shown = contents.problems.prefix(5).map { "line \($0.line): \($0.message)" }
        let more = contents.problems.count > 5 ? "; and \(contents.problems.count - 5) more" : ""
        throw QueryError(.effect("\(path): \(plural(contents.problems.count, "bad line")), \(plural(added, "day")) kept: "
                                 + shown.joined(separator: "; ") + more, .file), nil, partial: msg)
    }
}
