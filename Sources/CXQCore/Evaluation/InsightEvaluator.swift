/// `anomalies`, `explain`, `brief` and `chart QUERY`: what a number alone does not say.
extension Evaluator {
    /// The baseline `brief` counts anomalies against.
    static let briefBaselineWeeks = 4

    /// A value, or the fetch the statement needs first.
    func insight(_ o: CompareOutcome) -> Outcome {
        switch o {
        case .value(let v): return .value(v)
        case .need(let plan): return .effect(.fetch(plan))
        }
    }

    // MARK: - anomalies

    /// What an anomaly scan found.
    struct AnomalyScan {
        var rows: [[Cell]] = []
        var checked = 0
        var skipped = 0
    }

    /// Every (day, hour, metric) cell outside its Poisson band: μ = the mean of the same hour on the
    /// `weeks` previous same weekdays, flagged when |x − μ| > K·√max(μ, 1). Cells with fewer than 2
    /// baseline days are skipped and counted.
    func scanAnomalies(_ days: [Day], metrics: [Metric], hours: HourSet, weeks: Int, sigma: Double,
                       _ state: SessionState) -> (AnomalyScan?, [FetchPlan.Request]) {
        var need: [FetchPlan.Request] = []
        let baselines = days.map { baselineDays(of: $0.campaign, $0.date, weeks: weeks, state, need: &need) }
        guard need.isEmpty else { return (nil, need) }
        var scan = AnomalyScan()
        for (d, base) in zip(days, baselines) {
            for h in hours {
                for m in metrics {
                    guard base.count >= 2 else { scan.skipped += 1; continue }
                    scan.checked += 1
                    var total = 0.0
                    for b in base { total += Double(m.integer(in: b, hour: h)!) }
                    let mu = total / Double(base.count)
                    let x = m.integer(in: d, hour: h)!
                    let sd = max(mu, 1).squareRoot()
                    let deviation = Double(x) - mu
                    if abs(deviation) > sigma * sd {
                        scan.rows.append([.text(d.label), .int(Int64(h)), .text(m.rawValue), .int(x), .double(mu), .double(deviation / sd)])
                    }
                }
            }
        }
        return (scan, [])
    }

    func anomalies(_ spec: AnomalySpec, _ state: SessionState) throws(QueryError) -> CompareOutcome {
        let ws = state.workspace
        let days = try indices(spec.of, ws).map { ws.day(at: $0) }.sorted { DayKey($0.campaign, $0.date) < DayKey($1.campaign, $1.date) }
        let metrics = spec.metrics.isEmpty ? [Metric.credits, .results] : spec.metrics
        let hours = spec.hours ?? .all
        let (found, need) = scanAnomalies(days, metrics: metrics, hours: hours, weeks: spec.weeks, sigma: spec.sigma, state)
        guard let scan = found else { return .need(FetchPlan(requests: need, purpose: .side)) }
        let band = "baseline: the same weekday and hour in the \(spec.weeks) weeks before; band \(Self.decimal(spec.sigma))σ"
        var title = scan.rows.isEmpty
            ? "no anomalies: \(plural(scan.checked, "cell")) checked (\(band))"
            : "\(plural(scan.rows.count, "anomaly", "anomalies")) in \(plural(scan.checked, "cell")) checked (\(band))"
        if scan.skipped > 0 {
            title += "; \(plural(scan.skipped, "cell")) skipped: fewer than 2 baseline days"
            if !state.settings.autoload { title += " in the workspace (autoload is off)" }
        }
        return .value(.table(Table(columns: ["day", "hour", "metric", "value", "expected", "score"], rows: scan.rows,
                                   title: title, signedColumns: [5])))
    }

    // MARK: - explain

    /// `compare … by hour` of one metric, hours ranked by the size of their change.
    func explain(_ spec: ExplainSpec, _ state: SessionState) throws(QueryError) -> CompareOutcome {
        var sides = spec.sides
        sides.metrics = [spec.metric]
        sides.byDay = false
        let compared: Table
        switch try compare(sides, state) {
        case .need(let plan): return .need(plan)
        case .value(.table(let t)): compared = t
        case .value(let other): return .value(other)
        }
        // Rows: hour, a, b, delta, pct; the last is the total.
        let hourly = compared.rows.dropLast()
        let totalDelta = Number(compared.rows.last![3])
        let sum = totalDelta.doubleValue ?? 0
        let ranked = hourly.sorted {
            let x = Number($0[3]).doubleValue.map(abs) ?? 0, y = Number($1[3]).doubleValue.map(abs) ?? 0
            return x != y ? x > y : Number($0[0]).doubleValue! < Number($1[0]).doubleValue!
        }
        var rows: [[Cell]] = []
        var cumulative = 0.0
        var explaining: (count: Int, share: Double)?
        for (k, r) in ranked.enumerated() {
            let delta = Number(r[3]).doubleValue ?? 0
            guard sum != 0 else { rows.append(Array(r[0...3]) + [.null, .null]); continue }
            let share = delta / sum * 100
            cumulative += share
            if explaining == nil, cumulative >= 80 - 1e-9 { explaining = (k + 1, cumulative) }
            rows.append(Array(r[0...3]) + [.double(share), .double(cumulative)])
        }
        let what = "the change in \(spec.metric.rawValue) (\(sum > 0 ? "+" : "")\(Self.signedGrouped(totalDelta)))"
        var title: String
        if sum == 0 {
            title = "\(spec.metric.rawValue) did not change in total (0): no hour explains a change"
        } else if let e = explaining {
            title = "\(plural(e.count, "hour")) \(e.count == 1 ? "explains" : "explain") \(Self.decimal(e.share, places: 1))% of \(what)"
        } else {
            title = "no set of hours explains 80% of \(what)"
        }
        if let comparedTitle = compared.title { title += " — " + comparedTitle }
        return .value(.table(Table(columns: ["hour", "a", "b", "delta", "share", "cumulative"], rows: rows,
                                   title: title, signedColumns: [3])))
    }

    // MARK: - brief

    func brief(_ set: DaySet?, _ state: SessionState) throws(QueryError) -> CompareOutcome {
        let ws = state.workspace
        let i: Int
        if let set { i = try oneDay(set, ws) } else {
            guard !ws.isEmpty else { throw QueryError(.emptyWorkspace, nil) }
            guard let c = ws.currentIndex else { throw QueryError(.noCurrentDay, nil) }
            i = c
        }
        let d = ws.day(at: i)
        let weeks = Self.briefBaselineWeeks
        let (found, need) = scanAnomalies([d], metrics: [.credits, .results], hours: .all, weeks: weeks, sigma: 3, state)
        guard let scan = found else { return .need(FetchPlan(requests: need, purpose: .side)) }

        let credits = try ws.total(.credits, at: i), results = try ws.total(.results, at: i)
        func previous(_ m: Metric) throws(QueryError) -> Int64 {
            var t: Int64 = 0
            for h in 0..<24 {
                let (x, o) = t.addingReportingOverflow(m.integer(in: d, hour: h)!)
                if o { throw QueryError(.overflow("the previous period's \(m == .creditsPrev ? "credits" : "results") of \(d.label)"), nil) }
                t = x
            }
            return t
        }
        let creditsPct = Aggregator.delta(.int(credits), .int(try previous(.creditsPrev)))[1]
        let resultsPct = Aggregator.delta(.int(results), .int(try previous(.resultsPrev)))[1]
        let cpr = Number.ratio(credits, results)
        var peak: Int?
        var peakCredits: Int64 = 0
        for h in 0..<24 where d.value(.credits, h) > peakCredits { peak = h; peakCredits = d.value(.credits, h) }
        let anomalies: Int? = scan.checked > 0 ? scan.rows.count : nil
        let weekday = Vocabulary.weekdays[(d.date.weekday + 6) % 7]

        func pct(_ p: Number) -> String {
            guard let v = p.doubleValue else { return "none in the previous period" }
            if Self.decimal(abs(v), places: 1) == "0" { return "0%" }
            return (v < 0 ? "-" : "+") + Self.decimal(abs(v), places: 1) + "%"
        }
        var parts = ["credits \(Self.signedGrouped(.int(credits))) (\(pct(creditsPct)) vs previous period)",
                     "results \(Self.signedGrouped(.int(results))) (\(pct(resultsPct)))"]
        parts.append(cpr.doubleValue.map { "cpr " + Self.decimal($0, places: state.settings.precision, trim: false) } ?? "cpr - (no results)")
        parts.append(peak.map { "busiest hour \($0 < 10 ? "0" : "")\($0):00 (\(Self.signedGrouped(.int(peakCredits))) credits)" } ?? "no credits spent")
        parts.append(anomalies.map { "\(plural($0, "anomaly", "anomalies")) vs \(weeks)-week baseline" } ?? "no baseline for anomalies")
        let origin: String
        let clock = d.fetchedAt.map { Timestamp.iso($0) }
        let hhmm = clock.map { String($0.dropFirst(11).prefix(5)) + " UTC" } ?? ""
        switch d.origin {
        case .api: origin = "from the API at \(hhmm)"
        case .cache: origin = "from the store, fetched \(clock.map { String($0.prefix(10)) + " " } ?? "")\(hhmm)"
        case .demo: origin = "demo data made at \(hhmm)"
        case .file: origin = "from a file"
        }
        let text = "\(d.campaign) \(weekday.prefix(1).uppercased() + weekday.dropFirst()) \(d.date): "
            + parts.joined(separator: ", ") + "; " + origin
        return .value(.brief(Brief(text: text, day: d.label, campaign: d.campaign, date: d.date, weekday: weekday,
                                   credits: credits, creditsPct: creditsPct, results: results, resultsPct: resultsPct,
                                   cpr: cpr, peakHour: peak, peakCredits: peakCredits, anomalies: anomalies,
                                   baselineWeeks: weeks, source: d.origin, fetched: d.origin == .file ? nil : d.fetchedAt)))
    }

    // MARK: - chart QUERY

    /// A query with one column and one or two keys, drawn: bars, or a heatmap.
    func chart(_ q: Query, _ ws: Workspace) throws(QueryError) -> Value {
        guard case .table(let t) = try query(q, ws) else {
            throw QueryError(.misuse("chart draws a query grouped by one key (bars) or two (a heatmap); add 'by KEY'"), nil)
        }
        let keys = q.by.count
        let name = t.columns[keys]
        let title = "\(name) by \(t.columns[0..<keys].joined(separator: " and "))" + (t.title.map { ", " + $0 } ?? "")
        if keys == 1 {
            return .plot(Plot(title: title, valueName: name, keyNames: [t.columns[0]],
                              rowLabels: t.rows.map { Self.label($0[0]) }, columnLabels: [],
                              values: t.rows.map { [Number($0[1])] }, table: t))
        }
        // The crosstab in the query engine's own key order (the one order every table has).
        var crossQuery = q
        crossQuery.pivot = true
        guard case .table(let cross) = try query(crossQuery, ws) else { return .table(t) }
        return .plot(Plot(title: title, valueName: name, keyNames: [t.columns[0], t.columns[1]],
                          rowLabels: cross.rows.map { Self.label($0[0]) }, columnLabels: Array(cross.columns.dropFirst()),
                          values: cross.rows.map { $0.dropFirst().map(Number.init) }, table: t))
    }

    /// A key cell as text: `9`, `mon`, `2025-W34`.
    static func label(_ c: Cell) -> String {
        switch c {
        case .int(let v): return String(v)
        case .double(let d): return decimal(d)
        case .text(let s): return s
        case .null: return "-"
        }
    }

    // MARK: - Numbers in sentences

    /// `1,240`, `-1,240`, `12.5`: grouped by thousands (prose only), with an ASCII minus as tables use.
    /// A count in prose: `1,308`.
    public static func grouped(_ n: Int) -> String { signedGrouped(.int(Int64(n))) }

    static func signedGrouped(_ n: Number) -> String {
        switch n {
        case .int(let v):
            let digits = String(v.magnitude)
            var out = ""
            for (k, ch) in digits.enumerated() {
                if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
                out.append(ch)
            }
            return (v < 0 ? "-" : "") + out
        case .double(let d):
            if d == d.rounded(), abs(d) < 1e15 { return signedGrouped(.int(Int64(d))) }
            return (d < 0 ? "-" : "") + decimal(abs(d), places: 2)
        case .null: return "-"
        }
    }

    /// A decimal with at most `places` places (trailing zeros dropped unless `trim` is false).
    static func decimal(_ v: Double, places: Int = 2, trim: Bool = true) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        guard r < 9e15 else { return String(v) }
        let whole = Int64(r) / Int64(scale), frac = Int64(r) % Int64(scale)
        var fracText = places > 0 ? String(frac) : ""
        while fracText.count < places { fracText = "0" + fracText }
        if trim { while fracText.hasSuffix("0") { fracText.removeLast() } }
        return (v < 0 && r > 0 ? "-" : "") + String(whole) + (fracText.isEmpty ? "" : "." + fracText)
    }
}

/// `1 anomaly`, `3 anomalies`.
public func plural(_ n: Int, _ one: String, _ many: String) -> String {
    n == 1 ? "1 \(one)" : "\(n < 1000 && n > -1000 ? String(n) : Evaluator.grouped(n)) \(many)"
}

extension Number {
    /// The number a table cell holds (text is null).
    init(_ c: Cell) {
        switch c {
        case .int(let v): self = .int(v)
        case .double(let d): self = .double(d)
        case .text, .null: self = .null
        }
    }
}
