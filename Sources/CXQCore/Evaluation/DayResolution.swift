/// Which days a day set names, and which of them a command must fetch first (autoload).
extension Evaluator {

    /// The dates of a date selection, checked: real order, at most `maximumRangeDays` days (how
    /// many of them a command may fetch is `set fetch_limit`'s, checked where days are fetched).
    func resolve(_ sel: DateSelection) throws(QueryError) -> [CivilDate] {
        let t = today()
        let a = sel.from.resolve(today: t)
        guard let toSpec = sel.to else { return [a] }
        let b = toSpec.resolve(today: t)
        try checkRange(a, b, sel.range)
        return (0...Int(b.dayNumber - a.dayNumber)).map { a.adding(days: $0) }
    }

    func checkRange(_ a: CivilDate, _ b: CivilDate, _ r: SourceRange) throws(QueryError) {
        guard a <= b else { throw QueryError(.reversedDates(a.description, b.description), r) }
        let n = Int(b.dayNumber - a.dayNumber) + 1
        guard n <= Evaluator.maximumRangeDays else { throw QueryError(.rangeTooLong(from: a.description, to: b.description, days: n), r) }
    }

    /// The longest date range written in one selection: a hundred years.
    public static let maximumRangeDays = 36_525

    /// The one day a set names (`use`, one side of a one-day comparison).
    func oneDay(_ set: DaySet, _ ws: Workspace) throws(QueryError) -> Int {
        let ix = try indices(set, ws)
        guard ix.count == 1 else {
            throw QueryError(.notOneDay("'\(setText(set))'", count: ix.count), set.range)
        }
        return ix[0]
    }

    /// The campaign and date of a set that names exactly one campaign-day (`c1@2025-08-23`).
    func singleDay(_ set: DaySet) -> (String, CivilDate)? {
        guard set.items.count == 1, set.dates == nil, case .campaign(let c, let sel?) = set.items[0].item, sel.to == nil else { return nil }
        return (c, sel.from.resolve(today: today()))
    }

    func setText(_ set: DaySet) -> String {
        set.items.map { item -> String in
            switch item.item {
            case .all: return "all"
            case .number(let n): return "#\(n)"
            case .name(let n): return "$" + n
            case .current: return "."
            case .campaign(let c, let d): return d.map { "\(c)@\($0.text)" } ?? c
            }
        }.joined(separator: ",") + (set.dates.map { " " + $0.text } ?? "")
    }

    /// The days a campaign item names explicitly (its own dates, or the set's trailing dates);
    /// nil when it names whatever the workspace holds of the campaign.
    func namedDates(_ item: DayItem, _ set: DaySet) throws(QueryError) -> (String, [CivilDate])? {
        guard case .campaign(let c, let own) = item else { return nil }
        if let own { return (c, try resolve(own)) }
        if let trailing = set.dates { return (c, try resolve(trailing)) }
        return nil
    }

    /// Positions of a day set's days, in the order the set names them (each once); without a
    /// set, the current day (or every day).
    func indices(_ set: DaySet?, _ ws: Workspace, defaultAll: Bool = false) throws(QueryError) -> [Int] {
        guard let set else {
            if ws.isEmpty { throw QueryError(.emptyWorkspace, nil) }
            if defaultAll { return Array(ws.entries.indices) }
            guard let i = ws.currentIndex else { throw QueryError(.noCurrentDay, nil) }
            return [i]
        }
        // The common case, one campaign's one day, straight to its index.
        if let (c, d) = singleDay(set) {
            guard let i = ws.index(campaign: c, date: d) else { throw QueryError(.dayNotLoaded("\(c)@\(d)"), set.items[0].range) }
            return [i]
        }
        // `all` alone: every day as it is (nothing to merge or filter).
        if set.items.count == 1, set.dates == nil, set.items[0].item == .all {
            guard !ws.isEmpty else { throw QueryError(.emptyWorkspace, set.items[0].range) }
            return Array(ws.entries.indices)
        }
        var out: [Int] = []
        var seen = Set<Int>()
        let filter = try set.dates.map { sel throws(QueryError) -> ClosedRange<CivilDate> in
            let ds = try resolve(sel)
            return ds[0]...ds[ds.count - 1]
        }
        for item in set.items {
            var found: [Int] = []
            if let (c, dates) = try namedDates(item.item, set) {
                for d in dates {
                    guard let i = ws.index(campaign: c, date: d) else {
                        throw QueryError(.dayNotLoaded("\(c)@\(d)"), item.range)
                    }
                    found.append(i)
                }
            } else {
                if ws.isEmpty { throw QueryError(.emptyWorkspace, item.range) }
                switch item.item {
                case .all:
                    found = Array(ws.entries.indices)
                case .current:
                    guard let i = ws.currentIndex else { throw QueryError(.noCurrentDay, item.range) }
                    found = [i]
                case .number(let n):
                    guard let i = ws.index(number: n) else { throw QueryError(.unknownDayNumber(n), item.range) }
                    found = [i]
                case .name(let n):
                    guard let ix = ws.indices(name: n) else { throw QueryError(.unknownName(n), item.range) }
                    found = ix
                case .campaign(let c, _):
                    let ix = ws.indices(campaign: c).sorted { ws.entries[$0].info.date < ws.entries[$1].info.date }
                    guard !ix.isEmpty else {
                        if let m = suggestion(for: c, among: Metric.names) {
                            throw QueryError(.unknownMetric(c, suggestion: m), item.range)
                        }
                        throw QueryError(.emptySelection("campaign '\(c)' has no days in the workspace, so it"), item.range)
                    }
                    found = ix
                }
            }
            for i in found where seen.insert(i).inserted {
                if let filter, !filter.contains(ws.entries[i].info.date) { continue }
                out.append(i)
            }
        }
        guard !out.isEmpty else { throw QueryError(.emptySelection("'\(setText(set))'"), set.range) }
        return out
    }

    // MARK: - Autoload

    /// The day sets a command names whose days should be fetched when missing.
    func autoloadSets(_ command: Command) -> [DaySet] {
        switch command {
        case .use(let s): return [s]
        case .show(let s, _, _), .peak(_, let s, _), .top(_, _, let s, _), .chart(_, let s, _), .export(_, let s, _, _):
            return s.map { [$0] } ?? []
        case .query(let q), .chartQuery(let q): return q.of.map { [$0] } ?? []
        case .anomalies(let spec): return spec.of.map { [$0] } ?? []
        case .brief(let s): return s.map { [$0] } ?? []
        case .explain(let e): return autoloadSets(.compare(e.sides))
        case .compare(let spec):
            var sets = spec.a.map { [$0] } ?? []
            if case .days(let b) = spec.base { sets.append(b) }
            return sets
        default: return []
        }
    }

    /// What to fetch before the command can run: the campaign-days its day sets name that the
    /// workspace lacks. With autoload off, an error naming them and the `load` that would bring them.
    func autoloadPlan(_ command: Command, _ state: SessionState) throws(QueryError) -> FetchPlan? {
        // The common case, one campaign's one day (`of c1@2025-08-23`), without building sets.
        if case .query(let q) = command, let set = q.of, let (c, d) = singleDay(set),
           state.workspace.index(campaign: c, date: d) != nil {
            return nil
        }
        var missing: [FetchPlan.Request] = []
        var seen = Set<DayKey>()
        var where_: SourceRange?
        for set in autoloadSets(command) {
            for item in set.items {
                guard let (c, dates) = try namedDates(item.item, set) else { continue }
                for d in dates where state.workspace.index(campaign: c, date: d) == nil {
                    if seen.insert(DayKey(c, d)).inserted {
                        missing.append(FetchPlan.Request(campaign: c, date: d))
                        where_ = where_ ?? item.range
                    }
                }
            }
        }
        guard !missing.isEmpty else { return nil }
        guard state.settings.autoload else {
            let labels = missing.map { "\($0.campaign)@\($0.date!)" }
            var campaigns: [String] = []
            for m in missing where !campaigns.contains(m.campaign) { campaigns.append(m.campaign) }
            let dates = missing.compactMap(\.date)
            let lo = dates.min()!, hi = dates.max()!
            let load = "load \(campaigns.joined(separator: ",")) " + (lo == hi ? "\(lo)" : "\(lo)..\(hi)")
            throw QueryError(.daysNotLoaded(labels, load: load), where_)
        }
        // `brief` and `anomalies` of days not yet held: their baselines in the same round trip.
        var sideKeys = Set<DayKey>()
        let weeks: Int?
        switch command {
        case .brief: weeks = Self.briefBaselineWeeks
        case .anomalies(let spec): weeks = spec.weeks
        default: weeks = nil
        }
        if let weeks {
            for r in missing {
                guard let date = r.date else { continue }
                for k in 1...weeks {
                    let key = DayKey(r.campaign, date.adding(days: -7 * k))
                    if !seen.contains(key), sideDay(key, state) == nil, sideKeys.insert(key).inserted {
                        missing.append(FetchPlan.Request(campaign: key.campaign, date: key.date))
                    }
                }
            }
        }
        return FetchPlan(requests: missing, purpose: .autoload, sideKeys: sideKeys)
    }
}
