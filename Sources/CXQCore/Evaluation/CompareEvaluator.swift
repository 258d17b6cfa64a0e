/// `compare`: A against B, hour by hour or day by day, with Δ and Δ%.
extension Evaluator {
    /// A comparison's value, or the days it still needs from the source (B sides that do not
    /// join the workspace: `offset`, `baseline`).
    enum CompareOutcome {
        case value(Value)
        case need(FetchPlan)
    }

    /// One side of the comparison: the value of a metric at an hour of one A day.
    typealias Side = (_ m: Metric, _ day: Int, _ h: Int) -> Number

    func compare(_ spec: CompareSpec, _ state: SessionState) throws(QueryError) -> CompareOutcome {
        let ws = state.workspace
        let ms = spec.metrics.isEmpty ? [Metric.credits, .results] : spec.metrics
        let hours = spec.hours ?? .all
        let aIx: [Int]
        if let a = spec.a { aIx = try indices(a, ws) } else {
            guard !ws.isEmpty else { throw QueryError(.emptyWorkspace, nil) }
            guard let i = ws.currentIndex else { throw QueryError(.noCurrentDay, nil) }
            aIx = [i]
        }
        let aDays = aIx.map { ws.day(at: $0) }
        var bDays: [Day] = []
        /// The baseline days of each A day (baseline only).
        var baselines: [[Day]] = []
        let bTitle: String
        switch spec.base {
        case .prev:
            let allowed: [Metric] = [.credits, .results, .cpr]
            for m in ms where !allowed.contains(m) {
                throw QueryError(.metricNotAllowed(m, command: "against the previous period, compare", allowed: allowed), nil)
            }
            bTitle = "its previous period (from the _change arrays)"
        case .days(let set):
            bDays = try indices(set, ws).map { ws.day(at: $0) }
            bTitle = describe(bDays)
        case .offset(let n):
            var need: [FetchPlan.Request] = []
            for d in aDays {
                let key = DayKey(d.campaign, d.date.adding(days: -n))
                let distance = n % 7 == 0 ? plural(n / 7, "week") : plural(n, "day")
                switch sideDay(key, state) {
                case .some(.some(let day)): bDays.append(day)
                case .some(.none):
                    // The comparison itself needs this day: a fetch failure in the source's words.
                    let reason = state.sideMissing[key] ?? "no data at the source"
                    throw QueryError(.fetchFailed([FailedDay(campaign: key.campaign, date: key.date,
                                                             reason: "\(reason) (\(distance) before \(d.label))", category: .fetch)], arrived: 0), nil)
                case .none:
                    guard state.settings.autoload else {
                        throw QueryError(.daysNotLoaded([key.label], load: "load \(key.campaign) \(key.date)"), nil)
                    }
                    need.append(FetchPlan.Request(campaign: key.campaign, date: key.date))
                }
            }
            if !need.isEmpty { return .need(FetchPlan(requests: need, purpose: .side)) }
            bTitle = "the same days \(n % 7 == 0 ? plural(n / 7, "week") : plural(n, "day")) earlier"
        case .baseline(let weeks):
            var need: [FetchPlan.Request] = []
            baselines = aDays.map { baselineDays(of: $0.campaign, $0.date, weeks: weeks, state, need: &need) }
            if !need.isEmpty { return .need(FetchPlan(requests: need, purpose: .side)) }
            if let i = baselines.firstIndex(where: \.isEmpty) {
                throw QueryError(.data("\(aDays[i].label) has no baseline: none of the \(weeks) previous \(Self.weekdayName(aDays[i].date))s has data\(state.settings.autoload ? " at the source" : " in the workspace (autoload is off)")"), nil)
            }
            bTitle = "the hourly median of the same weekday in the \(weeks) weeks before"
        }
        // Unequal sides are compared as they are, and the title says so: by day, the extra days of
        // the longer side stand alone with nulls on the other side.
        var unequal = ""
        if case .days = spec.base, bDays.count != aDays.count {
            unequal = "; A has \(plural(aDays.count, "day")), B \(bDays.count)"
            if spec.byDay {
                let extra = abs(aDays.count - bDays.count)
                unequal += ": \(plural(extra, "day")) of \(aDays.count > bDays.count ? "A" : "B") unpaired"
            }
        }

        // B's value of a metric at an hour, for the A day with the same position.
        func bValue(_ m: Metric, _ k: Int, _ h: Int) -> (credits: Double, results: Double, value: Number)? {
            switch spec.base {
            case .prev:
                let d = aDays[k]
                let c = Metric.creditsPrev.integer(in: d, hour: h)!, r = Metric.resultsPrev.integer(in: d, hour: h)!
                let v: Number = m == .cpr ? .ratio(c, r) : (m == .credits ? .int(c) : .int(r))
                return (Double(c), Double(r), v)
            case .baseline:
                let base = baselines[k]
                let c = Aggregator.median(base.map { Double($0.value(.credits, h)) }.sorted())
                let r = Aggregator.median(base.map { Double($0.value(.results, h)) }.sorted())
                if m == .cpr { return (c, r, r == 0 ? .null : .double(c / r)) }
                if m == .credits { return (c, r, .double(c)) }
                if m == .results { return (c, r, .double(r)) }
                return (c, r, .double(Aggregator.median(base.map { Double(m.integer(in: $0, hour: h)!) }.sorted())))
            case .days, .offset:
                guard k < bDays.count else { return nil }
                let d = bDays[k]
                return (Double(d.value(.credits, h)), Double(d.value(.results, h)), m.cell(in: d, hour: h))
            }
        }

        var columns = [spec.byDay ? "a" : "hour"]
        if spec.byDay { columns.append("b") }
        var signed = Set<Int>()
        for m in ms {
            columns += ["\(m.rawValue)_a", "\(m.rawValue)_b", "\(m.rawValue)_delta", "\(m.rawValue)_pct"]
            signed.insert(columns.count - 2); signed.insert(columns.count - 1)
        }
        let bIsSet: Bool
        if case .days = spec.base { bIsSet = true } else { bIsSet = false }

        // Sums over a block of (A day, hour) cells: one row of the result.
        func sums(_ m: Metric, aDays ks: [Int], bDays bks: [Int], hours hs: HourSet) throws(QueryError) -> (Number, Number) {
            var a = Sum(), b = Sum()
            for k in ks {
                for h in hs {
                    try a.add(m, credits: aDays[k].value(.credits, h), results: aDays[k].value(.results, h), value: m.cell(in: aDays[k], hour: h))
                    if !bIsSet, let v = bValue(m, k, h) { try b.add(m, credits: v.credits, results: v.results, value: v.value) }
                }
            }
            if bIsSet {
                for k in bks { for h in hs { let d = bDays[k]; try b.add(m, credits: d.value(.credits, h), results: d.value(.results, h), value: m.cell(in: d, hour: h)) } }
            }
            return (a.value(m), b.value(m))
        }

        var rows: [[Cell]] = []
        let allA = Array(aDays.indices)
        let allB = Array(bDays.indices)
        if spec.byDay {
            let orderA = allA.sorted { DayKey.byDate(aDays[$0], aDays[$1]) }
            let orderB = allB.sorted { DayKey.byDate(bDays[$0], bDays[$1]) }
            for n in 0..<max(orderA.count, bIsSet ? orderB.count : 0) {
                let k: Int? = n < orderA.count ? orderA[n] : nil
                let bk: Int? = bIsSet && n < orderB.count ? orderB[n] : nil
                let bLabel: Cell
                switch spec.base {
                case .prev: bLabel = .text("\(aDays[k!].label) (prev)")
                case .baseline(let w): bLabel = .text("\(aDays[k!].label) (baseline \(w)w)")
                case .offset: bLabel = .text(bDays[k!].label)
                case .days: bLabel = bk.map { .text(bDays[$0].label) } ?? .null
                }
                var row: [Cell] = [k.map { .text(aDays[$0].label) } ?? .null, bLabel]
                for m in ms {
                    var (a, b) = try sums(m, aDays: k.map { [$0] } ?? [], bDays: bk.map { [$0] } ?? [], hours: hours)
                    if k == nil { a = .null }
                    if bIsSet && bk == nil { b = .null }
                    row += [Cell(a), Cell(b)] + Aggregator.delta(a, b).map(Cell.init)
                }
                rows.append(row)
            }
        } else {
            for h in hours {
                var row: [Cell] = [.int(Int64(h))]
                for m in ms {
                    let (a, b) = try sums(m, aDays: allA, bDays: allB, hours: HourSet([h]))
                    row += [Cell(a), Cell(b)] + Aggregator.delta(a, b).map(Cell.init)
                }
                rows.append(row)
            }
        }
        var total: [Cell] = [.text("total")]
        if spec.byDay { total.append(.null) }
        for m in ms {
            let (a, b) = try sums(m, aDays: allA, bDays: allB, hours: hours)
            total += [Cell(a), Cell(b)] + Aggregator.delta(a, b).map(Cell.init)
        }
        rows.append(total)
        let title = "A = \(describe(aDays)), B = \(bTitle); \(hours.label)\(unequal)"
        var table = Table(columns: columns, rows: rows, title: title, signedColumns: signed)
        // At a narrow terminal the deltas go first (a and b show them), then B's day, then B's
        // values (the percentages stay): a table, not one field a line.
        let deltas = columns.indices.filter { columns[$0].hasSuffix("_delta") }.reversed()
        let bValues = columns.indices.filter { columns[$0].hasSuffix("_b") }.reversed()
        table.narrowDrops = Array(deltas) + (spec.byDay ? [1] : []) + Array(bValues)
        return .value(.table(table))
    }

    /// A day of the workspace or a side day: `.some(day)`, `.some(nil)` when the source has no
    /// data for it, nil when it has not been asked for.
    func sideDay(_ key: DayKey, _ state: SessionState) -> Day?? {
        if let i = state.workspace.index(campaign: key.campaign, date: key.date) { return .some(state.workspace.day(at: i)) }
        return state.sideDays[key]
    }

    /// The same campaign's days 1…`weeks` weeks before `date` that exist (decision 11: a day the
    /// source has no data for is left out). Days not yet asked for are added to `need` — or, with
    /// autoload off, left out as well: then only the workspace and days already fetched count.
    func baselineDays(of campaign: String, _ date: CivilDate, weeks: Int, _ state: SessionState,
                      need: inout [FetchPlan.Request]) -> [Day] {
        var found: [Day] = []
        for k in 1...weeks {
            let key = DayKey(campaign, date.adding(days: -7 * k))
            switch sideDay(key, state) {
            case .some(.some(let day)): found.append(day)
            case .some(.none): break
            case .none:
                if state.settings.autoload, !need.contains(where: { $0.campaign == campaign && $0.date == key.date }) {
                    need.append(FetchPlan.Request(campaign: campaign, date: key.date))
                }
            }
        }
        return found
    }

    /// `camp123@2025-08-23`, `camp123@2025-08-18..2025-08-24 (7 days)`, or `12 days`.
    func describe(_ days: [Day]) -> String {
        guard let first = days.first else { return "no days" }
        if days.count == 1 { return first.label }
        let sorted = days.sorted { $0.date < $1.date }
        let oneCampaign = days.allSatisfy { $0.campaign == first.campaign }
        let contiguous = Int(sorted.last!.date.dayNumber - sorted[0].date.dayNumber) + 1 == days.count
        if oneCampaign && contiguous { return "\(first.campaign)@\(sorted[0].date)..\(sorted.last!.date) (\(days.count) days)" }
        return plural(days.count, "day")
    }

    static func weekdayName(_ d: CivilDate) -> String {
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][d.weekday]
    }
}

/// A checked running sum of one metric on one side: integers exactly, baseline medians as
/// decimals, cpr as Σcredits / Σresults.
struct Sum {
    var int: Int64 = 0
    var double = 0.0
    var decimal = false
    var credits = 0.0
    var results = 0.0
    var exactCredits: Int64 = 0
    var exactResults: Int64 = 0

    mutating func add(_ m: Metric, credits c: Double, results r: Double, value: Number) throws(QueryError) {
        if m == .cpr { credits += c; results += r; return }
        switch value {
        case .int(let v):
            let (t, o) = int.addingReportingOverflow(v)
            if o { throw QueryError(.overflow("the total of \(m.rawValue)"), nil) }
            int = t
        case .double(let d): double += d; decimal = true
        case .null: break
        }
    }

    mutating func add(_ m: Metric, credits c: Int64, results r: Int64, value: Number) throws(QueryError) {
        if m == .cpr {
            let (x, o1) = exactCredits.addingReportingOverflow(c), (y, o2) = exactResults.addingReportingOverflow(r)
            if o1 || o2 { throw QueryError(.overflow("the totals behind cpr"), nil) }
            exactCredits = x; exactResults = y
            credits = Double(x); results = Double(y)
            return
        }
        try add(m, credits: Double(c), results: Double(r), value: value)
    }

    func value(_ m: Metric) -> Number {
        if m == .cpr { return results == 0 ? .null : .double(credits / results) }
        return decimal ? .double(double + Double(int)) : .int(int)
    }
}

extension DayKey {
    /// Date order, then campaign in byte order (how `compare … by day` pairs days).
    static func byDate(_ a: Day, _ b: Day) -> Bool {
        a.date == b.date ? Array(a.campaign.utf8).lexicographicallyPrecedes(Array(b.campaign.utf8)) : a.date < b.date
    }
}
