/// Evaluates parsed statements against a session's state, returning values or effects.
///
/// Pure: no I/O, no clock (today comes from the `today` closure the shell supplies), no
/// printing. An error leaves the state as it was.
public struct Evaluator: Sendable {
    /// Tells today's date; supplied by the shell.
    public let clock: any CalendarClock
    /// The time zone of the statement being evaluated (`set tz`).
    var tz: String?
    /// Column kernels for the common query shapes (`ColumnScan`); off only in the test that
    /// checks them against the general scan.
    var useColumnKernels = true

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
        if let plan = try autoloadPlan(statement.command, state) { return .effect(.fetch(plan)) }
        let ws = state.workspace
        switch statement.command {
        case .load(let campaigns, let dates, let name, let refresh):
            var list: [CivilDate?] = [nil]
            if let dates { list = try resolve(dates) }
            let requests = campaigns.flatMap { c in list.map { FetchPlan.Request(campaign: c, date: $0) } }
            return .effect(.fetch(FetchPlan(requests: requests, refresh: refresh, purpose: .load(name: name))))
        case .days:
            return .value(try daysTable(ws))
        case .use(let set):
            let i = try oneDay(set, ws)
            let e = ws.entries[i]
            state.workspace.setCurrent(e.number)
            return .value(.message("current day: \(e.info.label) (#\(e.number))"))
        case .show(let days, let hours, let metrics):
            return .value(try show(days, hours ?? .all, metrics, ws))
        case .query(let q):
            return .value(try query(q, ws))
        case .peak(let metric, let of, let hours):
            return .value(try peak(metric, of, hours ?? .all, ws))
        case .top(let n, let metric, let of, let hours):
            return .value(try top(n, metric, of, hours ?? .all, ws))
        case .compare(let spec):
            switch try compare(spec, state) {
            case .value(let v): return .value(v)
            case .need(let plan): return .effect(.fetch(plan))
            }
        case .anomalies(let spec):
            return try insight(anomalies(spec, state))
        case .explain(let spec):
            return try insight(explain(spec, state))
        case .brief(let set):
            return try insight(brief(set, state))
        case .chartQuery(let q):
            return .value(try chart(q, ws))
        case .chart(let metric, let of, let hours):
            let ix = try indices(of, ws)
            let hs = hours ?? .all
            let series = ix.map { i -> Chart.Series in
                let d = ws.day(at: i)
                return Chart.Series(label: d.label, values: hs.map { metric.cell(in: d, hour: $0) })
            }
            return .value(.chart(Chart(metric: metric, hours: hs, series: series)))
        case .export(let format, let set, let path, let partitioned):
            let ix = try indices(set, ws, defaultAll: true)
            let days = ix.map { ws.day(at: $0) }
            if partitioned, let path {
                guard !days.isEmpty else { throw QueryError(.emptySelection("the export"), nil) }
                let parts = Exporter.partitions(days, as: format)
                let campaigns = Set(parts.map(\.campaign)).count
                return .effect(.writePartitioned(root: path, parts: parts,
                    summary: "exported \(plural(days.count, "day")) as \(format.rawValue) to \(path): \(plural(parts.count, "partition")) (\(plural(campaigns, "campaign")))"))
            }
            let bytes = Exporter.export(days, as: format)
            guard let path else { return .value(.text(String(decoding: bytes, as: UTF8.self))) }
            return .effect(.write(path: path, contents: bytes,
                                  summary: "exported \(plural(days.count, "day")) as \(format.rawValue) to \(path)"))
        case .save(let path):
            // Saving nothing would truncate a day file to nothing: refused.
            guard !ws.isEmpty else {
                throw QueryError(.data("the workspace is empty, so there is nothing to save; \(path) is left as it is"), nil)
            }
            let days = ws.days
            var byNumber: [Int: [String]] = [:]
            for (name, numbers) in ws.names.sorted(by: { $0.key < $1.key }) { for n in numbers { byNumber[n, default: []].append(name) } }
            let names = ws.entries.map { byNumber[$0.number] ?? [] }
            return .effect(.write(path: path, contents: DayRecord.encodeLines(days, names: names),
                                  summary: "saved \(plural(days.count, "day")) to \(path)"))
        case .open(let path):
            return .effect(.open(path: path))
        case .drop(let set):
            let ix = try indices(set, ws)
            state.workspace.remove(indices: Set(ix))
            return .value(.message("dropped \(plural(ix.count, "day")); \(plural(state.workspace.count, "day")) left"))
        case .clear:
            let n = ws.count
            state.workspace.removeAll()
            return .value(.message("cleared the workspace (\(plural(n, "day")) removed)"))
        case .set(let change):
            guard let change else {
                return .value(.table(Table(columns: ["setting", "value"],
                                           rows: state.settings.listing.map { [.text($0.0), .text($0.1)] })))
            }
            if change.name == "tz", case .text(let zone) = change.value, zone.lowercased() != "local", !clock.isKnownZone(zone) {
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
            if let word, Vocabulary.command(named: word) == nil {
                throw QueryError(.unknownCommand(word, suggestion: suggestion(for: word, among: Vocabulary.commandWords)), nil)
            }
            return .value(.help(word))
        case .quit: return .effect(.quit)
        }
    }

    // MARK: - Taking in what effects produced

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
        if let taken = contents.names.keys.sorted().first(where: { state.workspace.names[$0] != nil }) {
            throw QueryError(.effect("\(path) names days $\(taken), a name this workspace already uses; nothing was opened (drop $\(taken) first)", .file), nil)
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

    // MARK: - Resolving days

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

    // MARK: - Queries

    func daysTable(_ ws: Workspace) throws(QueryError) -> Value {
        let cur = ws.currentNumber
        var rows: [[Cell]] = []
        rows.reserveCapacity(ws.entries.count)
        for (i, e) in ws.entries.enumerated() {
            let name = ws.names(of: e.number).map { "$" + $0 }.joined(separator: " ")
            let credits = try ws.total(.credits, at: i), results = try ws.total(.results, at: i)
            let d = e.info
            let row: [Cell] = [.int(Int64(e.number)), .text(e.number == cur ? "*" : ""), .text(name), .text(d.campaign),
                               .text(d.date.description), .int(credits), .int(results), .text(d.origin.rawValue),
                               .text(d.sourceDetail), d.fetchedAt.map { .text(Timestamp.iso($0)) } ?? .null]
            rows.append(row)
        }
        var t = Table(columns: ["#", "current", "name", "campaign", "date", "credits", "results", "source", "from", "fetched"],
                      rows: rows, title: ws.isEmpty ? "the workspace is empty" : nil)
        t.narrowDrops = [8, 9, 2, 7]
        return .table(t)
    }

    func show(_ set: DaySet?, _ hours: HourSet, _ metrics: [Metric], _ ws: Workspace) throws(QueryError) -> Value {
        let ix = try indices(set, ws)
        let ms = metrics.isEmpty ? [Metric.credits, .creditsChange, .results, .resultsChange] : metrics
        let many = ix.count > 1
        var rows: [[Cell]] = []
        rows.reserveCapacity(ix.count * hours.count)
        for i in ix {
            let d = ws.day(at: i)
            for h in hours {
                var row: [Cell] = many ? [.text(d.label), .int(Int64(h))] : [.int(Int64(h))]
                for m in ms { row.append(Cell(m.cell(in: d, hour: h))) }
                rows.append(row)
            }
        }
        let cols = (many ? ["day", "hour"] : ["hour"]) + ms.map(\.rawValue)
        let title = many ? "\(plural(ix.count, "day")), \(hours.label)" : "\(ws.entries[ix[0]].info.label), \(hours.label)"
        return .table(Table(columns: cols, rows: rows, title: title))
    }

    /// Every selected (day, hour) cell with its value; null cells left out.
    func cells(_ metric: Metric, _ ix: [Int], _ hours: HourSet, _ ws: Workspace) -> [(day: Day, hour: Int, value: Number, order: Int)] {
        var out: [(Day, Int, Number, Int)] = []
        var k = 0
        for i in ix {
            let d = ws.day(at: i)
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
        var title = "top \(n) hours by \(metric.rawValue), \(hours.label)"
        if sorted.count > n {
            let last = sorted[n - 1].value
            let more = sorted[n...].prefix { Aggregator.compare($0.value, last) == 0 }.count
            if more > 0 { title += " " + Tie(more: more, value: Cell(last)).phrase }
        }
        return .table(Table(columns: ["rank", "day", "hour", metric.rawValue], rows: rows, title: title))
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
