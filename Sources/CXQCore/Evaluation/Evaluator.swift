/// Evaluates parsed statements against a session's state, returning values or effects.
///
/// Pure: no I/O, no clock (today comes from the `today` closure the shell supplies), no
/// printing. An error leaves the state as it was.
public struct Evaluator: Sendable {
    /// Tells today's date; supplied by the shell.
    public let clock: any CalendarClock
    /// The time zone of the statement being evaluated (`set tz`).
    var tz: String?

    public init(clock: any CalendarClock) { self.clock = clock }

    /// Today in the session's time zone.
    func today() -> CivilDate { clock.today(in: tz) }

    /// Evaluates one statement.
    public func evaluate(_ statement: Statement, in state: inout SessionState) throws(QueryError) -> Outcome {
        var e = self
        e.tz = state.settings.tz
        return try e.run(statement, in: &state)
    }

    func run(_ statement: Statement, in state: inout SessionState) throws(QueryError) -> Outcome {
        switch statement.command {
        case .load(let campaign, let dates, let name, let refresh):
            var list: [CivilDate]?
            if let dates { list = try resolve(dates) }
            return .effect(.fetch(FetchPlan(campaign: campaign, dates: list, name: name, refresh: refresh)))
        case .days:
            return .value(daysTable(state.workspace))
        case .use(let ref):
            let i = try index(of: ref, in: state.workspace)
            let e = state.workspace.entries[i]
            state.workspace.setCurrent(e.number)
            return .value(.message("current day: \(e.day.label) (#\(e.number))"))
        case .show(let days, let hours, let metrics):
            return .value(try show(days, hours ?? .all, metrics, state.workspace))
        case .aggregate(let agg, let metric, let hours, let of, let by):
            return .value(try aggregate(agg, metric, hours ?? .all, of, by, state.workspace))
        case .peak(let metric, let of, let hours):
            return .value(try peak(metric, of, hours ?? .all, state.workspace))
        case .top(let n, let metric, let of, let hours):
            return .value(try top(n, metric, of, hours ?? .all, state.workspace))
        case .compare(let a, let b, let metrics, let hours):
            return .value(try compare(a, b, metrics, hours ?? .all, state.workspace))
        case .chart(let metric, let of, let hours):
            let ix = try indices(of, state.workspace)
            let hs = hours ?? .all
            let series = ix.map { i -> Chart.Series in
                let d = state.workspace.entries[i].day
                return Chart.Series(label: d.label, values: hs.map { metric.cell(in: d, hour: $0) })
            }
            return .value(.chart(Chart(metric: metric, hours: hs, series: series)))
        case .export(let format, let set, let path):
            let ix = try indices(set, state.workspace, defaultAll: true)
            let days = ix.map { state.workspace.entries[$0].day }
            let bytes = Exporter.export(days, as: format)
            guard let path else { return .value(.text(String(decoding: bytes, as: UTF8.self))) }
            return .effect(.write(path: path, contents: bytes,
                                  summary: "exported \(plural(days.count, "day")) as \(format.rawValue) to \(path)"))
        case .save(let path):
            let days = state.workspace.entries.map(\.day)
            return .effect(.write(path: path, contents: DayRecord.encodeLines(days),
                                  summary: "saved \(plural(days.count, "day")) to \(path)"))
        case .open(let path):
            return .effect(.open(path: path))
        case .drop(let set):
            let ix = try indices(set, state.workspace)
            state.workspace.remove(indices: Set(ix))
            return .value(.message("dropped \(plural(ix.count, "day")); \(plural(state.workspace.count, "day")) left"))
        case .clear:
            let n = state.workspace.count
            state.workspace.removeAll()
            return .value(.message("cleared the workspace (\(plural(n, "day")) removed)"))
        case .set(let change):
            guard let change else {
                return .value(.table(Table(columns: ["setting", "value"],
                                           rows: state.settings.listing.map { [.text($0.0), .text($0.1)] })))
            }
            if case .text(let zone) = change.value, !clock.isKnownZone(zone) {
                throw QueryError(.invalidSetting("unknown time zone '\(zone)'; use a name such as UTC or Europe/Paris"), nil)
            }
            state.settings.apply(change)
            return .value(.message("\(change.name) is \(state.settings.shown(change.name))"))
        case .profile(let name): return .effect(.profile(name))
        case .cache(let clear): return .effect(.cache(clear: clear))
        case .history: return .effect(.history)
        case .watch(let seconds, let inner): return .effect(.watch(seconds: seconds, inner))
        case .read(let path): return .effect(.run(path: path))
        case .help(let word):
            guard let text = Help.text(for: word) else {
                throw QueryError(.unknownCommand(word ?? "", suggestion: suggestion(for: word ?? "", among: Vocabulary.commandWords)),
                                 nil)
            }
            return .value(.message(text))
        case .quit: return .effect(.quit)
        }
    }

    // MARK: - Taking in what effects produced

    /// Adds the days a fetch brought, names and makes current the last one, and reports each
    /// day in a line. Failed days are listed with their reasons; the ones that arrived are kept.
    /// Returns the summary and, when any day failed, an error to report after it.
    public func absorb(_ plan: FetchPlan, results: [FetchResult], into state: inout SessionState) throws(QueryError) -> Value {
        var rows: [[Cell]] = []
        var failures: [FailedDay] = []
        var last: Int?
        for r in results {
            switch r {
            case .success(let day):
                let n = state.workspace.insert(day)
                last = n
                rows.append([.int(Int64(n)), .text(day.campaign), .text(day.date.description),
                             .int(day.total(.credits)), .int(day.total(.results)), .text(day.origin.rawValue)])
            case .failure(let date, let reason, let category):
                failures.append(FailedDay(campaign: plan.campaign, date: date, reason: reason, category: category))
            }
        }
        if let last {
            state.workspace.setCurrent(last)
            if let name = plan.name { state.workspace.name(name, number: last) }
        }
        let table = Value.table(Table(columns: ["#", "campaign", "date", "credits", "results", "source"], rows: rows,
                                      title: rows.isEmpty ? nil : "loaded \(plural(rows.count, "day"))"))
        guard failures.isEmpty else {
            throw QueryError(.fetchFailed(failures, arrived: rows.count), nil, partial: rows.isEmpty ? nil : table)
        }
        return table
    }

    /// Adds the good days of a day file; bad lines are reported by number.
    public func absorbFile(path: String, contents: DayRecord.FileContents, into state: inout SessionState) throws(QueryError) -> Value {
        var last: Int?
        for d in contents.days { last = state.workspace.insert(d) }
        if let last { state.workspace.setCurrent(last) }
        let msg = Value.message("opened \(path): \(plural(contents.days.count, "day")) added")
        guard !contents.problems.isEmpty else { return msg }
        let shown = contents.problems.prefix(5).map { "line \($0.line): \($0.message)" }
        let more = contents.problems.count > 5 ? "; and \(contents.problems.count - 5) more" : ""
        throw QueryError(.effect("\(path): \(plural(contents.problems.count, "bad line")), \(plural(contents.days.count, "day")) kept: "
                                 + shown.joined(separator: "; ") + more, .file), nil, partial: msg)
    }

    // MARK: - Resolving days

    /// The dates of a date selection, checked: real order, at most 366 days.
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
        guard n <= 366 else { throw QueryError(.rangeTooLong(from: a.description, to: b.description, days: n), r) }
    }

    func index(of ref: DayReference, in ws: Workspace) throws(QueryError) -> Int {
        if ws.isEmpty { throw QueryError(.emptyWorkspace, ref.range) }
        switch ref.ref {
        case .current:
            guard let i = ws.currentIndex else { throw QueryError(.noCurrentDay, ref.range) }
            return i
        case .number(let n):
            guard let i = ws.index(number: n) else { throw QueryError(.unknownDayNumber(n), ref.range) }
            return i
        case .name(let name):
            guard let i = ws.index(name: name) else { throw QueryError(.unknownName(name), ref.range) }
            return i
        case .key(let campaign, let spec):
            let date: CivilDate
            if case .absolute(let d) = spec { date = d } else { date = spec.resolve(today: today()) }
            guard let i = ws.index(campaign: campaign, date: date) else {
                throw QueryError(.dayNotLoaded("\(campaign)@\(date)"), ref.range)
            }
            return i
        }
    }

    /// Positions of a day set's days; without a set, the current day (or every day).
    func indices(_ set: DaySet?, _ ws: Workspace, defaultAll: Bool = false) throws(QueryError) -> [Int] {
        guard let set else {
            if ws.isEmpty { throw QueryError(.emptyWorkspace, nil) }
            if defaultAll { return Array(ws.entries.indices) }
            guard let i = ws.currentIndex else { throw QueryError(.noCurrentDay, nil) }
            return [i]
        }
        if ws.isEmpty { throw QueryError(.emptyWorkspace, set.range) }
        switch set.spec {
        case .all:
            return Array(ws.entries.indices)
        case .ref(let r):
            return [try index(of: DayReference(ref: r, range: set.range), in: ws)]
        case .campaign(let c):
            let ix = ws.indices(campaign: c)
            guard !ix.isEmpty else {
                if let m = suggestion(for: c, among: Metric.names) {
                    throw QueryError(.unknownMetric(c, suggestion: m), set.range)
                }
                throw QueryError(.emptySelection("campaign '\(c)' has no days in the workspace, so it"), set.range)
            }
            return ix
        case .range(let c, let from, let to):
            let t = today()
            let a = from.resolve(today: t), b = to.resolve(today: t)
            try checkRange(a, b, set.range)
            let ix = ws.indices(campaign: c).filter {
                let d = ws.entries[$0].day.date
                return d >= a && d <= b
            }.sorted { ws.entries[$0].day.date < ws.entries[$1].day.date }
            guard !ix.isEmpty else { throw QueryError(.emptySelection("\(c)@\(a)..\(b)"), set.range) }
            return ix
        }
    }

    // MARK: - Queries

    func daysTable(_ ws: Workspace) -> Value {
        let cur = ws.currentNumber
        let rows: [[Cell]] = ws.entries.map { e in
            let name = ws.names.filter { $0.value == e.number }.map { "$" + $0.key }.sorted().joined(separator: " ")
            return [.int(Int64(e.number)), .text(e.number == cur ? "*" : ""), .text(name), .text(e.day.campaign),
                    .text(e.day.date.description), .int(e.day.total(.credits)), .int(e.day.total(.results)),
                    .text(e.day.origin.rawValue), .text(e.day.sourceDetail),
                    e.day.fetchedAt.map { .text(Timestamp.iso($0)) } ?? .null]
        }
        return .table(Table(columns: ["#", "current", "name", "campaign", "date", "credits", "results", "source", "from", "fetched"],
                            rows: rows, title: ws.isEmpty ? "the workspace is empty" : nil))
    }

    func show(_ set: DaySet?, _ hours: HourSet, _ metrics: [Metric], _ ws: Workspace) throws(QueryError) -> Value {
        let ix = try indices(set, ws)
        let ms = metrics.isEmpty ? [Metric.credits, .creditsChange, .results, .resultsChange] : metrics
        let many = ix.count > 1
        var rows: [[Cell]] = []
        rows.reserveCapacity(ix.count * hours.count)
        for i in ix {
            let d = ws.entries[i].day
            for h in hours {
                var row: [Cell] = many ? [.text(d.label), .int(Int64(h))] : [.int(Int64(h))]
                for m in ms { row.append(Cell(m.cell(in: d, hour: h))) }
                rows.append(row)
            }
        }
        let cols = (many ? ["day", "hour"] : ["hour"]) + ms.map(\.rawValue)
        let title = many ? "\(plural(ix.count, "day")), \(hours.label)" : "\(ws.entries[ix[0]].day.label), \(hours.label)"
        return .table(Table(columns: cols, rows: rows, title: title))
    }

    func aggregate(_ agg: Aggregate, _ metric: Metric, _ hours: HourSet, _ of: DaySet?, _ by: Grouping?,
                   _ ws: Workspace) throws(QueryError) -> Value {
        let ix = try indices(of, ws)
        let column = "\(agg.rawValue)(\(metric.rawValue))"
        switch by {
        case nil:
            // The hot path of a batch run: one day, a few hours, no allocation beyond the label.
            let v = try Aggregator.compute(agg, metric, days: ix.lazy.map { ws.entries[$0].day }, hours: hours)
            return .scalar(Scalar(metric: metric, aggregate: agg, hours: hours,
                                  days: ix.map { ws.entries[$0].day.label }, value: v))
        case .day:
            var rows: [[Cell]] = []
            for i in ix {
                let d = ws.entries[i].day
                rows.append([.text(d.label), Cell(try Aggregator.compute(agg, metric, days: [d], hours: hours))])
            }
            return .table(Table(columns: ["day", column], rows: rows, title: hours.label))
        case .campaign:
            var order: [String] = []
            var groups: [String: [Day]] = [:]
            for i in ix {
                let d = ws.entries[i].day
                if groups[d.campaign] == nil { order.append(d.campaign) }
                groups[d.campaign, default: []].append(d)
            }
            var rows: [[Cell]] = []
            for c in order {
                rows.append([.text(c), .int(Int64(groups[c]!.count)),
                             Cell(try Aggregator.compute(agg, metric, days: groups[c]!, hours: hours))])
            }
            return .table(Table(columns: ["campaign", "days", column], rows: rows, title: hours.label))
        case .hour:
            let days = ix.map { ws.entries[$0].day }
            var rows: [[Cell]] = []
            for h in hours {
                rows.append([.int(Int64(h)), Cell(try Aggregator.compute(agg, metric, days: days, hours: HourSet([h])))])
            }
            return .table(Table(columns: ["hour", column], rows: rows, title: "\(plural(days.count, "day"))"))
        }
    }

    /// Every selected (day, hour) cell with its value; null cells left out.
    func cells(_ metric: Metric, _ ix: [Int], _ hours: HourSet, _ ws: Workspace) -> [(day: Day, hour: Int, value: Number, order: Int)] {
        var out: [(Day, Int, Number, Int)] = []
        var k = 0
        for i in ix {
            let d = ws.entries[i].day
            for h in hours {
                let v = metric.cell(in: d, hour: h)
                if v != .null { out.append((d, h, v, k)) }
                k += 1
            }
        }
        return out
    }

    func peak(_ metric: Metric, _ of: DaySet?, _ hours: HourSet, _ ws: Workspace) throws(QueryError) -> Value {
        let ix = try indices(of, ws)
        let all = cells(metric, ix, hours, ws)
        var best: [(day: Day, hour: Int, value: Number, order: Int)] = []
        for c in all {
            guard let first = best.first else { best = [c]; continue }
            switch Aggregator.compare(c.value, first.value) {
            case 1: best = [c]
            case 0: best.append(c)
            default: break
            }
        }
        let rows: [[Cell]] = best.map { [.text($0.day.label), .int(Int64($0.hour)), Cell($0.value)] }
        return .table(Table(columns: ["day", "hour", metric.rawValue], rows: rows,
                            title: rows.isEmpty ? "no hour has a \(metric.rawValue) value" : "peak \(metric.rawValue), \(hours.label)"))
    }

    func top(_ n: Int, _ metric: Metric, _ of: DaySet?, _ hours: HourSet, _ ws: Workspace) throws(QueryError) -> Value {
        let ix = try indices(of, ws)
        let sorted = cells(metric, ix, hours, ws).sorted {
            let c = Aggregator.compare($0.value, $1.value)
            return c == 0 ? $0.order < $1.order : c > 0
        }
        let rows: [[Cell]] = sorted.prefix(n).enumerated().map { k, c in
            [.int(Int64(k + 1)), .text(c.day.label), .int(Int64(c.hour)), Cell(c.value)]
        }
        return .table(Table(columns: ["rank", "day", "hour", metric.rawValue], rows: rows,
                            title: "top \(n) hours by \(metric.rawValue), \(hours.label)"))
    }

    func compare(_ a: DayReference?, _ b: DayReference?, _ metrics: [Metric], _ hours: HourSet,
                 _ ws: Workspace) throws(QueryError) -> Value {
        let ms = metrics.isEmpty ? [Metric.credits, .results] : metrics
        let dayA: Day, dayB: Day?
        let title: String
        switch (a, b) {
        case (nil, _):
            guard !ws.isEmpty else { throw QueryError(.emptyWorkspace, nil) }
            guard let i = ws.currentIndex else { throw QueryError(.noCurrentDay, nil) }
            dayA = ws.entries[i].day
            dayB = nil
            let allowed: [Metric] = [.credits, .results, .cpr]
            for m in ms where !allowed.contains(m) {
                throw QueryError(.metricNotAllowed(m, command: "against the previous period, compare", allowed: allowed), nil)
            }
            title = "A = \(dayA.label), B = its previous period (from the _change arrays)"
        case (let ra?, nil):
            guard let i = ws.currentIndex else { throw QueryError(ws.isEmpty ? .emptyWorkspace : .noCurrentDay, nil) }
            dayA = ws.entries[i].day
            dayB = ws.entries[try index(of: ra, in: ws)].day
            title = "A = \(dayA.label), B = \(dayB!.label)"
        case (let ra?, let rb?):
            dayA = ws.entries[try index(of: ra, in: ws)].day
            dayB = ws.entries[try index(of: rb, in: ws)].day
            title = "A = \(dayA.label), B = \(dayB!.label)"
        }
        // Sums per metric for the totals row: (credits, results) of A and B.
        func pair(_ m: Metric, _ h: Int) -> (Number, Number) {
            if let dayB { return (m.cell(in: dayA, hour: h), m.cell(in: dayB, hour: h)) }
            let prev: Metric = m == .credits ? .creditsPrev : .resultsPrev
            if m == .cpr {
                return (m.cell(in: dayA, hour: h),
                        Number.ratio(Metric.creditsPrev.integer(in: dayA, hour: h)!, Metric.resultsPrev.integer(in: dayA, hour: h)!))
            }
            return (m.cell(in: dayA, hour: h), prev.cell(in: dayA, hour: h))
        }
        var rows: [[Cell]] = []
        var columns = ["hour"]
        var signed = Set<Int>()
        for m in ms {
            columns += ["\(m.rawValue)_a", "\(m.rawValue)_b", "\(m.rawValue)_delta", "\(m.rawValue)_pct"]
            signed.insert(columns.count - 2); signed.insert(columns.count - 1)
        }
        var totals: [Metric: (a: Int64, b: Int64, ca: Int64, ra: Int64, cb: Int64, rb: Int64)] = [:]
        for h in hours {
            var row: [Cell] = [.int(Int64(h))]
            for m in ms {
                let (va, vb) = pair(m, h)
                row += [Cell(va), Cell(vb)] + Aggregator.delta(va, vb).map(Cell.init)
                var t = totals[m] ?? (0, 0, 0, 0, 0, 0)
                if case .int(let x) = va { t.a = t.a &+ x }
                if case .int(let y) = vb { t.b = t.b &+ y }
                t.ca = t.ca &+ dayA.value(.credits, h); t.ra = t.ra &+ dayA.value(.results, h)
                if let dayB {
                    t.cb = t.cb &+ dayB.value(.credits, h); t.rb = t.rb &+ dayB.value(.results, h)
                } else {
                    t.cb = t.cb &+ Metric.creditsPrev.integer(in: dayA, hour: h)!
                    t.rb = t.rb &+ Metric.resultsPrev.integer(in: dayA, hour: h)!
                }
                totals[m] = t
            }
            rows.append(row)
        }
        var total: [Cell] = [.text("total")]
        for m in ms {
            let t = totals[m] ?? (0, 0, 0, 0, 0, 0)
            let va: Number = m == .cpr ? .ratio(t.ca, t.ra) : .int(t.a)
            let vb: Number = m == .cpr ? .ratio(t.cb, t.rb) : .int(t.b)
            total += [Cell(va), Cell(vb)] + Aggregator.delta(va, vb).map(Cell.init)
        }
        rows.append(total)
        return .table(Table(columns: columns, rows: rows, title: "\(title); \(hours.label)", signedColumns: signed))
    }
}

/// `1 day`, `3 days`.
public func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }

/// Formats Unix seconds without Foundation.
public enum Timestamp {
    /// `2026-11-29T09:03:22Z`.
    public static func iso(_ unix: Int64) -> String {
        let days = unix >= 0 ? unix / 86_400 : (unix - 86_399) / 86_400
        let secs = Int(unix - days * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(CivilDate(dayNumber: Int32(days)))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }
}
