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
}
